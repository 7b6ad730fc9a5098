"""The OCR engines themselves: one call per page image, returning lines of words with pixel boxes.

Both engines return the same `PageOcr`, so the PDF/A text layer, the page
text and the word boxes all come from the one OCR pass.
"""
from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from earchive.errors import MissingDependency
from ocr import ppocr
from ocr.hocr import page_from_hocr
from ocr.page import OcrLine, OcrWord, PageOcr, group_characters

if TYPE_CHECKING:  # ingest imports this module for check_engine; numpy is loaded where pages are read
    import numpy as np


# -- PP-OCR (the models ship inside the wheels; ocr/ppocr.py runs them on OpenVINO or ONNX Runtime) -------

def _poly_box(poly) -> tuple[int, int, int, int]:
    xs = [p[0] for p in poly]
    ys = [p[1] for p in poly]
    return int(min(xs)), int(min(ys)), int(round(max(xs))), int(round(max(ys)))


def read_pixels(image_path: Path) -> np.ndarray:
    """A page image as OpenCV holds it: 8-bit grey (h, w) or BGR (h, w, 3)."""
    import cv2
    import numpy as np

    pixels = cv2.imread(str(image_path), cv2.IMREAD_UNCHANGED)
    if pixels is None:
        raise ValueError(f"cannot read the page image {image_path}")
    if pixels.dtype != np.uint8 or (pixels.ndim == 3 and pixels.shape[2] != 3):
        pixels = cv2.imread(str(image_path), cv2.IMREAD_COLOR)  # 16-bit or with alpha: plain 8-bit BGR
    return pixels


def _without_seals(pixels: np.ndarray, dpi: float) -> tuple[np.ndarray | None, list[str]]:
    """The pixels for OCR to read when seals were dropped out of them (else None), and the page's flags."""
    from ocr.seal import bilevel_seals, drop_seal_ink

    dropped = drop_seal_ink(pixels, dpi)
    return dropped, (["seal_on_bilevel"] if dropped is None and bilevel_seals(pixels, dpi) else [])


def rapidocr_page(image_path: Path, dpi: float, seal_dropout: bool = True,
                  pixels: np.ndarray | None = None, runtime: str | None = None) -> PageOcr:
    """Read one page; `pixels`, when given, are the decoded `image_path` (the rasteriser hands them over);
    `runtime`, the scanner profile's choice (None: the setting's)."""
    if pixels is None:
        pixels = read_pixels(image_path)
    height, width = pixels.shape[:2]
    dropped, flags = _without_seals(pixels, dpi) if seal_dropout else (None, [])
    result, _ = ppocr.engine(ppocr.runtime_for(runtime))(pixels if dropped is None else dropped, return_word_box=True)
    page = PageOcr(width=width, height=height, dpi=dpi, flags=flags)
    for item in result or []:
        poly, text, score = item[0], item[1], float(item[2])
        char_polys = item[3] if len(item) > 3 else None
        char_texts = item[4] if len(item) > 4 else None
        char_scores = item[5] if len(item) > 5 else None
        if char_polys and char_texts and len(char_polys) == len(char_texts):
            chars = [(t, _poly_box(p), float(s)) for t, p, s in zip(char_texts, char_polys, char_scores or [score] * len(char_texts))]
            words = group_characters(chars)
        else:
            words = [OcrWord(text, _poly_box(poly), score)]
        page.lines.append(OcrLine(words=words, box=_poly_box(poly), text=text))
    return page


def rapidocr_version(runtime: str | None = None) -> str:
    return ppocr.version(ppocr.runtime_for(runtime))


def _check_rapidocr(languages: list[str]) -> None:
    for runtime in ppocr.RUNTIMES:  # both are dependencies; a scanner profile may choose either
        ppocr.check(runtime)
    unsupported = set(languages) - {"chi_sim", "eng"}
    if unsupported:
        raise MissingDependency(
            f"the PP-OCR engine reads simplified Chinese and English only, not {', '.join(sorted(unsupported))}; "
            "use the tesseract engine in the scanner profile for other languages")


# -- tesseract (hOCR with character boxes, in this process: ocr/tesslib.py) ---------------------

def tesseract_page(image_path: Path, dpi: float, languages: list[str], psm: int | None,
                   timeout: float, seal_dropout: bool = True, pixels: np.ndarray | None = None) -> PageOcr:
    """Read one page with tesseract, hOCR with character boxes; `pixels`, when given, are the decoded page."""
    from ocr.tesslib import tesseract_for

    if pixels is None:
        pixels = read_pixels(image_path)
    dropped, flags = _without_seals(pixels, dpi) if seal_dropout else (None, [])
    hocr = tesseract_for(languages).read_hocr(pixels if dropped is None else dropped, dpi, psm, timeout)
    page = page_from_hocr(hocr, dpi)
    page.flags = flags
    return page


@lru_cache(maxsize=1)
def tesseract_version() -> str:
    from ocr.tesslib import library_version

    return f"tesseract {library_version()}"  # the library's: the command's own is not what reads the pages


def _check_tesseract(languages: list[str]) -> None:
    if not shutil.which("tesseract"):
        raise MissingDependency("tesseract is not installed; install the Debian packages "
                                "tesseract-ocr and tesseract-ocr-chi-sim (scripts/setup.sh does this)")
    tesseract_version()  # the library the pages are read with loads, or says what to install
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    have = {line.strip() for line in out.stdout.splitlines()[1:]}
    missing = [lang for lang in languages if lang not in have]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{m.replace('_', '-')}" for m in missing)
        raise MissingDependency(f"tesseract has no language data for {', '.join(missing)}; install {pkgs}")


ENGINES = {"rapidocr": _check_rapidocr, "tesseract": _check_tesseract}


def check_engine(engine: str, languages: list[str]) -> None:
    """Fail early, with what to install, when the chosen engine or its languages are missing."""
    try:
        check = ENGINES[engine]
    except KeyError:
        raise MissingDependency(f"unknown OCR engine {engine!r}; choose one of {', '.join(ENGINES)}") from None
    check(languages)
