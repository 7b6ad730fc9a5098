"""A small Pillow typesetter that remembers where every labelled span's ink lies.

A document is a list of runs (plain strings and `Span`s) flowed over A4 pages at the
scan's resolution. A span broken over a line end gets one box per line; a span broken
over a page end is labelled on each page with the part drawn there.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

NOTO = "/usr/share/fonts/opentype/noto/"
FACES = {
    "serif": (NOTO + "NotoSerifCJK-Regular.ttc", 2),
    "serif_bold": (NOTO + "NotoSerifCJK-Bold.ttc", 2),
    "sans": (NOTO + "NotoSansCJK-Regular.ttc", 2),
    "sans_bold": (NOTO + "NotoSansCJK-Bold.ttc", 2),
    "mono": (NOTO + "NotoSansCJK-Regular.ttc", 7),
    "hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
}
_FONTS: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}

NO_LINE_START = set("，。、；：？！）」』》〉,.;:?!)%")


def font(face: str, px: int) -> ImageFont.FreeTypeFont:
    key = (face, px)
    if key not in _FONTS:
        path, index = FACES[face]
        _FONTS[key] = ImageFont.truetype(path, px, index=index)
    return _FONTS[key]


@dataclass(eq=False)
class Span:
    text: str
    type: str
    pii: bool = True
    neutral: bool = False
    role: str = ""
    name: str | None = None     # whose: the person (or organisation) the span belongs to


@dataclass
class Mark:
    span: Span
    text: str = ""
    boxes: list[list[int]] = field(default_factory=list)


@dataclass
class Sheet:
    image: Image.Image
    marks: dict[int, Mark] = field(default_factory=dict)

    def mark(self, span: Span, seg: str, box: list[int]) -> None:
        m = self.marks.setdefault(id(span), Mark(span))
        m.text += seg
        m.boxes.append(box)


Run = "str | Span"


def flatten(runs) -> list[tuple[str, Span | None]]:
    out = []
    for r in runs:
        if isinstance(r, Span):
            out += [(c, r) for c in r.text]
        else:
            out += [(c, None) for c in r]
    return out


def wrap(chars, f: ImageFont.FreeTypeFont, width: float, first_indent: float = 0.0) -> list[list]:
    """Greedy wrap of characters; a closing punctuation mark never starts a line."""
    lines, cur, w = [], [], first_indent
    for ch, sp in chars:
        if ch == "\n":
            lines.append(cur)
            cur, w = [], 0.0
            continue
        cw = f.getlength(ch)
        if cur and w + cw > width and ch not in NO_LINE_START:
            lines.append(cur)
            cur, w = [], 0.0
            if ch == " ":
                continue
        cur.append((ch, sp))
        w += cw
    if cur:
        lines.append(cur)
    return lines


class Doc:
    """Pages of one document; a cursor flows text down the page and starts a new one when full."""

    def __init__(self, dpi: int, rng: random.Random, body_face: str = "serif", body_pt: float = 11.0,
                 margins_mm: tuple[float, float, float, float] = (25, 22, 25, 22), line_factor: float = 1.65,
                 ink: tuple[int, int, int] = (20, 20, 20)):
        self.dpi, self.rng = dpi, rng
        self.w, self.h = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
        self.left, self.top, self.right, self.bottom = (self.mm(margins_mm[0]), self.mm(margins_mm[1]),
                                                         self.w - self.mm(margins_mm[2]), self.h - self.mm(margins_mm[3]))
        self.body_face, self.body_pt, self.line_factor, self.ink = body_face, body_pt, line_factor, ink
        self.sheets: list[Sheet] = []
        self.y = 0
        self.on_new_page = None   # callable(doc) drawing a running head
        self.new_page()

    # units ------------------------------------------------------------------------------------------
    def mm(self, v: float) -> int:
        return round(v / 25.4 * self.dpi)

    def px(self, pt: float) -> int:
        return round(pt / 72 * self.dpi)

    def font(self, pt: float | None = None, face: str | None = None) -> ImageFont.FreeTypeFont:
        return font(face or self.body_face, self.px(pt or self.body_pt))

    @property
    def sheet(self) -> Sheet:
        return self.sheets[-1]

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        return ImageDraw.Draw(self.sheet.image)

    def new_page(self) -> None:
        self.sheets.append(Sheet(Image.new("RGB", (self.w, self.h), (255, 255, 255))))
        self.y = self.top
        if self.on_new_page:
            self.on_new_page(self)

    def need(self, height: int) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def gap(self, mm: float) -> None:
        self.y += self.mm(mm)

    # drawing text ------------------------------------------------------------------------------------
    def draw_line(self, line, x: float, y: float, f: ImageFont.FreeTypeFont, fill=None) -> float:
        """Draws one line of (char, span) pairs at x, y (top); labels its spans; returns its width."""
        text = "".join(c for c, _ in line)
        d = self.draw
        d.text((x, y), text, font=f, fill=fill or self.ink)
        i = 0
        while i < len(line):
            sp = line[i][1]
            j = i
            while j < len(line) and line[j][1] is sp:
                j += 1
            if sp is not None:
                seg = text[i:j]
                lead = len(seg) - len(seg.lstrip())
                core = seg.strip()
                if core:
                    x0 = x + f.getlength(text[:i + lead])
                    bb = f.getbbox(core)
                    self.sheet.mark(sp, seg, [math.floor(x0 + bb[0]), math.floor(y + bb[1]),
                                              math.ceil(x0 + bb[2]), math.ceil(y + bb[3])])
            i = j
        return f.getlength(text)

    def para(self, runs, *, pt: float | None = None, face: str | None = None, indent: int = 2, x0: int | None = None,
             x1: int | None = None, align: str = "left", hang: float = 0.0, after_mm: float = 0.8, fill=None) -> None:
        f = self.font(pt, face)
        x0 = self.left if x0 is None else x0
        x1 = self.right if x1 is None else x1
        em = f.getlength("中")
        lines = wrap(flatten(runs), f, x1 - x0 - hang, first_indent=indent * em - hang)
        lh = round(f.size * self.line_factor)
        for k, line in enumerate(lines):
            self.need(lh)
            width = sum(f.getlength(c) for c, _ in line)
            if align == "center":
                x = x0 + (x1 - x0 - width) / 2
            elif align == "right":
                x = x1 - width
            else:
                x = x0 + (indent * em if k == 0 else hang)
            self.draw_line(line, x, self.y, f, fill)
            self.y += lh
        self.y += self.mm(after_mm)

    def line_at(self, runs, x: float, y: float, *, pt: float | None = None, face: str | None = None, fill=None) -> float:
        f = self.font(pt, face)
        return self.draw_line(flatten(runs), x, y, f, fill)

    def rule(self, y: int | None = None, width_px: int = 2, color=(20, 20, 20), x0=None, x1=None) -> None:
        y = self.y if y is None else y
        self.draw.line([(x0 or self.left, y), (x1 or self.right, y)], fill=color, width=width_px)

    # tables ------------------------------------------------------------------------------------------
    def table(self, rows, cols_mm: list[float], *, pt: float | None = None, face: str | None = None,
              pad_mm: float = 1.6, min_row_mm: float = 9.0, line_px: int | None = None, shade_labels: bool = False):
        """rows: lists of cells; a cell is runs, or (runs, colspan), or dict(runs=, span=, center=, label=)."""
        f = self.font(pt, face)
        pad = self.mm(pad_mm)
        scale = (self.right - self.left) / self.mm(sum(cols_mm))
        xs = [self.left]
        for c in cols_mm:
            xs.append(xs[-1] + round(self.mm(c) * scale))
        xs[-1] = self.right
        lw = line_px or max(2, self.dpi // 110)
        lh = round(f.size * 1.45)
        self.last_rows = []
        for row in rows:
            cells, col = [], 0
            for cell in row:
                if isinstance(cell, dict):
                    runs, span, center = cell["runs"], cell.get("span", 1), cell.get("center", False)
                elif isinstance(cell, tuple):
                    runs, span, center = cell[0], cell[1], False
                else:
                    runs, span, center = cell, 1, False
                cx0, cx1 = xs[col] + pad, xs[col + span] - pad
                lines = wrap(flatten(runs if isinstance(runs, list) else [runs]), f, cx1 - cx0)
                cells.append((cx0, cx1, lines, center, col, span))
                col += span
            hgt = max([self.mm(min_row_mm)] + [len(c[2]) * lh + 2 * pad for c in cells])
            if self.y + hgt > self.bottom:
                self.new_page()
            top = self.y
            d = self.draw
            for cx0, cx1, lines, center, c0, span in cells:
                d.rectangle([xs[c0], top, xs[c0 + span], top + hgt], outline=self.ink, width=lw)
                ty = top + (hgt - len(lines) * lh) / 2 + (lh - f.size) / 3
                for line in lines:
                    width = sum(f.getlength(c) for c, _ in line)
                    x = cx0 + ((cx1 - cx0 - width) / 2 if center else 0)
                    self.draw_line(line, x, ty, f)
                    ty += lh
            self.y = top + hgt
            self.last_rows.append((top, top + hgt))
        self.y += self.mm(2)

    # hands and stamps --------------------------------------------------------------------------------
    def hand(self, text: str, x: float, y: float, span: Span | None = None, *, pt: float = 17,
             ink=(25, 35, 110)) -> float:
        """Writes `text` as a signature: each character turned, sized and placed a little differently."""
        r = self.rng
        face = r.choice(["hei", "sans_bold", "serif_bold"])
        img = self.sheet.image
        cx, box = x, None
        slant = r.uniform(-6, 6)
        for ch in text:
            size = self.px(pt * r.uniform(0.85, 1.15))
            f = font(face, size)
            glyph = Image.new("L", (size * 2, size * 2), 0)
            ImageDraw.Draw(glyph).text((size // 2, size // 3), ch, font=f, fill=255,
                                       stroke_width=max(0, round(size / 40) if r.random() < 0.5 else 0))
            glyph = glyph.transform(glyph.size, Image.AFFINE, (1, r.uniform(-0.35, 0.1), 0, 0, 1, 0),
                                    resample=Image.BICUBIC)
            glyph = glyph.rotate(slant + r.uniform(-9, 9), resample=Image.BICUBIC)
            bb = glyph.getbbox()
            if not bb:
                continue
            gx, gy = round(cx - bb[0]), round(y + r.uniform(-0.12, 0.12) * size - bb[1])
            img.paste(Image.new("RGB", glyph.size, ink), (gx, gy), glyph)
            b = [gx + bb[0], gy + bb[1], gx + bb[2], gy + bb[3]]
            box = b if box is None else [min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3])]
            cx = b[2] + size * r.uniform(-0.08, 0.12)
        if span is not None and box is not None:
            self.sheet.mark(span, text, box)
        return cx

    def seal(self, cx: float, cy: float, ring_text: str, *, radius_mm: float = 20, centre: str = "★") -> None:
        """A red round stamp over whatever is printed there (multiplied, so the text shows through)."""
        r = self.rng
        R = self.mm(radius_mm)
        size = 2 * R + 8
        layer = Image.new("L", (size, size), 0)
        d = ImageDraw.Draw(layer)
        c = size / 2
        d.ellipse([4, 4, size - 4, size - 4], outline=255, width=max(3, R // 14))
        f = font("sans_bold", round(R * 0.30))
        n = len(ring_text)
        span_deg = min(250, 24 * n)
        for i, ch in enumerate(ring_text):
            a = math.radians(-90 - span_deg / 2 + span_deg * (i + 0.5) / n)
            g = Image.new("L", (f.size * 2, f.size * 2), 0)
            ImageDraw.Draw(g).text((f.size // 2, f.size // 2), ch, font=f, fill=255)
            g = g.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
            px = c + math.cos(a) * R * 0.72 - g.size[0] / 2
            py = c + math.sin(a) * R * 0.72 - g.size[1] / 2
            layer.paste(255, (round(px), round(py)), g)
        fs = font("sans_bold", round(R * 0.55))
        d.text((c, c), centre, font=fs, fill=255, anchor="mm")
        layer = layer.rotate(r.uniform(-20, 20), resample=Image.BICUBIC)
        # uneven ink: some of the stamp does not take
        import numpy as np
        a = np.asarray(layer, dtype=np.float32) / 255
        nrs = np.random.default_rng(r.randrange(1 << 30))
        patchy = np.clip(0.55 + 0.45 * nrs.random(a.shape), 0, 1)
        a = (a * patchy * r.uniform(0.75, 0.95))
        img = self.sheet.image
        x0, y0 = round(cx - size / 2), round(cy - size / 2)
        region = img.crop((x0, y0, x0 + size, y0 + size))
        arr = np.asarray(region, dtype=np.float32)
        red = np.array([205, 30, 40], dtype=np.float32)
        out = arr * (1 - a[..., None]) + np.minimum(arr, red) * a[..., None]
        img.paste(Image.fromarray(out.astype(np.uint8)), (x0, y0))
