"""The OCR pool's forked workers (the CLI's one-page batches): forked indeed, and gone with their supervisor."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_SUPERVISOR = """
import time
from earchive.settings import get_settings
from ingest.pool import OcrPool
from scanner_profiles import get_profile

settings = get_settings()
pool = OcrPool(2, settings, get_profile(settings.default_profile), fork=True)
print(" ".join(str(w.process.pid) for w in pool._workers), flush=True)
time.sleep(600)
"""


def _cmdline(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed supervisor's children are reaped by whoever adopts them, if at all)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_forked_workers_end_when_their_supervisor_is_killed(tmp_path):
    env = {**os.environ, "EARCHIVE_DATA_DIR": str(tmp_path / "data")}
    supervisor = subprocess.Popen([sys.executable, "-c", _SUPERVISOR], stdout=subprocess.PIPE, text=True,
                                  env=env, cwd=REPO)
    try:
        pids = [int(p) for p in supervisor.stdout.readline().split()]
        assert len(pids) == 2
        # Forked, not spawned: a spawned worker runs `python -c "from multiprocessing.spawn import ..."`.
        assert all(_cmdline(pid) == _cmdline(supervisor.pid) for pid in pids)
    finally:
        supervisor.kill()
        supervisor.wait()
    # Each worker holds only its own end of its pipe, so it reads end-of-file once the supervisor is gone
    # (after its warm-up) and leaves. The deadline only keeps a regression from hanging the suite.
    deadline = time.monotonic() + 600
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in pids if _running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"OCR workers {left} outlived their supervisor"


def test_workers_are_told_to_leave_once_the_last_job_is_out_before_its_result_is_filed(tmp_path):
    """With no job left to hand out, a worker that has come free leaves while the supervisor files the last
    results, instead of after them (OcrPool.close): by the time the last result is filed, each has ended."""

    from context import open_context
    from earchive.settings import Settings
    from ingest.pool import OcrPool
    from ingest.service import ingest_sources
    from ingest.sources import collect_sources
    from scanner_profiles import get_profile
    from tests.scans import render_page, save

    src = tmp_path / "in"
    src.mkdir()
    save(render_page(["询问笔录", "被询问人：测试甲"]), src / "one.png")
    save(render_page(["现场检查笔录", "当事人：测试乙"]), src / "two.png")
    settings = Settings(data_dir=tmp_path / "var")
    ctx = open_context(settings)
    pool = OcrPool(2, settings, get_profile(settings.default_profile))
    alive_when_filed: list[list[bool]] = []

    def on_result(result) -> None:
        if len(alive_when_filed) == 1:  # the second and last result: both workers have had their last job
            for w in pool._workers:
                w.process.join(120)  # only keeps a regression from hanging; a worker told to leave ends at once
        alive_when_filed.append([w.process.is_alive() for w in pool._workers])

    try:
        with pool:
            _, results = ingest_sources(ctx, collect_sources([src], False), pool=pool, on_result=on_result)
        assert [r.status for r in results] == ["ok", "ok"]
        assert alive_when_filed[-1] == [False, False]
        assert all(w.process.exitcode == 0 for w in pool._workers)  # left as told, not killed by close
    finally:
        ctx.close()
