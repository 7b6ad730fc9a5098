"""Page rasterisation for ocrmypdf (its `rasterize_pdf_page` hook): one render, levelled in memory, one fast PNG.

ocrmypdf's own path renders a page to PNG and then deskews it by decoding that
PNG, rotating it and encoding a second PNG at zlib's default level: on a
300 dpi colour scan that is two encodes of about three seconds each, more than
half of what the OCR engine itself costs. Here a page is rendered once by
PDFium, levelled in memory with OpenCV, and written once with zlib level 1 and
run-length matching, which suits scans (long runs of paper white) and is three
to four times faster.

Deskew therefore happens here and ocrmypdf's own deskew stays off: the image
written here is both the visible page and the OCR image, so the text layer
still fits the page exactly.
"""
from __future__ import annotations

import struct
import threading
import zlib
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from ocr.deskew import estimate_skew

PREVIEW_DPI = 66.0  # an A4 page 768 pixels long: what orientation detection works on (ocr/orientation.py)
_MIN_LEVEL_DEG = 0.05  # below this a rotation only blurs the page
_GRAY_DEVICES = {"pngmono", "pngmonod", "pnggray", "jpeggray"}
_pdfium_lock = threading.Lock()  # PDFium is not thread-safe


def rasterize_page(input_file: Path, output_file: Path, device: str, raster_dpi: tuple[float, float],
                   page_dpi: tuple[float, float] | None, pageno: int, rotation: int, deskew: bool,
                   use_cropbox: bool) -> Path:
    """Render page `pageno` (1-based) of `input_file` to `output_file` in the format `device` names.

    rotation: counter-clockwise degrees (a multiple of 90) that orientation found;
    deskew: level the text lines too (never for a JPEG preview).
    """
    device = device.lower()
    preview = device.startswith("jpeg")
    if preview:
        raster_dpi = (min(raster_dpi[0], PREVIEW_DPI), min(raster_dpi[1], PREVIEW_DPI))
        page_dpi = None
    pixels = _render(input_file, pageno, raster_dpi, rotation, device in _GRAY_DEVICES, use_cropbox)
    if deskew and not preview:
        pixels = _level(pixels)
    dpi = page_dpi or raster_dpi
    if preview:
        Image.fromarray(pixels).save(output_file, "JPEG", quality=85, dpi=dpi)
    elif device in ("pngmono", "pngmonod"):
        Image.fromarray(pixels > 127).save(output_file, "PNG", compress_level=1, dpi=dpi)
    else:
        output_file.write_bytes(_png(pixels, dpi))
    return output_file


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


def _level(pixels: np.ndarray) -> np.ndarray:
    gray = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    angle = estimate_skew(gray)
    if abs(angle) < _MIN_LEVEL_DEG:
        return pixels
    h, w = pixels.shape[:2]
    # getRotationMatrix2D turns counter-clockwise for a positive angle, as PIL does.
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    white = (255,) * (1 if pixels.ndim == 2 else 3)
    return cv2.warpAffine(pixels, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=white)


def _png(pixels: np.ndarray, dpi: tuple[float, float]) -> bytes:
    """PNG bytes of a grey or BGR array, written as grey or RGB, with its dpi (ocrmypdf reads it from pHYs)."""
    ok, buf = cv2.imencode(".png", pixels, [cv2.IMWRITE_PNG_COMPRESSION, 1, cv2.IMWRITE_PNG_STRATEGY,
                                            cv2.IMWRITE_PNG_STRATEGY_RLE])
    if not ok:
        raise RuntimeError("could not encode the page image as PNG")
    return png_with_dpi(buf.tobytes(), dpi)


def png_with_dpi(data: bytes, dpi: tuple[float, float] | None = None) -> bytes:
    """The same PNG with all its IDAT chunks joined into one, and its pHYs set to dpi when given.

    img2pdf, which wraps page images into PDF pages, concatenates IDAT chunks one
    by one, quadratic in their number: libpng writes 8 KiB chunks and Pillow
    64 KiB ones, which on a 15 MB colour scan costs a second or more.
    """
    chunks, idat, pos = [], [], 8  # after the signature
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            if not idat:
                chunks.append(None)  # where the joined IDAT goes
            idat.append(data[pos + 8:pos + 8 + length])
        elif kind != b"IEND" and not (kind == b"pHYs" and dpi):
            chunks.append(data[pos:pos + 12 + length])
        pos += 12 + length
    if dpi:
        chunks.insert(1, _chunk(b"pHYs", struct.pack(">IIB", round(dpi[0] / 0.0254), round(dpi[1] / 0.0254), 1)))
    joined = _chunk(b"IDAT", b"".join(idat))
    return data[:8] + b"".join(joined if c is None else c for c in chunks) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
