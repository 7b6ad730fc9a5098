"""Media items (音像记录) as the search index takes them (#15 §7), and queueing their updates.

An item is indexed with its device, officer, recording time, duration, the 案号 and every number of its
cases, and the parties of its cases. Its unit and its classification (media_item.classification,
migration 0013) are its own, as access_control.policy.MediaRecord decides on them.

Updates travel through the same outbox as documents' (records.models.IndexOutbox), with op "media"
and the item's id in document_id: whatever changed (a link, its officer), the item is indexed as it is
now when the outbox is drained. Media rows carry no version of their own, so the index version is the
time the record was built, which only moves forward.
"""
from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.models import CaseNumber
from classify.models import DocumentParty
from indexer.base import IndexedMedia
from media.models import Disc, DiscFile, MediaCaseLink, MediaItem
from media.times import from_db, offset_of
from records.models import Case, Document, IndexOutbox, Officer, Party

MEDIA_OP = "media"  # IndexOutbox.op of a media item's update; its document_id is the item's id
DEFAULT_CLASSIFICATION = "internal"
KIND_WORDS = {"video": "视频", "audio": "录音", "photo": "照片"}


def queue_media(session: Session, item_ids: Iterable[int]) -> None:
    """Queue the items for the search index, in the caller's transaction."""
    session.add_all(IndexOutbox(document_id=i, version=0, op=MEDIA_OP) for i in sorted(set(item_ids)))
    session.flush()


def load_indexed_media(session: Session, item_ids: Iterable[int]) -> dict[int, IndexedMedia]:
    ids = sorted(set(item_ids))
    items = list(session.scalars(select(MediaItem).where(MediaItem.id.in_(ids))))
    cases: dict[int, list[Case]] = {i: [] for i in ids}
    for item_id, case in session.execute(select(MediaCaseLink.item_id, Case).join(Case, Case.id == MediaCaseLink.case_id)
                                         .where(MediaCaseLink.item_id.in_(ids)).order_by(Case.case_no)):
        cases[item_id].append(case)
    case_ids = sorted({c.id for cs in cases.values() for c in cs})
    numbers: dict[int, set[str]] = {}
    for case_id, number in session.execute(select(CaseNumber.case_id, CaseNumber.number)
                                           .where(CaseNumber.case_id.in_(case_ids))):
        numbers.setdefault(case_id, set()).add(number)
    parties: dict[int, list[str]] = {}
    for case_id, name in session.execute(
            select(Document.case_id, Party.name).join(DocumentParty, DocumentParty.document_id == Document.id)
            .join(Party, Party.id == DocumentParty.party_id)
            .where(Document.case_id.in_(case_ids), Document.status == "ok", DocumentParty.role == "party")
            .order_by(Party.id)):
        names = parties.setdefault(case_id, [])
        if name not in names:
            names.append(name)
    officer_nos = sorted({i.officer_no for i in items if i.officer_no})
    officer_names = dict(session.execute(select(Officer.cert_no, Officer.name).where(Officer.cert_no.in_(officer_nos))
                                         .order_by(Officer.id.desc())).all())
    labels: dict[int, list[str]] = {}
    for item_id, label in session.execute(select(DiscFile.item_id, Disc.volume_label).join(Disc, Disc.id == DiscFile.disc_id)
                                          .where(DiscFile.item_id.in_(ids)).order_by(DiscFile.id)):
        if label and label not in labels.setdefault(item_id, []):
            labels[item_id].append(label)
    version = time.time_ns() // 1000
    out = {}
    for item in items:
        its_cases = cases[item.id]
        case_nos = sorted({c.case_no for c in its_cases})
        all_numbers = sorted(set(case_nos).union(*(numbers.get(c.id, set()) for c in its_cases)))
        its_parties = list(dict.fromkeys(p for c in its_cases for p in parties.get(c.id, [])))
        name = officer_names.get(item.officer_no) if item.officer_no else None
        when = from_db(item.recorded_at)
        local = when.astimezone(offset_of(item.utc_offset_min)) if when else None
        title = f"{KIND_WORDS.get(item.kind, item.kind)} {item.source_name}"
        text = "\n".join(filter(None, [
            title, item.path_on_disc, *labels.get(item.id, []), item.device_no and f"设备 {item.device_no}",
            item.officer_no and f"执法人员 {name or ''} {item.officer_no}".replace("  ", " "),
            local and f"录制时间 {local:%Y-%m-%d %H:%M}", *case_nos, *its_parties]))
        out[item.id] = IndexedMedia(
            item_id=item.id, version=version, title=title, source_name=item.path_on_disc, media_kind=item.kind,
            unit_id=item.unit_id, classification=item.classification or DEFAULT_CLASSIFICATION,
            case_nos=case_nos, case_numbers=all_numbers, parties=its_parties,
            officers=[name or item.officer_no] if item.officer_no else [],
            devices=[item.device_no] if item.device_no else [], recorded_at=local,
            recorded_date=local.date() if local else None, duration_s=item.duration_s, text=text)
    return out


def all_media_ids(session: Session) -> list[int]:
    return list(session.scalars(select(MediaItem.id).order_by(MediaItem.id)))
