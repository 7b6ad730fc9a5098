"""Requirements of the index outbox: database changes reach the search index, replays are harmless."""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select

from earchive.errors import SearchUnavailable
from indexer.base import IndexedDocument, PermissionFilter, SearchQuery
from indexer.embedded import EmbeddedBackend
from indexer.outbox import IndexDiff, drain_outbox, verify_index
from records.db import Database, upgrade_database
from records.models import Agency, Case, Document, IndexOutbox, Page, Unit

EVERYTHING = PermissionFilter(unit_ids=None, max_classification="top_secret")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'earchive.db'}"
    upgrade_database(url)
    database = Database(url)
    yield database
    database.dispose()


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[EmbeddedBackend]:
    b = EmbeddedBackend(tmp_path / "search.db")
    yield b
    b.close()


@pytest.fixture
def unit_case(db: Database) -> tuple[int, int]:
    with db.transaction() as s:
        agency = Agency(code="JT", name="交通执法总队")
        unit = Unit(agency=agency, code="U1", name="第一支队")
        s.add_all([agency, unit])
        s.flush()
        case = Case(unit_id=unit.id, case_no="京交罚〔2024〕7号")
        s.add(case)
        s.flush()
        return unit.id, case.id


def add_document(db: Database, unit_case: tuple[int, int], *texts: str, status: str = "ok") -> int:
    """A document with pages and its outbox row, written together as ingest does."""
    unit_id, case_id = unit_case
    with db.transaction() as s:
        doc = Document(sha256=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
                       source_name="scan.pdf", media_type="application/pdf", size_bytes=1, status=status,
                       unit_id=unit_id, case_id=case_id, doc_type="询问笔录", profile="office",
                       page_count=len(texts))
        doc.pages = [Page(page_no=i, width_px=10, height_px=10, dpi=300, text_norm=t)
                     for i, t in enumerate(texts, 1)]
        s.add(doc)
        s.flush()
        s.add(IndexOutbox(document_id=doc.id, version=doc.version))
        return doc.id


def change_text(db: Database, document_id: int, text: str) -> None:
    with db.transaction() as s:
        doc = s.get(Document, document_id)
        doc.pages[0].text_norm = text
        doc.version += 1
        s.add(IndexOutbox(document_id=doc.id, version=doc.version))


def delete_document(db: Database, document_id: int) -> None:
    with db.transaction() as s:
        doc = s.get(Document, document_id)
        s.add(IndexOutbox(document_id=doc.id, version=doc.version, op="delete"))
        s.delete(doc)


def pending(db: Database) -> list[IndexOutbox]:
    with db.session() as s:
        return list(s.scalars(select(IndexOutbox).order_by(IndexOutbox.id)))


def hits(backend: EmbeddedBackend, text: str) -> set[tuple[int, int]]:
    result = backend.search(SearchQuery(text, permission=EVERYTHING, limit=100))
    return {(h.document_id, h.page_no) for h in result.hits}


def test_drain_indexes_ok_documents_with_their_metadata_and_empties_the_outbox(db, backend, unit_case):
    first = add_document(db, unit_case, "当事人张三到场", "执法人员李四")
    assert drain_outbox(db.session, backend) == 1
    assert pending(db) == []
    assert backend.versions() == {first: 1}
    assert hits(backend, "张三") == {(first, 1)} and hits(backend, "李四") == {(first, 2)}
    hit = backend.search(SearchQuery("张三", permission=EVERYTHING)).hits[0]
    assert (hit.case_no, hit.doc_type, hit.source_name) == ("京交罚〔2024〕7号", "询问笔录", "scan.pdf")


def test_documents_still_processing_are_not_indexed(db, backend, unit_case):
    add_document(db, unit_case, "张三", status="processing")
    assert drain_outbox(db.session, backend) == 1
    assert backend.versions() == {} and pending(db) == []


def test_drain_works_through_batches_in_order(db, backend, unit_case):
    ids = [add_document(db, unit_case, f"第{i}份文书张三") for i in range(5)]
    assert drain_outbox(db.session, backend, batch_size=2) == 5
    assert backend.versions() == {i: 1 for i in ids}


def test_replaying_the_outbox_twice_changes_nothing(db, backend, unit_case):
    doc_id = add_document(db, unit_case, "当事人张三到场")
    change_text(db, doc_id, "当事人王五到场")
    gone = add_document(db, unit_case, "李四")
    delete_document(db, gone)
    entries = [(e.document_id, e.version, e.op) for e in pending(db)]

    drain_outbox(db.session, backend)
    before = (backend.versions(), hits(backend, "到场"), hits(backend, "张三"), hits(backend, "李四"))
    for _ in range(2):  # the same rows again, as after a crash between backend write and row delete
        with db.transaction() as s:
            s.add_all([IndexOutbox(document_id=d, version=v, op=op) for d, v, op in entries])
        drain_outbox(db.session, backend)
        assert (backend.versions(), hits(backend, "到场"), hits(backend, "张三"), hits(backend, "李四")) == before
    assert before == ({doc_id: 2}, {(doc_id, 1)}, set(), set())


def test_an_update_replaces_the_indexed_text(db, backend, unit_case):
    doc_id = add_document(db, unit_case, "当事人张三到场")
    drain_outbox(db.session, backend)
    change_text(db, doc_id, "当事人王五到场")
    drain_outbox(db.session, backend)
    assert backend.versions() == {doc_id: 2}
    assert hits(backend, "张三") == set() and hits(backend, "王五") == {(doc_id, 1)}


def test_a_deleted_document_leaves_the_index(db, backend, unit_case):
    doc_id = add_document(db, unit_case, "当事人张三到场")
    drain_outbox(db.session, backend)
    delete_document(db, doc_id)
    drain_outbox(db.session, backend)
    assert backend.versions() == {} and hits(backend, "张三") == set()


class _Down(EmbeddedBackend):
    def upsert(self, docs: Sequence[IndexedDocument]) -> None:
        raise SearchUnavailable("search is down")


def test_a_backend_failure_keeps_the_rows_and_counts_the_attempt(db, tmp_path, unit_case):
    doc_id = add_document(db, unit_case, "当事人张三到场")
    down = _Down(tmp_path / "down.db")
    for attempt in (1, 2):
        with pytest.raises(SearchUnavailable):
            drain_outbox(db.session, down)
        [entry] = pending(db)
        assert (entry.document_id, entry.attempts, entry.last_error) == (doc_id, attempt, "search is down")
    down.close()

    up = EmbeddedBackend(tmp_path / "up.db")
    assert drain_outbox(db.session, up) == 1
    assert pending(db) == [] and up.versions() == {doc_id: 1}
    up.close()


def test_verify_index_reports_missing_stale_and_extra(db, backend, unit_case):
    in_sync = add_document(db, unit_case, "甲")
    stale = add_document(db, unit_case, "乙")
    extra = add_document(db, unit_case, "丙")
    drain_outbox(db.session, backend)
    missing = add_document(db, unit_case, "丁")  # its outbox row is not drained
    change_text(db, stale, "乙改")  # nor is this update
    with db.transaction() as s:  # removed without an outbox row: the index keeps it
        s.delete(s.get(Document, extra))
    add_document(db, unit_case, "戊", status="processing")  # not expected in the index

    with db.session() as s:
        diff = verify_index(s, backend)
    assert diff == IndexDiff(missing=[missing], stale=[stale], extra=[extra])
    assert not diff.clean and in_sync not in diff.missing + diff.stale + diff.extra


def test_verify_index_is_clean_after_draining(db, backend, unit_case):
    add_document(db, unit_case, "甲")
    change_text(db, add_document(db, unit_case, "乙"), "乙改")
    drain_outbox(db.session, backend)
    with db.session() as s:
        assert verify_index(s, backend).clean
        assert s.scalar(select(func.count()).select_from(IndexOutbox)) == 0
