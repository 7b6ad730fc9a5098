"""The detectors of issue #14 §1 on synthetic OCR words: each kind with valid, invalid and OCR-damaged input; what
the shared PII policy keeps (officers, their 执法证号, organisations and their non-"92" credit codes, the agency's
own numbers, the treasury's account) stays; boxes cover the span, one per line, and leave the label readable;
each detection is attributed to its person, or to nobody when that is unclear.

The words are laid out as PP-OCR gives them (ocr/page.group_characters): one word per ideograph or punctuation
mark, one per run of ASCII letters and digits; a space in a line is a gap on the page. Names and numbers are
synthetic: 测试/样例 names, 1380000xxxx phones, ID numbers with check digits computed here.
"""
from __future__ import annotations

import re

import pytest
from stdnum import luhn
from stdnum.cn import ric

from classify.ids import credit_check_char
from redaction.detect import DETECTOR_VERSION, Detection, DetectionContext, Person, detect_document, detect_page
from redaction.kinds import Kind, Reason

CJK_W, ASCII_W, GAP, SPACE, LINE_H, LINE_STEP = 40, 20, 2, 30, 40, 60


def words_of(*lines: str) -> list[dict]:
    """OCR words of `lines`: CJK characters 40 px wide, ASCII characters 20 px, a space a 30 px gap."""
    out: list[dict] = []
    for li, line in enumerate(lines):
        x, y = 50, 50 + li * LINE_STEP
        for token in re.findall(r"[A-Za-z0-9０-９]+|\s+|.", line):
            if token.isspace():
                x += SPACE * len(token)
                continue
            width = sum(ASCII_W if c.isascii() else CJK_W for c in token)
            out.append({"text": token, "box": [x, y, x + width, y + LINE_H], "conf": 0.95, "line": li})
            x += width + GAP
    return out


def id_number(first17: str = "11010119900307123") -> str:
    """An ID number with its GB 11643 check digit (stdnum computes it over the first 17 digits)."""
    return first17 + ric.calc_check_digit(first17 + "0")


def wrong_check(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def card_number(first15: str = "622202100112345") -> str:
    return first15 + luhn.calc_check_digit(first15)


def credit_code(first17: str) -> str:
    return first17 + credit_check_char(first17)


def detect(*lines: str, ctx: DetectionContext | None = None) -> tuple[list[Detection], list[dict]]:
    words = words_of(*lines)
    return detect_page(1, words, ctx or DetectionContext()), words


def of_kind(found: list[Detection], kind: Kind) -> list[Detection]:
    return [d for d in found if d.kind is kind]


def span_box(words: list[dict], line: int, text: str, occurrence: int = 0) -> tuple[int, int, int, int]:
    """Where `text` is printed on `line` of the synthetic page (from the words' boxes, slicing ASCII runs)."""
    chars = []
    for w in words:
        if w["line"] != line:
            continue
        x0, y0, x1, y1 = w["box"]
        step = (x1 - x0) / len(w["text"])
        chars += [(c, x0 + i * step, y0, x0 + (i + 1) * step, y1) for i, c in enumerate(w["text"])]
    joined = "".join(c[0] for c in chars)
    start = -1
    for _ in range(occurrence + 1):
        start = joined.index(text, start + 1)
    part = chars[start:start + len(text)]
    return (int(part[0][1]), part[0][2], int(part[-1][3]), part[-1][4])


def covers(box: tuple[int, int, int, int], target: tuple[int, int, int, int]) -> bool:
    return box[0] <= target[0] and box[1] <= target[1] and box[2] >= target[2] and box[3] >= target[3]


def label_visible(box: tuple[int, int, int, int], words: list[dict], line: int, label: str) -> bool:
    lb = span_box(words, line, label)
    return box[0] >= lb[2] or box[2] <= lb[0]


# --- ID numbers --------------------------------------------------------------------------------------------------

def test_a_labelled_id_number_is_found_valid_with_a_box_over_the_digits_and_not_over_its_label():
    number = id_number()
    found, words = detect(f"身份证号：{number}")
    (d,) = of_kind(found, Kind.id_number)
    assert d.valid and d.text == number and d.reason is Reason.privacy and d.page_no == 1
    (box,) = d.boxes
    assert covers(box, span_box(words, 0, number))
    assert label_visible(box, words, 0, "：")


def test_an_id_number_inside_a_sentence_without_a_label_is_found():
    number = id_number("32010219851124002")
    found, _ = detect(f"经查，持有{number}号证件的人员于2024年3月7日到场。")
    assert [d.text for d in of_kind(found, Kind.id_number)] == [number]


@pytest.mark.parametrize("last", ["X", "x"])
def test_an_id_number_ending_in_x_is_found(last):
    first17 = next(f"11010119900307{n:03d}" for n in range(1000)
                   if ric.calc_check_digit(f"11010119900307{n:03d}0") == "X")
    found, _ = detect(f"公民身份号码 {first17}{last}")
    (d,) = of_kind(found, Kind.id_number)
    assert d.text == first17 + last and d.valid  # a small x is the same check character


def test_an_id_number_failing_its_check_digit_is_still_hidden_and_marked_invalid():
    number = wrong_check(id_number())
    found, _ = detect(f"身份证号码：{number}")
    (d,) = of_kind(found, Kind.id_number)
    assert d.text == number and not d.valid


@pytest.mark.parametrize("damage", [("0", "O"), ("1", "l"), ("1", "I")])
def test_an_id_number_with_ocr_look_alikes_is_hidden_as_read_and_marked_invalid(damage):
    number = id_number("11010119900307123")
    damaged = number[:7] + number[7:].replace(damage[0], damage[1], 1)
    assert damaged != number
    found, words = detect(f"当事人张测试，身份证{damaged}，男。")
    (d,) = of_kind(found, Kind.id_number)
    assert d.text == damaged and not d.valid
    assert covers(d.boxes[0], span_box(words, 0, damaged))


def test_an_unlabelled_18_digit_run_without_an_id_numbers_shape_is_no_id_number():
    run = next(f"9876543210{n:08d}" for n in range(100) if not luhn.is_valid(f"9876543210{n:08d}"))
    found, _ = detect(f"物品编号：{run}")
    assert of_kind(found, Kind.id_number) == [] and of_kind(found, Kind.bank_card) == []


def test_an_id_number_missing_a_digit_is_hidden_when_labelled():
    number = id_number()
    short = number[:9] + number[10:]
    found, _ = detect(f"身份证号：{short}")
    (d,) = of_kind(found, Kind.id_number)
    assert d.text == short and not d.valid


def test_an_old_15_digit_id_number_is_hidden_when_labelled_only():
    old = "110101900307123"
    found, _ = detect(f"身份证号：{old}")
    assert [d.text for d in of_kind(found, Kind.id_number)] == [old]
    found, _ = detect(f"样品批号{old}")
    assert of_kind(found, Kind.id_number) == []


def test_an_id_number_broken_across_two_lines_gives_one_detection_with_a_box_on_each_line():
    number = id_number()
    found, words = detect(f"被询问人：张测试，身份证号：{number[:8]}", f"{number[8:]}，联系电话：13800001234")
    (d,) = of_kind(found, Kind.id_number)
    assert d.valid and len(d.boxes) == 2
    assert covers(d.boxes[0], span_box(words, 0, number[:8]))
    assert covers(d.boxes[1], span_box(words, 1, number[8:]))
    assert [p.text for p in of_kind(found, Kind.phone)] == ["13800001234"]


def test_an_id_number_printed_in_groups_with_spaces_is_one_detection():
    number = id_number()
    found, _ = detect(f"身份证号 {number[:6]} {number[6:14]} {number[14:]}")
    (d,) = of_kind(found, Kind.id_number)
    assert d.text == number and d.valid


def test_full_width_digits_are_read_as_digits():
    number = id_number()
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    found, _ = detect(f"身份证号：{wide}")
    (d,) = of_kind(found, Kind.id_number)
    assert d.text == wide and d.valid


# --- phones ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, number", [
    ("联系电话：13800001234", "13800001234"),
    ("手机 138 0000 1235", "13800001235"),
    ("电话：138-0000-1236。", "13800001236"),
    ("电话：138一0000一1237", "138一0000一1237"),
    ("其母亲的手机是13800001238，平时联系。", "13800001238"),
    ("电话：+86 138 0000 1239", "+8613800001239"),
    ("联系电话：１３８００００１２３０", "１３８００００１２３０"),
    ("座机：027-87654321转123", "027-87654321转123"),
    ("电话（027）87654322", "（027）87654322"),
    ("联系电话：87654323", "87654323"),
])
def test_mobile_and_fixed_line_numbers_are_found(line, number):
    found, words = detect(line)
    (d,) = of_kind(found, Kind.phone)
    assert d.text.replace("-", "") == number.replace(" ", "").replace("-", "") or d.text == number.replace(" ", "")
    assert d.valid


def test_a_number_glued_to_its_label_in_one_ocr_word_gets_a_sliced_box():
    found, words = detect("Tel:13800001234")
    (word,) = [w for w in words if w["text"] == "13800001234"] or [None]
    found2, words2 = detect("Tel13800001234")
    (d,) = of_kind(found2, Kind.phone)
    (glued,) = words2
    assert d.text == "13800001234"
    (box,) = d.boxes
    digit_w = (glued["box"][2] - glued["box"][0]) / len(glued["text"])
    assert box[0] > glued["box"][0] + 2 * digit_w  # "Te" stays readable
    assert box[0] <= glued["box"][0] + 3 * digit_w and box[2] >= glued["box"][2]


def test_a_mobile_number_with_ocr_look_alikes_is_found_and_marked_invalid():
    found, _ = detect("联系电话：138OOOO1234")
    (d,) = of_kind(found, Kind.phone)
    assert d.text == "138OOOO1234" and not d.valid


def test_a_phone_number_broken_across_lines_has_two_boxes():
    found, words = detect("当事人张测试称其联系电话为138000", "01234，住址不详。")
    (d,) = of_kind(found, Kind.phone)
    assert len(d.boxes) == 2
    assert covers(d.boxes[0], span_box(words, 0, "138000")) and covers(d.boxes[1], span_box(words, 1, "01234"))


def test_a_number_ending_the_line_above_a_phone_number_is_not_joined_to_it():
    assert luhn.is_valid("114" + "13800001234")  # joined, the two would pass as a card number
    found, words = detect("住址：测试市样例区示范路1号幸福小区114", "13800001234")
    phones = of_kind(found, Kind.phone)
    assert [d.text for d in phones] == ["13800001234"] and len(phones[0].boxes) == 1
    assert of_kind(found, Kind.bank_card) == []


def test_dates_amounts_case_numbers_and_short_numbers_are_no_phones():
    found, _ = detect("测试住建罚〔2024〕第0099号", "罚款人民币50000元，于2024年03月07日送达。", "举报电话12345")
    assert found == []


def test_the_agencys_own_published_numbers_stay():
    ctx = DetectionContext(agency_names=["测试市住房和城乡建设局"], officer_names={"李样例"})
    found, _ = detect("测试市住房和城乡建设局 地址：测试市政务路1号 电话：027-87650000",
                      "本机关联系电话：027-87650001",
                      "联系人：李样例 联系电话：13800009999",
                      ctx=ctx)
    assert found == []


# --- bank cards --------------------------------------------------------------------------------------------------

def test_a_luhn_valid_card_number_is_found_plain_or_grouped():
    card = card_number()
    for line in (f"其名下银行卡{card}内有存款", f"转账至 {card[:4]} {card[4:8]} {card[8:12]} {card[12:]}"):
        found, _ = detect(line)
        (d,) = of_kind(found, Kind.bank_card)
        assert d.text.replace(" ", "") == card and d.valid


def test_a_digit_run_failing_luhn_is_no_card_unless_labelled_as_a_persons_account():
    bad = wrong_check(card_number())
    assert not luhn.is_valid(bad)
    found, _ = detect(f"设备序列号{bad}")
    assert found == []
    found, _ = detect(f"被询问人：张测试 银行账号：{bad}")
    assert [d.text for d in of_kind(found, Kind.bank_card)] == [bad]


def test_a_labelled_card_broken_over_a_line_end_is_hidden_whole():
    card = card_number()
    found, words = detect(f"答：钱转到我的卡上，卡号{card[:10]}", f"{card[10:]}，是我本人的。")
    (d,) = of_kind(found, Kind.bank_card)
    assert d.text.replace("\n", "") == card and len(d.boxes) == 2


def test_a_luhn_valid_serial_that_cannot_be_a_card_is_no_card():
    serial = next(f"2024030700{n:04d}" for n in range(100) if luhn.is_valid(f"2024030700{n:04d}"))
    found, _ = detect(f"执法文书编号：{serial}")
    assert found == []


def test_the_account_a_fine_is_paid_into_stays():
    card = card_number("621700000000123")
    found, _ = detect("罚款缴至：测试市财政局非税收入专户", f"开户行：测试银行 账号：{card}")
    assert found == []
    found, _ = detect(f"请于十五日内将罚款缴至国库代收账户，账号{card}。")
    assert found == []


# --- credit codes ------------------------------------------------------------------------------------------------

def test_a_natural_person_business_credit_code_is_found_and_a_companys_is_not():
    personal = credit_code("92420100MA4K12345")
    company = credit_code("91420100MA4K67890")
    found, _ = detect(f"当事人：测试市样例建材有限公司，统一社会信用代码：{company}",
                      f"经营者：张测试，统一社会信用代码：{personal}")
    assert [(d.kind, d.text) for d in found if d.kind is Kind.credit_code] == [(Kind.credit_code, personal)]
    assert all(company not in d.text for d in found)
    assert not any("样例建材" in d.text for d in found)


def test_an_ocr_damaged_natural_person_business_code_is_still_hidden():
    personal = credit_code("92420100MA4K12340")
    damaged = personal.replace("0", "O", 1)
    found, _ = detect(f"统一社会信用代码：{damaged}")
    (d,) = of_kind(found, Kind.credit_code)
    assert d.text == damaged and not d.valid
    wrong = personal[:-1] + ("1" if personal[-1] != "1" else "2")
    found, _ = detect(f"统一社会信用代码：{wrong}")
    (d,) = of_kind(found, Kind.credit_code)
    assert not d.valid


# --- e-mail and plates -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, email", [
    ("电子邮箱：zhangceshi@example.com", "zhangceshi@example.com"),
    ("邮箱 ceshi.jia_01＠mail.example.cn。", "ceshi.jia_01＠mail.example.cn"),
])
def test_email_addresses_are_found(line, email):
    found, _ = detect(line)
    (d,) = of_kind(found, Kind.email)
    assert d.text == email


@pytest.mark.parametrize("plate", ["鄂A12345", "鄂A·12345", "鄂AD12345", "粤B1234F", "苏E2345挂"])
def test_vehicle_plates_are_found(plate):
    found, _ = detect(f"当事人驾驶{plate}号小型汽车")
    (d,) = of_kind(found, Kind.plate)
    assert d.text == plate


def test_words_that_start_like_a_plate_are_no_plates():
    found, _ = detect("鄂A级资质证书", "新A类项目")
    assert of_kind(found, Kind.plate) == []


def test_an_officers_certificate_shaped_like_a_plate_stays():
    """Some agencies number certificates as plates are numbered; labelled 执法证号, or known as an officer's, it is
    the officer's published number (公示办法 第五条), while a plate in the same text is still hidden."""
    found, _ = detect("执法人员：测试甲 执法证号：鄂A10234", "当事人驾驶鄂B56789号货车")
    assert [d.text for d in of_kind(found, Kind.plate)] == ["鄂B56789"]
    ctx = DetectionContext(officer_names={"测试乙"}, officer_cert_nos={"粤C·20481"})
    found, _ = detect("测试乙 粤C20481 到场检查", ctx=ctx)
    assert of_kind(found, Kind.plate) == []


# --- addresses ---------------------------------------------------------------------------------------------------

def test_a_persons_labelled_address_is_found_up_to_the_end_of_its_field():
    found, words = detect("被询问人：张测试 住址：测试市样例区示范路1号3栋201室 联系电话：13800001234")
    (d,) = of_kind(found, Kind.address)
    assert d.text == "测试市样例区示范路1号3栋201室"
    assert label_visible(d.boxes[0], words, 0, "住址：")
    assert not label_visible(d.boxes[0], words, 0, "示范路")


def test_an_address_after_a_persons_description_is_found():
    found, _ = detect("当事人：张测试，男，1990年3月7日出生，住测试市样例区幸福路8号，身份证号不详。")
    (d,) = of_kind(found, Kind.address)
    assert d.text == "测试市样例区幸福路8号"


def test_an_address_continuing_on_the_next_line_has_a_box_on_each_line():
    found, words = detect("受送达人：王样例，送达地址：测试市样例区示范路", "88号幸福小区5栋。送达方式：直接送达")
    (d,) = of_kind(found, Kind.address)
    assert d.text == "测试市样例区示范路88号幸福小区5栋" and len(d.boxes) == 2
    assert covers(d.boxes[1], span_box(words, 1, "88号幸福小区5栋"))


def test_an_address_ending_its_line_does_not_run_into_the_next_field():
    found, _ = detect("现住址：测试市样例区示范路1号", "工作单位：无")
    (d,) = of_kind(found, Kind.address)
    assert d.text == "测试市样例区示范路1号"


def test_an_organisations_registered_address_and_the_agencys_address_stay():
    ctx = DetectionContext(agency_names=["测试市市场监督管理局"])
    found, _ = detect("当事人：测试市样例建材有限公司",
                      "住所：测试市样例区工业路9号",
                      "经营场所：测试市样例区商业街12号",
                      "测试市市场监督管理局 地址：测试市政务路1号", ctx=ctx)
    assert of_kind(found, Kind.address) == []


# --- names -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, name", [
    ("被询问人：张测试", "张测试"),
    ("见证人 王样例", "王样例"),
    ("受送达人（签名）：刘样例", "刘样例"),
    ("委托代理人：欧阳测试，系当事人之子", "欧阳测试"),
    ("当事人赵样例于2024年3月7日在示范路经营", "赵样例"),
    ("姓名：孙测试 性别：男", "孙测试"),
    ("姓名：周测试男", "周测试"),
    ("家属：吴样例（系当事人之妻）", "吴样例"),
    ("翻译人：阿不都·测试", "阿不都·测试"),
])
def test_a_name_after_a_persons_label_is_found(line, name):
    found, words = detect(line)
    (d,) = of_kind(found, Kind.name)
    assert d.text == name
    assert covers(d.boxes[0], span_box(words, 0, name))


def test_names_in_answers_are_found_after_the_words_that_introduce_a_person():
    found, _ = detect("答：我老婆叫刘样例，她电话138 0000 5678，店员孙小样和钱小例当天也在。")
    assert [d.text for d in of_kind(found, Kind.name)] == ["刘样例", "孙小样", "钱小例"]
    assert [d.subject for d in of_kind(found, Kind.phone)] == [None]  # an answer's number is nobody's guess


def test_a_name_on_a_signature_line_is_found():
    found, _ = detect("以上笔录我已看过，与我说的相符。", "经营者张测试（签名） 2024年3月7日", "李样例(签字)",
                      ctx=DetectionContext(officer_names={"李样例"}))
    assert [d.text for d in of_kind(found, Kind.name)] == ["张测试"]


def test_a_known_persons_name_is_found_inside_sentences_and_across_line_breaks():
    ctx = DetectionContext(persons=[Person("郑测试", "witness", 9)])
    found, words = detect("经调查，郑测试称其当天在现场看到了", "施工情况。另查明郑测", "试系该店员工。", ctx=ctx)
    names = of_kind(found, Kind.name)
    assert [d.text for d in names] == ["郑测试", "郑测试"]
    assert all(d.subject == "party:9" for d in names)
    assert len(names[1].boxes) == 2


def test_a_name_found_by_its_label_on_one_page_is_found_on_every_page():
    pages = [(1, words_of("证人：冯样例")), (2, words_of("据冯样例陈述，当日无人在场。"))]
    found = detect_document(pages, DetectionContext())
    assert [(d.page_no, d.text, d.subject) for d in found if d.kind is Kind.name] == \
        [(1, "冯样例", "person:冯样例"), (2, "冯样例", "person:冯样例")]


def test_officers_names_and_certificate_numbers_stay():
    ctx = DetectionContext(officer_names={"李样例", "陈测试"}, officer_cert_nos={"13010012345"})
    found, _ = detect("执法人员：李样例 执法证号：13010012345",
                      "陈测试 执法证号：13010012346",
                      "询问人：李样例 记录人：陈测试",
                      "执法人员李样例、陈测试向当事人出示了执法证件。", ctx=ctx)
    assert found == []


def test_an_officers_line_does_not_make_the_next_lines_the_agencys():
    ctx = DetectionContext(officer_names={"李样例"})
    found, _ = detect("执法人员：李样例 执法证号：13010012345", "户籍地：湖北省测试市样例县样例镇样例村3组",
                      "家属：吴样例 电话：13800001234", ctx=ctx)
    assert sorted(d.kind.value for d in found) == ["address", "name", "phone"]


def test_an_officers_name_is_no_name_even_after_a_persons_label():
    ctx = DetectionContext(officer_names={"李样例"})
    found, _ = detect("联系人：李样例", ctx=ctx)
    assert found == []


def test_organisations_names_and_names_inside_them_stay():
    ctx = DetectionContext(persons=[Person("张测试", "legal_rep", 3)], organisations=["张测试样例餐馆"])
    found, _ = detect("当事人：测试市样例建材有限公司", "被检查单位：张测试样例餐馆", ctx=ctx)
    assert of_kind(found, Kind.name) == []


def test_sentence_fragments_are_never_names():
    ctx = DetectionContext(persons=[Person("拒签"), Person("见上"), Person("张某")])
    found, _ = detect("当事人的行为违反了规定，当事人拒签。", "当事人对认定的违法事实没有异议。", "签名：见上",
                      "当事人张某于2024年", ctx=ctx)
    assert of_kind(found, Kind.name) == []


# --- trade secrets -----------------------------------------------------------------------------------------------

def test_trade_secret_terms_are_found_across_spaces_full_width_and_line_breaks():
    ctx = DetectionContext(trade_secret_terms=["样例配方A-7"])
    found, words = detect("其产品采用样例配方 Ａ-7 生产，", "另一批次使用样例配", "方a-7。", ctx=ctx)
    secrets = of_kind(found, Kind.trade_secret)
    assert len(secrets) == 2 and all(d.reason is Reason.trade_secret for d in secrets)
    assert len(secrets[1].boxes) == 2


# --- whose data --------------------------------------------------------------------------------------------------

def test_a_witnesss_id_number_is_the_witnesss_not_the_partys():
    party_id, witness_id = id_number("11010119900307123"), id_number("11010219850611456")
    ctx = DetectionContext(persons=[Person("张测试", "party", 5), Person("王见明", "witness", 9)])
    found, _ = detect(f"当事人：张测试，身份证号：{party_id}",
                      "联系电话：13800001234",
                      f"见证人：王见明，身份证号：{witness_id}",
                      "联系电话：13800005678", ctx=ctx)
    by_text = {d.text: d.subject for d in found}
    assert by_text[party_id] == "party:5" and by_text["13800001234"] == "party:5"
    assert by_text[witness_id] == "party:9" and by_text["13800005678"] == "party:9"
    assert by_text["张测试"] == "party:5" and by_text["王见明"] == "party:9"


def test_a_legal_representatives_id_number_is_the_representatives():
    rep_id = id_number("42010219800101123")
    ctx = DetectionContext(persons=[Person("李法人", "legal_rep", 7)], organisations=["测试市样例建材有限公司"])
    found, _ = detect("当事人：测试市样例建材有限公司",
                      f"统一社会信用代码：{credit_code('91420100MA4K67890')}",
                      "住所：测试市样例区工业路9号",
                      f"法定代表人：李法人，身份证号：{rep_id}", ctx=ctx)
    assert [(d.kind, d.subject) for d in found] == [(Kind.name, "party:7"), (Kind.id_number, "party:7")]


def test_an_id_number_recorded_for_a_person_is_theirs_wherever_it_stands():
    number = id_number("11010519770707001")
    ctx = DetectionContext(persons=[Person("张测试", "party", 5), Person("钱样例", "witness", 9, number)])
    found, _ = detect("被询问人：张测试", f"答：我的邻居的身份证号是{number}。", ctx=ctx)
    (d,) = of_kind(found, Kind.id_number)
    assert d.subject == "party:9"


def test_data_in_answers_belongs_to_nobody_rather_than_to_the_interviewee():
    ctx = DetectionContext(persons=[Person("张测试", "interviewee", 5)])
    found, _ = detect("被询问人：张测试", "问：你还知道谁在场？", "答：还有一个朋友，电话13800007777。", ctx=ctx)
    (d,) = of_kind(found, Kind.phone)
    assert d.subject is None


def test_two_parties_of_one_name_are_nobodys_guess():
    ctx = DetectionContext(persons=[Person("张测试", "party", 5), Person("张测试", "witness", 6)])
    found, _ = detect("证人：张测试 电话：13800001234", ctx=ctx)
    assert {d.subject for d in found} == {None}


# --- the page as a whole -----------------------------------------------------------------------------------------

def test_an_inquiry_record_page_hides_each_persons_data_and_keeps_the_agencys():
    number = id_number("11010119900307123")
    ctx = DetectionContext(persons=[Person("张测试", "interviewee", 5)], officer_names={"李样例", "陈测试"},
                           officer_cert_nos={"13010012345", "13010012346"},
                           agency_names=["测试市住房和城乡建设局"])
    found, _ = detect("询问笔录",
                      "询问时间：2024年3月7日 地点：测试市住房和城乡建设局301室",
                      "询问人：李样例 执法证号：13010012345 记录人：陈测试 执法证号：13010012346",
                      f"被询问人：张测试 性别：男 身份证号：{number}",
                      "住址：测试市样例区示范路1号 联系电话：13800001234",
                      "问：我们是测试市住房和城乡建设局执法人员，请你如实回答。",
                      "答：好的。我在示范路开了一家店，店员孙样例也在。", ctx=ctx)
    assert sorted((d.kind.value, d.text) for d in found) == sorted([
        ("name", "张测试"), ("id_number", number), ("address", "测试市样例区示范路1号"), ("phone", "13800001234"),
        ("name", "孙样例")])


def test_an_empty_page_has_no_detections_and_the_version_is_set():
    assert detect_page(3, [], DetectionContext()) == []
    assert DETECTOR_VERSION


def test_a_detection_never_shows_its_text_in_its_repr():
    found, _ = detect("联系电话：13800001234")
    assert "13800001234" not in repr(found)


# --- the context from the database -------------------------------------------------------------------------------

def test_context_for_gathers_the_cases_persons_officers_organisations_agency_and_trade_secrets(database):
    from classify.models import DocumentOfficer, DocumentParty
    from records.models import Agency, Case, Document, Officer, Party, Unit
    from redaction.detect import context_for
    from redaction.models import TradeSecretTerm

    with database.session() as session:
        agency = Agency(code="T1", name="测试市住房和城乡建设局")
        unit = Unit(agency=agency, code="U1", name="测试市住建执法大队")
        session.add_all([agency, unit])
        session.flush()
        case = Case(unit_id=unit.id, case_no="测试住建罚〔2024〕第0099号")
        other_case = Case(unit_id=unit.id, case_no="测试住建罚〔2024〕第0100号")
        session.add_all([case, other_case])
        session.flush()
        docs = [Document(sha256=f"{i:064x}", source_name=f"d{i}.pdf", media_type="application/pdf", size_bytes=1,
                         profile="office", unit_id=unit.id, case_id=c.id)
                for i, c in enumerate([case, case, other_case])]
        number = id_number()
        party = Party(kind="person", name="张测试", id_number=number)
        witness = Party(kind="person", name="王见明")
        company = Party(kind="organisation", name="测试市样例建材有限公司")
        stranger = Party(kind="person", name="赵别案")
        officer = Officer(unit_id=unit.id, name="李样例", cert_no="13010012345")
        session.add_all([*docs, party, witness, company, stranger, officer])
        session.flush()
        session.add_all([
            DocumentParty(document_id=docs[0].id, party_id=party.id, role="party"),
            DocumentParty(document_id=docs[1].id, party_id=witness.id, role="witness"),
            DocumentParty(document_id=docs[1].id, party_id=company.id, role="third_party"),
            DocumentParty(document_id=docs[2].id, party_id=stranger.id, role="party"),
            DocumentOfficer(document_id=docs[1].id, officer_id=officer.id, roles="handler"),
            TradeSecretTerm(case_id=case.id, term="样例配方A-7", added_by="archivist"),
            TradeSecretTerm(case_id=other_case.id, term="别案秘方", added_by="archivist"),
        ])
        session.commit()
        ctx = context_for(session, [docs[0]])
        ids = {p.name: p for p in ctx.persons}

    # The witness of another document of the same case is known; a person of another case is not.
    assert set(ids) == {"张测试", "王见明"}
    assert ids["张测试"] == Person("张测试", "party", party.id, number)
    assert ids["王见明"].role == "witness" and ids["王见明"].party_id == witness.id
    assert ctx.officer_names == {"李样例"} and ctx.officer_cert_nos == {"13010012345"}
    assert ctx.organisations == ["测试市样例建材有限公司"]
    assert ctx.agency_names == ["测试市住房和城乡建设局", "测试市住建执法大队"]
    assert ctx.trade_secret_terms == ["样例配方A-7"]


def test_a_natural_person_business_code_under_a_combined_id_or_code_label_broken_over_lines_is_hidden():
    code = "921101085MA01ABCD"
    code += credit_check_char(code)
    found, _ = detect("当事人", "测试市样例便利店", "身份证号或信", code, "用代码")
    assert [d.text for d in of_kind(found, Kind.credit_code)] == [code]
    assert of_kind(found, Kind.id_number) == []


def test_a_plate_with_a_provinces_other_short_name_or_two_letters_after_a_vehicle_word_is_hidden():
    found, _ = detect("现场停放车牌号为黔Q08K61的货车，其接驳车辆为滇ZCK7Z2。", "产品型号为苏EK1CD2，依据ISO9001认证。")
    assert [d.text for d in of_kind(found, Kind.plate)] == ["黔Q08K61", "滇ZCK7Z2"]
