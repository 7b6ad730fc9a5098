"""Whose data a detection is: "party:<id>" for a known party, "person:<name>" for a person known only by name."""
from __future__ import annotations

from classify.fuzzy import closest

from redaction.detect.model import Person


def subject_of(name: str | None, persons: list[Person]) -> str | None:
    if not name:
        return None
    matches = [p for p in persons if p.name == name]
    if not matches and len(name) >= 3:
        # An OCR-damaged name (张测拭 for 张测试) is its person's only when no other name is as near.
        near = closest(name, sorted({p.name for p in persons if len(p.name) >= 3}), max_ratio=0.34)
        if near is not None:
            matches = [p for p in persons if p.name == near[0]]
    ids = {p.party_id for p in matches if p.party_id is not None}
    if len(ids) == 1:
        return f"party:{ids.pop()}"
    if len(ids) > 1:
        return None  # two parties of one name: no guess
    return f"person:{matches[0].name if matches else name}"


def subject_of_id_number(value: str, persons: list[Person]) -> str | None:
    """The person whose recorded ID number this is: stronger than any label around it."""
    for p in persons:
        if p.id_number and p.id_number.upper() == value.upper():
            return subject_of(p.name, [q for q in persons if q.name == p.name and q.id_number == p.id_number])
    return None
