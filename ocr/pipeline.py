"""The one module that runs ocrmypdf: a prepared PDF in, a PDF/A plus per-page OCR side files out."""
from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import ocrmypdf
import pikepdf
from ocrmypdf import exceptions as ox

from earchive.errors import IngestRejected
from earchive.timing import mark
from ocr.artefacts import page_image
from ocr.page import PageOcr
from ocr.orientation import THRESHOLD as ORIENTATION_THRESHOLD
from ocr.plugin import ENGINE_PREFIX
from scanner_profiles import ScannerProfile

log = logging.getLogger(__name__)


@dataclass
class OcrPage:
    page_no: int  # 1-based
    ocr: PageOcr
    image: Path  # the OCR image; word boxes are in its pixels


def _scans_only(input_pdf: Path) -> bool:
    """Whether every page is a scanned image with no text of its own.

    Such pages are kept in the PDF/A exactly as scanned, with the text layer laid
    over them; any other page (text, vector drawing) makes ocrmypdf rasterise the
    whole document, so that every page is read by the one engine all the same.
    """
    try:
        with pikepdf.open(input_pdf) as pdf:
            for page in pdf.pages:
                fonts = page.obj.get("/Resources", pikepdf.Dictionary()).get("/Font")
                if not page.get_images() or (fonts is not None and len(fonts.keys())):
                    return False
    except pikepdf.PdfError:
        return False  # let ocrmypdf say what is wrong with the file
    return True


def _ocrmypdf(input_pdf: Path, output_pdf: Path, sidecar_dir: Path, profile: ScannerProfile, page_timeout: float,
              max_image_mpixels: float, page_sources: list[tuple[str, int] | None] | None, force: bool) -> None:
    ocrmypdf.ocr(
        input_pdf, output_pdf,
        plugins=["ocr.plugin"],
        ocr_engine=ENGINE_PREFIX + profile.engine,
        language=list(profile.languages),
        output_type=f"pdfa-{profile.pdfa_level[0]}",
        # Forced, every page is rasterised and the raster becomes the page; otherwise the scan stays the page.
        mode="force" if force else "default",
        pdf_renderer="sandwich",  # the engine draws its text layer itself, in a glyphless font
        deskew=False,  # the rasteriser levels the page (earchive_deskew), saving a decode and an encode
        rotate_pages=profile.rotate,
        rotate_pages_threshold=ORIENTATION_THRESHOLD,
        clean=profile.clean,
        optimize=profile.optimize,
        jobs=1,  # earchive runs one document per core; pages inside a document go in sequence
        progress_bar=False,
        max_image_mpixels=max_image_mpixels,
        tesseract_timeout=page_timeout,
        earchive_sidecar_dir=str(sidecar_dir),
        earchive_deskew=profile.deskew,
        earchive_seal_dropout=profile.seal_dropout,
        earchive_ppocr_runtime=profile.ppocr_runtime,
        earchive_page_timeout=page_timeout,
        earchive_psm=profile.page_segmentation_mode,
        # Pages in threads of this process: the rasteriser hands each page's pixels to the engine in memory.
        use_threads=True,
        earchive_page_sources=page_sources,
    )


def ocr_to_pdfa(input_pdf: Path, output_pdf: Path, sidecar_dir: Path, profile: ScannerProfile,
                page_timeout: float, max_image_mpixels: float,
                page_sources: list[tuple[str, int] | None] | None = None) -> list[OcrPage]:
    """OCR every page of `input_pdf` with the profile's engine into a PDF/A at `output_pdf`.

    page_sources: for each page wrapped from an image file, that file and frame (ingest/prepare.py).
    """
    sidecar_dir.mkdir(parents=True, exist_ok=True)
    mark("worker: ocrmypdf starts")
    try:
        run = functools.partial(_ocrmypdf, input_pdf, output_pdf, sidecar_dir, profile, page_timeout,
                                max_image_mpixels, page_sources)
        try:
            run(force=not _scans_only(input_pdf))
        except ox.PriorOcrFoundError:  # text hidden where the check above does not look (a form XObject)
            run(force=True)
    except ox.EncryptedPdfError as e:
        raise IngestRejected("encrypted", "the PDF is encrypted (password-protected); ask the sender for an "
                             "unencrypted copy or remove the password, then ingest it again") from e
    except ox.DigitalSignatureError as e:
        raise IngestRejected("signed", "the PDF carries a digital signature that OCR would invalidate; "
                             "keep it as an electronic original instead of a scan") from e
    except (ox.InputFileError, ox.UnsupportedImageFormatError, ox.DpiError) as e:
        raise IngestRejected("corrupt", f"the file cannot be read as a scan ({type(e).__name__}: {e}); "
                             "rescan the document or export it again from the scanner") from e
    except ox.ExitCodeException as e:
        raise IngestRejected("ocr_failed", f"OCR failed ({type(e).__name__}: {e}); check the scan and retry") from e
    mark("worker: ocrmypdf done")
    pages = []
    for json_path in sorted(sidecar_dir.glob("page-*.json")):
        page_no = int(json_path.stem.split("-")[1])
        data = json.loads(json_path.read_text(encoding="utf-8"))
        image = page_image(sidecar_dir, page_no)
        if image is None:
            raise IngestRejected("ocr_failed", f"OCR left no page image for page {page_no}; retry the file")
        pages.append(OcrPage(page_no, PageOcr.from_json(data), image))
    return pages
