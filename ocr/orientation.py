"""Page orientation from PP-OCR's own models: text-line detection on a thumbnail, then the 0°/180° line classifier.

Tesseract's OSD costs about a second a page and is unsure of Chinese (its
confidence on upright case-file pages is often below ocrmypdf's threshold).
Here the detector finds the text lines of a 66 dpi preview cropped to its ink
(~70 ms on A4): lines
running down the page mean a quarter turn; the line classifier then tells
upright from upside down on the largest lines (~20 ms).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from ocr import ppocr

_THUMB_SIDE = 768  # pixels, the preview's long side: lines of 12 pt text are still found on A4
_INK_MARGIN = 32  # pixels of paper kept around the ink of a preview (16 lost a vote on a card-sized scan)
_LINES_TO_CLASSIFY = 12
MIN_LINES = 3  # fewer text lines than this say nothing about orientation
THRESHOLD = 70.0  # percent of lines that must agree before a page is turned


@dataclass(frozen=True)
class Orientation:
    angle: int  # clockwise degrees the page content is turned: 0, 90, 180 or 270
    confidence: float  # percent of the classified lines that agree, 0 when too few lines


@lru_cache(maxsize=2)
def _thumbnail_detector(runtime: str):
    """PP-OCR's line detector set for small images (the OCR engine's own one enlarges them to 736 px a side)."""
    # "max": a preview (at most 768 px) is read at its own size, however small its crop to the ink.
    return ppocr.detector(runtime, limit_type="max", limit_side_len=_THUMB_SIDE)


@lru_cache(maxsize=2)
def _line_classifier(runtime: str):
    """PP-OCR's 0°/180° line classifier alone: a tesseract worker need not load the PP-OCR recogniser for it."""
    return ppocr.line_classifier(runtime)


def warm_up(runtime: str | None = None) -> None:
    runtime = ppocr.runtime_for(runtime)
    _thumbnail_detector(runtime)
    _line_classifier(runtime)


def _ink_only(gray: np.ndarray) -> np.ndarray:
    """The preview cropped to its ink, with a margin: the detector's time grows with the pixels it is given.

    Shrinking the page to 768 px has already averaged scanner speckle away, so the
    margins of a page of text are empty; a dark border or a stamp at the edge
    simply keeps more of the page.
    """
    ink = gray < 128
    rows = np.flatnonzero(ink.sum(axis=1) >= 2)
    cols = np.flatnonzero(ink.sum(axis=0) >= 2)
    if len(rows) == 0 or len(cols) == 0:
        return gray
    top, bottom = max(0, rows[0] - _INK_MARGIN), min(gray.shape[0], rows[-1] + 1 + _INK_MARGIN)
    left, right = max(0, cols[0] - _INK_MARGIN), min(gray.shape[1], cols[-1] + 1 + _INK_MARGIN)
    return gray[top:bottom, left:right]


def detect_orientation(image_path: Path, runtime: str | None = None) -> Orientation:
    """`runtime`: the scanner profile's PP-OCR runtime (None: the setting's)."""
    runtime = ppocr.runtime_for(runtime)
    gray = cv2.imread(str(image_path), cv2.IMREAD_GRAYSCALE)
    if gray is None:
        raise ValueError(f"cannot read the preview image {image_path}")
    # Every preview is brought to 768 px: a small one (a card-sized scan, or small print) is enlarged,
    # since the detector misses lines under about 10 px high.
    scale = _THUMB_SIDE / max(gray.shape)
    if abs(scale - 1) > 0.01:
        gray = cv2.resize(gray, (round(gray.shape[1] * scale), round(gray.shape[0] * scale)),
                          interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    image = cv2.cvtColor(_ink_only(gray), cv2.COLOR_GRAY2BGR)
    boxes, _ = _thumbnail_detector(runtime)(image)
    if boxes is None or len(boxes) < MIN_LINES:
        return Orientation(0, 0.0)
    widths = np.linalg.norm(boxes[:, 1] - boxes[:, 0], axis=1)
    heights = np.linalg.norm(boxes[:, 3] - boxes[:, 0], axis=1)
    upright_area = float((widths * heights)[widths >= heights].sum())
    sideways = upright_area < float((widths * heights).sum()) / 2
    # The crop step turns a tall line a quarter counter-clockwise, so on a page turned
    # clockwise its lines come out upright and the classifier says 0.
    largest = np.argsort(-(widths * heights))[:_LINES_TO_CLASSIFY]
    _, labels, _ = _line_classifier(runtime)(ppocr.line_crops(runtime, image, boxes[largest]))
    flipped = sum(1 for label, _score in labels if label == "180")
    votes = max(flipped, len(labels) - flipped)
    upside_down = flipped > len(labels) - flipped
    angle = (90 if sideways else 0) + (180 if upside_down else 0)
    confidence = 100.0 * votes / len(labels) if len(labels) >= MIN_LINES else 0.0
    return Orientation(angle, confidence)
