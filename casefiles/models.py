"""Tables of case files: a case's file (案卷), its table of contents (卷内目录), a case's numbers and merges."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from records.models import Base, utcnow


class CaseFile(Base):
    """A case's file (案卷): its archive number once archived, and its table of contents."""

    __tablename__ = "case_file"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), unique=True)
    archive_no: Mapped[str | None] = mapped_column(String(100), unique=True)
    retention: Mapped[str | None] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | archived
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    archived_by: Mapped[str | None] = mapped_column(String(64))
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    assembled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Why it was archived although incomplete or vetoed (the archivist's words), and what it lacked then.
    archive_note: Mapped[str | None] = mapped_column(Text)
    archive_exceptions: Mapped[list[Any] | None] = mapped_column(JSON)


class CaseFileEntry(Base):
    """One line of a case file's table of contents (卷内目录): a document and its pages in the file."""

    __tablename__ = "case_file_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_file_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    title: Mapped[str] = mapped_column(String(300))
    doc_date: Mapped[dt.date | None] = mapped_column(Date)
    first_page: Mapped[int] = mapped_column(Integer)
    last_page: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("case_file_id", "position"),)


class CaseNumber(Base):
    """One number seen for a case (#13): a document's own 文号 or 立案号, a number it cites, or one a person gave.

    A case is one matter with many numbers (the 立案审批表's, the 告知书's, the 决定书's …); each sighting
    is a row, tied to the document it was read on, so a document re-read or moved takes its numbers along.
    Which of them is the case's 案号 (Case.case_no) is an agency rule (rules/default.yaml case_numbers).
    """

    __tablename__ = "case_number"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    number: Mapped[str] = mapped_column(String(100))  # canonical (classify.case_no)
    source: Mapped[str] = mapped_column(String(12))  # own | cited | manual
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (Index("ix_case_number_unit_number", "unit_id", "number"),)


class CaseMerge(Base):
    """Two cases found to be one matter: which absorbed which, why, who, and exactly what moved (to undo it).

    The absorbed case row is deleted; `absorbed` keeps its columns so an unmerge re-creates it under
    the same id, and `moved` lists the documents, number rows, retrieval slips and handlers that moved.
    """

    __tablename__ = "case_merge"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    survivor_id: Mapped[int] = mapped_column(Integer, index=True)  # no FK: either side may be gone later
    absorbed_id: Mapped[int] = mapped_column(Integer, index=True)
    absorbed: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    moved: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(String(24))  # shared_number | cited_number | shared_serial | shared_identity | manual
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    merged_by: Mapped[str] = mapped_column(String(64))
    merged_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="merged", index=True)  # merged | confirmed | undone
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    undone_by: Mapped[str | None] = mapped_column(String(64))
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    undo_reason: Mapped[str | None] = mapped_column(Text)
