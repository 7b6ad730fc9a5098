"""Retention classes, disposal dates and the storage deadline of audio-visual records.

- routine (日常执法): kept `retention.routine.months` after recording (002 记录办法:26: 6 months;
  003:22, 004:20: 2 years), then it may be disposed of;
- evidence (作为证据使用): kept as long as its case file (002 记录办法:26), so it has no date of its
  own: the case file's disposal decides;
- long_term (长期保存): the disc or its folders speak of a dispute, obstruction, violence, a mass or
  sudden incident (003:23, 004:21): no date.
The first class that applies, from the bottom up. Disposal itself is not done here (nor anywhere yet);
nothing deletes an item.

Storage deadline: an AV record is stored in the system within the agency's deadline after recording
(000:23 24 h; 002 记录办法:25 2 days), the case rules' deadlines.av_storage.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from media.models import MediaItem
from media.rules import MediaRules, media_rules_for
from media.times import from_db, local_iso, offset_of
from records.models import Agency, Unit


@dataclass(frozen=True)
class RetentionDecision:
    retention_class: str
    basis: str
    dispose_after: dt.date | None


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def decide_retention(rules: MediaRules, recorded_local_day: dt.date, case_nos: list[str],
                     long_term_words: list[str]) -> RetentionDecision:
    r = rules.retention
    if long_term_words:
        return RetentionDecision("long_term", f"{r.long_term.cite}：光盘或目录写明“{'、'.join(long_term_words)}”，长期保存", None)
    if case_nos:
        return RetentionDecision("evidence", f"{r.evidence.cite}：作为证据使用（{'、'.join(case_nos)}），随案卷保管", None)
    return RetentionDecision("routine", f"{r.routine.cite}：日常执法音像记录，保存 {r.routine.months} 个月",
                             add_months(recorded_local_day, r.routine.months))


def long_term_words(rules: MediaRules, *texts: str | None) -> list[str]:
    joined = "\n".join(t for t in texts if t)
    return [w for w in rules.retention.long_term.words if w in joined]


def agency_rules(session: Session, unit_id: int | None) -> dict[str, Any] | None:
    if unit_id is None:
        return None
    return session.scalar(select(Agency.rules).join(Unit, Unit.agency_id == Agency.id).where(Unit.id == unit_id))


def rules_for_unit(session: Session, unit_id: int | None, cache: dict[int | None, MediaRules] | None = None) -> MediaRules:
    if cache is not None and unit_id in cache:
        return cache[unit_id]
    rules = media_rules_for(agency_rules(session, unit_id))
    if cache is not None:
        cache[unit_id] = rules
    return rules


def storage_delay(item: MediaItem) -> dt.timedelta | None:
    recorded = from_db(item.recorded_at)
    return from_db(item.stored_at) - recorded if recorded is not None else None


def overdue_items(session: Session) -> list[dict]:
    """Items stored later after recording than their agency allows, with officer and device (000:23)."""
    cache: dict[int | None, MediaRules] = {}
    out = []
    for item in session.scalars(select(MediaItem).where(MediaItem.recorded_at.is_not(None)).order_by(MediaItem.id)):
        rules = rules_for_unit(session, item.unit_id, cache)
        delay = storage_delay(item)
        limit = dt.timedelta(hours=rules.av_storage_hours)
        if delay is not None and delay > limit:
            out.append({"id": item.id, "sha256": item.sha256, "path_on_disc": item.path_on_disc,
                        "device_no": item.device_no, "officer_no": item.officer_no,
                        "recorded_at": local_iso(item.recorded_at, item.utc_offset_min),
                        "stored_at": from_db(item.stored_at).astimezone(offset_of(item.utc_offset_min)).isoformat(),
                        "delay_hours": round(delay.total_seconds() / 3600, 1),
                        "deadline_hours": rules.av_storage_hours, "cite": rules.av_storage_cite})
    return out
