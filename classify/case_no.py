"""Case and document numbers (案号 / 文号) in every common style, reduced to one canonical form.

测住建罚〔2024〕第0123号, 测住建罚[2024]123号, 测住建罚（2024）123号 and
(2024)测住建罚123号 are one number: canonically 测住建罚〔2024〕123号 —
the prefix, the year in 〔〕, the serial without 第 or leading zeros, 号.
Digits misread as letters (O, l) are settled by the format; a missing
bracket or 号 lowers the confidence instead of failing the match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from classify.ids import DIGIT_LOOKALIKES

_DIGITISH = "0-9OoDlIi|Zz"
_OPEN = r"〔\[(\{<〈「『【"
_CLOSE = r"〕\])\}>〉」』】"
_PREFIX = r"[\u4e00-\u9fffA-Za-z]{1,14}"
# OCR reads a bracket beside digits as 1, l or |; the format settles it when the other bracket is there.
_BRACKET_AS_ONE = r"[1lI|]"
# prefix [bracket] year [bracket] [第] serial 号 — brackets and 号 may be lost to OCR.
_PREFIX_FIRST = re.compile(
    rf"(?P<prefix>{_PREFIX}?)\s*(?P<open>[{_OPEN}]|{_BRACKET_AS_ONE}(?=(?:19|20|2O|2o)[{_DIGITISH}]{{2}}[{_CLOSE}]))?\s*"
    rf"(?P<year>(?:19|20|2O|2o|l9|I9)[{_DIGITISH}]{{2}})\s*"
    rf"(?P<close>[{_CLOSE}]|(?<=\d)(?:(?<=[{_OPEN}]\d{{4}})|(?<=[{_OPEN}] \d{{4}})){_BRACKET_AS_ONE}(?=第?[{_DIGITISH}]))?"
    rf"\s*(?P<di>第)?\s*(?P<serial>[{_DIGITISH}]{{1,6}})\s*(?P<hao>号)?")
_YEAR_FIRST = re.compile(
    rf"(?P<open>[{_OPEN}])\s*(?P<year>(?:19|20)[{_DIGITISH}]{{2}})\s*(?P<close>[{_CLOSE}])\s*"
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,14}}?)(?P<di>第)?\s*(?P<serial>[{_DIGITISH}]{{1,6}})\s*(?P<hao>号)")
# Characters that end a sentence fragment before a number quoted in running text.
_FUNCTION_CHARS = set("的于在对是为就及和与将把被向由经按依据以从至到了")
_LABEL_PREFIXES = ("立案编号", "案件编号", "案号", "文号", "编号")
# Words that are not case numbers though they fit the pattern (dates, page footers).
_NOT_A_PREFIX = re.compile(r"(年|月|日|时|分|页|共|条|款|项|元|第|至)$")


@dataclass(frozen=True)
class CaseNumber:
    raw: str
    canonical: str
    prefix: str
    year: int
    serial: int
    start: int
    end: int
    confidence: float
    problems: tuple[str, ...] = ()


def canonical_case_no(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}〔{year}〕{serial}号"


def _clean_prefix(prefix: str) -> tuple[str, bool]:
    """Strip label words and the running text before a quoted number; True if text was cut."""
    for label in _LABEL_PREFIXES:
        if prefix.startswith(label):
            prefix = prefix[len(label):]
    cut = False
    for i in range(len(prefix) - 1, -1, -1):
        if prefix[i] in _FUNCTION_CHARS and i < len(prefix) - 1:
            prefix, cut = prefix[i + 1:], True
            break
    return prefix, cut


def _digits(s: str) -> tuple[str, bool]:
    fixed = s.translate(DIGIT_LOOKALIKES)
    return fixed, fixed != s


def _reading(m: re.Match[str], year_first: bool) -> CaseNumber | None:
    prefix, cut = _clean_prefix(m.group("prefix") or "")
    if not prefix or _NOT_A_PREFIX.search(prefix) or not re.search(r"[\u4e00-\u9fff]", prefix):
        return None
    year_s, year_fixed = _digits(m.group("year"))
    serial_s, serial_fixed = _digits(m.group("serial"))
    if not (year_s.isdigit() and serial_s.isdigit()) or int(serial_s) == 0:
        return None
    year = int(year_s)
    if not 1990 <= year <= 2099:
        return None
    has_open, has_close, has_hao = bool(m.group("open")), bool(m.group("close")), bool(m.group("hao"))
    if not (has_open or has_close) and not has_hao:
        return None  # "罚2024123" is too weak to be a number
    problems = []
    confidence = 0.97
    if (m.group("open") or "") in "1lI|" and m.group("open") or (m.group("close") or "") in "1lI|" and m.group("close"):
        problems.append("bracket_repaired")
        confidence -= 0.1
    if year_fixed or serial_fixed:
        problems.append("ocr_digits_repaired")
        confidence -= 0.07
    if not (has_open and has_close):
        problems.append("bracket_missing")
        confidence -= 0.12
    if not has_hao:
        problems.append("hao_missing")
        confidence -= 0.12
    if cut:
        confidence -= 0.05
    if len(prefix) == 1:
        problems.append("short_prefix")
        confidence -= 0.2
    start = m.start("prefix") + (len(m.group("prefix") or "") - len(prefix)) if not year_first else m.start()
    return CaseNumber(m.group()[start - m.start():].strip(), canonical_case_no(prefix, year, int(serial_s)),
                      prefix, year, int(serial_s), start, m.end(), round(confidence, 2), tuple(problems))


def find_case_numbers(text: str) -> list[CaseNumber]:
    """Every case or document number in `text`, in order of appearance, overlaps removed."""
    found: list[CaseNumber] = []
    for pattern, year_first in ((_YEAR_FIRST, True), (_PREFIX_FIRST, False)):
        for m in pattern.finditer(text):
            reading = _reading(m, year_first)
            if reading and not any(r.start < reading.end and reading.start < r.end for r in found):
                found.append(reading)
    return sorted(found, key=lambda r: r.start)


def normalise_case_no(value: str) -> str | None:
    """The canonical form of a case number typed or corrected by a person, or None if it is not one."""
    from records.text import normalise_text

    found = find_case_numbers(normalise_text(value))
    return found[0].canonical if len(found) == 1 else None


def same_case_fuzzy(a: str, b: str) -> bool:
    """Canonical numbers that differ only by one misread prefix character (测市监 / 测市蓝)."""
    ma, mb = _CANONICAL.fullmatch(a), _CANONICAL.fullmatch(b)
    if not (ma and mb) or ma.group(2, 3) != mb.group(2, 3):
        return False
    pa, pb = ma.group(1), mb.group(1)
    return len(pa) == len(pb) and len(pa) >= 3 and sum(x != y for x, y in zip(pa, pb)) == 1


_CANONICAL = re.compile(r"(.+)〔(\d{4})〕(\d+)号")


def parse_canonical(number: str) -> tuple[str, int, int] | None:
    """(prefix, year, serial) of a canonical number, or None."""
    m = _CANONICAL.fullmatch(number)
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else None


def serial_variant(a: str, b: str, min_stem: int = 2, max_suffix: int = 3) -> bool:
    """Numbers of one matter from two series of one agency: 某立〔2023〕12号 / 某罚告〔2023〕12号 / 某罚决〔2023〕12号.

    Same year and serial; the prefixes share a stem of at least `min_stem` characters (the agency's
    abbreviation) and differ only in a short series word after it (立, 罚告, 罚决 …). The prefixes
    must differ: the same prefix with the same serial is the same number, and one character misread
    inside the stem is `same_case_fuzzy`'s business.
    """
    pa, pb = parse_canonical(a), parse_canonical(b)
    if not (pa and pb) or pa[1:] != pb[1:] or pa[0] == pb[0]:
        return False
    stem = len(_common_prefix(pa[0], pb[0]))
    if len(pa[0]) == len(pb[0]) and pa[0][stem + 1:] == pb[0][stem + 1:] and stem < len(pa[0]) - 1:
        return False  # one character differs inside the stem (测住建罚 / 测住逮罚): a misread, not a series
    return stem >= min_stem and len(pa[0]) - stem <= max_suffix and len(pb[0]) - stem <= max_suffix


def same_series(a: str, b: str) -> bool:
    """Two different numbers of one series (same prefix): one matter never holds both as its own."""
    pa, pb = parse_canonical(a), parse_canonical(b)
    return bool(pa and pb) and pa[0] == pb[0] and pa[1:] != pb[1:]


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
