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
from ingest.prepare import prepare_document
from tests.scans import LINES, render_page, save, write_mixed_pdf, write_pdf

PAGE_LINES = LINES + ["检查地点：测试市样例区示范路1号", "检查时间：2024年3月5日9时30分"]


def _ocr(tmp_path: Path, image: Image.Image, profile: str = "office", wrapped: str = "pdf"):
    """OCR a page scanned as a PDF, or as a PNG that ingest wraps into one (the rasteriser then decodes the PNG)."""
    out = tmp_path / "out.pdf"
    if wrapped == "pdf":
        source, sources = write_pdf([image], tmp_path / "in.pdf"), None
    else:
        work = tmp_path / "work"
        work.mkdir()
        prepared = prepare_document([save(image, tmp_path / "in.png")], "png", work, get_profile(profile), None)
        source, sources = prepared.pdf, prepared.page_sources
        assert sources == [(str(tmp_path / "in.png"), 0)]
    pages = ocr_to_pdfa(source, out, tmp_path / "side", get_profile(profile), page_timeout=120,
                        max_image_mpixels=200, page_sources=sources)
    return out, pages


def _page() -> Image.Image:
    return render_page(PAGE_LINES, size=(1900, 760))


@pytest.mark.parametrize("turn,wrapped", [(90, "pdf"), (180, "pdf"), (270, "pdf"), (90, "png"), (270, "png")])
def test_a_page_scanned_turned_is_read_upright(tmp_path, turn, wrapped):
    turned = _page().rotate(-turn, expand=True)  # PIL turns counter-clockwise; the scan is turned clockwise
    turned.info["dpi"] = (300, 300)
    _, pages = _ocr(tmp_path, turned, wrapped=wrapped)
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


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_orientation_is_found_on_a_sparse_a4_page_of_small_text(tmp_path, turn):
    """Four lines of 10 pt text on a whole A4 page, as the preview orientation works on shows them."""
    from ocr.orientation import THRESHOLD, detect_orientation
    from ocr.raster import PREVIEW_DPI

    page = render_page(LINES, size=(2480, 3508)).rotate(-turn, expand=True)
    preview = page.resize((round(page.width * PREVIEW_DPI / 300), round(page.height * PREVIEW_DPI / 300)),
                          Image.Resampling.BOX)
    preview.save(tmp_path / "preview.jpg", quality=85)
    found = detect_orientation(tmp_path / "preview.jpg")
    assert found.angle == turn and found.confidence >= THRESHOLD


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_orientation_is_found_on_a_small_card_sized_scan(tmp_path, turn):
    """An ID card copy at 300 dpi, 7 pt print: its preview is a fifth as long as an A4 one's, its lines 6 px high."""
    from ocr.orientation import THRESHOLD, detect_orientation
    from ocr.raster import PREVIEW_DPI

    page = render_page(LINES[:5], dpi=200, size=(1516, 960))  # 1010 x 640 pixels, 28 px type
    page = page.rotate(-turn, expand=True)
    preview = page.resize((round(page.width * PREVIEW_DPI / 300), round(page.height * PREVIEW_DPI / 300)),
                          Image.Resampling.BOX)
    preview.save(tmp_path / "preview.jpg", quality=85)
    found = detect_orientation(tmp_path / "preview.jpg")
    assert found.angle == turn and found.confidence >= THRESHOLD


@pytest.mark.parametrize("wrapped", ["pdf", "png"])
def test_a_skewed_scan_stays_as_scanned_in_the_pdfa_with_the_text_layer_over_its_words(tmp_path, wrapped):
    import math

    import numpy as np
    import pikepdf
    import pypdfium2 as pdfium
    from PIL import ImageFont

    from tests.scans import FONT

    # The ID number ends a long line, far from the centre the skew turns about, so a text layer
    # turned the wrong way, or not at all, would lie tens of pixels off where the ID number is printed.
    prefix, id_number = "当事人：张测试，住所：测试市样例区示范路1号幸福小区3栋，身份证号：", "110101199003071234"
    strip = render_page(LINES[:2] + [prefix + id_number] + LINES[3:], size=(2500, 520))
    skewed = strip.rotate(2.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    skewed.info["dpi"] = (300, 300)
    out, pages = _ocr(tmp_path, skewed, wrapped=wrapped)
    assert abs(estimate_deskew(pages[0].image)) < 0.3  # OCR and the page image are levelled ...
    assert pages[0].ocr.levelled_deg == pytest.approx(-2.5, abs=0.3)  # ... and say by how much
    with pikepdf.open(out) as pdf:  # ... but the archival copy keeps the scan's own pixels
        (image,) = [pikepdf.PdfImage(raw) for raw in pdf.pages[0].get_images().values()]
        assert np.array_equal(np.asarray(image.as_pil_image().convert("L")), np.asarray(skewed))

    def printed_at(text_before: str, char: str) -> tuple[float, float]:
        """Where render_page put the centre of `char` of line 3, carried through the 2.5° turn of the scan."""
        font = ImageFont.truetype(FONT, 42)
        _, top, _, bottom = font.getbbox(prefix)
        x, y = 80 + font.getlength(text_before) + font.getlength(char) / 2, 50 + 2 * 110 + (top + bottom) / 2
        dx, dy = x - strip.width / 2, y - strip.height / 2
        t = math.radians(2.5)  # PIL turns counter-clockwise: a point right of the centre rises
        return (skewed.width / 2 + dx * math.cos(t) + dy * math.sin(t),
                skewed.height / 2 - dx * math.sin(t) + dy * math.cos(t))

    doc = pdfium.PdfDocument(str(out))
    text = doc[0].get_textpage()
    height_pt = doc[0].get_height()
    start, count = text.search(id_number).get_next()
    for i, before in ((start, prefix), (start + count - 1, prefix + id_number[:-1])):
        left, bottom, right, top = text.get_charbox(i)
        layer = ((left + right) / 2 * 300 / 72, (height_pt - (bottom + top) / 2) * 300 / 72)
        printed = printed_at(before, text.get_text_range(i, 1))
        assert math.dist(layer, printed) < 12, (layer, printed)
    doc.close()


def test_a_mixed_pdf_is_read_page_by_page_by_the_one_engine(tmp_path):
    """A born-digital page beside a scanned one: ocrmypdf rasterises both, and the engine reads both."""
    source = write_mixed_pdf(_page(), ["询问笔录", "被询问人：赵样例，联系电话：13800000000"], tmp_path / "mixed.pdf")
    pages = ocr_to_pdfa(source, tmp_path / "out.pdf", tmp_path / "side", get_profile("office"), page_timeout=120,
                        max_image_mpixels=200)
    assert [p.page_no for p in pages] == [1, 2]
    assert "询问笔录" in normalise_text(pages[0].ocr.text_raw)
    assert "110101199003071234" in normalise_text(pages[1].ocr.text_raw)
    assert all(p.image.suffix == ".png" for p in pages)  # the rasters are the PDF/A's pages: kept lossless


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
    if get_profile(profile).engine != "tesseract":  # tesseract reads a skew this small as scanned (below)
        assert abs(estimate_deskew(pages[0].image)) < 0.3


def _skewed(degrees: float) -> Image.Image:
    page = _page().rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    page.info["dpi"] = (300, 300)
    return page


def test_tesseract_is_handed_a_small_skew_as_scanned_and_its_text_layer_still_reads_right(tmp_path):
    out, pages = _ocr(tmp_path, _skewed(1.5), "office-tesseract")
    assert "110101199003071234" in normalise_text(pages[0].ocr.text_raw)
    assert abs(estimate_deskew(pages[0].image) - (-1.5)) < 0.3  # the page image is the scan, unlevelled
    assert pages[0].ocr.levelled_deg == 0.0
    extracted = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True,
                               check=True).stdout
    assert "110101199003071234" in normalise_text(extracted).replace(" ", "")


def test_tesseract_is_handed_a_larger_skew_levelled(tmp_path):
    _, pages = _ocr(tmp_path, _skewed(3.5), "office-tesseract")
    assert "110101199003071234" in normalise_text(pages[0].ocr.text_raw)
    assert abs(estimate_deskew(pages[0].image)) < 0.3


def test_a_png_rewritten_for_img2pdf_keeps_its_pixels_and_gets_its_dpi(tmp_path):
    import io

    import numpy as np

    from ocr.png import with_dpi as png_with_dpi

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


def test_text_hidden_in_a_form_xobject_still_gets_the_page_read_by_the_engine(tmp_path):
    """A page whose text sits inside a form XObject passes the quick scans-only check; ocrmypdf then
    finds the text, refuses to keep the page as it is, and the document is read rasterised instead."""
    import pikepdf

    from ocr.pipeline import _scans_only

    scan = render_page(LINES, size=(1900, 760))  # four lines, leaving the lower part of the page free
    mixed = write_mixed_pdf(scan, [""] * 5 + ["询问笔录"], tmp_path / "mixed.pdf")
    with pikepdf.open(mixed) as pdf:
        text_page, scan_page = pdf.pages[0], pdf.pages[1]
        form = pdf.make_indirect(text_page.as_form_xobject())
        name = scan_page.add_resource(form, pikepdf.Name.XObject)
        scan_page.contents_add(f"q {name} Do Q".encode(), prepend=False)
        del pdf.pages[0]
        pdf.save(tmp_path / "hidden.pdf")
    assert _scans_only(tmp_path / "hidden.pdf")  # the page itself declares an image and no fonts
    pages = ocr_to_pdfa(tmp_path / "hidden.pdf", tmp_path / "out.pdf", tmp_path / "side", get_profile("office"),
                        page_timeout=120, max_image_mpixels=200)
    text = normalise_text(pages[0].ocr.text_raw)
    assert "询问笔录" in text and "110101199003071234" in text
    assert pages[0].image.suffix == ".png"  # rasterised: the raster is the PDF/A's page
