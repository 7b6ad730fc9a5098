"""The detectors' input and output: the people a case names, what else it says stays or is secret, and a detection."""
from __future__ import annotations

from dataclasses import dataclass, field

from redaction.kinds import Kind, Reason
from redaction.plan import BoxT


@dataclass(frozen=True)
class Person:
    """A natural person the case names; `role` is a classify.labels.PARTY_ROLES code or None."""

    name: str
    role: str | None = None
    party_id: int | None = None
    id_number: str | None = None


@dataclass
class DetectionContext:
    """What the case and the agency tell the detectors: whose data is private and what stays visible."""

    persons: list[Person] = field(default_factory=list)
    officer_names: set[str] = field(default_factory=set)
    officer_cert_nos: set[str] = field(default_factory=set)
    organisations: list[str] = field(default_factory=list)
    agency_names: list[str] = field(default_factory=list)
    trade_secret_terms: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Detection:
    """One thing to hide on a page. `text` is the span as OCR read it and is never logged."""

    kind: Kind
    page_no: int
    boxes: tuple[BoxT, ...]
    text: str
    subject: str | None = None
    valid: bool = True

    @property
    def reason(self) -> Reason:
        return self.kind.default_reason

    def __repr__(self) -> str:  # the hidden text stays out of tracebacks and logs
        return (f"Detection(kind={self.kind!s}, page_no={self.page_no}, boxes={self.boxes!r}, "
                f"subject={self.subject!r}, valid={self.valid})")
