"""Rebuilding the search index from the database while searches go on, and repairing drift.

A backend that can build a fresh index beside the live one (Elasticsearch:
`reindex`) does so and swaps it in. The embedded backend re-indexes every
document in place instead: each document is replaced in its own transaction,
so searches keep working, but a damaged index file is not rebuilt this way
(move it away first; the next open creates an empty one).

Either way a repair pass follows: updates that went into the old index while
the new one was being built are found by `verify_index` and written again.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Protocol, TypeVar, runtime_checkable

from sqlalchemy import select
from sqlalchemy.orm import Session

from indexer.base import IndexedDocument, SearchBackend
from indexer.media_index import all_media_ids, load_indexed_media
from indexer.outbox import IndexDiff, load_indexed_documents, verify_index
from records.models import Document

log = logging.getLogger(__name__)

BATCH_SIZE = 100  # documents per read from the database and per bulk request
T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` items, the last one shorter (itertools.batched arrives in Python 3.12)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@runtime_checkable
class BuildsNewIndex(Protocol):
    def reindex(self, source_of_truth: Callable[[], Iterable[Sequence[IndexedDocument]]]) -> str:
        """Build a new index from `source_of_truth`, swap it in, return its name."""


@dataclass(frozen=True)
class RebuildReport:
    documents: int  # ok documents read from the database
    method: str  # "new index" or "in place"
    index: str | None  # the new index's name, for backends that build one
    repaired: IndexDiff  # what the repair pass found and fixed afterwards


def ok_documents(session_factory: Callable[[], Session], batch_size: int = BATCH_SIZE,
                 counter: list[int] | None = None) -> Iterator[list[IndexedDocument]]:
    """Every ok document as the database has it now, in batches; a session per batch."""
    with session_factory() as session:
        ids = list(session.scalars(select(Document.id).where(Document.status == "ok").order_by(Document.id)))
    for chunk in batched(ids, batch_size):
        with session_factory() as session:
            docs = list(load_indexed_documents(session, chunk).values())
        if counter is not None:
            counter[0] += len(docs)
        yield docs


def index_all_media(session_factory: Callable[[], Session], backend: SearchBackend,
                    batch_size: int = BATCH_SIZE) -> int:
    """Every media item as the database has it now; a rebuilt index holds documents only until this."""
    with session_factory() as session:
        ids = all_media_ids(session)
    for chunk in batched(ids, batch_size):
        with session_factory() as session:
            items = list(load_indexed_media(session, chunk).values())
        backend.upsert_media(items)
    return len(ids)


def repair_index(session_factory: Callable[[], Session], backend: SearchBackend) -> IndexDiff:
    """Write again what `verify_index` finds missing or stale, and remove what is extra; returns what it found."""
    with session_factory() as session:
        diff = verify_index(session, backend)
        if diff.clean:
            return diff
        docs = load_indexed_documents(session, diff.missing + diff.stale)
        media = list(load_indexed_media(session, diff.media_missing).values())
        db_versions: dict[int, int] = dict(session.execute(select(Document.id, Document.version)
                                                           .where(Document.id.in_(diff.extra))).all())
    for chunk in batched(list(docs.values()), BATCH_SIZE):
        backend.upsert(chunk)
    for chunk in batched(media, BATCH_SIZE):
        backend.upsert_media(chunk)
    # An indexed media item the database does not have cannot be: items are never deleted. Such an
    # entry comes from another database's index; it is reported, and a rebuild drops it.
    if diff.extra:
        indexed = backend.versions()
        for document_id in diff.extra:
            # At least the indexed version, or the delete would be ignored as older.
            backend.delete(document_id, max(db_versions.get(document_id, 0), indexed.get(document_id, 0)))
    log.info("search index repaired: %d missing, %d stale, %d extra, %d media items missing",
             len(diff.missing), len(diff.stale), len(diff.extra), len(diff.media_missing))
    return diff


def rebuild_index(session_factory: Callable[[], Session], backend: SearchBackend,
                  batch_size: int = BATCH_SIZE) -> RebuildReport:
    """Re-index every ok document from the database, then repair what changed meanwhile."""
    counter = [0]
    if isinstance(backend, BuildsNewIndex):
        name: str | None = backend.reindex(lambda: ok_documents(session_factory, batch_size, counter))
        method = "new index"
    else:
        for docs in ok_documents(session_factory, batch_size, counter):
            backend.upsert(docs)
        name, method = None, "in place"
    index_all_media(session_factory, backend, batch_size)
    repaired = repair_index(session_factory, backend)
    log.info("search index rebuilt (%s): %d documents", method, counter[0])
    return RebuildReport(documents=counter[0], method=method, index=name, repaired=repaired)
