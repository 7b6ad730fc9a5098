"""Parties and officers as #13 describes their failure classes: each test states one class with invented text.

Identifiers are made here with their check characters (GB 11643, GB 32100); names and places are synthetic.
"""
from __future__ import annotations

from classify.extract import extract
from classify.ids import credit_check_char, id_check_char
from classify.parties import PARTY_ROLE_KINDS
from classify.text import DocText


def person_id(region: str = "330106", born: str = "19880412", seq: str = "023") -> str:
    first = region + born + seq
    return first + id_check_char(first)


def credit_code(body: str = "91330106MA2K7QXP5") -> str:
    return body + credit_check_char(body)


def parties(text: str) -> dict[tuple[str, str], dict]:
    """(role, name) -> the party's values, as the classifier reads them from one page of text."""
    out: dict[str, dict] = {}
    for f in extract(DocText.from_strings([text])).fields:
        if f.kind in PARTY_ROLE_KINDS:
            out.setdefault(f.group, {"role": f.kind})[f.attr] = f.value
    return {(v["role"], v.get("name")): v for v in out.values()}


def officers(text: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for f in extract(DocText.from_strings([text])).fields:
        if f.kind == "officer":
            out.setdefault(f.group, {})[f.attr] = f.value
    return {v["name"]: v for v in out.values()}


def test_a_label_a_table_cell_wrapped_around_its_value_is_put_back_together():
    # Two label cells of one row wrapped (统一社会信用|代码, 法定代表|人) and read with their values between them.
    code = credit_code()
    text = ("立案审批表\n当事人名\n演示市样板家具有限公司\n称\n统一社会信用\n法定代表\n" + code +
            "\n王样乙\n代码\n人\n地址:演示市样板路3号\n承办人:钱测丙\n执法证号:12340001\n"
            "负责人审\n同意立案。孙测丁\n2031.01.02\n批")
    got = parties(text)
    org = got[("party", "演示市样板家具有限公司")]
    assert org["kind"] == "organisation" and org["credit_code"] == code
    assert got[("legal_rep", "王样乙")]["kind"] == "person"
    assert "approver" in officers(text)["孙测丁"]["role"]
