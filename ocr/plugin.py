"""ocrmypdf plugin: earchive's engines behind ocrmypdf's OCR-engine interface.

ocrmypdf calls `generate_ocr` once per page; the engine's answer becomes the
PDF/A text layer, and the same answer is written as a side file (page words
with pixel boxes, and the OCR image) so earchive never runs a second OCR pass.
Selected with ocr_engine="earchive_rapidocr" or "earchive_tesseract"; the
side-file folder comes in as the extra option `earchive_sidecar_dir`.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from ocrmypdf import hookimpl
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine
from ocrmypdf.models.ocr_element import BoundingBox, OcrClass, OcrElement
from ocrmypdf.pluginspec import OcrEngine
from PIL import Image

from ocr import engines
from ocr.deskew import estimate_deskew
from ocr.engines import PageOcr

ENGINE_PREFIX = "earchive_"


def _image_dpi(path: Path) -> float:
    with Image.open(path) as im:
        dpi = im.info.get("dpi", (300, 300))
    return float(dpi[0] or 300)


def _element(page: PageOcr, page_number: int) -> OcrElement:
    lines = []
    for line in page.lines:
        words = [OcrElement(ocr_class=OcrClass.WORD, text=w.text, confidence=w.conf,
                            bbox=BoundingBox(*map(float, w.box))) for w in line.words]
        lines.append(OcrElement(ocr_class=OcrClass.LINE, bbox=BoundingBox(*map(float, line.box)), children=words))
    return OcrElement(ocr_class=OcrClass.PAGE, bbox=BoundingBox(0.0, 0.0, float(page.width), float(page.height)),
                      children=lines, dpi=page.dpi, page_number=page_number)


def _write_sidecar(options, page_number: int, image: Path, page: PageOcr) -> None:
    folder = getattr(options, "earchive_sidecar_dir", None)
    if not folder:
        return
    stem = Path(folder) / f"page-{page_number + 1:04d}"
    tmp = stem.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(page.to_json(), ensure_ascii=False), encoding="utf-8")
    tmp.rename(stem.with_suffix(".json"))
    if image.suffix.lower() == ".png":
        shutil.copyfile(image, stem.with_suffix(".png"))
    else:
        with Image.open(image) as im:
            im.save(stem.with_suffix(".png"), dpi=(page.dpi, page.dpi))


class _EarchiveEngine(OcrEngine):
    """Shared parts of both engines: page orientation, deskew, and the one OCR call per page.

    Stock ocrmypdf asks tesseract for orientation and for skew on full-resolution
    pages, two extra passes that cost more than half a tesseract OCR. Skew here
    comes from projection profiles (ocr/deskew.py, ~0.1 s) and orientation from
    tesseract's OSD on a half-resolution copy.
    """

    engine = ""

    def __str__(self) -> str:
        return self.version()

    @classmethod
    def creator_tag(cls, options) -> str:
        return f"earchive {cls.version()}"

    @staticmethod
    def get_orientation(input_file: Path, options):
        with tempfile.TemporaryDirectory(prefix="earchive-osd-") as tmp, Image.open(input_file) as im:
            half = Path(tmp) / "half.png"
            dpi = _image_dpi(Path(input_file))
            im.reduce(2).save(half, dpi=(dpi / 2, dpi / 2))
            return TesseractOcrEngine.get_orientation(half, options)

    @staticmethod
    def get_deskew(input_file: Path, options) -> float:
        return estimate_deskew(Path(input_file))

    @staticmethod
    def supports_generate_ocr() -> bool:
        return True

    @classmethod
    def generate_ocr(cls, input_file: Path, options, page_number: int = 0):
        page = cls.recognise(Path(input_file), options)
        _write_sidecar(options, page_number, Path(input_file), page)
        return _element(page, page_number), page.text_raw + "\n"

    @staticmethod
    def generate_hocr(input_file, output_hocr, output_text, options):
        raise NotImplementedError("earchive engines render through generate_ocr (pdf_renderer='fpdf2')")

    @staticmethod
    def generate_pdf(input_file, output_pdf, output_text, options):
        raise NotImplementedError("earchive engines render through generate_ocr (pdf_renderer='fpdf2')")


class RapidOcrEngine(_EarchiveEngine):
    engine = "rapidocr"

    @staticmethod
    def version() -> str:
        return engines.rapidocr_version()

    @staticmethod
    def languages(options) -> set[str]:
        return {"chi_sim", "eng"}

    @classmethod
    def recognise(cls, image: Path, options) -> PageOcr:
        return engines.rapidocr_page(image, _image_dpi(image))


class TesseractBoxesEngine(_EarchiveEngine):
    engine = "tesseract"

    @staticmethod
    def version() -> str:
        return engines.tesseract_version()

    @staticmethod
    def languages(options) -> set[str]:
        return TesseractOcrEngine.languages(options)

    @classmethod
    def recognise(cls, image: Path, options) -> PageOcr:
        timeout = float(getattr(options, "earchive_page_timeout", 180.0))
        psm = getattr(options, "earchive_psm", None)
        with tempfile.TemporaryDirectory(prefix="earchive-tess-") as tmp:
            page, _ = engines.tesseract_page(image, _image_dpi(image), list(options.languages), psm,
                                             timeout, Path(tmp))
        return page


_BY_NAME = {ENGINE_PREFIX + cls.engine: cls for cls in (RapidOcrEngine, TesseractBoxesEngine)}


@hookimpl
def get_ocr_engine(options):
    name = getattr(options, "ocr_engine", None) if options is not None else None
    cls = _BY_NAME.get(name)
    return cls() if cls else None
