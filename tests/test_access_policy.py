"""access_control.policy: the decision table, and search filters that agree with it."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from access_control.policy import Action, decide, permission_filter_for
from indexer.base import CLASSIFICATION_LEVELS, IndexedDocument, IndexedPage, SearchQuery
from indexer.embedded import EmbeddedBackend


@dataclass
class U:
    role: str
    unit_id: int | None = 1
    clearance: str = "internal"
    active: bool = True


@dataclass
class D:
    unit_id: int | None = 1
    classification: str = "internal"


@pytest.mark.parametrize("user, action, document, allowed", [
    (U("admin", None, "confidential"), Action.administer, None, True),
    (U("admin", None, "confidential"), Action.download, D(7, "confidential"), True),
    (U("archivist"), Action.ingest, None, True),
    (U("archivist"), Action.view, D(unit_id=2), True),
    (U("archivist"), Action.administer, None, False),
    (U("officer"), Action.search, None, True),
    (U("officer"), Action.view, D(unit_id=1), True),
    (U("officer"), Action.download, D(unit_id=1), True),
    (U("officer"), Action.view, D(unit_id=2), False),
    (U("officer"), Action.view, D(unit_id=None), False),
    (U("officer", unit_id=None), Action.view, D(unit_id=None), False),
    (U("officer"), Action.ingest, None, False),
    (U("officer"), Action.view, D(classification="secret"), False),
    (U("officer", clearance="secret"), Action.view, D(classification="secret"), True),
    (U("officer", clearance="secret"), Action.view, D(classification="public"), True),
    (U("officer", clearance="no-such-level"), Action.view, D(classification="public"), False),
    (U("officer"), Action.view, D(classification="no-such-level"), False),
    (U("officer", active=False), Action.search, None, False),
    (U("admin", active=False), Action.administer, None, False),
    (U("applicant"), Action.search, None, False),
    (U("applicant"), Action.view, D(), False),
    (U("auditor"), Action.view, D(), False),
    (U("no-such-role"), Action.view, D(), False),
    (U("archivist"), Action.view, None, False),  # a record action needs its record
    (None, Action.search, None, False),
])
def test_decide(user, action, document, allowed: bool) -> None:
    decision = decide(user, action, document)
    assert decision.allowed is allowed
    assert bool(decision) is allowed
    assert decision.reason if not allowed else decision.reason == ""


def test_reasons_say_why_in_chinese() -> None:
    assert "执法单位" in decide(U("officer"), "view", D(unit_id=2)).reason
    assert "密级" in decide(U("officer"), "view", D(classification="secret")).reason
    assert "停用" in decide(U("officer", active=False), "view", D()).reason
    assert decide(U("applicant"), "search").reason == "申请人无检索权限"


def test_anonymous_flask_login_user_is_denied() -> None:
    from flask_login import AnonymousUserMixin

    assert not decide(AnonymousUserMixin(), "search")


USERS = [U("admin", None, "confidential"), U("archivist", 1, "internal"), U("archivist", 2, "confidential"),
         U("officer", 1, "internal"), U("officer", 2, "secret"), U("officer", None, "confidential"),
         U("officer", 1, "internal", active=False), U("applicant", 1, "confidential"), U("head", 1, "internal"),
         U("officer", 1, "no-such-level")]


def test_search_filter_shows_exactly_what_decide_allows(tmp_path: Path) -> None:
    """Every user sees in search the documents decide() lets them view, and no others."""
    documents = {}
    for i, (unit_id, level) in enumerate(itertools.product([1, 2, None], CLASSIFICATION_LEVELS), start=1):
        documents[i] = D(unit_id, level)
    backend = EmbeddedBackend(tmp_path / "search.db")
    try:
        backend.upsert([IndexedDocument(
            document_id=i, version=1, title=None, source_name=f"{i}.pdf", case_no=None, doc_type=None,
            stage=None, unit_id=d.unit_id, classification=d.classification, parties=[], officers=[],
            devices=[], doc_date=None, pages=[IndexedPage(1, "行政处罚决定书")]) for i, d in documents.items()])
        for user in USERS:
            result = backend.search(SearchQuery("处罚", permission=permission_filter_for(user), limit=100))
            visible = {h.document_id for h in result.hits}
            expected = {i for i, d in documents.items() if decide(user, Action.view, d)}
            assert visible == expected, user
    finally:
        backend.close()
