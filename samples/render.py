"""Typeset a DocumentSpec onto A4 page images, and record what was typeset.

The ground truth of a page is the text of every line drawn, in reading order
(a table row is one line, its cells left to right); the seal's ring text is
not included. Text that does not fit at the body size is set smaller, never
dropped.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from samples.degrade import Degrade, degrade_image
from samples.seal import mm_to_px, seal_mask, stamp
from samples.text import DocumentSpec

_NOTO = "/usr/share/fonts/opentype/noto"
# (path, index in the collection); index 2 is the Simplified Chinese face of Noto CJK.
FACES: dict[str, tuple[str, int]] = {
    "serif": (f"{_NOTO}/NotoSerifCJK-Regular.ttc", 2),
    "serif_bold": (f"{_NOTO}/NotoSerifCJK-Bold.ttc", 2),
    "sans": (f"{_NOTO}/NotoSansCJK-Regular.ttc", 2),
    "sans_bold": (f"{_NOTO}/NotoSansCJK-Bold.ttc", 2),
    "zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
}
BODY_FACES = ("serif", "sans", "zenhei")
BodyFace = Literal["serif", "sans", "zenhei"]

A4_MM = (210.0, 297.0)
MARGINS_MM = (26.0, 25.0, 26.0, 22.0)  # left, top, right, bottom
BODY_PT = 12.0
MIN_BODY_PT = 7.0
INK = (28, 28, 28)

# A line may not start with closing punctuation (避头): it stays on the previous line.
_NO_LINE_START = set("，。、；：！？）》」』”’%,.;:!?)]")
# Numbers, IDs and codes are never split across lines.
_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-./:_]*|.", re.S)
_FOOTER = re.compile(r"^第\d+页\s*共\d+页$")


@dataclass(frozen=True)
class RenderedDocument:
    images: list[Image.Image]
    ground_truth: list[str]
    dpi: int


@dataclass(frozen=True)
class _Geometry:
    dpi: int
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int

    @classmethod
    def a4(cls, dpi: int) -> _Geometry:
        left, top, right, bottom = (mm_to_px(m, dpi) for m in MARGINS_MM)
        width, height = (mm_to_px(m, dpi) for m in A4_MM)
        return cls(dpi, width, height, left, top, width - right, height - bottom)

    @property
    def text_width(self) -> int:
        return self.right - self.left


@dataclass(frozen=True)
class _Text:
    x: float
    y: float
    text: str
    font: ImageFont.FreeTypeFont


@dataclass
class _Layout:
    texts: list[_Text]
    rules: list[tuple[float, float, float, float]]
    ground_truth: list[str]
    bottom: float
    signature: list[_Text]


@lru_cache(maxsize=64)
def _font(face: str, px: int) -> ImageFont.FreeTypeFont:
    path, index = FACES[face]
    try:
        return ImageFont.truetype(path, px, index=index)
    except OSError as e:
        raise FileNotFoundError(
            f"font {path} missing: install fonts-noto-cjk and fonts-wqy-zenhei") from e


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float, indent: float = 0.0) -> list[str]:
    """Greedy line breaking by token, keeping closing punctuation off line starts."""
    lines: list[str] = []
    current, used, limit = "", 0.0, width - indent
    for token in _TOKEN.findall(text):
        w = font.getlength(token)
        if current and used + w > limit and token not in _NO_LINE_START:
            lines.append(current)
            current, used, limit = "", 0.0, width
        if w > limit and not current:
            # A token wider than the whole line (a very long code): split it by characters.
            for ch in token:
                cw = font.getlength(ch)
                if current and used + cw > limit:
                    lines.append(current)
                    current, used, limit = "", 0.0, width
                current, used = current + ch, used + cw
            continue
        current, used = current + token, used + w
    if current:
        lines.append(current)
    return lines


class _Typesetter:
    """Lays out the lines of one page at one body size."""

    def __init__(self, spec: DocumentSpec, geo: _Geometry, face: str, body_pt: float):
        self.spec, self.geo = spec, geo
        px = round(body_pt * geo.dpi / 72)
        self.body = _font(face, px)
        self.table = _font(face, round(px * 0.92))
        self.title = _font("serif_bold" if face == "serif" else "sans_bold", round(px * 1.75))
        self.line_h = px * 1.65
        self.pad = px * 0.35
        self.out = _Layout([], [], [], float(geo.top), [])

    def layout(self, lines: list[str], first_page: bool, last_page: bool) -> _Layout:
        signature = self.spec.signature
        has_signature = last_page and bool(signature) and lines[-len(signature):] == signature
        if not has_signature:
            signature = []
        body = lines[: len(lines) - len(signature)]
        i = 0
        while i < len(body):
            line = body[i]
            if "\t" in line:
                j = i
                while j < len(body) and "\t" in body[j]:
                    j += 1
                self._table(body[i:j])
                i = j
                continue
            if first_page and i == 0 and line == self.spec.title:
                self._centered(line, self.title, self.title.size * 1.9)
            elif line == self.spec.case_no or _FOOTER.match(line):
                self._centered(line, self.body, self.line_h)
            elif line.strip():
                self._paragraph(line)
            i += 1
        if signature:
            self.out.bottom += self.line_h
            for line in signature:
                self.out.signature.append(self._right_aligned(line))
        return self.out

    def _emit(self, x: float, text: str, font: ImageFont.FreeTypeFont, height: float) -> _Text:
        placed = _Text(x, self.out.bottom + (height - font.size) / 2, text, font)
        self.out.texts.append(placed)
        self.out.ground_truth.append(text.strip())
        self.out.bottom += height
        return placed

    def _centered(self, line: str, font: ImageFont.FreeTypeFont, height: float) -> None:
        x = self.geo.left + (self.geo.text_width - font.getlength(line)) / 2
        self._emit(x, line, font, height)

    def _right_aligned(self, line: str) -> _Text:
        inset = 3 * self.body.size
        x = self.geo.right - inset - self.body.getlength(line)
        return self._emit(x, line, self.body, self.line_h)

    def _paragraph(self, line: str) -> None:
        text = line.strip()
        wrapped = _wrap(text, self.body, self.geo.text_width)
        if len(wrapped) > 1:  # body paragraphs get the customary two-character indent
            indent = 2 * self.body.size
            wrapped = _wrap(text, self.body, self.geo.text_width, indent)
            self._emit(self.geo.left + indent, wrapped[0], self.body, self.line_h)
            wrapped = wrapped[1:]
        for part in wrapped:
            self._emit(self.geo.left, part, self.body, self.line_h)

    def _column_widths(self, rows: list[list[str]]) -> dict[int, list[float]]:
        """Per cell count: label columns as wide as their widest label, values share the rest."""
        widths: dict[int, list[float]] = {}
        total = self.geo.text_width
        for n in {len(r) for r in rows}:
            if n == 1:
                widths[n] = [total]
                continue
            natural = [max(self.table.getlength(r[k]) for r in rows if len(r) == n) + 2 * self.pad
                       for k in range(n)]
            labels = {k: min(natural[k], total * 0.26) for k in range(0, n, 2)}
            rest = total - sum(labels.values())
            values = [k for k in range(1, n, 2)]
            share = sum(natural[k] for k in values)
            widths[n] = [labels[k] if k in labels else rest * natural[k] / share for k in range(n)]
        return widths

    def _table(self, lines: list[str]) -> None:
        rows = [line.split("\t") for line in lines]
        widths = self._column_widths(rows)
        line_h = self.table.size * 1.45
        top = self.out.bottom
        self.out.rules.append((self.geo.left, top, self.geo.right, top))
        for cells in rows:
            wrapped = [_wrap(c.strip(), self.table, w - 2 * self.pad)
                       for c, w in zip(cells, widths[len(cells)])]
            row_h = max(len(w) for w in wrapped) * line_h + 2 * self.pad
            x = float(self.geo.left)
            for parts, w in zip(wrapped, widths[len(cells)]):
                for k, part in enumerate(parts):
                    y = top + self.pad + k * line_h + (line_h - self.table.size) / 2
                    self.out.texts.append(_Text(x + self.pad, y, part, self.table))
                x += w
                self.out.rules.append((x, top, x, top + row_h))
            self.out.rules.append((self.geo.left, top, self.geo.left, top + row_h))
            top += row_h
            self.out.rules.append((self.geo.left, top, self.geo.right, top))
            self.out.ground_truth.append(" ".join("".join(parts) for parts in wrapped))
        self.out.bottom = top + self.line_h * 0.5


def _layout_fitting(spec: DocumentSpec, geo: _Geometry, face: str, lines: list[str],
                    first_page: bool, last_page: bool) -> _Layout:
    body_pt = BODY_PT
    while body_pt >= MIN_BODY_PT:
        layout = _Typesetter(spec, geo, face, body_pt).layout(lines, first_page, last_page)
        if layout.bottom <= geo.bottom:
            return layout
        body_pt -= 0.5
    raise ValueError(f"page of {spec.doc_type} does not fit A4 even at {MIN_BODY_PT}pt")


def _draw(layout: _Layout, geo: _Geometry) -> Image.Image:
    img = Image.new("RGB", (geo.width, geo.height), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    rule_w = max(2, round(geo.dpi / 150))
    for x0, y0, x1, y1 in layout.rules:
        draw.line((x0, y0, x1, y1), fill=INK, width=rule_w)
    for t in layout.texts:
        draw.text((t.x, t.y), t.text, font=t.font, fill=INK, anchor="la")
    return img


def _stamp_seal(img: Image.Image, spec: DocumentSpec, layout: _Layout, geo: _Geometry,
                rng: random.Random, np_rng: np.random.Generator) -> Image.Image:
    """Seal centred on the signature block, as an agency stamps its name and the date."""
    first, last = layout.signature[0], layout.signature[-1]
    cx = first.x + first.font.getlength(first.text) / 2 + mm_to_px(rng.uniform(-4, 4), geo.dpi)
    cy = (first.y + last.y + last.font.size) / 2 + mm_to_px(rng.uniform(-3, 3), geo.dpi)
    mask = seal_mask(spec.agency, geo.dpi, *FACES["sans_bold"], np_rng)
    half = mask.width // 2
    cx = min(max(cx, half), geo.width - half)
    return stamp(img, mask, (round(cx), round(cy)), rng.uniform(-15, 15))


def render_document(spec: DocumentSpec, dpi: int = 300, degrade: Degrade = Degrade(),
                    seed: int = 0, mode: Literal["L", "RGB"] = "L",
                    face: BodyFace | None = None) -> RenderedDocument:
    """One image per page of spec; face None picks a body typeface from seed."""
    if not 150 <= dpi <= 600:
        raise ValueError("dpi must be within 150..600")
    rng = random.Random(seed)
    face = face or rng.choice(BODY_FACES)
    geo = _Geometry.a4(dpi)
    images, truth = [], []
    for n, page in enumerate(spec.pages):
        last = n == len(spec.pages) - 1
        layout = _layout_fitting(spec, geo, face, page.split("\n"), n == 0, last)
        img = _draw(layout, geo)
        if spec.sealed and layout.signature:
            img = _stamp_seal(img, spec, layout, geo, rng, np.random.default_rng(seed))
        if mode == "L":
            img = img.convert("L")
        images.append(degrade_image(img, degrade, seed * 1000 + n))
        truth.append("\n".join(t for t in layout.ground_truth if t))
    return RenderedDocument(images=images, ground_truth=truth, dpi=dpi)
