"""Write rendered pages in every input format the ingester accepts, and sample sets.

Formats: image-only PDF, multi-page TIFF, and one JPEG or PNG file per page,
each carrying its resolution so that the ingester sees the scan's real dpi.
"""
from __future__ import annotations

import io
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from PIL import Image

from samples.cases import build_case
from samples.degrade import Degrade
from samples.render import RenderedDocument, render_document
from samples.text import build_document

try:
    import img2pdf
except ImportError:  # Pillow's PDF writer is the fallback
    img2pdf = None

FileFormat = Literal["pdf", "tiff", "jpeg", "png"]
TiffCompression = Literal["group4", "tiff_lzw", "jpeg"]
FILE_FORMATS: tuple[FileFormat, ...] = ("pdf", "tiff", "jpeg", "png")
SUFFIXES: dict[FileFormat, str] = {"pdf": ".pdf", "tiff": ".tif", "jpeg": ".jpg", "png": ".png"}

# The documents of one case file, in the order they are filed.
CASE_FILE_ORDER = ("case_initiation_approval", "inspection_record", "inquiry_record",
                   "penalty_notice", "penalty_decision", "service_receipt", "rectification_order")
BILEVEL_THRESHOLD = 150


def to_bilevel(img: Image.Image) -> Image.Image:
    """Mode 1 by a fixed threshold, like a scanner's black-and-white mode (no dithering)."""
    return img.convert("L").point(lambda v: 255 if v >= BILEVEL_THRESHOLD else 0, mode="1")


def _encoded(img: Image.Image, jpeg_quality: int | None) -> bytes:
    buf = io.BytesIO()
    if jpeg_quality is None or img.mode == "1":
        img.save(buf, format="PNG")
    else:
        img.save(buf, format="JPEG", quality=jpeg_quality)
    return buf.getvalue()


def write_pdf(images: Sequence[Image.Image], path: Path, dpi: int,
              jpeg_quality: int | None = None) -> Path:
    """Image-only PDF, one page per image, page size = image size at dpi.

    No dates are written, so the same pages give the same bytes (and sha256).
    """
    if img2pdf is not None:
        layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
        # The internal engine: img2pdf's pikepdf engine writes a random /ID with pikepdf >= 10.
        path.write_bytes(img2pdf.convert([_encoded(im, jpeg_quality) for im in images],
                                         layout_fun=layout, nodate=True,
                                         engine=img2pdf.Engine.internal))
    else:
        first, *rest = [im.convert("RGB") if im.mode == "1" else im for im in images]
        first.save(path, format="PDF", save_all=True, append_images=rest, resolution=float(dpi))
    return path


def write_tiff(images: Sequence[Image.Image], path: Path, dpi: int,
               compression: TiffCompression = "tiff_lzw") -> Path:
    """Multi-page TIFF; group4 turns pages bilevel first, as fax compression requires."""
    # Copies: Pillow's multi-frame TIFF writer reuses the encoder settings an image kept
    # from an earlier save (say to PNG), which breaks libtiff's argument list.
    pages = [to_bilevel(im) if compression == "group4" else im.copy() for im in images]
    first, *rest = pages
    first.save(path, format="TIFF", save_all=True, append_images=rest,
               compression=compression, dpi=(dpi, dpi))
    return path


def _page_paths(stem: Path, count: int, suffix: str) -> list[Path]:
    if count == 1:
        return [stem.with_name(stem.name + suffix)]
    return [stem.with_name(f"{stem.name}_p{n}{suffix}") for n in range(1, count + 1)]


def write_jpegs(images: Sequence[Image.Image], stem: Path, dpi: int,
                quality: int = 85) -> list[Path]:
    """One JPEG per page: stem.jpg, or stem_p1.jpg, stem_p2.jpg ..."""
    paths = _page_paths(stem, len(images), ".jpg")
    for img, path in zip(images, paths):
        img.save(path, format="JPEG", quality=quality, dpi=(dpi, dpi))
    return paths


def write_pngs(images: Sequence[Image.Image], stem: Path, dpi: int) -> list[Path]:
    """One PNG per page: stem.png, or stem_p1.png, stem_p2.png ..."""
    paths = _page_paths(stem, len(images), ".png")
    for img, path in zip(images, paths):
        img.save(path, format="PNG", dpi=(dpi, dpi))
    return paths


def write_rendered(doc: RenderedDocument, stem: Path, fmt: FileFormat,
                   tiff_compression: TiffCompression = "tiff_lzw",
                   jpeg_quality: int | None = 85) -> list[Path]:
    """Write doc as fmt to stem plus the format's suffix; returns the files written.

    jpeg_quality also applies to the images inside a PDF (None: lossless), since
    a noisy scan stored losslessly is ten times the size of what scanners write.
    """
    if fmt == "pdf":
        return [write_pdf(doc.images, stem.with_name(stem.name + ".pdf"), doc.dpi, jpeg_quality)]
    if fmt == "tiff":
        path = stem.with_name(stem.name + ".tif")
        return [write_tiff(doc.images, path, doc.dpi, tiff_compression)]
    if fmt == "jpeg":
        return write_jpegs(doc.images, stem, doc.dpi, jpeg_quality or 95)
    if fmt == "png":
        return write_pngs(doc.images, stem, doc.dpi)
    raise ValueError(f"unknown format {fmt!r}")


def _page_allowance(doc_pages: int, docs_left: int, budget_left: int) -> int:
    """Pages this document may keep so that every later document still gets one."""
    return max(1, min(doc_pages, budget_left - docs_left))


def write_sample_set(dest: Path, n_documents: int = 6, seed: int = 0,
                     page_budget: int = 10) -> list[Path]:
    """n_documents of fictional case files in mixed formats, plus dest/ground_truth.json.

    Documents follow CASE_FILE_ORDER, a new case every len(CASE_FILE_ORDER)
    documents. A document keeps its later pages only while the set stays within
    page_budget pages (each document keeps at least one), so the set stays quick
    to OCR. ground_truth.json maps each file name to the text of its pages.
    """
    dest.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files: list[Path] = []
    truth: dict[str, dict] = {}
    budget_left = max(page_budget, n_documents)
    single_page_formats = 0
    for i in range(n_documents):
        case_index, position = divmod(i, len(CASE_FILE_ORDER))
        spec = build_document(CASE_FILE_ORDER[position], build_case(seed * 1000 + case_index))
        keep = _page_allowance(len(spec.pages), n_documents - i - 1, budget_left)
        spec.pages = spec.pages[:keep]
        budget_left -= keep
        if keep > 1:  # multi-page documents go where pages stay together
            fmt: FileFormat = ("pdf", "tiff")[i % 2]
        else:
            fmt = FILE_FORMATS[single_page_formats % len(FILE_FORMATS)]
            single_page_formats += 1
        degrade = Degrade.scanned(rng) if rng.random() < 0.7 else Degrade()
        doc = render_document(spec, dpi=rng.choice((200, 300)), degrade=degrade,
                              seed=seed * 1000 + i, mode=rng.choice(("L", "RGB")))
        compression: TiffCompression = rng.choice(("group4", "tiff_lzw"))
        written = write_rendered(doc, dest / f"{i + 1:02d}_{spec.doc_type}", fmt, compression,
                                 jpeg_quality=None if degrade.is_clean else 85)
        page_texts = [[t] for t in doc.ground_truth] if len(written) > 1 else [doc.ground_truth]
        for path, pages in zip(written, page_texts):
            truth[path.name] = {"doc_type": spec.doc_type, "title": spec.title,
                                "case_no": spec.case_no, "format": fmt, "dpi": doc.dpi,
                                "pages": pages}
        files.extend(written)
    ground_truth = {"seed": seed, "files": truth}
    (dest / "ground_truth.json").write_text(
        json.dumps(ground_truth, ensure_ascii=False, indent=2), encoding="utf-8")
    return files
