"""The held-out set's document model: what a page says (blocks) and what is true about it (truth).

A document is a list of blocks that the layout engine draws in order:
a letterhead, a title, a number line, an addressee line, paragraphs, forms
(tables with ruled cells), question-and-answer turns, signature lines and a
sealed closing (agency name and date under a round red seal). Its truth is
written alongside by the same builder, so the two cannot drift apart.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    male: bool
    address: str
    phone: str

    @property
    def sex(self) -> str:
        return "男" if self.male else "女"


@dataclass(frozen=True)
class Organisation:
    name: str
    credit_code: str
    representative: Person
    address: str
    rep_title: str = "法定代表人"  # 负责人 for a branch or a 民办非企业单位


@dataclass(frozen=True)
class Officer:
    name: str
    cert_no: str


# -- blocks ----------------------------------------------------------------------------------------

@dataclass
class Letterhead:
    """The issuing agency's name on top, red on colour scans, with a rule under it."""
    agency: str
    rule: bool = True


@dataclass
class Title:
    text: str
    size: float = 1.0  # relative to the house title size


@dataclass
class NumberLine:
    text: str
    align: str = "right"  # right | center | left


@dataclass
class Para:
    text: str
    indent: bool = True
    align: str = "left"  # left | right | center


@dataclass
class Form:
    """A ruled table: rows of cells, each (text, width share)."""
    rows: list[list[tuple[str, float]]]
    min_row_h: float = 1.9  # in line heights


@dataclass
class Gap:
    lines: float = 1.0


@dataclass
class Closing:
    """Agency name and date at the right; a seal over them when sealed."""
    lines: list[str]
    sealed: bool = True


@dataclass
class PageBreak:
    pass


Block = Letterhead | Title | NumberLine | Para | Form | Gap | Closing | PageBreak


# -- truth -----------------------------------------------------------------------------------------

@dataclass
class PartyTruth:
    role: str  # 当事人, 法定代表人, 委托代理人, 被询问人, 证人, 见证人, 受送达人
    kind: str  # person | organisation
    name: str
    id_number: str | None = None
    credit_code: str | None = None


@dataclass
class OfficerTruth:
    name: str
    cert_no: str | None
    role: str  # 承办, 审核, 批准, 记录


@dataclass
class DocTruth:
    case: str
    doc_type: str
    case_numbers: list[str]  # as printed, the document's own and any it cites
    parties: list[PartyTruth]
    officers: list[OfficerTruth]
    date: date
    date_under_seal: bool
    body_dates: dict[str, str] = field(default_factory=dict)  # meaning -> ISO date, dates that are not its own


@dataclass
class Doc:
    agency_code: str
    blocks: list[Block]
    truth: DocTruth

    def truth_json(self) -> dict:
        t = asdict(self.truth)
        t["date"] = self.truth.date.isoformat()
        t["parties"] = [{k: v for k, v in p.items() if v is not None} for p in t["parties"]]
        return t
