"""Tables of access control: sessions, login throttling, case handlers, retrieval slips, changes awaiting
approval and the access log.

They live on records.models.Base, so one migration history covers them
(records/migrations/versions/0003_access_control.py, 0007_pending_changes.py).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records.models import Base, created_at, intpk, utcnow


class UserSession(Base):
    """A logged-in browser session. The cookie holds a random token; only its SHA-256 is stored here."""

    __tablename__ = "user_session"
    id: Mapped[intpk]
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    end_reason: Mapped[str | None] = mapped_column(String(20))  # logout | idle | expired | disabled
    address: Mapped[str | None] = mapped_column(String(64))


class LoginThrottle(Base):
    """Failed logins per key ("pair:<address>|<name>" or "addr:<address>"), shared by every worker process."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class CaseHandler(Base):
    """An account that handled a case (承办人): an officer sees the cases they handled wherever they now work."""

    __tablename__ = "case_handler"
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True, index=True)


class RetrievalSlip(Base):
    """A retrieval slip (调用单): who asks for which records of one case, why, and what was approved.

    `kind` "applicant" is a party's or agent's request (001:35, 002 记录办法:29);
    "internal" is an officer's request to view another unit's case.
    """

    __tablename__ = "retrieval_slip"
    id: Mapped[intpk]
    slip_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # applicant | internal
    mode: Mapped[str] = mapped_column(String(8))  # view | copy
    purpose: Mapped[str] = mapped_column(Text)
    delivery: Mapped[str] = mapped_column(String(12), default="download")  # download | paper | disc | onsite
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    applicant_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    applicant_name: Mapped[str] = mapped_column(String(100))
    applicant_id_number: Mapped[str | None] = mapped_column(String(18))
    relation: Mapped[str] = mapped_column(String(12))  # party | agent | officer
    party_name: Mapped[str | None] = mapped_column(String(200))
    authorisation_sha256: Mapped[str | None] = mapped_column(String(64))
    authorisation_name: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending | approved | rejected
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_comment: Mapped[str | None] = mapped_column(Text)
    valid_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    downloads_allowed: Mapped[int] = mapped_column(Integer, default=0)
    downloads_used: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[created_at]
    items: Mapped[list[SlipItem]] = relationship(back_populates="slip", order_by="SlipItem.document_id",
                                                 cascade="all, delete-orphan")


class SlipItem(Base):
    """One record asked for on a slip; `approved` is None until the slip is decided."""

    __tablename__ = "slip_item"
    slip_id: Mapped[int] = mapped_column(ForeignKey("retrieval_slip.id"), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    approved: Mapped[bool | None] = mapped_column()
    slip: Mapped[RetrievalSlip] = relationship(back_populates="items")


class SlipMediaItem(Base):
    """A media item asked for on a slip, SlipItem's twin (migration 0013): `approved` None until decided.

    Media are only ever named one by one, never implied by asking for a whole case: a clip cannot be
    redacted yet, so whoever approves sees exactly which recordings go out.
    """

    __tablename__ = "slip_media_item"
    slip_id: Mapped[int] = mapped_column(ForeignKey("retrieval_slip.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("media_item.id"), primary_key=True)
    approved: Mapped[bool | None] = mapped_column()


class AccessLogRecord(Base):
    """One entry of the access log (调阅登记), chained to the one before by `prev_hash`.

    Rows are only ever inserted; `access_control.audit` computes `hash` over
    every other column (see `audit.canonical_payload`).
    """

    __tablename__ = "access_log"
    id: Mapped[intpk]
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(24), index=True)
    outcome: Mapped[str] = mapped_column(String(8))  # allowed | denied | failed
    slip_no: Mapped[str | None] = mapped_column(String(40), index=True)
    purpose: Mapped[str | None] = mapped_column(Text)
    record_kind: Mapped[str | None] = mapped_column(String(16))  # document | case | slip | user | unit | log
    record_id: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    algorithm: Mapped[str] = mapped_column(String(8))  # sha256 | sm3
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AccessLogHead(Base):
    """The chain's last position, one row: appends lock it, so entries are numbered in commit order."""

    __tablename__ = "access_log_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class PendingChange(Base):
    """A change that waits for a second person's approval (separation of duties).

    `kind` "account": role, unit, clearance or re-activation of an account that grants records access;
    "password": a reset of a password whose owner holds records access (only the new hash is kept);
    "marking": a document's 密级 or secrecy marks. `changes` maps each field to [before, after];
    `approvers` says who may decide, by the agency's rules: "admin" (another administrator),
    "head" (a head of the agency) or "admin_or_head".
    """

    __tablename__ = "pending_change"
    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(12))  # account | password | marking
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    target_kind: Mapped[str] = mapped_column(String(12))  # user | document
    target_id: Mapped[int] = mapped_column(Integer)
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    approvers: Mapped[str] = mapped_column(String(16))  # admin | head | admin_or_head
    reason: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)  # pending|approved|rejected
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str | None] = mapped_column(Text)


__all__ = ["AccessLogHead", "AccessLogRecord", "CaseHandler", "LoginThrottle", "PendingChange", "RetrievalSlip",
           "SlipItem", "SlipMediaItem", "UserSession"]
