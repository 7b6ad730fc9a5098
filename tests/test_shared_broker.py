"""With a shared broker (Redis), several `earchive worker` processes share the OCR of one upload batch."""
from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from context import open_context
from earchive.settings import Settings
from ingest.uploads import create_upload_batch
from records.models import IngestItem
from tests.scans import render_page, save

EARCHIVE = str(Path(sys.executable).parent / "earchive")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed; run scripts/setup.sh")
    port = _free_port()
    proc = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


def test_two_workers_share_one_batch_through_redis(redis_url, tmp_path):
    settings = Settings(data_dir=tmp_path / "var", queue_url=redis_url)
    ctx = open_context(settings)
    scans = [(f"第{i}份.png", io.BytesIO(save(render_page([f"送达回证{i}", f"受送达人：钱样例{i}"]),
                                              tmp_path / f"{i}.png").read_bytes())) for i in range(4)]
    create_upload_batch(ctx, scans, profile="office", created_by="test", unit_id=None)

    env = {**os.environ, "EARCHIVE_DATA_DIR": str(settings.data_dir), "EARCHIVE_QUEUE_URL": redis_url}
    workers = [subprocess.Popen([EARCHIVE, "-v", "worker", "--threads", "1"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            with ctx.db.session() as s:
                statuses = s.scalars(select(IngestItem.status)).all()
            if all(st in ("ok", "rejected", "duplicate") for st in statuses):
                break
            time.sleep(1)
    finally:
        for w in workers:
            w.terminate()
        logs = [w.communicate(timeout=60)[0] for w in workers]
        ctx.close()
    assert statuses == ["ok"] * 4, logs
    # Both processes took tasks from the shared queue.
    assert all("ingest_item" in log and "Executing" in log for log in logs), logs
