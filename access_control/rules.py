"""Per-agency access rules: data in Agency.rules["access"], with the defaults below for keys left out.

Example Agency.rules: {"access": {"cross_unit_view_requires_approval": false, "slip_validity_days": 15}}
"""
from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

from earchive.errors import ConfigError
from records.classification import LEVELS

log = logging.getLogger(__name__)

RULES_KEY = "access"


@dataclass(frozen=True)
class AccessRules:
    # An officer viewing another unit's case states a purpose; does the agency head also approve it?
    cross_unit_view_requires_approval: bool = True
    cross_unit_view_days: int = 7  # how long an approved cross-unit view lasts
    slip_validity_days: int = 30  # how long an approved retrieval slip lasts
    slip_downloads: int = 3  # copy-package downloads per approved slip
    applicant_max_classification: str = "internal"  # the highest level ever released to an applicant

    def __post_init__(self) -> None:
        if self.applicant_max_classification not in LEVELS:
            raise ConfigError(f"access rule applicant_max_classification {self.applicant_max_classification!r} "
                              f"is not one of {', '.join(LEVELS)}")
        for name in ("cross_unit_view_days", "slip_validity_days", "slip_downloads"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise ConfigError(f"access rule {name} must be a whole number of at least 1")

    @classmethod
    def from_agency_rules(cls, rules: dict[str, Any] | None) -> AccessRules:
        data = dict((rules or {}).get(RULES_KEY) or {})
        known = {f.name: f.type for f in dataclasses.fields(cls)}
        unknown = set(data) - set(known)
        if unknown:
            log.warning("ignoring unknown access rules %s", ", ".join(sorted(unknown)))
        values = {k: v for k, v in data.items() if k in known}
        if not isinstance(values.get("cross_unit_view_requires_approval", True), bool):
            raise ConfigError("access rule cross_unit_view_requires_approval must be true or false")
        return cls(**values)

    def as_rules(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
