"""access_control.policy: the decision table, slips, secrecy, agency rules, and search filters that agree with it."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from access_control.policy import (
    Action,
    CaseRecord,
    SlipGrant,
    Subject,
    approvable,
    decide,
    permission_filter_for,
    releasable_to_applicant,
)
from access_control.rules import AccessRules
from earchive.errors import ConfigError
from indexer.base import IndexedDocument, IndexedPage, SearchQuery
from records.classification import LEVELS as CLASSIFICATION_LEVELS
from records.classification import label as classification_label
from indexer.embedded import EmbeddedBackend

LOW, INTERNAL, TOP = CLASSIFICATION_LEVELS[0], "internal", CLASSIFICATION_LEVELS[-1]
ABOVE_INTERNAL = CLASSIFICATION_LEVELS[CLASSIFICATION_LEVELS.index("internal") + 1]
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
AGENCY_1 = frozenset({1, 2})  # units 1 and 2 form agency 1; unit 3 is another agency


def U(role: str, unit_id: int | None = 1, clearance: str = INTERNAL, active: bool = True, **kw) -> Subject:
    agency = AGENCY_1 if unit_id in AGENCY_1 else (frozenset({unit_id}) if unit_id else frozenset())
    return Subject(id=kw.pop("id", 100), role=role, unit_id=unit_id, clearance=clearance, active=active,
                   agency_unit_ids=agency, **kw)


@dataclass
class D:
    unit_id: int | None = 1
    classification: str = INTERNAL
    id: int = 1
    case_id: int | None = None
    secrecy: list[str] = field(default_factory=list)


def slip(mode: str, docs: set[int], case_id: int = 9, days: int = 1, ceiling: str = INTERNAL) -> SlipGrant:
    return SlipGrant(slip_id=1, slip_no="A-2026-000001", mode=mode, case_id=case_id,
                     document_ids=frozenset(docs), valid_until=NOW + dt.timedelta(days=days),
                     max_classification=ceiling, downloads_left=3)


@pytest.mark.parametrize("user, action, record, allowed", [
    (U("admin", None, TOP), Action.administer, None, True),
    (U("admin", None, TOP), Action.view, D(), False),  # separation of duties: no records
    (U("admin", None, TOP), Action.search, None, False),
    (U("auditor", None, TOP), Action.audit, None, True),
    (U("auditor", None, TOP), Action.view, D(), False),
    (U("archivist"), Action.ingest, None, True),
    (U("archivist"), Action.view, D(unit_id=2), True),  # same agency
    (U("archivist"), Action.copy, D(unit_id=2), True),
    (U("archivist"), Action.view, D(unit_id=3), False),  # another agency
    (U("archivist"), Action.administer, None, False),
    (U("archivist"), Action.approve, None, False),
    (U("officer"), Action.search, None, True),
    (U("officer"), Action.view, D(unit_id=1), True),
    (U("officer"), Action.download, D(unit_id=1), True),
    (U("officer"), Action.print, D(unit_id=1), True),
    (U("officer"), Action.copy, D(unit_id=1), False),  # copies are released through the archivist
    (U("officer"), Action.view, D(unit_id=2), False),
    (U("officer"), Action.view, D(unit_id=None), False),
    (U("officer", unit_id=None), Action.view, D(unit_id=None), False),
    (U("officer"), Action.ingest, None, False),
    (U("officer"), Action.view, D(classification=ABOVE_INTERNAL), False),
    (U("officer", clearance=ABOVE_INTERNAL), Action.view, D(classification=ABOVE_INTERNAL), True),
    (U("officer", clearance=ABOVE_INTERNAL), Action.view, D(classification=LOW), True),
    (U("officer", clearance="no-such-level"), Action.view, D(classification=LOW), False),
    (U("officer"), Action.view, D(classification="no-such-level"), False),
    (U("officer", handled_case_ids=frozenset({7})), Action.view, D(unit_id=3, case_id=7), True),
    (U("officer", handled_case_ids=frozenset({7})), Action.view, D(unit_id=3, case_id=8), False),
    (U("officer", active=False), Action.search, None, False),
    (U("admin", active=False), Action.administer, None, False),
    (U("legal_reviewer"), Action.view, D(unit_id=2), True),
    (U("legal_reviewer"), Action.copy, D(unit_id=2), False),
    (U("head"), Action.approve, None, True),
    (U("head"), Action.view, D(unit_id=2), True),
    (U("applicant", None), Action.search, None, False),
    (U("applicant", None), Action.apply, None, True),
    (U("applicant", None), Action.view, D(), False),
    (U("no-such-role"), Action.view, D(), False),
    (U("archivist"), Action.view, None, False),  # a record action needs its record
    (None, Action.search, None, False),
])
def test_decide(user, action, record, allowed: bool) -> None:
    decision = decide(user, action, record, now=NOW)
    assert decision.allowed is allowed
    assert bool(decision) is allowed
    assert decision.reason if not allowed else decision.reason == ""


def test_reasons_say_why_in_chinese() -> None:
    assert "执法单位" in decide(U("officer"), "view", D(unit_id=2)).reason
    assert "密级" in decide(U("officer"), "view", D(classification=ABOVE_INTERNAL)).reason
    assert "停用" in decide(U("officer", active=False), "view", D()).reason
    assert decide(U("applicant"), "search").reason == "申请人无检索权限"
    secret = decide(U("applicant", None, slips=(slip("copy", {1}),)), "view", D(secrecy=["state_secret"]), now=NOW)
    assert "国家秘密" in secret.reason_for_log  # the log keeps the precise reason


def test_a_refusal_never_names_the_level_or_mark_of_a_hidden_record() -> None:
    """The 403 an applicant gets for a state secret or an over-ceiling record is the one for any record
    off their slip; staff above their clearance learn their own level, never the record's."""
    applicant = U("applicant", None, slips=(slip("copy", {1, 2}),))
    off_slip = decide(applicant, Action.view, D(id=3), now=NOW).reason
    for record in (D(id=1, secrecy=["state_secret"]), D(id=2, classification=ABOVE_INTERNAL),
                   D(id=4, classification=TOP, secrecy=["state_secret"])):
        assert decide(applicant, Action.view, record, now=NOW).reason == off_slip
    for level in CLASSIFICATION_LEVELS[2:]:
        reason = decide(U("officer"), Action.view, D(classification=level)).reason
        assert classification_label(level) not in reason and "密级" in reason


def test_anonymous_flask_login_user_is_denied() -> None:
    from flask_login import AnonymousUserMixin

    assert not decide(AnonymousUserMixin(), "search")


def test_slip_grants_exactly_its_records_modes_and_period() -> None:
    applicant = U("applicant", None, slips=(slip("copy", {1, 2}),))
    assert decide(applicant, Action.copy, D(id=1), now=NOW).slip_no == "A-2026-000001"
    assert decide(applicant, Action.copy, D(id=2, unit_id=3), now=NOW)
    # The stored original is never released under a slip: only the watermarked, counted copy.
    assert not decide(applicant, Action.download, D(id=2, unit_id=3), now=NOW)
    assert not decide(applicant, Action.print, D(id=1), now=NOW)
    assert not decide(applicant, Action.view, D(id=3), now=NOW)
    assert not decide(applicant, Action.copy, D(id=1), now=NOW + dt.timedelta(days=1))  # expired
    assert not decide(applicant, Action.copy, D(id=1, classification=ABOVE_INTERNAL), now=NOW)
    assert not decide(applicant, Action.export, D(id=1), now=NOW)
    viewer = U("applicant", None, slips=(slip("view", {1}),))
    assert decide(viewer, Action.view, D(id=1), now=NOW)
    assert not decide(viewer, Action.download, D(id=1), now=NOW)
    assert not decide(viewer, Action.copy, D(id=1), now=NOW)


def test_internal_slip_lets_an_officer_view_another_units_case() -> None:
    officer = U("officer", 1, slips=(slip("view", {5}, case_id=9, ceiling=TOP),))
    assert decide(officer, Action.view, D(id=5, unit_id=2, case_id=9), now=NOW)
    assert decide(officer, Action.view, CaseRecord(case_id=9, unit_id=2, classification=INTERNAL), now=NOW)
    assert not decide(officer, Action.download, D(id=5, unit_id=2, case_id=9), now=NOW)
    assert not decide(officer, Action.view, D(id=5, unit_id=2, classification=ABOVE_INTERNAL), now=NOW)


def test_approving_needs_the_agency_and_the_clearance() -> None:
    head = U("head", 1, INTERNAL)
    assert approvable(head, D(unit_id=2))
    assert not approvable(head, D(unit_id=3))
    assert not approvable(head, D(classification=ABOVE_INTERNAL))
    assert not approvable(U("archivist"), D())


def test_state_secrets_are_never_released_to_applicants() -> None:
    assert not releasable_to_applicant(D(secrecy=["state_secret"], classification=LOW), TOP)
    assert releasable_to_applicant(D(secrecy=["trade_secret", "privacy"]), INTERNAL)
    assert not releasable_to_applicant(D(classification=ABOVE_INTERNAL), INTERNAL)
    assert not releasable_to_applicant(D(classification=INTERNAL), LOW)


def test_agency_rules_are_data_with_defaults() -> None:
    assert AccessRules.from_agency_rules({}) == AccessRules()
    rules = AccessRules.from_agency_rules({"access": {"slip_validity_days": 10, "cross_unit_view_requires_approval":
                                                      False, "no_such_rule": 1}})
    assert (rules.slip_validity_days, rules.cross_unit_view_requires_approval) == (10, False)
    with pytest.raises(ConfigError):
        AccessRules.from_agency_rules({"access": {"slip_downloads": 0}})
    with pytest.raises(ConfigError):
        AccessRules.from_agency_rules({"access": {"applicant_max_classification": "no-such-level"}})


USERS = [U("admin", None, TOP), U("archivist", 1, INTERNAL), U("archivist", 3, TOP), U("auditor", None, TOP),
         U("officer", 1, INTERNAL), U("officer", 2, ABOVE_INTERNAL), U("officer", None, TOP),
         U("officer", 1, INTERNAL, active=False), U("applicant", None, TOP, slips=(slip("copy", {1}),)),
         U("head", 1, INTERNAL), U("legal_reviewer", 2, TOP), U("officer", 1, "no-such-level"),
         U("officer", 3, INTERNAL, handled_case_ids=frozenset({1}), handled_document_ids=frozenset({1, 2})),
         U("officer", 1, TOP, slips=(slip("view", {5, 6}, ceiling=TOP),))]


def test_search_filter_shows_exactly_what_decide_allows(tmp_path: Path) -> None:
    """Every user sees in search the documents decide() lets them view, and no others."""
    documents = {}
    for i, (unit_id, level) in enumerate(itertools.product([1, 2, 3, None], CLASSIFICATION_LEVELS), start=1):
        documents[i] = D(unit_id, level, id=i, case_id=1 if i in (1, 2) else None)
    backend = EmbeddedBackend(tmp_path / "search.db")
    try:
        backend.upsert([IndexedDocument(
            document_id=i, version=1, title=None, source_name=f"{i}.pdf", case_no=None, doc_type=None,
            stage=None, unit_id=d.unit_id, classification=d.classification, parties=[], officers=[],
            devices=[], doc_date=None, pages=[IndexedPage(1, "行政处罚决定书")]) for i, d in documents.items()])
        for user in USERS:
            result = backend.search(SearchQuery("处罚", permission=permission_filter_for(user, NOW), limit=100))
            visible = {h.document_id for h in result.hits}
            expected = {i for i, d in documents.items()
                        if decide(user, Action.search) and decide(user, Action.view, d, now=NOW)}
            assert visible == expected, user
            assert result.total == len(expected)
    finally:
        backend.close()


def test_a_copy_slip_with_no_downloads_left_grants_no_copy() -> None:
    used_up = dataclasses.replace(slip("copy", {1}), downloads_left=0)
    applicant = U("applicant", None, slips=(used_up,))
    assert not decide(applicant, Action.copy, D(id=1), now=NOW)


@pytest.mark.parametrize("role, reviews", [("archivist", True), ("legal_reviewer", True), ("head", True),
                                           ("officer", False), ("applicant", False), ("auditor", False),
                                           ("admin", False)])
def test_only_reviewing_roles_see_the_case_file_review(role: str, reviews: bool) -> None:
    user = U(role, None if role in ("applicant", "auditor", "admin") else 1, slips=(slip("copy", {1}, case_id=9),))
    assert bool(decide(user, Action.review, CaseRecord(case_id=9, unit_id=1, classification=INTERNAL),
                       now=NOW)) is reviews
    assert not decide(user, Action.review, CaseRecord(case_id=8, unit_id=3, classification=INTERNAL), now=NOW)
