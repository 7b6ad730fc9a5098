"""Tables of disc-archived media: discs and their manifests, media items, where each disc held each item,
the device registry's issuance periods, links from items to cases, and fixity runs.

A media item is one original file kept byte-exact under its SHA-256 in the
same write-once store as the scans. Its content columns never change once
written and no row here is ever deleted (002 记录办法:28, 000:29: records may
not be cut, altered or deleted); `guard_immutable` below refuses both at the
ORM, so a mistake in later code fails loudly instead of rewriting history.
What may change is what we learn about an item: its officer (from the
registry), its cases, and hence its retention class and disposal date.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (JSON, BigInteger, Date, DateTime, Float, ForeignKey, Integer, String, Text,
                        UniqueConstraint, event, inspect)
from sqlalchemy.orm import Mapped, Session, mapped_column

from earchive.errors import EarchiveError
from records.models import Base, utcnow


class Disc(Base):
    """One intake of a disc image, a folder copied from a disc or docking station, or loose files.

    `manifest` lists every file met: path on disc, size, SHA-256, and whether it was new, a duplicate
    of something already stored, or rejected (with the reason). A disc handed in twice is two rows:
    each intake is its own catalogue entry, and its items are duplicates the second time.
    """

    __tablename__ = "media_disc"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(12))  # iso | udf | folder | files
    source_name: Mapped[str] = mapped_column(String(500))  # the image's or folder's name as handed in
    source_path: Mapped[str] = mapped_column(String(2000))
    volume_label: Mapped[str | None] = mapped_column(String(200))
    burned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))  # volume creation date
    readme: Mapped[str | None] = mapped_column(Text)  # a README/manifest found on the disc, decoded
    case_nos: Mapped[list[Any]] = mapped_column(JSON, default=list)  # canonical case numbers its label/README name
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    status: Mapped[str] = mapped_column(String(12), default="processing")  # processing | ok | partial | rejected
    manifest: Mapped[list[Any]] = mapped_column(JSON, default=list)
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)  # disc-level: truncated image, …
    created_by: Mapped[str | None] = mapped_column(String(100))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MediaItem(Base):
    """One audio-visual record (音像记录): a video, an audio recording or a photo."""

    __tablename__ = "media_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # video | audio | photo
    container: Mapped[str] = mapped_column(String(12))  # mp4 | mov | avi | mkv | wav | mp3 | amr | jpeg | png
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    source_name: Mapped[str] = mapped_column(String(500))  # the file's name where first seen
    path_on_disc: Mapped[str] = mapped_column(String(2000))  # where first seen
    disc_id: Mapped[int] = mapped_column(ForeignKey("media_disc.id"), index=True)  # first seen on
    device_no: Mapped[str | None] = mapped_column(String(64), index=True)
    officer_no: Mapped[str | None] = mapped_column(String(64), index=True)
    officer_source: Mapped[str | None] = mapped_column(String(12))  # name | registry
    recorded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    recorded_at_source: Mapped[str | None] = mapped_column(String(12))  # name | embedded
    utc_offset_min: Mapped[int | None] = mapped_column(Integer)  # the offset recorded_at is shown in
    embedded_time: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    naming_pattern: Mapped[str | None] = mapped_column(String(64))  # vendor/pattern that read the name
    duration_s: Mapped[float | None] = mapped_column(Float)
    codecs: Mapped[list[Any]] = mapped_column(JSON, default=list)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    probe: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # format name, bit rate, camera make …
    flags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Case numbers (canonical) that the disc's label or README or the item's folder names give, so that
    # linking can run again once the case's scans arrive.
    named_case_nos: Mapped[list[Any]] = mapped_column(JSON, default=list)
    retention_class: Mapped[str] = mapped_column(String(12), default="routine")  # routine | evidence | long_term
    retention_basis: Mapped[str | None] = mapped_column(String(200))
    dispose_after: Mapped[dt.date | None] = mapped_column(Date)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The item's 密级, decided on as a document's is (access_control.policy.MediaRecord); migration 0013.
    classification: Mapped[str] = mapped_column(String(20), default="internal", server_default="internal")


class DiscFile(Base):
    """A disc held an item at a path: the same clip on two discs is one item and two of these."""

    __tablename__ = "media_disc_file"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disc_id: Mapped[int] = mapped_column(ForeignKey("media_disc.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("media_item.id"), index=True)
    path_on_disc: Mapped[str] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(12))  # new | duplicate
    __table_args__ = (UniqueConstraint("disc_id", "path_on_disc"),)


class DeviceRecord(Base):
    """What the registry knows of a device (records.models.Device) beyond its number (000:24, 003:12)."""

    __tablename__ = "media_device_record"
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), primary_key=True)
    model: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12), default="in_service")  # in_service | repair | retired | lost
    keeper: Mapped[str | None] = mapped_column(String(100))  # who answers for its storage and upkeep
    note: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class DeviceIssuance(Base):
    """A device was issued to an officer from `valid_from` until `valid_until` (open: still issued)."""

    __tablename__ = "media_device_issuance"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), index=True)
    officer_no: Mapped[str] = mapped_column(String(64), index=True)  # 执法证号 or 警号
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    valid_from: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    valid_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MediaCaseLink(Base):
    """An item belongs to a case; an item may belong to several. `how` says what linked them."""

    __tablename__ = "media_case_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("media_item.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    how: Mapped[str] = mapped_column(String(16))  # disc_label | folder | manifest | officer_time | archivist
    evidence: Mapped[str | None] = mapped_column(String(500))  # the text that named the case
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("item_id", "case_id"),)


class FixityRun(Base):
    """One re-hash of stored originals and what it found (REQUIREMENTS §5: storage that loses records)."""

    __tablename__ = "fixity_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    trigger: Mapped[str] = mapped_column(String(12))  # cli | worker
    since: Mapped[dt.date | None] = mapped_column(Date)
    checked: Mapped[int] = mapped_column(Integer, default=0)
    bytes_checked: Mapped[int] = mapped_column(BigInteger, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    missing: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="running")  # running | ok | failed
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ImmutableRecord(EarchiveError):
    """Code tried to delete a media record or change an item's content: refused (002 记录办法:28)."""


# What an item is and where its bytes came from; everything else is what we learn about it.
_ITEM_CONTENT = frozenset({"sha256", "kind", "container", "size_bytes", "source_name", "path_on_disc",
                           "disc_id", "embedded_time", "duration_s", "codecs", "width", "height", "stored_at"})
_NEVER_DELETED = (Disc, MediaItem, DiscFile, FixityRun)


@event.listens_for(Session, "before_flush")
def guard_immutable(session: Session, _flush_context, _instances) -> None:  # noqa: ANN001
    for obj in session.deleted:
        if isinstance(obj, _NEVER_DELETED):
            raise ImmutableRecord(f"{type(obj).__name__} {obj.id} cannot be deleted: audio-visual records and "
                                  "their catalogue are kept (002 记录办法:28); disposal is a separate procedure")
    for obj in session.dirty:
        if isinstance(obj, MediaItem):
            state = inspect(obj)
            changed = {a.key for a in state.attrs if a.key in _ITEM_CONTENT and a.history.has_changes()}
            if changed:
                raise ImmutableRecord(f"media item {obj.id}: {', '.join(sorted(changed))} cannot change once "
                                      "stored (002 记录办法:28)")
