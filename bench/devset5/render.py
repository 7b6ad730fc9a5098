"""Drawing a document's blocks onto A4 pages at a scan's resolution, and the red seals stamped on them.

A page is laid out top to bottom from blocks (title, lines, wrapped paragraphs, ruled tables,
signature blocks). Text is drawn black in Noto/WenQuanYi CJK fonts; seals are red rings multiplied
onto the page so the text under them stays as visible as on paper.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from PIL import Image, ImageChops, ImageDraw, ImageFont

FONTS = {
    "serif": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "serif_bold": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "sans": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "sans_bold": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "wqy": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
}
A4_MM = (210.0, 297.0)


@dataclass
class Title:
    text: str
    pt: float = 20
    spaced: bool = False  # 询 问 笔 录: titles printed with spaces between characters


@dataclass
class Line:
    text: str
    align: str = "left"  # left | center | right
    indent_mm: float = 0
    pt: float | None = None


@dataclass
class Para:
    text: str
    first_indent: int = 2  # characters


@dataclass
class Table:
    rows: list[list[str]]
    widths: list[float]  # fractions of the text width per column of the widest row
    spans: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, col) -> columns it covers
    min_height_lines: dict[int, int] = field(default_factory=dict)  # row -> lines (opinion cells)


@dataclass
class Sign:
    """A signature/seal block at the right: lines above, the date last; seal (agency name) over the date."""
    lines: list[str]
    date_text: str
    seal: str | None = None


@dataclass
class Gap:
    mm: float


@dataclass
class PageBreak:
    pass


class Canvas:
    def __init__(self, dpi: int, style: dict, rng: random.Random) -> None:
        self.dpi, self.style, self.rng = dpi, style, rng
        self.w, self.h = (round(mm / 25.4 * dpi) for mm in A4_MM)
        self.margin_l = self.px(style.get("margin_mm", 25))
        self.margin_r = self.w - self.px(style.get("margin_mm", 25) - 3)
        self.top, self.bottom = self.px(24), self.h - self.px(22)
        self.pages: list[Image.Image] = []
        self.seals: list[list[tuple[int, int, str]]] = []
        self.new_page()

    def px(self, mm: float) -> int:
        return round(mm / 25.4 * self.dpi)

    def font(self, pt: float | None = None, bold: bool = False) -> ImageFont.FreeTypeFont:
        face = self.style.get("face", "serif")
        if bold and face in ("serif", "sans"):
            face += "_bold"
        return ImageFont.truetype(FONTS[face], round((pt or self.style.get("pt", 12)) * self.dpi / 72))

    def new_page(self) -> None:
        self.page = Image.new("RGB", (self.w, self.h), "white")
        self.draw = ImageDraw.Draw(self.page)
        self.pages.append(self.page)
        self.seals.append([])
        self.y = self.top

    def line_h(self, pt: float | None = None) -> int:
        return round((pt or self.style.get("pt", 12)) * self.dpi / 72 * self.style.get("leading", 1.75))

    def ensure(self, height: int) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def text_width(self, text: str, font: ImageFont.FreeTypeFont) -> int:
        return round(self.draw.textlength(text, font=font))

    def wrap(self, text: str, font: ImageFont.FreeTypeFont, width: int, first_indent: int = 0) -> list[str]:
        out, cur, avail = [], "", width - first_indent
        for ch in text:
            if ch == "\n":
                out.append(cur)
                cur, avail = "", width
                continue
            if self.text_width(cur + ch, font) > avail and cur:
                # Chinese typesetting keeps closing punctuation off a line start.
                if ch in "，。、；：）》”！？" and len(cur) > 1:
                    out.append(cur[:-1])
                    cur = cur[-1] + ch
                else:
                    out.append(cur)
                    cur = ch
                avail = width
            else:
                cur += ch
        out.append(cur)
        return out


def _draw_title(c: Canvas, b: Title) -> None:
    font = c.font(b.pt, bold=True)
    text = " ".join(b.text) if b.spaced else b.text
    h = c.line_h(b.pt)
    c.ensure(h)
    w = c.text_width(text, font)
    c.draw.text(((c.w - w) // 2, c.y), text, font=font, fill="black")
    c.y += round(h * 1.15)


def _draw_line(c: Canvas, b: Line) -> None:
    font = c.font(b.pt)
    h = c.line_h(b.pt)
    c.ensure(h)
    w = c.text_width(b.text, font)
    x = {"left": c.margin_l + c.px(b.indent_mm), "center": (c.w - w) // 2,
         "right": c.margin_r - w - c.px(b.indent_mm)}[b.align]
    c.draw.text((x, c.y), b.text, font=font, fill="black")
    c.y += h


def _draw_para(c: Canvas, b: Para) -> None:
    font = c.font()
    em = c.text_width("国", font)
    lines = c.wrap(b.text, font, c.margin_r - c.margin_l, b.first_indent * em)
    for i, line in enumerate(lines):
        c.ensure(c.line_h())
        c.draw.text((c.margin_l + (b.first_indent * em if i == 0 else 0), c.y), line, font=font, fill="black")
        c.y += c.line_h()


def _draw_table(c: Canvas, b: Table) -> None:
    font = c.font(c.style.get("pt", 12) - 1)
    total = c.margin_r - c.margin_l
    ncols = len(b.widths)
    xs = [c.margin_l]
    for frac in b.widths:
        xs.append(xs[-1] + round(frac * total))
    xs[-1] = c.margin_r
    pad = c.px(1.5)
    lh = round(c.line_h() * 0.82)
    for r, row in enumerate(b.rows):
        cells, col = [], 0
        for i, text in enumerate(row):
            span = b.spans.get((r, i), 1 if i < len(row) - 1 else ncols - col)
            x0, x1 = xs[col], xs[min(col + span, ncols)]
            cells.append((x0, x1, c.wrap(text, font, x1 - x0 - 2 * pad)))
            col += span
        n = max(max(len(lines) for _, _, lines in cells), b.min_height_lines.get(r, 1))
        height = n * lh + 2 * pad
        if c.y + height > c.bottom:
            c.new_page()
        for x0, x1, lines in cells:
            c.draw.rectangle((x0, c.y, x1, c.y + height), outline="black", width=max(1, c.dpi // 150))
            for k, line in enumerate(lines):
                c.draw.text((x0 + pad, c.y + pad + k * lh), line, font=font, fill="black")
        c.y += height
    c.y += c.line_h() // 2


def _draw_sign(c: Canvas, b: Sign) -> None:
    font = c.font()
    h = c.line_h()
    c.ensure(h * (len(b.lines) + 1) + c.px(10))
    right = c.margin_r - c.px(12)
    for line in b.lines:
        w = c.text_width(line, font)
        c.draw.text((right - w, c.y), line, font=font, fill="black")
        c.y += h
    w = c.text_width(b.date_text, font)
    c.draw.text((right - w, c.y), b.date_text, font=font, fill="black")
    if b.seal:
        cx = right - w // 2 + c.rng.randint(-c.px(4), c.px(4))
        cy = c.y + h // 3 + c.rng.randint(-c.px(3), c.px(3))
        c.seals[-1].append((cx, cy, b.seal))
    c.y += h


def render(blocks: list, dpi: int, style: dict, rng: random.Random) -> list[Image.Image]:
    c = Canvas(dpi, style, rng)
    for b in blocks:
        if isinstance(b, Title):
            _draw_title(c, b)
        elif isinstance(b, Line):
            _draw_line(c, b)
        elif isinstance(b, Para):
            _draw_para(c, b)
        elif isinstance(b, Table):
            _draw_table(c, b)
        elif isinstance(b, Sign):
            _draw_sign(c, b)
        elif isinstance(b, Gap):
            c.y += c.px(b.mm)
        elif isinstance(b, PageBreak):
            c.new_page()
    for page, seals in zip(c.pages, c.seals):
        for cx, cy, name in seals:
            stamp(page, cx, cy, c.px(21), name, rng)
    return c.pages


def stamp(page: Image.Image, cx: int, cy: int, r: int, name: str, rng: random.Random) -> None:
    """A round official seal: ring, the agency's name along the upper arc, a star; red, partly inked."""
    size = 2 * r + 4
    seal = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(seal)
    d.ellipse((2, 2, size - 3, size - 3), outline=255, width=max(2, r // 14))
    font = ImageFont.truetype(FONTS["sans_bold"], max(8, round(r * 0.30)))
    n = len(name)
    span = min(250.0, 20.0 * n)
    for i, ch in enumerate(name):
        ang = math.radians(-90 - span / 2 + span * (i + 0.5) / n)
        x, y = size / 2 + 0.72 * r * math.cos(ang), size / 2 + 0.72 * r * math.sin(ang)
        glyph = Image.new("L", (font.size * 2, font.size * 2), 0)
        ImageDraw.Draw(glyph).text((font.size // 2, font.size // 2), ch, font=font, fill=255)
        glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.BICUBIC)
        seal.paste(255, (round(x - font.size), round(y - font.size)), glyph)
    star_r = r * 0.28
    pts = [(size / 2 + (star_r if k % 2 == 0 else star_r * 0.4) * math.cos(math.radians(-90 + 36 * k)),
            size / 2 + (star_r if k % 2 == 0 else star_r * 0.4) * math.sin(math.radians(-90 + 36 * k)))
           for k in range(10)]
    d.polygon(pts, fill=255)
    seal = seal.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
    # Uneven ink: some of the ring prints faint.
    ink = rng.uniform(0.75, 0.95)
    seal = seal.point(lambda v: round(v * ink))
    red = Image.new("RGB", (size, size), (200, 30, 40))
    white = Image.new("RGB", (size, size), "white")
    layer = Image.composite(red, white, seal)
    box = (cx - size // 2, cy - size // 2)
    region = page.crop((box[0], box[1], box[0] + size, box[1] + size))
    page.paste(ImageChops.multiply(region, layer), box)
