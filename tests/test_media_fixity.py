"""Fixity: stored originals of scans and media re-hashed; a flipped byte and a missing file are reported with
their document, item and disc; each run is recorded; `earchive worker` runs it on schedule."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from PIL import Image
from sqlalchemy import select

from media.fixity import sha256_of, verify_store
from media.intake import ingest_media
from media.models import FixityRun
from records.db import Database
from records.models import Document
from shell.cli import main
from store import sha256_file
from tests.media_discs import clip, xorriso_iso


def _stored_scan(ctx, tmp_path: Path) -> tuple[int, str]:
    """A scan's original and its document row, as ingest leaves them (fixity reads no OCR output)."""
    scan = tmp_path / "scan.png"
    Image.new("L", (50, 70), 255).save(scan)
    sha = sha256_file(scan)
    ctx.store.put_original(scan, sha)
    with ctx.db.transaction() as s:
        doc = Document(sha256=sha, source_name="scan.png", media_type="image/png", size_bytes=scan.stat().st_size,
                       profile="office", status="ok")
        s.add(doc)
        s.flush()
        return doc.id, sha


def _flip_byte(path: Path, at: int) -> None:
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))
    os.chmod(path, 0o444)


def test_a_flipped_byte_and_a_missing_scan_are_reported_with_their_item_and_disc(ctx, tmp_path):
    doc_id, scan_sha = _stored_scan(ctx, tmp_path)
    src = tmp_path / "burn"
    clip(src / "DSJ1000_20240305090203_100101.mp4")
    clip(src / "DSJ1000_20240305100203_100101.mp4")
    [r] = ingest_media(ctx, [xorriso_iso(src, tmp_path / "f.iso", label="FIXITY_DISC")])
    first, second = r.files

    clean = verify_store(ctx)
    assert (clean["status"], clean["checked"], clean["changed"], clean["missing"]) == ("ok", 3, [], [])

    _flip_byte(ctx.store.original_path(second.sha256), 1000)
    ctx.store.original_path(scan_sha).unlink()
    found = verify_store(ctx)

    assert found["status"] == "failed" and found["checked"] == 2
    [changed] = found["changed"]
    assert changed["item_id"] == second.item_id and changed["sha256"] == second.sha256
    assert changed["discs"] == [{"disc_id": r.disc_id, "disc_label": "FIXITY_DISC", "path_on_disc": second.path_on_disc}]
    assert "FIXITY_DISC" in changed["owner"] and changed["actual_sha256"] != second.sha256
    [missing] = found["missing"]
    assert missing["document_id"] == doc_id and "scan.png" in missing["owner"]
    with ctx.db.session() as s:
        runs = s.scalars(select(FixityRun).order_by(FixityRun.id)).all()
        assert [(x.status, x.checked, x.changed, x.missing, x.trigger) for x in runs] == [
            ("ok", 3, 0, 0, "cli"), ("failed", 2, 1, 1, "cli")]
        assert runs[1].result["changed"][0]["item_id"] == second.item_id and runs[1].finished_at is not None


def test_the_command_line_exits_1_on_a_changed_file_and_since_limits_the_run(ctx, settings, tmp_path, monkeypatch):
    clip(tmp_path / "in" / "DSJ1001_20240305090203_100102.mp4")
    [r] = ingest_media(ctx, [tmp_path / "in"])
    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(settings.data_dir))
    runner = CliRunner()
    ok = runner.invoke(main, ["fixity", "verify", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["checked"] == 1

    _flip_byte(ctx.store.original_path(r.files[0].sha256), 10)
    bad = runner.invoke(main, ["fixity", "verify"])
    assert bad.exit_code == 1 and "changed" in bad.stdout and r.files[0].sha256 in bad.stdout
    later = runner.invoke(main, ["fixity", "verify", "--since", "2999-01-01", "--json"])
    assert later.exit_code == 0 and json.loads(later.stdout)["checked"] == 0


def test_hashing_matches_sha256sum(tmp_path):
    path = tmp_path / "blob"
    path.write_bytes(os.urandom(9 << 20) + b"tail")
    expected = subprocess.run(["sha256sum", str(path)], capture_output=True, text=True, check=True).stdout.split()[0]
    assert sha256_of(path) == (expected, path.stat().st_size)


def test_the_worker_runs_fixity_on_schedule(settings, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EARCHIVE_") or k.startswith("EARCHIVE_TEST_")}
    env |= {"EARCHIVE_DATA_DIR": str(settings.data_dir), "EARCHIVE_FIXITY_INTERVAL_HOURS": "0.0003"}  # ~1 s
    worker = subprocess.Popen([sys.executable, "-c", "from shell.cli import main; main()", "worker", "--threads", "1"],
                              env=env, cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, start_new_session=True)
    db = Database(settings.database_url)
    try:
        deadline = time.monotonic() + 120
        runs = []
        while time.monotonic() < deadline and len(runs) < 2 and worker.poll() is None:
            time.sleep(0.5)
            with db.session() as s:
                runs = s.scalars(select(FixityRun).where(FixityRun.trigger == "worker",
                                                         FixityRun.status == "ok")).all()
        assert len(runs) >= 2, worker.stderr.read().decode() if worker.poll() is not None else "no scheduled runs"
    finally:
        db.dispose()
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
