"""Browser uploads are OCR'd by the background worker: per-file progress and errors on the batch page."""
from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from access_control.users import create_user
from context import open_context
from earchive.settings import Settings
from indexer.base import PermissionFilter, SearchQuery
from records.classification import HIGHEST as HIGHEST_CLASSIFICATION
from ingest.tasks import start_background
from records.admin import ensure_unit
from records.models import IngestItem
from tests.scans import render_page, save
from webapp import create_app

PASSWORD = "upload-test-pw-42"


@pytest.fixture
def ctx(db_url: str, tmp_path: Path):
    context = open_context(Settings(data_dir=tmp_path / "var", database_url=db_url))
    with context.db.transaction() as s:
        unit = ensure_unit(s, "T", "测试局", "T-1", "测试一科")
        create_user(s, "archivist", PASSWORD, "王档案", "archivist", unit.id, "secret")
    yield context
    context.close()


def _wait_until_final(ctx, timeout: float = 240) -> list[IngestItem]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with ctx.db.session() as s:
            items = s.scalars(select(IngestItem).order_by(IngestItem.id)).all()
        if items and all(i.status in ("ok", "duplicate", "rejected") for i in items):
            return items
        time.sleep(0.5)
    raise AssertionError(f"items still pending: {[(i.source_name, i.status) for i in items]}")


def test_uploaded_scans_are_ocrd_by_the_worker_and_the_batch_page_shows_each_file(ctx, tmp_path):
    app = create_app(test_config={"EARCHIVE_CONTEXT": ctx, "WTF_CSRF_ENABLED": False, "TESTING": True})
    client = app.test_client()
    assert client.post("/login", data={"username": "archivist", "password": PASSWORD}).status_code in (302, 303)
    scan = save(render_page(["现场检查笔录", "检查地点：测试市样本路9号"]), tmp_path / "scan.png").read_bytes()
    response = client.post("/batches/new", data={
        "profile": "office",
        "files": [(io.BytesIO(scan), "现场检查.png"), (io.BytesIO(b"not a scan"), "坏文件.pdf")],
    }, content_type="multipart/form-data")
    assert response.status_code == 303
    batch_page = response.headers["Location"]
    assert "排队中" in client.get(batch_page).get_data(as_text=True)

    worker = start_background(ctx, threads=1)
    try:
        items = _wait_until_final(ctx)
    finally:
        worker.stop()

    by_name = {i.source_name: i for i in items}
    assert by_name["现场检查.png"].status == "ok"
    assert by_name["坏文件.pdf"].status == "rejected" and "PDF" in by_name["坏文件.pdf"].error
    page = client.get(batch_page).get_data(as_text=True)
    assert "已完成" in page and "坏文件.pdf" in page
    hits = ctx.search.search(SearchQuery("样本路", permission=PermissionFilter(None, HIGHEST_CLASSIFICATION)))
    assert [h.document_id for h in hits.hits] == [by_name["现场检查.png"].document_id]
    assert not list((ctx.settings.data_dir / "uploads").rglob("*.upload"))  # spooled copies are cleaned up
