"""Browser uploads: files spooled to disk, an ingest batch with one item each, OCR queued for workers."""
from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from context import AppContext
from earchive.errors import IngestRejected
from ingest.quarantine import safe_name
from ingest.service import start_batch
from ingest.sources import Source
from scanner_profiles import get_profile


def upload_dir(ctx: AppContext, batch_id: int) -> Path:
    return ctx.settings.data_dir / "uploads" / str(batch_id)


def create_upload_batch(ctx: AppContext, files: Iterable[tuple[str, BinaryIO]], *, profile: str,
                        created_by: str, unit_id: int | None) -> int:
    """Spool the uploaded files and queue one OCR task per file; returns the batch id."""
    get_profile(profile)  # an unknown profile is refused before anything is written
    files = list(files)
    if not files:
        raise IngestRejected("no_files", "no files were uploaded; choose one or more scans")
    sources = [Source(safe_name(name or "unnamed"), []) for name, _ in files]
    batch_id, item_ids = start_batch(ctx, sources, profile, created_by=created_by, unit_id=unit_id, origin="web")
    spool = upload_dir(ctx, batch_id)
    spool.mkdir(parents=True, exist_ok=True)
    from records.models import IngestItem

    with ctx.db.transaction() as s:
        for (_name, stream), src, item_id in zip(files, sources, item_ids):
            # The spooled name is ours (item id), never the uploader's, so hostile names cannot escape.
            path = spool / f"{item_id}.upload"
            with open(path, "wb") as out:
                shutil.copyfileobj(stream, out, 1 << 20)
            s.get(IngestItem, item_id).upload_key = str(path.relative_to(ctx.settings.data_dir))
    from ingest.tasks import enqueue_items

    enqueue_items(ctx.settings, item_ids)
    return batch_id
