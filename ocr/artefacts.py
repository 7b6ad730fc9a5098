"""Names of the per-page artefacts OCR leaves beside a document's PDF/A: one place, for writers and readers."""
from __future__ import annotations

from pathlib import Path

PAGE_IMAGE_TYPES = {".jpg": "image/jpeg", ".png": "image/png"}


def page_stem(page_no: int) -> str:
    return f"page-{page_no:04d}"


def page_json(folder: Path, page_no: int) -> Path:
    """The page's OCR: lines of words with boxes in the page image's pixels."""
    return folder / f"{page_stem(page_no)}.json"


def page_image(folder: Path, page_no: int) -> Path | None:
    """The page image the word boxes refer to, or None when there is none.

    JPEG for grey and colour scans, which the PDF/A keeps as scanned; PNG for
    bilevel scans and for pages the PDF/A shows rasterised (mixed PDFs).
    """
    for suffix in PAGE_IMAGE_TYPES:
        path = folder / f"{page_stem(page_no)}{suffix}"
        if path.is_file():
            return path
    return None
