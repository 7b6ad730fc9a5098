"""Names and roles a case settles that one document cannot (#13 item 2): an OCR misread or cut-short name of a
party or officer is the case's / unit's known person; an interviewee in their own case is its 当事人; a 受送达人
whom the case records as the served company's 法定代表人 received it as such. Two different identifiers are never
one person.

Synthetic data: 样泉 is a made-up county; names (测试…, 样…) and numbers are invented, ID numbers carry check
characters computed by classify.ids.
"""
from __future__ import annotations

from sqlalchemy import select

from casefiles.cross_check import (NAME_FROM_CASE, NAME_FROM_OFFICERS, ROLE_FROM_CASE, Reading, cut_short,
                                   officer_name_fixes, one_char_apart, party_name_fixes)
from classify.ids import credit_check_char, id_check_char
from classify.models import ExtractedField
from classify.queries import classification_as_json
from tests.test_cases_assembly import ctx, file_document, unit_id  # noqa: F401 - fixtures

ID_A = "11010519800307123" + id_check_char("11010519800307123")
ID_B = "11010519851122456" + id_check_char("11010519851122456")
CODE = "91110105MA01X2Y3W" + credit_check_char("91110105MA01X2Y3W")
COMPANY = "样泉县测试商贸有限公司"


def test_shapes_of_a_misread():
    assert one_char_apart("测试青岚", "测试青蓝") and not one_char_apart("测试青岚", "样试青岚")  # surname kept
    assert cut_short("样子", "样子墨") and not cut_short("样", "样子") and not cut_short("样子", "样子墨墨")


def test_a_party_name_one_character_off_or_cut_short_takes_the_case_persons_name():
    readings = [Reading(1, f"party:{ID_A}", "party", "测试岚舟", ID_A),
                Reading(2, f"party:{ID_A}", "party", "测试岚舟", ID_A),
                Reading(3, "recipient:测试岚丹", "recipient", "测试岚丹", None),  # one character misread
                Reading(4, "legal_rep:测试岚", "legal_rep", "测试岚", None),  # cut short by a seal
                Reading(5, f"interviewee:{ID_A}", "interviewee", "测试岗舟", ID_A)]  # same ID, misread once
    fixes = {(f.document_id, f.group): f for f in party_name_fixes(readings)}
    assert {k: f.name for k, f in fixes.items()} == {(3, "recipient:测试岚丹"): "测试岚舟",
                                                     (4, "legal_rep:测试岚"): "测试岚舟",
                                                     (5, f"interviewee:{ID_A}"): "测试岚舟"}
    assert all(f.tag == NAME_FROM_CASE for f in fixes.values())


def test_two_people_with_their_own_identifiers_are_never_merged():
    # 样小一 and 样小二 differ by one character, but each was read with an ID number of their own.
    readings = [Reading(1, f"party:{ID_A}", "party", "样小一", ID_A), Reading(2, f"witness:{ID_B}", "witness",
                                                                             "样小二", ID_B)]
    assert party_name_fixes(readings) == []
    # One name without a number that is one character from two known people is left as read.
    assert party_name_fixes(readings + [Reading(3, "recipient:样小三", "recipient", "样小三", None)]) == []
    officers = [Reading(1, "officer:样执一", "officer", "样执一", "33010000001"),
                Reading(2, "officer:样执二", "officer", "样执二", "33010000002")]
    assert officer_name_fixes(officers) == []


def test_an_officer_is_known_by_the_units_certificate_numbers():
    readings = [Reading(1, "officer:样文远", "officer", "样文远", "33010000077"),
                Reading(2, "officer:样文远", "officer", "样文远", "33010000077"),
                Reading(3, "officer:样文", "officer", "样文", "33010000077"),  # cut short beside its number
                Reading(4, "officer:样文近", "officer", "样文近", "33010000077"),  # misread beside its number
                Reading(5, "officer:样文", "officer", "样文", None)]  # cut short, no number on this page
    fixes = {(f.document_id, f.group): f.name for f in officer_name_fixes(readings)}
    assert fixes == {(3, "officer:样文"): "样文远", (4, "officer:样文近"): "样文远", (5, "officer:样文"): "样文远"}
    # A tie between two readings of one number settles nothing.
    assert officer_name_fixes(readings[:1] + readings[3:4]) == []


# -- through classification, on rendered documents ----------------------------------------------------

def _filing(serial: int) -> list[str]:
    return ["样泉县市场监督管理局立案审批表", f"编号：样泉市监立〔2023〕{serial}号", "受案日期：2023年3月2日",
            f"当事人：{COMPANY}", f"统一社会信用代码：{CODE}", "法定代表人：测试甲乙", f"身份证号码：{ID_A}",
            "案由：涉嫌销售过期食品", "承办人：蒲执远　执法证号：33010000091", "2023年3月2日"]


def _parties(ctx, doc_id: int) -> list[dict]:
    with ctx.db.session() as s:
        return classification_as_json(s, doc_id)["parties"]


def test_an_interviewee_in_their_own_case_is_also_its_party(ctx, tmp_path, unit_id):
    decision = ["行政处罚决定书", "样泉市监罚决〔2023〕8号", "当事人：甘测丁", f"身份证号码：{ID_B}",
                "你涉嫌销售过期食品一案，本局决定罚款人民币贰仟元整。", "承办人：蒲执远　执法证号：33010000091",
                "样泉县市场监督管理局", "2023年5月10日"]
    file_document(ctx, tmp_path, unit_id, [decision], "decision.png")
    inquiry = ["询问笔录", "案号：样泉市监罚决〔2023〕8号", "询问时间：2023年4月2日", "被询问人：甘测丁",
               f"身份证号码：{ID_B}", "询问人：蒲执远　执法证号：33010000091", "记录人：蒲执", "问：你的经营情况？",
               "答：我在店里卖食品。"]
    doc = file_document(ctx, tmp_path, unit_id, [inquiry], "inquiry.png").id
    parties = _parties(ctx, doc)
    roles = {(p["role"], p.get("name"), p.get("id_number")) for p in parties}
    assert ("interviewee", "甘测丁", ID_B) in roles and ("party", "甘测丁", ID_B) in roles, roles
    added = next(p for p in parties if p["role"] == "party")
    assert added["fields"]["name"]["machine_value"] is None  # not read as such: derived, and tagged so
    assert ROLE_FROM_CASE in added["fields"]["name"]["problems"]
