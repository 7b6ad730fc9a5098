"""What one held-out case is about: the agency, the party, the people, the cause, the dates and numbers."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bench.devset2.agencies import Agency
from bench.devset2.model import Officer, Organisation, Person

CN_DIGITS = "〇一二三四五六七八九"
CAPITAL = "零壹贰叁肆伍陆柒捌玖"


@dataclass(frozen=True)
class Cause:
    """案由 and the sentences the papers quote; templates use {party}, {site}, {day} (违法行为发生日)."""
    name: str
    facts: str
    rule: str
    basis: str
    penalty: tuple[str, ...]
    qa: tuple[tuple[str, str], ...]
    evidence: str


@dataclass
class CaseFacts:
    key: str
    agency: Agency
    year: int
    serials: dict[str, int]  # kind -> serial (absent: the agency gave that paper no number)
    party: Person | Organisation
    officers: tuple[Officer, Officer]
    reviewer: Officer  # 法制审核
    head: str  # 负责人 who approves
    cause: Cause
    site: str
    dates: dict[str, date]  # occurred, inspected, filed, inquired, notified, statement, reviewed, discussed,
    #                          approved, decided, served, reminded, applied, closed, paid
    fine: int
    staff: Person | None = None  # an employee interviewed (company cases)
    staff_title: str = ""
    agent: Person | None = None  # 委托代理人
    witness: Person | None = None
    extra: dict = field(default_factory=dict)

    def number(self, kind: str) -> str | None:
        serial = self.serials.get(kind)
        return None if serial is None else self.agency.number(kind, self.year if kind != "reminder" else
                                                              self.dates["reminded"].year, serial)

    @property
    def is_org(self) -> bool:
        return isinstance(self.party, Organisation)

    def fill(self, template: str, style: str = "cn") -> str:
        return template.format(party=self.party.name, site=self.site, day=fmt_date(self.dates["occurred"], style))


def fmt_date(d: date, style: str = "cn") -> str:
    if style == "cn_num":
        return ("".join(CN_DIGITS[int(c)] for c in str(d.year)) + "年" + cn_number(d.month) + "月"
                + cn_number(d.day) + "日")
    if style == "dot":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == "iso":
        return d.isoformat()
    if style == "padded":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    return f"{d.year}年{d.month}月{d.day}日"


def cn_number(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def capital_amount(yuan: int) -> str:
    """e.g. 15000 -> 壹万伍仟元整 (amounts under a hundred thousand yuan)."""
    units = ((10000, "万"), (1000, "仟"), (100, "佰"), (10, "拾"), (1, ""))
    out, rest, zero = "", yuan, False
    for value, unit in units:
        digit, rest = divmod(rest, value)
        if digit:
            if zero and out:
                out += "零"
            out += CAPITAL[digit] + unit
            zero = False
        else:
            zero = True
    return out + "元整"
