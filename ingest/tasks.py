"""Background OCR through huey: SQLite-backed on the embedded default (no server), Redis when shared.

`earchive worker` consumes the queue and drains the search-index outbox.
Tasks carry only ids; the database row is the truth, so a task run twice
finds its item finished and does nothing.
"""
from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy import select

from context import AppContext, open_context
from earchive.settings import Settings

log = logging.getLogger(__name__)
_FINAL = ("ok", "duplicate", "rejected")


@lru_cache(maxsize=8)
def _huey(queue_url: str, data_dir: Path):
    if queue_url == "sqlite":
        huey = SqliteHuey("earchive", filename=str(data_dir / "queue.db"))
    elif queue_url.startswith("redis://"):
        huey = RedisHuey("earchive", url=queue_url)
    else:
        from earchive.errors import ConfigError

        raise ConfigError(f"EARCHIVE_QUEUE_URL {queue_url!r} is not understood; use 'sqlite' or redis://host:port/db")
    from media.playback_tasks import register as register_media_tasks

    register_media_tasks(huey)  # web-playable proxies of media items (#15 §6)
    return huey, huey.task(name="ingest_item", retries=0)(_ingest_item)


def get_huey(settings: Settings) -> Huey:
    return _huey(settings.queue_url, settings.data_dir)[0]


_worker_ctx: list[AppContext] = []  # the context this process's consumer works with


def _ingest_item(item_id: int) -> str:
    if not _worker_ctx:
        _worker_ctx.append(open_context(migrate=False))
    return process_item(_worker_ctx[0], item_id)


def process_item(ctx: AppContext, item_id: int) -> str:
    """OCR one uploaded file of a batch; a finished item is left alone."""
    from ingest.service import ingest_sources
    from ingest.sources import Source
    from records.models import IngestBatch, IngestItem

    with ctx.db.session() as s:
        item = s.get(IngestItem, item_id)
        if item is None or item.status in _FINAL or not item.upload_key:
            return item.status if item else "missing"
        batch = s.get(IngestBatch, item.batch_id)
        spooled = ctx.settings.data_dir / item.upload_key
        src = Source(item.source_name, [spooled])
        profile, created_by, unit_id, batch_id = batch.profile, batch.created_by, batch.unit_id, batch.id
    _, results = ingest_sources(ctx, [src], profile=profile, jobs=1, created_by=created_by, unit_id=unit_id,
                                batch=(batch_id, [item_id]))
    spooled.unlink(missing_ok=True)  # the original now lives in the store (or the quarantine)
    return results[0].status


def enqueue_items(settings: Settings, item_ids: list[int]) -> None:
    _, ingest_item = _huey(settings.queue_url, settings.data_dir)
    for item_id in item_ids:
        ingest_item(item_id)  # calling a huey task enqueues it


def requeue_unfinished(ctx: AppContext) -> int:
    """Queue again uploads whose task was lost (a worker killed mid-task); finished ones are skipped."""
    from records.models import IngestItem

    with ctx.db.session() as s:
        ids = list(s.scalars(select(IngestItem.id).where(IngestItem.status.not_in(_FINAL),
                                                         IngestItem.upload_key.is_not(None))))
    if ids:
        enqueue_items(ctx.settings, ids)
    return len(ids)


def _drain_loop(ctx: AppContext, stop: threading.Event, interval: float = 5.0) -> None:
    from indexer.outbox import refresh_index

    while not stop.wait(interval):
        try:
            refresh_index(ctx.db.session, ctx.search)
        except Exception:  # keep draining on the next tick; the outbox keeps every update
            log.exception("index refresh failed")


class BackgroundWorker:
    """Queue workers and the outbox drain as threads of this process (huey's Consumer wants the main thread)."""

    def __init__(self, ctx: AppContext, threads: int):
        self._huey = get_huey(ctx.settings)
        self._stop = threading.Event()
        _worker_ctx[:] = [ctx]
        requeue_unfinished(ctx)
        self._threads = [threading.Thread(target=self._work, daemon=True, name=f"queue-{i}") for i in range(threads)]
        self._threads.append(threading.Thread(target=_drain_loop, args=(ctx, self._stop), daemon=True, name="outbox"))
        for t in self._threads:
            t.start()

    def _work(self) -> None:
        while not self._stop.is_set():
            task = self._huey.dequeue()
            if task is None:
                self._stop.wait(0.5)
                continue
            try:
                self._huey.execute(task)
            except Exception:  # the task's own item row records the failure; keep serving the queue
                log.exception("task %s failed", task)

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=30)


def start_background(ctx: AppContext, threads: int) -> BackgroundWorker:
    """Run the consumer and the outbox drain inside this process (used by `earchive demo` and tests)."""
    return BackgroundWorker(ctx, threads)


def check_engines() -> None:
    """Refuse to start a worker whose profiles name an engine or language that is not installed."""
    from ocr.engines import check_engine
    from scanner_profiles import list_profiles

    for profile in list_profiles():
        check_engine(profile.engine, list(profile.languages))


def run_worker(ctx: AppContext, threads: int) -> None:
    check_engines()
    huey = get_huey(ctx.settings)
    _worker_ctx[:] = [ctx]
    stop = threading.Event()
    n = requeue_unfinished(ctx)
    if n:
        log.warning("re-queued %d unfinished uploads", n)
    threading.Thread(target=_drain_loop, args=(ctx, stop), daemon=True, name="outbox").start()
    from media.fixity import fixity_loop  # the store's originals re-hashed every settings.fixity_interval_hours

    threading.Thread(target=fixity_loop, args=(ctx, stop), daemon=True, name="fixity").start()
    consumer = huey.create_consumer(workers=threads, worker_type="thread")
    try:
        consumer.run()
    finally:
        stop.set()
