"""A batch killed at any point (kill -9) and run again ends with every file ingested exactly once."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from context import open_context
from earchive.settings import Settings
from indexer.base import PermissionFilter, SearchQuery
from ocr.artefacts import page_image
from records.models import Document
from store import sha256_file
from tests.scans import render_page, save

EARCHIVE = str(Path(sys.executable).parent / "earchive")


def _ingest_cmd(folder: Path) -> list[str]:
    return [EARCHIVE, "ingest", str(folder), "--jobs", "2", "--json"]


def _env(data_dir: Path, db_url: str) -> dict[str, str]:
    return {**os.environ, "EARCHIVE_DATA_DIR": str(data_dir), "EARCHIVE_DATABASE_URL": db_url}


@pytest.mark.parametrize("kill_after_s", [1.5, 4.0, 7.0])
def test_killed_batch_rerun_ingests_every_file_exactly_once(db_url, tmp_path, kill_after_s):
    folder = tmp_path / "in"
    folder.mkdir()
    files = [save(render_page([f"测试文书第{i}号", "询问笔录", f"被询问人：赵样例{i}"]), folder / f"doc{i}.png")
             for i in range(5)]
    data_dir = tmp_path / "var"
    env = _env(data_dir, db_url)

    proc = subprocess.Popen(_ingest_cmd(folder), env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(kill_after_s)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole process group: the CLI and its OCR workers
    proc.wait()

    rerun = subprocess.run(_ingest_cmd(folder), env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    # The killed run's staging folder went with the rerun, which clears what no live process holds.
    assert not list((data_dir / "store" / ".staging").glob("*"))

    ctx = open_context(Settings(data_dir=data_dir, database_url=db_url))
    try:
        with ctx.db.session() as s:
            docs = s.scalars(select(Document)).all()
            # exactly once: one ok row per file, no duplicates
            assert sorted(d.sha256 for d in docs) == sorted(sha256_file(f) for f in files)
            assert all(d.status == "ok" and d.page_count == 1 and len(d.pages) == 1 for d in docs)
            # no rows pointing at missing files
            for d in docs:
                assert ctx.store.original_path(d.sha256).read_bytes() == (folder / d.source_name).read_bytes()
                assert ctx.store.derived_path(d.sha256, "document.pdf").is_file()
                assert page_image(ctx.store.derived_dir(d.sha256), 1) is not None
            # no files without rows
            assert set(ctx.store.iter_originals()) == {d.sha256 for d in docs}
        hits = ctx.search.search(SearchQuery("询问笔录", permission=PermissionFilter(None, "top_secret")))
        assert hits.total == len(files)
    finally:
        ctx.close()
