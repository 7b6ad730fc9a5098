"""Passwords: hashing with Argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile), and their minimum strength."""
from __future__ import annotations

from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches; a malformed stored hash counts as a mismatch."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's defaults."""
    return _hasher.check_needs_rehash(password_hash)


# -- strength --------------------------------------------------------------------------------
# NIST SP 800-63B 5.1.1.2: a minimum length, and a check against passwords known to be common,
# instead of composition rules. zxcvbn (Dropbox's estimator) brings the common-password and
# word lists, keyboard walks, dates and repeats; our own list adds what Chinese users pick.

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
# zxcvbn's 0-4 score; 3 is "safely unguessable: moderate protection from an offline slow-hash attack"
# (10^8 guesses or more), which with Argon2id hashes keeps a stolen hash from being cracked cheaply.
MIN_PASSWORD_SCORE = 3
_SCORED_CHARS = 100  # zxcvbn's matching grows quickly with length; longer passwords are strong anyway
# Words of this system that a password must not lean on (the product name, role and place words).
_SITE_WORDS = ("earchive", "archive", "admin", "password", "mima", "dangan", "zhifa")


@cache
def common_passwords() -> tuple[str, ...]:
    """The shipped list of common Chinese passwords, lower case, most common first."""
    text = (resources.files("access_control") / "data" / "common_passwords_zh.txt").read_text("utf-8")
    return tuple(line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def password_weakness(password: str, username: str = "", display_name: str = "") -> str | None:
    """Why `password` is too weak (in Chinese, for the person choosing it), or None when it will do."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"密码不能超过 {MAX_PASSWORD_LENGTH} 个字符"
    folded = password.casefold()
    if username and folded == username.strip().casefold():
        return "密码不能与用户名相同"
    if len(set(password)) < 4:
        return "密码过于简单，请使用更多不同的字符"
    if folded in common_passwords():
        return "该密码是常见密码，容易被猜中，请换一个"
    personal = [w for w in (username.strip(), display_name.strip()) if w]
    result = zxcvbn(password[:_SCORED_CHARS], user_inputs=[*personal, *_SITE_WORDS, *common_passwords()])
    if result["score"] < MIN_PASSWORD_SCORE:
        return "密码强度不足（过于常见，或由常见词、姓名、键盘顺序、日期或重复字符组成），请使用更长、更随机的密码"
    return None
