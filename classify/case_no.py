"""Case and document numbers (案号 / 文号) in every common style, reduced to one canonical form.

测住建罚〔2024〕第0123号, 测住建罚[2024]123号, 测住建罚（2024）123号 and
(2024)测住建罚123号 are one number: canonically 测住建罚〔2024〕123号 —
the prefix, the year in 〔〕, the serial without 第 or leading zeros, 号.

Styles read (GB/T 9704 puts the year in 〔〕; agencies write it as []/()/（）/【】 too):
- a 字 after the kind (某市监处字〔2024〕第15号, 某公行受字[2023]00045号); 字 stays in the prefix;
- a sub-unit in parentheses inside the stem (某公(某)行罚决字[2023]0112号 — a public-security
  bureau's 分局/派出所); canonically in full-width （）: 某公（某）行罚决字〔2023〕112号;
- a hyphenated serial (某综执罚〔2024〕3-12号), each part without leading zeros;
- a year and serial joined by a dash, without brackets (某环罚2024-072号), as case-management systems print;
- OCR damage: a bracket read as 1/l/I/|, 〔 read as C, 号 read as 弓/写/丐, a lost bracket or 号,
  full-width digits; a number broken over a line end.
Digits misread as letters (O, l) are settled by the format; a missing bracket or 号 lowers the
confidence instead of failing the match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from classify.ids import DIGIT_LOOKALIKES

_DIGITISH = "0-9OoDlIi|Zz"
_OPEN = r"〔\[(\{<〈「『【"
_CLOSE = r"〕\])\}>〉」』】"
_CJK = r"\u4e00-\u9fff"
# The agency's stem, a sub-unit in parentheses (公(某) — 1 to 4 characters, never digits, so it is
# never the year's bracket), then the series word and 字.
_PREFIX = rf"[{_CJK}A-Za-z]{{1,14}}?(?:[(（][{_CJK}]{{1,4}}[)）][{_CJK}]{{0,10}}?)?"
_YEAR = rf"(?:19|20|2O|2o|l9|I9)[{_DIGITISH}]{{2}}"
# OCR reads a bracket beside digits as 1, l, I or |, and 〔 as C or c; the format settles it when
# the rest of the number is there.
_BRACKET_AS_ONE = r"[1lI|]"
_OPEN_LOOKALIKE = rf"(?:{_BRACKET_AS_ONE}|[Cc])"
_SERIAL = rf"[{_DIGITISH}]{{1,8}}(?:\s*[-‐–—]\s*[{_DIGITISH}]{{1,6}})?"
# 号 is read as 弓, 写 or 丐 on a poor scan.
_HAO = r"号|[弓写丐]"
# prefix [bracket] year [bracket] [第] serial 号 — brackets and 号 may be lost to OCR.
# OCR reads a speck before the bracket as a colon or a dot (某罚告:〔2023〕19号); only before a real bracket.
_SPECK = rf"(?P<speck>[:：.·,，](?=\s*[{_OPEN}]))?"
_PREFIX_FIRST = re.compile(
    rf"(?P<prefix>{_PREFIX})\s*{_SPECK}\s*"
    rf"(?P<open>[{_OPEN}]|{_OPEN_LOOKALIKE}(?={_YEAR}\s*(?:[{_CLOSE}]|{_BRACKET_AS_ONE}(?=第?\s*[{_DIGITISH}]{{1,8}}\s*号))))?"
    rf"\s*(?P<year>{_YEAR})\s*"
    rf"(?P<close>[{_CLOSE}]|(?(open){_BRACKET_AS_ONE}(?=第?\s*[{_DIGITISH}])|(?!)))?"
    rf"\s*(?P<di>第)?\s*(?P<serial>{_SERIAL})\s*(?P<hao>{_HAO})?")
_YEAR_FIRST = re.compile(
    rf"(?P<open>[{_OPEN}])\s*(?P<year>(?:19|20)[{_DIGITISH}]{{2}})\s*(?P<close>[{_CLOSE}])\s*"
    rf"(?P<prefix>{_PREFIX})(?P<di>第)?\s*(?P<serial>{_SERIAL})\s*(?P<hao>{_HAO})")
# An agency's case-management system may print the year and the serial joined by a dash, no brackets:
# 某环罚2024-072号 (canonically 某环罚〔2024〕72号). 号 is required: a dash between digits is too common.
_YEAR_DASH = re.compile(
    rf"(?P<prefix>{_PREFIX})(?P<open>)(?<![0-9])(?P<year>(?:19|20)\d{{2}})(?P<close>)\s*[-‐–—]\s*(?P<di>第)?"
    rf"(?P<serial>\d{{1,8}})\s*(?P<hao>号)")
# Characters that end a sentence fragment before a number quoted in running text, and those that end a
# document's name written before its number (送达文书：行政处罚决定书某罚字〔2024〕5号, 《…告知书》某罚告〔2024〕5号):
# no agency's stem holds 书 or a title mark.
_FUNCTION_CHARS = set("的于在对是为就及和与将把被向由经按依据以从至到了") | set("书《》")
# An agency naming itself before its own number in prose (以本局某罚告〔2024〕12号…, 经我委某立〔2024〕3号…).
_SELF_REFERENCE = re.compile(r"^(?:本|我)(?:机关|单位|部门|分局|大队|支队|中队|局|委|厅|所|队|院|办|站|署)")
# Verbs that quote a document by its number in running text ("作出某罚决〔2024〕57号决定书").
_VERB_BEFORE_NUMBER = re.compile(r".*(?:作出|下达|送达|出具|签发|印发|发出|制发|制作)")
_LABEL_PREFIXES = ("立案编号", "案件编号", "案号", "文号", "编号")
# Words that are not case numbers though they fit the pattern (dates, page footers).
_NOT_A_PREFIX = re.compile(r"(年|月|日|时|分|页|共|条|款|项|元|第|至)$")
# Full-width digits, letters and brackets read as their half-width forms, one character for one (so
# positions stay those of the text as given).
_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "（": "(", "）": ")", "［": "[", "］": "]",
                        "－": "-", "　": " "})


@dataclass(frozen=True)
class CaseNumber:
    raw: str
    canonical: str
    prefix: str
    year: int
    serial: str  # "12", or "3-12" for a hyphenated serial; without leading zeros
    start: int
    end: int
    confidence: float
    problems: tuple[str, ...] = ()


def canonical_case_no(prefix: str, year: int, serial: int | str) -> str:
    return f"{prefix}〔{year}〕{serial}号"


def _canonical_prefix(prefix: str) -> str:
    """A sub-unit's parentheses in full width, as GB/T 9704 documents print them: 某公（某）行罚决字."""
    return prefix.replace("(", "（").replace(")", "）")


def _clean_prefix(prefix: str) -> tuple[str, bool]:
    """Strip label words and the running text before a quoted number; True if text was cut."""
    for label in _LABEL_PREFIXES:
        if prefix.startswith(label):
            prefix = prefix[len(label):]
    cut = False
    verb = _VERB_BEFORE_NUMBER.search(prefix)
    if verb and verb.end() < len(prefix):  # 于2024年4月20日作出某罚决〔2024〕57号: the number starts after the verb
        prefix, cut = prefix[verb.end():], True
    for i in range(len(prefix) - 1, -1, -1):
        if prefix[i] in _FUNCTION_CHARS and i < len(prefix) - 1:
            prefix, cut = prefix[i + 1:], True
            break
    self_reference = _SELF_REFERENCE.match(prefix)
    if self_reference and self_reference.end() < len(prefix):
        prefix, cut = prefix[self_reference.end():], True
    if prefix[:1] in "(（" or prefix.count("(") + prefix.count("（") != prefix.count(")") + prefix.count("）"):
        return "", cut  # a cut inside the sub-unit's parentheses: not a number's beginning
    return prefix, cut


def _digits(s: str) -> tuple[str, bool]:
    fixed = s.translate(DIGIT_LOOKALIKES)
    return fixed, fixed != s


def _serial(raw: str) -> tuple[str, bool] | None:
    """The serial without leading zeros ("0012" -> "12", "03-012" -> "3-12"), and whether digits were repaired."""
    fixed, repaired = _digits(raw)
    parts = re.split(r"\s*[-‐–—]\s*", fixed)
    if not all(p.isdigit() for p in parts) or int(parts[0]) == 0:
        return None
    return "-".join(str(int(p)) for p in parts), repaired


def _reading(m: re.Match[str], year_first: bool) -> CaseNumber | None:
    prefix, cut = _clean_prefix(m.group("prefix") or "")
    if not prefix or _NOT_A_PREFIX.search(prefix) or not re.search(rf"[{_CJK}]", prefix):
        return None
    year_s, year_fixed = _digits(m.group("year"))
    serial = _serial(m.group("serial"))
    if not year_s.isdigit() or serial is None:
        return None
    serial_s, serial_fixed = serial
    year = int(year_s)
    if not 1990 <= year <= 2099:
        return None
    has_open, has_close, hao = bool(m.group("open")), bool(m.group("close")), m.group("hao") or ""
    if not (has_open or has_close) and not hao:
        return None  # "罚2024123" is too weak to be a number
    problems = []
    confidence = 0.97
    if (m.group("open") or "〔") in "1lI|Cc" or (m.group("close") or "〕") in "1lI|":
        problems.append("bracket_repaired")
        confidence -= 0.1
    if year_fixed or serial_fixed:
        problems.append("ocr_digits_repaired")
        confidence -= 0.07
    if not (has_open and has_close) and m.re is not _YEAR_DASH:
        problems.append("bracket_missing")
        confidence -= 0.12
    if not hao:
        problems.append("hao_missing")
        confidence -= 0.12
    elif hao != "号":
        problems.append("hao_repaired")
        confidence -= 0.05
    if cut:
        confidence -= 0.05
    if m.groupdict().get("speck"):
        problems.append("speck_before_bracket")
        confidence -= 0.05
    if len(prefix) == 1:
        problems.append("short_prefix")
        confidence -= 0.2
    start = m.start("prefix") + (len(m.group("prefix") or "") - len(prefix)) if not year_first else m.start()
    return CaseNumber(m.string[start:m.end()].strip(), canonical_case_no(_canonical_prefix(prefix), year, serial_s),
                      _canonical_prefix(prefix), year, serial_s, start, m.end(), round(confidence, 2),
                      tuple(problems))


_PATTERNS = ((_YEAR_FIRST, True), (_PREFIX_FIRST, False), (_YEAR_DASH, False))
# Characters of the document-kind words that follow an agency's stem (立, 罚告, 行罚决字 …): a line
# that begins with only these continues a number broken at the end of the line before.
_KIND_CHARS = frozenset("立案受罚告决听证催送达执处行强检查登记保存先封扣撤结审核复字治当简不予责改")
_LINE_TAIL, _LINE_HEAD = 24, 40


def _in_text(text: str) -> list[CaseNumber]:
    found: list[CaseNumber] = []
    for pattern, year_first in _PATTERNS:
        for m in pattern.finditer(text):
            reading = _reading(m, year_first)
            if reading and not any(r.start < reading.end and reading.start < r.end for r in found):
                found.append(reading)
    return found


def _across_line_ends(text: str) -> list[CaseNumber]:
    """Numbers broken by a line end (某公(某)行罚 / 决字[2023]0112号, 某住建罚〔20 / 23〕12号), with positions in `text`.

    Only a reading that ends in 号 counts, and a break inside the prefix only when the second line
    starts with series characters (决字) or the sub-unit: a title line (行政处罚决定书) above a number
    is not part of it.
    """
    out: list[CaseNumber] = []
    for i in (i for i, ch in enumerate(text) if ch == "\n"):
        begin = max(text.rfind("\n", 0, i) + 1, i - _LINE_TAIL)
        next_end = text.find("\n", i + 1)
        end = min(len(text) if next_end < 0 else next_end, i + 1 + _LINE_HEAD)
        window, junction = text[begin:i] + text[i + 1:end], i - begin
        for pattern, year_first in _PATTERNS:
            for m in pattern.finditer(window):
                reading = _reading(m, year_first)
                if reading is None or not m.group("hao") or not reading.start < junction < reading.end:
                    continue
                if not year_first and junction < m.end("prefix"):
                    second = window[junction:m.end("prefix")]
                    if not (second[:1] in "(（" or set(second) <= _KIND_CHARS):
                        continue

                def at(p: int) -> int:
                    return begin + p + (1 if p >= junction else 0)
                out.append(CaseNumber(reading.raw, reading.canonical, reading.prefix, reading.year, reading.serial,
                                      at(reading.start), at(reading.end - 1) + 1, reading.confidence,
                                      reading.problems))
    return out


# A form's cell too narrow for a number wraps it: 某城管（东）罚决字（2025） on one line, 第33号 on a line of
# its own a few lines below, the next column's cells (决定日期 / 2025.04.04) read in between.
_CELL_HEAD = re.compile(rf"(?P<prefix>{_PREFIX})\s*(?P<open>[{_OPEN}])\s*(?P<year>(?:19|20)\d{{2}})\s*(?P<close>[{_CLOSE}])\s*$")
_CELL_TAIL = re.compile(rf"^\s*(?P<di>第)?\s*(?P<serial>\d{{1,8}})\s*(?P<hao>号)\s*$")
_CELL_LINES = 4


def _wrapped_in_cells(text: str) -> list[CaseNumber]:
    """Numbers whose serial (第33号) stands alone on one of the next lines after a line ending in prefix and year."""
    lines, out, pos = text.split("\n"), [], 0
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    for i, line in enumerate(lines):
        head = _CELL_HEAD.search(line)
        if head is None:
            continue
        for j in range(i + 1, min(len(lines), i + 1 + _CELL_LINES)):
            tail = _CELL_TAIL.match(lines[j])
            if tail is None:
                continue
            joined = f"{head.group(0)}{tail.group(0).strip()}"
            m = _PREFIX_FIRST.search(joined)
            reading = _reading(m, False) if m else None
            if reading is not None:
                start = starts[i] + head.start() + reading.start
                out.append(CaseNumber(reading.raw, reading.canonical, reading.prefix, reading.year, reading.serial,
                                      start, starts[j] + len(lines[j].rstrip()), round(reading.confidence - 0.05, 2),
                                      reading.problems + ("wrapped_in_cell",)))
            break
    return out


def find_case_numbers(text: str) -> list[CaseNumber]:
    """Every case or document number in `text`, in order of appearance, overlaps removed."""
    text = text.translate(_WIDTH)
    found = _in_text(text)
    for wrapped in _wrapped_in_cells(text):
        if not any(r.start < wrapped.end and wrapped.start < r.end for r in found):
            found.append(wrapped)
    for crossing in _across_line_ends(text):
        inside = [r for r in found if r.start < crossing.end and crossing.start < r.end]
        if all(crossing.start <= r.start and r.end <= crossing.end for r in inside):
            found = [r for r in found if r not in inside] + [crossing]
    return sorted(found, key=lambda r: r.start)


def normalise_case_no(value: str) -> str | None:
    """The canonical form of a case number typed or corrected by a person, or None if it is not one."""
    from records.text import normalise_text

    found = find_case_numbers(normalise_text(value))
    return found[0].canonical if len(found) == 1 else None


# Digits OCR confuses in a year (2023 read as 2028): a misread year stays near its number.
_CONFUSABLE_DIGITS = frozenset(map(frozenset, ("38", "36", "68", "08", "06", "09", "17", "35", "56", "89", "14")))


def same_case_fuzzy(a: str, b: str, this_year: int | None = None) -> bool:
    """Canonical numbers that differ only by one misread character: of the prefix (测市监 / 测市蓝), or of
    the year when the other reading is a year still to come (〔2028〕 for 〔2023〕: no number of a later
    year exists yet; two real years 2023 / 2024 are two matters)."""
    pa, pb = parse_canonical(a), parse_canonical(b)
    if not (pa and pb):
        return False
    if pa[0] == pb[0] and pa[2] == pb[2] and pa[1] != pb[1]:
        import datetime as dt

        now = this_year or dt.date.today().year
        ya, yb = str(pa[1]), str(pb[1])
        diff = [frozenset((x, y)) for x, y in zip(ya, yb) if x != y]
        return len(diff) == 1 and diff[0] in _CONFUSABLE_DIGITS and max(pa[1], pb[1]) > now
    if pa[1:] != pb[1:] or serial_variant(a, b):  # 罚告 / 罚决: two series of one matter, not a misread
        return False
    x, y = pa[0], pb[0]
    diff = [i for i, (p, q) in enumerate(zip(x, y)) if p != q]
    if len(x) != len(y) or len(x) < 3 or len(diff) != 1:
        return False
    # A sub-unit is one character long (公（东） / 公（西）): two stations, not a misread.
    return not (x.find("（") < diff[0] < x.find("）") or y.find("（") < diff[0] < y.find("）"))


_CANONICAL = re.compile(r"(.+)〔(\d{4})〕(\d+(?:-\d+)?)号")


def parse_canonical(number: str) -> tuple[str, int, str] | None:
    """(prefix, year, serial) of a canonical number, or None."""
    m = _CANONICAL.fullmatch(number)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else None


# The document-kind words agencies put after their stem, one series each (立案号 立, 先行登记保存 登/先登/保,
# 事先告知 告/罚告/先告, 听证告知 听/听告, 决定 决/罚决/罚字, 催告 催, 送达 送, 强制执行 执/强, 结案 结,
# public security's 行受 (受案), 行立, 行罚告, 行罚决, 快行罚决 …). "" is the agency's plain series (某罚〔2023〕12号
# beside 某罚告〔2023〕12号). Two numbers of one serial are one matter's only when their prefixes differ
# in these words alone — never in any other character (测住建 / 测住逮 is a misread, 某公 / 某交 two agencies).
KIND_INFIXES = frozenset({
    "", "立", "立案", "案", "受", "受案", "罚", "罚告", "罚决", "罚听", "罚字", "告", "先告", "告知", "听", "听告", "听证",
    "决", "决定", "处", "处罚", "处告", "处决", "催", "催告", "执催", "送", "送达", "执", "强", "强执", "登", "登记", "先登",
    "保", "先保", "封", "扣", "封扣", "查封", "检", "查", "调", "询", "结", "结案", "撤", "审", "核", "复", "复核", "不罚",
    "责改", "改", "行", "行受", "行立", "行罚", "行罚告", "行罚决", "行罚听", "行告", "行决", "行处", "治", "治决",
    "当", "当罚", "简", "简罚",
})


def serial_variant(a: str, b: str, min_stem: int = 2, max_suffix: int = 3,
                   kinds: frozenset[str] = KIND_INFIXES) -> bool:
    """Numbers of one matter from two series of one agency: 某立〔2023〕12号 / 某罚告〔2023〕12号 / 某罚决〔2023〕12号,
    某公（某）行罚告字〔2023〕112号 / 某公（某）行罚决字〔2023〕112号.

    Same year and serial; the prefixes share a stem of at least `min_stem` characters (the agency's
    abbreviation, with its sub-unit) and a tail (字), and differ only in document-kind words (`kinds`,
    at most `max_suffix` characters each). The prefixes must differ: the same prefix with the same
    serial is the same number, and a misread character in the stem is `same_case_fuzzy`'s business.
    """
    pa, pb = parse_canonical(a), parse_canonical(b)
    if not (pa and pb) or pa[1:] != pb[1:] or pa[0] == pb[0]:
        return False
    x, y = pa[0], pb[0]
    shared = len(_common_prefix(x, y))
    for stem in range(shared, min_stem - 1, -1):
        tail = 0
        while tail < min(len(x), len(y)) - stem and x[-1 - tail] == y[-1 - tail]:
            tail += 1
        for t in range(tail, -1, -1):  # the tail may hold kind characters too (罚决字 / 罚告字)
            mid_x, mid_y = x[stem:len(x) - t], y[stem:len(y) - t]
            if (mid_x != mid_y and mid_x in kinds and mid_y in kinds
                    and len(mid_x) <= max_suffix and len(mid_y) <= max_suffix):
                return True
    return False


def other_series_of_agency(a: str, b: str, min_stem: int = 2, max_suffix: int = 3,
                           kinds: frozenset[str] = KIND_INFIXES) -> bool:
    """Numbers of two series of one agency, whatever their serials: 某水立〔2024〕7号 / 某水罚决〔2024〕15号.

    A form that prints both (a 结案报告's 案号 and 处罚决定书文号, a 送达回证's 案号 and 文书文号) names two
    numbers of its one matter; two numbers of one series, or of two agencies, are a conflict instead.
    """
    pa, pb = parse_canonical(a), parse_canonical(b)
    if not (pa and pb) or pa[0] == pb[0]:
        return False
    return serial_variant(canonical_case_no(pa[0], pa[1], pa[2]), canonical_case_no(pb[0], pa[1], pa[2]),
                          min_stem, max_suffix, kinds)


def same_series(a: str, b: str) -> bool:
    """Two different numbers of one series (same prefix): one matter never holds both as its own."""
    pa, pb = parse_canonical(a), parse_canonical(b)
    return bool(pa and pb) and pa[0] == pb[0] and pa[1:] != pb[1:]


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
