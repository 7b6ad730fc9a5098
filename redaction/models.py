"""Tables of redaction: plans with their entries and withholdings, trade-secret terms per case, and releases.

A plan row belongs to a slip (a release), or to one document (a publication or
an `earchive redact`). Entries an archivist removes are kept with `removed` set,
so the history of a plan is readable and a re-proposal does not bring back what
a person took out. `text` is what an entry hides: it is kept here for the
verification of every later release and is never written to the access log.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records.models import Base, utcnow


class RedactionPlan(Base):
    __tablename__ = "redaction_plan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(12))  # release | publication | redact
    slip_id: Mapped[int | None] = mapped_column(ForeignKey("retrieval_slip.id"), unique=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="proposed")  # proposed | reviewed
    mask_names: Mapped[bool] = mapped_column(Boolean, default=False)
    detector_version: Mapped[str] = mapped_column(String(16), default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    entries: Mapped[list[RedactionEntry]] = relationship(back_populates="plan", order_by="RedactionEntry.id",
                                                         cascade="all, delete-orphan")
    withholdings: Mapped[list[RedactionWithholding]] = relationship(
        back_populates="plan", order_by="RedactionWithholding.id", cascade="all, delete-orphan")


class RedactionEntry(Base):
    __tablename__ = "redaction_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("redaction_plan.id"), index=True)
    key: Mapped[str] = mapped_column(String(16))  # redaction.plan.Entry.id
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    page_no: Mapped[int | None] = mapped_column(Integer)
    box: Mapped[list[Any] | None] = mapped_column(JSON)  # [x0, y0, x1, y1] page-image pixels
    start_s: Mapped[float | None] = mapped_column(Float)
    end_s: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str | None] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(8), default="auto")  # auto | manual
    grp: Mapped[str | None] = mapped_column(String(16))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    plan: Mapped[RedactionPlan] = relationship(back_populates="entries")
    __table_args__ = (UniqueConstraint("plan_id", "key"),)


class RedactionWithholding(Base):
    __tablename__ = "redaction_withholding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("redaction_plan.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    page_no: Mapped[int | None] = mapped_column(Integer)  # None: the whole document
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(300), default="")
    plan: Mapped[RedactionPlan] = relationship(back_populates="withholdings")


class TradeSecretTerm(Base):
    """A term of a case that is a trade secret (a formula, a customer, a price): found and hidden on every page."""

    __tablename__ = "trade_secret_term"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    term: Mapped[str] = mapped_column(String(200))
    added_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("case_id", "term"),)


class Release(Base):
    """A redacted PDF that left earchive: for a slip (release), a publication (行政执法公示) or a redact command.

    `verified` records what the verification before release checked and found.
    """

    __tablename__ = "redaction_release"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(12), index=True)  # release | publication | redact
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("redaction_plan.id"))
    slip_id: Mapped[int | None] = mapped_column(ForeignKey("retrieval_slip.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    page_count: Mapped[int] = mapped_column(Integer)
    entry_count: Mapped[int] = mapped_column(Integer, default=0)
    verified: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
