"""Classification levels (密级) with their Chinese labels; a user's clearance is one of them.

The levels and their order are the search contract's (`indexer.base`), so that
`policy.decide` and the search-side PermissionFilter rank them the same way.
"""
from __future__ import annotations

from indexer.base import CLASSIFICATION_LEVELS as LEVELS

LABELS: dict[str, str] = {
    "public": "公开",
    "internal": "内部",
    "secret": "秘密",
    "confidential": "机密",
}


def rank(level: str) -> int | None:
    """The level's position in LEVELS (lowest first), or None for a level this system does not know."""
    try:
        return LEVELS.index(level)
    except ValueError:
        return None


def label(level: str) -> str:
    return LABELS.get(level, level)
