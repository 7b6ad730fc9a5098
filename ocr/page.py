"""What one OCR pass read on one page: lines of words with pixel boxes, the same for every engine.

Its own module so that the engines (ocr/engines.py) and the hOCR reader
(ocr/hocr.py) both build it without importing each other.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass
class OcrWord:
    """A word in pixel coordinates of the page image. For Chinese a word is one
    ideograph or one run of letters/digits, so an ID number inside a line has a box of its own."""

    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1
    conf: float


@dataclass
class OcrLine:
    words: list[OcrWord]
    box: tuple[int, int, int, int]
    text: str  # as the engine read it (tesseract puts spaces between CJK words)


@dataclass
class PageOcr:
    width: int
    height: int
    dpi: float
    lines: list[OcrLine] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # what the archivist should know of this page, as codes
    # Counter-clockwise degrees the page image (the pixels the boxes refer to) was levelled by from the
    # PDF/A's page, which keeps the scan as scanned; 0 where the PDF/A's page is the page image itself.
    # What marks drawn on the PDF/A page by these boxes (a redaction) must turn back.
    levelled_deg: float = 0.0

    @property
    def text_raw(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def words_json(self) -> list[dict]:
        return [{"text": w.text, "box": list(w.box), "conf": round(w.conf, 3), "line": i}
                for i, line in enumerate(self.lines) for w in line.words]

    def to_json(self) -> dict:
        # Built by hand: dataclasses.asdict deep-copies every word, 0.03-0.06 CPU-s a page of a worker's time.
        lines = [{"words": [{"text": w.text, "box": w.box, "conf": w.conf} for w in line.words],
                  "box": line.box, "text": line.text} for line in self.lines]
        return {"width": self.width, "height": self.height, "dpi": self.dpi, "lines": lines,
                "flags": list(self.flags), "levelled_deg": self.levelled_deg}

    @classmethod
    def from_json(cls, data: dict) -> PageOcr:
        lines = [OcrLine(words=[OcrWord(w["text"], tuple(w["box"]), w["conf"]) for w in ln["words"]],
                         box=tuple(ln["box"]), text=ln["text"]) for ln in data["lines"]]
        return cls(width=data["width"], height=data["height"], dpi=data["dpi"], lines=lines,
                   flags=list(data.get("flags", [])), levelled_deg=float(data.get("levelled_deg", 0.0)))


def _is_alnum_ascii(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def group_characters(chars: list[tuple[str, tuple[int, int, int, int], float]]) -> list[OcrWord]:
    """Merge per-character boxes into words: runs of ASCII letters/digits join, everything else stands alone."""
    words: list[OcrWord] = []
    for text, box, conf in chars:
        if not text.strip():
            continue
        prev = words[-1] if words else None
        if prev and _is_alnum_ascii(unicodedata.normalize("NFKC", text)[:1]) and \
                _is_alnum_ascii(unicodedata.normalize("NFKC", prev.text)[-1:]) and box[0] - prev.box[2] < (box[3] - box[1]) * 0.6:
            prev.text += text
            prev.box = (min(prev.box[0], box[0]), min(prev.box[1], box[1]), max(prev.box[2], box[2]), max(prev.box[3], box[3]))
            prev.conf = min(prev.conf, conf)
        else:
            words.append(OcrWord(text, box, conf))
    return words
