"""Elasticsearch search requests from a SearchQuery, and SearchResults from the responses.

Pure functions, no client: the caller's permission and filters go into the
bool query's filter context, so the total, the facets (aggregations run over
the query's hits) and the highlighted snippets only ever see visible pages.
"""
from __future__ import annotations

import re
from typing import Any

from indexer.base import (
    FACET_SIZE,
    PermissionFilter,
    SearchFilters,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from indexer.cursor import encode_cursor
from indexer.es_schema import MEDIA, PAGE, SCORING_SUBFIELD
from indexer.query_terms import NumberTerm, parse_query

# Sort keys per order; the last two are the tiebreaker that makes search_after stable.
SORTS: dict[str, list[dict[str, Any]]] = {
    "relevance": [{"_score": "desc"}, {"document_id": "asc"}, {"page_no": "asc"}],
    # Pages without a date come last, as in the embedded backend.
    "date": [{"doc_date": {"order": "desc", "missing": "_last"}}, {"document_id": "desc"}, {"page_no": "asc"}],
}
CURSOR_TYPES: dict[str, tuple[type, ...]] = {"relevance": (float, int, int), "date": (int, int, int)}

SNIPPET_CHARS = 80
_HAS_WORD = re.compile(r"[^\W_]")  # a term without a letter or digit cannot match anything
_SPACES = re.compile(r"\s+")
_SOURCE_FIELDS = ["kind", "document_id", "page_no", "title", "source_name", "case_no", "doc_type", "media_kind",
                  "recorded_at", "duration_s"]
_KINDS = {"document": PAGE, "media": MEDIA}  # a record kind of the contract -> the ES `kind`
_RECORD_KIND = {v: k for k, v in _KINDS.items()}
_TERM_FILTERS = (("party", "party"), ("officer", "officer"), ("device", "device"),
                 ("doc_type", "doc_type"), ("stage", "stage"), ("unit_id", "unit_id"))


def query_terms(text: str) -> list[str]:
    """The whitespace-separated terms of a query that can match something."""
    return [t for t in text.split() if _HAS_WORD.search(t)]


def permission_clauses(perm: PermissionFilter) -> list[dict[str, Any]]:
    """Visible = classification rank low enough AND (unit, granted case or granted document)."""
    clauses: list[dict[str, Any]] = [{"range": {"classification_rank": {"lte": perm.max_rank}}}]
    if perm.unit_ids is not None:
        reach = [{"terms": {"unit_id": sorted(perm.unit_ids)}},
                 {"terms": {"case_no": sorted(perm.granted_case_nos)}},
                 {"terms": {"document_id": sorted(perm.granted_document_ids)}}]
        if perm.granted_media_ids:
            # A media item's document_id is minus its id (indexer.es_schema); no document's is negative.
            reach.append({"terms": {"document_id": sorted(-i for i in perm.granted_media_ids)}})
        clauses.append({"bool": {"should": reach, "minimum_should_match": 1}})
    return clauses


def filter_clauses(f: SearchFilters) -> list[dict[str, Any]]:
    clauses: list[dict[str, Any]] = [{"term": {field: getattr(f, attr)}}
                                     for attr, field in _TERM_FILTERS if getattr(f, attr) is not None]
    if f.case_no is not None:  # the case's 案号 or any other number of it
        clauses.append({"bool": {"should": [{"term": {"case_no": f.case_no}}, {"term": {"case_numbers": f.case_no}}],
                                 "minimum_should_match": 1}})
    dates = {op: d.isoformat() for op, d in (("gte", f.date_from), ("lte", f.date_to)) if d is not None}
    if dates:
        clauses.append({"range": {"doc_date": dates}})
    return clauses


def text_query(terms: list[str], filters: list[dict[str, Any]], scoring: bool,
               numbers: list[NumberTerm] = ()) -> dict[str, Any]:
    """Each term an exact phrase on the single-character field; with a bigram
    subfield, the same phrase there too, for scoring only.

    A case number matches, with other terms, a page whose document's case bears it or that prints it;
    alone, the pages printing it and the first page of every document whose case bears it (#13).
    """
    query: dict[str, Any] = {"filter": filters}
    must: list[dict[str, Any]] = [{"match_phrase": {"text": t}} for t in terms]
    if numbers and terms:
        must += [{"bool": {"should": [_bears(n), _printed(n)], "minimum_should_match": 1}} for n in numbers]
    elif numbers:
        printed = {"bool": {"must": [_printed(n) for n in numbers]}}
        bearing = {"bool": {"filter": [_bears(n) for n in numbers] + [{"term": {"page_no": 1}}]}}
        must.append({"bool": {"should": [printed, bearing], "minimum_should_match": 1}})
    if must:
        query["must"] = must
        if scoring and terms:
            query["should"] = [{"match_phrase": {SCORING_SUBFIELD: t}} for t in terms]
    return {"bool": query}


def _bears(n: NumberTerm) -> dict[str, Any]:
    """The page's document belongs to a case bearing the number (as its 案号 or another of its numbers)."""
    return {"bool": {"should": [{"term": {"case_no": n.canonical}}, {"term": {"case_numbers": n.canonical}}],
                     "minimum_should_match": 1}}


def _printed(n: NumberTerm) -> dict[str, Any]:
    return {"match_phrase": {"text": n.typed}}


def search_request(q: SearchQuery, after: list[Any] | None, scoring: bool) -> dict[str, Any]:
    """Keyword arguments for `Elasticsearch.search`."""
    kinds = sorted(_KINDS[k] for k in q.kinds)
    filters = [{"term": {"kind": kinds[0]}} if len(kinds) == 1 else {"terms": {"kind": kinds}},
               *permission_clauses(q.permission), *filter_clauses(q.filters)]
    parsed = parse_query(q.text)
    request: dict[str, Any] = {
        "query": text_query(query_terms(" ".join(parsed.terms)), filters, scoring, parsed.numbers),
        "sort": SORTS[q.sort],
        "size": q.limit + 1,  # one more than asked: whether there is a next page
        "track_total_hits": True,  # exact totals, not "10,000 or more"
        "source": {"includes": _SOURCE_FIELDS},
        "highlight": {
            "encoder": "html",  # escape the page text; only our <mark> tags are markup
            "pre_tags": ["<mark>"], "post_tags": ["</mark>"],
            "fields": {"text": {"type": "unified", "fragment_size": SNIPPET_CHARS, "number_of_fragments": 1,
                                "no_match_size": SNIPPET_CHARS}},
        },
    }
    if after is not None:
        request["search_after"] = after
    if q.facets:
        request["aggs"] = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in q.facets}
    return request


def _snippet(hit: dict[str, Any]) -> str:
    fragments = hit.get("highlight", {}).get("text", [])
    return _SPACES.sub(" ", fragments[0]).strip() if fragments else ""


def _hit(hit: dict[str, Any]) -> SearchHit:
    src = hit["_source"]
    if src.get("kind") == MEDIA:
        case_nos = src.get("case_no") or []
        return SearchHit(document_id=None, page_no=0, score=float(hit["_score"] or 0.0), snippet=_snippet(hit),
                         title=src.get("title"), source_name=src.get("source_name") or "",
                         case_no=case_nos[0] if case_nos else None, doc_type=None, kind="media",
                         media_id=-int(src["document_id"]), media_kind=src.get("media_kind"),
                         recorded_at=src.get("recorded_at"), duration_s=src.get("duration_s"))
    return SearchHit(document_id=src["document_id"], page_no=src["page_no"], score=float(hit["_score"] or 0.0),
                     snippet=_snippet(hit), title=src.get("title"), source_name=src.get("source_name") or "",
                     case_no=src.get("case_no"), doc_type=src.get("doc_type"))


def _facet_values(name: str, agg: dict[str, Any]) -> list[tuple[str, int]]:
    # Terms aggregations order by count, then by value: the embedded backend's order.
    if name == "kind":  # ES kinds named as the contract's record kinds, and ordered by those names
        return sorted(((_RECORD_KIND.get(str(b["key"]), str(b["key"])), b["doc_count"]) for b in agg["buckets"]),
                      key=lambda kv: (-kv[1], kv[0]))
    return [(str(b["key"]), b["doc_count"]) for b in agg["buckets"]]


def search_result(q: SearchQuery, response: dict[str, Any]) -> SearchResult:
    rows = response["hits"]["hits"]
    next_cursor = None
    if len(rows) > q.limit:
        score_or_date, doc_id, page_no = rows[q.limit - 1]["sort"]
        key = float(score_or_date) if q.sort == "relevance" else int(score_or_date)
        next_cursor = encode_cursor(q.sort, [key, int(doc_id), int(page_no)])
    aggs = response.get("aggregations", {})
    return SearchResult(total=response["hits"]["total"]["value"], hits=[_hit(h) for h in rows[:q.limit]],
                        facets={name: _facet_values(name, aggs[name]) for name in q.facets}, next_cursor=next_cursor)


def empty_result(q: SearchQuery) -> SearchResult:
    return SearchResult(total=0, hits=[], facets={name: [] for name in q.facets}, next_cursor=None)
