"""The embedded search backend: SQLite FTS5 in its own file, beside any main database.

Pages are indexed as CJK bigrams (see `indexer.bigrams`); metadata lives in
plain tables, and each search evaluates text, filters and the caller's
permission in one SQL statement into a per-connection temp table, from which
total, facets and the page of hits are read inside the same read transaction.

Each thread gets its own connection (WAL lets readers run beside the writer);
writes are serialised by a lock here and by SQLite's lock across processes.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from earchive.errors import SearchUnavailable
from indexer import embedded_sql as sql
from indexer.base import (
    FACET_SIZE,
    IndexedDocument,
    IndexedMedia,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from indexer.bigrams import TOKENIZER_VERSION, index_tokens, match_expression, term_pattern
from indexer.cursor import decode_cursor, encode_cursor
from indexer.query_terms import parse_query
from indexer.snippets import make_snippet
from records.classification import rank_for_index

log = logging.getLogger(__name__)

_CURSOR_TYPES = {"relevance": (float, int, int), "date": (str, int, int)}
# Errors that mean our own bug, not an unusable index file.
_PROGRAMMING_ERRORS = (sqlite3.ProgrammingError, sqlite3.IntegrityError, sqlite3.InterfaceError)


class EmbeddedBackend:
    """SearchBackend over one SQLite file at `path` (created on first use)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._write_lock = threading.Lock()
        with self._unavailable_on_error("open"):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._prepare_schema()

    # -- connections and transactions -------------------------------------------------

    @contextmanager
    def _unavailable_on_error(self, action: str) -> Iterator[None]:
        try:
            yield
        except _PROGRAMMING_ERRORS:
            raise
        except (sqlite3.Error, OSError) as e:
            raise SearchUnavailable(
                f"search index {self.path} cannot {action}: {e}. Check that the directory exists and "
                f"is writable (EARCHIVE_SEARCH_INDEX_PATH); if the file is damaged, move it away and "
                f"re-index from the database (drain the outbox after verify_index).") from e

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # check_same_thread=False only so close() may close every thread's connection.
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA temp_store=MEMORY")
            conn.execute("PRAGMA cache_size=-32000")  # 32 MB per connection
            conn.execute(sql.HIT_SET)
            self._local.conn = conn
            with self._connections_lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for all statements of a search.

        It always ends in ROLLBACK: nothing is written, and that also empties hit_set.
        """
        with self._unavailable_on_error("be searched"):
            conn = self._conn()
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._unavailable_on_error("be written"), self._write_lock:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")  # take the write lock now, not halfway through
            try:
                yield conn
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:  # the body or COMMIT failed
                    conn.execute("ROLLBACK")

    def _prepare_schema(self) -> None:
        with self._writing() as conn:
            meta = _read_meta(conn)
            if meta is None:
                _create_schema(conn)
            elif meta.get("schema_version") != str(sql.SCHEMA_VERSION):
                raise SearchUnavailable(
                    f"search index {self.path} was not written by this version of earchive (schema "
                    f"{meta.get('schema_version')}, expected {sql.SCHEMA_VERSION}); move it away and "
                    f"re-index from the database")
            elif meta.get("tokenizer_version") != str(TOKENIZER_VERSION):
                self._retokenise(conn)
            for statement in sql.ADDED_TABLES:
                conn.execute(statement)

    def _retokenise(self, conn: sqlite3.Connection) -> None:
        # Old FTS rows cannot be removed one by one once the tokenizer changed.
        log.warning("search index %s: tokenizer changed, rebuilding the text index", self.path)
        conn.execute("INSERT INTO page_fts(page_fts) VALUES ('delete-all')")
        rows = conn.execute("SELECT pid, text FROM page")
        conn.executemany("INSERT INTO page_fts(rowid, tokens) VALUES (?, ?)",
                         ((pid, index_tokens(text)) for pid, text in rows))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'tokenizer_version'", (str(TOKENIZER_VERSION),))

    def close(self) -> None:
        with self._connections_lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    # -- writes ------------------------------------------------------------------------

    def upsert(self, docs: Sequence[IndexedDocument]) -> None:
        accepted = pages = 0
        with self._writing() as conn:
            for doc in docs:
                if not _accepts(conn, doc.document_id, doc.version):
                    log.debug("document %d v%d is older than indexed; ignored", doc.document_id, doc.version)
                    continue
                _remove(conn, doc.document_id)
                conn.execute("DELETE FROM tombstone WHERE document_id = ?", (doc.document_id,))
                _insert(conn, doc)
                accepted, pages = accepted + 1, pages + len(doc.pages)
        log.info("indexed %d documents, %d pages", accepted, pages)

    def upsert_media(self, items: Sequence[IndexedMedia]) -> None:
        accepted = 0
        with self._writing() as conn:
            for item in items:
                if not _accepts(conn, -item.item_id, item.version):
                    continue
                _remove(conn, -item.item_id)
                _insert_media(conn, item)
                accepted += 1
        log.info("indexed %d media items", accepted)

    def media_versions(self) -> dict[int, int]:
        with self._reading() as conn:
            return {-i: v for i, v in conn.execute("SELECT document_id, version FROM doc WHERE document_id < 0")}

    def delete(self, document_id: int, version: int) -> None:
        with self._writing() as conn:
            row = conn.execute("SELECT version FROM doc WHERE document_id = ?", (document_id,)).fetchone()
            if row is not None and row[0] > version:
                log.debug("delete of document %d v%d ignored: v%d indexed", document_id, version, row[0])
                return
            _remove(conn, document_id)
            conn.execute("INSERT INTO tombstone(document_id, version) VALUES (?, ?) ON CONFLICT(document_id)"
                         " DO UPDATE SET version = max(version, excluded.version)", (document_id, version))

    def clear(self) -> None:
        with self._writing() as conn:
            conn.execute("INSERT INTO page_fts(page_fts) VALUES ('delete-all')")
            for table in ("page", "doc_term", "doc", "tombstone", "media_meta"):
                conn.execute(f"DELETE FROM {table}")  # fixed table names, no input

    # -- reads -------------------------------------------------------------------------

    def versions(self) -> dict[int, int]:
        with self._reading() as conn:
            return dict(conn.execute("SELECT document_id, version FROM doc WHERE document_id > 0").fetchall())

    def search(self, q: SearchQuery) -> SearchResult:
        after = decode_cursor(q.after, q.sort, _CURSOR_TYPES[q.sort]) if q.after else None
        parsed = parse_query(q.text)
        match = match_expression(" ".join(parsed.terms))
        if match is None and parsed.terms or not (match or parsed.numbers) and q.text.strip():
            return SearchResult(total=0, hits=[], facets={f: [] for f in q.facets}, next_cursor=None)
        numbers = [(n.canonical, match_expression(n.typed)) for n in parsed.numbers]
        with self._reading() as conn:
            for collect, params in sql.collect_hits_sql(match, q.filters, q.permission, rank=q.sort == "relevance",
                                                        numbers=numbers, kinds=q.kinds):
                conn.execute(collect, params)
            total = conn.execute("SELECT count(*) FROM temp.hit_set").fetchone()[0]
            facets = {name: _facet(conn, name) for name in q.facets}
            page, params = sql.page_of_hits_sql(q.sort, after)
            rows = conn.execute(page, [*params, q.limit + 1]).fetchall()
        hits, next_cursor = _hits(q, rows)
        return SearchResult(total=total, hits=hits, facets=facets, next_cursor=next_cursor)


def _read_meta(conn: sqlite3.Connection) -> dict[str, str] | None:
    """The meta table of an index file; None for an empty file."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    if not names:
        return None
    if "meta" not in names:
        return {}  # some other SQLite file: reported as a schema mismatch
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def _create_schema(conn: sqlite3.Connection) -> None:
    for statement in sql.SCHEMA:
        conn.execute(statement)
    for key, value in sql.FTS_CONFIG:
        conn.execute("INSERT INTO page_fts(page_fts, rank) VALUES (?, ?)", (key, value))
    conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                     [("schema_version", str(sql.SCHEMA_VERSION)), ("tokenizer_version", str(TOKENIZER_VERSION))])


def _accepts(conn: sqlite3.Connection, document_id: int, version: int) -> bool:
    """Whether `version` may replace what is indexed (equal versions re-index: idempotent)."""
    row = conn.execute("SELECT version FROM doc WHERE document_id = ?", (document_id,)).fetchone()
    if row is not None and row[0] > version:
        return False
    tomb = conn.execute("SELECT version FROM tombstone WHERE document_id = ?", (document_id,)).fetchone()
    return tomb is None or tomb[0] < version


def _remove(conn: sqlite3.Connection, document_id: int) -> None:
    pids = (sql.page_key(document_id, 0), sql.page_key(document_id, sql.PAGE_MASK))
    old = conn.execute("SELECT pid, text FROM page WHERE pid BETWEEN ? AND ?", pids).fetchall()
    # A contentless FTS row is deleted by giving back exactly the tokens it was given.
    conn.executemany("INSERT INTO page_fts(page_fts, rowid, tokens) VALUES ('delete', ?, ?)",
                     [(pid, index_tokens(text)) for pid, text in old])
    conn.execute("DELETE FROM page WHERE pid BETWEEN ? AND ?", pids)
    conn.execute("DELETE FROM doc_term WHERE document_id = ?", (document_id,))
    conn.execute("DELETE FROM doc WHERE document_id = ?", (document_id,))
    if document_id < 0:
        conn.execute("DELETE FROM media_meta WHERE document_id = ?", (document_id,))


def _insert(conn: sqlite3.Connection, doc: IndexedDocument) -> None:
    conn.execute(
        "INSERT INTO doc(document_id, version, title, source_name, case_no, doc_type, stage, unit_id,"
        " classification, class_rank, doc_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (doc.document_id, doc.version, doc.title, doc.source_name, doc.case_no, doc.doc_type, doc.stage,
         doc.unit_id, doc.classification, rank_for_index(doc.classification),
         doc.doc_date.isoformat() if doc.doc_date else None))
    terms = {(field, value) for field, values in (("party", doc.parties), ("officer", doc.officers),
                                                  ("device", doc.devices), (sql.CASE_NUMBER, doc.case_numbers))
             for value in values}
    conn.executemany("INSERT INTO doc_term(field, value, document_id) VALUES (?, ?, ?)",
                     [(field, value, doc.document_id) for field, value in sorted(terms)])
    pages = [(sql.page_key(doc.document_id, p.page_no), p.text) for p in doc.pages]
    conn.executemany("INSERT INTO page(pid, text) VALUES (?, ?)", pages)
    conn.executemany("INSERT INTO page_fts(rowid, tokens) VALUES (?, ?)",
                     [(pid, index_tokens(text)) for pid, text in pages])


def _insert_media(conn: sqlite3.Connection, item: IndexedMedia) -> None:
    """A media item as a one-page document under id -item_id (see indexer.embedded_sql)."""
    rid = -item.item_id
    conn.execute(
        "INSERT INTO doc(document_id, version, title, source_name, case_no, doc_type, stage, unit_id,"
        " classification, class_rank, doc_date) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)",
        (rid, item.version, item.title, item.source_name, item.case_nos[0] if item.case_nos else None,
         item.unit_id, item.classification, rank_for_index(item.classification),
         item.recorded_date.isoformat() if item.recorded_date else None))
    terms = {(field, value) for field, values in (("party", item.parties), ("officer", item.officers),
                                                  ("device", item.devices), (sql.CASE_NUMBER, item.case_numbers),
                                                  (sql.MEDIA_CASE_NO, item.case_nos))
             for value in values}
    conn.executemany("INSERT INTO doc_term(field, value, document_id) VALUES (?, ?, ?)",
                     [(field, value, rid) for field, value in sorted(terms)])
    pid = sql.page_key(rid, 1)
    conn.execute("INSERT INTO page(pid, text) VALUES (?, ?)", (pid, item.text))
    conn.execute("INSERT INTO page_fts(rowid, tokens) VALUES (?, ?)", (pid, index_tokens(item.text)))
    conn.execute("INSERT INTO media_meta(document_id, media_kind, recorded_at, duration_s) VALUES (?, ?, ?, ?)",
                 (rid, item.media_kind, item.recorded_at.isoformat() if item.recorded_at else None, item.duration_s))


def _facet(conn: sqlite3.Connection, name: str) -> list[tuple[str, int]]:
    query, params = sql.facet_sql(name)
    return [(str(value), count) for value, count in conn.execute(query, [*params, FACET_SIZE])]


def _hits(q: SearchQuery, rows: list[tuple]) -> tuple[list[SearchHit], str | None]:
    parsed = parse_query(q.text)
    patterns = [p for p in (term_pattern(t) for t in parsed.terms + [n.typed for n in parsed.numbers]) if p]
    hits = [_hit(row, make_snippet(row[4], patterns)) for row in rows[:q.limit]]
    if len(rows) <= q.limit:
        return hits, None
    doc_id, page_no, score, date_key = rows[q.limit - 1][:4]  # a media item's own key: -id, page 1
    key = score if q.sort == "relevance" else date_key
    return hits, encode_cursor(q.sort, [key, doc_id, page_no])


def _hit(row: tuple, snippet: str) -> SearchHit:
    doc_id, page_no, score, _date, _text, title, source, case_no, doc_type, media_kind, recorded_at, duration = row
    if doc_id < 0:
        return SearchHit(document_id=None, page_no=0, score=score, snippet=snippet, title=title, source_name=source,
                         case_no=case_no, doc_type=None, kind="media", media_id=-doc_id, media_kind=media_kind,
                         recorded_at=recorded_at, duration_s=duration)
    return SearchHit(document_id=doc_id, page_no=page_no, score=score, snippet=snippet, title=title,
                     source_name=source, case_no=case_no, doc_type=doc_type)
