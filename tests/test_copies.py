"""Released copies: every page watermarked for its slip, upright as the reader sees the page."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium

from access_control.copies import build_copy_package
from tests.scans import render_page, write_pdf


@dataclass
class _Document:
    sha256: str
    title: str = "行政处罚决定书"
    source_name: str = "scan.pdf"


class _Store:
    def __init__(self, pdfs: dict[str, Path]):
        self.pdfs = pdfs

    def derived_path(self, sha256: str, name: str) -> Path:
        assert name == "document.pdf"
        return self.pdfs[sha256]


def test_the_watermark_footer_runs_along_the_bottom_of_a_page_shown_turned(tmp_path):
    # OCR keeps a scan found turned as scanned, with /Rotate set, so the reader sees it upright.
    upright = write_pdf([render_page()], tmp_path / "upright.pdf")
    turned = write_pdf([render_page().rotate(90, expand=True)], tmp_path / "turned.pdf")
    with pikepdf.open(turned, allow_overwriting_input=True) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(turned)
    package = build_copy_package(_Store({"a": upright, "b": turned}), [_Document("a"), _Document("b")],
                                 "DY-0001", "测试申请人", dt.date(2026, 11, 30))
    (tmp_path / "copy.pdf").write_bytes(package)

    doc = pdfium.PdfDocument(str(tmp_path / "copy.pdf"))
    footers = [_footer_as_displayed(doc[i]) for i in range(len(doc))]
    doc.close()
    upright_footer, turned_footer = footers
    assert upright_footer[1] > 0.9 * 124.8  # along the bottom of the upright page
    # The turned page shows the same size as the upright one; its footer must look the same on it.
    assert all(abs(a - b) < 1.0 for a, b in zip(upright_footer, turned_footer)), footers


def _footer_as_displayed(page) -> tuple[float, float, float]:
    """Left end, baseline height (from the top) and length of the footer's first words, as a viewer shows the page."""
    text = page.get_textpage()
    start, count = text.search("本复制件依调用单").get_next()
    width, height = page.get_size()  # pdfium gives the displayed size
    rotation = page.get_rotation()
    media_w, media_h = (height, width) if rotation % 180 else (width, height)
    points = []
    for left, bottom, right, top in (text.get_charbox(i) for i in range(start, start + count)):
        x, y = (left + right) / 2, (bottom + top) / 2
        points.append({0: (x, media_h - y), 90: (y, x), 180: (media_w - x, y), 270: (media_h - y, media_w - x)}[rotation])
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), sum(ys) / len(ys), max(xs) - min(xs)
