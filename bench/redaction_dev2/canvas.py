"""A paper page drawn with Pillow that remembers where every labelled string's ink is.

Text goes in as runs: plain strings, or `Tag`ged strings (a PII span or an
entity that must stay). Text wraps character by character inside its width, as
Chinese forms do, so a long number may break over a line end; a tagged run
broken over lines gets one box per line. Boxes are the ink's bounding box
(Pillow's getbbox of the fragment drawn), in pixels of the page at its dpi.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

A4_MM = (210.0, 297.0)


@dataclass(frozen=True)
class Tag:
    type: str                   # a Kind name for PII; case_no, officer, cert_no, agency, agency_phone, org, ...
    pii: bool
    role: str = ""              # whose data: party, legal_rep, agent, interviewee, witness, family, ...
    owner: str = ""             # that person's name
    neutral: bool = False       # neither to redact nor to keep (a plan box here is not counted either way)


@dataclass
class Span:
    tag: Tag
    text: str
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)


Run = str | tuple[str, Tag]


@lru_cache(maxsize=None)
def font_file(family: str) -> tuple[str, int]:
    """The file and face index fontconfig gives for a family (the machine's CJK fonts)."""
    out = subprocess.run(["fc-match", "-f", "%{file}:%{index}", family], capture_output=True, text=True,
                         check=True).stdout
    path, _, index = out.rpartition(":")
    return path, int(index or 0)


FAMILIES = {"serif": "Noto Serif CJK SC", "serif_bold": "Noto Serif CJK SC:bold", "sans": "Noto Sans CJK SC",
            "sans_bold": "Noto Sans CJK SC:bold", "hei": "WenQuanYi Zen Hei"}


@lru_cache(maxsize=256)
def font(face: str, px: int) -> ImageFont.FreeTypeFont:
    path, index = font_file(FAMILIES[face])
    return ImageFont.truetype(path, px, index=index)


class Page:
    def __init__(self, dpi: int, face: str = "serif", size_pt: float = 11.5):
        self.dpi = dpi
        self.width, self.height = (round(mm / 25.4 * dpi) for mm in A4_MM)
        self.image = Image.new("RGB", (self.width, self.height), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.face = face
        self.size_pt = size_pt
        self.spans: list[Span] = []
        self.seals: list[tuple[float, float]] = []

    def px(self, mm: float) -> int:
        return round(mm / 25.4 * self.dpi)

    def font(self, size_pt: float | None = None, face: str | None = None) -> ImageFont.FreeTypeFont:
        return font(face or self.face, max(6, round((size_pt or self.size_pt) / 72 * self.dpi)))

    # -- text ------------------------------------------------------------------------------------

    def text(self, x_mm: float, y_mm: float, runs: list[Run], width_mm: float | None = None,
             size_pt: float | None = None, face: str | None = None, leading: float = 1.55,
             align: str = "left", colour=(20, 20, 20), indent_chars: int = 0) -> float:
        """Draws `runs` from (x, y) wrapping at `width_mm`; returns the y (mm) below the last line."""
        f = self.font(size_pt, face)
        x0, y = self.px(x_mm), self.px(y_mm)
        limit = self.px(width_mm) if width_mm else self.width - x0 - self.px(15)
        chars: list[tuple[str, int]] = []  # (char, run index)
        tags: dict[int, tuple[Tag, str]] = {}
        for i, run in enumerate(runs):
            s, tag = (run, None) if isinstance(run, str) else run
            if tag is not None:
                tags[i] = (tag, s)
            chars += [(c, i) for c in s]
        lines: list[list[tuple[str, int]]] = [[]]
        first_indent = f.getlength("　") * indent_chars
        for c, i in chars:
            if c == "\n":
                lines.append([])
                continue
            line = lines[-1]
            start = first_indent if len(lines) == 1 else 0
            if line and start + f.getlength("".join(ch for ch, _ in line) + c) > limit:
                lines.append([])
                line = lines[-1]
                if c == " ":
                    continue
            line.append((c, i))
        step = round(f.size * leading)
        pieces: dict[int, list[tuple[int, int, int, int]]] = {}
        for n, line in enumerate(lines):
            s = "".join(ch for ch, _ in line)
            lx = x0 + (first_indent if n == 0 else 0)
            if align == "center":
                lx = x0 + (limit - f.getlength(s)) / 2
            elif align == "right":
                lx = x0 + limit - f.getlength(s)
            self.draw.text((lx, y), s, font=f, fill=colour)
            # each tagged run's fragment on this line: its ink box
            k = 0
            while k < len(line):
                run_i = line[k][1]
                j = k
                while j < len(line) and line[j][1] == run_i:
                    j += 1
                if run_i in tags:
                    frag = s[k:j]
                    lead = len(frag) - len(frag.lstrip())
                    core = frag.strip()
                    if core:
                        bx = f.getbbox(core)
                        ox = lx + f.getlength(s[:k + lead])
                        pieces.setdefault(run_i, []).append(
                            (int(ox + bx[0]), int(y + bx[1]), int(round(ox + bx[2])), int(round(y + bx[3]))))
                k = j
            y += step
        for i, (tag, s) in tags.items():
            self.spans.append(Span(tag, s, pieces.get(i, [])))
        return y / self.dpi * 25.4

    def line(self, x0_mm: float, y0_mm: float, x1_mm: float, y1_mm: float, width_px: int = 2,
             colour=(30, 30, 30)) -> None:
        self.draw.line([(self.px(x0_mm), self.px(y0_mm)), (self.px(x1_mm), self.px(y1_mm))], fill=colour,
                       width=width_px)

    def rect(self, x0_mm: float, y0_mm: float, x1_mm: float, y1_mm: float, width_px: int = 2) -> None:
        self.draw.rectangle([self.px(x0_mm), self.px(y0_mm), self.px(x1_mm), self.px(y1_mm)], outline=(30, 30, 30),
                            width=width_px)

    def seal(self, cx_mm: float, cy_mm: float) -> None:
        """Remembered here, stamped by the scanner (after the ink, before degradation)."""
        self.seals.append((cx_mm, cy_mm))
