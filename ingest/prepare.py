"""Turning the originals of one document into the PDF that OCR reads, and checking the scan's quality.

Quality follows DA/T 31-2017 and the scanner profile: resolution at least
200 dpi (the profile may ask 300 for small or dense text), the expected
colour mode, and the declared page count when a batch sheet gives one. A
shortfall is a flag on the document for the archivist, never a silent pass.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image

from ingest.flags import flag
from ocr import png
from ocr.transparency import on_white
from scanner_profiles import ScannerProfile

_MODE_CLASS = {"1": "bilevel", "L": "gray", "LA": "gray", "I;16": "gray", "P": "colour", "RGB": "colour",
               "RGBA": "colour", "CMYK": "colour", "YCbCr": "colour"}


@dataclass
class Prepared:
    pdf: Path
    pages: int
    flags: list[dict] = field(default_factory=list)
    # For image originals, where each page of `pdf` came from (file, frame), so the rasteriser can decode
    # the scan itself instead of rendering it back out of the PDF; None for PDFs and for turned pages.
    page_sources: list[tuple[str, int] | None] | None = None


def _frames(files: list[Path]):
    """Each page of the image files, open: (file, frame number, image, dpi or 0 when the scan recorded none)."""
    for path in files:
        with Image.open(path) as im:
            for i in range(getattr(im, "n_frames", 1)):
                im.seek(i)
                dpi = im.info.get("dpi")
                yield path, i, im, float(dpi[0]) if dpi and dpi[0] else 0.0


def _image_dpis(files: list[Path]) -> list[float]:
    return [dpi for _path, _i, _im, dpi in _frames(files)]  # header reads only; no page is decoded


def _images_to_pdf(files: list[Path], out: Path, default_dpi: int) -> None:
    """Wrap images into a PDF without re-encoding where img2pdf can (JPEG stays JPEG)."""
    inputs = [_img2pdf_input(f) for f in files]
    # img2pdf reads the EXIF orientation of a PNG by decoding the whole image; scanners' PNGs carry none.
    exif = not all(isinstance(i, bytes) and not png.has_exif(i) for i in inputs)
    try:
        data = img2pdf.convert(inputs, rotation=img2pdf.Rotation.ifvalid if exif else img2pdf.Rotation.none,
                               layout_fun=_layout(files, default_dpi))
    except (img2pdf.AlphaChannelError, img2pdf.ImageOpenError, ValueError):
        # Transparency, palettes or odd TIFF encodings: re-encode losslessly as PNG pages, transparency laid
        # onto white (the PDF/A keeps this page as it is shown).
        buffers = []
        for _path, _i, im, dpi in _frames(files):
            buf = io.BytesIO()
            page = on_white(im)
            page.convert("L" if page.mode in ("1", "L", "LA", "I;16") else "RGB").save(
                buf, "PNG", dpi=(dpi or default_dpi,) * 2)
            buffers.append(buf.getvalue())
        data = img2pdf.convert(buffers)
    out.write_bytes(data)


def _img2pdf_input(path: Path) -> str | bytes:
    with open(path, "rb") as f:
        if f.read(8) != png.SIGNATURE:
            return str(path)
    return png.with_dpi(path.read_bytes())  # one IDAT chunk: img2pdf joins many of them in quadratic time


def _page_sources(files: list[Path], pdf: pikepdf.Pdf) -> list[tuple[str, int] | None]:
    """(file, frame) of each page img2pdf wrote; None where it turned the page for an EXIF orientation."""
    frames = [(str(path), i) for path, i, _im, _dpi in _frames(files)]
    if len(frames) != len(pdf.pages):
        return [None] * len(pdf.pages)
    return [None if int(page.obj.get("/Rotate", 0)) % 360 else frame for frame, page in zip(frames, pdf.pages)]


def _layout(files: list[Path], default_dpi: int):
    # Scans without a dpi tag would be laid out at 96 dpi (a page metres wide); assume the profile's dpi.
    if not all(_image_dpis(files[:1])):
        return img2pdf.get_fixed_dpi_layout_fun((default_dpi, default_dpi))
    return img2pdf.default_layout_fun


def _pdf_page_dpis(pdf: pikepdf.Pdf) -> list[tuple[float, str | None]]:
    """Effective dpi and colour class of the largest image on each page (0 when the page has none)."""
    result = []
    for page in pdf.pages:
        width_in = float(page.mediabox[2] - page.mediabox[0]) / 72 or 1
        best = (0.0, None)
        for raw in page.get_images().values():
            try:
                img = pikepdf.PdfImage(raw)
            except Exception:  # an image pikepdf cannot describe still OCRs; it just gives no dpi
                continue
            dpi = img.width / width_in
            if dpi > best[0]:
                cls = "bilevel" if img.bits_per_component == 1 else ("gray" if str(img.colorspace) == "/DeviceGray" else "colour")
                best = (dpi, cls)
        result.append(best)
    return result


def _ink_ratio(im: Image.Image) -> float:
    small = im.convert("L").resize((max(1, im.width // 8), max(1, im.height // 8)))
    # Ignore a 5% margin: scanner edges and punch holes are not content.
    w, h = small.size
    small = small.crop((w // 20, h // 20, w - w // 20, h - h // 20))
    hist = small.histogram()
    dark = sum(hist[:128])
    return dark / max(1, small.width * small.height)


def _blank_pages(pdf_path: Path, threshold: float) -> list[int]:
    import pypdfium2 as pdfium

    blank = []
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        for i in range(len(doc)):
            bitmap = doc[i].render(scale=50 / 72, grayscale=True)
            if _ink_ratio(bitmap.to_pil()) < threshold:
                blank.append(i + 1)
    finally:
        doc.close()
    return blank



def prepare_document(files: list[Path], kind: str, workdir: Path, profile: ScannerProfile,
                     declared_pages: int | None) -> Prepared:
    pdf_path = workdir / "input.pdf"
    flags: list[dict] = []
    if kind == "pdf":
        pdf_path.write_bytes(files[0].read_bytes())
    else:
        _images_to_pdf(files, pdf_path, profile.expected_dpi)
    with pikepdf.open(pdf_path) as pdf:
        page_qualities = _pdf_page_dpis(pdf)
        n = len(pdf.pages)
        sources = _page_sources(files, pdf) if kind != "pdf" else None
    if kind != "pdf":
        # img2pdf wrote the dpi we assumed where the scan had none; report that from the originals.
        for i, dpi in enumerate(_image_dpis(files), start=1):
            if not dpi:
                flags.append(flag("no_dpi", f"第{i}页未记录分辨率，按扫描仪配置 {profile.expected_dpi} dpi 处理", i))
    for i, (dpi, colour) in enumerate(page_qualities, start=1):
        if dpi and dpi + 1 < 200:
            flags.append(flag("below_norm_dpi", f"第{i}页分辨率约 {dpi:.0f} dpi，低于 DA/T 31-2017 要求的 200 dpi，请重新扫描", i))
        elif dpi and dpi + 1 < profile.min_dpi:
            flags.append(flag("below_profile_dpi", f"第{i}页分辨率约 {dpi:.0f} dpi，低于扫描仪配置要求的 {profile.min_dpi} dpi", i))
        if colour and profile.colour_mode != "any" and colour != profile.colour_mode:
            flags.append(flag("colour_mode", f"第{i}页色彩模式为 {colour}，扫描仪配置要求 {profile.colour_mode}", i))
    if profile.remove_blank_pages:
        blank = _blank_pages(pdf_path, profile.blank_page_ink_ratio)
        if blank and len(blank) < n:
            with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
                for page_no in reversed(blank):
                    del pdf.pages[page_no - 1]
                    if sources:
                        del sources[page_no - 1]
                pdf.save(pdf_path)
            n -= len(blank)
            flags.append(flag("blank_pages_removed", f"已去除空白页：第 {', '.join(map(str, blank))} 页（原件保留）"))
    if declared_pages is not None and declared_pages != n:
        flags.append(flag("page_count_mismatch", f"批次登记页数为 {declared_pages}，实际 {n} 页，请核对是否漏扫或重扫"))
    return Prepared(pdf_path, n, flags, sources)
