"""A document's text as the extractors read it, and the way back from any character to its box on the scan.

Pages are rebuilt from their OCR words (normalised one character at a time,
as records.text does for whole pages), so that every character remembers the
word it came from. Extractors work on a `View` of the text in which form
layout is undone: lines wrapped at the right margin are joined, and a table
cell that holds only a label ("送达人") is joined to the cell after it with a
colon. Every position in a view maps back to the document text, and from
there to a page and a pixel box.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from classify.reading_order import OcrLine, reading_order
from records.text import normalise_text

Box = tuple[int, int, int, int]

_TERMINAL = set("。；;:：！？!?")


@lru_cache(maxsize=4096)
def _norm_char(ch: str) -> str:
    return normalise_text(ch) if ch.strip() else ""


def _wide(ch: str) -> bool:
    return ch >= "\u2e80"


def _gap(left: str, right: str, prev_word: dict[str, Any], word: dict[str, Any]) -> str:
    """What separates two words of a line: a tab between table cells (a gap wider than a character and a
    half), a space between Latin words or numbers that a visible gap parts, else nothing (CJK joins)."""
    a, b = _word_box(prev_word), _word_box(word)
    if a is None or b is None:
        return " " if _latin(left) and _latin(right) else ""
    gap, height = b[0] - a[2], max(a[3] - a[1], b[3] - b[1])
    if gap > 1.5 * height:
        return "\t"
    if _latin(left) and _latin(right) and gap > 0.35 * height:
        return " "
    return ""


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass
class Line:
    start: int  # offsets in DocText.text
    end: int
    page_index: int
    x0: float | None = None
    x1: float | None = None
    row: int | None = None  # the table row of its page it is a cell of (classify.reading_order)


@dataclass
class PageText:
    page_no: int
    text: str
    origins: list[int]  # per character: index of its word in `words`, or -1
    words: Sequence[dict[str, Any]]
    # start, end (page offsets), x0, x1, and the table row the line is a cell of (None without boxes)
    lines: list[tuple[int, int, float | None, float | None, int | None]]


def _word_box(word: dict[str, Any]) -> Box | None:
    try:
        x0, y0, x1, y1 = (int(round(float(v))) for v in word["box"])
    except (KeyError, TypeError, ValueError):
        return None
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def page_from_words(page_no: int, words: Sequence[dict[str, Any]], fallback_text: str = "") -> PageText:
    """The page's normalised text rebuilt from its words; falls back to `fallback_text` without words."""
    if not words:
        return _page_from_text(page_no, normalise_text(fallback_text))
    by_line: dict[Any, list[int]] = {}
    for i, w in enumerate(words):
        by_line.setdefault(w.get("line", f"w{i}"), []).append(i)
    chars: list[str] = []
    origins: list[int] = []
    lines = []
    for row, indices in _in_reading_order(words, by_line):
        if chars:
            chars.append("\n")
            origins.append(-1)
        start = len(chars)
        boxes = [b for b in (_word_box(words[i]) for i in indices) if b]
        previous = None
        for w_idx in indices:
            for c_idx, ch in enumerate(str(words[w_idx].get("text", ""))):
                for n in _norm_char(ch):
                    if c_idx == 0 and len(chars) > start:
                        gap = _gap(chars[-1], n, words[previous], words[w_idx])
                        if gap:
                            chars.append(gap)
                            origins.append(-1)
                    chars.append(n)
                    origins.append(w_idx)
            previous = w_idx
        if len(chars) == start:  # an empty line: drop its separator
            if chars:
                chars.pop()
                origins.pop()
            continue
        x0 = min(b[0] for b in boxes) if boxes else None
        x1 = max(b[2] for b in boxes) if boxes else None
        lines.append((start, len(chars), x0, x1, row))
    return PageText(page_no, "".join(chars), origins, words, lines)


def _in_reading_order(words: Sequence[dict[str, Any]],
                      by_line: dict[Any, list[int]]) -> list[tuple[int | None, list[int]]]:
    """(row, word indices) of each text line, with the lines of a table row put in reading order
    (classify.reading_order); OCR lines a cell wrapped become one text line."""
    ocr_lines = []
    for key, indices in by_line.items():
        boxes = [b for b in (_word_box(words[i]) for i in indices) if b]
        if not boxes:
            return [(None, indices) for indices in by_line.values()]
        ocr_lines.append(OcrLine(key, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                       max(b[2] for b in boxes), max(b[3] for b in boxes)),
                                 "".join(str(words[i].get("text", "")) for i in indices)))
    return [(row, [i for key in group for i in by_line[key]]) for row, group in reading_order(ocr_lines)]


def _page_from_text(page_no: int, text: str) -> PageText:
    lines, pos = [], 0
    for part in text.split("\n"):
        lines.append((pos, pos + len(part), None, None, None))
        pos += len(part) + 1
    return PageText(page_no, text, [-1] * len(text), [], lines)


@dataclass
class DocText:
    """The pages of one document joined by newlines, with the map back to pages and boxes."""

    pages: list[PageText]
    text: str = ""
    page_starts: list[int] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    @classmethod
    def from_pages(cls, pages: Iterable[PageText]) -> DocText:
        doc = cls(list(pages))
        parts, pos = [], 0
        for idx, page in enumerate(doc.pages):
            doc.page_starts.append(pos)
            parts.append(page.text)
            for start, end, x0, x1, row in page.lines:
                doc.lines.append(Line(pos + start, pos + end, idx, x0, x1, row))
            pos += len(page.text) + 1
        doc.text = "\n".join(parts)
        return doc

    @classmethod
    def from_strings(cls, pages: Sequence[str]) -> DocText:
        """A document from plain page texts (no boxes): for tests and text-only input.

        Tabs separate table cells and are kept (normalise_text would drop them beside CJK).
        """
        def norm(page: str) -> str:
            return "\n".join("\t".join(normalise_text(cell) for cell in line.split("\t"))
                             for line in page.split("\n") if line.strip())

        return cls.from_pages(_page_from_text(n, norm(t)) for n, t in enumerate(pages, 1))

    def page_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.page_starts, offset) - 1)

    def locate(self, start: int, end: int) -> tuple[int | None, list[Box]]:
        """Page number and word boxes (narrowed to the characters) of text[start:end]."""
        if start < 0 or end <= start or not self.pages:
            return None, []
        idx = self.page_index(start)
        page = self.pages[idx]
        base = self.page_starts[idx]
        lo, hi = start - base, min(end - base, len(page.text))
        by_word: dict[int, list[int]] = {}
        for pos in range(lo, hi):
            w = page.origins[pos] if pos < len(page.origins) else -1
            if w >= 0:
                by_word.setdefault(w, []).append(pos)
        boxes = []
        for w_idx, positions in by_word.items():
            box = _word_box(page.words[w_idx])
            if box is None:
                continue
            word_positions = [p for p, o in enumerate(page.origins) if o == w_idx]
            boxes.append(_narrow(box, len(word_positions), word_positions.index(positions[0]),
                                 word_positions.index(positions[-1]) + 1))
        return page.page_no, _merge_on_lines(boxes)

    def view(self, label_only: re.Pattern[str] | None = None, label_tail: re.Pattern[str] | None = None) -> View:
        return build_view(self, label_only, label_tail)


def _narrow(box: Box, length: int, first: int, end: int) -> Box:
    """The part of a word's box that holds characters first..end, along its longer side."""
    if length <= 1 or (first == 0 and end >= length):
        return box
    x0, y0, x1, y1 = box
    if x1 - x0 >= y1 - y0:
        step = (x1 - x0) / length
        return (round(x0 + step * first), y0, round(x0 + step * end), y1)
    step = (y1 - y0) / length
    return (x0, round(y0 + step * first), x1, round(y0 + step * end))


def _merge_on_lines(boxes: list[Box]) -> list[Box]:
    """Adjacent character boxes on one line become one box, so a value is one rectangle per line."""
    merged: list[Box] = []
    for b in sorted(boxes, key=lambda b: (b[1] // 8, b[0])):
        if merged:
            m = merged[-1]
            h = max(m[3] - m[1], b[3] - b[1])
            if abs(m[1] - b[1]) < h * 0.6 and b[0] - m[2] < h * 1.5:
                merged[-1] = (min(m[0], b[0]), min(m[1], b[1]), max(m[2], b[2]), max(m[3], b[3]))
                continue
        merged.append(b)
    return merged


@dataclass
class View:
    """Text derived from a DocText by joining lines; `doc_offset` maps a view position back."""

    doc: DocText
    text: str
    _view_starts: list[int]
    _doc_starts: list[int]

    def doc_offset(self, pos: int) -> int:
        i = max(0, bisect.bisect_right(self._view_starts, pos) - 1)
        return self._doc_starts[i] + (pos - self._view_starts[i])

    def doc_span(self, start: int, end: int) -> tuple[int, int]:
        return self.doc_offset(start), self.doc_offset(max(start, end - 1)) + 1

    def locate(self, start: int, end: int) -> tuple[int | None, list[Box]]:
        return self.doc.locate(*self.doc_span(start, end))


def _is_wrapped(line: Line, nxt: Line, page_right: float | None, page_width: float, text: str) -> bool:
    """A line that runs to the right margin and does not end a sentence continues on the next line, unless the
    next line starts far to the left of it: then the line was the last cell of a table row (送达人 | 甲(证号) |
    乙(证号)), and the next line opens the next row. A paragraph's indent is far less than that."""
    if line.x1 is None or page_right is None or line.end <= line.start:
        return False
    if line.x0 is not None and nxt.x0 is not None and nxt.x0 < line.x0 - page_width * 0.12:
        return False
    return page_right - line.x1 <= page_width * 0.03 and text[line.end - 1] not in _TERMINAL


# A piece of a label a table cell wrapped: a few characters alone on their line (当事人名 | 称, 统一社会信用 | 代码).
_LABEL_PIECE = re.compile(r"[\u4e00-\u9fff()]{1,8}")
SPLIT_LABEL_REACH = 4  # value lines OCR may put between a label's two halves (the cells beside them)
SPLIT_LABEL_HEADS = 3  # labels of one table row wrapped side by side (统一社会信用 | 法定代表 … 代码 | 人)


def _split_labels(doc: DocText, label_only: re.Pattern[str]) -> tuple[list[int], dict[int, str]]:
    """The reading order of the lines with the halves of wrapped label cells put back together.

    A table cell too narrow for its label wraps it over two lines, and OCR reads the row's value cell, which
    stands between them, in between: "当事人名 / 某某有限公司 / 称". With two such cells in a row the halves
    interleave: "统一社会信用 / 法定代表 / 9133… / 张三 / 代码 / 人". The label's halves are joined again and
    its value follows it (in order, one value line to each label when a row held several), so the form
    reads "当事人名称:某某有限公司". Returns the lines' order and the joiner forced after a line."""
    lines = doc.lines
    texts = [doc.text[ln.start:ln.end].strip() for ln in lines]
    order: list[int] = []
    forced: dict[int, str] = {}
    used: set[int] = set()

    def piece(i: int) -> bool:
        return i < len(lines) and bool(_LABEL_PIECE.fullmatch(texts[i])) and not label_only.fullmatch(texts[i])

    i = 0
    while i < len(lines):
        if i in used:
            i += 1
            continue
        group = None
        heads = 0
        while heads < SPLIT_LABEL_HEADS and piece(i + heads) and lines[i + heads].page_index == lines[i].page_index:
            heads += 1
        for n in range(heads, 0, -1):
            for first_tail in range(i + n + 1, min(i + n + 1 + SPLIT_LABEL_REACH, len(lines) - n + 1)):
                tails = list(range(first_tail, first_tail + n))
                if any(lines[t].page_index != lines[i].page_index for t in tails):
                    break
                if all(len(texts[t]) <= 4 and label_only.fullmatch(texts[i + k] + texts[t])
                       for k, t in enumerate(tails)):
                    values = list(range(i + n, first_tail))
                    if n == 1 or len(values) == n:
                        group = (n, tails, values)
                    break
            if group:
                break
        if group is None:
            order.append(i)
            used.add(i)
            i += 1
            continue
        n, tails, values = group
        for k in range(n):
            mine = values if n == 1 else [values[k]]
            order += [i + k, tails[k]] + mine
            forced[i + k] = ""
            forced[tails[k]] = ":" if mine else "\n"
            if mine:
                forced[mine[-1]] = "\n"
        used.update(range(i, tails[-1] + 1))
        i = tails[-1] + 1
    return order, forced


def _header_rows(doc: DocText, order: list[int], forced: dict[int, str],
                 label_only: re.Pattern[str]) -> list[int]:
    """A table's header row of labels over a row of as many values, cell under cell (单位名称 | 统一社会信用代码
    over 某某有限公司 | 9133…): each label is read with the value under it. Returns the new order; `forced` gets
    the joiners."""
    def text(i: int) -> str:
        return doc.text[doc.lines[i].start:doc.lines[i].end].strip()

    def under(a: Line, b: Line) -> bool:
        return None not in (a.x0, a.x1, b.x0, b.x1) and min(a.x1, b.x1) > max(a.x0, b.x0)

    runs: list[tuple[tuple[int, int] | None, list[int]]] = []
    for i in order:
        ln = doc.lines[i]
        key = (ln.page_index, ln.row) if ln.row is not None and i not in forced else None
        if runs and key is not None and runs[-1][0] == key:
            runs[-1][1].append(i)
        else:
            runs.append((key, [i]))
    def row_under(k: int, header: list[int]) -> bool:
        values = runs[k][1] if k < len(runs) and runs[k][0] is not None else []
        return len(values) == len(header) and not any(label_only.fullmatch(text(i)) for i in values) \
            and all(under(doc.lines[a], doc.lines[b]) for a, b in zip(header, values))

    out: list[int] = []
    k = 0
    while k < len(runs):
        key, cells = runs[k]
        # A header over several rows (承办人员 | 执法证号 over one row per officer) is a table the extractors read
        # row by row themselves (classify.form, classify.officers); only a header over one row is paired here.
        if key is not None and len(cells) >= 2 and all(label_only.fullmatch(text(i)) for i in cells) \
                and row_under(k + 1, cells) and not row_under(k + 2, cells):
            values = runs[k + 1][1]
            for a, b in zip(cells, values):
                out += [a, b]
                forced[a] = "" if text(a).endswith((":", "：")) else ":"
                forced[b] = "\n"
            k += 2
            continue
        out += cells
        k += 1
    return out


def build_view(doc: DocText, label_only: re.Pattern[str] | None,
               label_tail: re.Pattern[str] | None = None) -> View:
    """Join wrapped lines; join a label-only line to the next line with a colon, and a line that ends
    with a label and its colon ("…（执法证号：") to the next line as it is; put a label a table cell wrapped
    around its value back together (_split_labels)."""
    rights: dict[int, float] = {}
    lefts: dict[int, float] = {}
    for ln in doc.lines:
        if ln.x1 is not None:
            rights[ln.page_index] = max(rights.get(ln.page_index, 0), ln.x1)
            lefts[ln.page_index] = min(lefts.get(ln.page_index, ln.x0), ln.x0)
    out: list[str] = []
    view_starts: list[int] = []
    doc_starts: list[int] = []
    length = 0
    order, forced = _split_labels(doc, label_only) if label_only is not None \
        else (list(range(len(doc.lines))), {})
    if label_only is not None:
        order = _header_rows(doc, order, forced, label_only)
    for n_, i in enumerate(order):
        ln = doc.lines[i]
        segment = doc.text[ln.start:ln.end]
        view_starts.append(length)
        doc_starts.append(ln.start)
        out.append(segment)
        length += len(segment)
        nxt = doc.lines[order[n_ + 1]] if n_ + 1 < len(order) else None
        if nxt is None:
            break
        joiner = "\n"
        same_page = nxt.page_index == ln.page_index
        width = (rights.get(ln.page_index, 0) - lefts.get(ln.page_index, 0)) or 1
        if i in forced:
            joiner = forced[i]
        elif same_page and _is_wrapped(ln, nxt, rights.get(ln.page_index), width, doc.text):
            joiner = ""
        elif same_page and label_tail is not None and label_tail.search(segment) \
                and not (label_only is not None and label_only.fullmatch(segment)):
            joiner = ""
        elif same_page and label_only is not None and label_only.fullmatch(segment) \
                and not label_only.fullmatch(doc.text[nxt.start:nxt.end]):
            joiner = "" if segment.endswith((":", "：")) else ":"
        if joiner:
            view_starts.append(length)
            doc_starts.append(ln.end)
            out.append(joiner)
            length += len(joiner)
    return View(doc, "".join(out), view_starts, doc_starts)
