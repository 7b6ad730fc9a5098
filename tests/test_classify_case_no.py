"""Case numbers in every common style reduce to one canonical form; OCR damage settled or flagged."""
from __future__ import annotations

import pytest

from classify.case_no import find_case_numbers, normalise_case_no, same_case_fuzzy
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
