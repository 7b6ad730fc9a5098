"""Parties: persons and organisations with their particulars; witnesses and third parties kept apart."""
from __future__ import annotations

from classify.extract import extract
from classify.parties import PARTY_ROLE_KINDS
from classify.text import DocText

PERSON_ID = "11010519491231002X"
CODE = "91110101MA0011234Y"


def _entities(text: str) -> dict[str, dict]:
    ex = extract(DocText.from_strings([text]))
    out: dict[str, dict] = {}
    for f in ex.fields:
        if f.kind in PARTY_ROLE_KINDS + ("mentioned",):
            out.setdefault(f.group, {"role": f.kind})[f.attr] = f.value
    return out


def test_a_person_with_all_particulars_on_one_line():
    parties = _entities(f"行政处罚决定书\n当事人：张测试　性别：女　身份证号：{PERSON_ID}\n"
                        "住址：测试市示例区样本路1号　联系电话：13800001234")
    assert parties == {f"party:{PERSON_ID}": {
        "role": "party", "name": "张测试", "sex": "女", "id_number": PERSON_ID, "kind": "person",
        "address": "测试市示例区样本路1号", "phone": "13800001234"}}


def test_an_organisation_with_credit_code_and_legal_representative():
    parties = _entities(f"现场检查笔录\n当事人：测试市样例商贸有限公司\n统一社会信用代码：{CODE}　法定代表人：王样例\n"
                        "住所：测试市示例区示范街2号　联系电话：0999-22345678")
    party = parties[f"party:{CODE}"]
    assert party["kind"] == "organisation" and party["name"] == "测试市样例商贸有限公司"
    assert party["legal_rep"] == "王样例" and party["phone"] == "0999-22345678"


def test_a_form_table_read_cell_by_cell():
    text = ("立案审批表\n当事人\n黄样例\n联系电话\n13800008273\n身份证号\n"
            f"{PERSON_ID}\n住址\n测试市测试新区样例巷6号\n简要案情\n某某")
    party = _entities(text)[f"party:{PERSON_ID}"]
    assert party["name"] == "黄样例" and party["phone"] == "13800008273"
    assert party["address"] == "测试市测试新区样例巷6号"


def test_witnesses_and_third_parties_are_not_parties():
    text = ("送达回证\n受送达人：张测试\n送达方式：留置送达\n见证人：李某某　身份证号：110101199003070017\n"
            "第三人：测试市示例物业服务有限公司")
    roles = {v["name"]: v["role"] for v in _entities(text).values() if "name" in v}
    assert roles == {"张测试": "recipient", "李某某": "witness", "测试市示例物业服务有限公司": "third_party"}


def test_the_addressee_line_of_a_notice_names_the_party():
    text = "责令改正通知书\n测住建罚〔2024〕12号\n测试市样例建筑工程有限公司：\n经查，你单位……"
    assert [v["name"] for v in _entities(text).values()] == ["测试市样例建筑工程有限公司"]


def test_an_interviewee_who_represents_a_company():
    text = f"询问笔录\n被询问人：王样例（测试市样例商贸有限公司法定代表人）　性别：女\n身份证号：{PERSON_ID}"
    e = _entities(text)[f"interviewee:{PERSON_ID}"]
    assert e["role"] == "interviewee" and e["name"] == "王样例" and e["kind"] == "person"


def test_prose_mentions_of_the_party_are_not_blocks():
    text = "现场检查笔录\n执法人员出示执法证件，当事人表示不申请回避。当事人涉嫌未取得施工许可证擅自施工。"
    assert _entities(text) == {}


def test_a_bad_phone_number_is_flagged():
    ex = extract(DocText.from_strings(["询问笔录\n被询问人：张测试　联系电话：1380000123"]))
    phone = next(f for f in ex.fields if f.attr == "phone")
    assert "bad_phone" in phone.problems
