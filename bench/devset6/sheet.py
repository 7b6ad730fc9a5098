"""A document as it is printed (blocks) and what is true about it, written by the same builder.

Blocks are drawn by press.py in order. The truth follows casefiles_eval.py's
schema: the case, document type, numbers printed (own and cited), parties
with role, kind and printed identifier, officers with printed 执法证号 and
role, the document's own date and whether a seal lies over it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bench.devset6.identities import Organisation, Person


@dataclass
class Letterhead:
    agency: str
    rule: str = "double"  # double | single | none


@dataclass
class Heading:
    text: str
    scale: float = 1.0
    spaced: bool = False  # 询 问 笔 录: letters spread out


@dataclass
class Ref:
    text: str
    align: str = "right"


@dataclass
class Text:
    text: str
    indent: bool = True
    align: str = "left"


@dataclass
class Grid:
    """A ruled table; each row a list of (text, width share); text may hold line breaks."""
    rows: list[list[tuple[str, float]]]
    min_lines: float = 1.6


@dataclass
class Fields:
    """Two-column label: value lines without rules, values underlined."""
    rows: list[list[tuple[str, str]]]


@dataclass
class Sign:
    """A signature line: printed label, then the name in a hand-like face, then an optional date."""
    label: str
    names: list[str]
    date_text: str = ""
    align: str = "left"


@dataclass
class Signoff:
    """Issuer lines and a date at the right; a round seal over them when seal is set."""
    lines: list[str]
    date_text: str
    seal: str | None = None
    over_date: bool = True


@dataclass
class Space:
    lines: float = 1.0


@dataclass
class Break:
    pass


Block = Letterhead | Heading | Ref | Text | Grid | Fields | Sign | Signoff | Space | Break


def block_text(b: Block) -> str:
    if isinstance(b, (Letterhead,)):
        return b.agency
    if isinstance(b, (Heading, Ref, Text)):
        return b.text
    if isinstance(b, Grid):
        return "\n".join(t for row in b.rows for t, _ in row)
    if isinstance(b, Fields):
        return "\n".join(f"{k}{v}" for row in b.rows for k, v in row)
    if isinstance(b, Sign):
        return b.label + "".join(b.names) + b.date_text
    if isinstance(b, Signoff):
        return "\n".join(b.lines) + b.date_text + (b.seal or "")
    return ""


@dataclass
class Sheet:
    case: str
    agency: str
    doc_type: str
    blocks: list[Block] = field(default_factory=list)
    parties: list[dict] = field(default_factory=list)
    officers: list[dict] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    body_dates: dict[str, str] = field(default_factory=dict)
    date: date | None = None
    under_seal: bool = False

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def no(self, number: str) -> str:
        """A case or document number printed here; returns it for the text."""
        if number not in self.numbers:
            self.numbers.append(number)
        return number

    def party(self, role: str, who: Person | Organisation, identifier: bool = False) -> None:
        entry = {"role": role, "kind": "person" if isinstance(who, Person) else "organisation", "name": who.name}
        if identifier:
            entry["id_number" if isinstance(who, Person) else "credit_code"] = (
                who.id_number if isinstance(who, Person) else who.credit_code)
        for old in self.parties:
            if old["role"] == role and old["name"] == who.name:
                old.update(entry)
                return
        self.parties.append(entry)

    def officer(self, who, role: str, cert: bool) -> None:
        entry = {"name": who.name, "cert_no": who.cert_no if cert else None, "role": role}
        for old in self.officers:
            if old["name"] == who.name:
                if cert and not old["cert_no"]:
                    old["cert_no"] = who.cert_no
                return
        self.officers.append(entry)

    def own_date(self, d: date, under_seal: bool = False) -> None:
        self.date, self.under_seal = d, under_seal

    def text(self) -> str:
        return "\n".join(block_text(b) for b in self.blocks)

    def check(self) -> None:
        """Everything the truth says is printed must be printed (line breaks aside)."""
        flat = self.text().replace("\n", "")
        wanted = [p["name"] for p in self.parties] + [p.get("id_number") or p.get("credit_code") or ""
                                                      for p in self.parties]
        wanted += [o["name"] for o in self.officers] + [o["cert_no"] or "" for o in self.officers] + self.numbers
        missing = [w for w in wanted if w and w not in flat]
        if missing or self.date is None:
            raise AssertionError(f"{self.case} {self.doc_type}: not printed {missing} or no date")

    def truth(self) -> dict:
        return {"case": self.case, "doc_type": self.doc_type, "case_numbers": list(self.numbers),
                "parties": self.parties, "officers": self.officers, "date": self.date.isoformat(),
                "date_under_seal": self.under_seal, "body_dates": dict(self.body_dates)}
