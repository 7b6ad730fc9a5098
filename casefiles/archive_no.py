"""Archive numbers (档号) after DA/T 22: 全宗号-门类代码·年度-保管期限-机构代码-件号.

Every part but the piece number comes from the agency's rules (archive_no);
the piece number counts up within one fonds, category, year, retention and
organisation, so numbers already given are never reused.
"""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.models import CaseFile
from casefiles.rules import ArchiveNoRule


def archive_prefix(rule: ArchiveNoRule, year: int, retention: str, unit_code: str) -> str:
    org = unit_code if rule.org == "unit" else rule.org
    return f"{rule.fonds}-{rule.category}·{year}-{retention}-{org}-"


def retention_for(rule: ArchiveNoRule, kind: str | None, major: bool) -> str:
    if major and rule.retention.major:
        return rule.retention.major
    return rule.retention.by_kind.get(kind or "", rule.retention.default)


def next_archive_no(session: Session, rule: ArchiveNoRule, year: int, retention: str, unit_code: str) -> str:
    prefix = archive_prefix(rule, year, retention, unit_code)
    taken = session.scalars(select(CaseFile.archive_no).where(CaseFile.archive_no.like(prefix + "%")))
    pieces = [int(m.group(1)) for n in taken if n and (m := re.fullmatch(re.escape(prefix) + r"(\d+)", n))]
    return f"{prefix}{max(pieces, default=0) + 1:0{rule.piece_digits}d}"
