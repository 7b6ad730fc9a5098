"""Typesetting a Sheet's blocks onto A4 pages at scan resolution, with round red seals.

Text is drawn with Debian's Noto CJK (serif or sans, by house style) and
signatures in WenQuanYi Zen Hei in a dark ink. Lines break between CJK
characters but never inside a run of Latin letters and digits (an ID number
or a 执法证号 stays on one line), and closing punctuation never starts a line.
"""
from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bench.devset6.sheet import (
    Break,
    Fields,
    Grid,
    Heading,
    Letterhead,
    Ref,
    Sign,
    Signoff,
    Space,
    Text,
)

_NOTO = "/usr/share/fonts/opentype/noto/Noto{face}CJK-{weight}.ttc"
_WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
_SC = 2  # index of the Simplified Chinese face in the Noto collections
_TOKEN = re.compile(r"[A-Za-z0-9·.\-¥/]+|.", re.DOTALL)
_NO_START = set("，。、；：？！）》」』”’%")
RED = (200, 32, 38)
INK = (20, 20, 22)
SIGN_INK = (28, 36, 110)


@lru_cache(maxsize=64)
def font(face: str, weight: str, px: int) -> ImageFont.FreeTypeFont:
    if face == "sign":
        return ImageFont.truetype(_WQY, px)
    return ImageFont.truetype(_NOTO.format(face="Serif" if face == "serif" else "Sans", weight=weight), px, index=_SC)


@dataclass
class Style:
    face: str
    dpi: int
    body_pt: float = 12.0
    spacing: float = 1.65

    def px(self, pt: float) -> int:
        return round(pt * self.dpi / 72)

    def mm(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)


def wrap(text: str, f: ImageFont.FreeTypeFont, width: float, first_indent: float = 0) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        tokens = _TOKEN.findall(para)
        line, w, limit = "", 0.0, width - first_indent
        for t in tokens:
            tw = f.getlength(t)
            if line and w + tw > limit and t not in _NO_START:
                lines.append(line)
                line, w, limit = "", 0.0, width
                if t == " ":
                    continue
            line += t
            w += tw
        lines.append(line)
        first_indent = 0
    return lines


def seal_image(name: str, radius: int, rng: random.Random) -> Image.Image:
    """A round official seal: ring, star, the name around the top; ink uneven as a real stamp."""
    size = 2 * radius + 8
    im = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(im)
    c = size / 2
    ring = max(3, round(radius * 0.055))
    d.ellipse((c - radius, c - radius, c + radius, c + radius), outline=255, width=ring)
    star_r = radius * 0.27
    pts = []
    for i in range(10):
        r = star_r if i % 2 == 0 else star_r * 0.4
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((c + r * math.cos(a), c + r * math.sin(a)))
    d.polygon(pts, fill=255)
    chars = list(name)
    ch_px = max(10, round(radius * (0.3 if len(chars) < 11 else 0.22)))
    f = ImageFont.truetype(_NOTO.format(face="Sans", weight="Bold"), ch_px, index=_SC)
    span = min(230.0, 17.0 * len(chars)) if len(chars) > 6 else 150.0
    for i, ch in enumerate(chars):
        ang = -span / 2 + span * (i + 0.5) / len(chars)
        glyph = Image.new("L", (ch_px * 2, ch_px * 2), 0)
        ImageDraw.Draw(glyph).text((ch_px, ch_px), ch, font=f, fill=255, anchor="mm")
        glyph = glyph.rotate(-ang, resample=Image.BICUBIC)
        rr = radius - ring - ch_px * 0.7
        x = c + rr * math.sin(math.radians(ang))
        y = c - rr * math.cos(math.radians(ang))
        im.paste(255, (round(x - ch_px), round(y - ch_px)), glyph)
    noise = np.random.default_rng(rng.getrandbits(32)).uniform(0.55, 1.0, (size // 6 + 1, size // 6 + 1))
    mask = Image.fromarray((noise * 255).astype("uint8")).resize((size, size), Image.BILINEAR)
    alpha = np.asarray(im, dtype=np.float32) / 255 * np.asarray(mask, dtype=np.float32) / 255
    alpha = Image.fromarray((alpha * 235).astype("uint8")).filter(ImageFilter.GaussianBlur(0.6))
    return alpha.rotate(rng.uniform(-12, 12), resample=Image.BICUBIC)


class Press:
    def __init__(self, style: Style, rng: random.Random) -> None:
        self.s, self.rng = style, rng
        self.w, self.h = style.mm(210), style.mm(297)
        self.left = style.mm(rng.uniform(25, 30))
        self.right = self.w - style.mm(rng.uniform(22, 26))
        self.top, self.bottom = style.mm(rng.uniform(24, 30)), self.h - style.mm(rng.uniform(22, 27))
        self.body = font(style.face, "Regular", style.px(style.body_pt))
        self.lh = round(style.px(style.body_pt) * style.spacing)
        self.pages: list[Image.Image] = []
        self.seals: list[list[tuple[int, int, Image.Image]]] = []
        self._new_page()

    # -- pages
    def _new_page(self) -> None:
        self.pages.append(Image.new("RGB", (self.w, self.h), "white"))
        self.seals.append([])
        self.draw = ImageDraw.Draw(self.pages[-1])
        self.y = self.top

    def _room(self, h: float) -> None:
        if self.y + h > self.bottom and self.y > self.top:
            self._new_page()

    @property
    def width(self) -> int:
        return self.right - self.left

    # -- blocks
    def letterhead(self, b: Letterhead) -> None:
        big = b.rule != "none"
        f = font("serif", "Bold", self.s.px(22 if big else 15))
        self.draw.text(((self.left + self.right) / 2, self.y), b.agency, font=f, fill=RED if big else INK, anchor="ma")
        self.y += self.s.px(22 if big else 15) * 1.5
        if b.rule != "none":
            t = max(2, self.s.mm(0.7))
            self.draw.rectangle((self.left, self.y, self.right, self.y + t), fill=RED)
            if b.rule == "double":
                self.draw.rectangle((self.left, self.y + t * 2.2, self.right, self.y + t * 2.6), fill=RED)
            self.y += self.lh
        else:
            self.y += self.lh * 0.2

    def heading(self, b: Heading) -> None:
        px = self.s.px(19 * b.scale)
        f = font(self.s.face, "Bold", px)
        self._room(px * 2)
        text = b.text
        if b.spaced:
            gap = px * 0.45
            total = sum(f.getlength(ch) for ch in text) + gap * (len(text) - 1)
            x = (self.left + self.right - total) / 2
            for ch in text:
                self.draw.text((x, self.y), ch, font=f, fill=INK)
                x += f.getlength(ch) + gap
        else:
            self.draw.text(((self.left + self.right) / 2, self.y), text, font=f, fill=INK, anchor="ma")
        self.y += px * 1.9

    def ref(self, b: Ref) -> None:
        self._room(self.lh)
        x = {"right": self.right - self.s.px(12), "center": (self.left + self.right) / 2, "left": self.left}[b.align]
        anchor = {"right": "ra", "center": "ma", "left": "la"}[b.align]
        self.draw.text((x, self.y), b.text, font=self.body, fill=INK, anchor=anchor)
        self.y += self.lh * 1.3

    def text(self, b: Text) -> None:
        em = self.body.getlength("国")
        indent = 2 * em if b.indent else 0
        for i, line in enumerate(wrap(b.text, self.body, self.width, indent)):
            self._room(self.lh)
            if b.align == "center":
                self.draw.text(((self.left + self.right) / 2, self.y), line, font=self.body, fill=INK, anchor="ma")
            elif b.align == "right":
                self.draw.text((self.right, self.y), line, font=self.body, fill=INK, anchor="ra")
            else:
                self.draw.text((self.left + (indent if i == 0 else 0), self.y), line, font=self.body, fill=INK)
            self.y += self.lh

    def fields(self, b: Fields) -> None:
        gap = self.body.getlength("国") * 1.5
        for row in b.rows:
            self._room(self.lh)
            x = self.left
            for label, value in row:
                lw, vw = self.body.getlength(label), self.body.getlength(value) + self.body.getlength("国")
                if x > self.left and x + lw + min(vw, self.width / 3) > self.right:
                    self.y += self.lh
                    self._room(self.lh)
                    x = self.left
                self.draw.text((x, self.y), label, font=self.body, fill=INK)
                x += lw
                lines = wrap(value, self.body, self.right - x - 4)
                for j, line in enumerate(lines):
                    ux = x if j == 0 else self.left
                    if j:
                        self.y += self.lh
                        self._room(self.lh)
                    self.draw.text((ux + 4, self.y), line, font=self.body, fill=INK)
                    end = ux + max(self.body.getlength(line) + 12, vw if len(lines) == 1 else 0)
                    uy = self.y + self.s.px(self.s.body_pt) * 1.22
                    self.draw.line((ux, uy, min(end, self.right), uy), fill=INK, width=max(1, self.s.mm(0.15)))
                    x = ux + self.body.getlength(line) + 12
                x = max(x, self.left + (x - self.left)) + gap
            self.y += self.lh

    def grid(self, b: Grid) -> None:
        pad = self.s.mm(1.6)
        lw = max(1, self.s.mm(0.25))
        for row in b.rows:
            cells = []
            x = self.left
            total = sum(w for _, w in row)
            for text, share in row:
                cw = self.width * share / total
                cells.append((x, cw, wrap(text, self.body, cw - 2 * pad)))
                x += cw
            inner = max(len(lines) for _, _, lines in cells) * self.lh * 0.86
            h = max(inner + 2 * pad, b.min_lines * self.lh * 0.86)
            self._room(h)
            for i, (x0, cw, lines) in enumerate(cells):
                self.draw.rectangle((x0, self.y, x0 + cw, self.y + h), outline=INK, width=lw)
                ty = self.y + pad + (0 if len(lines) > 1 or i else (h - 2 * pad - self.lh * 0.86) / 2)
                for line in lines:
                    self.draw.text((x0 + pad, ty), line, font=self.body, fill=INK)
                    ty += self.lh * 0.86
            self.y += h
        self.y += self.lh * 0.5

    def sign(self, b: Sign) -> None:
        self._room(self.lh * 1.4)
        hand = font("sign", "", self.s.px(self.s.body_pt * 1.3))
        lw = self.body.getlength(b.label)
        names_w = sum(hand.getlength(n) for n in b.names) + hand.getlength("  ") * len(b.names)
        date_w = self.body.getlength(b.date_text) if b.date_text else 0
        x = self.right - lw - names_w - date_w - self.s.mm(8) if b.align == "right" else self.left
        self.draw.text((x, self.y), b.label, font=self.body, fill=INK)
        x += lw + self.s.mm(2)
        for n in b.names:
            dy = self.rng.uniform(-0.25, 0.1) * self.lh
            self.draw.text((x, self.y + dy), n, font=hand, fill=SIGN_INK)
            x += hand.getlength(n) + hand.getlength("  ")
        if b.date_text:
            self.draw.text((max(x + self.s.mm(6), self.right - date_w - self.s.mm(4)), self.y), b.date_text,
                           font=self.body, fill=INK)
        self.y += self.lh * 1.4

    def signoff(self, b: Signoff) -> None:
        radius = self.s.mm(self.rng.uniform(19.5, 21))
        need = self.lh * (len(b.lines) + 1) + (0 if b.over_date else radius)
        self._room(need + radius * 0.3)
        widths = [self.body.getlength(t) for t in b.lines + [b.date_text]]
        block_right = self.right - self.s.mm(self.rng.uniform(6, 16))
        cx = block_right - max(widths) / 2
        top = self.y
        for t in b.lines:
            self.draw.text((block_right, self.y), t, font=self.body, fill=INK, anchor="ra")
            self.y += self.lh
        if not b.over_date:  # the seal sits on the issuer line, the date clear below it
            self.y = max(self.y, top + radius * 1.15)
        date_y = self.y
        self.draw.text((block_right, date_y), b.date_text, font=self.body, fill=INK, anchor="ra")
        self.y += self.lh * 1.5
        if b.seal:
            cy = (top + date_y + self.lh) / 2 if b.over_date else top + self.lh * 0.5
            seal = seal_image(b.seal, radius, self.rng)
            self.seals[-1].append((round(cx - seal.width / 2 + self.rng.uniform(-8, 8)),
                                   round(cy - seal.height / 2), seal))

    def set(self, blocks: list) -> list[Image.Image]:
        for b in blocks:
            if isinstance(b, Letterhead):
                self.letterhead(b)
            elif isinstance(b, Heading):
                self.heading(b)
            elif isinstance(b, Ref):
                self.ref(b)
            elif isinstance(b, Text):
                self.text(b)
            elif isinstance(b, Fields):
                self.fields(b)
            elif isinstance(b, Grid):
                self.grid(b)
            elif isinstance(b, Sign):
                self.sign(b)
            elif isinstance(b, Signoff):
                self.signoff(b)
            elif isinstance(b, Space):
                self.y += self.lh * b.lines
            elif isinstance(b, Break):
                self._new_page()
        return self._finish()

    def _finish(self) -> list[Image.Image]:
        out = []
        n = len(self.pages)
        for i, (page, seals) in enumerate(zip(self.pages, self.seals)):
            if n > 1:
                ImageDraw.Draw(page).text((self.w / 2, self.h - self.s.mm(14)), f"第 {i + 1} 页 共 {n} 页",
                                          font=font(self.s.face, "Regular", self.s.px(9)), fill=INK, anchor="ma")
            arr = np.asarray(page, dtype=np.float32)
            for x, y, alpha in seals:
                a = np.zeros(arr.shape[:2], dtype=np.float32)
                x0, y0 = max(0, x), max(0, y)
                x1, y1 = min(arr.shape[1], x + alpha.width), min(arr.shape[0], y + alpha.height)
                a[y0:y1, x0:x1] = np.asarray(alpha, dtype=np.float32)[y0 - y:y1 - y, x0 - x:x1 - x] / 255
                ink = np.array(RED, dtype=np.float32) / 255
                arr = arr * (1 - a[..., None] * (1 - ink))
            out.append(Image.fromarray(arr.clip(0, 255).astype("uint8")))
        return out
