"""Seal dropout: OCR reads the signature date under an agency's red seal, on colour and grey scans.

The seal is the samples' round agency seal, stamped over the agency name and
date as agencies do; the OCR is the real PP-OCR engine.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engines import rapidocr_page, read_pixels
from ocr.seal import drop_seal_ink
from records.text import normalise_text
from samples.render import FACES
from samples.seal import mm_to_px, seal_mask, stamp
from tests.scans import FONT

DPI = 300
SIGNATURE = ["测试市示例区综合行政执法局", "二〇二四年二月二十三日"]


def _signature_page(sealed: bool, mode: str, red_header: bool = False) -> Image.Image:
    page = Image.new("RGB", (1500, 900), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 46)
    if red_header:
        draw.text((150, 40), "测试市示例区综合行政执法局文件", font=font, fill=(214, 38, 42))
    draw.text((150, 160), "如不服本决定，可以依法申请行政复议。", font=font, fill=(28, 28, 28))
    for i, line in enumerate(SIGNATURE):
        draw.text((700, 420 + i * 90), line, font=font, fill=(28, 28, 28))
    if sealed:
        mask = seal_mask("测试市示例区综合行政执法局", DPI, *FACES["sans_bold"], np.random.default_rng(7))
        page = stamp(page, mask, (1000, 500), 8.0)
    return page.convert(mode)


def _save(image: Image.Image, path: Path) -> Path:
    image.save(path, dpi=(DPI, DPI))
    return path


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_the_date_under_a_seal_is_read(tmp_path, mode):
    path = _save(_signature_page(sealed=True, mode=mode), tmp_path / "sealed.png")
    text = normalise_text(rapidocr_page(path, DPI).text_raw).replace("\n", "")
    assert "二〇二四年二月二十三日" in text.replace("O", "〇").replace("○", "〇")


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_dropout_removes_the_seal_and_keeps_the_text_under_it(tmp_path, mode):
    sealed = read_pixels(_save(_signature_page(sealed=True, mode=mode), tmp_path / "sealed.png"))
    clean = read_pixels(_save(_signature_page(sealed=False, mode=mode), tmp_path / "clean.png"))
    dropped = drop_seal_ink(sealed, DPI)
    assert dropped is not None

    def grey(a: np.ndarray) -> np.ndarray:
        return a if a.ndim == 2 else a.mean(axis=2)

    seal_area = np.zeros(clean.shape[:2], dtype=bool)
    radius = mm_to_px(21, DPI)
    yy, xx = np.ogrid[:clean.shape[0], :clean.shape[1]]
    seal_area[(xx - 1000) ** 2 + (yy - 500) ** 2 <= radius ** 2] = True
    strokes = (grey(clean) < 60) & seal_area  # the cores of the strokes
    near_text = cv2.dilate((grey(clean) < 250).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    ink_before = ((grey(sealed) < 200) & seal_area & ~near_text).sum()
    ink_after = ((grey(dropped) < 200) & seal_area & ~near_text).sum()
    assert ink_after < ink_before * 0.1  # the seal's ink is gone ...
    assert (grey(dropped)[strokes] < 128).mean() > 0.9  # ... the strokes under it are not


def test_a_page_without_a_seal_is_left_alone(tmp_path):
    for mode in ("RGB", "L"):
        page = read_pixels(_save(_signature_page(sealed=False, mode=mode, red_header=True), tmp_path / "p.png"))
        assert drop_seal_ink(page, DPI) is None  # red header text is not a seal


def test_the_page_image_keeps_its_seal_while_ocr_reads_through_it(tmp_path):
    from ocr.pipeline import ocr_to_pdfa
    from scanner_profiles import get_profile
    from tests.scans import write_pdf

    page = _signature_page(sealed=True, mode="RGB")
    page.info["dpi"] = (DPI, DPI)
    pdf = write_pdf([page], tmp_path / "in.pdf")
    pages = ocr_to_pdfa(pdf, tmp_path / "out.pdf", tmp_path / "side", get_profile("office"), page_timeout=120,
                        max_image_mpixels=200)
    with Image.open(pages[0].image) as im:
        rgb = np.asarray(im.convert("RGB")).astype(int)
    red = (rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2])) > 60
    assert red.sum() > 1000  # the seal is still on the page image
    assert "二月二十三日" in normalise_text(pages[0].ocr.text_raw)


def test_a_photocopied_grey_seal_on_a_colour_scan_is_dropped_too(tmp_path):
    photocopy = _signature_page(sealed=True, mode="L").convert("RGB")
    path = _save(photocopy, tmp_path / "copy.png")
    text = normalise_text(rapidocr_page(path, DPI).text_raw).replace("\n", "")
    assert "二〇二四年二月二十三日" in text.replace("O", "〇").replace("○", "〇")


def test_a_black_and_white_page_with_a_seal_is_flagged_for_rescanning(tmp_path):
    def bilevel(sealed: bool) -> Path:
        page = _signature_page(sealed=sealed, mode="L").point(lambda v: 255 if v > 128 else 0).convert("1")
        return _save(page, tmp_path / f"bw-{sealed}.png")

    assert rapidocr_page(bilevel(True), DPI).flags == ["seal_on_bilevel"]
    assert rapidocr_page(bilevel(False), DPI).flags == []


def test_the_rescan_flag_reaches_the_document(ctx, tmp_path):
    from ingest.service import ingest_sources
    from ingest.sources import collect_sources
    from records.models import Document

    page = _signature_page(sealed=True, mode="L").point(lambda v: 255 if v > 128 else 0).convert("1")
    path = _save(page, tmp_path / "bw.tif")
    _, results = ingest_sources(ctx, collect_sources([path]))
    with ctx.db.session() as s:
        flags = s.get(Document, results[0].document_id).quality_flags
    assert [(f["code"], f["page"]) for f in flags if f["code"] == "seal_on_bilevel"] == [("seal_on_bilevel", 1)]
    assert "DA/T 31-2017" in flags[-1]["message"]
