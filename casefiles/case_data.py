"""A case as the rule engine sees it: its documents with their types, dates, devices and officers, and the
audio-visual records (media items) linked to it.

Loaded once from the database (`load_case`) into plain dataclasses, so that
the checks, the review score and the statistics are pure functions that
tests can feed directly.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from classify.labels import STAGE_ORDER, doc_type_label
from casefiles.models import CaseFile
from classify.models import DocumentClassification, ExtractedField
from records.models import Agency, Case, Document, Page, Unit


@dataclass
class OfficerInfo:
    name: str
    cert_no: str | None
    roles: tuple[str, ...]


@dataclass
class DocInfo:
    id: int
    doc_type: str | None
    stage: str | None
    title: str
    doc_date: dt.date | None = None
    dates: dict[str, dt.datetime] = field(default_factory=dict)  # meaning -> when (midnight if no time)
    devices: list[str] = field(default_factory=list)
    service_method: str | None = None
    measures: dict[str, int | None] = field(default_factory=dict)  # measure code -> amount in yuan
    officers: list[OfficerInfo] = field(default_factory=list)
    text: str = ""
    page_count: int = 0


@dataclass
class MediaInfo:
    """A media item linked to the case, its times in the agency's local time (as documents' dates are)."""

    id: int
    kind: str  # video | audio | photo
    start: dt.datetime | None  # local, naive
    end: dt.datetime | None  # start + duration
    device_no: str | None = None
    officer_no: str | None = None
    duration_s: float | None = None
    sha256: str = ""
    recorded_at: str | None = None  # ISO 8601 with the offset it was recorded in
    how: str = ""  # how it was linked (media.models.MediaCaseLink.how)
    path_on_disc: str = ""
    disc_label: str | None = None


@dataclass
class CaseInfo:
    id: int
    case_no: str
    unit_id: int
    cause: str | None
    documents: list[DocInfo]
    archived_at: dt.datetime | None = None
    agency_rules: dict = field(default_factory=dict)
    unit_code: str = ""
    unit_name: str = ""
    media: list[MediaInfo] = field(default_factory=list)

    def of_type(self, *doc_types: str) -> list[DocInfo]:
        return [d for d in self.documents if d.doc_type in doc_types]


def parse_when(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def _measure_code(entity: str) -> str:
    return entity.split(":", 1)[1] if ":" in entity else entity


def doc_info(document: Document, rows: list[ExtractedField], classification: DocumentClassification | None,
             text: str = "") -> DocInfo:
    info = DocInfo(document.id, document.doc_type, document.stage,
                   document.title or doc_type_label(document.doc_type) or document.source_name,
                   classification.doc_date if classification else None, text=text, page_count=document.page_count)
    officers: dict[str, dict[str, str | None]] = defaultdict(dict)
    for r in rows:
        if r.value is None:
            continue
        if r.kind == "date":
            when = parse_when(r.value)
            if when:
                info.dates[r.attr] = when
        elif r.kind == "device":
            info.devices.append(r.value)
        elif r.kind == "service" and r.attr == "method":
            info.service_method = r.value
        elif r.kind == "measure":
            code = _measure_code(r.entity or "")
            if r.attr == "measure":
                info.measures.setdefault(code, None)
            elif r.attr == "amount" and r.value.isdigit():
                info.measures[code] = int(r.value)
        elif r.kind == "officer" and r.entity:
            officers[r.entity][r.attr] = r.value
    info.officers = [OfficerInfo(o["name"], o.get("cert_no"), tuple(filter(None, (o.get("role") or "").split(","))))
                     for o in officers.values() if o.get("name")]
    return info


def toc_key(d: DocInfo) -> tuple:
    """Case-file order: by stage, then date, then arrival."""
    stage = STAGE_ORDER.index(d.stage) if d.stage in STAGE_ORDER else len(STAGE_ORDER)
    return (stage, d.doc_date or dt.date.max, d.id)


def load_case(session: Session, case: Case, with_text: bool = True) -> CaseInfo:
    docs = list(session.scalars(select(Document).where(Document.case_id == case.id, Document.status == "ok")))
    ids = [d.id for d in docs]
    rows: dict[int, list[ExtractedField]] = defaultdict(list)
    for r in session.scalars(select(ExtractedField).where(ExtractedField.document_id.in_(ids))):
        rows[r.document_id].append(r)
    classes = {c.document_id: c for c in session.scalars(
        select(DocumentClassification).where(DocumentClassification.document_id.in_(ids)))}
    texts: dict[int, list[str]] = defaultdict(list)
    if with_text:
        for doc_id, text in session.execute(select(Page.document_id, Page.text_norm)
                                            .where(Page.document_id.in_(ids)).order_by(Page.page_no)):
            texts[doc_id].append(text)
    infos = sorted((doc_info(d, rows[d.id], classes.get(d.id), "\n".join(texts[d.id])) for d in docs), key=toc_key)
    case_file = session.scalar(select(CaseFile).where(CaseFile.case_id == case.id))
    unit = session.get(Unit, case.unit_id)
    agency = session.get(Agency, unit.agency_id) if unit else None
    rules = dict(agency.rules or {}) if agency else {}
    return CaseInfo(case.id, case.case_no, case.unit_id, case.cause, infos,
                    archived_at=case_file.archived_at if case_file else None, agency_rules=rules,
                    unit_code=unit.code if unit else "", unit_name=unit.name if unit else "",
                    media=load_media(session, case.id, rules))


def load_media(session: Session, case_id: int, agency_rules: dict | None) -> list[MediaInfo]:
    """The media items linked to the case, by recording time (undated last)."""
    from media.models import Disc, MediaCaseLink, MediaItem
    from media.rules import media_rules_for
    from media.times import from_db, local_iso

    tz = media_rules_for(agency_rules).timezone
    out = []
    for item, how, label in session.execute(
            select(MediaItem, MediaCaseLink.how, Disc.volume_label)
            .join(MediaCaseLink, MediaCaseLink.item_id == MediaItem.id).join(Disc, Disc.id == MediaItem.disc_id)
            .where(MediaCaseLink.case_id == case_id)):
        when = from_db(item.recorded_at)
        start = when.astimezone(tz).replace(tzinfo=None) if when else None
        end = start + dt.timedelta(seconds=item.duration_s or 0) if start else None
        out.append(MediaInfo(item.id, item.kind, start, end, item.device_no, item.officer_no, item.duration_s,
                             item.sha256, local_iso(item.recorded_at, item.utc_offset_min), how, item.path_on_disc,
                             label))
    return sorted(out, key=lambda m: (m.start is None, m.start or dt.datetime.min, m.id))
