"""Which document type a document is, from its title and from the whole of its text.

Titles are matched with an edit distance (a seal or OCR may damage them) on
the first lines of the first page; mentions inside 《》 are references, not
titles. Body phrases typical of each type (问：/答：, 受送达人, 送达方式 …)
vote too, so a document whose title is lost is still recognised. The
confidence is the margin between the best type and the runner-up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from classify.fuzzy import similarity
from classify.labels import DOC_TYPES, OTHER, DocType

TITLE_LINES = 6  # the title is among the first lines of the first page
TITLE_WEIGHT = 6.0
MIN_TITLE_SIMILARITY = 0.6
_QUOTED = re.compile(r"《[^》]*》")


@dataclass(frozen=True)
class TypeScore:
    code: str
    score: float
    title_similarity: float
    title_line: int | None  # index of the line that carried the title


@dataclass(frozen=True)
class DocTypeResult:
    code: str
    stage: str | None
    confidence: float
    title_line: int | None
    ranking: tuple[TypeScore, ...]


def _title_similarity(t: DocType, lines: list[str]) -> tuple[float, int | None]:
    best, where = 0.0, None
    for i, line in enumerate(lines):
        line = _QUOTED.sub("", line)
        if not line:
            continue
        for title in t.titles:
            if len(line) > len(title) * 3 + 6:  # a sentence, not a title line
                continue
            if sum(ch in line for ch in title) < len(title) * MIN_TITLE_SIMILARITY:
                continue  # cheap test before the edit distance
            sim = similarity(title, line)
            if sim < MIN_TITLE_SIMILARITY:
                continue
            # Longer titles are more specific: 不予行政处罚决定书 beats 行政处罚决定书 on the same line.
            sim_weighted = sim * (1 + 0.04 * len(title)) - 0.02 * max(0, len(line) - len(title))
            if sim_weighted > best:
                best, where = sim_weighted, i
    return best, where


def _cue_score(t: DocType, body: str) -> float:
    score = 0.0
    for phrase, weight in t.cues:
        n = body.count(phrase)
        if n:
            score += weight * min(n, 3) ** 0.5
    return score


def classify_doc_type(text: str) -> DocTypeResult:
    """The most likely document type of `text` (normalised, pages joined by newlines)."""
    lines = [ln.strip() for ln in text.split("\n")[:TITLE_LINES]]
    body = _QUOTED.sub("", text)
    scores = []
    for t in DOC_TYPES.values():
        sim, where = _title_similarity(t, lines)
        scores.append(TypeScore(t.code, TITLE_WEIGHT * sim + _cue_score(t, body), sim, where))
    scores.sort(key=lambda s: s.score, reverse=True)
    top, runner = scores[0], scores[1]
    if top.score < 3.0:
        return DocTypeResult(OTHER, None, 0.5, None, tuple(scores[:5]))
    margin = (top.score - runner.score) / top.score
    confidence = min(0.99, 0.5 + margin * 0.6 + (0.15 if top.title_similarity >= 1.0 else 0.0))
    return DocTypeResult(top.code, DOC_TYPES[top.code].stage, round(confidence, 2), top.title_line,
                         tuple(scores[:5]))
