"""Typesetting A4 pages of Chinese case documents, recording the ink box of every labelled span on each line.

A document is a flow of blocks (headings, paragraphs, form tables, signature lines);
text wraps character by character as Chinese typesetting does, so a long number or an
address can run over a line end (each line it lands on gives the span one box).
Labelled text is a segment (text, Label); the ink box is measured from the glyphs
actually drawn, not from font metrics.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SANS_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
SERIF_BOLD = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
NO_LINE_START = set("，。、；：？！）》」』”’,.;:)%")

_fonts: dict = {}


def font(path: str, px: int) -> ImageFont.FreeTypeFont:
    key = (path, px)
    if key not in _fonts:
        _fonts[key] = ImageFont.truetype(path, px, index=2 if "Noto" in path else 0)
    return _fonts[key]


@dataclass
class Label:
    """What a span is: PII (pii=True), kept on release (pii=False), or neutral (counts neither way)."""

    type: str
    pii: bool
    role: str = ""
    name: str = ""  # whose data it is
    neutral: bool = False


Seg = tuple[str, "Label | None"]


@dataclass
class Page:
    img: Image.Image
    spans: list[dict] = field(default_factory=list)


class Doc:
    def __init__(self, dpi: int, body_pt: float = 12.0, body_font: str = SERIF, ink=(20, 20, 24)):
        self.dpi = dpi
        self.w, self.h = round(8.27 * dpi), round(11.69 * dpi)
        self.margin_x = round(dpi * 0.98)
        self.top, self.bottom = round(dpi * 1.0), self.h - round(dpi * 0.95)
        self.body_px = round(body_pt / 72 * dpi)
        self.body_font = body_font
        self.ink = ink
        self.pages: list[Page] = []
        self.y = 0
        self.new_page()

    # -- pages ------------------------------------------------------------------------------------------
    def new_page(self) -> None:
        self.pages.append(Page(Image.new("RGB", (self.w, self.h), (255, 255, 255))))
        self.y = self.top

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        return ImageDraw.Draw(self.page.img)

    def px(self, pt: float) -> int:
        return round(pt / 72 * self.dpi)

    def space(self, pt: float) -> None:
        self.y += self.px(pt)

    def ensure(self, height: int) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    # -- drawing text with labels ------------------------------------------------------------------------
    def _record(self, label: Label | None, text: str, box: tuple[int, int, int, int], page: Page) -> None:
        if label is None or not text.strip():
            return
        # one span per (label, page): consecutive line pieces of the same segment join
        for s in reversed(page.spans[-3:]):
            if s["_label"] is label:
                s["text"] += text
                s["boxes0"].append(list(box))
                return
        page.spans.append({"_label": label, "text": text, "boxes0": [list(box)]})

    def draw_run(self, x: int, y: int, text: str, f: ImageFont.FreeTypeFont, label: Label | None,
                 fill=None) -> int:
        """Draws text at (x, y); records its ink box under `label`; returns the advance."""
        fill = fill or self.ink
        self.draw.text((x, y), text, font=f, fill=fill)
        if label is not None and text.strip():
            pad = f.size
            width = math.ceil(f.getlength(text))
            scratch = Image.new("L", (width + 2 * pad, f.size * 2 + 2 * pad), 0)
            ImageDraw.Draw(scratch).text((pad, pad), text, font=f, fill=255)
            bb = scratch.getbbox()
            if bb:
                box = (x - pad + bb[0], y - pad + bb[1], x - pad + bb[2], y - pad + bb[3])
                self._record(label, text.strip() if text.strip() != text else text, box, self.page)
        return round(f.getlength(text))

    def wrap(self, segs: list[Seg], width: int, f: ImageFont.FreeTypeFont, indent: int = 0) -> list[list[Seg]]:
        """Lines of (text, label) pieces; breaks anywhere but before closing punctuation."""
        lines: list[list[tuple[str, Label | None]]] = [[]]
        x = indent
        for text, label in segs:
            for ch in text:
                if ch == "\n":
                    lines.append([])
                    x = 0
                    continue
                w = f.getlength(ch)
                if x + w > width and lines[-1] and ch not in NO_LINE_START:
                    lines.append([])
                    x = 0
                line = lines[-1]
                if line and line[-1][1] is label:
                    line[-1] = (line[-1][0] + ch, label)
                else:
                    line.append((ch, label))
                x += w
        return lines

    def para(self, segs: list[Seg] | str, size_pt: float | None = None, indent_chars: int = 2,
             x0: int | None = None, width: int | None = None, leading: float = 1.75, fnt: str | None = None,
             align: str = "left", fill=None) -> None:
        if isinstance(segs, str):
            segs = [(segs, None)]
        f = font(fnt or self.body_font, self.px(size_pt) if size_pt else self.body_px)
        x0 = self.margin_x if x0 is None else x0
        width = width or (self.w - 2 * self.margin_x)
        indent = round(f.size * indent_chars)
        lh = round(f.size * leading)
        for i, line in enumerate(self.wrap(segs, width, f, indent)):
            self.ensure(lh)
            x = x0 + (indent if i == 0 else 0)
            if align != "left":
                total = sum(f.getlength(t) for t, _ in line)
                x = x0 + (round((width - total) / 2) if align == "center" else round(width - total))
            for text, label in line:
                x += self.draw_run(x, self.y, text, f, label, fill)
            self.y += lh

    def heading(self, text: str, size_pt: float = 20, fnt: str = SERIF_BOLD, fill=None, gap_pt: float = 6) -> None:
        self.para(text, size_pt=size_pt, indent_chars=0, fnt=fnt, align="center", leading=1.4, fill=fill)
        self.space(gap_pt)

    def right(self, segs: list[Seg] | str, size_pt: float | None = None) -> None:
        self.para(segs, size_pt=size_pt, indent_chars=0, align="right")

    def table(self, rows: list[list[tuple[float, list[Seg] | str]]], size_pt: float | None = None,
              min_row_pt: float = 24) -> None:
        """Rows of cells (width share, content); a cell wraps inside its width. Grid lines drawn."""
        f = font(self.body_font, self.px(size_pt) if size_pt else round(self.body_px * 0.92))
        total = self.w - 2 * self.margin_x
        pad = round(f.size * 0.35)
        lh = round(f.size * 1.45)
        for row in rows:
            cells = []
            for share, content in row:
                segs = [(content, None)] if isinstance(content, str) else content
                w = round(total * share)
                cells.append((w, self.wrap(segs, w - 2 * pad, f)))
            height = max(self.px(min_row_pt), max(len(c[1]) for c in cells) * lh + 2 * pad)
            if self.y + height > self.bottom:
                self.new_page()
            x = self.margin_x
            for w, lines in cells:
                self.draw.rectangle((x, self.y, x + w, self.y + height), outline=self.ink, width=max(1, self.dpi // 110))
                ty = self.y + (height - len(lines) * lh) // 2 + round(f.size * 0.12)
                for line in lines:
                    tx = x + pad
                    for text, label in line:
                        tx += self.draw_run(tx, ty, text, f, label)
                    ty += lh
                x += w
            self.y += height
        self.space(6)

    def signature(self, x: int, y: int, name: str, label: Label, size_pt: float = 17) -> None:
        """A handwritten-looking signature: another face, blue-black ink."""
        f = font(WQY, self.px(size_pt))
        self.draw_run(x, y, name, f, label, fill=(25, 35, 95))

    def finish(self) -> list[Page]:
        for p in self.pages:
            for s in p.spans:
                lab: Label = s.pop("_label")
                s.update({"type": lab.type, "kind": lab.type, "pii": lab.pii, "neutral": lab.neutral,
                          "role": lab.role, "whose": {"role": lab.role, "name": lab.name}})
        return self.pages


def seal(img: Image.Image, cx: int, cy: int, dpi: int, text: str, rng) -> None:
    """A red round seal multiplied over whatever ink lies under it (agency name on the rim, a star inside)."""
    r = round(dpi * 0.82)
    layer = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(layer)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=max(3, dpi // 40))
    star_r = r * 0.3
    pts = []
    for i in range(10):
        a = math.pi / 2 + i * math.pi / 5
        rr = star_r if i % 2 == 0 else star_r * 0.4
        pts.append((cx + rr * math.cos(a), cy - rr * math.sin(a)))
    d.polygon(pts, fill=255)
    f = font(SANS_BOLD, round(r * 0.26))
    n = len(text)
    span = min(250.0, 22.0 * n)
    for i, ch in enumerate(text):
        ang = 90 + span / 2 - (span * (i + 0.5) / n)
        rad = math.radians(ang)
        gx, gy = cx + (r * 0.74) * math.cos(rad), cy - (r * 0.74) * math.sin(rad)
        g = Image.new("L", (f.size * 2, f.size * 2), 0)
        ImageDraw.Draw(g).text((f.size // 2, f.size // 3), ch, font=f, fill=255)
        g = g.rotate(ang - 90, resample=Image.BICUBIC)
        layer.paste(255, (round(gx - f.size), round(gy - f.size)), g)
    sub = rng.choice((("行政处罚专用章"), ("")))
    if sub:
        f2 = font(SANS_BOLD, round(r * 0.17))
        tw = f2.getlength(sub)
        d.text((cx - tw / 2, cy + r * 0.42), sub, font=f2, fill=255)
    # uneven stamping pressure
    import numpy as np
    a = np.asarray(layer, dtype=np.float32) / 255.0
    a *= rng.uniform(0.65, 0.95)
    a *= np.clip(np.random.default_rng(rng.randrange(1 << 30)).normal(1.0, 0.18, a.shape), 0.3, 1.2)
    base = np.asarray(img, dtype=np.float32)
    red = np.array([205.0, 30.0, 40.0])
    mult = 1 - a[..., None] * (1 - red / 255.0)
    img.paste(Image.fromarray(np.clip(base * mult, 0, 255).astype("uint8")))
