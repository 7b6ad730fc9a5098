"""Accounts: creating and changing users (each change goes to the access log), and authenticating them."""
from __future__ import annotations

import logging
from functools import cache

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from access_control.approvals import (
    ACCOUNT_FIELDS,
    AccountState,
    account_agency,
    grants_records_access,
    password_reset_needs_approval,
    request_change,
    rules_for,
)
from access_control.audit import AccessLog, Actor, Event
from records.classification import LEVELS
from access_control.models import CaseHandler
from access_control.passwords import hash_password, needs_rehash, password_weakness, verify_password
from access_control.roles import Role
from access_control.sessions import end_user_sessions
from earchive.errors import EarchiveError, ExitCode, NotFound
from records.models import Case, Unit, User, utcnow

log = logging.getLogger(__name__)


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so that a miss costs as much
    time as a wrong password and does not reveal which usernames exist."""
    return hash_password("earchive-dummy-password")


class AccountError(EarchiveError):
    """An account cannot be created as asked; the message says why, in the user's language."""

    exit_code = ExitCode.bad_args
    http_status = 400


def check_password_strength(password: str, username: str, display_name: str = "") -> None:
    weakness = password_weakness(password, username, display_name)
    if weakness:
        raise AccountError(weakness)


def _second_person_needed(actor: Actor) -> bool:
    """An account in the web app changes through an administrator, who may not grant records access alone.

    The operator at the command line (no account) already holds the database and the store, so a second
    person there would only be a formality; their changes are logged all the same.
    """
    return actor.user_id is not None


# Roles whose work is a unit's records: their accounts must belong to a unit.
UNIT_ROLES = frozenset({Role.archivist, Role.officer, Role.legal_reviewer, Role.head})


def _checked_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise AccountError(f"未知角色 {role!r}，可选：{', '.join(r.value for r in Role)}") from None


def _check_clearance(clearance: str) -> None:
    if clearance not in LEVELS:
        raise AccountError(f"未知密级 {clearance!r}，可选：{', '.join(LEVELS)}")


def _check_unit(session: Session, role: Role, unit_id: int | None, strict: bool) -> None:
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise AccountError(f"执法单位 {unit_id} 不存在")
    if strict and unit_id is None and role in UNIT_ROLES:
        raise AccountError(f"{role.label}账户必须属于一个执法单位")


def create_user(session: Session, username: str, password: str, display_name: str,
                role: Role | str, unit_id: int | None, clearance: str = "internal", *,
                access_log: AccessLog | None = None, actor: Actor | None = None) -> User:
    """Add a new active account to `session` (the caller commits); logged when `access_log` is given."""
    username = username.strip()
    if not username:
        raise AccountError("用户名不能为空")
    role = _checked_role(role)
    _check_clearance(clearance)
    _check_unit(session, role, unit_id, strict=access_log is not None)
    check_password_strength(password, username, display_name)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError(f"用户名 {username} 已存在")
    actor = actor or Actor.operator()
    # An account with records access made in the web app starts disabled until a second person approves.
    wait = access_log is not None and _second_person_needed(actor) and grants_records_access(
        None, AccountState(role.value, unit_id, clearance, True))
    user = User(username=username, display_name=display_name, password_hash=hash_password(password),
                role=role.value, unit_id=unit_id, clearance=clearance, active=not wait,
                disabled_at=utcnow() if wait else None)
    session.add(user)
    session.flush()
    log.info("created user %s with role %s", username, role.value)
    if access_log is not None:
        access_log.record(session, actor, Event(
            "permission_change", record_kind="user", record_id=user.id,
            detail={"change": "create", "username": username, "role": role.value, "unit_id": unit_id,
                    "clearance": clearance, "active": not wait}))
    if wait:
        agency_id = account_agency(session, unit_id)
        request_change(session, access_log, actor, kind="account", agency_id=agency_id, target_kind="user",
                       target_id=user.id, changes={"active": [False, True]},
                       approvers=rules_for(session, agency_id).account_grant_approvers, reason="新建账户")
    return user


def update_user(session: Session, user: User, access_log: AccessLog, actor: Actor, *,
                role: str | None = None, unit_id: Any = ...,
                clearance: str | None = None, active: bool | None = None,
                display_name: str | None = None, password: str | None = None) -> dict[str, Any]:
    """Change an account (`unit_id` left as ... keeps the unit); returns what changed now.

    Every change is logged. Nobody changes their own role, unit or clearance. In the web app, a change
    that grants records access and a password reset of an account with records access wait for a second
    person (access_control.approvals); they are listed under "awaiting_approval" and change nothing yet.
    A disabled account's sessions end at once; role, unit and clearance count from the user's next request.
    """
    changes: dict[str, Any] = {}
    new_role = _checked_role(role) if role is not None else Role(user.role)
    if role is not None and new_role.value != user.role:
        changes["role"] = [user.role, new_role.value]
    if unit_id is not ... and unit_id != user.unit_id:
        changes["unit_id"] = [user.unit_id, unit_id]
    _check_unit(session, new_role, user.unit_id if unit_id is ... else unit_id, strict=True)
    if clearance is not None and clearance != user.clearance:
        _check_clearance(clearance)
        changes["clearance"] = [user.clearance, clearance]
    if active is not None and active != user.active:
        changes["active"] = [user.active, active]
    if actor.user_id is not None and actor.user_id == user.id and {"role", "unit_id", "clearance"} & set(changes):
        access_log.record(session, actor, Event(
            "permission_change", outcome="denied", record_kind="user", record_id=user.id,
            detail={"change": "update", "username": user.username, "reason": "own account", **changes}))
        raise AccountError("不能修改本人账户的角色、单位或密级权限，请由另一名系统管理员办理")
    if display_name is not None and display_name.strip() and display_name.strip() != user.display_name:
        changes["display_name"] = [user.display_name, display_name.strip()]
    if password:
        check_password_strength(password, user.username, user.display_name)
    awaiting = _hold_for_approval(session, user, access_log, actor, changes, password)
    if password and "password" not in awaiting:
        user.password_hash = hash_password(password)
        changes["password"] = "reset"
    if not changes:
        return {"awaiting_approval": awaiting} if awaiting else {}
    for name in ("role", "unit_id", "clearance", "active", "display_name"):
        if name in changes:
            setattr(user, name, changes[name][1])
    if "active" in changes:
        user.disabled_at = None if user.active else utcnow()
    if not user.active or "password" in changes:
        end_user_sessions(session, user.id, "disabled" if not user.active else "password")
    access_log.record(session, actor, Event("permission_change", record_kind="user", record_id=user.id,
                                            detail={"change": "update", "username": user.username, **changes}))
    log.info("user %s changed: %s", user.username, ", ".join(changes))
    return {**changes, "awaiting_approval": awaiting} if awaiting else changes


def _hold_for_approval(session: Session, user: User, access_log: AccessLog, actor: Actor,
                       changes: dict[str, Any], password: str | None) -> list[str]:
    """Move out of `changes` what must wait for a second person, as pending changes; returns their fields."""
    if not _second_person_needed(actor):
        return []
    awaiting: list[str] = []
    account = {k: changes[k] for k in ACCOUNT_FIELDS if k in changes}
    before = AccountState.of(user)
    after = AccountState(**{k: account[k][1] if k in account else getattr(before, k) for k in ACCOUNT_FIELDS})
    agency_id = account_agency(session, after.unit_id, before.unit_id)
    rules = rules_for(session, agency_id)
    if account and grants_records_access(before, after):
        for k in account:
            del changes[k]
        request_change(session, access_log, actor, kind="account", agency_id=agency_id, target_kind="user",
                       target_id=user.id, changes=account,
                       approvers=rules.account_grant_approvers)
        awaiting += list(account)
    if password and actor.user_id != user.id and password_reset_needs_approval(user, rules):
        request_change(session, access_log, actor, kind="password", agency_id=agency_id, target_kind="user",
                       target_id=user.id, changes={"password": "reset"}, approvers=rules.password_reset_approvers,
                       password_hash=hash_password(password))
        awaiting.append("password")
    return awaiting


def user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise NotFound(f"用户 {username} 不存在")
    return user


def add_case_handler(session: Session, case: Case, user: User, access_log: AccessLog, actor: Actor) -> None:
    """Record that `user` handled `case` (承办人): they see it wherever they work later."""
    if session.get(CaseHandler, (case.id, user.id)) is None:
        session.add(CaseHandler(case_id=case.id, user_id=user.id))
        access_log.record(session, actor, Event("permission_change", record_kind="case", record_id=case.id,
                                                case_id=case.id,
                                                detail={"change": "handler", "username": user.username}))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None.

    Unknown and inactive users cost one hash verification like everyone else.
    A hash made with outdated parameters is replaced (the caller commits).
    """
    user = session.scalar(select(User).where(User.username == username.strip()))
    ok = verify_password(user.password_hash if user else _dummy_hash(), password)
    if not (ok and user and user.active):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user
