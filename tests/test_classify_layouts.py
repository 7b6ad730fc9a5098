"""Party roles and approvers in the layouts agencies print (#13 items 2-3), beyond samples/' own wording.

Each case is a synthetic fragment of a real form: the approval block of a 审批表 (负责人意见, 机关负责人意见,
领导审批, 局长意见, a table cell under 审批人, "经局长…批准"), a 集体讨论记录, a 法制审核意见书, agents and
代收人 with their ID numbers and relation, witnesses on 现场检查笔录 and 留置送达, parties under every label a
form gives them, and addressee lines. The head who approves is an approver and never a party or a handler.
"""
from __future__ import annotations

import pytest

from classify.extract import extract
from classify.parties import PARTY_ROLE_KINDS
from classify.text import DocText

PERSON_ID = "11010519491231002X"
AGENT_ID = "110101199003070011"
CODE = "91110101MA0011234Y"


def _extract(text: str):
    return extract(DocText.from_strings([text]))


def _officers(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in _extract(text).fields:
        if f.kind == "officer" and f.attr == "role":
            out[f.group.split(":", 1)[1]] = set(f.value.split(","))
    return out


def _parties(text: str) -> dict[tuple[str, str], dict]:
    """(role, name) -> particulars."""
    groups: dict[str, dict] = {}
    for f in _extract(text).fields:
        if f.kind in PARTY_ROLE_KINDS + ("mentioned",):
            groups.setdefault(f.group, {"role": f.kind})[f.attr] = f.value
    return {(g["role"], g.get("name", "")): g for g in groups.values()}


# -- approvers ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("block", [
    "负责人意见：同意。\n签名：张大伟 2023年5月6日",
    "机关负责人意见：同意。张大伟\n2023年5月6日",
    "行政机关负责人审批意见：同意按承办机构意见办理。\n负责人签名：张大伟　日期：2023年5月6日",
    "分管负责人意见：同意。\n签字：张大伟　2023年5月6日",
    "局长意见：同意立案。 张大伟 2023年5月6日",
    "领导审批：同意。张大伟 2023年5月6日",
    "领导审批意见\n同意按承办人意见处理。\n张大伟\n2023年5月6日",
    "审批人\t张大伟\t审批日期\t2023年5月6日",
    "审批人\n张大伟\n审批时间\n2023年5月6日",
    "批准人：张大伟　批准日期：2023年5月6日",
])
def test_the_head_in_an_approval_block_is_the_approver(block):
    text = ("行政处罚审批表\n当事人：王样例\n承办人意见：建议罚款人民币五千元。\n承办人：李样例 2023年5月2日\n"
            f"{block}")
    officers = _officers(text)
    assert officers["张大伟"] == {"approver"}
    assert officers["李样例"] == {"handler"}
    assert ("party", "张大伟") not in _parties(text)


@pytest.mark.parametrize("sentence", [
    "经局长张大伟批准，本机关决定如下：",
    "报分管负责人张大伟审批同意，",
    "经本局负责人张大伟同志批准，",
])
def test_an_approval_recorded_in_a_sentence(sentence):
    text = f"行政处罚决定书\n当事人：王样例\n{sentence}对当事人作出罚款的行政处罚。"
    assert _officers(text) == {"张大伟": {"approver"}}


def test_the_host_of_a_collective_discussion_is_the_approving_head():
    text = ("案件集体讨论记录\n讨论时间：2023年5月20日\n主持人：张大伟（局长）\n参加人员：刘样例、赵测试\n"
            "记录人：马样二\n讨论意见：同意承办机构意见。")
    officers = _officers(text)
    assert officers["张大伟"] == {"approver"} and officers["马样二"] == {"recorder"}


def test_a_hearings_host_stays_the_host():
    text = "听证笔录\n听证时间：2023年5月20日\n听证主持人：张大伟\n记录人：马样二\n当事人：王样例"
    assert _officers(text)["张大伟"] == {"host"}


@pytest.mark.parametrize("text, name, role", [
    ("法制审核意见书\n审核意见：同意。\n审核人：徐测试 2023年5月3日", "徐测试", "reviewer"),
    ("法制审核意见书\n法制审核机构意见：合法。\n签名：徐测试 2023年5月3日", "徐测试", "reviewer"),
    ("行政处罚审批表\n承办机构意见：拟同意。\n签名：赵测试 2023年5月2日", "赵测试", "handler"),
    ("行政处罚审批表\n承办部门意见：建议处罚。赵测试 2023年5月2日", "赵测试", "handler"),
])
def test_reviewer_and_handler_opinions(text, name, role):
    assert _officers(text) == {name: {role}}


# -- agents, 代收人 and witnesses ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    f"询问笔录\n被询问人：王样例　身份证号：{PERSON_ID}\n委托代理人：刘小明，男，身份证号码：{AGENT_ID}，系当事人之子",
    f"陈述申辩笔录\n陈述申辩人：王样例\n委托代理人：刘小明　身份证号：{AGENT_ID}　与当事人关系：儿子",
    f"听证笔录\n当事人：王样例\n委托代理人：刘小明（{AGENT_ID}）系当事人之子",
    f"询问笔录\n代理人姓名：刘小明　身份证号：{AGENT_ID}\n与当事人的关系：儿子",
])
def test_an_agent_with_id_number_and_relation(text):
    agent = _parties(text)[("agent", "刘小明")]
    assert agent["id_number"] == AGENT_ID and agent["kind"] == "person"
    assert agent.get("relation") in ("子", "儿子")


def test_a_proxy_receiver_on_a_service_receipt():
    text = (f"送达回证\n受送达人\t张测试\t送达地点\t测试市示例区样本路1号\n代收人\t刘小明\t身份证号\t{AGENT_ID}\n"
            "代收理由：系受送达人之妻\n送达人\t李样例")
    parties = _parties(text)
    assert parties[("recipient", "张测试")]["kind"] == "person"
    assert parties[("agent", "刘小明")]["id_number"] == AGENT_ID
    assert ("recipient", "李样例") not in parties and _officers(text) == {"李样例": {"server"}}


@pytest.mark.parametrize("text, witnesses", [
    (f"现场检查笔录\n被检查单位：测试市样例餐饮有限公司\n现场负责人：刘小明　身份证号：{AGENT_ID}\n"
     "见证人：赵样例　联系电话：13800001234", {"刘小明": AGENT_ID, "赵样例": None}),
    ("现场检查笔录\n当事人：张测试\n在场人：赵样例（当事人之妻）", {"赵样例": None}),
    ("送达回证\n受送达人：张测试\n送达方式：留置送达\n见证人签名：赵样例 2023年5月1日", {"赵样例": None}),
    (f"送达回证\n受送达人：张测试\n送达方式：留置送达\n见证人：赵样例\t身份证号：{AGENT_ID}\n见证人签名：赵样例",
     {"赵样例": AGENT_ID}),
])
def test_witnesses_with_or_without_id_numbers(text, witnesses):
    got = {name: p.get("id_number") for (role, name), p in _parties(text).items() if role == "witness"}
    assert got == witnesses


# -- parties under every label ----------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["当事人（个人）", "被处罚人", "违法行为人", "被检查人", "受检人", "申请人",
                                   "被申请人", "当事人"])
def test_a_person_under_any_party_label(label):
    text = (f"行政处罚决定书\n{label}：张测试，性别：女，民族：汉，出生年月：1949年12月，住址：测试市样例路1号，"
            f"身份证号：{PERSON_ID}")
    assert _parties(text) == {("party", "张测试"): {
        "role": "party", "name": "张测试", "sex": "女", "id_number": PERSON_ID, "address": "测试市样例路1号",
        "kind": "person"}}


def test_a_person_block_as_a_table():
    text = (f"立案审批表\n当事人\t张测试\t性别\t女\t民族\t汉\n出生年月\t1949年12月\t身份证号\t{PERSON_ID}\n"
            "住址\t测试市样例路1号\n案件来源\t投诉举报")
    party = _parties(text)[("party", "张测试")]
    assert party["id_number"] == PERSON_ID and party["sex"] == "女"


@pytest.mark.parametrize("label", ["当事人（单位）", "被检查单位", "受检单位", "被处罚单位", "举报对象", "被申请人"])
def test_an_organisation_under_any_party_label(label):
    text = (f"行政处罚决定书\n{label}：测试市样例建材有限公司\n统一社会信用代码：{CODE}\n"
            f"法定代表人（负责人）：王样例　身份证号：{AGENT_ID}\n住所：测试市样例路1号\n联系电话：0999-22345678")
    parties = _parties(text)
    company = parties[("party", "测试市样例建材有限公司")]
    assert company["credit_code"] == CODE and company["kind"] == "organisation" and "id_number" not in company
    rep = parties[("legal_rep", "王样例")]
    assert rep["id_number"] == AGENT_ID and rep["represents"] == "测试市样例建材有限公司" and "credit_code" not in rep


def test_an_individual_business_and_its_operator():
    text = (f"行政处罚决定书\n当事人：测试市示例区样例小吃店（个体工商户）\n经营者：王样例　身份证号：{PERSON_ID}\n"
            "经营场所：测试市样例路1号")
    parties = _parties(text)
    assert parties[("party", "测试市示例区样例小吃店")]["kind"] == "organisation"
    operator = parties[("legal_rep", "王样例")]
    assert operator["id_number"] == PERSON_ID and operator["represents"] == "测试市示例区样例小吃店"
    assert "id_number" not in parties[("party", "测试市示例区样例小吃店")]


def test_an_operator_with_no_organisation_is_the_party():
    text = f"现场检查笔录\n经营者：王样例　身份证号：{PERSON_ID}\n检查地点：测试市样例路1号"
    assert _parties(text)[("party", "王样例")]["id_number"] == PERSON_ID


@pytest.mark.parametrize("text, role, name", [
    ("行政处罚决定书\n当事人：时建国，男，汉族", "party", "时建国"),
    ("询问笔录\n被询问人：国平　性别：男", "interviewee", "国平"),
    ("送达回证\n受送达人：来福\n送达方式：直接送达", "recipient", "来福"),
])
def test_a_name_alone_in_its_cell_with_a_rare_surname(text, role, name):
    assert set(_parties(text)) == {(role, name)}


def test_a_village_committee_is_an_organisation_not_an_agency():
    parties = _parties("行政处罚决定书\n当事人：测试市示例区样例村村民委员会\n负责人：王样例")
    assert parties[("party", "测试市示例区样例村村民委员会")]["kind"] == "organisation"
    assert parties[("legal_rep", "王样例")]["represents"] == "测试市示例区样例村村民委员会"


# -- service receipts and addressee lines -------------------------------------------------------------------

@pytest.mark.parametrize("row, name", [
    ("受送达人\t张测试\t送达地点\t测试市示例区样本路1号", "张测试"),
    ("受送达人\t测试市样例建材有限公司\t送达地点\t测试市示例区样本路1号", "测试市样例建材有限公司"),
    ("受送达人（单位）：测试市样例建材有限公司　送达地点：测试市示例区样本路1号", "测试市样例建材有限公司"),
])
def test_the_recipient_in_a_service_receipt_table(row, name):
    text = f"送达回证\n{row}\n送达文书\t行政处罚决定书\n送达人\t李样例\t执法证号\t13018199892"
    assert {k for k in _parties(text)} == {("recipient", name)}


@pytest.mark.parametrize("line, name", [
    ("致测试市样例建材有限公司：", "测试市样例建材有限公司"),
    ("测试市样例建材有限公司：", "测试市样例建材有限公司"),
    ("张测试：", "张测试"),
    ("张测试同志：", "张测试"),
    ("测试市样例建材有限公司：经查，你单位于2023年3月1日在测试市示例区样本路1号擅自施工。", "测试市样例建材有限公司"),
])
def test_addressee_lines(line, name):
    text = (f"测试市示例区住房和城乡建设局\n行政处罚事先告知书\n测住建罚告〔2023〕12号\n{line}\n"
            "经查，你（单位）于2023年3月1日擅自施工。本机关拟作出行政处罚。\n测试市示例区住房和城乡建设局\n2023年5月1日")
    assert {k for k in _parties(text)} == {("party", name)}


# -- refusals ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "行政处罚审批表\n负责人意见：同意。\n签名：同意立案 2023年5月6日",
    "行政处罚决定书\n经局长办公会批准，本机关决定如下：",
    "送达回证\n见证人签名：（拒签）",
    "询问笔录\n委托代理人：无",
    "送达回证\n受送达人：拒签\n见证人：见上",
    "询问笔录\n被询问人：不清楚",
])
def test_phrases_are_neither_officers_nor_parties(text):
    assert _officers(text) == {} and _parties(text) == {}
