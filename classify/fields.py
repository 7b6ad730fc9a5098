"""Storing extracted fields without ever undoing a person's decision.

A field's key is derived from what the classifier read, so a re-run meets
the same rows again: an automatic row takes the new reading; a row a person
confirmed or corrected keeps its value and only records the new reading in
machine_value. Automatic rows the new run no longer produces are removed.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from classify.found import Found
from classify.models import ExtractedField


def fields_of(session: Session, document_id: int) -> list[ExtractedField]:
    return list(session.scalars(select(ExtractedField).where(ExtractedField.document_id == document_id)
                                .order_by(ExtractedField.id)))


def _set_reading(row: ExtractedField, f: Found) -> None:
    row.kind, row.attr, row.entity = f.kind, f.attr, f.group
    row.machine_value, row.raw = f.value, f.raw
    row.confidence = round(float(f.confidence), 3)
    row.page_no, row.boxes = f.page_no, [list(b) for b in f.boxes]
    row.problems = list(dict.fromkeys(f.problems))
    if not row.human:
        row.value = f.value


def save_fields(session: Session, document_id: int, found: Iterable[Found]) -> list[ExtractedField]:
    """Replace the document's automatic fields by `found`; confirmed and corrected ones stay as they are."""
    existing = {row.key: row for row in fields_of(session, document_id)}
    kept: dict[str, ExtractedField] = {}
    for f in found:
        if f.key in kept:
            continue  # a second reading of the same value: the first (surest) stands
        row = existing.get(f.key)
        if row is None:
            row = ExtractedField(document_id=document_id, key=f.key, status="auto")
            session.add(row)
        _set_reading(row, f)
        kept[f.key] = row
    for key, row in existing.items():
        if key in kept:
            continue
        if row.human:
            row.machine_value = None  # the classifier no longer reads it; the person's value stands
            kept[key] = row
        else:
            session.delete(row)
    session.flush()
    return list(kept.values())


def value_of(rows: Iterable[ExtractedField], key: str) -> str | None:
    return next((r.value for r in rows if r.key == key), None)


def row_of(rows: Iterable[ExtractedField], key: str) -> ExtractedField | None:
    return next((r for r in rows if r.key == key), None)


def entities(rows: Iterable[ExtractedField], *kinds: str) -> dict[str, dict[str, ExtractedField]]:
    """Rows grouped by entity (a party, an officer …): entity -> attr -> row."""
    out: dict[str, dict[str, ExtractedField]] = {}
    for r in rows:
        if r.kind in kinds and r.entity:
            out.setdefault(r.entity, {})[r.attr] = r
    return out
