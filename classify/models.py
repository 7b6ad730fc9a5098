"""Tables of classification: extracted fields with provenance, corrections, entity links.

An ExtractedField keeps both the classifier's latest reading (machine_value)
and the value in force (value); once a person confirms or corrects a field
its value is theirs, and re-running the classifier only updates
machine_value. Every confirmation and correction is a FieldCorrection row:
who, when, old and new value.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from records.models import Base, utcnow

HUMAN_STATUSES = frozenset({"confirmed", "corrected"})


class DocumentClassification(Base):
    """The classifier's verdict on one document, and whether it waits for an archivist."""

    __tablename__ = "document_classification"
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    doc_type_confidence: Mapped[float] = mapped_column(Float, default=0.0)
    doc_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    case_link: Mapped[str | None] = mapped_column(String(16))  # number | fuzzy | inferred | manual
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    review_reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    classifier_version: Mapped[str] = mapped_column(String(16))
    classified_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExtractedField(Base):
    """One value read from a document, with its confidence and where on which page it was read."""

    __tablename__ = "extracted_field"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(24))
    attr: Mapped[str] = mapped_column(String(24))
    entity: Mapped[str | None] = mapped_column(String(200))  # the entity a value belongs to (Found.group)
    value: Mapped[str | None] = mapped_column(Text)
    machine_value: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    page_no: Mapped[int | None] = mapped_column(Integer)
    boxes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default="auto")  # auto | confirmed | corrected
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    __table_args__ = (UniqueConstraint("document_id", "key"),)

    @property
    def human(self) -> bool:
        return self.status in HUMAN_STATUSES


class FieldCorrection(Base):
    """An archivist's confirmation or correction of one field: who, when, the old and the new value."""

    __tablename__ = "field_correction"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("extracted_field.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    action: Mapped[str] = mapped_column(String(12))  # confirm | correct
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    username: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentParty(Base):
    """A person or organisation named in a document, in its role there (classify.labels.PARTY_ROLES), and the
    organisation it acts for when it is a representative, agent or staff member (represents_id)."""

    __tablename__ = "document_party"
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    represents_id: Mapped[int | None] = mapped_column(
        ForeignKey("party.id", name="fk_document_party_represents_id_party"))


class DocumentOfficer(Base):
    """An officer named in a document with the roles they played in it (comma-separated)."""

    __tablename__ = "document_officer"
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), primary_key=True, index=True)
    roles: Mapped[str] = mapped_column(String(100), default="")


class DocumentDevice(Base):
    """A recording device named in a document."""

    __tablename__ = "document_device"
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), primary_key=True, index=True)
