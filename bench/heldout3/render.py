"""Lay out a document (title, lines, paragraphs, ruled tables, a seal) on A4 pages with PIL.

Pages are drawn at the scan's resolution directly, so a 200 dpi scan has the
stroke widths a 200 dpi scanner would see; the scan itself (tint, blur, skew,
noise, bit depth) is bench.heldout3.scan's job.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

SERIF = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2)
SANS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2)
SERIF_BOLD = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2)
ZENHEI = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)
FACES = {"serif": SERIF, "sans": SANS, "zenhei": ZENHEI}

A4_MM = (210.0, 297.0)
SEAL_INK = (208, 36, 42)


@dataclass
class Title:
    text: str
    pt: float = 20.0


@dataclass
class Line:
    """One line (wrapped if it must be); `seal` puts the agency's seal over it (the own date under its seal)."""

    text: str
    align: str = "left"
    seal: bool = False
    pt: float | None = None


@dataclass
class Para:
    text: str
    indent: bool = True


@dataclass
class Table:
    """Rows of cells; each cell (text, columns it spans). `widths` are fractions of the text width."""

    rows: list[list[tuple[str, int]]]
    widths: list[float]
    min_row_mm: float = 9.0


@dataclass
class Gap:
    mm: float


@dataclass
class Layout:
    face: str = "serif"
    pt: float = 12.0
    line_spacing: float = 1.75
    margins_mm: tuple[float, float, float, float] = (25.0, 28.0, 25.0, 24.0)  # left, top, right, bottom
    seal_text: str = ""
    footer: str | None = None  # e.g. "第{i}页 共{n}页", drawn on every page once the page count is known
    blocks: list = field(default_factory=list)


@lru_cache(maxsize=64)
def _font(face: tuple[str, int], px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(face[0], px, index=face[1])


class _Pager:
    def __init__(self, layout: Layout, dpi: int) -> None:
        self.layout, self.dpi = layout, dpi
        self.size = (round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi))
        left, top, right, bottom = (self.mm(v) for v in layout.margins_mm)
        self.left, self.top, self.right, self.bottom = left, top, self.size[0] - right, self.size[1] - bottom
        self.pages: list[Image.Image] = []
        self.seals: list[tuple[int, int, int]] = []  # page index, x, y of each seal's centre
        self.face = FACES[layout.face]
        self._new_page()

    def mm(self, v: float) -> int:
        return round(v / 25.4 * self.dpi)

    def px(self, pt: float) -> int:
        return round(pt / 72 * self.dpi)

    def _new_page(self) -> None:
        self.pages.append(Image.new("RGB", self.size, "white"))
        self.draw = ImageDraw.Draw(self.pages[-1])
        self.y = self.top

    def need(self, h: int) -> None:
        if self.y + h > self.bottom and self.y > self.top:
            self._new_page()

    def wrap(self, text: str, font: ImageFont.FreeTypeFont, width: int, first_indent: int = 0) -> list[str]:
        if "\n" in text:
            parts = text.split("\n")
            return self.wrap(parts[0], font, width, first_indent) + [
                ln for part in parts[1:] for ln in self.wrap(part, font, width)]
        lines, cur, avail = [], "", width - first_indent
        for ch in text:
            if font.getlength(cur + ch) > avail and cur:
                # Chinese typesetting keeps closing punctuation on the line it closes.
                if ch in "，。、；：）》」”":
                    cur += ch
                    continue
                # A word processor moves a run of Latin letters and digits whole, as one word.
                run = len(cur) - len(cur.rstrip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-"))
                cut = len(cur) - run if ch.isascii() and ch.isalnum() and 0 < run < len(cur) else len(cur)
                # Nor does a line end on an opening bracket: it goes down with what it opens.
                if cut > 1 and cur[cut - 1] in "〔［[（(《“「":
                    cut -= 1
                if cut < len(cur):
                    lines.append(cur[:cut])
                    cur, avail = cur[cut:] + ch, width
                    continue
                lines.append(cur)
                cur, avail = ch, width
            else:
                cur += ch
        if cur or not lines:
            lines.append(cur)
        return lines

    def text_lines(self, lines: list[str], font: ImageFont.FreeTypeFont, align: str, first_indent: int = 0,
                   seal: bool = False) -> None:
        step = round(font.size * self.layout.line_spacing)
        for i, line in enumerate(lines):
            self.need(step)
            w = font.getlength(line)
            if align == "center":
                x = (self.left + self.right - w) / 2
            elif align == "right":
                x = self.right - w - self.mm(8)
            else:
                x = self.left + (first_indent if i == 0 else 0)
            self.draw.text((x, self.y), line, font=font, fill=(22, 22, 22))
            if seal and i == len(lines) - 1:
                self.seals.append((len(self.pages) - 1, round(x + w * 0.55), round(self.y + font.size * 0.5)))
            self.y += step

    def table(self, t: Table, font: ImageFont.FreeTypeFont) -> None:
        width = self.right - self.left
        cols = [round(f * width) for f in t.widths]
        cols[-1] = width - sum(cols[:-1])
        pad, step = self.mm(1.6), round(font.size * 1.45)
        for row in t.rows:
            cells, col = [], 0
            for text, span in row:
                w = sum(cols[col:col + span])
                # A clerk fits an 18-character number into its cell by setting it smaller, never split in two.
                f = font
                while f.size > 8 and any(f.getlength(tok) > w - 2 * pad for tok in text.split() if tok.isascii()):
                    f = _font(self.face, f.size - 1)
                cells.append((col, w, f, self.wrap(text, f, w - 2 * pad)))
                col += span
            h = max(self.mm(t.min_row_mm), max(len(c[3]) for c in cells) * step + 2 * pad)
            self.need(h)
            for col, w, f, lines in cells:
                x = self.left + sum(cols[:col])
                self.draw.rectangle((x, self.y, x + w, self.y + h), outline=(30, 30, 30), width=max(1, self.dpi // 150))
                ty = self.y + (h - len(lines) * step) / 2
                for line in lines:
                    self.draw.text((x + pad, ty), line, font=f, fill=(22, 22, 22))
                    ty += step
            self.y += h
        self.y += self.mm(3)

    def render(self) -> list[Image.Image]:
        lay = self.layout
        body = _font(self.face, self.px(lay.pt))
        for b in lay.blocks:
            if isinstance(b, Title):
                f = _font(SERIF_BOLD if lay.face == "serif" else self.face, self.px(b.pt))
                self.text_lines(self.wrap(b.text, f, self.right - self.left), f, "center")
                self.y += self.mm(3)
            elif isinstance(b, Line):
                f = _font(self.face, self.px(b.pt)) if b.pt else body
                self.text_lines(self.wrap(b.text, f, self.right - self.left), f, b.align, seal=b.seal)
            elif isinstance(b, Para):
                ind = round(body.getlength("国国")) if b.indent else 0
                self.text_lines(self.wrap(b.text, body, self.right - self.left, ind), body, "left", ind)
            elif isinstance(b, Table):
                self.table(b, body)
            elif isinstance(b, Gap):
                self.y += self.mm(b.mm)
        for page, x, y in self.seals:
            _stamp(self.pages[page], x, y, self.mm(21), lay.seal_text, self.dpi)
        if lay.footer:
            f = _font(self.face, self.px(10.5))
            for i, page in enumerate(self.pages):
                text = lay.footer.format(i=i + 1, n=len(self.pages))
                ImageDraw.Draw(page).text(((self.size[0] - f.getlength(text)) / 2, self.bottom + self.mm(8)), text,
                                          font=f, fill=(40, 40, 40))
        return self.pages


def _stamp(page: Image.Image, cx: int, cy: int, r: int, text: str, dpi: int) -> None:
    """A round red official seal: ring, star, the agency's name along the upper arc; ink lets black text through."""
    size = 2 * r + 8
    ink = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(ink)
    c = size / 2
    ring = max(3, round(r * 0.06))
    d.ellipse((c - r, c - r, c + r, c + r), outline=255, width=ring)
    star_r = r * 0.3
    pts = []
    for k in range(10):
        rad = star_r if k % 2 == 0 else star_r * 0.4
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((c + rad * math.cos(a), c + rad * math.sin(a)))
    d.polygon(pts, fill=255)
    n = max(1, len(text))
    span = min(math.radians(250), math.radians(24) * n)
    # A long name is cut smaller to fit the arc, as seal makers do.
    font = _font(SERIF_BOLD, max(8, round(min(r * 0.24, r * 0.74 * span / n * 0.92))))
    for i, ch in enumerate(text):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        glyph = Image.new("L", (font.size + 6, font.size + 6), 0)
        ImageDraw.Draw(glyph).text((3, 0), ch, font=font, fill=255)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC, expand=True)
        gx = c + (r * 0.74) * math.cos(a) - glyph.width / 2
        gy = c + (r * 0.74) * math.sin(a) - glyph.height / 2
        ink.paste(255, (round(gx), round(gy)), glyph)
    # Seal ink is uneven: thin it in patches so text beneath still shows in colour and grey.
    import numpy as np

    rng = np.random.default_rng(cx * 7919 + cy)
    a = np.asarray(ink, dtype=np.float32) / 255.0
    a *= 0.78 + 0.2 * rng.random(a.shape, dtype=np.float32)
    region = page.crop((cx - size // 2, cy - size // 2, cx - size // 2 + size, cy - size // 2 + size))
    base = np.asarray(region, dtype=np.float32)
    red = np.array(SEAL_INK, dtype=np.float32)
    # Multiply blend: black text stays black under the ink, white paper turns red.
    out = base * (1 - a[..., None]) + (base * red / 255.0) * a[..., None]
    page.paste(Image.fromarray(out.clip(0, 255).astype("uint8")), (cx - size // 2, cy - size // 2))


def render(layout: Layout, dpi: int) -> list[Image.Image]:
    return _Pager(layout, dpi).render()
