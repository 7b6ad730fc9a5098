"""Media items in search from end to end (#15 §7), on both backends: a real clip taken in from a folder named
by its case is queued, indexed with device, officer, time, case, party and duration, found by `earchive
search` beside the case's pages, survives `earchive reindex`, and is checked by `earchive index verify`.
An Elasticsearch index of the layout before media items takes them after its mapping is extended in place.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import select

from earchive.settings import Settings
from indexer import es_schema
from indexer.base import IndexedMedia, PermissionFilter, SearchQuery
from indexer.elasticsearch import ElasticsearchBackend
from records.db import Database
from records.models import Agency, Case, Document, Party
from classify.models import DocumentParty
from shell.cli import main
from tests.media_discs import clip
from tests.test_search_cli import cli_env, seed  # noqa: F401 - the fixture, and two indexed cases

CASE_1 = "测罚〔2024〕1号"


def earchive(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _searchable_now(backend_name: str) -> None:
    """Elasticsearch shows a write after its next refresh; the CLI does not wait for one, the test does."""
    if backend_name == "elasticsearch":
        es = ElasticsearchBackend(os.environ["EARCHIVE_ELASTICSEARCH_URL"],
                                  index_prefix=os.environ["EARCHIVE_ELASTICSEARCH_INDEX_PREFIX"])
        es._client.indices.refresh(index=es.alias)
        es.close()


def _party_of_case_1(data_dir: Path) -> None:
    db = Database(Settings(data_dir=data_dir).database_url)
    with db.transaction() as s:
        doc = s.scalar(select(Document).join(Case, Case.id == Document.case_id).where(Case.case_no == CASE_1))
        party = Party(kind="person", name="张测试")
        s.add(party)
        s.flush()
        s.add(DocumentParty(document_id=doc.id, party_id=party.id, role="party"))
        s.scalar(select(Agency)).rules = {}
    db.dispose()


def test_a_clip_is_found_with_its_case_and_survives_a_reindex(cli_env: str, tmp_path: Path) -> None:  # noqa: F811
    seed(tmp_path)
    _party_of_case_1(tmp_path)
    clip(tmp_path / "in" / "测罚（2024）第1号" / "DSJ0300_20240305100000_13010000003.mp4",
         creation_time="2024-03-05T02:00:00Z")
    ingested = earchive("media", "ingest", "--unit", "t/u1", str(tmp_path / "in"))
    assert ingested.exit_code == 0, ingested.output
    _searchable_now(cli_env)

    found = json.loads(earchive("search", "DSJ0300", "--json").output)
    [hit] = found["hits"]
    assert (hit["kind"], hit["case_no"], hit["media_kind"], hit["recorded_at"][:19]) == (
        "media", CASE_1, "video", "2024-03-05T10:00:00")
    assert dt.datetime.fromisoformat(hit["recorded_at"]).utcoffset() == dt.timedelta(hours=8)
    assert abs(hit["duration_s"] - 1.0) < 0.1 and "<mark>DSJ0300</mark>" in hit["snippet"]
    item_id = hit["media_id"]

    both = json.loads(earchive("search", "--case-no", CASE_1, "--json").output)
    assert both["kinds"] == {"document": 1, "media": 1}
    by_party = json.loads(earchive("search", "张测试", "--kind", "media", "--json").output)
    assert [h["media_id"] for h in by_party["hits"]] == [item_id]  # the party of its case
    by_device = json.loads(earchive("search", "--device", "DSJ0300", "--kind", "media", "--json").output)
    assert [h["media_id"] for h in by_device["hits"]] == [item_id]
    by_officer = json.loads(earchive("search", "--officer", "13010000003", "--json").output)
    assert [h["media_id"] for h in by_officer["hits"]] == [item_id]
    assert json.loads(earchive("search", "--kind", "document", "DSJ0300", "--json").output)["total"] == 0
    text = earchive("search", "DSJ0300")
    assert f"音像#{item_id} video 2024-03-05T10:00:00+08:00 1秒" in text.output

    rebuilt = earchive("reindex")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert earchive("index", "verify").output.strip() == "index matches the database"
    assert [h["media_id"] for h in json.loads(earchive("search", "DSJ0300", "--json").output)["hits"]] == [item_id]


def test_an_index_of_the_layout_before_media_takes_media_items(es_server_url: str) -> None:
    backend = ElasticsearchBackend(es_server_url, index_prefix=f"earchive-t-upgrade-{dt.datetime.now():%H%M%S%f}",
                                   replicas=0, refresh_writes=True)
    try:
        old = es_schema.mappings(None)
        for name in es_schema.MEDIA_PROPERTIES:
            del old["properties"][name]
        old["_meta"]["earchive_schema"] = 2
        backend._client.indices.create(index=es_schema.first_index_name(backend.index_prefix),
                                       settings=es_schema.index_settings(0), mappings=old,
                                       aliases={backend.alias: {}})
        backend.upsert_media([IndexedMedia(
            item_id=9, version=1, title="视频 DSJ0900_20240305100000.mp4", source_name="DSJ0900_20240305100000.mp4",
            media_kind="video", unit_id=1, classification="internal", case_nos=[], case_numbers=[], parties=[],
            officers=["13010000009"], devices=["DSJ0900"],
            recorded_at=dt.datetime(2024, 3, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))),
            recorded_date=dt.date(2024, 3, 5), duration_s=3.0, text="视频 DSJ0900_20240305100000.mp4\n设备 DSJ0900")])
        mapping = next(iter(backend._client.indices.get_mapping(index=backend.alias).values()))["mappings"]
        assert mapping["_meta"]["earchive_schema"] == es_schema.SCHEMA_VERSION
        assert set(es_schema.MEDIA_PROPERTIES) <= set(mapping["properties"])
        result = backend.search(SearchQuery("DSJ0900", permission=PermissionFilter(None, "top_secret"),
                                            kinds=("media",)))
        assert [(h.media_id, h.duration_s) for h in result.hits] == [(9, 3.0)]
    finally:
        backend.drop()
        backend.close()
