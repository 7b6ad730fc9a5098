"""Staging folders of ingest runs under <store>/.staging, and clearing those whose run is gone.

Each run OCRs into a folder of its own, `.staging/<run id>/`, claimed by the
lock file beside it, `.staging/<run id>.lock`. The run holds a shared flock on
it for as long as it lives, and so does each OCR worker while it writes there
(an OCR worker can outlive a supervisor killed with -9, and finish its page).
The kernel drops the locks of a dead process, so whoever next gets the lock
exclusively knows that nobody uses the folder any more and removes it. A live
run's folder is never touched: two `earchive ingest` at once, the upload
worker beside them, each clear only what is left over.

A folder without a lock file was left by a version before this one, which
wrote none; nothing running now can own it.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

_LOCK = ".lock"


def staging_root(store_dir: Path) -> Path:
    return store_dir / ".staging"


def _lock_path(run_dir: Path) -> Path:
    return run_dir.with_name(run_dir.name + _LOCK)


def _hold(lock: Path) -> int:
    """An open descriptor holding a shared lock on `lock`, which exists on disk as we hold it."""
    while True:
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_SH)
        try:
            if os.fstat(fd).st_ino == os.stat(lock).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)  # a cleaner took the file away between our open and our lock: claim it afresh


@contextlib.contextmanager
def staging_run(store_dir: Path) -> Iterator[Path]:
    """A fresh staging folder for one ingest run, removed with its lock when the run ends."""
    root = staging_root(store_dir)
    root.mkdir(parents=True, exist_ok=True)
    run_dir = root / uuid.uuid4().hex
    lock = _lock_path(run_dir)
    fd = _hold(lock)
    try:
        run_dir.mkdir()
        yield run_dir
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
        lock.unlink(missing_ok=True)
        os.close(fd)


@contextlib.contextmanager
def writing_into(run_dir: Path) -> Iterator[None]:
    """Held by an OCR worker while it writes into `run_dir`: the folder is not cleared meanwhile."""
    try:
        fd = os.open(_lock_path(run_dir), os.O_RDWR)
    except FileNotFoundError:  # the run is over and its folder gone; the job's own writes will say so
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def clear_stale_staging(store_dir: Path) -> list[str]:
    """Remove the staging folders (and locks) of runs that no live process holds; returns their names."""
    root = staging_root(store_dir)
    if not root.is_dir():
        return []
    cleared = []
    for entry in sorted(root.iterdir()):
        if entry.name.endswith(_LOCK):
            run_dir = entry.with_name(entry.name[: -len(_LOCK)])
            if _clear_if_unheld(entry, run_dir):
                cleared.append(run_dir.name)
        elif entry.is_dir() and not _lock_path(entry).exists():
            shutil.rmtree(entry, ignore_errors=True)
            cleared.append(entry.name)
    if cleared:
        log.warning("cleared %d staging folders left by interrupted ingest runs: %s", len(cleared), ", ".join(cleared))
    return cleared


def _clear_if_unheld(lock: Path, run_dir: Path) -> bool:
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:  # its run or another cleaner just removed it
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a live run or worker holds it
        shutil.rmtree(run_dir, ignore_errors=True)
        lock.unlink(missing_ok=True)  # while still locked, so no one claims a half-removed folder
        return True
    finally:
        os.close(fd)
