"""ID numbers (GB 11643) and credit codes (GB 32100): check characters, OCR repairs, nothing invalid accepted."""
from __future__ import annotations

import pytest

from classify.extract import extract
from classify.ids import (
    credit_check_char,
    id_check_char,
    is_valid_credit_code,
    is_valid_id_number,
    read_credit_code,
    read_id_number,
    sex_from_id_number,
)
from classify.text import DocText

VALID_ID = "11010519491231002X"  # GB 11643-1999, Annex A
VALID_CODE = "91110101MA0011234Y"


def test_check_characters_follow_the_standards():
    assert id_check_char("11010519491231002") == "X"
    assert is_valid_id_number(VALID_ID)
    assert credit_check_char("91110101MA0011234") == "Y"
    assert is_valid_credit_code(VALID_CODE)
    assert sex_from_id_number(VALID_ID) == "女"


@pytest.mark.parametrize("number", [
    "110105194912310021",  # wrong check digit
    "11010519491331002X",  # month 13
    "01010519491231002X",  # no province starts with 0
    "11010519491231002",  # 17 characters
])
def test_invalid_id_numbers_are_refused(number):
    assert not is_valid_id_number(number)
    assert not read_id_number(number).valid


@pytest.mark.parametrize("raw", ["11O1O5194912310O2X", "l10105l94912310O2x", "1101 0519 4912 3100 2X"])
def test_digit_lookalikes_are_settled_by_the_check_digit(raw):
    reading = read_id_number(raw)
    assert reading.valid and reading.value == VALID_ID
    assert reading.repaired == ("O" in raw or "l" in raw or "x" in raw)


def test_a_repair_that_fails_the_check_digit_is_not_accepted():
    reading = read_id_number("11O1O5194912310O21")  # O→0 gives a wrong check digit
    assert not reading.valid
    assert "check_digit_failed" in reading.problems


@pytest.mark.parametrize("raw", ["91110101MAOO11234Y", "91110101ma0011234y", "9111O1O1MA0011234Y"])
def test_credit_code_lookalikes_are_settled(raw):
    reading = read_credit_code(raw)
    assert reading.valid and reading.value == VALID_CODE


@pytest.mark.parametrize("raw", ["91110101MA0011234X", "91110101MA0011V34Y", "91110101MA001123Y"])
def test_damaged_credit_codes_are_refused(raw):
    assert not read_credit_code(raw).valid


def _numbers(text: str) -> dict[str, list]:
    ex = extract(DocText.from_strings([text]))
    out: dict[str, list] = {"valid": [], "invalid": []}
    for f in ex.fields:
        if f.attr in ("id_number", "credit_code"):
            out["valid" if f.value else "invalid"].append(f.value or f.raw)
    return out


def test_extraction_reads_numbers_in_labels_and_loose_in_text():
    text = ("询问笔录\n被询问人：张测试　性别：女　身份证号：11O1O5194912310O2X\n"
            f"另查明其单位统一社会信用代码为{VALID_CODE}。")
    assert sorted(_numbers(text)["valid"]) == sorted([VALID_ID, VALID_CODE])


def test_an_invalid_number_is_kept_for_review_and_never_accepted():
    ex = extract(DocText.from_strings(["询问笔录\n被询问人：张测试　身份证号：110105194912310021"]))
    field = next(f for f in ex.fields if f.attr == "id_number")
    assert field.value is None and field.raw == "110105194912310021"
    assert "check_digit_failed" in field.problems and field.blocking


def test_sex_that_contradicts_the_id_number_is_flagged():
    ex = extract(DocText.from_strings([f"询问笔录\n被询问人：张测试　性别：男　身份证号：{VALID_ID}"]))
    sex = next(f for f in ex.fields if f.attr == "sex")
    assert "sex_mismatch" in sex.problems
