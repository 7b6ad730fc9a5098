"""What every detector reads of one page: its text views, their digit-normalised copies, the labels of the people
on it and the context of the case; and what a detector returns, a `Found` span."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from redaction.detect.model import DetectionContext
from redaction.detect.numbers import digitise
from redaction.detect.people import Block, Hit, block_at, blocks, find_hits
from redaction.detect.text import CharRef, PageText, View
from redaction.kinds import Kind


@dataclass(frozen=True)
class Found:
    """A span a detector claims. `kind` None is a number that stays visible (an organisation's credit code, an
    officer's certificate, the treasury's account): it claims its characters so that no other detector
    reads them as someone's number."""

    kind: Kind | None
    refs: frozenset[CharRef]
    valid: bool = True
    subject: str | None = None
    subject_fixed: bool = False  # the detector knows whose it is (a name is its own person's)


@dataclass(frozen=True)
class ViewScan:
    name: str            # lines | compact
    view: View
    digits: str          # digitise(view.text)
    line_pos: tuple[int, ...]  # each character's position in the lines view (-1 for none)


class Scan:
    def __init__(self, page_no: int, words: list[dict], ctx: DetectionContext):
        self.page_no = page_no
        self.ctx = ctx
        self.page = PageText(words)
        self.text = self.page.text
        pos_of: dict[CharRef, int] = {}
        for i, ref in enumerate(self.page.lines.refs):
            if ref is not None:
                pos_of.setdefault(ref, i)
        self._pos_of = pos_of
        lines, compact = self.page.lines, self.page.compact
        self.views = (
            ViewScan("lines", lines, digitise(lines.text), tuple(range(len(lines.text)))),
            ViewScan("compact", compact, digitise(compact.text), tuple(pos_of[r] for r in compact.refs)),
        )
        self.hits: list[Hit] = find_hits(self.text, ctx.officer_names, ctx.organisations, ctx.agency_names,
                                         self.same_row)
        self.blocks: list[Block] = blocks(self.text, self.hits)

    def same_row(self, before: int, start: int) -> bool:
        """Whether the character at `start` (a value on the next OCR line) stands on the row of the one just
        before `before` (the end of its label), to its right: a table's cell beside it, not the line below."""
        ref_a = next((r for r in reversed(self.page.lines.refs[:before]) if r is not None), None)
        ref_b = next((r for r in self.page.lines.refs[start:start + 1] if r is not None), None)
        if ref_a is None or ref_b is None:
            return False
        a, b = self.page.words[ref_a[0]]["box"], self.page.words[ref_b[0]]["box"]
        overlap = min(a[3], b[3]) - max(a[1], b[1])
        return overlap >= 0.5 * min(a[3] - a[1], b[3] - b[1]) and b[0] >= a[2] - 2

    def each_view(self) -> Iterator[ViewScan]:
        return iter(self.views)

    def found(self, vs: ViewScan, start: int, end: int, kind: Kind | None, valid: bool = True,
              subject: str | None = None, subject_fixed: bool = False) -> Found:
        return Found(kind, vs.view.span_refs(start, end), valid, subject, subject_fixed)

    def pos(self, refs: frozenset[CharRef]) -> int:
        """Where a span starts in the lines view (where its labels and its line are)."""
        return min(self._pos_of[r] for r in refs)

    def position_of(self, ref: CharRef) -> int | None:
        """Where a character of a word stands in the lines view."""
        return self._pos_of.get(ref)

    def block_at(self, pos: int) -> Block | None:
        return block_at(self.blocks, pos)

    def owner_kind(self, pos: int) -> str | None:
        block = self.block_at(pos)
        return block.kind if block else None

