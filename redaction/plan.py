"""A redaction plan: which boxes of which pages are filled, which pages or documents are withheld, and why.

The plan is the one value detection proposes, the archivist edits, the head
approves with the slip, burn-in applies and verification checks. Boxes are in
the pixels of the stored page image (the image OCR read; see
ocr/artefacts.page_image), so detections, the review screen and burn-in all
speak the same coordinates. An entry may instead be a time range of a media
clip (media issue): `start_s`/`end_s` set, `page_no` and `box` None.

`text` is what an entry hides, as OCR read it. It stays in the database and in
memory for verification and is never written to the access log, to logs, to
messages or to `to_json(public=True)`.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from redaction.kinds import Kind, Reason

BoxT = tuple[int, int, int, int]  # x0, y0, x1, y1 in page-image pixels


def new_entry_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass(frozen=True)
class Entry:
    """One thing hidden: a box on a page, or a time range of a clip."""

    document_id: int
    kind: Kind
    reason: Reason
    page_no: int | None = None
    box: BoxT | None = None
    start_s: float | None = None
    end_s: float | None = None
    text: str = ""                # what it hides (never logged)
    subject: str | None = None    # whose data: "party:<id>", "person:<name>", or None when unknown
    source: str = "auto"          # auto (detected) | manual (drawn or added by a person)
    group: str | None = None      # entries of one detection split over lines share a group
    id: str = field(default_factory=new_entry_id)

    def __post_init__(self) -> None:
        on_page = self.page_no is not None and self.box is not None
        on_clip = self.start_s is not None and self.end_s is not None
        if on_page == on_clip:
            raise ValueError("a redaction entry is either a box on a page or a time range of a clip")
        if on_page:
            x0, y0, x1, y1 = self.box
            if x1 <= x0 or y1 <= y0:
                raise ValueError(f"empty redaction box {self.box}")
        elif self.end_s <= self.start_s:
            raise ValueError(f"empty time range {self.start_s}-{self.end_s}")

    def to_json(self, public: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "document_id": self.document_id, "kind": str(self.kind),
                                "reason": str(self.reason), "source": self.source}
        if self.page_no is not None:
            data["page"] = self.page_no
            data["box"] = list(self.box)
        else:
            data["start_s"], data["end_s"] = self.start_s, self.end_s
        if self.group:
            data["group"] = self.group
        # "person:<name>" names the person: only "party:<id>" may leave in public JSON.
        if self.subject and (not public or self.subject.startswith("party:")):
            data["subject"] = self.subject
        if not public:
            data["text"] = self.text
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], document_id: int | None = None) -> Entry:
        box = data.get("box")
        return cls(document_id=int(data.get("document_id", document_id)), kind=Kind(data["kind"]),
                   reason=Reason(data.get("reason") or Kind(data["kind"]).default_reason),
                   page_no=data.get("page"), box=tuple(int(v) for v in box) if box else None,
                   start_s=data.get("start_s"), end_s=data.get("end_s"), text=data.get("text", ""),
                   subject=data.get("subject"), source=data.get("source", "manual"), group=data.get("group"),
                   id=data.get("id") or new_entry_id())


@dataclass(frozen=True)
class Withholding:
    """A whole page (page_no set) or a whole document (page_no None) left out, replaced by a notice of its ground."""

    document_id: int
    reason: Reason
    page_no: int | None = None
    note: str = ""  # the archivist's words on the ground, printed on the notice: never content

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "page": self.page_no, "reason": str(self.reason), "note": self.note}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Withholding:
        return cls(document_id=int(data["document_id"]), reason=Reason(data["reason"]), page_no=data.get("page"),
                   note=data.get("note", ""))


@dataclass
class Plan:
    """The plan for one release (a slip), one publication, or one `earchive redact` of a document."""

    purpose: str                       # release | publication | redact
    document_ids: list[int]
    entries: list[Entry] = field(default_factory=list)
    withheld: list[Withholding] = field(default_factory=list)
    slip_no: str | None = None
    # Publication masks a name as its surname and 某某 (002 公示办法:5) instead of a black box.
    mask_names: bool = False

    def entries_on(self, document_id: int, page_no: int) -> list[Entry]:
        return [e for e in self.entries if e.document_id == document_id and e.page_no == page_no]

    def withheld_reason(self, document_id: int, page_no: int) -> Withholding | None:
        for w in self.withheld:
            if w.document_id == document_id and w.page_no in (None, page_no):
                return w
        return None

    def without(self, entry_id: str) -> Plan:
        return replace(self, entries=[e for e in self.entries if e.id != entry_id])

    def to_json(self, public: bool = True) -> dict[str, Any]:
        return {"purpose": self.purpose, "slip_no": self.slip_no, "document_ids": list(self.document_ids),
                "mask_names": self.mask_names,
                "entries": [e.to_json(public) for e in self.entries],
                "withheld": [w.to_json() for w in self.withheld]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        return cls(purpose=data.get("purpose", "redact"), document_ids=[int(d) for d in data["document_ids"]],
                   entries=[Entry.from_json(e) for e in data.get("entries", [])],
                   withheld=[Withholding.from_json(w) for w in data.get("withheld", [])],
                   slip_no=data.get("slip_no"), mask_names=bool(data.get("mask_names", False)))
