"""SQL for the embedded index: schema and the WHERE clauses of a search.

Every value from a caller travels as a bound parameter; the SQL text is built
only from the fixed fragments below. Sets (units, granted cases) are bound as
one JSON array and read with json_each, so their size never hits SQLite's
parameter limit.
"""
from __future__ import annotations

import json
from typing import Any

from indexer.base import PermissionFilter, SearchFilters

PAGE_BITS = 20  # up to 1,048,575 pages per document
PAGE_MASK = (1 << PAGE_BITS) - 1


def page_key(document_id: int, page_no: int) -> int:
    """The rowid of a page in `page` and `page_fts`."""
    if not 0 <= page_no <= PAGE_MASK:
        raise ValueError(f"page number {page_no} of document {document_id} is out of range")
    return document_id << PAGE_BITS | page_no


SCHEMA_VERSION = 1  # bump on any change below; an index of another version must be rebuilt

# Media items (#15 §7) live in the same tables as documents under negative ids (doc.document_id =
# -item_id, one page), so text, filters, permission, facets and the keyset are the same SQL for both;
# the sign tells the kind. What only a media item has is in media_meta. Added tables are created
# in place (CREATE … IF NOT EXISTS), so an index written before them stays usable.
ADDED_TABLES: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS media_meta(
        document_id INTEGER PRIMARY KEY, media_kind TEXT NOT NULL, recorded_at TEXT, duration_s REAL)""",
)
MEDIA_CASE_NO = "case_no"  # doc_term field of a media item: the 案号 of each of its cases

SCHEMA: tuple[str, ...] = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE doc(
        document_id INTEGER PRIMARY KEY, version INTEGER NOT NULL, title TEXT,
        source_name TEXT NOT NULL, case_no TEXT, doc_type TEXT, stage TEXT, unit_id INTEGER,
        classification TEXT NOT NULL, class_rank INTEGER NOT NULL, doc_date TEXT)""",
    "CREATE INDEX doc_case_no ON doc(case_no)",
    "CREATE INDEX doc_unit_id ON doc(unit_id)",
    # Multi-valued metadata (party, officer, device), one row per value.
    """CREATE TABLE doc_term(
        field TEXT NOT NULL, value TEXT NOT NULL, document_id INTEGER NOT NULL,
        PRIMARY KEY(field, value, document_id)) WITHOUT ROWID""",
    "CREATE INDEX doc_term_document ON doc_term(document_id)",
    # pid = document_id << PAGE_BITS | page_no: the FTS rowid names its document without a join.
    "CREATE TABLE page(pid INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    # A deleted document's version, so a late, older upsert cannot bring it back.
    "CREATE TABLE tombstone(document_id INTEGER PRIMARY KEY, version INTEGER NOT NULL)",
    # Contentless: page text lives once, in `page`; rows are removed by re-tokenising it.
    """CREATE VIRTUAL TABLE page_fts USING fts5(
        tokens, content='', columnsize=0, tokenize='unicode61 remove_diacritics 0')""",
)

# Bulk indexing spends most of its time merging FTS segments: bigger leaves and
# merging 8 segments at a time (default 4) cut that by about a quarter.
FTS_CONFIG: tuple[tuple[str, int], ...] = (("pgsz", 16000), ("automerge", 8))

# Per connection: the visible matches of the current search, so total, facets and
# the page of hits all come from one evaluation of the query.
HIT_SET = """CREATE TEMP TABLE IF NOT EXISTS hit_set(
    pid INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, page_no INTEGER NOT NULL,
    score REAL NOT NULL, date_key TEXT NOT NULL)"""

MULTI_VALUED = {"party": "party", "officer": "officer", "device": "device"}
CASE_NUMBER = "case_number"  # doc_term field: every number of the document's case
_SCALAR_FACETS = {"case_no": "d.case_no", "doc_type": "d.doc_type", "stage": "d.stage",
                  "unit_id": "d.unit_id", "classification": "d.classification"}

# CROSS JOIN fixes the join order: SQLite would otherwise guess, and may guess badly for a
# temp table or an FTS match. Text: each match looks up its document. Browsing: each
# document passing the filters reads its range of pages.
_ROW_SOURCE_TEXT = f"""FROM page_fts CROSS JOIN doc d ON d.document_id = page_fts.rowid >> {PAGE_BITS}
    WHERE page_fts MATCH ?"""
_ROW_SOURCE_ALL = f"""FROM doc d CROSS JOIN page ON page.pid
    BETWEEN d.document_id << {PAGE_BITS} AND (d.document_id << {PAGE_BITS}) | {PAGE_MASK} WHERE 1"""


def _json_set(values: frozenset[Any]) -> str:
    return json.dumps(sorted(values))


def permission_clause(perm: PermissionFilter) -> tuple[str, list[Any]]:
    """Visible = classification low enough AND (unit, granted case or granted document).

    A media item (negative id) is reached by any of its cases; a granted document id is never negative.
    """
    if perm.unit_ids is None:
        return "d.class_rank <= ?", [perm.max_rank]
    reach = ("d.unit_id IN (SELECT value FROM json_each(?))"
             " OR d.case_no IN (SELECT value FROM json_each(?))"
             " OR d.document_id IN (SELECT value FROM json_each(?))"
             f" OR (d.document_id < 0 AND EXISTS (SELECT 1 FROM doc_term t WHERE t.field = '{MEDIA_CASE_NO}'"
             " AND t.document_id = d.document_id AND t.value IN (SELECT value FROM json_each(?))))"
             " OR -d.document_id IN (SELECT value FROM json_each(?))")
    granted = _json_set(perm.granted_case_nos)
    return (f"d.class_rank <= ? AND ({reach})",
            [perm.max_rank, _json_set(perm.unit_ids), granted, _json_set(perm.granted_document_ids), granted,
             _json_set(perm.granted_media_ids)])


def kinds_clause(kinds: tuple[str, ...]) -> list[str]:
    """Documents have positive ids, media items negative ones."""
    if set(kinds) >= {"document", "media"}:
        return []
    return ["d.document_id < 0" if "media" in kinds else "d.document_id > 0"]


def filter_clauses(f: SearchFilters) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.case_no is not None:  # the case's 案号 or any other number of it
        clauses.append(_has_number_clause())
        params += [f.case_no, f.case_no]
    for column, value in (("d.doc_type", f.doc_type), ("d.stage", f.stage), ("d.unit_id", f.unit_id)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    for field, value in (("party", f.party), ("officer", f.officer), ("device", f.device)):
        if value is not None:
            clauses.append("EXISTS (SELECT 1 FROM doc_term t WHERE t.field = ? AND t.value = ?"
                           " AND t.document_id = d.document_id)")
            params += [field, value]
    if f.date_from is not None:
        clauses.append("d.doc_date >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to is not None:
        clauses.append("d.doc_date <= ?")
        params.append(f.date_to.isoformat())
    return clauses, params


def _has_number_clause() -> str:
    """The document's case bears a number (two parameters, both the number): its 案号 or another."""
    return ("(d.case_no = ? OR EXISTS (SELECT 1 FROM doc_term t WHERE t.field = '" + CASE_NUMBER + "'"
            " AND t.value = ? AND t.document_id = d.document_id))")


def collect_hits_sql(match: str | None, filters: SearchFilters, perm: PermissionFilter, rank: bool,
                     numbers: list[tuple[str, str | None]] = (),
                     kinds: tuple[str, ...] = ("document",)) -> list[tuple[str, list[Any]]]:
    """INSERTs of every visible page matching into hit_set: `match` (all pages when None) and `numbers`.

    `numbers` are the case numbers of the query: (canonical, FTS phrase of the number as typed). With
    other terms, a page matches a number when its document's case bears it or the page prints it. A
    query of numbers alone matches the pages printing them, and the first page of every document whose
    case bears them all (one hit per document, ranked after the printed ones).
    bm25 is the costliest part for common terms, so it is computed only when `rank`.
    """
    perm_sql, perm_params = permission_clause(perm)
    clauses, params = filter_clauses(filters)
    clauses = kinds_clause(kinds) + clauses
    insert = "INSERT{} INTO temp.hit_set(pid, document_id, page_no, score, date_key) "
    score = "-bm25(page_fts)" if rank else "0.0"
    if match is None and not numbers:
        where = "".join(f" AND {c}" for c in [perm_sql, *clauses])
        return [(insert.format("") + f"SELECT page.pid, d.document_id, page.pid & {PAGE_MASK}, 0.0, "
                 f"coalesce(d.doc_date, '') {_ROW_SOURCE_ALL}{where}", [*perm_params, *params])]
    if match is not None:
        number_sql, number_params = [], []
        for canonical, phrase in numbers:
            if phrase is None:
                number_sql.append(_has_number_clause())
                number_params += [canonical, canonical]
            else:
                number_sql.append(f"({_has_number_clause()} OR page_fts.rowid IN "
                                  "(SELECT rowid FROM page_fts WHERE page_fts MATCH ?))")
                number_params += [canonical, canonical, phrase]
        where = "".join(f" AND {c}" for c in [perm_sql, *clauses, *number_sql])
        return [(insert.format("") + f"SELECT page_fts.rowid, d.document_id, page_fts.rowid & {PAGE_MASK}, "
                 f"{score}, coalesce(d.doc_date, '') {_ROW_SOURCE_TEXT}{where}",
                 [match, *perm_params, *params, *number_params])]
    statements = []
    phrases = [phrase for _c, phrase in numbers]
    if all(phrases):
        where = "".join(f" AND {c}" for c in [perm_sql, *clauses])
        statements.append((insert.format("") + f"SELECT page_fts.rowid, d.document_id, page_fts.rowid & {PAGE_MASK}, "
                           f"{score}, coalesce(d.doc_date, '') {_ROW_SOURCE_TEXT}{where}",
                           [" AND ".join(phrases), *perm_params, *params]))
    where = "".join(f" AND {c}" for c in [perm_sql, *clauses, *[_has_number_clause()] * len(numbers)])
    statements.append((insert.format(" OR IGNORE") + f"SELECT page.pid, d.document_id, 1, 0.0, coalesce(d.doc_date, '') "
                       f"FROM doc d CROSS JOIN page ON page.pid = (d.document_id << {PAGE_BITS}) | 1 WHERE 1{where}",
                       [*perm_params, *params, *[c for c, _p in numbers for _ in (0, 1)]]))
    return statements


def facet_sql(name: str) -> tuple[str, list[Any]]:
    """Value counts of facet `name` over hit_set; `name` is checked against FACET_FIELDS."""
    if name == "kind":
        return ("SELECT CASE WHEN h.document_id < 0 THEN 'media' ELSE 'document' END, count(*)"
                " FROM temp.hit_set h GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?", [])
    if name == "case_no":  # a media item counts under each of its cases
        return ("SELECT v, count(*) FROM (SELECT d.case_no AS v FROM temp.hit_set h CROSS JOIN doc d"
                " ON d.document_id = h.document_id WHERE h.document_id > 0"
                " UNION ALL SELECT t.value FROM temp.hit_set h CROSS JOIN doc_term t"
                " ON t.document_id = h.document_id AND t.field = ? WHERE h.document_id < 0)"
                " WHERE v IS NOT NULL GROUP BY v ORDER BY 2 DESC, 1 LIMIT ?", [MEDIA_CASE_NO])
    if name in MULTI_VALUED:
        return ("SELECT t.value, count(*) FROM temp.hit_set h CROSS JOIN doc_term t"
                " ON t.document_id = h.document_id AND t.field = ?"
                " GROUP BY t.value ORDER BY 2 DESC, 1 LIMIT ?", [MULTI_VALUED[name]])
    column = _SCALAR_FACETS[name]
    return (f"SELECT {column}, count(*) FROM temp.hit_set h CROSS JOIN doc d ON d.document_id = h.document_id"
            f" WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?", [])


# Keyset conditions and orders, per sort; the cursor holds (key, document_id, page_no).
PAGE_OF_HITS = {
    "relevance": ("h.score < ? OR (h.score = ? AND (h.document_id > ? OR (h.document_id = ? AND h.page_no > ?)))",
                  "h.score DESC, h.document_id, h.page_no"),
    "date": ("h.date_key < ? OR (h.date_key = ? AND (h.document_id < ? OR (h.document_id = ? AND h.page_no > ?)))",
             "h.date_key DESC, h.document_id DESC, h.page_no"),
}


def page_of_hits_sql(sort: str, after: list[Any] | None) -> tuple[str, list[Any]]:
    keyset, order = PAGE_OF_HITS[sort]
    where, params = "", []
    if after is not None:
        key, doc_id, page_no = after
        where, params = f"WHERE {keyset}", [key, key, doc_id, doc_id, page_no]
    # Pick the page of hits from hit_set alone, then join: joining first would read the
    # text of every match before sorting.
    sql = (f"SELECT h.document_id, h.page_no, h.score, h.date_key, p.text, d.title, d.source_name,"
           f" d.case_no, d.doc_type, m.media_kind, m.recorded_at, m.duration_s"
           f" FROM (SELECT * FROM temp.hit_set h {where} ORDER BY {order} LIMIT ?) h"
           f" CROSS JOIN page p ON p.pid = h.pid CROSS JOIN doc d ON d.document_id = h.document_id"
           f" LEFT JOIN media_meta m ON m.document_id = h.document_id ORDER BY {order}")
    return sql, params
