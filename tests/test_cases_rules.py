"""The rule engine: each default rule firing and not firing, per-agency overrides, rule-file errors, scores."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from casefiles.case_data import CaseInfo, DocInfo, OfficerInfo
from casefiles.checks import check_case
from casefiles.rules import RULES_DIR, RuleError, default_rules, load_rule_file, rules_for, scheme_for
from casefiles.scoring import score_case

RULES = default_rules()
TODAY = dt.date(2024, 4, 1)
T = dt.datetime


def doc(id: int, doc_type: str, when: dt.datetime | None = None, meaning: str | None = None, **kw) -> DocInfo:
    dates = dict(kw.pop("dates", {}))
    if when and meaning:
        dates[meaning] = when
    return DocInfo(id=id, doc_type=doc_type, stage=None, title=doc_type, doc_date=when.date() if when else None,
                   dates=dates, **kw)


TWO = [OfficerInfo("李样例", "13010000001", ("interviewer",)), OfficerInfo("马样二", "13010000002", ("recorder",))]


def penalty_case(**changes) -> CaseInfo:
    """A complete, timely general-procedure penalty case; `changes` replaces documents by id."""
    docs = {
        1: doc(1, "case_initiation_approval", T(2024, 3, 1), "filed"),
        2: doc(2, "inquiry_record", T(2024, 3, 2, 9, 30), "inquired", officers=TWO),
        3: doc(3, "penalty_notice", T(2024, 3, 5), "notified"),
        4: doc(4, "penalty_decision", T(2024, 3, 12), "decided", measures={"fine": 5000}),
        5: doc(5, "service_receipt", T(2024, 3, 14), "served", service_method="direct", officers=TWO),
    }
    for key, value in changes.items():
        docs.pop(int(key.removeprefix("d")), None)
        if value is not None:
            docs[value.id] = value
    return CaseInfo(1, "测住建罚〔2024〕12号", 1, None, list(docs.values()), archived_at=T(2024, 3, 20))


def codes(case: CaseInfo, rules=RULES, today=TODAY) -> list[str]:
    return [f.code for f in check_case(rules, case, today)]


def test_a_complete_timely_case_has_no_findings():
    assert codes(penalty_case()) == []


@pytest.mark.parametrize("kind", RULES.case_kinds, ids=lambda k: k.code)
def test_each_kind_is_complete_with_its_required_documents_and_misses_each_one(kind):
    full = [doc(i, req.any_of[0]) for i, req in enumerate(kind.required, 1)]
    full += [doc(99, kind.when_any[0])]
    assert not [c for c in codes(CaseInfo(1, "x", 1, None, full)) if c.startswith("missing:")]
    for i, req in enumerate(kind.required, 1):
        without = [d for d in full if d.id != i and d.doc_type not in req.any_of]
        if not any(d.doc_type in kind.when_any for d in without):
            continue  # removing it changes what kind of case this is
        findings = check_case(RULES, CaseInfo(1, "x", 1, None, without), TODAY)
        missing = [f for f in findings if f.code == f"missing:{req.code}"]
        assert missing and missing[0].cite == req.cite


@pytest.mark.parametrize("rule", RULES.av_required, ids=lambda r: r.code)
def test_each_audio_visual_rule_fires_without_a_record_and_not_with_one(rule):
    day = T(2024, 3, 3, 10)
    kw = {"service_method": rule.service_methods[0]} if rule.service_methods else {}
    text = rule.text_any[0] if rule.text_any else ""
    act = doc(7, rule.doc_types[0], day, "signed", text=text, **kw)
    assert f"av_missing:{rule.code}" in codes(penalty_case(d7=act))
    with_device = doc(7, rule.doc_types[0], day, "signed", text=text, devices=["DSJ-TEST-0001"], **kw)
    assert f"av_missing:{rule.code}" not in codes(penalty_case(d7=with_device))
    note = doc(8, "av_record_note", day, "recorded")
    assert f"av_missing:{rule.code}" not in codes(penalty_case(d7=act, d8=note))
    said = doc(7, rule.doc_types[0], day, "signed", text=text + "执法人员使用执法记录仪进行了全程记录", **kw)
    assert f"av_missing:{rule.code}" not in codes(penalty_case(d7=said))


def test_service_by_hand_needs_no_recording_but_by_leaving_does():
    assert codes(penalty_case(d5=doc(5, "service_receipt", T(2024, 3, 14), "served", service_method="direct"))) == []
    left = codes(penalty_case(d5=doc(5, "service_receipt", T(2024, 3, 14), "served", service_method="left")))
    assert left == ["av_missing:service_left"]


def test_enforcement_needs_a_recording_only_for_removal_or_restoration():
    fine = doc(9, "enforcement_decision", T(2024, 3, 15), "decided", text="加处罚款")
    assert "av_missing:enforcement_restore" not in codes(penalty_case(d9=fine))


@pytest.mark.parametrize("extra, major", [
    (doc(8, "hearing_record", T(2024, 3, 8), "hearing", devices=["DSJ-1"]), True),
    (doc(8, "collective_discussion", T(2024, 3, 10), "discussed"), True),
    (None, False),
])
def test_a_major_decision_needs_a_legal_review(extra, major):
    found = codes(penalty_case(d8=extra) if extra else penalty_case())
    assert ("major:legal_review" in found) == major
    if major:
        review = doc(9, "legal_review_opinion", T(2024, 3, 11), "reviewed")
        assert "major:legal_review" not in codes(penalty_case(d8=extra, d9=review))


@pytest.mark.parametrize("measures, major", [({"fine": 50000}, True), ({"fine": 5000}, False),
                                              ({"revoke_license": None}, True), ({"warning": None}, False)])
def test_large_fines_and_heavy_measures_are_major(measures, major):
    decision = doc(4, "penalty_decision", T(2024, 3, 12), "decided", measures=measures)
    assert ("major:legal_review" in codes(penalty_case(d4=decision))) == major


def test_a_legal_review_after_the_decision_is_out_of_order():
    late = doc(9, "legal_review_opinion", T(2024, 3, 13), "reviewed")
    assert "order:reviewed>decided" in codes(penalty_case(d9=late))


def test_archiving_late_on_time_and_overdue():
    case = penalty_case()
    case.archived_at = T(2024, 4, 20)
    assert codes(case) == ["late:archive"]
    case.archived_at = T(2024, 4, 13)
    assert codes(case) == []
    case.archived_at = None
    assert codes(case, today=dt.date(2024, 4, 10)) == []
    overdue = check_case(RULES, case, dt.date(2024, 5, 1))
    assert [f.code for f in overdue] == ["overdue:archive"] and overdue[0].document_id == 5
    assert overdue[0].cite == "000:28; 001:33; 002(记录):25; 004:19"


def test_an_archive_date_in_the_file_note_counts():
    note = doc(9, "file_note", T(2024, 5, 1), "archived")
    case = penalty_case(d9=note)
    case.archived_at = None
    assert codes(case) == ["late:archive"]


@pytest.mark.parametrize("hours, late", [(20, False), (30, True)])
def test_audio_visual_records_are_stored_within_24_hours(hours, late):
    recorded = T(2024, 3, 2, 9, 30)
    note = doc(9, "av_record_note", recorded, "recorded", dates={"stored": recorded + dt.timedelta(hours=hours)})
    assert ("late:av_storage" in codes(penalty_case(d9=note))) == late


def test_an_agency_may_allow_two_days_for_storing_recordings():
    rules = rules_for({"case_rules": {"deadlines": {"av_storage": {"hours": None, "days": 2, "cite": "002(记录):25"}}}})
    recorded = T(2024, 3, 2, 9, 30)
    note = doc(9, "av_record_note", recorded, "recorded", dates={"stored": recorded + dt.timedelta(hours=30)})
    assert "late:av_storage" not in codes(penalty_case(d9=note), rules)


@pytest.mark.parametrize("filed_day, late", [(2, False), (3, False), (4, True)])
def test_an_approval_filed_after_the_act_is_late_after_24_hours(filed_day, late):
    inspection = doc(6, "inspection_record", T(2024, 3, 2, 9), "inspected", devices=["DSJ-1"], officers=TWO)
    approval = doc(1, "case_initiation_approval", T(2024, 3, filed_day), "filed")
    inquiry = doc(2, "inquiry_record", T(2024, 3, 4, 9), "inquired", officers=TWO)
    assert ("late:emergency_approval" in codes(penalty_case(d1=approval, d2=inquiry, d6=inspection))) == late


def test_dates_running_backwards_are_found_and_name_both_documents():
    early = doc(5, "service_receipt", T(2024, 3, 10), "served", service_method="direct")
    findings = check_case(RULES, penalty_case(d5=early), TODAY)
    assert [f.code for f in findings] == ["order:decided>served"]
    assert "行政处罚决定书" not in findings[0].message  # titles are the documents' own
    assert "penalty_decision" in findings[0].message and findings[0].document_id == 5


@pytest.mark.parametrize("officers, expected", [
    (TWO, []),
    (TWO[:1], ["quality:too_few_officers"]),
    ([OfficerInfo("李样例", None, ("interviewer",)), TWO[1]], ["quality:cert_missing"]),
])
def test_investigation_records_name_two_officers_with_certificates(officers, expected):
    inquiry = doc(2, "inquiry_record", T(2024, 3, 2, 9, 30), "inquired", officers=officers)
    assert codes(penalty_case(d2=inquiry)) == expected


# -- rule files -------------------------------------------------------------------------------------

def _write_rules(tmp_path: Path, change) -> Path:
    data = yaml.safe_load((RULES_DIR / "default.yaml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, message", [
    (lambda d: d["av_required"][4].update(doc_types=["servce_receipt"]),
     "rule av_required[service_left] names unknown document type 'servce_receipt'"),
    (lambda d: d["case_kinds"][1]["required"][3].update(any_of=["penalty_decison"]),
     "rule case_kinds[penalty].required[decision] names unknown document type 'penalty_decison'"),
    (lambda d: d["deadlines"]["archive"].update(days="thirty"), "rule deadlines.archive.days"),
    (lambda d: d["deadlines"].pop("av_storage"), "rule deadlines lacks av_storage"),
    (lambda d: d["av_required"][0].update(colour="red"), "rule av_required[inspection].colour"),
    (lambda d: d["date_order"]["pairs"].append(["decided", "servd"]), "rule date_order[decided, servd]"),
    (lambda d: d["archive_no"]["retention"]["by_kind"].update(penalty="forever"),
     "rule archive_no.retention.by_kind[penalty]"),
])
def test_a_rule_file_error_names_the_rule(tmp_path, change, message):
    path = _write_rules(tmp_path, change)
    with pytest.raises(RuleError) as e:
        load_rule_file(path)
    assert message in e.value.message and str(path) in e.value.message


def test_a_broken_yaml_file_says_so(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("case_kinds: [unclosed", encoding="utf-8")
    with pytest.raises(RuleError, match="cannot be read as YAML"):
        load_rule_file(path)


def test_a_broken_rules_directory_fails_loudly(tmp_path, monkeypatch):
    _write_rules(tmp_path, lambda d: d["av_required"][0].update(doc_types=["nonsense"])).rename(tmp_path / "default.yaml")
    (tmp_path / "review_scheme.yaml").write_text((RULES_DIR / "review_scheme.yaml").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    monkeypatch.setenv("EARCHIVE_RULES_DIR", str(tmp_path))
    with pytest.raises(RuleError, match=r"rule av_required\[inspection\]"):
        default_rules()


def test_an_agency_override_error_names_the_rule_too():
    with pytest.raises(RuleError, match=r"Agency.rules\['case_rules'\].*rule officers.min_on_inquiry"):
        rules_for({"case_rules": {"officers": {"min_on_inquiry": 0}}})


def test_an_agency_may_switch_a_rule_off():
    rules = rules_for({"case_rules": {"av_required": [{"code": "service_left", "disabled": True}]}})
    left = doc(5, "service_receipt", T(2024, 3, 14), "served", service_method="left")
    assert codes(penalty_case(d5=left), rules) == []


# -- review score -----------------------------------------------------------------------------------

def test_a_veto_item_sets_the_score_to_zero_and_names_the_document():
    score = score_case(scheme_for(None), check_case(RULES, penalty_case(d4=None), TODAY))
    assert score.score == 0 and score.vetoed
    assert [(line.item, line.veto) for line in score.lines] == [("no_decision", True)]


def test_deductions_name_their_item_and_stop_at_the_cap():
    inquiries = {f"d{i}": doc(i, "inquiry_record", T(2024, 3, 2), "inquired", officers=TWO[:1]) for i in range(10, 14)}
    case = penalty_case(**inquiries)
    case.archived_at = T(2024, 5, 1)
    score = score_case(scheme_for(None), check_case(RULES, case, TODAY))
    lines = [(line.item, line.points, line.finding.document_id) for line in score.lines]
    assert lines[0] == ("late_archiving", 5, 5)
    assert [points for item, points, _ in lines if item == "too_few_officers"] == [5, 5]  # capped at 10
    assert score.score == 100 - 5 - 10 and not score.vetoed and score.passed


def test_an_agency_scheme_can_change_points():
    scheme = scheme_for({"review_scheme": {"deductions": [{"code": "late_archiving", "points": 12}]}})
    case = penalty_case()
    case.archived_at = T(2024, 5, 1)
    assert score_case(scheme, check_case(RULES, case, TODAY)).score == 88


def test_a_bad_scheme_item_names_itself():
    with pytest.raises(RuleError, match="rule late_archiving: finding pattern"):
        scheme_for({"review_scheme": {"deductions": [{"code": "late_archiving", "findings": ["late archive"]}]}})
