"""Page rasterisation for ocrmypdf (its `rasterize_pdf_page` hook): one render, levelled in memory, one fast PNG.

ocrmypdf's own path renders a page to PNG and then deskews it by decoding that
PNG, rotating it and encoding a second PNG at zlib's default level: on a
300 dpi colour scan that is two encodes of about three seconds each, more than
half of what the OCR engine itself costs. Here a page is rendered once by
PDFium, levelled in memory with OpenCV, and written once with zlib level 1 and
run-length matching, which suits scans (long runs of paper white) and is three
to four times faster.

Deskew therefore happens here and ocrmypdf's own deskew stays off. A raster
only the engine reads keeps a skew the engine reads as well unlevelled (tesseract
finds skewed lines itself). When
ocrmypdf keeps the scan as the visible page (lossless reconstruction), the
text layer is turned back by the same angle (ocr/textlayer.py); when it
replaces the page (mixed PDFs, forced OCR), the levelled image written here
becomes the visible page.

Image originals (PNG, JPEG, TIFF) are decoded here directly, once per page,
instead of being rendered back out of the PDF they were wrapped in: their
pixels are exactly the page at its own resolution. The decoded page serves
the orientation preview and the page raster, and the finished raster is
handed to the OCR engine in memory (`take_raster`), since ocrmypdf runs the
pages of a document in threads of this process.
"""
from __future__ import annotations

import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from earchive.errors import IngestRejected
from ocr import png
from ocr.deskew import estimate_skew
from ocr.transparency import has_alpha, on_white

PREVIEW_DPI = 66.0  # an A4 page 768 pixels long: what orientation detection works on (ocr/orientation.py)
JPEG_QUALITY = 90  # page images shown beside the OCR text
_MIN_LEVEL_DEG = 0.05  # below this a rotation only blurs the page
_GRAY_DEVICES = {"pngmono", "pngmonod", "pnggray", "jpeggray"}
_pdfium_lock = threading.Lock()  # PDFium is not thread-safe
_KEEP = 4  # pages held between calls; one document's pages go one at a time through a worker


@dataclass(frozen=True)
class Raster:
    """A page as the rasteriser left it for the OCR engine: the pixels written to `path`, and how they were levelled."""

    path: Path
    pixels: np.ndarray
    dpi: float
    levelled_deg: float  # counter-clockwise degrees the page was turned to level its lines
    on_visible_page: bool  # ocrmypdf shows this raster as the page (else it keeps the scan, unlevelled)


class _Held(OrderedDict):
    """A few entries at most, oldest dropped first, shared by ocrmypdf's page threads."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def put(self, key, value) -> None:
        with self.lock:
            self[key] = value
            while len(self) > _KEEP:
                self.popitem(last=False)

    def take(self, key):
        with self.lock:
            return self.pop(key, None)


_decoded = _Held()  # (source, frame) -> full-resolution pixels decoded for a preview, awaiting the page raster
_rasters = _Held()  # (work folder, page number) -> Raster


def take_raster(image: Path, pageno: int) -> Raster | None:
    """What the rasteriser left for page `pageno` (1-based) of the run whose work folder holds `image`."""
    return _rasters.take((str(image.parent), pageno))


def rasterize_page(input_file: Path, output_file: Path, device: str, raster_dpi: tuple[float, float],
                   page_dpi: tuple[float, float] | None, pageno: int, rotation: int, deskew: bool,
                   use_cropbox: bool, source: tuple[str, int] | None = None,
                   visible: bool = True, level_from_deg: float = 0.0) -> Path:
    """Render page `pageno` (1-based) of `input_file` to `output_file` in the format `device` names.

    rotation: counter-clockwise degrees (a multiple of 90) that orientation found;
    deskew: level the text lines too (never for a JPEG preview);
    source: the image file and frame the page was wrapped from, decoded directly when its pixels fit;
    visible: whether ocrmypdf will show this raster as the page;
    level_from_deg: a smaller skew is left as it is (the engine reads it as well unlevelled).
    """
    device = device.lower()
    preview = device.startswith("jpeg")
    grayscale = device in _GRAY_DEVICES
    if preview:
        raster_dpi = (min(raster_dpi[0], PREVIEW_DPI), min(raster_dpi[1], PREVIEW_DPI))
        page_dpi = None
    pixels = _from_source(source, input_file, pageno, raster_dpi, rotation, grayscale, preview, use_cropbox)
    if pixels is None:
        pixels = _render(input_file, pageno, raster_dpi, rotation, grayscale, use_cropbox)
    angle = 0.0
    if deskew and not preview:
        pixels, angle = _level(pixels, level_from_deg)
    dpi = page_dpi or raster_dpi
    if preview:
        Image.fromarray(pixels).save(output_file, "JPEG", quality=85, dpi=dpi)
        return output_file
    written = output_file
    if device in ("pngmono", "pngmonod"):
        ink_free = pixels > 127
        Image.fromarray(ink_free).save(output_file, "PNG", compress_level=1, dpi=dpi)
        pixels = ink_free.astype(np.uint8) * 255  # what the engine reads: exactly the 1-bit page
    elif visible:
        output_file.write_bytes(_png(pixels, dpi))
    else:
        # ocrmypdf keeps the scan itself as the PDF/A page, so this raster is only the page image shown
        # beside the OCR text (the engine reads its pixels in memory): JPEG, as scanners store grey and
        # colour pages, at a tenth of a lossless PNG's encoding time and a fifth of its size.
        written = output_file.with_suffix(".jpg")
        _jpeg(pixels, dpi, written)
        output_file.symlink_to(written.name)
    _rasters.put((str(output_file.parent), pageno), Raster(written, pixels, float(dpi[0]), angle, visible))
    return output_file


def _page_size_px(input_file: Path, pageno: int, dpi: tuple[float, float], use_cropbox: bool) -> tuple[int, int]:
    with _pdfium_lock:
        doc = pdfium.PdfDocument(str(input_file))
        try:
            page = doc[pageno - 1]
            box = page.get_cropbox() if use_cropbox else page.get_mediabox()
            page.close()
        finally:
            doc.close()
    return round((box[2] - box[0]) * dpi[0] / 72), round((box[3] - box[1]) * dpi[1] / 72)


def _decode(source: tuple[str, int]) -> np.ndarray:
    """The frame as it is stored: grey (h, w) for bilevel and grey scans, else BGR (h, w, 3)."""
    path, frame = source
    try:
        with Image.open(path) as im:
            if im.format in ("PNG", "JPEG") and im.mode in ("1", "L", "RGB") and getattr(im, "n_frames", 1) == 1 \
                    and not has_alpha(im):
                pixels = cv2.imread(path, cv2.IMREAD_UNCHANGED)  # straight into OpenCV's layout, no copies
                if pixels is not None and pixels.dtype == np.uint8 and pixels.ndim in (2, 3):
                    return pixels
            im.seek(frame)
            page = on_white(im)  # black text on transparency would otherwise turn all black
            if page.mode in ("1", "L", "I;16", "I", "LA"):
                return np.asarray(page.convert("L"))
            return cv2.cvtColor(np.asarray(page.convert("RGB")), cv2.COLOR_RGB2BGR)
    except (OSError, SyntaxError, ValueError) as e:
        # Ingest's preflight checks structure and checksums only; pixel data a faulty encoder wrote shows here.
        raise IngestRejected("corrupt", f"page {frame + 1} of the image cannot be decoded ({e}); the file is "
                             "damaged or was written wrongly — scan or export it again") from e


def _from_source(source: tuple[str, int] | None, input_file: Path, pageno: int, dpi: tuple[float, float],
                 rotation: int, grayscale: bool, preview: bool, use_cropbox: bool) -> np.ndarray | None:
    """The page decoded from its image file, when it fills the page at exactly `dpi` (else None: render it)."""
    if source is None:
        return None
    key = tuple(source)
    if preview:
        pixels = _decode(key)
        _decoded.put(key, pixels)  # the page raster, next, needs the same pixels at full size
        want = _page_size_px(input_file, pageno, dpi, use_cropbox)
        scale = max(want) / max(pixels.shape[:2])
        pixels = cv2.resize(pixels, want, interpolation=cv2.INTER_AREA) if scale < 1 else pixels
    else:
        pixels = _decoded.take(key)
        if pixels is None:
            pixels = _decode(key)
        if (pixels.shape[1], pixels.shape[0]) != _page_size_px(input_file, pageno, dpi, use_cropbox):
            return None  # ocrmypdf wants another resolution than the scan's own: let PDFium resample
    if rotation % 360:
        pixels = cv2.rotate(pixels, {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180,
                                     270: cv2.ROTATE_90_CLOCKWISE}[rotation % 360])
    if grayscale and pixels.ndim == 3:
        return cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    if not grayscale and pixels.ndim == 2:
        return cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR)
    return pixels


def _render(input_file: Path, pageno: int, dpi: tuple[float, float], rotation: int, grayscale: bool,
            use_cropbox: bool) -> np.ndarray:
    """The page as an array: (h, w) grey or (h, w, 3) in PDFium's BGR order, sized exactly to the page at dpi."""
    with _pdfium_lock:
        doc = pdfium.PdfDocument(str(input_file))
        try:
            page = doc[pageno - 1]
            width_pt, height_pt = page.get_size()
            want_w, want_h = round(width_pt * dpi[0] / 72), round(height_pt * dpi[1] / 72)
            if rotation:
                page.set_rotation(-rotation % 360)  # PDFium turns clockwise; ocrmypdf's correction is counter-clockwise
                if rotation % 180 == 90:
                    want_w, want_h = want_h, want_w
            if not use_cropbox:
                page.set_cropbox(*page.get_mediabox())  # render the whole MediaBox, as Ghostscript does
            bitmap = page.render(scale=max(dpi) / 72, may_draw_forms=True, draw_annots=True, grayscale=grayscale)
            pixels = np.array(bitmap.to_numpy(), copy=True)
            bitmap.close()
            page.close()
        finally:
            doc.close()
    if pixels.ndim == 3 and pixels.shape[2] == 1:
        pixels = pixels[..., 0]
    if pixels.ndim == 3:
        pixels = cv2.cvtColor(pixels[..., :3], cv2.COLOR_BGR2GRAY) if grayscale else np.ascontiguousarray(pixels[..., :3])
    elif not grayscale:
        pixels = cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR)
    return _fit(pixels, want_w, want_h)


def _fit(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    """Crop PDFium's pixel or two of rounding overshoot, or pad a shortfall with white."""
    h, w = pixels.shape[:2]
    if (h, w) == (height, width):
        return pixels
    out = np.full((height, width) + pixels.shape[2:], 255, dtype=pixels.dtype)
    out[:min(h, height), :min(w, width)] = pixels[:height, :width]
    return out


def _level(pixels: np.ndarray, level_from_deg: float = 0.0) -> tuple[np.ndarray, float]:
    """The page with its text lines level, and the counter-clockwise degrees it was turned by."""
    gray = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    angle = estimate_skew(gray)
    if abs(angle) < max(_MIN_LEVEL_DEG, level_from_deg):
        return pixels, 0.0
    h, w = pixels.shape[:2]
    # getRotationMatrix2D turns counter-clockwise for a positive angle, as PIL does.
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    white = (255,) * (1 if pixels.ndim == 2 else 3)
    return cv2.warpAffine(pixels, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=white), angle



def _jpeg(pixels: np.ndarray, dpi: tuple[float, float], path: Path) -> None:
    ok, buf = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise RuntimeError("could not encode the page image as JPEG")
    data = bytearray(buf.tobytes())
    # libjpeg writes a JFIF header without a resolution; ocrmypdf reads the page's dpi from it.
    if data[2:4] == b"\xff\xe0" and data[6:11] == b"JFIF\x00":
        data[13:18] = struct.pack(">BHH", 1, round(dpi[0]), round(dpi[1]))
    path.write_bytes(bytes(data))


def _png(pixels: np.ndarray, dpi: tuple[float, float]) -> bytes:
    """PNG bytes of a grey or BGR array, written as grey or RGB, with its dpi (ocrmypdf reads it from pHYs)."""
    ok, buf = cv2.imencode(".png", pixels, [cv2.IMWRITE_PNG_COMPRESSION, 1, cv2.IMWRITE_PNG_STRATEGY,
                                            cv2.IMWRITE_PNG_STRATEGY_RLE])
    if not ok:
        raise RuntimeError("could not encode the page image as PNG")
    return png.with_dpi(buf.tobytes(), dpi)
