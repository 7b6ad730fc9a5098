"""Seal ink dropout for the OCR image only: the date an agency seals over is read, the page shown keeps its seal.

An agency stamps its round red seal (公章) over its name and the signature date
of a 决定书 or 告知书. To OCR, the seal's ring text and star are ink over the
date, and the date, which a case file needs (REQUIREMENTS.md §4, deadlines
counted from decision and service), comes out garbled. A scanner's "red
dropout" removes red ink optically; this does it digitally, and only inside
round seals, so that red that means something elsewhere (a red header, red
handwriting) is still read:

- colour scans: inside a seal each pixel keeps only its red channel, in which
  red ink is nearly white and black text stays black;
- grey scans: red seal ink turns a mid grey, lighter than black text, so
  inside a seal the mid greys are turned to paper white.

Seals are found as circles of seal ink 25-60 mm across (round agency seals are
38-45 mm), with most of their ring present. Oval and square seals are not
removed.
"""
from __future__ import annotations

import cv2
import numpy as np

_WORK_PX_PER_MM = 2.0  # seal detection runs at half a millimetre a pixel
_MIN_DIAMETER_MM, _MAX_DIAMETER_MM = 25.0, 60.0
_RING_MM = 1.5  # half the width of the band searched for the seal's outer ring
_MIN_RING_COVER = 0.55  # share of the ring band's angles that must show seal ink
_RED_MARGIN = 40  # red above the larger of green and blue, in grey levels: seal ink in colour
_GREY_SEAL = (90, 215)  # grey levels of red seal ink on a grey scan (black text is darker)


def drop_seal_ink(pixels: np.ndarray, dpi: float) -> np.ndarray | None:
    """A copy of a page (grey, or BGR as OpenCV loads it) with round seals' ink turned white; None if it has none."""
    ink = _seal_ink(pixels, dpi)
    circles = _find_seals(ink, dpi)
    if not circles:
        return None
    out = pixels.copy()
    if pixels.ndim == 3:
        inside = np.zeros(ink.shape, dtype=np.uint8)
        for cx, cy, r in circles:
            cv2.circle(inside, (round(cx), round(cy)), round(r + _RING_MM * dpi / 25.4), 1, thickness=-1)
        # Red dropout: inside a seal each pixel takes its red channel, in which red ink is nearly paper
        # white and black (or blue) text stays dark, stroke edges included.
        red = pixels[..., 2]
        for channel in range(3):
            out[..., channel][inside > 0] = red[inside > 0]
        return out
    # Grey: how dark seal ink and text come out varies with the scanner and its blur, so the cut between
    # them is found in each seal (Otsu over its inked pixels); the greys are then stretched so that the
    # seal's ink and anything lighter turn white while text under it keeps its strokes.
    for cx, cy, r in circles:
        disc = np.zeros(ink.shape, dtype=np.uint8)
        cv2.circle(disc, (round(cx), round(cy)), round(r + _RING_MM * dpi / 25.4), 1, thickness=-1)
        values = pixels[(disc > 0) & (pixels <= _GREY_SEAL[1])]
        if values.size < 100:
            continue
        cut, _ = cv2.threshold(values.reshape(1, -1), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        darkest = float(np.percentile(values, 1))
        if cut <= darkest + 5:
            continue
        stretched = cv2.convertScaleAbs(pixels, alpha=255.0 / (cut - darkest), beta=-255.0 * darkest / (cut - darkest))
        out[disc > 0] = stretched[disc > 0]
    return out


def _seal_ink(pixels: np.ndarray, dpi: float) -> np.ndarray:
    """Where a pixel looks like seal ink (bool array, the page's size)."""
    if pixels.ndim == 3:
        b, g, r = cv2.split(pixels)
        return cv2.subtract(r, cv2.max(g, b)) > _RED_MARGIN
    mid = cv2.inRange(pixels, _GREY_SEAL[0], _GREY_SEAL[1])
    # Anti-aliased edges of black strokes are mid grey too: not seal ink.
    reach = max(1, round(0.2 * dpi / 25.4))
    dark = cv2.dilate((pixels < _GREY_SEAL[0]).astype(np.uint8), np.ones((2 * reach + 1,) * 2, np.uint8))
    return (mid > 0) & (dark == 0)


def _find_seals(ink: np.ndarray, dpi: float) -> list[tuple[float, float, float]]:
    """Circles (x, y, radius, in page pixels) of seal ink that look like a round seal's outer ring."""
    scale = _WORK_PX_PER_MM * 25.4 / dpi
    small = cv2.resize(ink.astype(np.uint8) * 255, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    density = cv2.convertScaleAbs(small, alpha=2.0)
    if cv2.countNonZero(cv2.threshold(density, 64, 255, cv2.THRESH_BINARY)[1]) < 50:
        return []  # no more ink than a few strokes: no seal on this page
    min_r = round(_MIN_DIAMETER_MM / 2 * _WORK_PX_PER_MM)
    max_r = round(_MAX_DIAMETER_MM / 2 * _WORK_PX_PER_MM)
    found = cv2.HoughCircles(cv2.GaussianBlur(density, (5, 5), 1.5), cv2.HOUGH_GRADIENT, dp=1,
                             minDist=min_r * 2, param1=100, param2=25, minRadius=min_r, maxRadius=max_r)
    if found is None:
        return []
    solid = density > 64
    band = _RING_MM * _WORK_PX_PER_MM
    seals = []
    for x, y, r in found[0]:
        ring = _cover(solid, x, y, r - band, r + band)
        # A seal stands alone on paper: just outside its ring there is hardly any seal ink.
        outside = _cover(solid, x, y, r + 2 * band, r + 4 * band)
        if ring >= _MIN_RING_COVER and outside <= 0.35:
            seals.append((x / scale, y / scale, r / scale))
    return seals


def _cover(ink: np.ndarray, x: float, y: float, r0: float, r1: float) -> float:
    """Share of 180 directions from (x, y) that meet ink between radius r0 and r1."""
    angles = np.linspace(0, 2 * np.pi, 180, endpoint=False)[:, None]
    radii = np.arange(max(r0, 0.0), r1 + 0.01, 0.5)[None, :]
    xs = np.rint(x + radii * np.cos(angles)).astype(int)
    ys = np.rint(y + radii * np.sin(angles)).astype(int)
    inside = (xs >= 0) & (xs < ink.shape[1]) & (ys >= 0) & (ys < ink.shape[0])
    hit = np.zeros(xs.shape, dtype=bool)
    hit[inside] = ink[ys[inside], xs[inside]]
    return float(hit.any(axis=1).mean())
