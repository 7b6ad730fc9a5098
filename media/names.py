"""What a clip's file and folder names say: device number, officer number and recording time.

Vendors' naming patterns are data (scanner_profiles/media/*.yaml, plus the
folder in settings.media_patterns_dir), tried in file-name order, first match
wins. Each pattern is a regular expression over the path on the disc with
named groups: device, officer, and either datetime or date + time, with the
strptime formats to read them. Names carry local time: the pattern's
utc_offset, else the agency's (rules/media.yaml), makes it an aware time.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from earchive.errors import ProfileError
from media.rules import parse_offset

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "scanner_profiles" / "media"
_GROUPS = {"device", "officer", "datetime", "date", "time"}


class NamePattern(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    regex: str
    datetime_format: str | None = None
    date_format: str | None = None
    time_format: str | None = None

    @model_validator(mode="after")
    def _groups_and_formats(self) -> NamePattern:
        try:
            groups = set(re.compile(self.regex).groupindex)
        except re.error as e:
            raise ValueError(f"regex does not compile: {e}") from e
        if groups - _GROUPS:
            raise ValueError(f"unknown groups {sorted(groups - _GROUPS)}; allowed: {sorted(_GROUPS)}")
        if "datetime" in groups and not self.datetime_format:
            raise ValueError("a datetime group needs datetime_format")
        if "date" in groups and not (self.date_format and "time" in groups and self.time_format):
            raise ValueError("a date group needs date_format, a time group and time_format")
        return self


class VendorPatterns(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    vendor: str = Field(pattern=r"^[a-z0-9_]{1,24}$")
    name: str
    utc_offset: str | None = None
    patterns: list[NamePattern] = Field(min_length=1)

    @model_validator(mode="after")
    def _offset(self) -> VendorPatterns:
        if self.utc_offset is not None:
            parse_offset(self.utc_offset)
        return self


@dataclass(frozen=True)
class NameReading:
    pattern: str  # vendor/code
    device_no: str | None
    officer_no: str | None
    recorded_at: dt.datetime | None  # aware


def _load(path: Path) -> VendorPatterns:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return VendorPatterns.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, err['loc'])) or '(file)'}: {err['msg']}" for err in e.errors())
        raise ProfileError(f"naming patterns {path}: {problems}") from e
    except (yaml.YAMLError, ValueError) as e:
        raise ProfileError(f"naming patterns {path}: {e}") from e


@lru_cache(maxsize=4)
def load_patterns(extra_dir: Path | None = None) -> tuple[VendorPatterns, ...]:
    """The built-in vendors' patterns, then those in `extra_dir` (a vendor of the same name replaces ours)."""
    found: dict[str, VendorPatterns] = {}
    for d in (BUILTIN_DIR, extra_dir):
        if d is not None and Path(d).is_dir():
            for path in sorted(Path(d).glob("*.yaml")):
                vendor = _load(path)
                found[vendor.vendor] = vendor
    return tuple(found.values())


def read_name(path_on_disc: str, vendors: tuple[VendorPatterns, ...], agency_tz: dt.timezone) -> NameReading | None:
    """The first pattern that matches `path_on_disc` ('/'-separated), or None."""
    for vendor in vendors:
        tz = parse_offset(vendor.utc_offset) if vendor.utc_offset else agency_tz
        for pattern in vendor.patterns:
            m = re.search(pattern.regex, path_on_disc)
            if m is None:
                continue
            when = _time(m, pattern, tz)
            if when is False:  # digits where a time should be, but no such time (20241332…): not this pattern
                continue
            g = m.groupdict()
            return NameReading(f"{vendor.vendor}/{pattern.code}", g.get("device"), g.get("officer"), when or None)
    return None


def _time(m: re.Match[str], pattern: NamePattern, tz: dt.timezone) -> dt.datetime | None | bool:
    g = m.groupdict()
    try:
        if g.get("datetime"):
            naive = dt.datetime.strptime(g["datetime"], pattern.datetime_format or "")
        elif g.get("date") and g.get("time"):
            naive = dt.datetime.strptime(g["date"] + " " + g["time"],
                                         f"{pattern.date_format} {pattern.time_format}")
        else:
            return None
    except ValueError:
        return False
    return naive.replace(tzinfo=tz)
