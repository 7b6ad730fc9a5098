"""Opaque pagination cursors: the sort key of the last hit shown, as base64 JSON.

Keyset pagination ("after this key") stays stable and cheap however deep the
caller pages, unlike offsets.
"""
from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from indexer.base import InvalidSearchQuery


def encode_cursor(sort: str, key: list[Any]) -> str:
    raw = json.dumps({"sort": sort, "key": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str, types: tuple[type, ...]) -> list[Any]:
    """The key inside `cursor`; InvalidSearchQuery unless it was made for `sort` with `types`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        key = data["key"]
        ok = (data["sort"] == sort and isinstance(key, list) and len(key) == len(types)
              and all(isinstance(v, t) and not isinstance(v, bool) for v, t in zip(key, types)))
    except (binascii.Error, ValueError, TypeError, KeyError):
        ok = False
    if not ok:
        raise InvalidSearchQuery("invalid or foreign cursor; start again without `after`")
    return key
