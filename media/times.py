"""Times of media records: stored in UTC, shown in the local offset they were recorded in.

SQLite keeps a DateTime without its offset, so every time is turned into UTC
before it is stored and read back as UTC (the convention of records.models.utcnow).
"""
from __future__ import annotations

import datetime as dt

UTC = dt.timezone.utc


def to_utc(when: dt.datetime | None, local: dt.timezone = UTC) -> dt.datetime | None:
    """`when` in UTC; a naive time is taken as `local` time."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=local)
    return when.astimezone(UTC)


def from_db(when: dt.datetime | None) -> dt.datetime | None:
    """A stored time as an aware UTC time (SQLite hands it back naive)."""
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def offset_of(minutes: int | None) -> dt.timezone:
    return dt.timezone(dt.timedelta(minutes=minutes or 0))


def local_iso(when: dt.datetime | None, offset_min: int | None) -> str | None:
    """ISO 8601 with the offset the record was made in, e.g. 2024-03-05T09:02:03+08:00."""
    if when is None:
        return None
    return from_db(when).astimezone(offset_of(offset_min)).isoformat()


def offset_minutes(tz: dt.tzinfo) -> int:
    return int(dt.datetime.now(tz).utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
