"""Draw devset4's documents as scanned pages with Pillow, and degrade and write them.

A document is a list of blocks (tuples, drawn top to bottom, a new page when one is full):
  ("head", text)                 letterhead, red on colour scans, ruled under
  ("title", text)                centred bold title
  ("num", text, align)           a number line (left | center | right)
  ("p", text)                    an indented paragraph; ("p0", text) without indent
  ("form", rows)                 ruled table; a row is [(text, width share), ...]
  ("closing", lines, sealed)     right-hand agency and date lines, a red seal over them
  ("gap", lines) / ("break",)
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = {
    "serif": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "serif_bold": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "sans": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "sans_bold": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "hei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
}
RED = (205, 30, 35)
A4_MM = (210, 297)


@dataclass
class Scan:
    mode: str  # colour | grey | bilevel
    dpi: int
    fmt: str  # pdf | tif
    skew: float
    blur: float
    noise: float
    body_font: str

    @staticmethod
    def draw(rng: random.Random, mode: str) -> Scan:
        return Scan(mode=mode, dpi=rng.choice((200, 240, 300)), fmt=rng.choice(("pdf", "pdf", "tif")),
                    skew=rng.uniform(-1.6, 1.6), blur=rng.choice((0.0, 0.4, 0.7)), noise=rng.uniform(3, 12),
                    body_font=rng.choice(("serif", "serif", "sans", "hei")))


class Painter:
    def __init__(self, s: Scan) -> None:
        self.s = s
        self.px = lambda mm: int(mm / 25.4 * s.dpi)
        self.w, self.h = self.px(A4_MM[0]), self.px(A4_MM[1])
        self.ml, self.mr, self.mt, self.mb = self.px(26), self.px(24), self.px(28), self.px(25)
        pt = lambda p: int(p / 72 * s.dpi)
        self.body = ImageFont.truetype(FONTS[s.body_font], pt(12))
        self.small = ImageFont.truetype(FONTS[s.body_font], pt(10.5))
        self.title = ImageFont.truetype(FONTS["serif_bold"], pt(19))
        self.head = ImageFont.truetype(FONTS["sans_bold"], pt(21))
        self.seal_font = ImageFont.truetype(FONTS["hei"], pt(10))
        self.lh = int(pt(12) * 1.75)
        self.pages: list[Image.Image] = []
        self.seals: list[list[tuple[int, int, str]]] = []
        self._new_page()

    def _new_page(self) -> None:
        self.img = Image.new("RGB", (self.w, self.h), "white")
        self.d = ImageDraw.Draw(self.img)
        self.y = self.mt
        self.pages.append(self.img)
        self.seals.append([])

    def _need(self, height: int) -> None:
        if self.y + height > self.h - self.mb:
            self._new_page()

    def wrap(self, text: str, font: ImageFont.FreeTypeFont, width: int, indent: int = 0) -> list[str]:
        lines, cur, limit = [], "", width - indent
        for part in text.split("\n"):
            for ch in part:
                if font.getlength(cur + ch) > limit:
                    lines.append(cur)
                    cur, limit = ch, width
                else:
                    cur += ch
            lines.append(cur)
            cur, limit = "", width
        return lines

    def block(self, b: tuple, colour: bool) -> None:
        kind, width = b[0], self.w - self.ml - self.mr
        if kind == "head":
            self._need(self.lh * 3)
            tw = self.head.getlength(b[1])
            self.d.text(((self.w - tw) / 2, self.y), b[1], font=self.head, fill=RED if colour else "black")
            self.y += int(self.head.size * 1.6)
            self.d.line((self.ml, self.y, self.w - self.mr, self.y), fill=RED if colour else "black",
                        width=max(2, self.s.dpi // 100))
            self.y += self.lh // 2
        elif kind == "title":
            self._need(self.lh * 2)
            tw = self.title.getlength(b[1])
            self.d.text(((self.w - tw) / 2, self.y), b[1], font=self.title, fill="black")
            self.y += int(self.title.size * 1.9)
        elif kind == "num":
            self._need(self.lh)
            tw = self.body.getlength(b[1])
            x = {"left": self.ml, "center": (self.w - tw) / 2, "right": self.w - self.mr - tw}[b[2]]
            self.d.text((x, self.y), b[1], font=self.body, fill="black")
            self.y += int(self.lh * 1.3)
        elif kind in ("p", "p0"):
            ind = int(self.body.size * 2) if kind == "p" else 0
            for i, line in enumerate(self.wrap(b[1], self.body, width, ind)):
                self._need(self.lh)
                self.d.text((self.ml + (ind if i == 0 else 0), self.y), line, font=self.body, fill="black")
                self.y += self.lh
        elif kind == "form":
            self._form(b[1], width)
        elif kind == "closing":
            lines, sealed = b[1], b[2]
            self._need(self.lh * (len(lines) + 2))
            self.y += self.lh
            right = self.w - self.mr - self.px(12)
            centre = None
            for line in lines:
                tw = self.body.getlength(line)
                self.d.text((right - tw, self.y), line, font=self.body, fill="black")
                centre = (int(right - tw / 2), self.y + self.lh // 2)
                self.y += self.lh
            if sealed and centre:
                self.seals[-1].append((centre[0], centre[1] - self.lh // 2, lines[0]))
        elif kind == "gap":
            self.y += int(self.lh * b[1])
        elif kind == "break":
            self._new_page()

    def _form(self, rows: list[list[tuple[str, float]]], width: int) -> None:
        pad, lw = self.px(1.6), max(1, self.s.dpi // 120)
        for row in rows:
            total = sum(sh for _, sh in row)
            widths = [int(width * sh / total) for _, sh in row]
            wrapped = [self.wrap(t, self.small, w - 2 * pad) for (t, _), w in zip(row, widths)]
            lh = int(self.small.size * 1.6)
            height = max(int(self.lh * 1.5), max(len(w) for w in wrapped) * lh + 2 * pad)
            if self.y + height > self.h - self.mb:
                self._new_page()
            x = self.ml
            for lines, w in zip(wrapped, widths):
                self.d.rectangle((x, self.y, x + w, self.y + height), outline="black", width=lw)
                ty = self.y + (height - len(lines) * lh) // 2
                for line in lines:
                    self.d.text((x + pad, ty), line, font=self.small, fill="black")
                    ty += lh
                x += w
            self.y += height

    def seal(self, page: Image.Image, cx: int, cy: int, text: str, rng: random.Random) -> Image.Image:
        r = self.px(20)
        layer = Image.new("L", (2 * r + 4, 2 * r + 4), 0)
        d = ImageDraw.Draw(layer)
        c = r + 2
        d.ellipse((2, 2, 2 * r + 2, 2 * r + 2), outline=255, width=max(3, r // 14))
        star = [(c + (r * 0.26 if i % 2 == 0 else r * 0.1) * math.sin(i * math.pi / 5),
                 c - (r * 0.26 if i % 2 == 0 else r * 0.1) * math.cos(i * math.pi / 5)) for i in range(10)]
        d.polygon(star, fill=255)
        chars = list(text)[:16]
        span = 220.0
        for i, ch in enumerate(chars):
            ang = -span / 2 + span * (i + 0.5) / len(chars)
            glyph = Image.new("L", (self.seal_font.size + 6,) * 2, 0)
            ImageDraw.Draw(glyph).text((3, 0), ch, font=self.seal_font, fill=255)
            glyph = glyph.rotate(-ang, expand=True)
            rad = math.radians(ang)
            gx = c + (r * 0.72) * math.sin(rad) - glyph.width / 2
            gy = c - (r * 0.72) * math.cos(rad) - glyph.height / 2
            layer.paste(255, (int(gx), int(gy)), glyph)
        layer = layer.rotate(rng.uniform(-20, 20))
        alpha = layer.point(lambda v: int(v * 0.82))
        red = Image.new("RGB", layer.size, RED)
        page.paste(red, (cx - c + rng.randint(-r // 4, r // 4), cy - c + rng.randint(-r // 5, r // 5)), alpha)
        return page


def render(blocks: list[tuple], s: Scan, rng: random.Random) -> list[Image.Image]:
    p = Painter(s)
    for b in blocks:
        p.block(b, colour=True)
    out = []
    for page, seals in zip(p.pages, p.seals):
        for cx, cy, text in seals:
            page = p.seal(page, cx, cy, text, rng)
        out.append(degrade(page, s, rng))
    return out


def degrade(page: Image.Image, s: Scan, rng: random.Random) -> Image.Image:
    if s.mode == "colour":
        tint = Image.new("RGB", page.size, (rng.randint(238, 250), rng.randint(236, 248), rng.randint(226, 240)))
        page = Image.composite(page, tint, page.convert("L").point(lambda v: 255 - v))
    page = page.rotate(s.skew, resample=Image.BICUBIC, expand=False, fillcolor="white")
    if s.blur:
        page = page.filter(ImageFilter.GaussianBlur(s.blur))
    arr = np.asarray(page).astype(np.int16)
    noise = np.random.default_rng(rng.getrandbits(32)).normal(0, s.noise, arr.shape[:2])
    arr = np.clip(arr + (noise[..., None] if arr.ndim == 3 else noise), 0, 255).astype(np.uint8)
    page = Image.fromarray(arr)
    if s.mode == "grey":
        page = page.convert("L")
    elif s.mode == "bilevel":
        page = page.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1")
    return page


def write(pages: list[Image.Image], s: Scan, stem: Path) -> Path:
    if s.fmt == "pdf":
        path = stem.with_suffix(".pdf")
        pages[0].save(path, save_all=True, append_images=pages[1:], resolution=s.dpi)
    else:
        path = stem.with_suffix(".tif")
        comp = "group4" if s.mode == "bilevel" else "tiff_lzw"
        pages[0].save(path, save_all=True, append_images=pages[1:], dpi=(s.dpi, s.dpi), compression=comp)
    return path
