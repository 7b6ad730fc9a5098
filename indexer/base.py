"""The search-backend contract: what is indexed, how a search is asked and answered.

Every backend (the embedded SQLite one, Elasticsearch later) takes these
dataclasses and honours the same rules:

- A hit is one page of a document, or one media item (an audio-visual record, #15 §7) when the
  query asks for that kind. `total` and facet counts are numbers of matching pages and items.
- The caller's `PermissionFilter` is applied inside the backend's query, so
  totals, facets and snippets never reveal a record the caller may not see.
- Versions only move forward: an upsert or delete older than what is indexed
  is ignored, so replays and out-of-order updates are harmless.
- A backend that cannot be reached raises `earchive.errors.SearchUnavailable`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Literal, Protocol, runtime_checkable

from earchive.errors import EarchiveError, ExitCode
from records.classification import require_rank

# Kinds of record a search returns: pages of documents, and media items (#15 §7).
RECORD_KINDS: tuple[str, ...] = ("document", "media")
# Fields a search may ask facet counts for.
FACET_FIELDS: tuple[str, ...] = (
    "case_no", "doc_type", "stage", "unit_id", "classification", "party", "officer", "device", "kind",
)
# At most this many values per facet, the most frequent first.
FACET_SIZE = 50
MAX_LIMIT = 500

SortOrder = Literal["relevance", "date"]
SORT_ORDERS: tuple[str, ...] = ("relevance", "date")


class InvalidSearchQuery(EarchiveError):
    """The query itself is malformed (unknown facet, bad cursor, limit out of range)."""

    exit_code = ExitCode.bad_args
    http_status = 400


@dataclass(frozen=True)
class IndexedPage:
    page_no: int  # 1-based
    text: str  # normalised OCR text (Page.text_norm)


@dataclass(frozen=True)
class IndexedDocument:
    """Everything a backend stores about one document; built from the main database."""

    document_id: int
    version: int
    title: str | None
    source_name: str
    case_no: str | None
    doc_type: str | None
    stage: str | None
    unit_id: int | None
    classification: str
    parties: list[str]
    officers: list[str]
    devices: list[str]
    doc_date: dt.date | None
    pages: list[IndexedPage]
    # Every number of the document's case (its 案号, the 告知书's, the 决定书's …), canonical: a case number
    # typed as a query finds all the case's documents, not only those printing it (#13).
    case_numbers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IndexedMedia:
    """Everything a backend stores about one media item (音像记录); built from the main database.

    It is searched like a one-page document: `text` (its names, disc label, device, officer, case numbers
    and parties) takes the query's terms, the lists take the filters and facets, `recorded_date` (local)
    the date filters and the date sort. Its unit and classification decide who sees it, as for a document;
    `case_nos` are the 案号 of its cases, any of which a slip may grant. Media items are never deleted
    (002 记录办法:28), so there is no delete. `version` only moves forward (the time it was built).
    """

    item_id: int
    version: int
    title: str
    source_name: str
    media_kind: str  # video | audio | photo
    unit_id: int | None
    classification: str
    case_nos: list[str]
    case_numbers: list[str]
    parties: list[str]
    officers: list[str]
    devices: list[str]
    recorded_at: dt.datetime | None  # aware, in the offset it was recorded in
    recorded_date: dt.date | None  # the local day of the recording
    duration_s: float | None
    text: str


@dataclass(frozen=True)
class PermissionFilter:
    """What the caller may see, decided by access_control and applied by the backend.

    A record is visible when (its unit is in `unit_ids`, or `unit_ids` is None
    meaning all units, or its case number is granted, or its document id is
    granted) AND its classification is at most `max_classification`. A media
    item is reached through its unit, any of its cases' numbers or its own id in
    `granted_media_ids` (a slip naming it), never through a document id.
    """

    unit_ids: frozenset[int] | None
    max_classification: str
    granted_case_nos: frozenset[str] = frozenset()
    granted_document_ids: frozenset[int] = frozenset()
    granted_media_ids: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        require_rank(self.max_classification)  # reject typos instead of hiding or revealing

    @property
    def max_rank(self) -> int:
        return require_rank(self.max_classification)


@dataclass(frozen=True)
class SearchFilters:
    """Exact-value filters, all optional and ANDed; dates are inclusive."""

    case_no: str | None = None
    party: str | None = None
    officer: str | None = None
    device: str | None = None
    doc_type: str | None = None
    stage: str | None = None
    unit_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class SearchQuery:
    """Whitespace-separated terms are ANDed; each term matches as an exact substring.

    A case number in the text, in any written form (indexer.query_terms), matches the documents of the
    cases bearing it (their first page, or with other terms any page), and any page printing it.

    Empty `text` lists every visible page that passes the filters.
    `after` is the opaque `next_cursor` of the previous result.
    `kinds` are the kinds of record searched: pages of documents unless media items are asked for too
    (a caller that does not know how to show a media item never gets one).
    """

    text: str
    _: KW_ONLY
    filters: SearchFilters = field(default_factory=SearchFilters)
    permission: PermissionFilter
    facets: tuple[str, ...] = ()
    sort: SortOrder = "relevance"
    limit: int = 20
    after: str | None = None
    kinds: tuple[str, ...] = ("document",)

    def __post_init__(self) -> None:
        if not self.kinds or any(k not in RECORD_KINDS for k in self.kinds):
            raise InvalidSearchQuery(f"unknown record kinds {', '.join(self.kinds) or '(none)'}; "
                                     f"allowed: {', '.join(RECORD_KINDS)}")
        unknown = [f for f in self.facets if f not in FACET_FIELDS]
        if unknown:
            raise InvalidSearchQuery(f"unknown facet {', '.join(unknown)}; "
                                     f"allowed: {', '.join(FACET_FIELDS)}")
        if self.sort not in SORT_ORDERS:
            raise InvalidSearchQuery(f"unknown sort {self.sort!r}; allowed: {', '.join(SORT_ORDERS)}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidSearchQuery(f"limit must be between 1 and {MAX_LIMIT}, got {self.limit}")


@dataclass(frozen=True)
class SearchHit:
    document_id: int | None  # None for a media item
    page_no: int  # 0 for a media item
    score: float  # higher is better; 0 when not sorted by relevance or there is no text
    snippet: str  # HTML-escaped page text with <mark>…</mark> around matches
    title: str | None
    source_name: str
    case_no: str | None
    doc_type: str | None
    kind: str = "document"  # document | media
    media_id: int | None = None
    media_kind: str | None = None  # video | audio | photo
    recorded_at: str | None = None  # ISO 8601 with the offset it was recorded in
    duration_s: float | None = None


@dataclass(frozen=True)
class SearchResult:
    total: int  # matching visible pages
    hits: list[SearchHit]
    facets: dict[str, list[tuple[str, int]]]  # field -> [(value, pages)], most frequent first
    next_cursor: str | None  # None on the last page


@runtime_checkable
class SearchBackend(Protocol):
    def upsert(self, docs: Sequence[IndexedDocument]) -> None:
        """Index whole documents (replacing their pages); ignore any older than indexed."""

    def delete(self, document_id: int, version: int) -> None:
        """Remove a document unless a newer version is indexed."""

    def upsert_media(self, items: Sequence[IndexedMedia]) -> None:
        """Index media items (replacing what is indexed of them); ignore any older than indexed."""

    def media_versions(self) -> dict[int, int]:
        """Media item id -> indexed version, to verify the index against the database."""

    def search(self, q: SearchQuery) -> SearchResult:
        """Run one search with the caller's permission applied inside the query."""

    def versions(self) -> dict[int, int]:
        """Document id -> indexed version, to verify the index against the database."""

    def clear(self) -> None:
        """Remove everything (documents and media), ready for a full re-index."""

    def close(self) -> None:
        """Release connections; the backend is not used afterwards."""
