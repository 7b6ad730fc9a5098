"""What only Elasticsearch has: outages, the alias swap of a rebuild, the analyzer choice, the query it sends.

The contract every backend shares is in tests/test_search_contract.py. The
outage test stops and restarts the node of scripts/elasticsearch.sh, so it runs
only where EARCHIVE_TEST_ES_URL is that node (scripts/test.sh makes it so).
"""
from __future__ import annotations

import hashlib
import socket
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select

from earchive.errors import SearchUnavailable
from earchive.settings import Settings
from indexer import es_query, make_backend
from indexer.base import IndexedDocument, IndexedPage, PermissionFilter, SearchFilters, SearchQuery
from indexer.elasticsearch import ElasticsearchBackend
from indexer.outbox import drain_outbox, verify_index
from indexer.rebuild import rebuild_index
from records.db import Database
from records.models import Document, IndexOutbox, Page
from tests.es_node import node_script, script_runs_node_at

ALL = PermissionFilter(None, "top_secret")


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings.database_url)
    yield database
    database.dispose()


def add_documents(db: Database, n: int, start: int = 0) -> list[int]:
    """`n` finished two-page documents, each with its outbox row, as ingest leaves them."""
    ids = []
    with db.transaction() as s:
        for i in range(start, start + n):
            doc = Document(sha256=hashlib.sha256(f"doc-{i}".encode()).hexdigest(), source_name=f"卷宗{i}.pdf",
                           media_type="application/pdf", size_bytes=1000, status="ok", profile="office",
                           classification="internal", page_count=2, title=f"询问笔录{i}")
            doc.pages += [Page(page_no=1, width_px=1, height_px=1, dpi=150, text_norm=f"第{i}号询问笔录，当事人张三。"),
                          Page(page_no=2, width_px=1, height_px=1, dpi=150, text_norm=f"第{i}号附页，罚款已缴纳。")]
            s.add(doc)
            s.flush()
            s.add(IndexOutbox(document_id=doc.id, version=doc.version, op="upsert"))
            ids.append(doc.id)
    return ids


def change_document(db: Database, document_id: int, text: str) -> None:
    """A new version of a document's first page, queued for the index like any change."""
    with db.transaction() as s:
        doc = s.get(Document, document_id)
        doc.version += 1
        doc.pages[0].text_norm = text
        s.add(IndexOutbox(document_id=doc.id, version=doc.version, op="upsert"))


def outbox_rows(db: Database) -> list[IndexOutbox]:
    with db.session() as s:
        return list(s.scalars(select(IndexOutbox).order_by(IndexOutbox.id)))


def total(backend: ElasticsearchBackend, text: str) -> int:
    return backend.search(SearchQuery(text, permission=ALL)).total


# -- outages --------------------------------------------------------------------------------

@pytest.fixture
def stoppable_node(es_server_url: str) -> Iterator[None]:
    """Permission to stop the test node; it is running again afterwards, whatever happened."""
    if not script_runs_node_at(es_server_url):
        pytest.skip(f"{es_server_url} is not the node of scripts/elasticsearch.sh, which this test stops")  # reason ok: scripts/test.sh runs that node
    try:
        yield
    finally:
        node_script("start")


class StopsNodeAfterFirstUpsert:
    """Passes calls on to a real backend and stops the node once the first upsert went through."""

    def __init__(self, backend: ElasticsearchBackend):
        self.backend = backend
        self.upserts = 0

    def upsert(self, docs: Sequence[IndexedDocument]) -> None:
        self.backend.upsert(docs)
        self.upserts += 1
        if self.upserts == 1:
            node_script("stop")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)


def test_outage_keeps_updates_in_the_outbox_until_the_node_is_back(
        db: Database, es_backend: ElasticsearchBackend, stoppable_node: None) -> None:
    ids = add_documents(db, 6)
    with pytest.raises(SearchUnavailable):
        drain_outbox(db.session, StopsNodeAfterFirstUpsert(es_backend), batch_size=2)
    left = outbox_rows(db)
    assert [r.document_id for r in left] == ids[2:]  # the first batch went in; nothing else was lost
    assert {r.attempts for r in left[:2]} == {1} and "scripts/elasticsearch.sh" in left[0].last_error

    with pytest.raises(SearchUnavailable, match="cannot search"):
        es_backend.search(SearchQuery("张三", permission=ALL))
    with pytest.raises(SearchUnavailable):
        drain_outbox(db.session, es_backend)  # still down: still kept
    assert len(outbox_rows(db)) == 4

    node_script("start")
    assert drain_outbox(db.session, es_backend) == 4
    assert outbox_rows(db) == []
    with db.session() as s:
        assert verify_index(s, es_backend).clean
    assert total(es_backend, "张三") == 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_cluster_raises_search_unavailable_with_a_hint() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    backend = ElasticsearchBackend(url, timeout_s=2)
    try:
        for call in (lambda: backend.search(SearchQuery("张三", permission=ALL)), lambda: backend.versions(),
                     lambda: backend.delete(1, 1)):
            with pytest.raises(SearchUnavailable, match=url):
                call()
    finally:
        backend.close()


# -- rebuilding -----------------------------------------------------------------------------

class ChangesDuringRebuild:
    """Passes calls on to a real backend; while its rebuild reads the database, a document
    changes and the change is drained into the old index, as a worker would."""

    def __init__(self, backend: ElasticsearchBackend, on_second_batch: Callable[[], None]):
        self.backend = backend
        self.on_second_batch = on_second_batch

    def reindex(self, source_of_truth: Callable[[], Iterable[Sequence[IndexedDocument]]]) -> str:
        def batches() -> Iterator[Sequence[IndexedDocument]]:
            for n, batch in enumerate(source_of_truth()):
                if n == 1:
                    self.on_second_batch()
                yield batch
        return self.backend.reindex(batches)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)


def test_rebuild_swaps_the_alias_while_searches_keep_working(db: Database, es_backend: ElasticsearchBackend) -> None:
    ids = add_documents(db, 40)
    drain_outbox(db.session, es_backend)
    first_index = es_backend.live_index()
    results: list[int] = []
    failures: list[str] = []
    stop = threading.Event()

    def keep_searching() -> None:
        while not stop.is_set():
            try:
                results.append(total(es_backend, "张三"))
            except Exception as e:  # noqa: BLE001 - any failure at all is what this test looks for
                failures.append(repr(e))

    def change_first_document() -> None:
        change_document(db, ids[0], "改写后的询问笔录，当事人张三补充陈述。")
        drain_outbox(db.session, es_backend)  # lands in the old index only

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        report = rebuild_index(db.session, ChangesDuringRebuild(es_backend, change_first_document), batch_size=10)
        second = rebuild_index(db.session, es_backend, batch_size=10)
    finally:
        stop.set()
        searcher.join()
    assert failures == []
    assert len(results) > 10 and set(results) == {40}  # every search, before, during and after, saw all pages
    assert report.documents == 40 and report.index != first_index and second.index != report.index
    assert report.repaired.stale == [ids[0]]  # read before it changed: caught up after the swap
    assert second.repaired.clean
    assert es_backend.live_index() == second.index
    assert es_backend.family_indices() == [second.index]  # old indices deleted
    assert total(es_backend, "补充陈述") == 1
    with db.session() as s:
        assert verify_index(s, es_backend).clean


def test_rebuild_from_an_empty_cluster_creates_the_alias(db: Database, es_backend: ElasticsearchBackend) -> None:
    add_documents(db, 3)
    report = rebuild_index(db.session, es_backend)
    assert report.method == "new index" and report.documents == 3
    assert total(es_backend, "缴纳") == 3


def test_pages_gone_behind_the_markers_back_do_not_block_updates(es_backend: ElasticsearchBackend) -> None:
    """After an interrupted write the marker may list a page that no longer exists: deleting it
    again finds nothing, which is fine, not an error that would keep the update in the outbox forever."""
    pages = [IndexedPage(n, f"第{n}页，当事人张三。") for n in (1, 2, 3)]
    doc = IndexedDocument(document_id=1, version=1, title=None, source_name="a.pdf", case_no=None, doc_type=None,
                          stage=None, unit_id=1, classification="internal", parties=[], officers=[], devices=[],
                          doc_date=None, pages=pages)
    es_backend.upsert([doc])
    es_backend._bulk(es_backend._page_deletes(es_backend.alias, 1, 1, [3]), "pages")  # the interrupted write
    es_backend.upsert([replace(doc, version=2, pages=pages[:2])])
    assert es_backend.versions() == {1: 2} and total(es_backend, "张三") == 2


def test_make_backend_builds_elasticsearch_from_settings(tmp_path, es_server_url: str) -> None:
    settings = Settings(data_dir=tmp_path, search_backend="elasticsearch", elasticsearch_url=es_server_url,
                        elasticsearch_index_prefix=f"earchive-t-{uuid.uuid4().hex[:12]}", elasticsearch_replicas=0)
    backend = make_backend(settings)
    try:
        assert isinstance(backend, ElasticsearchBackend)
        assert backend.alias == f"{settings.elasticsearch_index_prefix}-pages"
        assert backend.search(SearchQuery("张三", permission=ALL)).total == 0
    finally:
        backend.drop()
        backend.close()


# -- analysis -------------------------------------------------------------------------------

def test_analysis_is_cjk_where_the_node_has_it_else_standard(es_backend: ElasticsearchBackend) -> None:
    """The bare test node (integ-test-zip) has no analysis-common, so no cjk analyzer: there the
    detection must say "standard" and matching runs on single characters. A full distribution
    (or one with smartcn/IK) adds a bigram subfield for scoring, checked where present."""
    if es_backend.has_analyzer("cjk"):
        assert es_backend.analysis == "cjk"
    elif es_backend.has_analyzer("smartcn") or es_backend.has_analyzer("ik_max_word"):
        assert es_backend.analysis in ("smartcn", "ik_max_word")
    else:
        assert es_backend.detect_analysis() == "standard"
        assert es_backend.analysis == "standard"
    assert not es_backend.has_analyzer("no_such_analyzer")


def test_scoring_subfield_is_queried_only_with_a_bigram_analyzer() -> None:
    q = SearchQuery("张三 罚款", permission=ALL)
    standard = es_query.search_request(q, None, scoring=False)["query"]["bool"]
    bigram = es_query.search_request(q, None, scoring=True)["query"]["bool"]
    assert "should" not in standard
    assert bigram["must"] == standard["must"] == [{"match_phrase": {"text": "张三"}},
                                                  {"match_phrase": {"text": "罚款"}}]
    assert bigram["should"] == [{"match_phrase": {"text.bigram": "张三"}}, {"match_phrase": {"text.bigram": "罚款"}}]


# -- the request itself (no node needed) ----------------------------------------------------

def test_permission_and_filters_sit_in_the_filter_context() -> None:
    perm = PermissionFilter(frozenset({3, 1}), "internal", granted_case_nos=frozenset({"测罚〔2024〕1号"}),
                            granted_document_ids=frozenset({9}))
    request = es_query.search_request(SearchQuery("张三", permission=perm, filters=SearchFilters(party="李四"),
                                                  facets=("party",)), None, scoring=True)
    query = request["query"]["bool"]
    assert query["filter"] == [
        {"term": {"kind": "page"}},
        {"range": {"classification_rank": {"lte": 1}}},
        {"bool": {"should": [{"terms": {"unit_id": [1, 3]}}, {"terms": {"case_no": ["测罚〔2024〕1号"]}},
                             {"terms": {"document_id": [9]}}], "minimum_should_match": 1}},
        {"term": {"party": "李四"}},
    ]
    # Aggregations and highlights run over the query's hits, so they see only what the filter lets through.
    assert "post_filter" not in request and "global" not in repr(request["aggs"])
    assert request["highlight"]["encoder"] == "html" and request["track_total_hits"] is True


def test_outbox_counts_are_unchanged_by_a_failed_batch(db: Database) -> None:
    """A backend failure leaves every row of the batch, with the error recorded (no node needed)."""
    add_documents(db, 3)
    backend = ElasticsearchBackend(f"http://127.0.0.1:{_free_port()}", timeout_s=2)
    try:
        with pytest.raises(SearchUnavailable):
            drain_outbox(db.session, backend)
    finally:
        backend.close()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(IndexOutbox)) == 3
        assert s.scalar(select(func.min(IndexOutbox.attempts))) == 1
