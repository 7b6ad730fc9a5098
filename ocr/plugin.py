"""ocrmypdf plugin: earchive's engines behind ocrmypdf's OCR-engine interface, and its page rasteriser.

ocrmypdf calls `generate_pdf` once per page (the "sandwich" renderer); the
engine's answer becomes the PDF/A text layer (ocr/textlayer.py), and the same
answer is written as a side file (page words with pixel boxes, and the OCR
image) so earchive never runs a second OCR pass. Selected with
ocr_engine="earchive_rapidocr" or "earchive_tesseract"; the side-file folder
comes in as the extra option `earchive_sidecar_dir`, deskewing as
`earchive_deskew` (done by the rasteriser, ocr/raster.py), seal dropout for
the OCR image as `earchive_seal_dropout` (ocr/seal.py).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from ocrmypdf import hookimpl
from ocrmypdf.pluginspec import OcrEngine, OrientationConfidence
from PIL import Image

from earchive.timing import mark
from ocr import engines, tesslib
from ocr.artefacts import page_json, page_stem
from ocr.page import PageOcr
from ocr.orientation import detect_orientation
from ocr.raster import rasterize_page, take_raster
from ocr.textlayer import render_text_layer

ENGINE_PREFIX = "earchive_"


def _image_dpi(path: Path) -> float:
    with Image.open(path) as im:
        dpi = im.info.get("dpi", (300, 300))
    return float(dpi[0] or 300)


def _write_sidecar(options, page_number: int, image: Path, page: PageOcr) -> None:
    """The page's OCR (words with pixel boxes) and its page image, in the pixels the boxes refer to."""
    folder = getattr(options, "earchive_sidecar_dir", None)
    if not folder:
        return
    stem = Path(folder) / page_stem(page_number + 1)
    final = page_json(Path(folder), page_number + 1)
    tmp = final.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(page.to_json(), ensure_ascii=False), encoding="utf-8")
    tmp.rename(final)
    image = image.resolve()  # ocrmypdf links the OCR image to the raster, which may be a JPEG
    with Image.open(image) as im:  # the rasteriser writes JPEG or PNG, unpaper PNG
        if im.format in ("JPEG", "PNG"):
            shutil.copyfile(image, stem.with_suffix(".jpg" if im.format == "JPEG" else ".png"))
        else:
            im.save(stem.with_suffix(".png"), dpi=(page.dpi, page.dpi))


def _seal_dropout(options) -> bool:
    return bool(getattr(options, "earchive_seal_dropout", True))


def _ppocr_runtime(options) -> str | None:
    """The scanner profile's PP-OCR runtime; None: the worker's default (the EARCHIVE_PPOCR_RUNTIME setting)."""
    return getattr(options, "earchive_ppocr_runtime", None)


def _page_number(path: Path) -> int:
    """ocrmypdf names each page's files 000001_ocr.png and so on; the sandwich call gets no page number."""
    return int(path.name.split("_", 1)[0]) - 1


class _EarchiveEngine(OcrEngine):
    """Shared parts of both engines: page orientation and the one OCR call per page.

    Stock ocrmypdf asks tesseract for orientation and for skew on full-resolution
    pages, two extra passes that cost more than half a tesseract OCR. Orientation
    here comes from PP-OCR's line detector and classifier on a 100 dpi preview
    (ocr/orientation.py), skew from projection profiles inside the rasteriser.
    """

    engine = ""
    # Skew (degrees) the engine reads as well unlevelled. Levelling costs a warp of the whole page, and
    # tesseract, which finds skewed lines itself, then spends 3-6% longer on the interpolated pixels.
    reads_skew_below_deg = 0.0

    def __str__(self) -> str:
        return self.version()

    @classmethod
    def creator_tag(cls, options) -> str:
        return f"earchive {cls.version()}"

    @staticmethod
    def get_orientation(input_file: Path, options) -> OrientationConfidence:
        mark("worker: orientation starts")
        found = detect_orientation(Path(input_file), _ppocr_runtime(options))
        return OrientationConfidence(angle=found.angle, confidence=found.confidence)

    @staticmethod
    def get_deskew(input_file: Path, options) -> float:
        return 0.0  # the rasteriser has levelled the page already

    @staticmethod
    def supports_generate_ocr() -> bool:
        return False

    @classmethod
    def generate_pdf(cls, input_file, output_pdf, output_text, options) -> None:
        image = Path(input_file)
        page_number = _page_number(image)
        raster = take_raster(image, page_number + 1)
        # The engine reads the pixels in memory when the OCR image is the raster itself (no unpaper in between).
        pixels = raster.pixels if raster and image.resolve() == raster.path.resolve() else None
        mark(f"worker: engine starts page {page_number + 1}")
        page = cls.recognise(image, options, pixels, raster.dpi if raster else _image_dpi(image))
        mark(f"worker: engine done page {page_number + 1}")
        # Where ocrmypdf keeps the scan as the page, the text layer is turned back to the scan's own skew.
        page.levelled_deg = raster.levelled_deg if raster and not raster.on_visible_page else 0.0
        _write_sidecar(options, page_number, image, page)
        render_text_layer(page, Path(output_pdf))
        Path(output_text).write_text(page.text_raw + "\n", encoding="utf-8")

    @staticmethod
    def generate_hocr(input_file, output_hocr, output_text, options):
        raise NotImplementedError("earchive engines render through generate_pdf (pdf_renderer='sandwich')")


class RapidOcrEngine(_EarchiveEngine):
    engine = "rapidocr"

    @staticmethod
    def version() -> str:
        return engines.rapidocr_version()  # the worker's default runtime: ocrmypdf asks without options

    @classmethod
    def creator_tag(cls, options) -> str:
        return f"earchive {engines.rapidocr_version(_ppocr_runtime(options))}"

    @staticmethod
    def languages(options) -> set[str]:
        return {"chi_sim", "eng"}

    @classmethod
    def recognise(cls, image: Path, options, pixels, dpi: float) -> PageOcr:
        return engines.rapidocr_page(image, dpi, _seal_dropout(options), pixels, _ppocr_runtime(options))


class TesseractBoxesEngine(_EarchiveEngine):
    engine = "tesseract"
    # Measured on the benchmark pages: CER unchanged up to 2°, up to six times worse from 3°.
    reads_skew_below_deg = 2.0

    @staticmethod
    def version() -> str:
        return engines.tesseract_version()

    @staticmethod
    def languages(options) -> set[str]:
        # Asked of the library that reads the pages, already loaded in this worker: no `tesseract --list-langs`.
        return tesslib.tesseract_for(list(options.languages)).available_languages()

    @classmethod
    def recognise(cls, image: Path, options, pixels, dpi: float) -> PageOcr:
        timeout = float(getattr(options, "earchive_page_timeout", 180.0))
        psm = getattr(options, "earchive_psm", None)
        return engines.tesseract_page(image, dpi, list(options.languages), psm, timeout,
                                      _seal_dropout(options), pixels)


_BY_NAME = {ENGINE_PREFIX + cls.engine: cls for cls in (RapidOcrEngine, TesseractBoxesEngine)}


@hookimpl
def get_ocr_engine(options):
    name = getattr(options, "ocr_engine", None) if options is not None else None
    cls = _BY_NAME.get(name)
    return cls() if cls else None


@hookimpl
def rasterize_pdf_page(input_file, output_file, raster_device, raster_dpi, pageno, page_dpi, rotation,
                       filter_vector, stop_on_soft_error, options, use_cropbox):
    if options is None or getattr(options, "ocr_engine", None) not in _BY_NAME:
        return None  # not an earchive run: ocrmypdf's own rasterisers apply
    mark(f"worker: rasterise page {pageno}")
    sources = getattr(options, "earchive_page_sources", None)
    # ocrmypdf may rasterise a copy of the input ("origin.pdf"), but never reorders its pages.
    source = sources[pageno - 1] if sources and pageno <= len(sources) else None
    visible = not options.lossless_reconstruction
    deskew = bool(getattr(options, "earchive_deskew", False))
    # A raster that becomes the visible page is always levelled; one only the engine reads, as it needs.
    level_from = 0.0 if visible else _BY_NAME[options.ocr_engine].reads_skew_below_deg
    return rasterize_page(Path(input_file), Path(output_file), str(raster_device),
                          (float(raster_dpi.x), float(raster_dpi.y)),
                          (float(page_dpi.x), float(page_dpi.y)) if page_dpi else None,
                          pageno, rotation or 0, deskew, use_cropbox, source, visible=visible,
                          level_from_deg=level_from)
