"""Fast skew estimate for scanned text pages (projection profiles), instead of a tesseract pass per page.

Text lines of a straight page make the row histogram of ink spiky; the angle
that maximises the histogram's energy is the page's skew.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

_WORK_WIDTH = 1000  # pixels; enough for ±0.1° on an A4 page, small enough for ~50 ms
_MAX_ANGLE = 5.0


def _score(xs: np.ndarray, ys: np.ndarray, angle_deg: float) -> float:
    t = np.deg2rad(angle_deg)
    rows = np.round(ys * np.cos(t) - xs * np.sin(t)).astype(np.int64)
    rows -= rows.min()
    hist = np.bincount(rows)
    return float(np.square(hist, dtype=np.float64).sum())


def estimate_skew(gray: np.ndarray) -> float:
    """Degrees to rotate a grey page (h, w array) counter-clockwise to make its lines level."""
    scale = _WORK_WIDTH / max(1, gray.shape[1])
    if scale < 1:
        gray = cv2.resize(gray, (_WORK_WIDTH, max(1, int(gray.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    ink = gray < 128
    if ink.mean() < 0.002:  # a blank page has no lines to level
        return 0.0
    ys, xs = np.nonzero(ink)
    xs = xs.astype(np.float64)
    ys = ys.astype(np.float64)
    if len(xs) > 200_000:  # a sample keeps it fast on dark scans; lines still dominate
        pick = np.random.default_rng(0).choice(len(xs), 200_000, replace=False)
        xs, ys = xs[pick], ys[pick]
    coarse = np.arange(-_MAX_ANGLE, _MAX_ANGLE + 1e-9, 0.5)
    best = max(coarse, key=lambda ang: _score(xs, ys, ang))
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best = max(fine, key=lambda ang: _score(xs, ys, ang))
    return float(round(best, 2))


def estimate_deskew(image_path: Path) -> float:
    """estimate_skew for an image file."""
    with Image.open(image_path) as im:
        return estimate_skew(np.asarray(im.convert("L")))
