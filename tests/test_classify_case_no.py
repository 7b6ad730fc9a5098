"""Case numbers in every common style reduce to one canonical form; OCR damage settled or flagged."""
from __future__ import annotations

import pytest

from classify.case_no import KIND_INFIXES, find_case_numbers, normalise_case_no, same_case_fuzzy, serial_variant
from classify.extract import extract_case_no
from classify.form import label_hits
from records.text import normalise_text

CANONICAL = "测住建罚〔2024〕123号"


@pytest.mark.parametrize("written", [
    "测住建罚〔2024〕123号",
    "测住建罚〔2024〕第0123号",
    "测住建罚[2024]123号",
    "测住建罚［2024］第123号",
    "测住建罚（2024）0123号",
    "测住建罚(2024)第123号",
    "测住建罚【2024】123号",
    "测住建罚〔２０２４〕１２３号",  # full-width digits
    "测住建罚〔2O24〕l23号",  # O for 0, l for 1
    "测住建罚[202410123号",  # closing bracket read as 1
    "测住建罚12024〕0123号",  # opening bracket read as 1
    "(2024)测住建罚第123号",  # year first, court style
])
def test_every_style_has_the_same_canonical_form(written):
    found = find_case_numbers(normalise_text(written))
    assert [n.canonical for n in found] == [CANONICAL]


def test_repairs_lower_the_confidence_and_say_why():
    clean = find_case_numbers("测住建罚〔2024〕123号")[0]
    repaired = find_case_numbers("测住建罚〔2O24〕l23号")[0]
    unbracketed = find_case_numbers("测住建罚2024]123号")[0]
    assert clean.confidence > repaired.confidence
    assert "ocr_digits_repaired" in repaired.problems
    assert "bracket_missing" in unbracketed.problems


@pytest.mark.parametrize("text", [
    "本机关于2024年3月5日立案",  # a date
    "罚款人民币2000元", "罚款20000元整",  # amounts
    "联系电话：13800008273", "身份证号210102199003071234",  # numbers
    "第1页　共2页", "《中华人民共和国行政处罚法》第四十四条",
])
def test_dates_amounts_and_other_numbers_are_not_case_numbers(text):
    assert find_case_numbers(normalise_text(text)) == []


def test_label_words_and_running_text_are_not_part_of_the_prefix():
    assert find_case_numbers("案号测住建罚〔2024〕123号")[0].canonical == CANONICAL
    assert find_case_numbers("依据测住建罚〔2024〕123号决定书")[0].canonical == CANONICAL


def test_a_document_quoting_another_number_keeps_its_own():
    text = "送达回证\n案号:测住建罚〔2024〕123号\n送达文书名称:行政处罚决定书(测住建罚〔2024〕123号)"
    found = extract_case_no(text, label_hits(text))
    assert [f.value for f in found] == [CANONICAL] and "conflict" not in found[0].problems


def test_two_different_numbers_in_the_header_are_a_conflict():
    text = "行政处罚决定书\n测住建罚〔2024〕123号\n案号:测住建罚〔2024〕124号\n当事人:张测试"
    found = extract_case_no(text, label_hits(text))
    assert "conflict" in found[0].problems and found[0].confidence < 0.5


def test_typed_numbers_are_normalised_and_garbage_refused():
    assert normalise_case_no(" 测住建罚[2024]第0123号 ") == CANONICAL
    assert normalise_case_no("not a case number") is None


def test_one_misread_prefix_character_is_a_near_match():
    assert same_case_fuzzy("测市监罚〔2023〕642号", "测市蓝罚〔2023〕642号")
    assert not same_case_fuzzy("测市监罚〔2023〕642号", "测市监罚〔2023〕643号")
    assert not same_case_fuzzy("测市监罚〔2023〕642号", "测环罚〔2023〕642号")


# -- numbering styles of real agencies (#13): made-up agencies (衡某 = a fictional 衡某市) -----------------

@pytest.mark.parametrize("written, canonical", [
    # 字 and 字第, every bracket, spaces inside, leading zeros
    ("衡某市监处字〔2024〕第15号", "衡某市监处字〔2024〕15号"),
    ("衡某市监处字[2024]第015号", "衡某市监处字〔2024〕15号"),
    ("衡某市监处字 【 2024 】 第 15 号", "衡某市监处字〔2024〕15号"),
    ("衡某自然资罚字（2022）第12号", "衡某自然资罚字〔2022〕12号"),
    ("衡某自然资罚字(2022)12号", "衡某自然资罚字〔2022〕12号"),
    ("衡某民罚字(2023)第3号", "衡某民罚字〔2023〕3号"),
    ("衡某民罚字（２０２３）第３号", "衡某民罚字〔2023〕3号"),
    # public security: a sub-unit in parentheses inside the stem
    ("衡公(东)行罚决字[2023]0112号", "衡公（东）行罚决字〔2023〕112号"),
    ("衡公（东）行罚决字〔2023〕112号", "衡公（东）行罚决字〔2023〕112号"),
    ("衡公（东）行罚决字【2023】第112号", "衡公（东）行罚决字〔2023〕112号"),
    ("衡公（东）快行罚决字〔2023〕12号", "衡公（东）快行罚决字〔2023〕12号"),
    ("衡公行受字[2023]00045号", "衡公行受字〔2023〕45号"),
    ("衡公(治)决字[2022]第0031号", "衡公（治）决字〔2022〕31号"),
    ("(2023)衡公(东)行罚决字第112号", "衡公（东）行罚决字〔2023〕112号"),  # year first
    ("衡公（西）行罚告字〔2023〕0112号", "衡公（西）行罚告字〔2023〕112号"),
    # hyphenated serials, years inside serials
    ("衡某综执罚〔2024〕3-12号", "衡某综执罚〔2024〕3-12号"),
    ("衡某综执罚[2024]03－012号", "衡某综执罚〔2024〕3-12号"),
    ("衡某罚〔2024〕0012号", "衡某罚〔2024〕12号"),
    ("衡某罚〔2024〕2024012号", "衡某罚〔2024〕2024012号"),
])
def test_agency_numbering_styles(written, canonical):
    assert [n.canonical for n in find_case_numbers(normalise_text(written))] == [canonical]
    assert normalise_case_no(written) == canonical
    assert normalise_case_no(canonical) == canonical  # the canonical form reads as itself


@pytest.mark.parametrize("written, problem", [
    ("衡某罚C2024〕12号", "bracket_repaired"),  # 〔 read as C
    ("衡某罚[2024〕12号", None),  # 〔 read as [
    ("衡某罚l2024l12号", "bracket_repaired"),  # both brackets read as l
    ("衡某罚|2024]12号", "bracket_repaired"),
    ("衡某罚I2024〕12号", "bracket_repaired"),
    ("衡某罚〔2024〕12弓", "hao_repaired"),  # 号 read as 弓
    ("衡某罚〔2024〕12写", "hao_repaired"),  # … or as 写
    ("衡某罚2024〕12号", "bracket_missing"),  # 缺少括号
    ("衡某罚〔2024〕12", "hao_missing"),
    ("衡某罚〔2O24〕1２号", "ocr_digits_repaired"),
])
def test_ocr_damage_is_read_and_flagged(written, problem):
    found = find_case_numbers(normalise_text(written))
    assert [n.canonical for n in found] == ["衡某罚〔2024〕12号"]
    if problem:
        assert problem in found[0].problems and found[0].confidence < 0.97
    else:
        assert found[0].problems == ()


@pytest.mark.parametrize("text, canonical", [
    ("现将衡公(东)行罚\n决字[2023]0112号决定书送达给你", "衡公（东）行罚决字〔2023〕112号"),
    ("根据衡某住建罚〔20\n23〕12号告知书", "衡某住建罚〔2023〕12号"),
    ("文号：衡某住建罚\n〔2023〕12号", "衡某住建罚〔2023〕12号"),
    ("本机关以衡某住建罚〔2023〕1\n2号告知书告知", "衡某住建罚〔2023〕12号"),
])
def test_a_number_broken_over_a_line_end_is_one_number(text, canonical):
    found = find_case_numbers(text)
    assert [n.canonical for n in found] == [canonical]
    assert text[found[0].start:found[0].end].replace("\n", "").endswith("号")


def test_a_title_line_above_a_number_is_not_part_of_it():
    text = "行政处罚决定书\n衡某罚决〔2023〕12号\n当事人：张测试"
    assert [n.canonical for n in find_case_numbers(text)] == ["衡某罚决〔2023〕12号"]
    text = "依据行政处罚法\n衡某罚决〔2023〕12号"
    assert [n.canonical for n in find_case_numbers(text)] == ["衡某罚决〔2023〕12号"]


@pytest.mark.parametrize("text, canonical", [
    ("根据衡某罚告〔2023〕12号告知书，", "衡某罚告〔2023〕12号"),
    ("现将衡某罚决〔2023〕12号决定书送达", "衡某罚决〔2023〕12号"),
    ("本机关于2023年5月6日作出的衡公（东）行罚决字[2023]0112号行政处罚决定书", "衡公（东）行罚决字〔2023〕112号"),
])
def test_a_number_cited_in_prose_is_read_without_the_prose(text, canonical):
    assert [n.canonical for n in find_case_numbers(normalise_text(text))] == [canonical]


@pytest.mark.parametrize("a, b", [
    ("衡某住建立〔2023〕12号", "衡某住建罚告〔2023〕12号"),
    ("衡某住建立〔2023〕12号", "衡某住建罚决〔2023〕12号"),
    ("衡某住建罚告〔2023〕12号", "衡某住建罚决〔2023〕12号"),
    ("衡某住建罚〔2023〕12号", "衡某住建催〔2023〕12号"),
    ("衡某住建罚决〔2023〕12号", "衡某住建听告〔2023〕12号"),
    ("衡某住建罚决〔2023〕12号", "衡某住建送〔2023〕12号"),
    ("衡某住建先登〔2023〕12号", "衡某住建罚决〔2023〕12号"),
    ("衡公（东）行罚告字〔2023〕112号", "衡公（东）行罚决字〔2023〕112号"),
    ("衡公（东）行受字〔2023〕112号", "衡公（东）行罚决字〔2023〕112号"),
    ("衡某市监立字〔2024〕15号", "衡某市监处字〔2024〕15号"),
    ("衡某综执立〔2024〕3-12号", "衡某综执罚〔2024〕3-12号"),
])
def test_series_of_one_matter_differ_in_document_kind_words(a, b):
    assert serial_variant(a, b) and serial_variant(b, a)


@pytest.mark.parametrize("a, b", [
    ("衡某住建罚〔2023〕12号", "衡某住逮罚〔2023〕12号"),  # a misread stem character, not a series
    ("衡某市监罚〔2023〕12号", "衡某市蓝罚〔2023〕12号"),
    ("衡公（东）行罚决字〔2023〕112号", "衡公（西）行罚决字〔2023〕112号"),  # two police stations
    ("衡公（东）行罚决字〔2023〕112号", "衡公（东）快行罚决字〔2023〕112号"),  # fast-track: another series
    ("衡某住建罚告〔2023〕12号", "衡某住建罚决〔2023〕13号"),  # another serial
    ("衡某住建罚告〔2023〕12号", "衡某住建罚决〔2024〕12号"),  # another year
    ("衡某住建罚决〔2023〕12号", "衡某住建罚决〔2023〕12号"),  # the same number
    ("衡某住建罚决〔2023〕12号", "衡某环罚决〔2023〕12号"),  # another agency
])
def test_other_differences_are_not_a_series(a, b):
    assert not serial_variant(a, b)


def test_an_agency_may_name_its_own_kind_words():
    assert not serial_variant("衡某住建立〔2023〕12号", "衡某住建勘〔2023〕12号")
    assert serial_variant("衡某住建立〔2023〕12号", "衡某住建勘〔2023〕12号", kinds=KIND_INFIXES | {"勘"})


def test_a_year_misread_into_the_future_is_a_near_match_and_a_real_year_is_not():
    assert same_case_fuzzy("衡某罚决〔2023〕12号", "衡某罚决〔2028〕12号", this_year=2025)
    assert not same_case_fuzzy("衡某罚决〔2023〕12号", "衡某罚决〔2024〕12号", this_year=2025)  # two years' serial 12
    assert not same_case_fuzzy("衡某罚决〔2023〕12号", "衡某罚决〔2028〕12号", this_year=2030)
    assert not same_case_fuzzy("衡某罚决〔2023〕12号", "衡某罚决〔2028〕13号", this_year=2025)


def test_two_series_are_not_a_misread_of_each_other():
    assert not same_case_fuzzy("衡某住建罚告〔2023〕12号", "衡某住建罚决〔2023〕12号")
    assert same_case_fuzzy("衡某住建罚决〔2023〕12号", "衡某住逮罚决〔2023〕12号")


def test_two_sub_units_are_not_a_misread_of_each_other():
    assert not same_case_fuzzy("衡公（东）行罚决字〔2023〕112号", "衡公（西）行罚决字〔2023〕112号")
    assert same_case_fuzzy("衡公（东）行罚决字〔2023〕112号", "衡公（东）行罚快字〔2023〕112号")


def test_a_year_and_serial_joined_by_a_dash_is_a_number():
    from classify.case_no import find_case_numbers

    found = find_case_numbers("处罚决定书文号：测样环罚2024-072号")
    assert [(n.canonical, n.problems) for n in found] == [("测样环罚〔2024〕72号", ())]
    assert find_case_numbers("于2024-03-05号楼") == []


def test_a_number_labelled_inside_a_sentence_is_cited_not_the_documents_own():
    from classify.extract import extract
    from classify.text import DocText

    text = ("行政处罚决定书\n测交罚决〔2025〕54号\n当事人：测试市样例物流有限公司\n"
            "本局于2025年5月14日对你单位立案调查（立案编号：测交执立〔2025〕18号）。经查明，事实清楚。")
    fields = {(f.kind, f.value, f.problems) for f in extract(DocText.from_strings([text])).fields
              if f.kind in ("case_no", "cited_no")}
    assert fields == {("case_no", "测交罚决〔2025〕54号", ()), ("cited_no", "测交执立〔2025〕18号", ())}


def test_a_speck_before_the_bracket_is_not_the_end_of_the_prefix():
    # OCR reads a speck of toner before the year's bracket as a colon: the number is still whole.
    found = find_case_numbers("样湖环罚告:〔2021〕16号")
    assert [(n.canonical, n.problems) for n in found] == [("样湖环罚告〔2021〕16号", ("speck_before_bracket",))]
    # A label alone before the bracket is no prefix at all.
    assert find_case_numbers("编号：〔2021〕16号") == []


def test_a_number_wrapped_in_a_narrow_form_cell_is_read_whole():
    # The cell holds 某城管（南）罚决字（2020） on one line and 第8号 below it; the next column's cells (a label and a
    # date) are read in between.
    text = "结案审批表\n决定书文号\n样城管(南)罚决字(2020)\n决定日期\n2020.11.09\n第8号\n执行情况\n已履行"
    found = find_case_numbers(text)
    assert [n.canonical for n in found] == ["样城管（南）罚决字〔2020〕8号"]
    assert "wrapped_in_cell" in found[0].problems
    # A serial too far below (another part of the form) is not taken.
    far = "样城管罚决字（2020）\n一\n二\n三\n四\n五\n第8号"
    assert find_case_numbers(far) == []


def test_a_form_printing_its_matters_numbers_of_two_series_is_no_conflict():
    """A closing report's 案号 (立案 series) and its 处罚决定书文号 (决定 series, another serial) are one matter's."""
    text = ("结案报告\n案号:测环立〔2023〕41号\n案由\n测试违法行为\n处罚决定书文号\n测环罚决〔2023〕58号\n"
            "负责人意见:同意结案。")
    found = extract_case_no(text, label_hits(text))
    assert [f.value for f in found] == ["测环立〔2023〕41号"] and "conflict" not in found[0].problems


def test_two_labelled_numbers_of_one_series_or_two_agencies_still_conflict():
    same_series = "结案报告\n案号:测环立〔2023〕41号\n立案编号:测环立〔2023〕42号\n"
    two_agencies = "结案报告\n案号:测环立〔2023〕41号\n文号:测水罚决〔2023〕58号\n"
    for text in (same_series, two_agencies):
        assert "conflict" in extract_case_no(text, label_hits(text))[0].problems


def test_other_series_of_one_agency_whatever_the_serial():
    from classify.case_no import other_series_of_agency

    assert other_series_of_agency("测环立〔2023〕41号", "测环罚决〔2023〕58号")
    assert other_series_of_agency("测公（北）行受字〔2023〕9号", "测公（北）行罚决字〔2023〕30号")
    assert not other_series_of_agency("测环立〔2023〕41号", "测环立〔2023〕42号")
    assert not other_series_of_agency("测环立〔2023〕41号", "测水立〔2023〕41号")


@pytest.mark.parametrize("text, canonical", [
    # an agency naming itself before its own number in prose
    ("经查,本机关于2023年6月2日以本机关测环罚告〔2023〕17号告知你", "测环罚告〔2023〕17号"),
    ("我委测发改罚〔2023〕9号决定", "测发改罚〔2023〕9号"),
    # a document's name written right before its number (a 送达回证's 送达文书 cell)
    ("送达文书名称:行政处罚决定书测环罚决〔2023〕第0017号", "测环罚决〔2023〕17号"),
    ("依《责令改正通知书》测环改〔2023〕4号", "测环改〔2023〕4号"),
    # a place name beginning with 本 is a stem, not a self-reference
    ("本溪测罚〔2023〕2号", "本溪测罚〔2023〕2号"),
])
def test_words_before_a_number_that_are_not_its_prefix(text, canonical):
    assert [n.canonical for n in find_case_numbers(text)] == [canonical]
