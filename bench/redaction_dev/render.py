"""Drawing a page of this development set: paragraphs that wrap (a span broken over a line end stays one span with
a box per line), ruled tables whose cells wrap, signature lines, red seals; each labelled span's ink bounds.

Boxes are in the pixels of the upright page (`boxes0`); the page is then turned by its skew like a sheet on the
scanner glass (samples.degrade, counter-clockwise positive) and `boxes` holds the turned boxes' bounds.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
SERIF_BOLD = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SANS_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
ZENHEI = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
A4_IN = (8.27, 11.69)


@dataclass(eq=False)
class S:
    """A labelled span: PII (`pii`), an entity that must stay (not pii), or neutral (counts neither way)."""

    text: str
    type: str
    pii: bool = True
    role: str = ""
    whose: str = ""
    neutral: bool = False
    boxes0: list[list[int]] = field(default_factory=list)

    def label(self, page_w: int, page_h: int, skew: float) -> dict:
        return {"type": self.type, "text": self.text, "pii": self.pii, "neutral": self.neutral, "role": self.role,
                "whose": {"role": self.role, "name": self.whose}, "boxes0": self.boxes0,
                "boxes": [turned(b, page_w, page_h, skew) for b in self.boxes0]}


Run = list  # of str | S


def turned(box: list[int], w: int, h: int, deg: float) -> list[int]:
    """Axis-aligned bounds of a box turned counter-clockwise by `deg` about the page centre (PIL's rotate)."""
    if not deg:
        return list(box)
    a = math.radians(deg)
    cx, cy = w / 2, h / 2
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        # image y points down: a counter-clockwise turn on screen
        xs.append(cx + dx * math.cos(a) + dy * math.sin(a))
        ys.append(cy - dx * math.sin(a) + dy * math.cos(a))
    return [round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))]


class Page:
    def __init__(self, dpi: int, font: str = SERIF, size_pt: float = 11.5, margin_in: float = 0.95):
        self.dpi = dpi
        self.w, self.h = round(A4_IN[0] * dpi), round(A4_IN[1] * dpi)
        self.image = Image.new("RGB", (self.w, self.h), (255, 255, 255))
        self.draw = ImageDraw.Draw(self.image)
        self.px = lambda pt: round(pt / 72 * dpi)
        self.font_path = font
        self.font = ImageFont.truetype(font, self.px(size_pt))
        self.size = self.px(size_pt)
        self.left = round(margin_in * dpi)
        self.right = self.w - round(margin_in * dpi)
        self.y = round(0.9 * dpi)
        self.line_h = round(self.size * 1.75)
        self.spans: list[S] = []

    def full(self) -> bool:
        return self.y > self.h - round(1.2 * self.dpi)

    # -- text -----------------------------------------------------------------------------------------------
    def _wrap(self, run: Run, width: float, font: ImageFont.FreeTypeFont, first_indent: float = 0) -> list[list]:
        """Lines of (text | (S, piece)) pieces; an S broken over lines shows up on each."""
        chars: list[tuple[str, S | None]] = []
        for part in run:
            if isinstance(part, S):
                chars += [(c, part) for c in part.text]
            else:
                chars += [(c, None) for c in part]
        lines: list[list[tuple[str, S | None]]] = [[]]
        used = first_indent
        for c, owner in chars:
            cw = font.getlength(c)
            if used + cw > width and lines[-1]:
                lines.append([])
                used = 0
            lines[-1].append((c, owner))
            used += cw
        out = []
        for line in lines:
            pieces: list = []
            for c, owner in line:
                if pieces and pieces[-1][1] is owner:
                    pieces[-1][0].append(c)
                else:
                    pieces.append(([c], owner))
            out.append([("".join(cs), owner) for cs, owner in pieces])
        return out

    def _emit_line(self, x: float, y: int, pieces: list, font: ImageFont.FreeTypeFont,
                   fill=(0, 0, 0)) -> None:
        for text, owner in pieces:
            if owner is not None:
                if not any(o is owner for o in self.spans):
                    self.spans.append(owner)
                if text.strip():
                    lead = font.getlength(text[:len(text) - len(text.lstrip())])
                    b = self.draw.textbbox((x + lead, y), text.strip(), font=font)
                    owner.boxes0.append([int(b[0]), int(b[1]), int(math.ceil(b[2])), int(math.ceil(b[3]))])
            self.draw.text((x, y), text, font=font, fill=fill)
            x += font.getlength(text)

    def para(self, run: Run, indent: bool = True, x: int | None = None, width: int | None = None,
             font: ImageFont.FreeTypeFont | None = None, gap: float = 1.0) -> None:
        font = font or self.font
        x0 = self.left if x is None else x
        width = width or (self.right - x0)
        first = self.size * 2 if indent else 0
        for i, pieces in enumerate(self._wrap(run, width, font, first)):
            self._emit_line(x0 + (first if i == 0 else 0), self.y, pieces, font)
            self.y += self.line_h
        self.y += round(self.line_h * (gap - 1))

    def line(self, run: Run, x: int | None = None, font: ImageFont.FreeTypeFont | None = None) -> None:
        """One line, no wrapping (a form line, a signature line)."""
        font = font or self.font
        self._emit_line(self.left if x is None else x, self.y, [(p, None) if isinstance(p, str) else (p.text, p)
                                                               for p in run], font)
        self.y += self.line_h

    def title(self, text: str, size_pt: float = 18, font: str = SERIF_BOLD, red: bool = False) -> None:
        f = ImageFont.truetype(font, self.px(size_pt))
        w = f.getlength(text)
        self.draw.text(((self.w - w) / 2, self.y), text, font=f, fill=(200, 20, 20) if red else (0, 0, 0))
        self.y += round(self.px(size_pt) * 1.9)

    def centred(self, run: Run, font: ImageFont.FreeTypeFont | None = None) -> None:
        font = font or self.font
        w = sum(font.getlength(p if isinstance(p, str) else p.text) for p in run)
        self.line(run, x=round((self.w - w) / 2), font=font)

    def right_line(self, run: Run, font: ImageFont.FreeTypeFont | None = None) -> None:
        font = font or self.font
        w = sum(font.getlength(p if isinstance(p, str) else p.text) for p in run)
        self.line(run, x=round(self.right - w - self.size), font=font)

    def rule(self, red: bool = False) -> None:
        self.draw.line((self.left, self.y - self.line_h // 3, self.right, self.y - self.line_h // 3),
                       fill=(200, 20, 20) if red else (0, 0, 0), width=max(2, self.dpi // 100))
        self.y += self.line_h // 3

    def skip(self, lines: float = 1) -> None:
        self.y += round(self.line_h * lines)

    # -- tables ---------------------------------------------------------------------------------------------
    def table(self, rows: list[list[tuple[float, Run]]], ruled: bool = True, pad: int | None = None) -> list[int]:
        """Rows of cells (share of the text width, content); a cell's content wraps within it."""
        pad = pad if pad is not None else round(self.size * 0.35)
        total = self.right - self.left
        top = self.y
        tops: list[int] = []
        for row in rows:
            tops.append(self.y)
            x = self.left
            wrapped = []
            for share, run in row:
                cw = round(share * total)
                wrapped.append((x, cw, self._wrap(run, cw - 2 * pad, self.font)))
                x += cw
            n = max(len(w[2]) for w in wrapped)
            row_h = n * self.line_h + pad
            for cx, cw, lines in wrapped:
                for i, pieces in enumerate(lines):
                    self._emit_line(cx + pad, self.y + pad + i * self.line_h, pieces, self.font)
                if ruled:
                    self.draw.rectangle((cx, self.y, cx + cw, self.y + row_h), outline=(0, 0, 0),
                                        width=max(2, self.dpi // 120))
            self.y += row_h
        if not ruled:
            self.y = max(self.y, top)
        self.y += round(self.line_h * 0.5)
        return tops

    # -- ink that is not type -------------------------------------------------------------------------------
    def seal(self, cx: int, cy: int, text: str) -> None:
        """A red round seal stamped over whatever is there."""
        r = round(0.75 * self.dpi)
        over = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        d = ImageDraw.Draw(over)
        red = (210, 30, 35, 150)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(3, self.dpi // 45))
        f = ImageFont.truetype(SANS_BOLD, round(r * 0.22))
        n = len(text)
        for i, ch in enumerate(text):
            a = math.radians(200 + i * 140 / max(1, n - 1))
            x = cx + 0.72 * r * math.cos(a)
            y = cy + 0.72 * r * math.sin(a)
            d.text((x, y), ch, font=f, fill=red, anchor="mm")
        star = ImageFont.truetype(SANS_BOLD, round(r * 0.5))
        d.text((cx, cy), "★", font=star, fill=red, anchor="mm")
        self.image = Image.alpha_composite(self.image.convert("RGBA"), over).convert("RGB")
        self.draw = ImageDraw.Draw(self.image)

    def handwritten(self, x: int, y: int, span: S) -> None:
        """A signature: a different hand (a heavier, larger sans), a little above the line."""
        f = ImageFont.truetype(SANS_BOLD if len(span.text) % 2 else ZENHEI, round(self.size * 1.25))
        self._emit_line(x, y - round(self.size * 0.2), [(span.text, span)], f, fill=(25, 25, 60))
