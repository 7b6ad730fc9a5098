"""`earchive index verify`, `earchive reindex` and `earchive search` filters, on both search backends."""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from earchive import settings as settings_module
from shell.cli import main
from earchive.settings import Settings
from indexer.elasticsearch import ElasticsearchBackend
from records.db import Database, upgrade_database
from records.models import Agency, Case, Document, IndexOutbox, Page, Unit


@pytest.fixture(params=["embedded", "elasticsearch"])
def cli_env(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """EARCHIVE_* variables for a data directory in tmp_path and the backend in turn; yields its name."""
    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EARCHIVE_SEARCH_BACKEND", request.param)
    backend = None
    if request.param == "elasticsearch":
        url = request.getfixturevalue("es_server_url")
        prefix = f"earchive-t-{uuid.uuid4().hex[:12]}"
        monkeypatch.setenv("EARCHIVE_ELASTICSEARCH_URL", url)
        monkeypatch.setenv("EARCHIVE_ELASTICSEARCH_INDEX_PREFIX", prefix)
        monkeypatch.setenv("EARCHIVE_ELASTICSEARCH_REPLICAS", "0")
        backend = ElasticsearchBackend(url, index_prefix=prefix)
    settings_module.get_settings.cache_clear()
    try:
        yield request.param
    finally:
        if backend is not None:
            backend.drop()
            backend.close()


def seed(data_dir: Path) -> None:
    """Two ok documents in two cases, queued for the index but not indexed."""
    url = Settings(data_dir=data_dir).database_url
    upgrade_database(url)
    db = Database(url)
    with db.transaction() as s:
        unit = Unit(agency=Agency(code="t", name="测试局"), code="u1", name="一中队")
        s.add(unit)
        s.flush()
        documents = [("测罚〔2024〕1号", "inquiry_record", "询问笔录"), ("测罚〔2024〕2号", "penalty_decision", "行政处罚决定书")]
        for n, (case_no, doc_type, title) in enumerate(documents):
            case = Case(unit_id=unit.id, case_no=case_no)
            s.add(case)
            s.flush()
            doc = Document(sha256=hashlib.sha256(case_no.encode()).hexdigest(), source_name=f"{n}.pdf",
                           media_type="application/pdf", size_bytes=1, status="ok", profile="office",
                           unit_id=unit.id, case_id=case.id, doc_type=doc_type, page_count=1)
            doc.pages.append(Page(page_no=1, width_px=1, height_px=1, dpi=150, text_norm=f"{title}：当事人张三。"))
            s.add(doc)
            s.flush()
            s.add(IndexOutbox(document_id=doc.id, version=doc.version))
    db.dispose()


def earchive(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_verify_reindex_and_filtered_search(cli_env: str, tmp_path: Path) -> None:
    seed(tmp_path)
    before = earchive("index", "verify")
    assert before.exit_code == 1 and "missing" in before.output

    rebuilt = earchive("reindex")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "re-indexed 2 documents" in rebuilt.output
    assert ("new index" if cli_env == "elasticsearch" else "in place") in rebuilt.output
    assert earchive("index", "verify").output.strip() == "index matches the database"

    found = json.loads(earchive("search", "张三", "--case-no", "测罚〔2024〕2号", "--json").output)
    assert found["total"] == 1 and found["hits"][0]["case_no"] == "测罚〔2024〕2号"
    listed = json.loads(earchive("search", "--type", "询问笔录", "--json").output)
    assert [h["case_no"] for h in listed["hits"]] == ["测罚〔2024〕1号"]
    # No document has a date yet (the schema has none), so a date filter finds nothing.
    assert json.loads(earchive("search", "张三", "--from", "2024-01-01", "--json").output)["total"] == 0
    text = earchive("search", "张三", "--stage", "调查")
    assert text.exit_code == 0 and "共 0 页命中" in text.output


def test_search_rejects_a_malformed_date(cli_env: str) -> None:
    result = CliRunner().invoke(main, ["search", "张三", "--from", "2024/01/01"])
    assert result.exit_code == 2 and "--from" in result.output
