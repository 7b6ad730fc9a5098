"""The 密级 ladder: every classification level, lowest first, with its Chinese label.

The one table of levels: a user's clearance, a document's level, the applicant ceiling of an agency's
rules and the rank a search filters on all come from here, so the policy and the search backends
cannot rank a level differently. A user cleared for a level sees that level and every one below it.

公开 and 内部 are not state secrets. The three state-secret levels carry the names of the official
English text of the Law on Guarding State Secrets (art. 10: 绝密 top secret, 机密 secret, 秘密
confidential); the codes are stored in the database and in the search index.
"""
from __future__ import annotations

LADDER: tuple[tuple[str, str], ...] = (
    ("public", "公开"),
    ("internal", "内部"),
    ("confidential", "秘密"),
    ("secret", "机密"),
    ("top_secret", "绝密"),
)
LEVELS: tuple[str, ...] = tuple(code for code, _ in LADDER)
HIGHEST = LEVELS[-1]
_LABELS = dict(LADDER)


def rank(level: str) -> int | None:
    """The level's position in LEVELS (lowest first), or None for a level this system does not know."""
    try:
        return LEVELS.index(level)
    except ValueError:
        return None


def require_rank(level: str) -> int:
    """The level's position in LEVELS; ValueError naming the known levels for any other."""
    r = rank(level)
    if r is None:
        raise ValueError(f"unknown classification {level!r}; expected one of {', '.join(LEVELS)}")
    return r


def label(level: str) -> str:
    return _LABELS.get(level, level)


def choices() -> list[tuple[str, str]]:
    """(level, label) pairs, lowest first, for forms."""
    return list(LADDER)


def rank_for_index(level: str) -> int:
    """The rank a search index stores: an unknown level ranks above every clearance, so nobody sees it."""
    r = rank(level)
    return len(LEVELS) if r is None else r
