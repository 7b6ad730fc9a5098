"""The background task that makes a web-playable proxy (media.playback) in `earchive worker`.

The web app only asks for it: a transcode takes minutes on an hour of video and does not belong in a
request, nor in a thread of a forking web server (webapp/server.py). The task carries the item's id;
a proxy already made is left alone, so a task queued twice does nothing the second time.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from huey import Huey

from earchive.settings import Settings

log = logging.getLogger(__name__)


def make_proxy(item_id: int) -> str:
    from context import open_context
    from ingest.tasks import _worker_ctx
    from media.models import MediaItem
    from media.playback import Playback

    if not _worker_ctx:
        _worker_ctx.append(open_context(migrate=False))
    ctx = _worker_ctx[0]
    with ctx.db.session() as s:
        item = s.get(MediaItem, item_id)
        if item is None:
            return "missing"
        playback = Playback.of(ctx.store, item)
    return "made" if playback.proxy() is not None else "not_needed"


@lru_cache(maxsize=8)
def register(huey: Huey):
    """The task on this queue; ingest.tasks registers it wherever the queue is opened, consumer included."""
    return huey.task(name="media_proxy", retries=0)(make_proxy)


def enqueue_proxy(settings: Settings, item_id: int) -> None:
    from ingest.tasks import get_huey

    register(get_huey(settings))(item_id)  # calling a huey task enqueues it
