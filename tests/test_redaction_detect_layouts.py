"""Detection where forms and prose put a person's address or name (#14 §1), as OCR reads the page: a table's cells
read as lines of their own (the label on one, its value on the next), labels printed above their values, addresses
and labels broken over line ends, addresses in answers (住在…), family and the two sides of a power of attorney,
names in a statement's running text; and the agency's own contact lines under its signature, which stay.

Words are laid out as PP-OCR gives them (tests/test_redaction_detect.words_of); `cells` lays out a table whose
cells OCR reads as separate lines on one row. Names and numbers are synthetic.
"""
from __future__ import annotations

import re

from stdnum import luhn

from redaction.detect import DetectionContext, Person, detect_document, detect_page
from redaction.kinds import Kind
from tests.test_redaction_detect import ASCII_W, CJK_W, GAP, LINE_H, covers, detect, id_number, of_kind, span_box

AGENCY = "测试市市场监督管理局"


def cells(*rows: list[tuple[int, str]]) -> list[dict]:
    """OCR words of a table: each row a list of (x, cell text); every cell is its own OCR line on its row's y."""
    out: list[dict] = []
    line = 0
    for ri, row in enumerate(rows):
        y = 50 + ri * 80
        for x, cell in row:
            for token in re.findall(r"[A-Za-z0-9]+|.", cell):
                width = sum(ASCII_W if c.isascii() else CJK_W for c in token)
                out.append({"text": token, "box": [x, y, x + width, y + LINE_H], "conf": 0.95, "line": line})
                x += width + GAP
            line += 1
    return out


def texts(found, kind: Kind) -> list[str]:
    return [d.text for d in of_kind(found, kind)]


# --- addresses ----------------------------------------------------------------------------------------------------

def test_an_address_in_the_cell_right_of_its_label_is_found_when_ocr_reads_each_cell_as_a_line():
    words = cells([(50, "被询问人"), (300, "测试乙")], [(50, "户籍地"), (300, "样例县示范镇幸福村3组")],
                  [(50, "现住址"), (300, "测试市样例区和平路12号5栋201室")], [(50, "联系电话"), (300, "13800001234")])
    found = detect_page(1, words, DetectionContext())
    assert texts(found, Kind.address) == ["样例县示范镇幸福村3组", "测试市样例区和平路12号5栋201室"]


def test_an_address_under_its_label_in_a_form_with_labels_above_values_is_found():
    words = cells([(50, "受送达人"), (600, "测试乙")], [(50, "送达地址"), (600, "送达方式")],
                  [(50, "测试市样例区和平路12号"), (600, "直接送达")])
    found = detect_page(1, words, DetectionContext())
    (d,) = of_kind(found, Kind.address)
    assert d.text == "测试市样例区和平路12号"
    assert covers(d.boxes[0], (50, 210, 50 + 8 * CJK_W, 210 + LINE_H))


def test_an_address_going_on_with_a_building_after_a_line_ending_in_a_number_is_found_whole():
    found, words = detect("见证人：测试丙，住址：测试市样例区花坪大道38号", "源岭小区26栋1单元1001室", "翻译人员：无")
    (d,) = of_kind(found, Kind.address)
    assert d.text == "测试市样例区花坪大道38号源岭小区26栋1单元1001室" and len(d.boxes) == 2
    assert covers(d.boxes[1], span_box(words, 1, "源岭小区26栋1单元1001室"))


def test_an_address_broken_before_its_last_character_takes_it_although_a_label_follows_it():
    found, _ = detect("当事人：测试乙，住测试市样例区和平路12号5栋1603", "室，联系电话：13800001234。")
    assert texts(found, Kind.address) == ["测试市样例区和平路12号5栋1603室"]
    assert texts(found, Kind.phone) == ["13800001234"]


def test_an_address_ending_its_line_does_not_take_the_next_row_of_a_table():
    words = cells([(50, "户籍地"), (300, "测试市样例区和平路1603")], [(50, "现住址"), (300, "样例县示范镇幸福村3组")])
    found = detect_page(1, words, DetectionContext())
    assert texts(found, Kind.address) == ["测试市样例区和平路1603", "样例县示范镇幸福村3组"]


def test_an_address_after_a_verb_of_dwelling_in_an_answer_is_found():
    found, _ = detect("答：我叫测试乙，今年45岁，现住在样例县示范镇幸福村3组，平时在店里帮忙。",
                      "答：我户籍在测试市样例区和平路12号。我住在店里。")
    assert texts(found, Kind.address) == ["样例县示范镇幸福村3组", "测试市样例区和平路12号"]


def test_an_address_label_broken_over_a_line_end_still_labels_its_address():
    found, _ = detect("委托人：测试乙，女，身份证号：" + id_number() + "，住", "址：测试市样例区和平路12号，联系电话：13800001234。")
    assert texts(found, Kind.address) == ["测试市样例区和平路12号"]


# --- labels broken over a line end ---------------------------------------------------------------------------------

def test_an_id_number_after_a_label_broken_over_the_line_end_is_no_officers_certificate():
    number = id_number("42102319830611559")
    found, _ = detect("证人测试丙，男，61岁，现住测试市样例区和平路12号，身份", f"证号码{number}，电话13800001234。")
    assert texts(found, Kind.id_number) == [number]


# --- the agency's closing lines -----------------------------------------------------------------------------------

def test_the_agencys_contact_lines_under_its_signature_stay_and_a_partys_do_not():
    ctx = DetectionContext(agency_names=[AGENCY])
    found, _ = detect("如不服本处罚决定，可以在六十日内申请行政复议。", AGENCY, "2024年10月13日",
                      "地址：测试市样例区政务路1号", "联系电话：0712-50001234  邮编：430000", ctx=ctx)
    assert of_kind(found, Kind.address) == [] and of_kind(found, Kind.phone) == []
    # a seal over the signature may cost it characters; it is still an issuer's name over a date
    found, _ = detect("测试市市场监督管埋局", "2024年10月13日", "电话：0712-50001234", ctx=ctx)
    assert of_kind(found, Kind.phone) == []
    found, _ = detect(AGENCY, "2024年10月13日", "受送达人签收：测试乙  联系电话：13800001234", ctx=ctx)
    assert texts(found, Kind.phone) == ["13800001234"]
    found, _ = detect("联系电话：0712-50001234", ctx=ctx)  # not under a signature: nobody said whose it is
    assert texts(found, Kind.phone) == ["0712-50001234"]


# --- names ---------------------------------------------------------------------------------------------------------

def test_both_sides_of_a_power_of_attorney_and_a_forms_family_are_names():
    found, _ = detect("委托人：测试乙，女，1987年6月13日出生。", "受托人：严山，测试律师事务所律师。",
                      "家庭成员：配偶：黄清彬；儿子：贾茂")
    assert set(texts(found, Kind.name)) >= {"测试乙", "严山", "黄清彬", "贾茂"}


def test_names_in_a_statements_running_text_are_found_across_a_line_break():
    found, _ = detect("我与李秀刚是邻居。那天上午，我看见李秀刚和他儿", "子彭艳从一辆货车上往店里搬东西。彭艳还跟我说过。")
    assert sorted(set(texts(found, Kind.name))) == ["彭艳", "李秀刚"]
    assert len(texts(found, Kind.name)) == 4  # each occurrence


def test_a_name_with_a_middle_dot_in_running_text_stops_before_the_words_after_it():
    found, _ = detect("上述事实有现场检查笔录及证人阿依·艾山的证言等证据证实。")
    assert texts(found, Kind.name) == ["阿依·艾山"]


def test_a_witness_named_in_running_text_is_taken_whatever_the_characters_of_the_given_name():
    found, _ = detect("上述事实有照片及证人卢之思的证言等证据证实。")
    assert texts(found, Kind.name) == ["卢之思"]


def test_officers_and_the_agency_stay_where_the_new_name_rules_read():
    ctx = DetectionContext(officer_names={"万彬辉", "孟昌萍"}, agency_names=[AGENCY],
                           persons=[Person("测试乙", "party", 1)])
    found = detect_document([(1, cells([(50, "询问人"), (300, "万彬辉、孟昌萍")], [(50, "被询问人"), (300, "测试乙")]))],
                            ctx)
    assert texts(found, Kind.name) == ["测试乙"]
    found, _ = detect("我看见万彬辉在现场。", ctx=ctx)
    assert texts(found, Kind.name) == []


def test_a_contact_line_above_the_agencys_signature_is_hidden_as_it_may_be_the_partys():
    """Under the signature and its date the contact is the agency's; above it, a party's own phone stands the same
    way, and a number that cannot be told apart is hidden (a leak is worse than an agency's number blacked out)."""
    ctx = DetectionContext(agency_names=[AGENCY])
    found, _ = detect("地址：测试市样例区政务路1号", "联系电话：0712-50001234", AGENCY, "2024年12月5日", ctx=ctx)
    assert of_kind(found, Kind.phone) != [] and of_kind(found, Kind.address) != []
    for closing in ((AGENCY, "2024年12月5日", "地址：测试市样例区政务路1号", "联系电话：0712-50001234"),
                    (AGENCY, "联系电话：0712-50001234", "2024年12月5日")):  # printed beside, read between
        found, _ = detect(*closing, ctx=ctx)
        assert of_kind(found, Kind.address) == [] and of_kind(found, Kind.phone) == []


def test_a_labelled_phone_number_ocr_read_a_digit_short_is_still_hidden():
    found, _ = detect("被询问人：测试乙 联系电话：1380000123", "工作单位：无")
    (d,) = of_kind(found, Kind.phone)
    assert d.text == "1380000123" and not d.valid
    found, _ = detect("执法证号：4201002300 检查时间：2024年3月7日")
    assert of_kind(found, Kind.phone) == []


def test_numbers_broken_over_a_line_end_after_their_first_digits_are_hidden_whole():
    number = id_number("34011119571208527")
    found, _ = detect(f"当事人：测试乙，身份证号码：{number[:16]}", f"{number[16:]}，户籍地：测试市样例区和平路12号。")
    assert texts(found, Kind.id_number) == [number]
    # a 19-digit card whose last 18 digits, alone on the next line, have an ID number's shape (region, month, day)
    body = "621226430220427067"
    card = body + luhn.calc_check_digit(body)
    found, _ = detect(f"退款收款账户为测试乙本人账户，卡号：{card[0]}", f"{card[1:]}。")
    assert texts(found, Kind.bank_card) == [card] and of_kind(found, Kind.id_number) == []


def test_a_label_whose_value_was_blacked_out_takes_nothing_from_the_lines_below():
    """What the verification re-reads of a redacted form: labels alone, their values gone. The next row's label,
    a question or a heading under them is no address and no name (the release must not be blocked for it)."""
    words = cells([(50, "户籍地")], [(50, "问：我们是测试市城市管理综合执法局的执法人员")],
                  [(50, "见证人")], [(50, "备注"), (300, "受送达人不在家")],
                  [(50, "送达地址")], [(50, "送达文书名称及文号"), (400, "行政处罚决定书测试罚〔2024〕15号")])
    found = detect_page(1, words, DetectionContext())
    assert of_kind(found, Kind.address) == [] and of_kind(found, Kind.name) == []


def test_after_a_label_and_only_a_gap_a_name_needs_a_known_surname():
    found, _ = detect("投诉人  反映当事人销售不合格商品。")
    assert of_kind(found, Kind.name) == []
    found, _ = detect("投诉人  杜刚  电话  13800001234")
    assert texts(found, Kind.name) == ["杜刚"]
