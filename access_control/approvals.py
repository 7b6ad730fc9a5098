"""Changes that wait for a second person (separation of duties): asking, deciding, applying.

An administrator manages accounts but holds no records access, and must not
be able to give it to themselves or to an account they control. So:
- nobody changes their own role, unit or clearance (access_control.users);
- a change that grants records access (a records role, another unit, a higher
  clearance, re-enabling or creating such an account) and a password reset of
  an account with records access wait here until another administrator or a
  head of the agency approves, as the agency's rules say (AccessRules);
- a document's 密级 or secrecy marks, changed by an archivist after ingest,
  wait for a head of the agency when the agency's rules ask for it (002 记录办法:29,
  000:27: secrets are managed under the secrecy rules).
Whoever asked never decides, and the change is applied only if its target
still is as it was when asked. Every step is a permission_change in the access log.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from records import classification
from access_control.audit import AccessLog, Actor, Event
from access_control.models import PendingChange
from access_control.policy import GRANTS, Action
from access_control.roles import Role
from access_control.rules import APPROVERS, AccessRules
from access_control.sessions import end_user_sessions
from access_control.subjects import agency_of_unit, agency_rules
from earchive.errors import EarchiveError, ExitCode, Forbidden, NotFound
from records.models import Document, IndexOutbox, User, utcnow

log = logging.getLogger(__name__)

# Roles whose grants include records (view): what an administrator must not hand out alone.
RECORDS_ROLES = frozenset(role.value for role, grants in GRANTS.items() if Action.view in grants)
KINDS = {"account": "账户权限", "password": "重置密码", "marking": "文书密级"}
STATES = {"pending": "待审批", "approved": "已批准", "rejected": "不予批准"}
ACCOUNT_FIELDS = ("role", "unit_id", "clearance", "active")
MARKING_FIELDS = ("classification", "secrecy")
SECRECY_MARKS = {"state_secret": "国家秘密", "trade_secret": "商业秘密", "privacy": "个人隐私"}


class ApprovalError(EarchiveError):
    """A pending change cannot be decided as asked; the message says why, in Chinese."""

    exit_code = ExitCode.bad_args
    http_status = 400


@dataclass(frozen=True)
class AccountState:
    role: str
    unit_id: int | None
    clearance: str
    active: bool

    @classmethod
    def of(cls, user: User) -> AccountState:
        return cls(user.role, user.unit_id, user.clearance, bool(user.active))


def grants_records_access(before: AccountState | None, after: AccountState) -> bool:
    """Does going from `before` (None: a new account) to `after` give anyone records they could not reach?"""
    if not after.active or after.role not in RECORDS_ROLES:
        return False
    if before is None or not before.active or before.role not in RECORDS_ROLES:
        return True
    if after.role != before.role or after.unit_id != before.unit_id:
        return True  # another scope or another unit's records
    return (classification.rank(after.clearance) or 0) > (classification.rank(before.clearance) or 0)


def password_reset_needs_approval(user: User, rules: AccessRules) -> bool:
    if rules.password_reset_approval_for == "head":
        return user.role == Role.head.value
    return user.role in RECORDS_ROLES


def account_agency(session: Session, *unit_ids: int | None) -> int | None:
    """The agency whose rules govern a change to an account: that of the first unit given that has one."""
    for unit_id in unit_ids:
        if unit_id is not None:
            agency_id = agency_of_unit(session, unit_id)
            if agency_id is not None:
                return agency_id
    return None


def rules_for(session: Session, agency_id: int | None) -> AccessRules:
    return agency_rules(session, agency_id) if agency_id is not None else AccessRules()


def request_change(session: Session, access_log: AccessLog, actor: Actor, *, kind: str, agency_id: int | None,
                   target_kind: str, target_id: int, changes: dict[str, Any], approvers: str,
                   reason: str | None = None, password_hash: str | None = None) -> PendingChange:
    """Record a change that waits for approval; nothing about the target changes yet."""
    if approvers not in APPROVERS:
        raise ApprovalError(f"未知的审批人设置 {approvers!r}")
    change = PendingChange(kind=kind, agency_id=agency_id, target_kind=target_kind, target_id=target_id,
                           changes=changes, approvers=approvers, reason=(reason or "").strip()[:2000] or None,
                           password_hash=password_hash, requested_by_id=actor.user_id,
                           requested_by=actor.username, status="pending", requested_at=utcnow())
    session.add(change)
    session.flush()
    access_log.record(session, actor, Event(
        "permission_change", record_kind=target_kind, record_id=target_id, detail={
            "change": "requested", "pending_id": change.id, "kind": kind, "approvers": approvers,
            **({"reason": change.reason} if change.reason else {}), **_loggable(changes)}))
    log.info("%s change %d on %s %d requested by %s", kind, change.id, target_kind, target_id, actor.username)
    return change


def _loggable(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in changes.items() if k != "password"} | ({"password": "reset"} if "password" in changes
                                                                   else {})


def may_decide(session: Session, subject: Any, change: PendingChange) -> str | None:
    """Why `subject` may not decide `change` (in Chinese), or None when they may."""
    if change.status != "pending":
        return "该变更已审批"
    if subject.id is None or subject.id == change.requested_by_id:
        return "不能审批本人提出的变更"
    role = subject.role
    own_password = change.kind == "password" and change.target_kind == "user" and change.target_id == subject.id
    if change.target_kind == "user" and change.target_id == subject.id and not own_password:
        return "不能审批涉及本人账户的变更"
    if role == Role.admin.value and change.approvers in ("admin", "admin_or_head") and change.kind != "marking":
        return None
    if role == Role.head.value and (change.approvers in ("head", "admin_or_head") or change.kind == "marking"):
        if change.agency_id is None or account_agency(session, subject.unit_id) != change.agency_id:
            return "只能审批本机关的变更"
        if change.kind == "marking":
            levels = change.changes.get("classification") or [_current_level(session, change)]
            top = max((classification.rank(v) or 0) for v in levels)
            if (classification.rank(subject.clearance) or -1) < top:
                return "该文书的密级超出您的密级权限"
        return None
    return f"该变更须由{APPROVERS.get(change.approvers, change.approvers)}审批"


def _current_level(session: Session, change: PendingChange) -> str:
    document = session.get(Document, change.target_id)
    return document.classification if document else classification.LEVELS[-1]


def pending_for(session: Session, subject: Any) -> list[PendingChange]:
    """The pending changes `subject` may decide, oldest first."""
    rows = session.scalars(select(PendingChange).where(PendingChange.status == "pending")
                           .order_by(PendingChange.id)).all()
    return [c for c in rows if may_decide(session, subject, c) is None]


def change_by_id(session: Session, change_id: int) -> PendingChange:
    change = session.get(PendingChange, change_id)
    if change is None:
        raise NotFound("该变更申请不存在")
    return change


def decide_change(session: Session, access_log: AccessLog, actor: Actor, subject: Any, change: PendingChange, *,
                  approve: bool, comment: str = "") -> PendingChange:
    """Approve (and apply) or reject a pending change; refused with the reason when `subject` may not."""
    reason = may_decide(session, subject, change)
    if reason is not None:
        access_log.record(session, actor, Event(
            "permission_change", outcome="denied", record_kind=change.target_kind, record_id=change.target_id,
            detail={"change": "decide", "pending_id": change.id, "reason": reason}))
        raise Forbidden(reason)
    comment = (comment or "").strip()[:2000]
    if not approve and not comment:
        raise ApprovalError("不予批准时请填写理由")
    if approve:
        _apply(session, change)
    change.status = "approved" if approve else "rejected"
    change.decided_by_id, change.decided_at, change.comment = subject.id, utcnow(), comment or None
    change.password_hash = None  # applied or dropped: the hash is kept only on the account
    access_log.record(session, actor, Event(
        "permission_change", record_kind=change.target_kind, record_id=change.target_id,
        case_id=_case_of(session, change), detail={
            "change": change.status, "pending_id": change.id, "kind": change.kind,
            "requested_by": change.requested_by, **({"comment": comment} if comment else {}),
            **_loggable(change.changes)}))
    log.info("%s change %d %s by %s", change.kind, change.id, change.status, actor.username)
    return change


def _case_of(session: Session, change: PendingChange) -> int | None:
    if change.target_kind != "document":
        return None
    document = session.get(Document, change.target_id)
    return document.case_id if document else None


def _apply(session: Session, change: PendingChange) -> None:
    if change.target_kind == "user":
        user = session.get(User, change.target_id)
        if user is None:
            raise NotFound("账户不存在")
        if change.kind == "password":
            if not change.password_hash:
                raise ApprovalError("该密码重置申请已失效，请重新提出")
            user.password_hash = change.password_hash
            end_user_sessions(session, user.id, "password")
            return
        _check_unchanged(user, change.changes)
        for name, (_, after) in change.changes.items():
            setattr(user, name, after)
        if "active" in change.changes:
            user.disabled_at = None if user.active else utcnow()
        return
    document = session.get(Document, change.target_id)
    if document is None:
        raise NotFound("文书不存在")
    _check_unchanged(document, change.changes)
    after = {name: value for name, (_, value) in change.changes.items()}
    apply_marking(session, document, level=after.get("classification"), secrecy=after.get("secrecy"))


def _check_unchanged(target: Any, changes: dict[str, Any]) -> None:
    """A change approved later than asked must not overwrite what someone else changed meanwhile."""
    for name, (before, _) in changes.items():
        current = getattr(target, name)
        if (sorted(current) if isinstance(current, list) else current) != \
                (sorted(before) if isinstance(before, list) else before):
            raise ApprovalError("申请提出后对象已被修改，该申请不能再批准；请不予批准后重新提出")


def apply_marking(session: Session, document: Document, *, level: str | None = None,
                  secrecy: list[str] | None = None) -> None:
    """Set the document's marks and queue it for re-indexing: the search filter ranks by these marks."""
    if level is not None:
        document.classification = level
    if secrecy is not None:
        document.secrecy = sorted(set(secrecy))
    document.version = (document.version or 0) + 1
    session.add(IndexOutbox(document_id=document.id, version=document.version, op="upsert"))
