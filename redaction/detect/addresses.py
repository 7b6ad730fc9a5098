"""A natural person's street address: the value after an address label (住址, 家庭住址, 户籍地, 送达地址 …) or after
"，住" in a person's description, up to the end of its field: the next label, a ，。；, or the line's end, going on
to the next line when the address clearly continues there.

An organisation's registered address (住所/经营场所/注册地址 of a company) and the agency's address stay
(002 公示办法:5): 住所, 地址 and the contact labels count as a person's only outside an organisation's stretch
of the page.
"""
from __future__ import annotations

import re

from redaction.detect.labels import FIELD_WORD_RE, speaks_for_agency
from redaction.detect.people import LABEL_RE as PEOPLE_LABEL_RE
from redaction.detect.scan import Found, Scan
from redaction.kinds import Kind

PERSON_ADDRESS_LABELS = ("家庭住址", "家庭地址", "现住址", "现住所", "户籍地址", "户籍所在地", "户籍地", "经常居住地",
                         "居住地址", "居住地", "联系地址", "送达地址", "送达地点", "通讯地址", "通信地址", "暂住地", "住址", "住所地",
                         "住所", "地址", "现住", "家住", "居住于", "暂住")
# Places that are a business's or the facts', never a person's home: they stay.
KEPT_ADDRESS_LABELS = ("经营场所", "注册地址", "营业场所", "经营地址", "生产经营地址", "办公地址", "单位地址",
                       "公司地址", "企业住所", "检查地点", "询问地点", "听证地点", "案发地点", "地点")
# A label may be broken over a line end ("住\n址：…"): a line break may stand between any two of its characters.
_LABEL_RE = re.compile("|".join("\n?".join(label) for label in
                                sorted(PERSON_ADDRESS_LABELS + KEPT_ADDRESS_LABELS, key=len, reverse=True)))
# "张三，男，1990年3月7日出生，住测试市…": 住 opening a field.
# "群众张三（住测试市…）举报": the same in brackets after a person's name.
# Never 住宅/住户/住建 (a law's title broken over a line end: "《\n住宅室内装饰装修管理办法》").
_BARE_RE = re.compile(r"(?:^|(?<=[，,、；;\s（(]))住(?!\n?[所址宿院房在于宅户建])")
# "我住在…", "现居住在…", "户籍在…", "户口在…", "家在…": a verb of dwelling with 在/于 introduces a place wherever it stands, in an
# answer of a record as in a statement; the value must still read as a place (_PLACE) to count.
_DWELLS_RE = re.compile(r"(?:居住|暂住|住|户籍|户口|家)(?:在|于)")
# Words that end an address's field although no colon follows them.
_FIELD_END_WORDS = re.compile("电话|联系电话|手机|身份证|公民身份|邮编|邮政编码|职业|工作单位|性别|民族|出生|年龄|联系方式"
                              "|邮箱|法定代表人|负责人|统一社会信用代码|车牌|签名|签字|日期|时间|现场|经查|当事人")
_PUNCT_END = set("，,。；;")
# Any other label, where the scan shows a gap before it ("…1号  职业：无").
_GAP_LABEL = re.compile(r"(?<=\s)[\u4e00-\u9fffA-Za-z]{1,8}[：:]")
_PLACE = re.compile(r"[省市区县镇乡村路街道巷弄号组栋楼室屯院幢]")
_TERMINAL = tuple("号室户组村屯层楼栋幢院")
_CONTINUES = re.compile(r"^\s*(?:\d|[号栋楼室层幢组单元弄巷])")
# A line that goes on with a building inside the place above: a short name and a number with its unit
# ("…花坪大道38号" / "源岭小区26栋1单元1001室", "…村" / "3组").
_SUB_PLACE = re.compile(r"^\s*[\u4e00-\u9fff]{0,8}?[0-9一二三四五六七八九十]+\s*(?:栋|幢|单元|号楼|楼|室|层|号|组)")
_NOT_AN_ADDRESS = ("同上", "见上", "不详", "无", "不清楚", "拒绝提供", "拒绝")


def find(scan: Scan) -> list[Found]:
    out: list[Found] = []
    text = scan.text
    starts: list[int] = []
    for m in _LABEL_RE.finditer(text):
        if m.group().replace("\n", "") in KEPT_ADDRESS_LABELS:
            continue
        owner = scan.owner_kind(m.start())
        if owner in ("organisation", "officer"):
            continue  # 住所 of a company, 地址 of the agency
        if m.group().replace("\n", "") == "住所" and _organisations_seat(scan, m.start()):
            continue
        if speaks_for_agency(text, m.start(), scan.ctx.agency_names, scan.ctx.officer_names):
            continue
        start = _value_start(text, m.end())
        if m.group().endswith("住") and text[start:start + 1] in ("在", "于"):
            start += 1  # 现住在…, 暂住于…
        on_next_line = "\n" in text[m.end():start]
        first = text[start:_field_end_in_line(text, start)]
        if not _is_address(text[start:_value_end(text, start)].strip()) \
                or on_next_line and not _next_line_is_value(scan, m.start(), m.end(), start, first):
            # A form's label with its value in the cell below (送达地址 | 送达方式 over their values)
            below = _cell_below(scan, m.start(), m.end())
            if below is None or not _reads_as_value(text[below:_field_end_in_line(text, below)]) \
                    or _levels(text[below:_value_end(text, below)]) < 2:
                continue  # no value of its own (blacked out in a release the verification re-reads, or empty)
            start = below
        starts.append(start)
    for pattern in (_BARE_RE, _DWELLS_RE):
        for m in pattern.finditer(text):
            if scan.owner_kind(m.start()) not in ("organisation", "officer"):
                starts.append(m.end())
    spans: list[tuple[int, int]] = []
    for start in sorted(set(starts)):
        end = _value_end(text, start)
        if text[max(0, start - 2):start - 1] in ("（", "("):
            close = re.search(r"[）)]", text[start:end])
            end = start + close.start() if close else end  # the bracket opened before 住 closes the address
        if _is_address(text[start:end].strip()):
            spans.append((start, end))
    more = {span: _column_continuation(scan, *span) for span in spans}
    claimed = [m for m in more.values() if m is not None]
    for start, end in spans:
        # A line the address of the column beside took is not this one's continuation in reading order.
        own = more[(start, end)]
        cuts = [a for a, b in claimed if start < a < end and (a, b) != own]
        stop = text.rfind("\n", start, min(cuts)) if cuts else end
        if stop <= start:
            stop = end
        elif stop != end:
            own = _column_continuation(scan, start, stop)  # its own second line may stand below the one it lost
        refs = scan.page.lines.span_refs(start, stop)
        if own is not None:
            refs |= scan.page.lines.span_refs(*own)
        if refs:
            out.append(Found(Kind.address, refs))
    return out


_LOOK_DOWN_LINES = 3  # OCR lines of the other column read between a cell's two lines


def _column_continuation(scan: Scan, start: int, end: int) -> tuple[int, int] | None:
    """The second line of an address in a form's column, which OCR read after a line of the column beside it
    ("住址：测试市…花园" | "联系电话：…" | "3栋2单元101室"): the line just below the address's own line, starting
    where it starts (the cell's left edge), that goes on with a building or a number."""
    text, page = scan.text, scan.page
    if end < len(text) and text[end] != "\n":
        return None
    line_start = text.rfind("\n", 0, start) + 1
    first = next((r for r in page.lines.refs[line_start:end] if r is not None), None)
    if first is None:
        return None
    fx0, fy0, _, fy1 = page.words[first[0]]["box"]
    height = max(1, fy1 - fy0)
    pos = end
    for k in range(_LOOK_DOWN_LINES):
        if pos >= len(text):
            return None
        pos += 1
        nxt_end = text.find("\n", pos)
        nxt_end = len(text) if nxt_end < 0 else nxt_end
        ref = next((r for r in page.lines.refs[pos:nxt_end] if r is not None), None)
        if ref is not None:
            x0, y0, _, _ = page.words[ref[0]]["box"]
            if y0 - fy0 > 1.8 * height:
                return None
            if abs(x0 - fx0) <= 0.6 * height and 0.5 * height < y0 - fy0:
                if k == 0:
                    return None  # the next line in reading order: _value_end has taken it, or it is no part
                piece_end = _field_end_in_line(text, pos)
                piece = text[pos:piece_end]
                if ":" in piece or "：" in piece or not _SUB_PLACE.match(piece):
                    return None
                return pos, piece_end
        pos = nxt_end
    return None


# Labels of the person who stands for an organisation: a 住所 after them in the organisation's rows is its seat.
_REPRESENTATIVES = ("法定代表人", "法人代表", "负责人", "经营者", "投资人")
_SEAT_LINES = 10  # how far below its organisation's name a form prints the organisation's 住所


def _organisations_seat(scan: Scan, pos: int) -> bool:
    """Whether a 住所 is an organisation's registered seat (kept, 002 公示办法:5): the nearest subject a label
    introduced before it is an organisation, or that organisation's representative (a form lists the company,
    its legal representative and then the company's 住所), within the organisation's rows of the page.
    住址, 家庭住址 and the rest are a person's whoever stands before them."""
    before = [h for h in scan.hits if h.start < pos and h.kind in ("person", "organisation")]
    if not before:
        return False
    last = before[-1]
    if last.kind == "person":
        if not last.label.startswith(_REPRESENTATIVES) or len(before) < 2 or before[-2].kind != "organisation":
            return False
        last = before[-2]
    return scan.text.count("\n", last.start, pos) <= _SEAT_LINES


def repeated(scan: Scan, known: list[str]) -> list[Found]:
    """A person's address found on the document, wherever it stands again (a 检查地点 or 案发地点 that is the
    party's home, a line break anywhere in it): the same place is the same person's."""
    compact = scan.page.compact
    out: list[Found] = []
    for address in known:
        if len(address) < _REPEATED_MIN:
            continue
        start = compact.text.find(address)
        while start >= 0:
            out.append(Found(Kind.address, compact.span_refs(start, start + len(address))))
            start = compact.text.find(address, start + 1)
    return out


_REPEATED_MIN = 8  # a street and a number at least: 某市某路 alone is a street, not somebody's home


def _next_line_is_value(scan: Scan, label_start: int, label_end: int, start: int, first: str) -> bool:
    """Whether the line after a label that ends its own line holds the label's value: it reads as a place and is
    no label or question; and when the label stands alone on its line (a table's cell), it is the cell beside it
    on the same row. Under a label alone, what OCR reads next may be anything once the value is blacked out."""
    text = scan.text
    if not _reads_as_value(first):
        return False
    line_start = text.rfind("\n", 0, label_start) + 1
    if text[line_start:label_start].strip():
        return True  # the label ends a line of running text: its value wraps to the next line
    return scan.same_row(label_end, start) and _levels(first) >= 2


def _reads_as_value(first: str) -> bool:
    """What a line must look like to be taken as an address's first line: a place, no label, no question."""
    head = first.strip()
    return bool(_PLACE.search(first)) and not (_LABEL_RE.match(head) or FIELD_WORD_RE.match(head)
                                               or PEOPLE_LABEL_RE.match(head) or head.startswith(("问", "答"))
                                               or ":" in head or "：" in head)


# An address names at least two levels of place (县 and 镇, 路 and 号 …); one alone is a word that happens to hold
# such a character (城市管理局, 决定书文号). Asked of values found by layout alone (the cell beside or below).
_LEVEL = re.compile(r"省|自治区|市|区|县|旗|镇|乡|街道|村|社区|组|屯|路|街|大道|巷|弄|胡同|小区|花园|苑|\d+\s*号|栋|幢|单元|楼|室")


def _levels(value: str) -> int:
    return len({m.group() if not m.group()[0].isdigit() else "号" for m in _LEVEL.finditer(value)})


# A question names no place ("你住在仓库楼上多久了？").
_QUESTION = re.compile(r"[？?]|多久|多长时间|哪里|哪儿|什么")


def _is_address(value: str) -> bool:
    return len(value) >= 4 and value not in _NOT_AN_ADDRESS and _PLACE.search(value) is not None \
        and not _QUESTION.search(value)


def _cell_below(scan: Scan, start: int, end: int) -> int | None:
    """Where the value of a label printed above it starts: the first word of the nearest line below whose box
    lies under the label's (a form with its labels in one row and the values in the next)."""
    refs = scan.page.lines.span_refs(start, end)
    if not refs:
        return None
    words = scan.page.words
    boxes = [words[w]["box"] for w in {w for w, _ in refs}]
    lx0, ly0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    lx1, ly1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    height = max(1, ly1 - ly0)
    best: tuple[float, int] | None = None
    for wi, word in enumerate(words):
        x0, y0, x1, _ = word["box"]
        if y0 < ly1 - height * 0.3 or y0 > ly1 + height * 3.5:
            continue
        if min(x1, lx1) - max(x0, lx0) <= 0 and not lx0 - height <= x0 <= lx1:
            continue
        # the first word of its line segment: nothing of its own line just before it
        if wi > 0 and scan.page.line_of_word[wi - 1] == scan.page.line_of_word[wi] \
                and words[wi - 1]["box"][2] > lx0 - height:
            continue
        key = (y0, x0)
        if best is None or key < best[0]:
            best = (key, wi)
    if best is None:
        return None
    return scan.position_of((best[1], 0))


def _value_start(text: str, pos: int) -> int:
    """The value after a label: past its colon, and on the next line when the label ends its line (a table
    whose cells OCR reads as lines of their own, "住址" | "测试市…")."""
    while pos < len(text) and text[pos] in " :：":
        pos += 1
    if pos < len(text) and text[pos] == "\n":
        pos += 1
        while pos < len(text) and text[pos] in " :：":
            pos += 1
    return pos


def _field_end_in_line(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] != "\n" and text[end] not in _PUNCT_END:
        end += 1
    stop = end
    for pattern in (_GAP_LABEL, _FIELD_END_WORDS):
        m = pattern.search(text, start + 1, stop)
        if m:
            stop = min(stop, m.start())
    return stop


def _value_end(text: str, start: int) -> int:
    """Where an address starting at `start` ends: the end of its field, or of its continuation on the following
    lines when it ran to its line's end (a wrapped paragraph, a table cell of two lines)."""
    end = _field_end_in_line(text, start)
    value = text[start:end].rstrip()
    while end < len(text) and text[end] == "\n" and value:
        nxt = end + 1
        line_end = text.find("\n", nxt)
        line = text[nxt:line_end if line_end >= 0 else len(text)]
        head = line.strip()
        if not head or _FIELD_END_WORDS.match(head) or _LABEL_RE.match(head) or FIELD_WORD_RE.match(head) \
                or head.startswith(("问", "答")):
            break
        piece_end = _field_end_in_line(text, nxt)
        piece = text[nxt:piece_end].rstrip()
        # The next line's own field, up to its first ，/label: a continuation holds no label of its own
        # ("室，联系电话：…" continues with 室; "工作单位：无" does not continue at all).
        if not piece.strip() or ":" in piece or "：" in piece or _GAP_LABEL.match(" " + piece):
            break
        if value.endswith(_TERMINAL) and not _CONTINUES.match(line) and not _SUB_PLACE.match(piece):
            break
        end = piece_end
        value = piece
        if end < len(text) and text[end] != "\n":
            break
    while end > start and text[end - 1] == " ":
        end -= 1
    return end
