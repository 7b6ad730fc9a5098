"""Setting a document's 密级 (classification level) and its secrecy marks (state_secret, trade_secret, privacy).

An archivist of the document's agency sets them, at ingest or later, and only
within their own clearance (they must be cleared for the level before and the
level after). At ingest the marks are the document's first marking and count
at once. Later, a change that lowers the level or removes a mark releases the
record to more people, so it waits for a head of the agency when the agency's
rules say so (marking_lower_requires_approval); raising waits only if
marking_raise_requires_approval. Every marking is a permission_change in the
access log, and the document is re-indexed through the index outbox.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from records import classification
from access_control.approvals import SECRECY_MARKS, apply_marking, request_change, rules_for
from access_control.audit import AccessLog, Actor, Event
from access_control.models import PendingChange
from access_control.roles import Role
from access_control.subjects import agency_of_unit
from earchive.errors import EarchiveError, ExitCode, Forbidden
from records.models import Document

# Marks an archivist sets here; "privacy" is found by the classifier and kept as it is.
SETTABLE_MARKS = ("state_secret", "trade_secret")


class MarkingError(EarchiveError):
    """A marking cannot be set as asked; the message says why, in Chinese."""

    exit_code = ExitCode.bad_args
    http_status = 400


@dataclass(frozen=True)
class MarkingResult:
    applied: bool  # False: waiting for approval in `pending`
    changes: dict[str, Any]
    pending: PendingChange | None = None


def checked_level(level: str) -> str:
    if classification.rank(level) is None:
        raise MarkingError(f"未知密级 {level!r}，可选：{', '.join(classification.LEVELS)}")
    return level


def checked_marks(marks: Iterable[str]) -> list[str]:
    marks = sorted(set(marks))
    unknown = [m for m in marks if m not in SETTABLE_MARKS]
    if unknown:
        raise MarkingError(f"未知标记 {', '.join(unknown)}，可选：{', '.join(SETTABLE_MARKS)}")
    return marks


def may_mark(subject: Any, document: Document, levels: Iterable[str]) -> str | None:
    """Why `subject` may not mark `document` to/from `levels` (in Chinese), or None when they may."""
    if subject is None or not getattr(subject, "active", False):
        return "请先登录"
    if subject.role != Role.archivist.value:
        return "只有档案管理员可以设置文书密级"
    if document.unit_id is None or document.unit_id not in subject.agency_unit_ids:
        return "只能设置本机关文书的密级"
    own = classification.rank(subject.clearance)
    if own is None or any((classification.rank(level) or 0) > own for level in levels):
        return f"不能设置或修改超出本人密级权限（{classification.label(subject.clearance)}）的密级"
    return None


def set_marking(session: Session, access_log: AccessLog, actor: Actor, subject: Any, document: Document, *,
                level: str | None = None, marks: Iterable[str] | None = None, reason: str = "",
                at_ingest: bool = False) -> MarkingResult:
    """Set `document`'s level and/or settable secrecy marks; `subject` None is the operator at the command line.

    Returns what was applied, or the pending change that waits for a head.
    """
    new_level = checked_level(level) if level is not None else document.classification
    kept = [m for m in (document.secrecy or []) if m not in SETTABLE_MARKS]
    new_marks = sorted({*kept, *checked_marks(marks)}) if marks is not None else sorted(document.secrecy or [])
    if subject is not None:
        refusal = may_mark(subject, document, (document.classification, new_level))
        if refusal:
            access_log.record(session, actor, Event(
                "permission_change", outcome="denied", record_kind="document", record_id=document.id,
                case_id=document.case_id, detail={"change": "marking", "reason": refusal}))
            raise Forbidden(refusal)
    changes: dict[str, Any] = {}
    if new_level != document.classification:
        changes["classification"] = [document.classification, new_level]
    if new_marks != sorted(document.secrecy or []):
        changes["secrecy"] = [sorted(document.secrecy or []), new_marks]
    if not changes:
        return MarkingResult(True, {})
    agency_id = agency_of_unit(session, document.unit_id) if document.unit_id is not None else None
    rules = rules_for(session, agency_id)
    lowers, raises = _direction(changes)
    needs_approval = not at_ingest and subject is not None and (
        (lowers and rules.marking_lower_requires_approval) or (raises and rules.marking_raise_requires_approval))
    if needs_approval:
        if agency_id is None:
            raise MarkingError("该文书未归属任何执法机关，无法提交负责人审批")
        pending = request_change(session, access_log, actor, kind="marking", agency_id=agency_id,
                                 target_kind="document", target_id=document.id, changes=changes,
                                 approvers="head", reason=reason)
        return MarkingResult(False, changes, pending)
    apply_marking(session, document, level=changes.get("classification", [None, None])[1],
                  secrecy=changes.get("secrecy", [None, None])[1])
    access_log.record(session, actor, Event(
        "permission_change", record_kind="document", record_id=document.id, case_id=document.case_id,
        detail={"change": "marking", "at_ingest": at_ingest, **({"reason": reason.strip()} if reason.strip() else {}),
                **changes}))
    return MarkingResult(True, changes)


def _direction(changes: dict[str, Any]) -> tuple[bool, bool]:
    """(lowers, raises): does the change release the record to more people, or to fewer?"""
    lowers = raises = False
    if "classification" in changes:
        before, after = (classification.rank(v) or 0 for v in changes["classification"])
        lowers, raises = after < before, after > before
    if "secrecy" in changes:
        before_marks, after_marks = (set(v) for v in changes["secrecy"])
        lowers = lowers or bool(before_marks - after_marks)
        raises = raises or bool(after_marks - before_marks)
    return lowers, raises


def mark_labels(marks: Iterable[str]) -> str:
    return "、".join(SECRECY_MARKS.get(m, m) for m in marks) or "无"
