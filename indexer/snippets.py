"""Snippets: a short HTML-escaped window of page text with the matches in <mark>."""
from __future__ import annotations

import html
import re
from collections.abc import Sequence

SNIPPET_CHARS = 80
_CONTEXT_BEFORE = 20  # characters shown before the first match
_SPACES = re.compile(r"\s+")


def _merged_spans(text: str, patterns: Sequence[re.Pattern[str]]) -> list[tuple[int, int]]:
    spans = sorted((m.start(), m.end()) for p in patterns for m in p.finditer(text) if m.end() > m.start())
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, first: tuple[int, int]) -> tuple[int, int]:
    start = max(0, first[0] - _CONTEXT_BEFORE)
    end = min(len(text), max(start + SNIPPET_CHARS, first[1]))
    start = max(0, min(start, end - SNIPPET_CHARS))  # near the end of the page, show more before
    return start, end


def _escaped(piece: str) -> str:
    return html.escape(_SPACES.sub(" ", piece))


def make_snippet(text: str, patterns: Sequence[re.Pattern[str]]) -> str:
    """About SNIPPET_CHARS characters around the first match, every match inside marked."""
    spans = _merged_spans(text, patterns)
    if not spans:
        start, end = 0, min(len(text), SNIPPET_CHARS)
    else:
        start, end = _window(text, spans[0])
    out = ["…"] if start > 0 else []
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue  # only whole matches inside the window
        out += [_escaped(text[pos:s]), "<mark>", _escaped(text[s:e]), "</mark>"]
        pos = e
    out.append(_escaped(text[pos:end]))
    if end < len(text):
        out.append("…")
    return "".join(out).strip()
