"""access_control.users and passwords: accounts, password rules, Argon2id hashes."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from argon2 import PasswordHasher, Type

from access_control.passwords import hash_password, needs_rehash, verify_password
from access_control.users import AccountError, authenticate, create_user
from records.db import Database
from records.models import User

PASSWORD = "correct-horse-42"


def test_hashes_are_argon2id_and_verify() -> None:
    h = hash_password(PASSWORD)
    assert h.startswith("$argon2id$")
    assert verify_password(h, PASSWORD)
    assert not verify_password(h, PASSWORD + "x")
    assert not verify_password("not a hash", PASSWORD)
    assert not needs_rehash(h)


@pytest.mark.parametrize("password, complaint", [
    ("short-1", "至少需要 10 个字符"),
    ("officer_a1", "不能与用户名相同"),
    ("aaaaaaaaaaaa", "过于简单"),
    ("password12", "密码强度不足"),  # finding 9: it was accepted
    ("1qaz2wsx3edc", "密码强度不足"),  # a keyboard walk
    ("woaini1314", "常见密码"),  # on the shipped list of common Chinese passwords
    ("Woaini1314!", "密码强度不足"),  # a variant of one
    ("officer_a1-2024", "密码强度不足"),  # the username with a year
])
def test_weak_passwords_are_refused(database: Database, password: str, complaint: str) -> None:
    with database.session() as s, pytest.raises(AccountError, match=complaint):
        create_user(s, "officer_a1", password, "王执法", "officer", None, "internal")


def test_create_user_checks_role_clearance_and_uniqueness(database: Database) -> None:
    with database.transaction() as s:
        with pytest.raises(AccountError, match="未知角色"):
            create_user(s, "x", PASSWORD, "X", "superuser", None)
        with pytest.raises(AccountError, match="未知密级"):
            create_user(s, "x", PASSWORD, "X", "officer", None, "top-secret")
        user = create_user(s, "x", PASSWORD, "X", "officer", None)
        assert (user.role, user.clearance, user.active) == ("officer", "internal", True)
        assert user.password_hash != PASSWORD
    with database.session() as s, pytest.raises(AccountError, match="已存在"):
        create_user(s, "x", PASSWORD, "X2", "officer", None)


def test_authenticate(database: Database) -> None:
    with database.transaction() as s:
        create_user(s, "archivist", PASSWORD, "李档案", "archivist", None)
        create_user(s, "gone", PASSWORD, "已离职", "officer", None).active = False
    with database.session() as s:
        assert authenticate(s, "archivist", PASSWORD).username == "archivist"
        assert authenticate(s, " archivist ", PASSWORD) is not None
        assert authenticate(s, "archivist", "wrong-password") is None
        assert authenticate(s, "nobody", PASSWORD) is None
        assert authenticate(s, "gone", PASSWORD) is None


def test_outdated_hash_is_replaced_at_login(database: Database) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID).hash(PASSWORD)
    assert needs_rehash(weak)
    with database.transaction() as s:
        s.add(User(username="old", display_name="旧账户", password_hash=weak, role="officer"))
    with database.transaction() as s:
        assert authenticate(s, "old", PASSWORD) is not None
    with database.session() as s:
        user = s.scalars(select(User).where(User.username == "old")).one()
        assert user.password_hash != weak and not needs_rehash(user.password_hash)
        assert verify_password(user.password_hash, PASSWORD)


def test_malformed_stored_hash_fails_closed(database: Database) -> None:
    with database.transaction() as s:
        s.add(User(username="broken", display_name="坏账户", password_hash="plaintext", role="officer"))
    with database.session() as s:
        assert authenticate(s, "broken", "plaintext") is None
