"""The roles an account can hold, with their Chinese labels."""
from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    archivist = "archivist"
    officer = "officer"
    legal_reviewer = "legal_reviewer"
    head = "head"
    applicant = "applicant"
    auditor = "auditor"
    admin = "admin"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Role.archivist: "档案管理员",
    Role.officer: "执法人员",
    Role.legal_reviewer: "法制审核人员",
    Role.head: "负责人",
    Role.applicant: "申请人",
    Role.auditor: "审计人员",
    Role.admin: "系统管理员",
}
