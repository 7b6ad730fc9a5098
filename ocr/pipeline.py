"""The one module that runs ocrmypdf: a prepared PDF in, a PDF/A plus per-page OCR side files out."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import ocrmypdf
from ocrmypdf import exceptions as ox

from earchive.errors import IngestRejected
from ocr.engines import PageOcr, check_engine
from ocr.orientation import THRESHOLD as ORIENTATION_THRESHOLD
from ocr.plugin import ENGINE_PREFIX
from scanner_profiles import ScannerProfile

log = logging.getLogger(__name__)


@dataclass
class OcrPage:
    page_no: int  # 1-based
    ocr: PageOcr
    image: Path  # the OCR image; word boxes are in its pixels


def check_profile_engine(profile: ScannerProfile) -> None:
    check_engine(profile.engine, list(profile.languages))


def ocr_to_pdfa(input_pdf: Path, output_pdf: Path, sidecar_dir: Path, profile: ScannerProfile,
                page_timeout: float, max_image_mpixels: float) -> list[OcrPage]:
    """OCR every page of `input_pdf` with the profile's engine into a PDF/A at `output_pdf`."""
    sidecar_dir.mkdir(parents=True, exist_ok=True)
    try:
        ocrmypdf.ocr(
            input_pdf, output_pdf,
            plugins=["ocr.plugin"],
            ocr_engine=ENGINE_PREFIX + profile.engine,
            language=list(profile.languages),
            output_type=f"pdfa-{profile.pdfa_level[0]}",
            mode="force",  # every page is rasterised and read once, so text and boxes come from one engine
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
            earchive_page_timeout=page_timeout,
            earchive_psm=profile.page_segmentation_mode,
        )
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
    pages = []
    for json_path in sorted(sidecar_dir.glob("page-*.json")):
        page_no = int(json_path.stem.split("-")[1])
        data = json.loads(json_path.read_text(encoding="utf-8"))
        pages.append(OcrPage(page_no, PageOcr.from_json(data), json_path.with_suffix(".png")))
    return pages
