"""Tables of case files: a case's file (案卷) and its table of contents (卷内目录)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
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
