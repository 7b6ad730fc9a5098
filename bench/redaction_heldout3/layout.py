"""Typesetting of a document into A4 page images, remembering where every labelled span's ink lies.

A document is a list of blocks (paragraphs, label/value tables, gaps, a seal).
Text wraps character by character, as Chinese word processors and hand-filled
forms do, so a long number can break over a line end; each labelled span keeps
one box per line it is drawn on, tightened to the ink before rules and seals
are added.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONTS = {"serif": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
         "serif_bold": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
         "sans": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
         "sans_bold": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
         "hei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"}
NO_LINE_START = set("，。、；：？！）》」』”’%")
INK = (18, 18, 18)
PEN = (25, 35, 120)   # fill-ins written on a printed form
A4_MM = (210.0, 297.0)


@lru_cache(maxsize=64)
def font(name: str, px: int) -> ImageFont.FreeTypeFont:
    index = 2 if FONTS[name].endswith("CJK-Regular.ttc") or FONTS[name].endswith("CJK-Bold.ttc") else 0
    return ImageFont.truetype(FONTS[name], px, index=index)


@dataclass
class Seg:
    text: str
    label: dict | None = None
    pen: bool = False


def T(text: str) -> Seg:
    return Seg(text)


def pii(kind: str, text: str, role: str, whose: str | None = None, pen: bool = False) -> Seg:
    return Seg(text, {"pii": True, "neutral": False, "type": kind, "role": role, "text": text,
                      "whose": {"role": role, "name": whose}}, pen)


def keep(kind: str, text: str, role: str = "", pen: bool = False) -> Seg:
    return Seg(text, {"pii": False, "neutral": False, "type": kind, "role": role, "text": text, "whose": None}, pen)


def neutral(kind: str, text: str, role: str = "") -> Seg:
    """Text the policy leaves open (a masked name, a sole trader's shop name): boxes over it count neither way."""
    return Seg(text, {"pii": False, "neutral": True, "type": kind, "role": role, "text": text, "whose": None})


@dataclass
class Para:
    segs: list[Seg]
    size: float = 1.0
    align: str = "left"          # left, center, right
    indent: float = 2.0          # first-line indent in characters
    face: str = "serif"
    after: float = 0.35          # space after, in lines


@dataclass
class Table:
    cols_mm: list[float]
    rows: list[list[list[Seg]]]
    size: float = 0.92
    face: str = "serif"


@dataclass
class Gap:
    mm: float


@dataclass
class Seal:
    text: str
    dx_mm: float = 0.0           # offset from the right-hand signature block


@dataclass
class Placed:
    """One labelled span on one page: its pieces of text and their ink boxes, one per line."""
    label: dict
    page: int
    pieces: list[str] = field(default_factory=list)
    boxes: list[list[int]] = field(default_factory=list)


class Typesetter:
    def __init__(self, dpi: int, body_mm: float, margins_mm: tuple[float, float, float, float], line: float):
        self.dpi = dpi
        self.body_px = self.px(body_mm)
        self.left, self.top, self.right, self.bottom = (self.px(m) for m in margins_mm)
        self.line = line
        self.w, self.h = self.px(A4_MM[0]), self.px(A4_MM[1])
        self.pages: list[Image.Image] = []
        self.rules: list[list[tuple]] = []       # per page: lines drawn after the ink boxes are taken
        self.seals: list[list[tuple]] = []
        self.placed: list[Placed] = []
        self._new_page()

    def px(self, mm: float) -> int:
        return round(mm / 25.4 * self.dpi)

    def _new_page(self) -> None:
        self.pages.append(Image.new("RGB", (self.w, self.h), (255, 255, 255)))
        self.rules.append([])
        self.seals.append([])
        self.y = self.top

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        return ImageDraw.Draw(self.pages[-1])

    # -- wrapping ---------------------------------------------------------------------------------
    @staticmethod
    def wrap(segs: list[Seg], f: ImageFont.FreeTypeFont, width: float, indent: float) -> list[list[tuple[int, str]]]:
        lines: list[list[tuple[int, str]]] = [[]]
        x = indent
        for si, seg in enumerate(segs):
            for ch in seg.text:
                if ch == "\n":
                    lines.append([])
                    x = 0.0
                    continue
                adv = f.getlength(ch)
                if x + adv > width and lines[-1] and ch not in NO_LINE_START:
                    lines.append([])
                    x = 0.0
                line = lines[-1]
                if line and line[-1][0] == si:
                    line[-1] = (si, line[-1][1] + ch)
                else:
                    line.append((si, ch))
                x += adv
        return lines

    def _emit_line(self, segs: list[Seg], line: list[tuple[int, str]], x: float, y: int,
                   f: ImageFont.FreeTypeFont, spans: dict[int, Placed]) -> None:
        d = self.draw
        for si, piece in line:
            seg = segs[si]
            d.text((x, y), piece, font=f, fill=PEN if seg.pen else INK)
            if seg.label is not None and piece.strip():
                key = id(seg)
                page = len(self.pages)
                if key not in spans or spans[key].page != page:
                    spans[key] = Placed(seg.label, page)
                    self.placed.append(spans[key])
                lead = len(piece) - len(piece.lstrip())
                x_ink = x + f.getlength(piece[:lead])
                bb = d.textbbox((x_ink, y), piece.strip(), font=f)
                spans[key].pieces.append(piece.strip())
                spans[key].boxes.append([math.floor(bb[0]), math.floor(bb[1]), math.ceil(bb[2]), math.ceil(bb[3])])
            x += f.getlength(piece)

    # -- blocks -------------------------------------------------------------------------------------
    def para(self, p: Para) -> None:
        f = font(p.face, round(self.body_px * p.size))
        lh = round(f.size * self.line)
        width = self.w - self.left - self.right
        lines = self.wrap(p.segs, f, width, p.indent * f.size)
        spans: dict[int, Placed] = {}
        for i, line in enumerate(lines):
            if self.y + lh > self.h - self.bottom:
                self._new_page()
            text_w = sum(f.getlength(t) for _, t in line)
            x = self.left + (p.indent * f.size if i == 0 else 0)
            if p.align == "center":
                x = (self.w - text_w) / 2
            elif p.align == "right":
                x = self.w - self.right - text_w
            self._emit_line(p.segs, line, x, self.y, f, spans)
            self.y += lh
        self.y += round(lh * p.after)

    def table(self, t: Table) -> None:
        f = font(t.face, round(self.body_px * t.size))
        lh = round(f.size * 1.35)
        pad = self.px(1.6)
        cols = [self.px(c) for c in t.cols_mm]
        x0 = self.left
        for row in t.rows:
            wrapped = [self.wrap(cell, f, cols[i] - 2 * pad, 0) for i, cell in enumerate(row)]
            row_h = max(len(w) for w in wrapped) * lh + 2 * pad
            if self.y + row_h > self.h - self.bottom:
                self._new_page()
            x = x0
            for i, cell in enumerate(row):
                spans: dict[int, Placed] = {}
                for j, line in enumerate(wrapped[i]):
                    self._emit_line(cell, line, x + pad, self.y + pad + j * lh, f, spans)
                self.rules[-1].append((x, self.y, x + cols[i], self.y + row_h))
                x += cols[i]
            self.y += row_h
        self.y += self.px(3)

    def gap(self, g: Gap) -> None:
        self.y += self.px(g.mm)

    def seal(self, s: Seal) -> None:
        # the seal sits over the agency's name and date just written, as stamped on the signature block
        cx = self.w - self.right - self.px(28) + self.px(s.dx_mm)
        cy = self.y - self.px(16)
        self.seals[-1].append((cx, cy, s.text))

    def set(self, blocks: list) -> None:
        for b in blocks:
            {Para: self.para, Table: self.table, Gap: self.gap, Seal: self.seal}[type(b)](b)

    # -- finishing ----------------------------------------------------------------------------------
    def finish(self) -> list[Image.Image]:
        for n, page in enumerate(self.pages, start=1):
            ink = np.asarray(page.convert("L")) < 170
            for sp in self.placed:
                if sp.page == n:
                    sp.boxes = [tighten(ink, b) for b in sp.boxes]
            d = ImageDraw.Draw(page)
            lw = max(1, self.px(0.25))
            for r in self.rules[n - 1]:
                d.rectangle(r, outline=INK, width=lw)
            for cx, cy, text in self.seals[n - 1]:
                stamp(page, cx, cy, self.px(40), text)
        return self.pages


def tighten(ink: np.ndarray, box: list[int]) -> list[int]:
    x0, y0, x1, y1 = box
    h, w = ink.shape
    x0, y0, x1, y1 = max(0, x0 - 2), max(0, y0 - 2), min(w, x1 + 2), min(h, y1 + 2)
    region = ink[y0:y1, x0:x1]
    ys, xs = np.nonzero(region)
    if len(xs) == 0:
        return box
    return [x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1]


def stamp(page: Image.Image, cx: int, cy: int, d: int, text: str) -> None:
    """A round red seal with a star and the agency's name round the top, inked over whatever lies under it."""
    layer = Image.new("L", (d, d), 0)
    draw = ImageDraw.Draw(layer)
    ring = max(3, d // 30)
    draw.ellipse([ring, ring, d - ring, d - ring], outline=255, width=ring)
    c = d / 2
    star = [(c + d * 0.12 * math.cos(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4),
             c + d * 0.12 * math.sin(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4)) for i in range(10)]
    draw.polygon(star, fill=255)
    f = font("sans_bold", max(8, d // 10))
    n = len(text)
    for i, ch in enumerate(text):
        ang = -160 + 140 * i / max(1, n - 1)
        g = Image.new("L", (f.size * 2, f.size * 2), 0)
        ImageDraw.Draw(g).text((f.size // 2, f.size // 2), ch, font=f, fill=255)
        g = g.rotate(-(ang + 90), resample=Image.BICUBIC)
        r = d / 2 - ring - f.size * 0.9
        gx = c + r * math.cos(math.radians(ang)) - g.width / 2
        gy = c + r * math.sin(math.radians(ang)) - g.height / 2
        layer.paste(255, (round(gx), round(gy)), g)
    alpha = (np.asarray(layer, dtype=np.float32) / 255 * 0.78)[..., None]
    x0, y0 = cx - d // 2, cy - d // 2
    box = (max(0, x0), max(0, y0), min(page.width, x0 + d), min(page.height, y0 + d))
    region = np.asarray(page.crop(box), dtype=np.float32)
    a = alpha[box[1] - y0:box[3] - y0, box[0] - x0:box[2] - x0]
    red = np.array([205, 30, 35], dtype=np.float32)
    # stamp ink multiplies with the print under it: black text stays dark, paper turns red
    out = region * (1 - a) + np.minimum(region, red) * a
    page.paste(Image.fromarray(out.clip(0, 255).astype(np.uint8)), box[:2])
