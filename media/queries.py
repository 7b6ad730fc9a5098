"""Media items as the command line and scripts see them (issue #15 §9)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from earchive.errors import NotFound
from media.models import Disc, DiscFile, MediaCaseLink, MediaItem
from media.times import from_db, local_iso
from records.models import Case


def _case_nos(session: Session, item_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {i: [] for i in item_ids}
    if item_ids:
        for item_id, case_no in session.execute(
                select(MediaCaseLink.item_id, Case.case_no).join(Case, Case.id == MediaCaseLink.case_id)
                .where(MediaCaseLink.item_id.in_(item_ids)).order_by(Case.case_no)):
            out[item_id].append(case_no)
    return out


def _json(item: MediaItem, disc: Disc, case_nos: list[str]) -> dict:
    return {
        "id": item.id, "sha256": item.sha256, "disc_id": disc.id, "disc_label": disc.volume_label,
        "path_on_disc": item.path_on_disc, "kind": item.kind, "container": item.container,
        "size_bytes": item.size_bytes, "device_no": item.device_no, "officer_no": item.officer_no,
        "officer_source": item.officer_source,
        "recorded_at": local_iso(item.recorded_at, item.utc_offset_min),
        "recorded_at_source": item.recorded_at_source,
        "embedded_time": local_iso(item.embedded_time, item.utc_offset_min),
        "stored_at": local_iso(item.stored_at, item.utc_offset_min),
        "duration_s": item.duration_s, "codecs": item.codecs, "width": item.width, "height": item.height,
        "naming_pattern": item.naming_pattern, "case_nos": case_nos, "named_case_nos": item.named_case_nos,
        "retention_class": item.retention_class, "retention_basis": item.retention_basis,
        "dispose_after": item.dispose_after.isoformat() if item.dispose_after else None,
        "flags": item.flags, "unit_id": item.unit_id,
    }


def item_as_json(session: Session, item_id: int) -> dict:
    item = session.get(MediaItem, item_id)
    if item is None:
        raise NotFound(f"没有编号为 {item_id} 的音像记录 / no media item {item_id}; `earchive media list` lists them")
    data = _json(item, session.get(Disc, item.disc_id), _case_nos(session, [item.id])[item.id])
    data["discs"] = [{"disc_id": d.id, "disc_label": d.volume_label, "path_on_disc": f.path_on_disc, "status": f.status,
                      "ingested_at": from_db(d.ingested_at).isoformat()}
                     for f, d in session.execute(select(DiscFile, Disc).join(Disc, Disc.id == DiscFile.disc_id)
                                                 .where(DiscFile.item_id == item.id).order_by(DiscFile.id))]
    return data


def list_items(session: Session, case_no: str | None = None, limit: int | None = None) -> list[dict]:
    """Items in the order stored; with `case_no`, those linked to a case bearing that number (any style)."""
    query = select(MediaItem, Disc).join(Disc, Disc.id == MediaItem.disc_id).order_by(MediaItem.id)
    if case_no is not None:
        from casefiles.numbers import find_cases

        case_ids = [c.id for c in find_cases(session, case_no)]
        query = query.where(MediaItem.id.in_(select(MediaCaseLink.item_id).where(MediaCaseLink.case_id.in_(case_ids))))
    if limit:
        query = query.limit(limit)
    rows = session.execute(query).all()
    cases = _case_nos(session, [item.id for item, _ in rows])
    return [_json(item, disc, cases[item.id]) for item, disc in rows]


def disc_as_json(session: Session, disc_id: int) -> dict:
    disc = session.get(Disc, disc_id)
    if disc is None:
        raise NotFound(f"没有编号为 {disc_id} 的光盘 / no disc {disc_id}")
    return {"id": disc.id, "source_kind": disc.source_kind, "source_name": disc.source_name,
            "volume_label": disc.volume_label, "burned_at": from_db(disc.burned_at).isoformat() if disc.burned_at else None,
            "status": disc.status, "case_nos": disc.case_nos, "readme": disc.readme, "problems": disc.problems,
            "manifest": disc.manifest, "ingested_at": from_db(disc.ingested_at).isoformat()}
