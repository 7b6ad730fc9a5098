"""Carrying database changes to the search backend through the index outbox.

Writers add an IndexOutbox row in the same transaction as their change; this
module replays those rows into the backend and removes them only once the
backend has taken them. Replays are harmless because backends ignore versions
older than what they hold, and each document is indexed as it is now in the
database, whatever version the row names.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from casefiles.models import CaseNumber
from classify.queries import indexed_fields
from earchive.errors import SearchUnavailable
from indexer.base import IndexedDocument, IndexedPage, SearchBackend
from indexer.media_index import MEDIA_OP, all_media_ids, load_indexed_media
from records.models import Case, Document, IndexOutbox, Page

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexDiff:
    missing: list[int]  # ok in the database, absent from the index
    stale: list[int]  # indexed under another version than the database's
    extra: list[int]  # indexed but not an ok document in the database
    media_missing: list[int] = field(default_factory=list)  # media items not in the index
    media_extra: list[int] = field(default_factory=list)  # indexed media items the database does not have

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.media_missing or self.media_extra)


def load_indexed_documents(session: Session, document_ids: Iterable[int]) -> dict[int, IndexedDocument]:
    """The ok documents among `document_ids`, with their pages, as the backend wants them."""
    ids = sorted(set(document_ids))
    rows = session.execute(
        select(Document, Case.case_no).outerjoin(Case, Case.id == Document.case_id)
        .where(Document.id.in_(ids), Document.status == "ok")).all()
    pages: dict[int, list[IndexedPage]] = {}
    # Only the columns we need: Page.words can be large.
    for doc_id, page_no, text in session.execute(
            select(Page.document_id, Page.page_no, Page.text_norm)
            .where(Page.document_id.in_([doc.id for doc, _ in rows])).order_by(Page.document_id, Page.page_no)):
        pages.setdefault(doc_id, []).append(IndexedPage(page_no=page_no, text=text))
    filed = indexed_fields(session, [doc.id for doc, _ in rows])  # parties, officers, devices, date
    numbers: dict[int, set[str]] = {}
    case_ids = sorted({doc.case_id for doc, _ in rows if doc.case_id is not None})
    for case_id, number in session.execute(select(CaseNumber.case_id, CaseNumber.number)
                                           .where(CaseNumber.case_id.in_(case_ids))):
        numbers.setdefault(case_id, set()).add(number)
    return {doc.id: IndexedDocument(
        document_id=doc.id, version=doc.version, title=doc.title, source_name=doc.source_name,
        case_no=case_no, doc_type=doc.doc_type, stage=doc.stage, unit_id=doc.unit_id,
        classification=doc.classification,
        parties=filed[doc.id]["parties"], officers=filed[doc.id]["officers"], devices=filed[doc.id]["devices"],
        doc_date=filed[doc.id]["doc_date"],
        pages=pages.get(doc.id, []),
        case_numbers=sorted(numbers.get(doc.case_id, set()) | ({case_no} if case_no else set())))
        for doc, case_no in rows}


def _apply(backend: SearchBackend, entries: list[IndexOutbox], docs: dict[int, IndexedDocument],
           existing: set[int], media: list) -> None:
    """Send one batch: ok documents upserted as they are now; deleted ones removed; media items as they are."""
    if media:
        backend.upsert_media(media)
    entries = [e for e in entries if e.op != MEDIA_OP]
    upserts = [docs[i] for i in dict.fromkeys(e.document_id for e in entries) if i in docs]
    deletes: dict[int, int] = {}
    for e in entries:
        if e.document_id in docs:
            continue
        if e.op == "delete" or e.document_id not in existing:
            deletes[e.document_id] = max(deletes.get(e.document_id, 0), e.version)
        # Otherwise it is still processing; it gets a new outbox row when it is ok.
    if upserts:
        backend.upsert(upserts)
    for document_id, version in deletes.items():
        backend.delete(document_id, version)


def drain_outbox(session_factory: Callable[[], Session], backend: SearchBackend, batch_size: int = 200) -> int:
    """Replay pending outbox rows into `backend` in id order; returns how many were applied.

    Rows written while draining wait for the next call. On a backend failure the
    batch's rows stay, with attempts and last_error updated, and the error is
    raised so the caller can back off.
    """
    with session_factory() as session:
        last_id = session.scalar(select(func.max(IndexOutbox.id)))
    applied = 0
    while last_id is not None:
        with session_factory() as session:
            entries = list(session.scalars(select(IndexOutbox).where(IndexOutbox.id <= last_id)
                                           .order_by(IndexOutbox.id).limit(batch_size)))
            if not entries:
                break
            ids = {e.document_id for e in entries if e.op != MEDIA_OP}
            docs = load_indexed_documents(session, ids)
            existing = set(session.scalars(select(Document.id).where(Document.id.in_(ids))))
            media = list(load_indexed_media(session, {e.document_id for e in entries if e.op == MEDIA_OP}).values())
            entry_ids = [e.id for e in entries]
            try:
                _apply(backend, entries, docs, existing, media)
            except Exception as error:
                _record_failure(session, entry_ids, error)
                session.commit()
                raise
            session.execute(delete(IndexOutbox).where(IndexOutbox.id.in_(entry_ids)))
            session.commit()
        applied += len(entries)
        log.info("index outbox: %d entries applied", len(entries))
    return applied


def refresh_index(session_factory: Callable[[], Session], backend: SearchBackend) -> None:
    """Push queued index updates; when search is down they stay queued for `earchive worker`."""
    try:
        drain_outbox(session_factory, backend)
    except SearchUnavailable as e:
        log.warning("search index not updated now (%s); updates stay queued", e)


def _record_failure(session: Session, entry_ids: list[int], error: Exception) -> None:
    log.warning("index outbox: batch of %d failed, left for retry: %s", len(entry_ids), error)
    session.execute(update(IndexOutbox).where(IndexOutbox.id.in_(entry_ids))
                    .values(attempts=IndexOutbox.attempts + 1, last_error=str(error)[:2000]))


def verify_index(session: Session, backend: SearchBackend) -> IndexDiff:
    """Compare the versions of ok documents in the database with what the backend holds."""
    expected: dict[int, int] = dict(
        session.execute(select(Document.id, Document.version).where(Document.status == "ok")).all())
    indexed = backend.versions()
    # Media items have no version in the database (see indexer.media_index): only presence is compared.
    items, indexed_items = set(all_media_ids(session)), set(backend.media_versions())
    return IndexDiff(
        missing=sorted(set(expected) - set(indexed)),
        stale=sorted(i for i in set(expected) & set(indexed) if expected[i] != indexed[i]),
        extra=sorted(set(indexed) - set(expected)),
        media_missing=sorted(items - indexed_items), media_extra=sorted(indexed_items - items))
