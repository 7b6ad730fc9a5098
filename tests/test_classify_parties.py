"""Parties: persons and organisations with their particulars; witnesses and third parties kept apart."""
from __future__ import annotations

import pytest

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


# -- #13: persons and organisations in their roles ---------------------------------------------------------

REP_ID = "110101199003070011"


def test_an_organisation_and_its_legal_representative_are_two_parties_each_with_its_own_identifier():
    text = ("行政处罚决定书\n测住建罚决〔2023〕12号\n当事人：测试市样例建材有限公司\n法定代表人：张某某\n"
            f"身份证号：{REP_ID}\n社会统一信用代码：{CODE}\n住所：测试市示例区样本路1号\n经查……")
    parties = _entities(text)
    company = parties[f"party:{CODE}"]
    assert company["kind"] == "organisation" and company["credit_code"] == CODE and "id_number" not in company
    rep = parties[f"legal_rep:{REP_ID}"]
    assert rep == {"role": "legal_rep", "name": "张某某", "id_number": REP_ID, "kind": "person",
                   "represents": "测试市样例建材有限公司"}


def test_an_identifier_of_the_wrong_kind_is_attached_to_no_party():
    person = _entities(f"现场检查笔录\n当事人：张测试　统一社会信用代码：{CODE}")
    assert person[f"mentioned:{CODE}"] == {"role": "mentioned", "credit_code": CODE}
    assert "credit_code" not in person["party:张测试"]
    company = _entities(f"现场检查笔录\n当事人：测试市样例商贸有限公司　身份证号：{REP_ID}")
    assert "id_number" not in company["party:测试市样例商贸有限公司"]
    assert company[f"mentioned:{REP_ID}"]["id_number"] == REP_ID


@pytest.mark.parametrize("title, addressee", [
    ("行政处罚事先告知书", "张某某"), ("催告书", "测试市样例建材有限公司"), ("权利告知书", "欧阳样例"),
    ("行政处罚事先告知书", "阿依·样例"),
])
def test_the_addressee_of_a_letter_is_its_party(title, addressee):
    text = (f"测试市示例区住房和城乡建设局\n{title}\n测住建罚告〔2023〕12号\n{addressee}：\n"
            "经查，你（单位）于2023年3月1日在测试市示例区样本路1号擅自施工。本机关拟对你（单位）作出行政处罚。\n"
            "测试市示例区住房和城乡建设局\n2023年5月1日")
    parties = {v["name"]: v["role"] for v in _entities(text).values() if "name" in v}
    assert parties == {addressee: "party"}


def test_a_sentence_ending_in_a_colon_is_no_addressee():
    text = "行政处罚决定书\n测住建罚决〔2023〕12号\n本机关决定如下：\n（一）警告。"
    assert _entities(text) == {}


@pytest.mark.parametrize("line", [
    f"被询问人：赵测试　性别：男　身份证号：{REP_ID}\n工作单位：测试市样例建材有限公司　职务：施工员",
    f"被询问人：赵测试（系测试市样例建材有限公司员工）　身份证号：{REP_ID}",
])
def test_the_company_of_an_interviewed_employee_is_the_party(line):
    parties = _entities(f"询问笔录\n询问时间：2023年3月2日9时至10时\n{line}\n问：……")
    assert parties["party:测试市样例建材有限公司"]["kind"] == "organisation"
    person = parties[f"interviewee:{REP_ID}"]
    assert person["name"] == "赵测试" and person["represents"] == "测试市样例建材有限公司"


@pytest.mark.parametrize("text", [
    "陈述申辩笔录\n当事人意见\t对认定的违法事实没有异议\n",
    "陈述申辩笔录\n当事人：对认定的违法事实没有异议\n",
    "询问笔录\n被询问人：你提出的\n",
    "送达回证\n受送达人：复核结果\n",
])
def test_phrases_are_not_parties(text):
    assert _entities(text) == {}


@pytest.mark.parametrize("title, body, name", [
    ("法制审核意见书", "关于测试市样例建材有限公司未取得施工许可证擅自施工一案，经审核，事实清楚。", "测试市样例建材有限公司"),
    ("案件集体讨论记录", "讨论内容：当事人张某某涉嫌未取得施工许可证擅自施工一案。", "张某某"),
    ("案件集体讨论记录", "讨论内容：关于王样例涉嫌无证经营一案，承办人李测试汇报了案情。", "王样例"),
])
def test_the_party_named_in_prose(title, body, name):
    parties = {v["name"]: v["role"] for v in _entities(f"{title}\n讨论时间：2023年5月20日\n{body}").values()
               if "name" in v}
    assert parties == {name: "party"}


def test_an_officer_is_never_a_party():
    text = "送达回证\n受送达人：李样例\n送达人：李样例　执法证号：13018199892"
    assert _entities(text) == {}


def test_the_facts_of_a_report_open_with_the_party():
    text = ("案件调查报告\n案号：测环罚（2024）第0339号\n"
            "违法事实：陈测甲在测试市测试新区测试大道8号经营餐饮服务，未安装油烟净化设施。\n调查人员：陈示例、吴某")
    assert {v["name"]: v["role"] for v in _entities(text).values() if "name" in v} == {"陈测甲": "party"}


def test_an_address_is_not_an_organisation():
    text = "投诉举报登记表\n举报内容：反映在测试市示例区示例东路61号施工现场夜间施工。"
    assert _entities(text) == {}


# -- devset3 (#13): labels without a colon, table rules read as bars, an interviewee answering for a company --

def _roles(text: str) -> set[tuple[str, str]]:
    return {(e["role"], e["name"]) for e in _entities(text).values() if e.get("name")}


def test_a_legal_representative_named_in_prose_without_a_colon():
    text = (f"行政处罚决定书\n测罚决〔2024〕3号\n当事人测试市样例建材有限公司（统一社会信用代码：{CODE}），"
            f"住所测试市示范街2号，法定代表人王样例（身份证号：{PERSON_ID}）。\n本局于2024年3月1日立案调查。")
    parties = _entities(text)
    rep = next(e for e in parties.values() if e["role"] == "legal_rep")
    assert rep["name"] == "王样例" and rep["id_number"] == PERSON_ID and rep["kind"] == "person"
    assert ("party", "测试市样例建材有限公司") in _roles(text)


def test_a_table_rule_read_as_a_bar_is_a_cell_edge():
    text = f"询问笔录\n被询问人|李测试\n性别:男\n身份证号丨{PERSON_ID}\n询问人:王执法"
    parties = _entities(text)
    assert parties[f"interviewee:{PERSON_ID}"]["name"] == "李测试"


def test_an_agent_whose_cell_edge_was_lost_and_the_law_firm_is_no_party():
    text = ("陈述申辩笔录\n陈述申辩人:测试市样例建材有限公司法定代表人:王样例\n委托代理人孙测强\n"
            "工作单位:测试市样本律师事务所\n承办人:赵执法")
    roles = _roles(text)
    assert ("agent", "孙测强") in roles
    assert not any(name.endswith("律师事务所") for _, name in roles)


def test_an_interviewee_whose_post_is_legal_representative_answers_for_the_company():
    text = (f"询问笔录\n被询问人：蒋测东　性别：女　身份证号：{PERSON_ID}\n"
            "工作单位：测试市样例化工股份有限公司　职务：法定代表人\n询问人：王执法")
    roles = _roles(text)
    assert {("interviewee", "蒋测东"), ("legal_rep", "蒋测东"), ("party", "测试市样例化工股份有限公司")} <= roles


@pytest.mark.parametrize("phrase", ["你单位的上述行为违反了规定", "也可以在六个月内依法向人民法院提起行政诉讼",
                                    "逾期仍不履行的，本局将依法申请人民法院强制执行"])
def test_closing_clauses_of_a_decision_are_no_organisation(phrase):
    text = f"行政处罚决定书\n测罚决〔2024〕3号\n{phrase}。"
    assert not any(len(name) > 4 for _, name in _roles(text))


@pytest.mark.parametrize("facts", ["经查，当事人未对原料仓库冷库等有限空间作业场所进行辨识并设置警示标志",
                                   "当事人所属重型货车(号牌测A·12345)装载砂石驶入测试超限检测站"])
def test_a_facts_sentence_ending_in_a_place_is_no_organisation(facts):
    text = f"集体讨论记录\n讨论案件：测试市样例建材有限公司涉嫌违法一案\n{facts}。"
    orgs = {name for role, name in _roles(text) if role == "party"}
    assert orgs == {"测试市样例建材有限公司"}


def test_a_value_on_the_line_below_its_label_in_a_forms_column():
    text = (f"行政处罚决定书\n当事人名称：测试市样例建材有限公司\n统一社会信用代码：{CODE}　法定代表人：王样例\n"
            f"法定代表人身份证号\n{PERSON_ID}\n住所：测试市示范街2号")
    rep = next(e for e in _entities(text).values() if e["role"] == "legal_rep")
    assert (rep["name"], rep["id_number"]) == ("王样例", PERSON_ID)
