"""Reading tesseract's hOCR (with character boxes) into a PageOcr."""
from __future__ import annotations

import re

from lxml import etree

from ocr.page import OcrLine, PageOcr, group_characters

_BBOX = re.compile(r"(?:bbox|x_bboxes)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
_CONF = re.compile(r"x_(?:w)?conf\s+([\d.]+)")


def _box(title: str) -> tuple[int, int, int, int] | None:
    m = _BBOX.search(title or "")
    return tuple(int(v) for v in m.groups()) if m else None  # type: ignore[return-value]


def _conf(title: str) -> float:
    m = _CONF.search(title or "")
    return float(m.group(1)) / 100 if m else 0.0


def _classed(node, cls: str):
    return node.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def page_from_hocr(hocr: str, dpi: float) -> PageOcr:
    pages = _classed(etree.fromstring(hocr.encode("utf-8"), etree.HTMLParser(encoding="utf-8")), "ocr_page") \
        if hocr.strip() else []
    if not pages:
        raise ValueError("tesseract's hOCR holds no ocr_page")
    pbox = _box(pages[0].get("title", "")) or (0, 0, 0, 0)
    page = PageOcr(width=pbox[2], height=pbox[3], dpi=dpi)
    for line_el in pages[0].xpath(".//*[contains(@class, 'ocr_line') or contains(@class, 'ocr_caption') "
                                  "or contains(@class, 'ocr_header') or contains(@class, 'ocr_textfloat')]"):
        chars: list[tuple[str, tuple[int, int, int, int], float]] = []
        word_texts = []
        for word_el in _classed(line_el, "ocrx_word"):
            cinfo = _classed(word_el, "ocrx_cinfo")
            if cinfo:
                for c in cinfo:
                    box = _box(c.get("title", ""))
                    if box and (c.text or "").strip():
                        chars.append((c.text, box, _conf(c.get("title", ""))))
                word_texts.append("".join((c.text or "") for c in cinfo))
            else:
                box = _box(word_el.get("title", ""))
                text = "".join(word_el.itertext()).strip()
                if box and text:
                    chars.append((text, box, _conf(word_el.get("title", ""))))
                word_texts.append(text)
        words = group_characters(chars)
        text = " ".join(t for t in word_texts if t.strip())
        lbox = _box(line_el.get("title", ""))
        if words and lbox:
            page.lines.append(OcrLine(words=words, box=lbox, text=text))
    return page
