"""Fixity: every stored original re-hashed against the SHA-256 it is stored under, each run recorded.

The store names each original by its SHA-256, so a file whose bytes no longer
hash to its name was changed (bit rot, a careless hand, tampering), and a
file the catalogue expects but the store lacks is missing: both are what the
regulations call storage that loses or alters records (000:32, 002 记录办法:31).
Originals are those of documents (a scanned file, or a page folder's manifest
and each page it lists), of media items and of the READMEs kept from discs.
Files in the store that nothing in the catalogue names are counted, not failed.

Hashing reads 4 MiB at a time into one reused buffer; hashlib releases the GIL
while it hashes, so `earchive worker` keeps serving while a run goes on.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from context import AppContext
from media.models import Disc, DiscFile, FixityRun, MediaItem
from media.times import UTC, from_db
from records.models import Document, utcnow

log = logging.getLogger(__name__)

_BUFFER = 4 << 20
PAGE_FOLDER = "application/x-earchive-page-folder"


@dataclass
class _Expected:
    sha256: str
    owner: str  # what it is, for people: document 12 (scan.pdf), media item 3 on disc "CASE_12" at DSJ/a.mp4
    record: dict = field(default_factory=dict)


def sha256_of(path: Path, buffer: bytearray | None = None) -> tuple[str, int]:
    """The SHA-256 and size of `path`, read in large pieces into one buffer."""
    buf = buffer or bytearray(_BUFFER)
    view = memoryview(buf)
    h = hashlib.sha256()
    size = 0
    with open(path, "rb", buffering=0) as f:
        while n := f.readinto(buf):
            h.update(view[:n])
            size += n
    return h.hexdigest(), size


def _since_utc(since: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(since, dt.time(), UTC) if since else None


def _expected(ctx: AppContext, since: dt.date | None) -> list[_Expected]:
    start = _since_utc(since)
    out: list[_Expected] = []
    with ctx.db.session() as s:
        docs = select(Document.id, Document.sha256, Document.source_name, Document.media_type).order_by(Document.id)
        if start:
            docs = docs.where(Document.created_at >= start)
        for doc_id, sha, name, media_type in s.execute(docs):
            record = {"document_id": doc_id, "source_name": name}
            out.append(_Expected(sha, f"文书 {doc_id}（{name}）", record))
            if media_type == PAGE_FOLDER:
                out.extend(_pages_of(ctx, sha, doc_id, name))
        items = select(MediaItem.id, MediaItem.sha256, MediaItem.path_on_disc).order_by(MediaItem.id)
        if start:
            items = items.where(MediaItem.stored_at >= start)
        for item_id, sha, path in s.execute(items):
            discs = [{"disc_id": d_id, "disc_label": label, "path_on_disc": p} for d_id, label, p in s.execute(
                select(Disc.id, Disc.volume_label, DiscFile.path_on_disc).join(DiscFile, DiscFile.disc_id == Disc.id)
                .where(DiscFile.item_id == item_id).order_by(DiscFile.id))]
            shown = "；".join(f"光盘 {d['disc_id']}“{d['disc_label'] or ''}” {d['path_on_disc']}" for d in discs)
            out.append(_Expected(sha, f"音像记录 {item_id}（{shown or path}）", {"item_id": item_id, "discs": discs}))
        readmes = select(Disc.id, Disc.volume_label, Disc.manifest, Disc.ingested_at).order_by(Disc.id)
        for disc_id, label, manifest, at in s.execute(readmes):
            if start and from_db(at) < start:
                continue
            for f in manifest or []:
                if f.get("status") == "readme" and f.get("sha256"):
                    out.append(_Expected(f["sha256"], f"光盘 {disc_id}“{label or ''}”的说明文件 {f['path_on_disc']}",
                                         {"disc_id": disc_id, "path_on_disc": f["path_on_disc"]}))
    return out


def _pages_of(ctx: AppContext, manifest_sha: str, doc_id: int, name: str) -> list[_Expected]:
    path = ctx.store.original_path(manifest_sha)
    try:
        pages = json.loads(path.read_text(encoding="utf-8"))["pages"]
    except (OSError, ValueError, KeyError):
        return []  # the manifest itself is checked (and reported) as an original
    return [_Expected(p["sha256"], f"文书 {doc_id}（{name}）第 {n} 页 {p.get('name', '')}",
                      {"document_id": doc_id, "page": n}) for n, p in enumerate(pages, 1)]


def verify_store(ctx: AppContext, *, since: dt.date | None = None, trigger: str = "cli") -> dict:
    """Re-hash the originals (stored on or after `since`), record the run and return its findings."""
    with ctx.db.transaction() as s:
        run = FixityRun(trigger=trigger, since=since, status="running")
        s.add(run)
        s.flush()
        run_id = run.id
    changed, missing = [], []
    checked = bytes_checked = 0
    buffer = bytearray(_BUFFER)
    seen: set[str] = set()
    try:
        for e in _expected(ctx, since):
            if e.sha256 in seen:
                continue
            seen.add(e.sha256)
            path = ctx.store.original_path(e.sha256)
            if not path.is_file():
                missing.append({"problem": "missing", "sha256": e.sha256, "owner": e.owner, **e.record})
                continue
            actual, size = sha256_of(path, buffer)
            checked, bytes_checked = checked + 1, bytes_checked + size
            if actual != e.sha256:
                changed.append({"problem": "changed", "sha256": e.sha256, "actual_sha256": actual, "owner": e.owner,
                                **e.record})
        unknown = 0 if since else sum(1 for sha in ctx.store.iter_originals() if sha not in seen)
    except Exception as exc:
        _record(ctx, run_id, "failed", checked, bytes_checked, changed, missing, {"error": f"{type(exc).__name__}: {exc}"})
        raise
    status = "ok" if not changed and not missing else "failed"
    result = _record(ctx, run_id, status, checked, bytes_checked, changed, missing, {"unreferenced": unknown})
    for p in changed + missing:
        log.error("fixity: %s %s (%s)", p["problem"], p["sha256"], p["owner"])
    return result


def _record(ctx: AppContext, run_id: int, status: str, checked: int, bytes_checked: int, changed: list, missing: list,
            extra: dict) -> dict:
    result = {"changed": changed, "missing": missing, **extra}
    with ctx.db.transaction() as s:
        run = s.get(FixityRun, run_id)
        run.finished_at, run.status = utcnow(), status
        run.checked, run.bytes_checked, run.changed, run.missing = checked, bytes_checked, len(changed), len(missing)
        run.result = result
        started, finished = from_db(run.started_at), from_db(run.finished_at)
    return {"run_id": run_id, "status": status, "checked": checked, "bytes_checked": bytes_checked,
            "started_at": started.isoformat(), "finished_at": finished.isoformat(), **result}


def last_run_at(ctx: AppContext) -> dt.datetime | None:
    with ctx.db.session() as s:
        return from_db(s.scalar(select(FixityRun.started_at).order_by(FixityRun.id.desc()).limit(1)))


def fixity_loop(ctx: AppContext, stop: threading.Event) -> None:
    """`earchive worker`'s scheduled run: every settings.fixity_interval_hours since the last run (any trigger)."""
    interval = dt.timedelta(hours=ctx.settings.fixity_interval_hours)
    tick = min(60.0, interval.total_seconds())
    while True:
        try:
            last = last_run_at(ctx)
            if last is None or dt.datetime.now(UTC) - last >= interval:
                result = verify_store(ctx, trigger="worker")
                log.info("fixity run %d: %d checked, %d changed, %d missing", result["run_id"], result["checked"],
                         len(result["changed"]), len(result["missing"]))
        except Exception:  # the next tick tries again; a failed run is recorded as failed
            log.exception("scheduled fixity run failed")
        if stop.wait(tick):
            return
