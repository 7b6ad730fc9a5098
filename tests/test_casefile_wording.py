"""Checks read as words: findings name their kind and rest on named regulations and articles, not codes;
a case is called 终结 only once it has its decision (or closing report)."""
from __future__ import annotations

import datetime as dt

import pytest

from casefiles.case_data import CaseInfo
from casefiles.checks import check_case, concluded
from casefiles.citations import chinese_number, cite_text, regulations
from test_cases_rules import RULES, T, doc, penalty_case


@pytest.mark.parametrize("n, words", [(1, "一"), (9, "九"), (10, "十"), (13, "十三"), (20, "二十"), (28, "二十八"),
                                      (33, "三十三"), (100, "一百"), (105, "一百零五"), (110, "一百一十")])
def test_articles_are_numbered_in_chinese(n, words):
    assert chinese_number(n) == words


def test_a_citation_names_the_regulation_and_its_article():
    assert cite_text("000:28") == "鹿泉区住建局行政执法全过程记录制度 第二十八条"
    assert cite_text("000:13; 001:24") == ("鹿泉区住建局行政执法全过程记录制度 第十三条；"
                                         "易县公安局行政执法全过程记录实施办法 第二十四条")
    # articles of one regulation in a row are listed under its name once
    assert cite_text("002(审核):4; 002(审核):6") == "武汉市民政系统重大行政执法决定法制审核办法 第四条、第六条"
    assert cite_text("002(记录):25") == "武汉市民政系统行政执法全过程记录办法 第二十五条"


def test_every_seed_cited_by_the_default_rules_has_a_name():
    names = regulations()
    cited = [RULES.major_decision.cite, RULES.date_order.cite, RULES.officers.cite,
             *(d.cite for d in RULES.deadlines.values()), *(r.cite for r in RULES.av_required),
             *(req.cite for kind in RULES.case_kinds for req in kind.required)]
    for cite in cited:
        words = cite_text(cite, names)
        assert ":" not in words and words.endswith("条"), (cite, words)


def test_an_agency_names_its_own_regulation():
    names = regulations({"regulations": {"009": "测试市测试局行政执法全过程记录办法"}})
    assert cite_text("009:4", names) == "测试市测试局行政执法全过程记录办法 第四条"
    assert cite_text("009:4") == "009 第四条"  # unknown seeds stay readable, never dropped


def test_a_finding_carries_its_kind_and_basis_in_words():
    missing = next(f for f in check_case(RULES, penalty_case(d3=None), dt.date(2024, 3, 15)) if f.kind == "missing")
    data = missing.to_json()
    assert data["kind_label"] == "缺失" and data["message"] == "一般程序行政处罚案卷缺少权利（事先）告知书"
    assert data["basis"] == "武汉市民政系统行政执法全过程记录办法 第十四条"


def test_a_concluded_case_is_called_concluded():
    case = penalty_case()
    case.archived_at = None
    assert concluded(case)
    overdue = [f for f in check_case(RULES, case, dt.date(2024, 5, 1)) if f.code == "overdue:archive"]
    assert overdue[0].message.startswith("案件于2024-03-14终结（《service_receipt》）")


def test_a_case_without_a_decision_is_never_called_concluded():
    case = penalty_case(d4=None, d5=None)  # approval, inquiry, notice: no decision yet
    case.archived_at = None
    assert not concluded(case)
    findings = check_case(RULES, case, dt.date(2025, 1, 1))
    assert not any("终结" in f.message for f in findings)
    assert "missing:decision" in [f.code for f in findings]
    assert not [f for f in findings if f.code == "overdue:archive"]  # the act has not ended: no deadline yet


def test_an_inspection_without_a_decision_counts_from_its_last_act_in_plain_words():
    case = CaseInfo(1, "测住建检〔2024〕3号", 1, None, [doc(1, "inspection_record", T(2024, 3, 2), "inspected",
                                                        devices=["DSJ-1"])])
    overdue = [f for f in check_case(RULES, case, dt.date(2024, 5, 1)) if f.code == "overdue:archive"]
    assert overdue and "终结" not in overdue[0].message
    assert overdue[0].message.startswith("案件尚无处理决定，最近一项执法活动（《inspection_record》）在2024-03-02")
