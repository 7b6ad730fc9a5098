"""Classification levels (密级) with their Chinese labels; a user's clearance is one of them.

The levels and their order are the search contract's (`indexer.base`), so that
`policy.decide` and the search-side PermissionFilter rank them the same way.
Labels follow the rank, lowest first: 公开, 内部, then the three state-secret
levels 秘密, 机密, 绝密.
"""
from __future__ import annotations

from indexer.base import CLASSIFICATION_LEVELS as LEVELS

_LABELS_BY_RANK = ("公开", "内部", "秘密", "机密", "绝密")


def rank(level: str) -> int | None:
    """The level's position in LEVELS (lowest first), or None for a level this system does not know."""
    try:
        return LEVELS.index(level)
    except ValueError:
        return None


def label(level: str) -> str:
    r = rank(level)
    return _LABELS_BY_RANK[r] if r is not None and r < len(_LABELS_BY_RANK) else level


def choices() -> list[tuple[str, str]]:
    """(level, label) pairs, lowest first, for forms."""
    return [(level, label(level)) for level in LEVELS]
