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
# Who may approve a change waiting for a second person (access_control.approvals).
APPROVERS = {"admin": "另一名系统管理员", "head": "本机关负责人", "admin_or_head": "另一名系统管理员或本机关负责人"}


@dataclass(frozen=True)
class AccessRules:
    # An officer viewing another unit's case states a purpose; does the agency head also approve it?
    cross_unit_view_requires_approval: bool = True
    cross_unit_view_days: int = 7  # how long an approved cross-unit view lasts
    slip_validity_days: int = 30  # how long an approved retrieval slip lasts
    slip_downloads: int = 3  # copy-package downloads per approved slip
    applicant_max_classification: str = "internal"  # the highest level ever released to an applicant
    # Separation of duties: an administrator's change that grants records access (a records role, a wider
    # unit, a higher clearance, re-enabling such an account, a new such account) waits for a second person.
    account_grant_approvers: str = "admin_or_head"  # admin (another administrator) | head | admin_or_head
    # A password reset lets whoever set the password act as the account: for these accounts it waits too.
    password_reset_approval_for: str = "records_roles"  # head (heads only) | records_roles (every records role)
    password_reset_approvers: str = "admin_or_head"  # a head may also approve a reset of their own password
    # A document's 密级 and secrecy marks, changed after ingest by an archivist: does a head approve?
    marking_lower_requires_approval: bool = True  # lowering releases records to more people
    marking_raise_requires_approval: bool = False  # raising restricts at once unless the agency says otherwise

    def __post_init__(self) -> None:
        if self.applicant_max_classification not in LEVELS:
            raise ConfigError(f"access rule applicant_max_classification {self.applicant_max_classification!r} "
                              f"is not one of {', '.join(LEVELS)}")
        for name in ("account_grant_approvers", "password_reset_approvers"):
            if getattr(self, name) not in APPROVERS:
                raise ConfigError(f"access rule {name} must be one of {', '.join(APPROVERS)}")
        if self.password_reset_approval_for not in ("head", "records_roles"):
            raise ConfigError("access rule password_reset_approval_for must be head or records_roles")
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
        for name in ("cross_unit_view_requires_approval", "marking_lower_requires_approval",
                     "marking_raise_requires_approval"):
            if not isinstance(values.get(name, True), bool):
                raise ConfigError(f"access rule {name} must be true or false")
        return cls(**values)

    def as_rules(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
