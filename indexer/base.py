"""The search-backend contract: what is indexed, how a search is asked and answered.

Every backend (the embedded SQLite one, Elasticsearch later) takes these
dataclasses and honours the same rules:

- A hit is one page. `total` and facet counts are numbers of matching pages.
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

# Fields a search may ask facet counts for.
FACET_FIELDS: tuple[str, ...] = (
    "case_no", "doc_type", "stage", "unit_id", "classification", "party", "officer", "device",
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
class PermissionFilter:
    """What the caller may see, decided by access_control and applied by the backend.

    A record is visible when (its unit is in `unit_ids`, or `unit_ids` is None
    meaning all units, or its case number is granted, or its document id is
    granted) AND its classification is at most `max_classification`.
    """

    unit_ids: frozenset[int] | None
    max_classification: str
    granted_case_nos: frozenset[str] = frozenset()
    granted_document_ids: frozenset[int] = frozenset()

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
    """

    text: str
    _: KW_ONLY
    filters: SearchFilters = field(default_factory=SearchFilters)
    permission: PermissionFilter
    facets: tuple[str, ...] = ()
    sort: SortOrder = "relevance"
    limit: int = 20
    after: str | None = None

    def __post_init__(self) -> None:
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
    document_id: int
    page_no: int
    score: float  # higher is better; 0 when not sorted by relevance or there is no text
    snippet: str  # HTML-escaped page text with <mark>…</mark> around matches
    title: str | None
    source_name: str
    case_no: str | None
    doc_type: str | None


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

    def search(self, q: SearchQuery) -> SearchResult:
        """Run one search with the caller's permission applied inside the query."""

    def versions(self) -> dict[int, int]:
        """Document id -> indexed version, to verify the index against the database."""

    def clear(self) -> None:
        """Remove everything, ready for a full re-index."""

    def close(self) -> None:
        """Release connections; the backend is not used afterwards."""
