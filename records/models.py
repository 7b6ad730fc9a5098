"""SQLAlchemy 2.0 typed mappings of the domain (names from GLOSSARY.md)."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
created_at = Annotated[dt.datetime, mapped_column(DateTime(timezone=True), server_default=func.now())]
sha256_hex = Annotated[str, mapped_column(String(64))]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Agency(Base):
    """An enforcement agency (行政执法机关). `rules` holds its per-agency settings as data."""

    __tablename__ = "agency"
    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    rules: Mapped[dict[str, Any]] = mapped_column(default=dict)
    units: Mapped[list[Unit]] = relationship(back_populates="agency")


class Unit(Base):
    """A unit (执法单位) inside an agency; records and users belong to units."""

    __tablename__ = "unit"
    id: Mapped[intpk]
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    agency: Mapped[Agency] = relationship(back_populates="units")
    __table_args__ = (UniqueConstraint("agency_id", "code"),)


class Case(Base):
    """A case (案件), keyed by its canonical case number within an agency."""

    __tablename__ = "case"
    id: Mapped[intpk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    case_no: Mapped[str] = mapped_column(String(100))
    cause: Mapped[str | None] = mapped_column(String(500))
    classification: Mapped[str] = mapped_column(String(20), default="internal")
    created_at: Mapped[created_at]
    __table_args__ = (UniqueConstraint("unit_id", "case_no"),)


class Party(Base):
    """A party (当事人): a person (id_number) or an organisation (credit_code)."""

    __tablename__ = "party"
    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(12))  # person | organisation
    name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), index=True)


class Officer(Base):
    """An enforcement officer (执法人员) with certificate number (执法证号)."""

    __tablename__ = "officer"
    id: Mapped[intpk]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    name: Mapped[str] = mapped_column(String(100))
    cert_no: Mapped[str | None] = mapped_column(String(50), index=True)


class Device(Base):
    """A recording device (执法记录仪 …) by its device number."""

    __tablename__ = "device"
    id: Mapped[intpk]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    device_no: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="body_camera")


class IngestBatch(Base):
    """One ingest run (CLI call or browser upload) with its scanner profile."""

    __tablename__ = "ingest_batch"
    id: Mapped[intpk]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    profile: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(20), default="cli")  # cli | web
    declared_pages: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[created_at]
    items: Mapped[list[IngestItem]] = relationship(back_populates="batch", order_by="IngestItem.id")


class IngestItem(Base):
    """One input of a batch and what became of it; the batch page shows these."""

    __tablename__ = "ingest_item"
    id: Mapped[intpk]
    batch_id: Mapped[int] = mapped_column(ForeignKey("ingest_batch.id"), index=True)
    source_name: Mapped[str] = mapped_column(String(500))
    upload_key: Mapped[str | None] = mapped_column(String(200))  # spooled upload awaiting a worker
    sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default="queued")  # queued|processing|ok|duplicate|rejected
    reason: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    batch: Mapped[IngestBatch] = relationship(back_populates="items")


class Document(Base):
    """A document (文书): one original file kept byte-exact under its SHA-256.

    The row is written (status "processing") before the original reaches the
    store, so a crash never leaves a stored file without a row; a re-run
    finds the row and completes it.
    """

    __tablename__ = "document"
    id: Mapped[intpk]
    sha256: Mapped[sha256_hex] = mapped_column(unique=True)
    source_name: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), default="processing")  # processing | ok
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))
    doc_type: Mapped[str | None] = mapped_column(String(40))
    stage: Mapped[str | None] = mapped_column(String(24))
    classification: Mapped[str] = mapped_column(String(20), default="internal")
    secrecy: Mapped[list[Any]] = mapped_column(default=list)  # marks: state_secret, trade_secret, privacy
    title: Mapped[str | None] = mapped_column(String(300))
    profile: Mapped[str] = mapped_column(String(64))
    ocr_engine: Mapped[str | None] = mapped_column(String(40))
    ocr_languages: Mapped[str | None] = mapped_column(String(60))
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    quality_flags: Mapped[list[Any]] = mapped_column(default=list)
    pdfa_sha256: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumps on every index-relevant change
    created_at: Mapped[created_at]
    ingested_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    pages: Mapped[list[Page]] = relationship(back_populates="document", order_by="Page.page_no",
                                             cascade="all, delete-orphan")


class Page(Base):
    """One page of a document: raw and normalised OCR text, word boxes in pixels."""

    __tablename__ = "page"
    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    page_no: Mapped[int] = mapped_column(Integer)  # 1-based
    width_px: Mapped[int] = mapped_column(Integer)
    height_px: Mapped[int] = mapped_column(Integer)
    dpi: Mapped[int] = mapped_column(Integer)
    text_raw: Mapped[str] = mapped_column(Text, default="")
    text_norm: Mapped[str] = mapped_column(Text, default="")
    words: Mapped[list[Any]] = mapped_column(default=list)  # [{"text", "box": [x0,y0,x1,y1], "conf"}]
    document: Mapped[Document] = relationship(back_populates="pages")
    __table_args__ = (UniqueConstraint("document_id", "page_no"),)


class IndexOutbox(Base):
    """A pending search-index update, written in the same transaction as the change."""

    __tablename__ = "index_outbox"
    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(10), default="upsert")  # upsert | delete
    created_at: Mapped[created_at]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class User(Base):
    """An account. Roles and policy live in access_control; this is the stored row."""

    __tablename__ = "user_account"
    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    clearance: Mapped[str] = mapped_column(String(20), default="internal")
    active: Mapped[bool] = mapped_column(default=True)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[created_at]
