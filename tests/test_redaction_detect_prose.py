"""Detection in a decision's and a statement's running text (#14 §1), where a line may name the agency and a
person at once, a number may break over a line end, and people are named without a label: each class a failure
of the redaction development sets showed, stated here with new synthetic text.

Privacy first: a number that cannot be told apart from a person's is hidden; the agency's own number stays only
where it is unmistakably the agency's (its own clause names the agency, its letterhead, its closing block).
Words are laid out as PP-OCR gives them (tests/test_redaction_detect.words_of). Names and numbers are synthetic.
"""
from __future__ import annotations

from redaction.detect import DetectionContext, Person
from redaction.kinds import Kind
from tests.test_redaction_detect import LINE_H, covers, detect, of_kind, span_box

AGENCY = "测试市城市管理综合执法局"


def texts(found, kind: Kind) -> list[str]:
    return [d.text for d in of_kind(found, kind)]


# --- the agency's number, only where it is unmistakably the agency's ---------------------------------------------

def test_a_complainants_number_on_a_line_that_names_the_agency_is_hidden():
    ctx = DetectionContext(agency_names=[AGENCY])
    found, _ = detect("2025年5月3日，本局收到市民钱样例（手机：13800003721）的投诉，反映当事人夜间施工。",
                      f"经调查，{AGENCY}执法人员到场核实，举报人孙测试，电话13800004410。", ctx=ctx)
    assert texts(found, Kind.phone) == ["13800003721", "13800004410"]


def test_the_agencys_number_in_its_own_clause_stays_even_with_the_label_ending_the_line_above():
    ctx = DetectionContext(agency_names=[AGENCY])
    found, _ = detect(f"本局办公地点：测试市样例大道9号，{AGENCY}值班电话：0710-5550123",
                      "如有疑问，请与本局联系，本局咨询电话：",
                      "0710-5550124。", ctx=ctx)
    assert texts(found, Kind.phone) == []


def test_a_contact_line_of_the_agencys_letterhead_stays_and_one_in_the_body_does_not():
    ctx = DetectionContext(agency_names=[AGENCY])
    found, _ = detect(AGENCY, "地址：测试市样例大道9号 电话：0710-5550125", "责令改正通知书",
                      "孙测试：", "联系电话：13800005526", ctx=ctx)
    assert texts(found, Kind.phone) == ["13800005526"]


def test_an_address_in_brackets_after_a_complainant_on_the_agencys_line_is_hidden():
    ctx = DetectionContext(agency_names=[AGENCY])
    found, _ = detect("本局接到群众钱样例（住测试市样例区新建路8号3栋201室）反映，当事人占道经营。", ctx=ctx)
    assert texts(found, Kind.address) == ["测试市样例区新建路8号3栋201室"]


# --- numbers broken over a line end ------------------------------------------------------------------------------

def test_a_mobile_number_broken_over_a_line_end_before_a_line_opening_with_a_date_is_found():
    found, _ = detect("经营者：孙测试，身份证号码：见附件，联系电话：138",
                      "00006612",
                      "2025年4月2日，本局接到举报。")
    (d,) = of_kind(found, Kind.phone)
    assert d.text == "13800006612" and len(d.boxes) == 2


def test_no_fixed_line_number_starts_with_00():
    found, _ = detect("编号：", "00004556", "2025年4月2日")
    assert texts(found, Kind.phone) == []


def test_a_lone_digit_of_a_number_at_a_line_end_gets_a_box_as_wide_as_the_line_is_high():
    found, words = detect("送达地址同上；送达联系电话：1", "3800007731。")
    (d,) = of_kind(found, Kind.phone)
    first = d.boxes[0]
    assert first[2] - first[0] >= LINE_H
    assert covers(first, span_box(words, 0, "1"))


# --- names in running text ---------------------------------------------------------------------------------------

def test_a_role_holder_named_after_为_or_是_in_a_decision_is_hidden():
    found, _ = detect("经查，当事人于2025年3月起擅自搭建，现场负责人为孙样例。该店经营者是钱测试。")
    assert texts(found, Kind.name) == ["孙样例", "钱测试"]


def test_people_named_before_在场_or_安排_or_among_those_present_are_hidden():
    found, _ = detect("答：那天是周测试安排人干的，当时吴样例也在场。",
                      "来帮忙的人里有郑小测，他开车送的材料。")
    assert sorted(texts(found, Kind.name)) == ["吴样例", "周测试", "郑小测"]


def test_a_name_before_家_and_a_place_word_is_the_person_and_is_found_again_later():
    found, _ = detect("我看见冯样例家在院子里搭棚子，", "当时冯样例的妻子也在。")
    assert texts(found, Kind.name) == ["冯样例", "冯样例"]


def test_a_label_is_never_a_name_even_when_the_case_lists_it_as_a_person():
    ctx = DetectionContext(persons=[Person("受托人", "agent", 7), Person("孙测试", "agent", 8)])
    found, _ = detect("委托人 受托人", "受托人：孙测试", "受托人系委托人的同事。", ctx=ctx)
    assert texts(found, Kind.name) == ["孙测试"]


def test_a_relationship_word_after_a_trigger_is_no_name():
    found, _ = detect("我与当事人是邻居关系，平时关系不错。")
    assert texts(found, Kind.name) == []


# --- addresses ---------------------------------------------------------------------------------------------------

def test_a_law_title_broken_before_住宅_is_no_address():
    found, _ = detect("违反了《", "住宅小区物业管理办法》第十二条的规定。")
    assert texts(found, Kind.address) == []


def test_an_organisations_seat_after_its_legal_representative_in_a_form_stays_and_a_persons_住所_does_not():
    from tests.test_redaction_detect_layouts import cells

    words = cells([(50, "当事人"), (400, "测试市样例五金有限公司")],
                  [(50, "法定代表人"), (400, "孙测试")],
                  [(50, "住所"), (400, "测试市样例区工业路18号")])
    from redaction.detect import detect_page
    assert texts(detect_page(1, words, DetectionContext()), Kind.address) == []
    found, _ = detect("当事人：钱样例，男，住所：测试市样例区新建路8号3栋201室。")
    assert texts(found, Kind.address) == ["测试市样例区新建路8号3栋201室"]


def test_a_persons_address_is_hidden_again_where_it_stands_as_the_place_of_an_inspection():
    from redaction.detect import detect_document

    from tests.test_redaction_detect import words_of

    pages = [(1, words_of("被检查人：孙测试", "住址：测试市样例区新建路8号3栋201室", "检查地点：测试市样例区新建路8号",
                          "3栋201室", "检查情况：现场有堆放物。"))]
    found = detect_document(pages, DetectionContext())
    assert [len(d.boxes) for d in of_kind(found, Kind.address)] == [1, 2]


def test_an_address_cell_whose_second_line_ocr_read_after_the_column_beside_it_is_hidden_whole():
    from redaction.detect import detect_page

    from tests.test_redaction_detect import CJK_W, GAP

    def line(text, x, y, li):
        out = []
        for i, token in enumerate(__import__("re").findall(r"[0-9]+|.", text)):
            width = CJK_W if not token.isascii() else 20 * len(token)
            out.append({"text": token, "box": [x, y, x + width, y + 40], "conf": 0.95, "line": li})
            x += width + GAP
        return out

    words = (line("电话：13800002201", 50, 50, 0) + line("住址：测试市样例区新建路8号和园", 900, 52, 1)
             + line("姓名：钱样例", 50, 110, 2) + line("3栋201室", 900, 112, 3))
    (d,) = of_kind(detect_page(1, words, DetectionContext()), Kind.address)
    assert d.text == "测试市样例区新建路8号和园3栋201室" and len(d.boxes) == 2
    # The column beside ends with an address too: the line its neighbour took is not its continuation.
    words = (line("住址：测试市样例区新建路8号和园", 900, 50, 0) + line("住址：测试市样例区东街12号", 50, 52, 1)
             + line("3栋201室", 900, 110, 2))
    found = of_kind(detect_page(1, words, DetectionContext()), Kind.address)
    assert sorted(d.text for d in found) == ["测试市样例区东街12号", "测试市样例区新建路8号和园3栋201室"]
    # Both cells go on below, and OCR read the right cell's second line first.
    words = (line("住址：测试市样例区新建路8号和园", 900, 50, 0) + line("住址：测试市样例区东街12号小区", 50, 110, 1)
             + line("3栋201室", 900, 100, 2) + line("5栋302室", 50, 170, 3))
    found = of_kind(detect_page(1, words, DetectionContext()), Kind.address)
    assert sorted(d.text for d in found) == ["测试市样例区东街12号小区5栋302室", "测试市样例区新建路8号和园3栋201室"]


def test_the_addressee_of_a_notice_on_a_line_of_its_own_is_a_name_found_again_in_the_signature():
    found, _ = detect("测试市城市管理综合执法局", "责令限期拆除通知书", "测城执拆〔2025〕9号", "欧阳样例：",
                      "经查：你在测试市样例路擅自搭建。", "当事人签收：欧阳样例")
    assert texts(found, Kind.name) == ["欧阳样例", "欧阳样例"]


def test_a_label_or_a_word_alone_on_a_line_with_a_colon_is_no_addressee():
    found, _ = detect("现场检查笔录", "检查情况：", "经查：", "时间：", "备注：")
    assert texts(found, Kind.name) == []


def test_a_person_named_after_称系_in_a_reported_statement_is_hidden():
    found, _ = detect("现场负责人称系钱测试从外地购进，货款是由孙样例经手支付。")
    assert texts(found, Kind.name) == ["钱测试", "孙样例"]


def test_a_signatures_name_ocr_ran_into_the_date_label_after_it_is_hidden_whole():
    found, _ = detect("限你于十日内改正。", "当事人签收：孙测期：")
    assert texts(found, Kind.name) == ["孙测期"]


def test_the_words_that_follow_a_name_are_no_name_after_a_trigger():
    found, _ = detect("答：是老板安排的，店员都在场。", "经研究，公司安排专人整改，执法人员均在场。")
    assert texts(found, Kind.name) == []


def test_kin_accomplices_and_people_named_by_what_they_are_in_the_matter_are_hidden():
    found, _ = detect("经查，当事人钱测甲伙同其弟钱测乙在样例村非法取土。",
                      "答：地是村民孙样丙承包的，账由会计周样丁记。",
                      "参加人员：吴样戊（当事人之父）")
    assert texts(found, Kind.name) == ["钱测甲", "钱测乙", "孙样丙", "周样丁", "吴样戊"]


def test_a_name_in_a_row_whose_cells_ocr_joined_is_hidden_up_to_the_next_field():
    found, _ = detect("姓名孙测丙性别男年龄41")
    assert texts(found, Kind.name) == ["孙测丙"]


def test_a_role_word_before_a_time_is_no_name():
    found, _ = detect("证人于当日到场，司机路过时看见。", "证人于次日补充了证言。")
    assert texts(found, Kind.name) == []


# --- names in a decision's findings and a statement's answers, without a label (redaction_dev3) -----------------

def test_a_post_held_in_the_matter_names_its_holder_but_the_agencys_staff_stay():
    found, _ = detect("经查，仓管员孙测冬负责收货，舵手钱样秋当时在船，船长李例夏知情。",
                      "执法人员周测春、检查人员吴样春到场核实。")
    assert texts(found, Kind.name) == ["孙测冬", "钱样秋", "李例夏"]


def test_kin_named_by_a_farther_tie_are_hidden():
    found, _ = detect("答：货是其表哥孙测冬运来的，账记在其儿媳钱样秋名下。")
    assert texts(found, Kind.name) == ["孙测冬", "钱样秋"]


def test_names_listed_with_a_known_name_are_hidden_along_the_listing():
    found, _ = detect("被询问人：孙测冬",
                      "以上事实有对李例夏、孙测冬、钱样秋的询问笔录为证。",
                      "答：周测春和孙测冬都在。")
    assert sorted(set(texts(found, Kind.name))) == ["周测春", "孙测冬", "李例夏", "钱样秋"]


def test_a_listing_next_to_a_known_name_adds_no_organisation_or_phrase():
    found, _ = detect("被询问人：孙测冬", "答：孙测冬和测试市样例贸易有限公司签了合同，孙测冬与对方协商过。")
    assert set(texts(found, Kind.name)) == {"孙测冬"}


def test_a_person_opening_a_clause_with_what_they_said_or_did_is_hidden():
    found, _ = detect("另查明，钱样秋称其曾多次购买，检查中，李例夏拒绝签字，",
                      "赵测冬（住测试市样例路8号）作为见证人在场。另据周测春反映，夜间有人进出。")
    assert texts(found, Kind.name) == ["钱样秋", "李例夏", "赵测冬", "周测春"]


def test_where_goods_came_from_or_money_went_names_a_person():
    found, _ = detect("当事人于2025年3月2日从孙测冬处购进货物，货款转入钱样秋的银行卡，",
                      "其曾拨打电话向李例夏劝阻未果，快件寄往赵测冬，收件地址不详。")
    assert texts(found, Kind.name) == ["孙测冬", "钱样秋", "李例夏", "赵测冬"]


def test_a_name_ends_before_a_verb_classify_does_not_list():
    found, _ = detect("答：由其妻孙测负责销售，其子钱样通过微信联系买家。")
    assert texts(found, Kind.name) == ["孙测", "钱样"]


def test_a_notices_rights_and_the_agencys_prepositions_name_nobody():
    found, _ = detect("你（单位）有权进行陈述和申辩，可向本机关提出。", "本机关从严处理，由执法机关负责送达。")
    assert texts(found, Kind.name) == []


def test_the_agencys_number_ending_its_contact_fields_stays_and_a_partys_field_among_them_does_not():
    ctx = DetectionContext(agency_names=[AGENCY], officer_names={"周测春"})
    found, _ = detect("本机关地址：测试市样例大道9号；联系人：周测春；联系电话：0710-5550127。",
                      "本机关地址：测试市样例大道9号；当事人联系电话：13800007312。",
                      "本机关地址：测试市样例大道9号；联系人：周测春；联系电适：0710-5550128。", ctx=ctx)
    assert texts(found, Kind.phone) == ["13800007312"]


# --- people named by a tie, and rows of a table of people ---------------------------------------------------------

def test_a_person_with_their_tie_in_brackets_after_the_name_is_hidden():
    found, _ = detect("送达回证", "受送达人签名", "代收人及与受送达人关系", "钱样冬（配偶）电话：13800000716")
    assert texts(found, Kind.name) == ["钱样冬"]


def test_kin_named_by_their_tie_to_someone_just_named_and_a_minor_in_the_facts_are_hidden():
    found, _ = detect("经查，当事人接诊的患者孙样凤之母钱样冬曾在该处接受输液治疗。",
                      "网吧于2025年3月2日晚接纳未成年人李样丽等三人上网。")
    assert set(texts(found, Kind.name)) == {"孙样凤", "钱样冬", "李样丽"}


def test_names_alone_in_the_rows_of_a_table_with_a_name_column_are_hidden():
    found, _ = detect("欠薪人员信息登记表", "序号", "姓名", "联系电话", "1", "钱样冬", "13800000716",
                      "2", "李样丽", "13800000717", "3", "孙样凤", "13800000718")
    assert texts(found, Kind.name) == ["钱样冬", "李样丽", "孙样凤"]


def test_an_id_number_broken_after_six_digits_is_one_number_not_a_phone():
    # 199… opens a mobile number's shape; the check digit of the whole across the break says it is an ID number.
    found, _ = detect("经查，当事人钱样冬（身份证号110101", "19900307002X）于2025年5月18日驾驶")
    (d,) = of_kind(found, Kind.id_number)
    assert d.text == "11010119900307002X" and len(d.boxes) == 2 and texts(found, Kind.phone) == []


def test_an_id_card_number_called_just_its_number_in_an_answer_is_hidden():
    found, _ = detect("答：他们用一个成年人的身份证开的机，证号是11010119900307002X，我没仔细看。")
    assert texts(found, Kind.id_number) == ["11010119900307002X"]


def test_a_labelled_account_broken_over_a_line_end_is_hidden_whole():
    found, _ = detect("答：我的工资卡开户行是中国农业银行测试市支行，账号355859955448", "610525692。")
    (d,) = of_kind(found, Kind.bank_card)
    assert d.text == "355859955448610525692" and len(d.boxes) == 2


def test_a_home_named_by_its_household_register_is_hidden_and_a_question_names_no_place():
    found, _ = detect("问：你住在仓库楼上多久了？", "答：两年多了，我户口在测试市样例县花溪镇沙埠村10组37号。")
    assert texts(found, Kind.address) == ["测试市样例县花溪镇沙埠村10组37号"]


def test_who_collected_a_statement_for_the_agency_is_no_witness():
    # A form read out of order may have filed the label 收集人 as the witness's name; a label is no name.
    ctx = DetectionContext(persons=[Person("收集人", "witness", 4)])
    found, _ = detect("以上内容是我亲眼所见。", "证人：", "收集人：柴样敏（执法证号42859593594）", ctx=ctx)
    assert texts(found, Kind.name) == []


def test_a_list_of_people_closed_by_their_count_is_hidden_and_officers_so_listed_stay():
    found, _ = detect("经查，该公司拖欠钱样冬、李样丽、孙样凤等3名劳动者工资共计人民币2万元。",
                      "当事人雇用周样强等人从事生产。", "执法人员郑样甲、韩样乙等2人到达现场。")
    assert texts(found, Kind.name) == ["钱样冬", "李样丽", "孙样凤", "周样强"]


def test_a_guardian_a_worker_and_a_buyer_named_in_the_facts_are_hidden():
    found, _ = detect("未成年人的监护人钱样冬到场。", "劳动者李样丽反映，公司拖欠其工资。", "购买者孙样凤于2024年3月购买了该产品。")
    assert texts(found, Kind.name) == ["钱样冬", "李样丽", "孙样凤"]


def test_names_alone_in_a_table_without_serial_numbers_are_hidden_by_their_sex_cell():
    found, _ = detect("涉案人员情况统计表", "姓名", "性别", "联系电话", "钱样冬", "男", "13800000716", "李样丽", "女",
                      "13800000717")
    assert texts(found, Kind.name) == ["钱样冬", "李样丽"]


def test_a_plate_whose_dot_ocr_read_as_another_mark_is_hidden():
    found, _ = detect("驾驶车牌号为湘A:12345的货车", "号牌湘A一23456的轿车", "车牌湘A'34567")
    assert texts(found, Kind.plate) == ["湘A:12345", "湘A一23456", "湘A'34567"]
