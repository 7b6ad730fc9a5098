"""The media rules of an agency: rules/media.yaml with its Agency.rules["media_rules"] override applied.

The storage deadline is not here: it is the case rules' deadlines.av_storage
(000:23 24 h, 002 记录办法:25 2 days), so one number governs case files and media.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from casefiles.rules import RuleError, merge, read_rule_file, rules_dir, rules_for

MEDIA_RULES = "media.yaml"
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


def parse_offset(text: str) -> dt.timezone:
    """'+08:00' as a timezone; anything else is a RuleError naming the value."""
    m = _OFFSET.match(text or "")
    if not m or int(m[2]) > 14 or int(m[3]) >= 60:
        raise RuleError(f"UTC offset {text!r} is not ±HH:MM (e.g. +08:00)")
    minutes = int(m[2]) * 60 + int(m[3])
    return dt.timezone(dt.timedelta(minutes=-minutes if m[1] == "-" else minutes))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Routine(_Strict):
    months: int = Field(ge=1)
    cite: str


class Evidence(_Strict):
    cite: str


class LongTerm(_Strict):
    cite: str
    words: list[str] = []


class Retention(_Strict):
    routine: Routine
    evidence: Evidence
    long_term: LongTerm


class TimeCheck(_Strict):
    tolerance_s: int = Field(ge=0)


class Act(_Strict):
    """An act a document records, and how long around its time a recording of it may run."""

    doc_type: str
    meaning: str
    before_minutes: int = Field(ge=0)
    after_minutes: int = Field(ge=0)
    untimed_minutes: int = Field(ge=0)

    @field_validator("doc_type")
    @classmethod
    def _doc_type(cls, value: str) -> str:
        from classify.labels import DOC_TYPES

        if value not in DOC_TYPES:
            raise ValueError(f"unknown document type {value!r}")
        return value

    @field_validator("meaning")
    @classmethod
    def _meaning(cls, value: str) -> str:
        from classify.labels import DATE_MEANINGS

        if value not in DATE_MEANINGS:
            raise ValueError(f"unknown date meaning {value!r}")
        return value


class LinkScore(_Strict):
    officer: float = Field(ge=0, le=1)
    window: float = Field(ge=0, le=1)
    day: float = Field(ge=0, le=1)


class Linking(_Strict):
    acts: list[Act]
    score: LinkScore
    link_at: float = Field(gt=0)
    candidate_at: float = Field(gt=0)
    max_candidates: int = Field(ge=1)

    def act_for(self, doc_type: str | None) -> Act | None:
        return next((a for a in self.acts if a.doc_type == doc_type), None)


class MediaRules(_Strict):
    version: int
    utc_offset: str
    time_check: TimeCheck
    retention: Retention
    linking: Linking
    av_storage_hours: int = 24  # filled from the case rules' deadlines.av_storage
    av_storage_cite: str = ""

    @field_validator("utc_offset")
    @classmethod
    def _offset(cls, value: str) -> str:
        parse_offset(value)
        return value

    @property
    def timezone(self) -> dt.timezone:
        return parse_offset(self.utc_offset)


def media_rules_for(agency_rules: dict[str, Any] | None) -> MediaRules:
    """The defaults, an agency's `media_rules` over them, and its storage deadline from its case rules."""
    path = rules_dir() / MEDIA_RULES
    data = read_rule_file(path)
    source = str(path)
    override = (agency_rules or {}).get("media_rules")
    if override:
        data, source = merge(data, override), f"Agency.rules['media_rules'] over {path}"
    storage = rules_for(agency_rules).deadlines["av_storage"]
    data = dict(data, av_storage_hours=storage.total_hours, av_storage_cite=storage.cite)
    try:
        return MediaRules.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(f"rule {'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        raise RuleError(f"{source}: {problems}") from e
