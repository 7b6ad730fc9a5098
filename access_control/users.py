"""Accounts: creating users with checked passwords and authenticating them."""
from __future__ import annotations

import logging
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from access_control.classification import LEVELS
from access_control.passwords import hash_password, needs_rehash, verify_password
from access_control.roles import Role
from earchive.errors import EarchiveError, ExitCode
from records.models import User

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so that a miss costs as much
    time as a wrong password and does not reveal which usernames exist."""
    return hash_password("earchive-dummy-password")


class AccountError(EarchiveError):
    """An account cannot be created as asked; the message says why, in the user's language."""

    exit_code = ExitCode.bad_args
    http_status = 400


def check_password_strength(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符")
    if password.casefold() == username.casefold():
        raise AccountError("密码不能与用户名相同")
    if len(set(password)) < 4:
        raise AccountError("密码过于简单，请使用更多不同的字符")


def create_user(session: Session, username: str, password: str, display_name: str,
                role: Role | str, unit_id: int | None, clearance: str = "internal") -> User:
    """Add a new active account to `session` (the caller commits)."""
    username = username.strip()
    if not username:
        raise AccountError("用户名不能为空")
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(f"未知角色 {role!r}，可选：{', '.join(r.value for r in Role)}") from None
    if clearance not in LEVELS:
        raise AccountError(f"未知密级 {clearance!r}，可选：{', '.join(LEVELS)}")
    check_password_strength(password, username)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError(f"用户名 {username} 已存在")
    user = User(username=username, display_name=display_name, password_hash=hash_password(password),
                role=role.value, unit_id=unit_id, clearance=clearance, active=True)
    session.add(user)
    session.flush()
    log.info("created user %s with role %s", username, role.value)
    return user


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
