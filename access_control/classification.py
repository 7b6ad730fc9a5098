"""Classification levels (密级) in rank order; a user's clearance is one of them."""
from __future__ import annotations

# Lowest first. 秘密 < 机密 < 绝密 are the state-secret grades.
LEVELS: tuple[str, ...] = ("public", "internal", "confidential", "secret", "top_secret")

LABELS: dict[str, str] = {
    "public": "公开",
    "internal": "内部",
    "confidential": "秘密",
    "secret": "机密",
    "top_secret": "绝密",
}


def rank(level: str) -> int | None:
    """The level's position in LEVELS, or None for a level this system does not know."""
    try:
        return LEVELS.index(level)
    except ValueError:
        return None


def levels_up_to(level: str) -> tuple[str, ...]:
    """All levels at or below `level`; empty for an unknown level."""
    r = rank(level)
    return () if r is None else LEVELS[: r + 1]


def label(level: str) -> str:
    return LABELS.get(level, level)
