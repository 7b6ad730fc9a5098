"""Login throttling and server-side sessions, both in the database so every worker process agrees.

Throttling: each failed login counts against the (address, account) pair and
against the address. The first `free_attempts` failures of a key cost nothing
(an address gets more, as an office may share one); after that each one blocks
the key for base × 2^k seconds, capped, so a guesser slows to a crawl. Nothing
counts against the account alone: guessing from one address never locks the
account's owner out elsewhere (an account-wide lock lets anyone lock out any
account, an agency head included). A success clears its pair's count; the
address's count fades after a quiet cap period.

Sessions: the browser's cookie carries a random token; the row, found by the
token's SHA-256, ends at logout, after the idle or absolute timeout, and
when the account is disabled.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from access_control.models import LoginThrottle, UserSession
from access_control.subjects import as_utc
from earchive.settings import Settings
from records.models import User, utcnow


@dataclass(frozen=True)
class ThrottlePolicy:
    free_attempts: int = 5  # per (address, account) pair
    base_s: float = 2.0
    cap_s: float = 900.0
    address_free_attempts: int = 20  # per address, over all accounts

    @classmethod
    def from_settings(cls, settings: Settings) -> ThrottlePolicy:
        return cls(settings.login_free_attempts, settings.login_backoff_base_s, settings.login_backoff_cap_s,
                   settings.login_address_free_attempts)

    def for_key(self, key: str) -> ThrottlePolicy:
        """The policy of one key: an address key has its own allowance."""
        if key.startswith(ADDRESS_PREFIX):
            return ThrottlePolicy(self.address_free_attempts, self.base_s, self.cap_s, self.address_free_attempts)
        return self

    def delay_after(self, failures: int) -> float:
        over = failures - self.free_attempts
        return 0.0 if over < 0 else min(self.cap_s, self.base_s * 2 ** min(over, 40))


ADDRESS_PREFIX = "addr:"
PAIR_PREFIX = "pair:"


def throttle_keys(username: str, address: str | None) -> list[str]:
    """The keys a login attempt counts against: its (address, account) pair, then its address."""
    address = (address or "unknown")[:64]
    return [f"{PAIR_PREFIX}{address}|{username.strip().casefold()[:120]}", f"{ADDRESS_PREFIX}{address}"]


def blocked_for(session: Session, keys: list[str], now: dt.datetime | None = None) -> float:
    """Seconds until a login may be tried again for these keys (0 when it may be tried now)."""
    now = now or utcnow()
    until = [as_utc(t) for t in session.scalars(select(LoginThrottle.blocked_until)
                                                .where(LoginThrottle.key.in_(keys))) if t is not None]
    return max([0.0, *((t - now).total_seconds() for t in until)])


def record_failure(session: Session, keys: list[str], policy: ThrottlePolicy,
                   now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    for key in keys:
        # Create the row if need be, then lock it, so concurrent failures in any process all count.
        session.execute(_insert(session).values(key=key, failures=0).on_conflict_do_nothing())
        row = session.scalars(select(LoginThrottle).where(LoginThrottle.key == key).with_for_update()
                              .execution_options(populate_existing=True)).one()
        if row.last_failure_at is not None and now - as_utc(row.last_failure_at) > dt.timedelta(
                seconds=2 * policy.cap_s):
            row.failures = 0  # quiet for long enough: start over
        row.failures += 1
        row.last_failure_at = now
        delay = policy.for_key(key).delay_after(row.failures)
        row.blocked_until = now + dt.timedelta(seconds=delay) if delay else None
        session.flush()


def _insert(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(LoginThrottle)


def record_success(session: Session, username: str, address: str | None) -> None:
    """Clear the pair's count; the address keeps its own, so one good login does not reset a guesser's."""
    session.execute(update(LoginThrottle).where(LoginThrottle.key == throttle_keys(username, address)[0])
                    .values(failures=0, blocked_until=None))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def start_session(session: Session, user: User, address: str | None) -> str:
    """A new session for `user`; returns the token for the cookie (never stored)."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_sha256=_token_hash(token), user_id=user.id, address=(address or "")[:64]))
    session.flush()
    return token


@dataclass(frozen=True)
class SessionTimeouts:
    idle: dt.timedelta
    absolute: dt.timedelta
    touch_every: dt.timedelta = dt.timedelta(seconds=60)  # last_seen_at is written at most this often

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionTimeouts:
        return cls(dt.timedelta(minutes=settings.session_idle_minutes),
                   dt.timedelta(hours=settings.session_absolute_hours))


def resume_session(session: Session, token: str, timeouts: SessionTimeouts,
                   now: dt.datetime | None = None) -> tuple[User | None, UserSession | None]:
    """The user of a live session, touching it; an expired session is ended and gives (None, row)."""
    now = now or utcnow()
    # The session and its account in one query: this runs on every request.
    found = session.execute(select(UserSession, User).outerjoin(User, User.id == UserSession.user_id)
                            .where(UserSession.token_sha256 == _token_hash(token))).one_or_none()
    row, user = found if found is not None else (None, None)
    if row is None or row.ended_at is not None:
        return None, row
    reason = None
    if user is None or not user.active:
        reason = "disabled"
    elif now - as_utc(row.started_at) > timeouts.absolute:
        reason = "expired"
    elif now - as_utc(row.last_seen_at) > timeouts.idle:
        reason = "idle"
    if reason:
        end_session(session, row, reason, now)
        return None, row
    if now - as_utc(row.last_seen_at) > timeouts.touch_every:
        row.last_seen_at = now
    return user, row


def end_session(session: Session, row: UserSession, reason: str, now: dt.datetime | None = None) -> None:
    if row.ended_at is None:
        row.ended_at = now or utcnow()
        row.end_reason = reason


def end_user_sessions(session: Session, user_id: int, reason: str) -> int:
    """End every open session of the account (disabled, password or permissions changed)."""
    return session.execute(update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
                           .values(ended_at=utcnow(), end_reason=reason)).rowcount
