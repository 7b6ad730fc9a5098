"""Decision measures and amounts; service methods; agency and cause."""
from __future__ import annotations

import pytest

from classify.agency import extract_agency, extract_cause
from classify.extract import extract
from classify.form import label_hits
from classify.measures import capital_amount, extract_measures, extract_service_method
from classify.text import DocText
from records.text import normalise_text

AGENCY = "测试市示例区市场监督管理局"


@pytest.mark.parametrize("text, value", [("贰仟", 2000), ("壹万伍仟", 15000), ("叁拾", 30), ("伍万零伍佰", 50500),
                                         ("十二万", 120000), ("两千", 2000), ("壹佰万", 1000000)])
def test_capital_amounts(text, value):
    assert capital_amount(text) == value


def _measures(text: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for f in extract_measures(normalise_text(text)):
        out.setdefault(f.group, {})[f.attr] = (f.value, f.problems)
    return out


def test_decision_measures_with_amounts_written_both_ways():
    text = ("本机关决定对你（单位）作出如下行政处罚：\n（一）警告；\n（二）罚款人民币贰仟元整（2000元）。\n"
            "请于收到本决定书之日起十五日内缴纳罚款。逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。")
    assert _measures(text) == {"measure:warning": {"measure": ("警告", ())},
                               "measure:fine": {"measure": ("罚款", ()), "amount": ("2000", ())}}


def test_amounts_that_disagree_go_to_review():
    found = _measures("决定如下：罚款人民币贰万元整（2000元）。")
    assert found["measure:fine"]["amount"] == ("2000", ("amount_mismatch",))


def test_revocation_and_ten_thousands():
    found = _measures("决定如下：（一）没收违法所得1.5万元；（二）吊销许可证。")
    assert found["measure:confiscate_income"]["amount"][0] == "15000"
    assert "measure:revoke_license" in found


@pytest.mark.parametrize("line, method", [("送达方式：直接送达", "direct"), ("送达方式：留置送达", "left"),
                                          ("送达方式：邮寄送达（EMS）", "post"), ("送达方式：公告送达", "notice"),
                                          ("送达方式：委托送达", "entrusted"), ("送达方式：电子送达", "electronic")])
def test_service_methods(line, method):
    text = normalise_text(f"送达回证\n{line}")
    assert [f.value for f in extract_service_method(text, label_hits(text))] == [method]


def test_an_unlabelled_refusal_means_left_with_less_confidence():
    text = "送达回证\n备注：受送达人拒绝签收，已将文书留置于其住所"
    found = extract_service_method(text, label_hits(text))
    assert found[0].value == "left" and found[0].confidence < 0.75


def test_agency_from_running_text_or_settled_by_the_registry():
    prose = normalise_text(f"问：我们是{AGENCY}的执法人员。")
    assert extract_agency(prose, [AGENCY])[0].value == AGENCY
    sealed = "……\n测试市示例区市场监督汇理局\n二〇二三年三月六日"  # a seal damaged one character
    found = extract_agency(sealed, [AGENCY, "测试市示例区生态环境局"])[0]
    assert found.value == AGENCY and "settled_by_registry" in found.problems


def test_an_unknown_agency_is_kept_as_read_but_sent_to_review():
    found = extract_agency("……\n测试市某某区城市管理局\n2024年3月6日", [AGENCY])[0]
    assert found.value == "测试市某某区城市管理局" and found.confidence < 0.75


@pytest.mark.parametrize("text, cause", [
    ("案由：涉嫌未取得施工许可证擅自施工案", "未取得施工许可证擅自施工"),
    ("本机关于2024年1月29日对你（单位）涉嫌销售超过保质期的食品一案立案调查", "销售超过保质期的食品"),
    ("现就张测试涉嫌擅自占用城市道路堆放物料一事依法进行询问调查", "擅自占用城市道路堆放物料"),
])
def test_cause(text, cause):
    text = normalise_text(text)
    assert extract_cause(text, label_hits(text))[0].value == cause


def test_measures_are_read_only_from_documents_that_decide():
    text = "询问笔录\n问：你是否知道罚款的规定？决定如下：罚款2000元。"
    assert not [f for f in extract(DocText.from_strings([text])).fields if f.kind == "measure"]
