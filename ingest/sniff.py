"""Knowing what a file is by its content, and refusing what cannot be a safe scan.

Every check here runs before anything is stored, so a bad file costs nothing
but a quarantine entry. Each refusal says what is wrong and what to do.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image, UnidentifiedImageError

from earchive.errors import IngestRejected
from ocr import png

_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\xff\xd8\xff", "jpeg"),
    (png.SIGNATURE, "png"),
]
MEDIA_TYPES = {"pdf": "application/pdf", "tiff": "image/tiff", "jpeg": "image/jpeg", "png": "image/png"}
_EXTENSIONS = {"pdf": {".pdf"}, "tiff": {".tif", ".tiff"}, "jpeg": {".jpg", ".jpeg", ".jpe"}, "png": {".png"}}


@dataclass
class ScanInfo:
    kind: str  # pdf | tiff | jpeg | png
    pages: int

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]


def sniff_kind(path: Path) -> str:
    with open(path, "rb") as f:
        head = f.read(1024)
    if not head:
        raise IngestRejected("empty", "the file is empty (0 bytes); the scan or copy did not finish — scan it again")
    # PDF allows junk before the header within the first 1024 bytes.
    if b"%PDF-" in head:
        return "pdf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    raise IngestRejected("wrong_type", "the content is not a PDF, TIFF, JPEG or PNG scan"
                         f"{_claimed(path)}; export the scan as PDF, TIFF, JPEG or PNG")


def _claimed(path: Path) -> str:
    ext = path.suffix.lower()
    for kind, exts in _EXTENSIONS.items():
        if ext in exts:
            return f" although its name ends in {ext}"
    return ""


def inspect_scan(path: Path, max_pixels: int, max_pages: int, max_bytes: int) -> ScanInfo:
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestRejected("too_large", f"the file is {size / 1e6:.0f} MB, over the limit of {max_bytes / 1e6:.0f} MB; "
                             "split the document into parts or raise EARCHIVE_MAX_FILE_BYTES")
    kind = sniff_kind(path)
    if kind == "pdf":
        return _inspect_pdf(path, max_pages)
    return _inspect_image(path, kind, max_pixels, max_pages)


def _inspect_pdf(path: Path, max_pages: int) -> ScanInfo:
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - 2048))
        tail = f.read()
    if b"%%EOF" not in tail:
        raise IngestRejected("truncated", "the PDF is truncated (no end-of-file marker); the transfer was cut "
                             "short — copy or export it again")
    try:
        # Opened here and handed over as a stream: pikepdf takes a path's name as its description, and a
        # name that is not UTF-8 (GBK from a Windows machine) makes it raise TypeError.
        with open(path, "rb") as f, pikepdf.open(f) as pdf:
            n = len(pdf.pages)
    except pikepdf.PasswordError as e:
        raise IngestRejected("encrypted", "the PDF is encrypted (password-protected); ask the sender for an "
                             "unencrypted copy or remove the password, then ingest it again") from e
    except pikepdf.PdfError as e:
        raise IngestRejected("corrupt", f"the PDF is damaged and cannot be read ({e}); export or scan it again") from e
    if n == 0:
        raise IngestRejected("corrupt", "the PDF has no pages; export or scan it again")
    if n > max_pages:
        raise IngestRejected("too_many_pages", f"the PDF has {n} pages, over the limit of {max_pages}; split it into "
                             "volumes or raise EARCHIVE_MAX_PAGES_PER_DOCUMENT")
    return ScanInfo("pdf", n)


def _check_data(path: Path, kind: str, im: Image.Image) -> None:
    """Fail here, not in OCR, on a truncated or damaged image, at less cost than decoding it whole.

    PNG: every chunk is read and its CRC-32 checked, up to IEND, which finds a
    cut-short transfer and damaged bytes without inflating the pixels. JPEG:
    decoded at 1/8 scale, which still reads all of the entropy-coded data. TIFF
    (mostly Group 4 bilevel, cheap to decode): decoded.
    """
    if kind == "png":
        png.check(path.read_bytes())
    elif kind == "jpeg":
        im.draft(im.mode, (max(1, im.width // 8), max(1, im.height // 8)))
        im.load()
    else:
        im.load()


def _inspect_image(path: Path, kind: str, max_pixels: int, max_pages: int) -> ScanInfo:
    try:
        with warnings.catch_warnings(), Image.open(path) as im:
            # Our own pixel limit below decides; Pillow's generic warning would only add noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            n = getattr(im, "n_frames", 1)
            if n > max_pages:
                raise IngestRejected("too_many_pages", f"the image has {n} pages, over the limit of {max_pages}; "
                                     "split it or raise EARCHIVE_MAX_PAGES_PER_DOCUMENT")
            for i in range(n):
                im.seek(i)
                w, h = im.size
                if w * h > max_pixels:
                    raise IngestRejected("too_many_pixels", f"page {i + 1} is {w}×{h} pixels, over the limit of "
                                         f"{max_pixels:,} (a decompression bomb or a wrong scan setting); "
                                         "rescan at 300 dpi")
                _check_data(path, kind, im)
    except IngestRejected:
        raise
    except Image.DecompressionBombError as e:
        raise IngestRejected("too_many_pixels", f"the image is too large to open safely ({e}); rescan at 300 dpi") from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise IngestRejected("corrupt", f"the {kind.upper()} image is damaged or truncated ({e}); scan it again") from e
    return ScanInfo(kind, n)
