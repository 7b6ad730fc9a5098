"""Where search terms occur on a page: marked in its text and as boxes over its image.

Terms match the way the search index matches them (`indexer.bigrams.term_pattern`
over normalised text), so what the viewer marks is what the search found.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from indexer.bigrams import term_pattern
from records.text import normalise_text

_MARK_TAG = re.compile(r"(</?mark>)")


def term_patterns(query: str) -> list[re.Pattern[str]]:
    """One pattern per whitespace-separated term of a search query."""
    patterns = (term_pattern(normalise_text(term)) for term in (query or "").split())
    return [p for p in patterns if p is not None]


def _spans(text: str, patterns: Sequence[re.Pattern[str]]) -> list[tuple[int, int]]:
    """Merged [start, end) ranges of `text` that some pattern matches."""
    found = sorted((m.start(), m.end()) for p in patterns for m in p.finditer(text) if m.end() > m.start())
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark_text(text: str, patterns: Sequence[re.Pattern[str]]) -> tuple[Markup, int]:
    """Normalised page text HTML-escaped with each match in <mark>, and the number of matches."""
    spans = _spans(text, patterns)
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts += [escape(text[pos:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        pos = end
    parts.append(escape(text[pos:]))
    return Markup("").join(parts), len(spans)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def _word_box(word: dict[str, Any]) -> Box | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in word["box"])
    except (KeyError, TypeError, ValueError):
        return None
    return Box(x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def hit_boxes(words: Sequence[dict[str, Any]], patterns: Sequence[re.Pattern[str]]) -> list[Box]:
    """Pixel boxes covering each match among a page's OCR words.

    Words are raw OCR output, so they are normalised character by character,
    remembering where each character came from. A match may span several
    words (engines return a character, a word or a line per "word"); inside a
    longer word its box is narrowed in proportion to the characters matched,
    along the word's longer side.
    """
    chars: list[str] = []
    origin: list[tuple[int, int] | None] = []  # (word index, character index in that word)
    for w_idx, word in enumerate(words):
        for c_idx, ch in enumerate(str(word.get("text", ""))):
            for n in normalise_text(ch):
                if c_idx == 0 and chars and not (_wide(chars[-1]) or _wide(n)):
                    chars.append(" ")  # Latin words stay apart; CJK joins up, as in the page text
                    origin.append(None)
                chars.append(n)
                origin.append((w_idx, c_idx))
    boxes: list[Box] = []
    for start, end in _spans("".join(chars), patterns):
        by_word: dict[int, list[int]] = {}
        for pos in origin[start:end]:
            if pos is not None:
                by_word.setdefault(pos[0], []).append(pos[1])
        for w_idx, c_idxs in by_word.items():
            box = _word_box(words[w_idx])
            if box is not None:
                length = len(str(words[w_idx].get("text", "")))
                boxes.append(_part_of(box, length, min(c_idxs), max(c_idxs) + 1))
    return boxes


def _wide(ch: str) -> bool:
    return ch >= "\u2e80"


def _part_of(box: Box, length: int, first: int, end: int) -> Box:
    if length <= 1 or (first == 0 and end >= length):
        return box
    if box.width >= box.height:
        step = box.width / length
        return Box(box.x0 + step * first, box.y0, box.x0 + step * end, box.y1)
    step = box.height / length
    return Box(box.x0, box.y0 + step * first, box.x1, box.y0 + step * end)


def safe_snippet(snippet: str) -> Markup:
    """A search snippet as markup, trusting only its <mark> tags.

    The backend escapes snippets already; escaping any stray angle bracket
    again means a backend bug cannot put other tags into the page.
    """
    parts = _MARK_TAG.split(snippet or "")
    return Markup("").join(Markup(p) if _MARK_TAG.fullmatch(p)
                           else Markup(p.replace("<", "&lt;").replace(">", "&gt;")) for p in parts)
