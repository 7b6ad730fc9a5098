"""The page that stands in for withheld pages: which document, which pages, on what ground, never what they say.

A released copy replaces a page or document it may not show with this notice
(001:35, 002 记录办法:29: copies leave out what must stay secret), so the reader
knows something was left out and why: the reason's label and its legal ground
(redaction/kinds.py Reason.ground) and the archivist's note on the ground.
"""
from __future__ import annotations

from dataclasses import dataclass

from redaction.kinds import Reason
from redaction.pdfclean import PageDrawing, outline_font

A4 = (595.28, 841.89)  # points


@dataclass(frozen=True)
class WithheldNotice:
    """Withheld pages of one document: `pages` listed, or the whole document when `pages` is empty."""

    title: str
    reason: Reason
    pages: tuple[int, ...] = ()
    page_count: int = 0  # how many pages were withheld
    note: str = ""       # the archivist's words on the ground (never content)

    @property
    def whole_document(self) -> bool:
        return not self.pages

    @property
    def scope(self) -> str:
        if self.whole_document:
            return f"全文（共 {self.page_count} 页）"
        return f"第 {page_ranges(self.pages)} 页（共 {len(self.pages)} 页）"

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) rows as printed."""
        rows = [("文书", self.title), ("范围", self.scope), ("理由", self.reason.label), ("依据", self.reason.ground)]
        if self.note:
            rows.append(("说明", self.note))
        return rows

    @property
    def heading(self) -> str:
        return "本文书不予提供" if self.whole_document else "以下页面不予提供"


def page_ranges(pages: tuple[int, ...]) -> str:
    """3, 5, 6, 7 -> "3、5-7"."""
    runs: list[list[int]] = []
    for p in sorted(set(pages)):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` points at `size`, at any character (Chinese has no spaces)."""
    font = outline_font()
    lines, line, used = [], "", 0.0
    for ch in text:
        advance = font.advance(ch) * size
        if line and used + advance > width:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += advance
    if line:
        lines.append(line)
    return lines or [""]


def draw_notice(page: PageDrawing, notice: WithheldNotice) -> None:
    """The notice laid out on `page`: a heading, then label/value rows, wrapped, inside a frame."""
    margin = page.width * 0.12
    size = page.width / 40
    y = page.height - margin - size * 2
    heading = size * 1.6
    page.text(notice.heading, (page.width - outline_font().width(notice.heading) * heading) / 2, y, heading)
    y -= heading * 2.2
    label_w = size * 3.5
    top = y + size * 1.4
    for label, value in notice.lines():
        page.text(f"{label}：", margin, y, size)
        for line in wrap(value, size, page.width - 2 * margin - label_w):
            page.text(line, margin + label_w, y, size)
            y -= size * 1.7
        y -= size * 0.6
    page.text("本页说明不予提供的范围与依据，不含原页面内容。", margin, y - size, size * 0.8, rgb=(0.3, 0.3, 0.3))
    page.rect(margin - size, y - size * 2.2, page.width - 2 * margin + 2 * size, top - y + size * 2.2,
              rgb=(0.4, 0.4, 0.4), stroke=True, line_width=1.0)
