"""The OCR pipeline itself: turned and skewed scans, and the text layer of the PDF/A.

Real ocrmypdf with earchive's rasteriser, PP-OCR orientation and glyphless
text layer; no database involved.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from ocr.deskew import estimate_deskew
from ocr.pipeline import ocr_to_pdfa
from records.text import normalise_text
from scanner_profiles import get_profile
from tests.scans import LINES, render_page, write_pdf

PAGE_LINES = LINES + ["检查地点：测试市样例区示范路1号", "检查时间：2024年3月5日9时30分"]


def _ocr(tmp_path: Path, image: Image.Image, profile: str = "office"):
    source = write_pdf([image], tmp_path / "in.pdf")
    out = tmp_path / "out.pdf"
    pages = ocr_to_pdfa(source, out, tmp_path / "side", get_profile(profile), page_timeout=120,
                        max_image_mpixels=200)
    return out, pages


def _page() -> Image.Image:
    return render_page(PAGE_LINES, size=(1900, 760))


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_page_scanned_turned_is_read_upright(tmp_path, turn):
    turned = _page().rotate(-turn, expand=True)  # PIL turns counter-clockwise; the scan is turned clockwise
    turned.info["dpi"] = (300, 300)
    _, pages = _ocr(tmp_path, turned)
    text = normalise_text(pages[0].ocr.text_raw)
    assert "行政处罚决定书" in text and "110101199003071234" in text
    with Image.open(pages[0].image) as im:
        assert im.width > im.height  # the stored page image is upright too, like the strip that was scanned


def test_a_skewed_page_is_levelled_and_still_read(tmp_path):
    skewed = _page().rotate(2.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    skewed.info["dpi"] = (300, 300)
    _, pages = _ocr(tmp_path, skewed)
    assert abs(estimate_deskew(pages[0].image)) < 0.3
    assert "测试住建罚〔2024〕第0099号" in normalise_text(pages[0].ocr.text_raw)


def test_a_profile_without_deskew_keeps_the_page_as_scanned(tmp_path):
    skewed = _page().rotate(2.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    skewed.info["dpi"] = (300, 300)
    profile = get_profile("office").model_copy(update={"deskew": False})
    source = write_pdf([skewed], tmp_path / "in.pdf")
    pages = ocr_to_pdfa(source, tmp_path / "out.pdf", tmp_path / "side", profile, page_timeout=120,
                        max_image_mpixels=200)
    assert abs(estimate_deskew(pages[0].image) - (-2.5)) < 0.3


@pytest.mark.parametrize("profile", ["office", "office-tesseract"])
def test_the_pdfa_text_layer_gives_back_the_page_text(tmp_path, profile):
    out, _ = _ocr(tmp_path, _page(), profile)
    extracted = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True,
                               check=True).stdout
    flat = normalise_text(extracted).replace(" ", "")
    assert "处罚决定书" in flat and "110101199003071234" in flat


@pytest.mark.parametrize("profile", ["office", "office-tesseract", "bulk-bilevel", "careful"])
def test_every_shipped_profile_reads_its_kind_of_scan(tmp_path, profile):
    page = _page().rotate(1.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if get_profile(profile).colour_mode == "bilevel":
        page = page.point(lambda v: 255 if v > 160 else 0).convert("1")
    page.info["dpi"] = (300, 300)
    out, pages = _ocr(tmp_path, page, profile)
    text = normalise_text(pages[0].ocr.text_raw)
    assert "处罚决定书" in text and "110101199003071234" in text
    assert abs(estimate_deskew(pages[0].image)) < 0.3


def test_a_png_rewritten_for_img2pdf_keeps_its_pixels_and_gets_its_dpi(tmp_path):
    import io

    import numpy as np

    from ocr.raster import png_with_dpi

    # Sensor noise compresses badly, so Pillow writes this page in many IDAT chunks.
    page = Image.fromarray(np.random.default_rng(1).integers(0, 256, size=(760, 1900), dtype=np.uint8))
    original = io.BytesIO()
    page.save(original, "PNG")
    assert original.getvalue().count(b"IDAT") > 1
    rewritten = png_with_dpi(original.getvalue(), (300.0, 300.0))
    assert rewritten.count(b"IDAT") == 1
    with Image.open(io.BytesIO(rewritten)) as im:
        assert round(im.info["dpi"][0]) == 300
        assert np.array_equal(np.asarray(im), np.asarray(page))
