"""A page's OCR words as one searchable string, with every character traced back to its word and box.

Detectors match on `PageText.text`: the words in reading order, NFKC-normalised
character by character (full-width digits become ASCII), lines separated by
"\\n" and a space where the scan shows a gap (table cells, "138 0000 1234").
`PageText.compact` is the same characters with the line breaks and spaces
taken out, so a number or name broken across lines is one run there. A match
in either is a set of character references (word index, character offset
in the word's raw text), and `boxes` turns such a set into one tight box per
OCR line, slicing a longer word (Tel:13800001234) in proportion.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from redaction.plan import BoxT

CharRef = tuple[int, int]  # (word index, character offset in the word's raw text)

PAD_PX = 2
# PP-OCR's character boxes sit a few pixels inside the ink (measured: up to 4 px at 42 px type), so a box
# grows sideways by a share of the line's height, but never over the word before or after it.
SIDE_PAD_SHARE = 0.12
# A slice through a word is placed by proportion, so its cut edges get more room than the word's own edges:
# a digit half left visible is worse than a colon half covered.
SLICE_PAD_SHARE = 0.3


@dataclass(frozen=True)
class View:
    """A string over the page with each character's reference (None for an inserted space or line break)."""

    text: str
    refs: tuple[CharRef | None, ...]

    def span_refs(self, start: int, end: int) -> frozenset[CharRef]:
        return frozenset(r for r in self.refs[start:end] if r is not None)


class PageText:
    def __init__(self, words: list[dict]):
        self.words = words
        chars: list[str] = []
        refs: list[CharRef | None] = []
        self.line_of_word: list[int] = []
        prev: dict | None = None
        for wi, word in enumerate(words):
            line = int(word.get("line", 0))
            self.line_of_word.append(line)
            if prev is not None:
                if int(prev.get("line", 0)) != line:
                    chars.append("\n")
                    refs.append(None)
                elif _gap_between(prev, word):
                    chars.append(" ")
                    refs.append(None)
            for offset, raw in enumerate(word["text"]):
                for ch in unicodedata.normalize("NFKC", raw):
                    chars.append(" " if ch.isspace() else ch)
                    refs.append(None if ch.isspace() else (wi, offset))
            prev = word
        self.lines = View("".join(chars), tuple(refs))
        kept = [(c, r) for c, r in zip(chars, refs) if r is not None]
        self.compact = View("".join(c for c, _ in kept), tuple(r for _, r in kept))

    @property
    def text(self) -> str:
        return self.lines.text

    def word_text(self, ref: CharRef) -> str:
        return self.words[ref[0]]["text"]

    def line_text(self, pos: int) -> str:
        """The line of `self.text` that holds position `pos`."""
        text = self.lines.text
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        return text[start:end if end >= 0 else len(text)]

    def lines_of(self, refs: frozenset[CharRef]) -> set[int]:
        return {self.line_of_word[w] for w, _ in refs}

    def original(self, refs: frozenset[CharRef]) -> str:
        """The span as OCR read it (raw characters, in reading order)."""
        return "".join(self.words[w]["text"][o] for w, o in sorted(refs))

    def boxes(self, refs: frozenset[CharRef]) -> tuple[BoxT, ...]:
        """One box per OCR line the characters lie on, padded, never reaching over the word before."""
        by_word: dict[int, list[int]] = {}
        for w, o in refs:
            by_word.setdefault(w, []).append(o)
        by_line: dict[int, list[tuple[float, float, float, float]]] = {}
        first_word_of_line: dict[int, int] = {}
        for w in sorted(by_word):
            offsets = by_word[w]
            word = self.words[w]
            x0, y0, x1, y1 = (float(v) for v in word["box"])
            n = max(1, len(word["text"]))
            lo, hi = min(offsets), max(offsets) + 1
            # A word that holds a whole line ("联系电话：138…", from engines that box lines) is cut by the
            # characters' printed widths: an ideograph is as wide as two digits.
            edges = _char_edges(word["text"])
            unit = (x1 - x0) / edges[-1]
            pad = unit * SLICE_PAD_SHARE * 2
            sx0 = x0 + unit * edges[lo] - (pad if lo > 0 else 0)
            sx1 = x0 + unit * edges[hi] + (pad if hi < n else 0)
            line = self.line_of_word[w]
            by_line.setdefault(line, []).append((max(x0, sx0), y0, min(x1, sx1), y1))
            first_word_of_line.setdefault(line, w)
        last_word_of_line: dict[int, int] = {}
        for w in sorted(by_word):
            last_word_of_line[self.line_of_word[w]] = w
        out: list[BoxT] = []
        for line, parts in sorted(by_line.items()):
            height = max(p[3] for p in parts) - min(p[1] for p in parts)
            side = max(PAD_PX, height * SIDE_PAD_SHARE)
            x0 = min(p[0] for p in parts) - side
            y0 = min(p[1] for p in parts) - PAD_PX
            x1 = max(p[2] for p in parts) + side
            y1 = max(p[3] for p in parts) + PAD_PX
            before = first_word_of_line[line] - 1
            if before >= 0 and self.line_of_word[before] == line and before not in by_word:
                # The label before the span ("身份证号：") stays readable.
                x0 = max(x0, min(float(self.words[before]["box"][2]), min(p[0] for p in parts) - PAD_PX))
            after = last_word_of_line[line] + 1
            if after < len(self.words) and self.line_of_word[after] == line and after not in by_word:
                x1 = min(x1, max(float(self.words[after]["box"][0]), max(p[2] for p in parts) + PAD_PX))
            if x1 - x0 < height:
                # A digit or two of a number broken over a line end: the box is at least as wide as the line is
                # high, as a narrow glyph's box (a 1) sits well inside the cell its character is printed in;
                # it grows where no word of the line stands.
                right = float(self.words[after]["box"][0]) if after < len(self.words) \
                    and self.line_of_word[after] == line and after not in by_word else x0 + height
                x1 = max(x1, min(right, x0 + height))
                left = float(self.words[before]["box"][2]) if before >= 0 and self.line_of_word[before] == line \
                    and before not in by_word else x1 - height
                x0 = min(x0, max(left, x1 - height))
            box = (max(0, int(x0)), max(0, int(y0)), int(round(x1 + 0.49)), int(round(y1 + 0.49)))
            if box[2] > box[0] and box[3] > box[1]:
                out.append(box)
        return tuple(out)


def _char_edges(text: str) -> list[int]:
    """Cumulative printed widths of a word's characters, in half-widths: [0, w0, w0+w1, …]."""
    edges = [0]
    for ch in text or " ":
        edges.append(edges[-1] + (2 if unicodedata.east_asian_width(ch) in "WF" else 1))
    return edges


def _gap_between(prev: dict, word: dict) -> bool:
    """Whether the scan shows a gap between two words of a line (a space, a table cell border)."""
    px0, py0, px1, py1 = prev["box"]
    x0, y0, _, y1 = word["box"]
    height = max(1, min(py1 - py0, y1 - y0))
    gap = x0 - px1
    ascii_pair = _is_ascii_alnum(prev["text"][-1:]) and _is_ascii_alnum(word["text"][:1])
    # Two ASCII runs the engine kept apart were apart on the page; CJK characters stand a small gap apart anyway.
    return gap > height * (0.25 if ascii_pair else 0.8)


def _is_ascii_alnum(ch: str) -> bool:
    ch = unicodedata.normalize("NFKC", ch)[:1]
    return ch.isascii() and ch.isalnum()
