"""The Elasticsearch search backend; the only module that builds an Elasticsearch client.

Pages live in versioned concrete indices behind one alias (see
`indexer.es_schema`); requests come from `indexer.es_query`. This module owns
the client, turns transport failures into SearchUnavailable, writes with
external versions so nothing older ever overwrites anything newer, and rebuilds
the index into a new concrete index before swapping the alias in one call.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import elasticsearch
from elasticsearch import Elasticsearch, helpers

from earchive.errors import EarchiveError, SearchUnavailable
from earchive.settings import Settings
from indexer import es_query, es_schema
from indexer.base import IndexedDocument, IndexedMedia, SearchQuery, SearchResult
from indexer.cursor import decode_cursor
from indexer.es_schema import DELETED, DOCUMENT, MEDIA, PAGE

log = logging.getLogger(__name__)

_CONFLICT = 409
_NOT_FOUND = 404
_RETRY_STATUSES = (429, 502, 503, 504)  # overloaded or restarting: worth trying again later
_SCAN_SIZE = 5000


class IndexWriteError(EarchiveError):
    """Elasticsearch refused pages for a reason other than an outage or an older version."""


class ElasticsearchBackend:
    """SearchBackend over the alias `<index_prefix>-pages` on the cluster at `url`."""

    def __init__(self, url: str, *, index_prefix: str = "earchive", replicas: int | None = None,
                 api_key: str | None = None, ca_certs: str | None = None, verify_certs: bool = True,
                 timeout_s: float = 10.0, refresh_writes: bool = False, swap_grace_s: float = 1.0):
        self.url = url
        self.index_prefix = index_prefix
        self.alias = es_schema.alias_name(index_prefix)
        self.replicas = replicas
        self.refresh_writes = refresh_writes  # tests: every write searchable at once
        self.swap_grace_s = swap_grace_s  # searches already running on the old index finish first
        self._client = Elasticsearch(url, api_key=api_key or None, ca_certs=ca_certs, verify_certs=verify_certs,
                                     request_timeout=timeout_s, max_retries=2, retry_on_timeout=True)
        transport_log = logging.getLogger("elastic_transport")
        if transport_log.level == logging.NOTSET:
            # Its warning for each retry carries a full traceback; SearchUnavailable says it once.
            transport_log.setLevel(logging.ERROR)
        self._analysis: str | None = None  # what the live index was built with; None until known
        self._ready_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> ElasticsearchBackend:
        url = settings.elasticsearch_url
        host = urlsplit(url).hostname or ""
        if url.startswith("http://") and host not in {"127.0.0.1", "localhost", "::1"}:
            log.warning("Elasticsearch at %s is reached without TLS; use https:// with an API key "
                        "(EARCHIVE_ELASTICSEARCH_API_KEY) outside a test machine", url)
        return cls(url, index_prefix=settings.elasticsearch_index_prefix, replicas=settings.elasticsearch_replicas,
                   api_key=settings.elasticsearch_api_key or None,
                   ca_certs=str(settings.elasticsearch_ca_certs) if settings.elasticsearch_ca_certs else None,
                   verify_certs=settings.elasticsearch_verify_certs, timeout_s=settings.elasticsearch_timeout_s)

    # -- errors and set-up -------------------------------------------------------------

    @contextmanager
    def _unavailable_on_error(self, action: str) -> Iterator[None]:
        try:
            yield
        except (elasticsearch.ConnectionError, elasticsearch.ConnectionTimeout) as e:
            raise SearchUnavailable(
                f"Elasticsearch at {self.url} cannot {action}: {e.__class__.__name__} ({e}). Check that it runs "
                f"(the local test node: scripts/elasticsearch.sh status) and that EARCHIVE_ELASTICSEARCH_URL "
                f"points at it; index updates stay in the outbox until it is back.") from e
        except (elasticsearch.AuthenticationException, elasticsearch.AuthorizationException) as e:
            raise SearchUnavailable(
                f"Elasticsearch at {self.url} refused us ({e.meta.status}) when trying to {action}: check "
                f"EARCHIVE_ELASTICSEARCH_API_KEY and that the key may manage and use indices "
                f"'{self.index_prefix}-*'.") from e
        except elasticsearch.NotFoundError as e:
            if e.error != "index_not_found_exception":
                raise
            raise SearchUnavailable(
                f"the search index {self.alias} does not exist on {self.url} (deleted by hand?) and cannot "
                f"{action}: run `earchive reindex` to build it from the database.") from e
        except elasticsearch.ApiError as e:
            if e.meta.status not in _RETRY_STATUSES:
                raise
            raise SearchUnavailable(
                f"Elasticsearch at {self.url} is overloaded or recovering (HTTP {e.meta.status}) and cannot "
                f"{action}: {e.message}. Try again shortly; check GET _cluster/health.") from e

    def _ready(self) -> str:
        """The live index's analysis; creates the first index behind the alias if there is none."""
        if self._analysis is not None:
            return self._analysis
        with self._ready_lock, self._unavailable_on_error("open the search index"):
            if self._analysis is None:
                self._analysis = self._live_analysis() or self._create_first_index()
        return self._analysis

    def _live_analysis(self) -> str | None:
        try:
            found = self._client.indices.get_mapping(index=self.alias)
        except elasticsearch.NotFoundError:
            return None
        meta = next(iter(found.values()))["mappings"].get("_meta", {})
        if meta.get("earchive_schema") == 2:
            meta = self._add_media_fields(meta)
        if meta.get("earchive_schema") != es_schema.SCHEMA_VERSION:
            log.warning("search index %s has layout %s, this version writes %s: run `earchive reindex`",
                        self.alias, meta.get("earchive_schema"), es_schema.SCHEMA_VERSION)
        return str(meta.get("analysis", es_schema.STANDARD))

    def _add_media_fields(self, meta: dict[str, Any]) -> dict[str, Any]:
        """Layout 2 lacks only the fields of media items: added to the live mapping, no rebuild needed."""
        meta = dict(meta, earchive_schema=es_schema.SCHEMA_VERSION)
        self._client.indices.put_mapping(index=self.alias, properties=es_schema.MEDIA_PROPERTIES, meta=meta)
        log.info("search index %s: fields of media items added to its mapping (layout %s)", self.alias,
                 es_schema.SCHEMA_VERSION)
        return meta

    def _create_first_index(self) -> str:
        analysis = self.detect_analysis()
        name = es_schema.first_index_name(self.index_prefix)
        try:
            self._create_index(name, analysis, aliases={self.alias: {}})
            log.info("created search index %s behind alias %s (analysis: %s)", name, self.alias, analysis)
        except elasticsearch.BadRequestError as e:
            if e.error != "resource_already_exists_exception":
                raise
            return self._live_analysis() or analysis  # another process was first
        return analysis

    def _create_index(self, name: str, analysis: str, refresh_interval: str = "1s",
                      aliases: dict[str, Any] | None = None) -> None:
        scoring = None if analysis == es_schema.STANDARD else analysis
        self._client.indices.create(index=name, settings=es_schema.index_settings(self.replicas, refresh_interval),
                                    mappings=es_schema.mappings(scoring), aliases=aliases)

    def has_analyzer(self, name: str) -> bool:
        """Whether the cluster knows the built-in or plugin analyzer `name`."""
        with self._unavailable_on_error("analyze text"):
            try:
                self._client.indices.analyze(analyzer=name, text="行政执法")
                return True
            except elasticsearch.BadRequestError:
                return False
            except elasticsearch.AuthorizationException:
                log.warning("may not check for analyzer %s (the API key lacks the cluster privilege `monitor`); "
                            "assuming the cluster does not have it", name)
                return False

    def detect_analysis(self) -> str:
        """The best Chinese analyzer this cluster has for scoring, or "standard"."""
        return next((a for a in es_schema.SCORING_ANALYZERS if self.has_analyzer(a)), es_schema.STANDARD)

    @property
    def analysis(self) -> str:
        """The analysis the live index uses: "cjk", "smartcn", "ik_max_word" or "standard"."""
        return self._ready()

    def close(self) -> None:
        self._client.close()

    # -- writes ------------------------------------------------------------------------

    def _bulk(self, actions: Iterable[dict[str, Any]], what: str, to_alias: bool = True) -> None:
        """Send `actions`; version conflicts (something newer is indexed) are expected and skipped.

        Writes through the alias require it to exist: otherwise Elasticsearch would
        quietly create a concrete index of that name with a guessed mapping.
        """
        failures = []
        with self._unavailable_on_error(f"index {what}"):
            for ok, item in helpers.streaming_bulk(
                    self._client.options(request_timeout=120), actions, chunk_size=500,
                    max_chunk_bytes=20 * 2**20, raise_on_error=False, max_retries=3,
                    refresh=self.refresh_writes, require_alias=to_alias):
                op, result = next(iter(item.items()))
                gone = op == "delete" and result.get("status") == _NOT_FOUND  # already deleted: fine
                if not ok and result.get("status") != _CONFLICT and not gone:
                    failures.append(result)
        if not failures:
            return
        if any(f.get("status") in _RETRY_STATUSES for f in failures):
            raise SearchUnavailable(f"Elasticsearch at {self.url} rejected {len(failures)} {what} for now "
                                    f"(first: {failures[0].get('error')}); they stay in the outbox for a retry.")
        raise IndexWriteError(f"Elasticsearch refused {len(failures)} {what} (first: {failures[0].get('_id')}: "
                              f"{failures[0].get('error')}); the index layout may be outdated: run `earchive reindex`.")

    def _markers(self, document_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """The document/tombstone markers of `document_ids` (mget is real-time: no refresh needed)."""
        ids = [es_schema.marker_id(i) for i in document_ids]
        if not ids:
            return {}
        found = self._client.mget(index=self.alias, ids=ids, source_includes=["kind", "version", "page_nos"])
        return {int(d["_id"].split(":")[0]): d["_source"] for d in found["docs"] if d.get("found")}

    def _indexed_page_nos(self, document_ids: list[int]) -> dict[int, set[int]]:
        """Page numbers of `document_ids` that searches can see (written before the last refresh)."""
        out: dict[int, set[int]] = {}
        query = {"bool": {"filter": [{"term": {"kind": PAGE}}, {"terms": {"document_id": document_ids}}]}}
        for hit in self._scan(query, ["document_id", "page_no"], ["document_id", "page_no"]):
            out.setdefault(hit["document_id"], set()).add(hit["page_no"])
        return out

    def _scan(self, query: dict[str, Any], fields: list[str], sort: list[str]) -> Iterator[dict[str, Any]]:
        """Every hit of `query` as {field: value}, paging with search_after on a unique `sort`."""
        after = None
        while True:
            response = self._client.search(index=self.alias, query=query, sort=sort, size=_SCAN_SIZE,
                                           source=False, docvalue_fields=fields, search_after=after,
                                           track_total_hits=False)
            hits = response["hits"]["hits"]
            for hit in hits:
                yield {f: hit["fields"][f][0] for f in fields if f in hit.get("fields", {})}
            if len(hits) < _SCAN_SIZE:
                return
            after = hits[-1]["sort"]

    @staticmethod
    def _accepts(marker: dict[str, Any] | None, version: int) -> bool:
        """Equal versions re-index (replays are harmless); a delete blocks its own version too."""
        if marker is None:
            return True
        if marker["kind"] == DELETED:
            return marker["version"] < version
        return marker["version"] <= version

    def upsert(self, docs: Sequence[IndexedDocument]) -> None:
        self._ready()
        newest: dict[int, IndexedDocument] = {}
        for doc in docs:
            if doc.document_id not in newest or newest[doc.document_id].version < doc.version:
                newest[doc.document_id] = doc
        with self._unavailable_on_error("read index markers"):
            markers = self._markers(newest)
            accepted = [d for d in newest.values() if self._accepts(markers.get(d.document_id), d.version)]
            visible = self._indexed_page_nos([d.document_id for d in accepted]) if accepted else {}
        for skipped in newest.keys() - {d.document_id for d in accepted}:
            log.debug("document %d v%d is older than indexed; ignored", skipped, newest[skipped].version)
        # Pages first, markers last: a marker only claims a version once its pages are in.
        self._bulk(self._page_actions(self.alias, accepted, markers, visible), "pages")
        self._bulk((self._marker_action(self.alias, d.document_id, d.version, DOCUMENT,
                                        [p.page_no for p in d.pages]) for d in accepted), "document markers")
        log.info("indexed %d documents, %d pages", len(accepted), sum(len(d.pages) for d in accepted))

    def _page_actions(self, index: str, docs: list[IndexedDocument], markers: dict[int, dict[str, Any]],
                      visible: dict[int, set[int]]) -> Iterator[dict[str, Any]]:
        for doc in docs:
            for page in doc.pages:
                yield {"_op_type": "index", "_index": index, "_id": es_schema.page_id(doc.document_id, page.page_no),
                       "version": doc.version, "version_type": "external_gte",
                       "_source": es_schema.page_source(doc, page.page_no, page.text)}
            # Pages the document no longer has: the old marker lists those written
            # since the last refresh, the search those it forgot (after a crash).
            old = set(markers.get(doc.document_id, {}).get("page_nos", [])) | visible.get(doc.document_id, set())
            yield from self._page_deletes(index, doc.document_id, doc.version,
                                          old - {p.page_no for p in doc.pages})

    @staticmethod
    def _page_deletes(index: str, document_id: int, version: int, page_nos: Iterable[int]) -> Iterator[dict]:
        for page_no in sorted(page_nos):
            yield {"_op_type": "delete", "_index": index, "_id": es_schema.page_id(document_id, page_no),
                   "version": version, "version_type": "external_gte"}

    @staticmethod
    def _marker_action(index: str, document_id: int, version: int, kind: str, page_nos: list[int]) -> dict:
        return {"_op_type": "index", "_index": index, "_id": es_schema.marker_id(document_id),
                "version": version, "version_type": "external_gte",
                "_source": es_schema.marker_source(document_id, version, kind, page_nos)}

    def upsert_media(self, items: Sequence[IndexedMedia]) -> None:
        """One ES document per item; its external version refuses anything older than indexed."""
        self._ready()
        self._bulk(({"_op_type": "index", "_index": self.alias, "_id": es_schema.media_id(i.item_id),
                     "version": i.version, "version_type": "external_gte", "_source": es_schema.media_source(i)}
                    for i in items), "media items")
        log.info("indexed %d media items", len(items))

    def media_versions(self) -> dict[int, int]:
        self._ready()
        with self._unavailable_on_error("list indexed media versions"):
            self._client.indices.refresh(index=self.alias)
            query = {"bool": {"filter": [{"term": {"kind": MEDIA}}]}}
            return {-hit["document_id"]: hit["version"]
                    for hit in self._scan(query, ["document_id", "version"], ["document_id"])}

    def delete(self, document_id: int, version: int) -> None:
        self._ready()
        with self._unavailable_on_error("read index markers"):
            marker = self._markers([document_id]).get(document_id)
            if marker is not None and marker["kind"] == DOCUMENT and marker["version"] > version:
                log.debug("delete of document %d v%d ignored: v%d indexed", document_id, version, marker["version"])
                return
            listed = set((marker or {}).get("page_nos", []))
            pages = listed | self._indexed_page_nos([document_id]).get(document_id, set())
        tombstone = max(version, marker["version"]) if marker else version
        # The tombstone first: from then on no upsert older than it is accepted.
        self._bulk([self._marker_action(self.alias, document_id, tombstone, DELETED, [])], "tombstone")
        self._bulk(self._page_deletes(self.alias, document_id, version, pages), "page deletions")

    def clear(self) -> None:
        """Swap in a new, empty index; the old one is deleted."""
        self._swap_in(lambda name: None)

    # -- rebuilding --------------------------------------------------------------------

    def reindex(self, source_of_truth: Callable[[], Iterable[Sequence[IndexedDocument]]]) -> str:
        """Build a new concrete index from `source_of_truth` (batches of documents as the database
        has them now), swap the alias onto it in one step and delete the old index; returns its name.

        Searches and writes go on against the old index meanwhile. Writes made during the
        build land in the old index only: the caller re-checks with `verify_index` afterwards.
        """
        def load(name: str) -> None:
            for batch in source_of_truth():
                self._bulk(self._page_actions(name, list(batch), {}, {}), "pages", to_alias=False)
                self._bulk((self._marker_action(name, d.document_id, d.version, DOCUMENT,
                                                [p.page_no for p in d.pages]) for d in batch), "document markers",
                           to_alias=False)

        return self._swap_in(load)

    def _swap_in(self, load: Callable[[str], None]) -> str:
        analysis = self.detect_analysis()
        name = es_schema.new_index_name(self.index_prefix)
        with self._unavailable_on_error("build a new index"):
            self._create_index(name, analysis, refresh_interval="-1")  # no refreshes while bulk-loading
        try:
            load(name)
            with self._unavailable_on_error("switch to the new index"):
                self._client.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
                self._client.indices.refresh(index=name)
                old = self._alias_indices()
                actions: list[dict[str, Any]] = [{"remove": {"index": o, "alias": self.alias}} for o in old]
                actions.append({"add": {"index": name, "alias": self.alias}})
                self._client.indices.update_aliases(actions=actions)  # one atomic step for readers
        except BaseException:
            self._discard(name)
            raise
        self._analysis = analysis
        log.info("search alias %s now on %s (was %s)", self.alias, name, ", ".join(old) or "nothing")
        time.sleep(self.swap_grace_s)
        self._delete_indices(old)
        return name

    def _discard(self, name: str) -> None:
        """Remove a half-built index; if Elasticsearch is gone, leave it for `drop` or the next rebuild."""
        try:
            self._delete_indices([name])
        except SearchUnavailable as e:
            log.warning("could not remove unfinished index %s: %s", name, e.message)

    def _alias_indices(self) -> list[str]:
        try:
            return sorted(self._client.indices.get_alias(name=self.alias))
        except elasticsearch.NotFoundError:
            return []

    def _delete_indices(self, names: list[str]) -> None:
        if names:
            with self._unavailable_on_error("delete old indices"):
                # Explicit names: clusters refuse wildcard deletes (action.destructive_requires_name).
                self._client.options(ignore_status=404).indices.delete(index=",".join(names))

    def family_indices(self) -> list[str]:
        """Every concrete pages index of this prefix: the live one and any a failed rebuild left."""
        with self._unavailable_on_error("list indices"):
            return sorted(self._client.indices.get(index=f"{self.alias}-v*", expand_wildcards="all"))

    def drop(self) -> None:
        """Delete every index of this prefix's pages alias family (tests, decommissioning)."""
        self._delete_indices(self.family_indices())
        self._analysis = None

    # -- reads -------------------------------------------------------------------------

    def live_index(self) -> str | None:
        """The concrete index behind the alias now, if any."""
        with self._unavailable_on_error("read the alias"):
            names = self._alias_indices()
        return names[0] if names else None

    def size_bytes(self) -> int:
        """Disk space of the live index's primary shards."""
        with self._unavailable_on_error("read index statistics"):
            stats = self._client.indices.stats(index=self.alias, metric="store")
        return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])

    def versions(self) -> dict[int, int]:
        """Per document the lowest version among its marker and its pages, so a page left
        behind by an interrupted write shows as stale to verify_index."""
        self._ready()
        out: dict[int, int] = {}
        with self._unavailable_on_error("list indexed versions"):
            self._client.indices.refresh(index=self.alias)  # verify must see every write so far
            query = {"bool": {"filter": [{"terms": {"kind": [PAGE, DOCUMENT]}}]}}
            for hit in self._scan(query, ["document_id", "version", "page_no"], ["document_id", "page_no"]):
                doc_id, version = hit["document_id"], hit["version"]
                out[doc_id] = min(version, out.get(doc_id, version))
        return out

    def search(self, q: SearchQuery) -> SearchResult:
        after = decode_cursor(q.after, q.sort, es_query.CURSOR_TYPES[q.sort]) if q.after else None
        if q.text.strip() and not es_query.query_terms(q.text):
            return es_query.empty_result(q)
        request = es_query.search_request(q, after, scoring=self._ready() != es_schema.STANDARD)
        with self._unavailable_on_error("search"):
            try:
                response = self._client.search(index=self.alias, **request)
            except elasticsearch.ApiError as e:
                if e.meta.status not in (404, 503):
                    raise
                # The alias was resolved to an index that a rebuild deleted a moment later: once more.
                response = self._client.search(index=self.alias, **request)
        return es_query.search_result(q, response)
