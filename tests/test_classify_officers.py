"""Officers with certificate numbers and roles; recording devices."""
from __future__ import annotations

import pytest

from classify.extract import extract
from classify.text import DocText


def _officers(text: str) -> dict[str, dict]:
    ex = extract(DocText.from_strings([text]))
    out: dict[str, dict] = {}
    for f in ex.fields:
        if f.kind == "officer":
            out.setdefault(f.value if f.attr == "name" else f.group.split(":", 1)[1], {})[f.attr] = f.value
    return {name: {k: v for k, v in o.items() if k != "name"} for name, o in out.items()}


def _devices(text: str) -> list[str]:
    return [f.value for f in extract(DocText.from_strings([text])).fields if f.kind == "device"]


def test_interviewer_and_recorder_each_with_a_certificate():
    text = ("询问笔录\n询问人：李样例　执法证号：13018199892\n记录人：马样二　执法证号：13019794263\n"
            "询问人签名：李样例　记录人签名：马样二")
    assert _officers(text) == {"李样例": {"role": "interviewer", "cert_no": "13018199892"},
                               "马样二": {"role": "recorder", "cert_no": "13019794263"}}


def test_several_officers_after_one_label_with_certificates_in_brackets():
    text = "现场检查笔录\n检查人员：李样例（执法证号：13018199892）、马样二（执法证件编号：J1301979）"
    assert _officers(text) == {"李样例": {"role": "handler", "cert_no": "13018199892"},
                               "马样二": {"role": "handler", "cert_no": "J1301979"}}


def test_a_sentence_starting_with_the_officer_label_names_no_officers():
    text = ("现场检查笔录\n检查人员：李样例（执法证号：13018199892）\n"
            "执法人员出示执法证件，表明身份，告知当事人有陈述、申辩和申请回避的权利。")
    assert _officers(text) == {"李样例": {"role": "handler", "cert_no": "13018199892"}}


def test_a_certificate_on_the_next_table_row_belongs_to_the_officer_above():
    text = "送达回证\n送达人\n李样例\n执法证号\n13018199892\n送达人\n马样二\n执法证号\n13019794263"
    assert _officers(text) == {"李样例": {"role": "server", "cert_no": "13018199892"},
                               "马样二": {"role": "server", "cert_no": "13019794263"}}


def test_approval_form_roles():
    text = ("立案审批表\n承办人意见:建议立案。承办人:李样例、马样二2024-01-29\n法制审核意见:同意。审核人:徐测试2024-01-29\n"
            "负责人审批意见:同意立案。负责人:刘某2024-01-29")
    assert _officers(text) == {"李样例": {"role": "handler"}, "马样二": {"role": "handler"},
                               "徐测试": {"role": "reviewer"}, "刘某": {"role": "approver"}}


def test_officers_named_in_running_text_are_handlers():
    text = "询问笔录\n问：我们是测试市示例区住房和城乡建设局的执法人员李样例、马样二，这是我们的执法证件。"
    assert _officers(text) == {"李样例": {"role": "handler"}, "马样二": {"role": "handler"}}


def test_an_organisations_head_is_not_an_approving_officer():
    text = "现场检查笔录\n当事人：测试市样例商贸有限公司\n统一社会信用代码：91110101MA0011234Y　负责人：王样例"
    assert _officers(text) == {}


def test_a_certificate_with_o_for_0_is_settled_when_the_rest_are_digits():
    officers = _officers("询问笔录\n询问人：李样例　执法证号：1301819989O")
    assert officers["李样例"]["cert_no"] == "13018199890"


def test_device_numbers_in_labels_and_in_running_text():
    text = ("现场检查笔录\n执法记录仪编号：DSJ-TEST-3190\n"
            "执法人员使用执法记录仪（编号：dsj-test-0007）进行了全程记录。")
    assert _devices(text) == ["DSJ-TEST-3190", "DSJ-TEST-0007"]


def test_a_recorder_mentioned_without_a_number_names_no_device():
    assert _devices("现场检查笔录\n执法人员使用执法记录仪对检查过程进行了全程记录。") == []


# -- #13: officers by name shape, certificates wherever the layout puts them, roles --------------------------

def test_phrases_and_fragments_are_not_officers():
    text = ("行政处罚决定书\n你提出的陈述申辩意见，经复核，复核结果如下。\n复核人：夏某第一次\n审核人：·于某\n"
            "承办人：你提出的\n批准人：复核结果")
    assert _officers(text) == {}


def test_certificates_beside_the_names_of_an_inspection_record_are_paired_with_them():
    # The spaces between name and label were layout: normalisation removes them.
    text = "现场检查笔录\n检查人员：李样例 执法证号：13018199892 马样二 执法证号：13019794263\n记录人：王某"
    assert _officers(text) == {"李样例": {"role": "handler", "cert_no": "13018199892"},
                               "马样二": {"role": "handler", "cert_no": "13019794263"},
                               "王某": {"role": "recorder"}}


def test_certificates_in_the_rows_of_a_table_under_one_label():
    text = "现场检查笔录\n检查人员\t李样例\t执法证号\t13018199892\n\t马样二\t执法证号\t13019794263\n检查地点：某地"
    assert _officers(text) == {"李样例": {"role": "handler", "cert_no": "13018199892"},
                               "马样二": {"role": "handler", "cert_no": "13019794263"}}


@pytest.mark.parametrize("sentence", [
    "执法人员李样例（执法证号：13018199892）、马样二（执法证号：13019794263），现依法向你询问。",
    "执法人员李样例、马样二（执法证号分别为13018199892、13019794263），这是我们的执法证件。",
])
def test_officers_and_certificates_in_a_sentence(sentence):
    assert _officers(f"询问笔录\n问：我们是测试市示例区住房和城乡建设局的{sentence}") == {
        "李样例": {"role": "handler", "cert_no": "13018199892"},
        "马样二": {"role": "handler", "cert_no": "13019794263"}}


def test_the_officers_of_a_closing_report_and_its_approver():
    text = ("结案报告\n当事人：张测试\n承办人：李样例 马样二　2023年7月1日\n承办机构负责人：赵测试\n"
            "负责人意见：同意结案。\n王某某　2023年7月3日")
    assert _officers(text) == {"李样例": {"role": "handler"}, "马样二": {"role": "handler"},
                               "赵测试": {"role": "reviewer"}, "王某某": {"role": "approver"}}


def test_a_signature_line_with_a_bracketed_note():
    text = "立案审批表\n承办人意见：建议立案。\n承办人（签名）：李样例　2023年3月1日\n批准人（签字）：刘某"
    assert _officers(text) == {"李样例": {"role": "handler"}, "刘某": {"role": "approver"}}


@pytest.mark.parametrize("certs", ["13018199892、J1301979", "13018199892 J1301979", "13018199892，J1301979"])
def test_a_list_of_certificates_under_a_list_of_names_pairs_them_in_order(certs: str):
    text = f"询问笔录\n询问人：李样例、马样二\n执法证号：{certs}\n被询问人：周样三"
    assert _officers(text) == {"李样例": {"role": "interviewer", "cert_no": "13018199892"},
                               "马样二": {"role": "interviewer", "cert_no": "J1301979"}}


def test_two_certificates_under_three_names_are_given_to_nobody():
    # Which number is whose cannot be told: better an officer without a number than with another's.
    text = "询问笔录\n询问人：李样例、马样二、赵样四\n执法证号：13018199892、13019794263\n被询问人：周样三"
    assert all("cert_no" not in o for o in _officers(text).values())


def test_handlers_in_rows_of_name_and_number_under_a_label_on_its_own_line():
    # The label's cell holds one officer a row; the second row carries no label of its own.
    text = ("案件立案审批表\n当事人\n测试丙\n承办人\n李样甲91230045671\n马样乙91230045689\n"
            "负责人审批\n同意立案。")
    got = _officers(text)
    assert got["李样甲"] == {"role": "handler", "cert_no": "91230045671"}
    assert got["马样乙"] == {"role": "handler", "cert_no": "91230045689"}


def test_a_phone_on_the_next_row_is_no_officer_certificate():
    text = "案件立案审批表\n承办人\n李样甲91230045671\n马样乙13800001234\n"
    assert "马样乙" not in _officers(text)


def test_a_compound_surname_run_together_with_another_name_stays_whole():
    text = "案件立案审批表\n当事人\n测试丙\n承办人\n李甲欧阳样乙\n负责人审批\n同意立案。"
    got = _officers(text)
    assert set(got) >= {"李甲", "欧阳样乙"}
    assert "李甲欧" not in got and "阳样乙" not in got


def test_a_signature_one_character_off_the_interviewer_is_that_interviewer_misread():
    text = ("询问笔录\n询问人：李样甲、马样乙\n执法证号：91230045671、91230045689\n被询问人：测试丙\n"
            "问：是否看清楚？\n答：看清楚了。\n询问人签名：赵样甲马样乙")
    got = _officers(text)
    assert set(got) == {"李样甲", "马样乙"}


def test_a_signer_not_named_in_the_fields_is_still_an_officer():
    text = ("询问笔录\n询问人：李样甲\n执法证号：91230045671\n被询问人：测试丙\n"
            "问：是否看清楚？\n答：看清楚了。\n询问人签名：李样甲马样乙")
    assert set(_officers(text)) == {"李样甲", "马样乙"}


def test_handlers_named_in_prose_before_chengban():
    text = ("法制审核意见书\n李样甲、欧阳样乙同志承办的测试丙涉嫌违法一案，经审核，事实清楚。\n审核人：马样丁")
    got = _officers(text)
    assert got["李样甲"] == {"role": "handler"} and got["欧阳样乙"] == {"role": "handler"}
    text2 = "立案审批表\n负责人意见\n同意立案，由李样甲、马样乙承办。"
    assert {"李样甲", "马样乙"} <= set(_officers(text2))


def test_a_phrase_before_chengban_names_no_officer():
    text = "立案审批表\n负责人意见\n同意立案，由本局执法大队承办。"
    assert not any(n.startswith("本局") or "大队" in n for n in _officers(text))


def test_a_police_officer_with_his_badge_number():
    text = "当场处罚决定书\n被处罚人：测试丙\n处罚地点：某路口交通警察：李样甲警号：0123456"
    assert _officers(text)["李样甲"] == {"role": "handler", "cert_no": "0123456"}
    # The party's signature the layout puts on the officer's line is no officer.
    text2 = "当场处罚决定书\n被处罚人：马样乙\n交通警察：李样甲警号：0123456 被处罚人签名：马样乙"
    assert set(_officers(text2)) == {"李样甲"}


def test_a_bracketed_certificate_wrapped_by_its_cell_is_read_whole():
    text = ("立案审批表\n当事人\n测试丙\n案情摘要\n建议立案调查。承办人：李样甲（91230045）、马样乙（912300\n"
            "承办人意见\n46)\n负责人审批\n同意立案。")
    got = _officers(text)
    assert got["李样甲"]["cert_no"] == "91230045" and got["马样乙"]["cert_no"] == "91230046"


def test_a_closed_bracket_takes_nothing_from_the_next_line():
    text = "立案审批表\n承办人：李样甲（91230045）\n12)\n"
    assert _officers(text)["李样甲"]["cert_no"] == "91230045"


def test_a_wrapped_certificate_whose_rest_follows_a_neighbouring_cell_label_on_the_line():
    text = "立案审批表\n承办人：李样甲（912300承办人意见：46）\n负责人审批：同意立案。"
    assert _officers(text)["李样甲"]["cert_no"] == "91230046"


def test_a_table_of_officers_read_cell_by_cell_gives_each_row_its_certificate():
    # "承办人 | 甲 | 执法证号 | 1" over "| 乙 | | 2": the second row's cells read as a name line and a number line.
    rows = _officers("立案审批表\n承办人:冯样甲\n执法证号:YJ-1101-0001\n韩样乙\nYJ-1101-0002\n承办人意见:建议立案。")
    assert rows["冯样甲"]["cert_no"] == "YJ-1101-0001" and rows["韩样乙"]["cert_no"] == "YJ-1101-0002"
    # Names listed first, then their numbers under one label, in the same order.
    listed = _officers("询问笔录\n询问人:冯样甲\n韩样乙\n执法证号:11010000001\n11010000002\n记录人:韩样乙")
    assert listed["冯样甲"]["cert_no"] == "11010000001" and listed["韩样乙"]["cert_no"] == "11010000002"


def test_a_number_below_the_table_that_is_a_date_or_a_phone_is_no_certificate():
    rows = _officers("立案审批表\n承办人:冯样甲\n执法证号:YJ-1101-0001\n韩样乙\n13800000001\n承办人意见:建议立案。")
    assert rows["冯样甲"]["cert_no"] == "YJ-1101-0001" and "cert_no" not in rows.get("韩样乙", {})


@pytest.mark.parametrize("label", ["监察证号", "劳动保障监察证号", "检查证号", "海事执法证号", "监督检查证号"])
def test_inspectorates_certificates_under_their_own_names_are_the_officers(label):
    # 劳动保障监察证, 海事执法证, 监督检查证: the certificate is not called 执法证, and its label's first words
    # are never an officer's name.
    found = _officers(f"询问笔录\n询问人：郑样甲（{label}：L3301000101）、韩样乙（{label}：L3301000102）\n"
                      f"检查人员：郑样甲 {label}：L3301000101 韩样乙 {label}：L3301000102")
    assert {n: o.get("cert_no") for n, o in found.items()} == {"郑样甲": "L3301000101", "韩样乙": "L3301000102"}


def test_inspectors_introduced_in_a_question_take_the_numbers_the_next_clause_gives():
    found = _officers("询问笔录\n问：我们是样湖县人力资源和社会保障局的劳动保障监察员郑样甲、韩样乙，"
                      "证件号码为L3301000101、L3301000102，请你过目。\n答：看清楚了。")
    assert {n: o.get("cert_no") for n, o in found.items()} == {"郑样甲": "L3301000101", "韩样乙": "L3301000102"}
