"""Typesetting the held-out documents on A4 paper with Pillow, in each agency's house style.

Pages come out as clean RGB paper (black text, a red letterhead where the house
has one, round red seals over the sealed closings); bench.devset2.scan turns
them into scans afterwards.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from bench.devset2.model import Block, Closing, Form, Gap, Letterhead, NumberLine, PageBreak, Para, Title

NOTO = "/usr/share/fonts/opentype/noto/"
FONTS = {  # name -> (file, face index of the Simplified Chinese face)
    "serif": (NOTO + "NotoSerifCJK-Regular.ttc", 2),
    "serif_bold": (NOTO + "NotoSerifCJK-Bold.ttc", 2),
    "sans": (NOTO + "NotoSansCJK-Regular.ttc", 2),
    "sans_bold": (NOTO + "NotoSansCJK-Bold.ttc", 2),
    "zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
}
NO_LINE_START = set("，。、；：？！）》」』”’%")
INK = (25, 25, 25)
SEAL_RED = (214, 38, 44)


@dataclass(frozen=True)
class House:
    """An agency's way of setting its papers."""
    body: str = "serif"
    title: str = "sans_bold"
    body_pt: float = 14.0
    title_pt: float = 20.0
    leading: float = 1.75  # line height / font size
    red_letterhead: bool = True
    page_numbers: bool = False
    margin_mm: tuple[float, float, float, float] = (28, 26, 25, 24)  # top, left, bottom, right


@dataclass
class Seal:
    page: int
    center: tuple[int, int]
    agency: str


@dataclass
class Typeset:
    pages: list[Image.Image]
    seals: list[Seal]


def mm(v: float, dpi: int) -> int:
    return round(v / 25.4 * dpi)


@lru_cache(maxsize=64)
def font(name: str, px: int) -> ImageFont.FreeTypeFont:
    path, index = FONTS[name]
    return ImageFont.truetype(path, px, index=index)


def wrap(text: str, f: ImageFont.FreeTypeFont, width: int, first_indent: int = 0) -> list[str]:
    lines: list[str] = []
    line = ""
    avail = width - first_indent
    for ch in text:
        if f.getlength(line + ch) > avail and line:
            if ch in NO_LINE_START:  # punctuation hangs at the end of the line
                line += ch
                continue
            lines.append(line)
            line, avail = ch, width
        else:
            line += ch
    if line:
        lines.append(line)
    return lines or [""]


class _Pager:
    def __init__(self, house: House, dpi: int) -> None:
        self.h, self.dpi = house, dpi
        self.W, self.H = mm(210, dpi), mm(297, dpi)
        top, left, bottom, right = house.margin_mm
        self.top, self.left = mm(top, dpi), mm(left, dpi)
        self.bottom, self.right = self.H - mm(bottom, dpi), self.W - mm(right, dpi)
        self.width = self.right - self.left
        self.body_px = round(house.body_pt / 72 * dpi)
        self.lh = round(self.body_px * house.leading)
        self.body = font(house.body, self.body_px)
        self.pages: list[Image.Image] = []
        self.seals: list[Seal] = []
        self.new_page()

    def new_page(self) -> None:
        self.pages.append(Image.new("RGB", (self.W, self.H), "white"))
        self.draw = ImageDraw.Draw(self.pages[-1])
        self.y = self.top

    def need(self, h: int) -> None:
        if self.y + h > self.bottom:
            self.new_page()

    def text_line(self, text: str, f, align: str = "left", x0: int | None = None, fill=INK) -> None:
        x = self.left if x0 is None else x0
        if align == "center":
            x = self.left + (self.width - f.getlength(text)) / 2
        elif align == "right":
            x = self.right - f.getlength(text)
        self.draw.text((x, self.y + (self.lh - f.size) / 2), text, font=f, fill=fill)

    # -- blocks --

    def letterhead(self, b: Letterhead) -> None:
        f = font(self.h.title, round(self.h.title_pt * 1.25 / 72 * self.dpi))
        colour = SEAL_RED if self.h.red_letterhead else INK
        self.need(f.size * 2)
        self.draw.text((self.left + (self.width - f.getlength(b.agency)) / 2, self.y), b.agency, font=f, fill=colour)
        self.y += round(f.size * 1.5)
        if b.rule:
            self.draw.line((self.left, self.y, self.right, self.y), fill=colour, width=max(2, mm(0.6, self.dpi)))
            self.y += mm(4, self.dpi)

    def title(self, b: Title) -> None:
        f = font(self.h.title, round(self.h.title_pt * b.size / 72 * self.dpi))
        lines = wrap(b.text, f, self.width)
        self.need(len(lines) * round(f.size * 1.6))
        for line in lines:
            self.draw.text((self.left + (self.width - f.getlength(line)) / 2, self.y), line, font=f, fill=INK)
            self.y += round(f.size * 1.6)
        self.y += round(self.lh * 0.3)

    def number(self, b: NumberLine) -> None:
        self.need(self.lh)
        self.text_line(b.text, self.body, b.align)
        self.y += self.lh

    def para(self, b: Para) -> None:
        indent = round(self.body_px * 2) if b.indent else 0
        lines = wrap(b.text, self.body, self.width, indent)
        for i, line in enumerate(lines):
            self.need(self.lh)
            if b.align == "left":
                self.text_line(line, self.body, "left", self.left + (indent if i == 0 else 0))
            else:
                self.text_line(line, self.body, b.align)
            self.y += self.lh

    def form(self, b: Form) -> None:
        pad = mm(1.8, self.dpi)
        line_w = max(2, mm(0.35, self.dpi))
        small = font(self.h.body, round(self.body_px * 0.95))
        lh = round(small.size * 1.55)
        for row in b.rows:
            total = sum(w for _, w in row)
            widths = [round(self.width * w / total) for _, w in row]
            widths[-1] = self.width - sum(widths[:-1])
            cells = [wrap(t, small, w - 2 * pad) for (t, _), w in zip(row, widths)]
            h = max(max(len(c) for c in cells) * lh + 2 * pad, round(b.min_row_h * lh))
            if self.y + h > self.bottom:
                self.new_page()
            x = self.left
            for lines, w in zip(cells, widths):
                self.draw.rectangle((x, self.y, x + w, self.y + h), outline=INK, width=line_w)
                ty = self.y + (h - len(lines) * lh) / 2
                for line in lines:
                    self.draw.text((x + pad, ty + (lh - small.size) / 2), line, font=small, fill=INK)
                    ty += lh
                x += w
            self.y += h - line_w  # rows share their border
        self.y += self.lh // 2

    def closing(self, b: Closing) -> None:
        block_h = self.lh * len(b.lines)
        self.need(block_h + self.lh)
        self.y += self.lh // 2
        widest = max(self.body.getlength(t) for t in b.lines)
        cx = self.right - mm(12, self.dpi) - widest / 2
        y0 = self.y
        for t in b.lines:
            self.text_line(t, self.body, "left", round(cx - self.body.getlength(t) / 2))
            self.y += self.lh
        if b.sealed:
            self.seals.append(Seal(len(self.pages) - 1, (round(cx), round(y0 + block_h / 2)), b.lines[0]))

    def run(self, blocks: list[Block]) -> Typeset:
        for b in blocks:
            match b:
                case Letterhead():
                    self.letterhead(b)
                case Title():
                    self.title(b)
                case NumberLine():
                    self.number(b)
                case Para():
                    self.para(b)
                case Form():
                    self.form(b)
                case Gap():
                    self.y += round(self.lh * b.lines)
                case Closing():
                    self.closing(b)
                case PageBreak():
                    self.new_page()
        if self.h.page_numbers and len(self.pages) > 1:
            small = font(self.h.body, round(self.body_px * 0.85))
            for i, page in enumerate(self.pages):
                text = f"第{i + 1}页　共{len(self.pages)}页"
                ImageDraw.Draw(page).text(((self.W - small.getlength(text)) / 2, self.bottom + mm(6, self.dpi)),
                                          text, font=small, fill=INK)
        return Typeset(self.pages, self.seals)


def typeset(blocks: list[Block], house: House, dpi: int, rng: random.Random) -> Typeset:
    out = _Pager(house, dpi).run(blocks)
    for seal in out.seals:
        stamp_seal(out.pages[seal.page], seal.center, seal.agency, dpi, rng)
    return out


# -- the round seal --------------------------------------------------------------------------------

def seal_mask(agency: str, dpi: int, rng: random.Random) -> Image.Image:
    """A round official seal: ring, five-pointed star, the agency's name along the upper arc."""
    d = mm(rng.uniform(40, 42), dpi)
    m = Image.new("L", (d, d), 0)
    g = ImageDraw.Draw(m)
    ring = max(3, mm(1.1, dpi))
    g.ellipse((ring // 2, ring // 2, d - ring // 2 - 1, d - ring // 2 - 1), outline=255, width=ring)
    r_star, c = d * 0.16, d / 2
    pts = []
    for k in range(10):
        r = r_star if k % 2 == 0 else r_star * 0.38
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((c + r * math.cos(a), c + r * math.sin(a)))
    g.polygon(pts, fill=255)
    name = agency.replace("行政执法", "")[:16]
    ch_px = round(d * 0.105)
    f = font("serif_bold", ch_px)
    span = math.radians(min(250, 22 * len(name)))
    radius = d / 2 - ring - ch_px * 0.75
    for i, ch in enumerate(name):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(name)
        glyph = Image.new("L", (ch_px * 2, ch_px * 2), 0)
        ImageDraw.Draw(glyph).text((ch_px / 2, ch_px / 2 - ch_px * 0.1), ch, font=f, fill=255)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        x, y = c + radius * math.cos(a) - ch_px, c + radius * math.sin(a) - ch_px
        m.paste(255, (round(x), round(y)), glyph)
    # uneven ink: a smooth random field thins the impression in places
    field = np.asarray(Image.effect_noise((max(4, d // 40),) * 2, 60).resize((d, d), Image.BICUBIC), dtype=np.float32)
    ink = np.clip(0.55 + (field - 128) / 255 + rng.uniform(0.1, 0.3), 0.3, 1.0)
    return Image.fromarray((np.asarray(m, dtype=np.float32) * ink).astype(np.uint8))


def stamp_seal(page: Image.Image, center: tuple[int, int], agency: str, dpi: int, rng: random.Random) -> None:
    mask = seal_mask(agency, dpi, rng).rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
    cx = center[0] + mm(rng.uniform(-6, 6), dpi)
    cy = center[1] + mm(rng.uniform(-3, 3), dpi)
    x0, y0 = cx - mask.width // 2, cy - mask.height // 2
    box = (x0, y0, x0 + mask.width, y0 + mask.height)
    region = np.asarray(page.crop(box), dtype=np.float32)
    a = np.asarray(mask, dtype=np.float32)[..., None] / 255 * 0.85
    red = np.array(SEAL_RED, dtype=np.float32)
    out = region * (1 - a) + np.minimum(region, red) * a  # ink multiplies over what is printed
    page.paste(Image.fromarray(out.astype(np.uint8)), box[:2])
