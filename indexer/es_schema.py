"""Layout of the Elasticsearch pages index: names, settings, mapping and the ES documents in it.

One concrete index per build (`<prefix>-pages-v<schema>-<timestamp>`) sits behind
the alias `<prefix>-pages`; readers and writers only ever name the alias, so a
rebuild swaps it without anyone noticing.

The index holds four kinds of ES document, told apart by `kind`:

- `page`: one per page, `_id` "<document_id>:<page_no>", with the document's
  metadata copied onto it so that filters, facets and permissions are plain
  per-page conditions;
- `document`: one marker per indexed document, `_id` "<document_id>:doc",
  listing its page numbers (so pages that disappear can be deleted);
- `deleted`: the same marker after a delete, kept as a tombstone so a late,
  older upsert cannot bring the document back;
- `media`: one per media item (#15 §7), `_id` "media:<item_id>", searched like a
  one-page document: its `document_id` is -item_id (no granted document id can
  reach it, and the sort keys stay unique), `case_no` lists the 案号 of each of
  its cases, `doc_date` is the local day it was recorded.

Every write carries the document's version as an external version, so
Elasticsearch itself refuses anything older than what it holds.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from indexer.base import IndexedDocument, IndexedMedia
from records.classification import rank_for_index

# Bump when the mapping changes; the next `earchive reindex` builds an index of the new layout.
SCHEMA_VERSION = 3  # 2: case_numbers; 3: media items (added in place to a version 2 index)

PAGE, DOCUMENT, DELETED, MEDIA = "page", "document", "deleted", "media"
# Fields only media items have; put into a live version 2 mapping as they are (mapping additions are
# allowed on a live index), so no rebuild is needed for them.
MEDIA_PROPERTIES: dict[str, Any] = {
    "media_kind": {"type": "keyword"},
    "recorded_at": {"type": "date", "format": "strict_date_optional_time"},
    "duration_s": {"type": "float"},
}

# Analyzers that cut Chinese into bigrams or words, best first. Only a full
# distribution (analysis-common: cjk) or a plugin (smartcn, IK) has them; the
# built-in `standard` analyzer, which every node has, cuts Chinese into single
# characters, which is enough for exact phrase matching but scores worse.
SCORING_ANALYZERS: tuple[str, ...] = ("cjk", "smartcn", "ik_max_word")
STANDARD = "standard"
SCORING_SUBFIELD = "text.bigram"

_KEYWORD = {"type": "keyword"}
_SHOWN_ONLY = {"type": "keyword", "index": False, "doc_values": False}  # returned in hits, never searched


def alias_name(prefix: str) -> str:
    return f"{prefix}-pages"


def new_index_name(prefix: str, now: dt.datetime | None = None) -> str:
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%d-%H%M%S-%f")
    return f"{alias_name(prefix)}-v{SCHEMA_VERSION}-{stamp}"


def first_index_name(prefix: str) -> str:
    # A fixed name: two processes creating the first index at once collide
    # instead of leaving the alias on two indices.
    return f"{alias_name(prefix)}-v{SCHEMA_VERSION}-first"


def index_settings(replicas: int | None, refresh_interval: str = "1s") -> dict[str, Any]:
    settings: dict[str, Any] = {
        # One shard holds tens of millions of pages (well under the ~50 GB a shard
        # should stay below); with one shard facet counts and relevance statistics
        # are exact, and there is no cross-shard merging of sort keys.
        "number_of_shards": 1,
        # How soon a write becomes searchable. A rebuild turns refresh off ("-1")
        # while it bulk-loads and back on before the alias moves.
        "refresh_interval": refresh_interval,
    }
    if replicas is None:
        # No replica on one node (it would stay unassigned and the cluster yellow),
        # one as soon as a second node joins.
        settings["auto_expand_replicas"] = "0-1"
    else:
        settings["number_of_replicas"] = replicas
    return settings


def mappings(scoring_analyzer: str | None) -> dict[str, Any]:
    text: dict[str, Any] = {"type": "text", "analyzer": STANDARD}
    if scoring_analyzer:
        # Same text again as bigrams/words: a query phrase matched here too scores
        # higher, while matching itself stays on the exact single-character field.
        text["fields"] = {SCORING_SUBFIELD.split(".")[1]: {"type": "text", "analyzer": scoring_analyzer}}
    return {
        "dynamic": "strict",  # a misspelt field fails loudly instead of growing the mapping
        "_meta": {"earchive_schema": SCHEMA_VERSION, "analysis": scoring_analyzer or STANDARD},
        "properties": {
            "kind": _KEYWORD,
            "document_id": {"type": "long"},
            "page_no": {"type": "integer"},
            "version": {"type": "long"},
            "text": text,
            "title": _SHOWN_ONLY,
            "source_name": _SHOWN_ONLY,
            "case_no": _KEYWORD,
            "case_numbers": _KEYWORD,  # every number of the document's case (#13)
            "doc_type": _KEYWORD,
            "stage": _KEYWORD,
            "unit_id": {"type": "long"},
            "classification": _KEYWORD,
            "classification_rank": {"type": "integer"},
            "party": _KEYWORD,
            "officer": _KEYWORD,
            "device": _KEYWORD,
            "doc_date": {"type": "date", "format": "strict_date"},
            "page_nos": {"type": "integer", "index": False, "doc_values": False},
            **MEDIA_PROPERTIES,
        },
    }


def page_id(document_id: int, page_no: int) -> str:
    return f"{document_id}:{page_no}"


def marker_id(document_id: int) -> str:
    return f"{document_id}:doc"


def page_source(doc: IndexedDocument, page_no: int, text: str) -> dict[str, Any]:
    return {
        "kind": PAGE, "document_id": doc.document_id, "page_no": page_no, "version": doc.version,
        "text": text, "title": doc.title, "source_name": doc.source_name, "case_no": doc.case_no,
        "case_numbers": sorted(set(doc.case_numbers)),
        "doc_type": doc.doc_type, "stage": doc.stage, "unit_id": doc.unit_id,
        "classification": doc.classification, "classification_rank": rank_for_index(doc.classification),
        "party": sorted(set(doc.parties)), "officer": sorted(set(doc.officers)),
        "device": sorted(set(doc.devices)),
        "doc_date": doc.doc_date.isoformat() if doc.doc_date else None,
    }


def media_id(item_id: int) -> str:
    return f"media:{item_id}"


def media_source(item: IndexedMedia) -> dict[str, Any]:
    return {
        "kind": MEDIA, "document_id": -item.item_id, "page_no": 1, "version": item.version,
        "text": item.text, "title": item.title, "source_name": item.source_name,
        "case_no": sorted(set(item.case_nos)), "case_numbers": sorted(set(item.case_numbers) | set(item.case_nos)),
        "unit_id": item.unit_id, "classification": item.classification,
        "classification_rank": rank_for_index(item.classification),
        "party": sorted(set(item.parties)), "officer": sorted(set(item.officers)), "device": sorted(set(item.devices)),
        "doc_date": item.recorded_date.isoformat() if item.recorded_date else None,
        "media_kind": item.media_kind, "recorded_at": item.recorded_at.isoformat() if item.recorded_at else None,
        "duration_s": item.duration_s,
    }


def marker_source(document_id: int, version: int, kind: str, page_nos: list[int]) -> dict[str, Any]:
    return {"kind": kind, "document_id": document_id, "version": version, "page_nos": page_nos}
