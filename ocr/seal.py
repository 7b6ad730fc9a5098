"""Seal ink dropout for the OCR image only: the date an agency seals over is read, the page shown keeps its seal.

An agency stamps its round red seal (公章) over its name and the signature date
of a 决定书 or 告知书. To OCR, the seal's ring text and star are ink over the
date, and the date, which a case file needs (REQUIREMENTS.md §4, deadlines
counted from decision and service), comes out garbled. A scanner's "red
dropout" removes red ink optically; this does it digitally, and only inside
round seals, so that red that means something elsewhere (a red header, red
handwriting) is still read:

- colour scans: inside a red seal each pixel keeps its red channel, lifted by
  how much redder it is than green and blue: red ink turns white, black text
  stays black;
- grey scans, and grey (photocopied) seals on colour scans: seal ink is a mid
  grey, and text under it is darker than the seal's own ring, so inside a seal
  the greys are stretched to turn the ring's grey and lighter to white.

Black-and-white scans keep no trace of the seal's colour: a seal there is as
black as the date it covers, so nothing is dropped; such a page is flagged
instead (bilevel_seals), since DA/T 31-2017 has pages with red headers or seals
scanned in colour.

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
_LIFT_FROM = 150  # red-channel level from which a pixel inside a red seal counts as ink, not text
_GREY_SEAL = (90, 215)  # grey levels of red seal ink on a grey scan (black text is darker)
_MIN_CONTRAST = 60  # grey levels between the darkest text and a grey seal's ring, below which it is left alone


def drop_seal_ink(pixels: np.ndarray, dpi: float) -> np.ndarray | None:
    """A copy of a page (grey, or BGR as OpenCV loads it) with round seals' ink turned white; None if it has none."""
    if pixels.ndim == 2 and _is_bilevel(pixels):
        return None  # see bilevel_seals
    if pixels.ndim == 2:
        grey, red_seals = pixels, []
        grey_ink = _grey_ink(grey, dpi)
    else:
        b, g, r = cv2.split(pixels)
        redness = cv2.subtract(r, cv2.max(g, b))
        red_seals = _find_seals(_above(redness, _RED_MARGIN), dpi)
        grey = cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
        # A grey seal on a colour scan is a photocopied one: looked for among the colourless greys.
        grey_ink = cv2.bitwise_and(_grey_ink(grey, dpi), _below(redness, _RED_MARGIN // 2))
    grey_seals = [c for c in _find_seals(grey_ink, dpi) if not any(_same(c, red) for red in red_seals)]
    if not red_seals and not grey_seals:
        return None
    out = pixels.copy()
    changed = bool(red_seals)
    for cx, cy, radius in red_seals:
        window, disc = _disc(grey.shape, cx, cy, radius, dpi)
        red, how_red = r[window], redness[window]
        # Red dropout: red ink is bright in the red channel and black text dark. Where the red channel is
        # bright, adding how much redder than green and blue the pixel is lifts what is left of the ink to
        # white; darker pixels are text, or its edges blended with ink, and keep their red channel.
        lifted = np.where(red >= _LIFT_FROM, cv2.add(red, how_red), red)
        for channel in range(3):
            out[window + (channel,)][disc] = lifted[disc]
    for cx, cy, radius in grey_seals:
        window, disc = _disc(grey.shape, cx, cy, radius, dpi)
        cut = _grey_cut(grey, grey_ink, window, cx, cy, radius, dpi)
        darkest = float(np.percentile(grey[window][disc], 0.5))
        if cut is None or cut - darkest < _MIN_CONTRAST:
            continue  # text under this seal is hardly darker than its ink: stretching would erase both
        # Stretch the greys so that the seal's ink and anything lighter turn white and text keeps its strokes.
        changed = True
        stretched = cv2.convertScaleAbs(grey[window], alpha=255.0 / (cut - darkest),
                                        beta=-255.0 * darkest / (cut - darkest))
        if out.ndim == 2:
            out[window][disc] = stretched[disc]
        else:
            for channel in range(3):
                out[window + (channel,)][disc] = stretched[disc]
    return out if changed else None


def bilevel_seals(pixels: np.ndarray, dpi: float) -> int:
    """How many round seals a black-and-white page carries (0 for a grey or colour page)."""
    if pixels.ndim != 2 or not _is_bilevel(pixels):
        return 0
    return len(_find_seals(_below(pixels, 128), dpi, min_ring_cover=0.45))  # thresholding leaves gaps in the ring


def _is_bilevel(grey: np.ndarray) -> bool:
    hist = cv2.calcHist([grey], [0], None, [256], [0, 256]).ravel()
    return hist[0] + hist[255] >= 0.999 * grey.size


# Masks are 0/255 images made by OpenCV in one pass each: a page is 9 million pixels at 300 dpi, and numpy's
# comparisons and boolean operators would each allocate and fill a page-sized array.
def _above(grey: np.ndarray, level: int) -> np.ndarray:
    return cv2.threshold(grey, level, 255, cv2.THRESH_BINARY)[1]


def _below(grey: np.ndarray, level: int) -> np.ndarray:
    return cv2.threshold(grey, level - 1, 255, cv2.THRESH_BINARY_INV)[1]


def _grey_ink(grey: np.ndarray, dpi: float) -> np.ndarray:
    """Where a grey pixel looks like red seal ink: a mid grey, not the soft edge of a black stroke."""
    mid = cv2.inRange(grey, _GREY_SEAL[0], _GREY_SEAL[1])
    reach = max(1, round(0.2 * dpi / 25.4))
    dark = cv2.dilate(_below(grey, _GREY_SEAL[0]), np.ones((2 * reach + 1,) * 2, np.uint8))
    return cv2.bitwise_and(mid, cv2.bitwise_not(dark))


def _grey_cut(grey: np.ndarray, ink: np.ndarray, window: tuple[slice, slice], cx: float, cy: float, radius: float,
              dpi: float) -> float | None:
    """The grey level below which a pixel inside this seal is text: just darker than the seal's own ring.

    The outer ring is seal ink with hardly any text over it, and text under the
    seal is darker still, since the seal's ink cannot lighten what lies beneath.
    """
    band = np.zeros(grey[window].shape, dtype=np.uint8)
    width = max(1, round(1.2 * dpi / 25.4))
    cv2.circle(band, (round(cx) - window[1].start, round(cy) - window[0].start), round(radius - width / 2), 1,
               thickness=width)
    values = grey[window][(band > 0) & (ink[window] > 0)]
    if values.size < 50:
        return None
    return float(np.percentile(values, 5)) - 3


def _disc(shape: tuple[int, ...], cx: float, cy: float, radius: float,
          dpi: float) -> tuple[tuple[slice, slice], np.ndarray]:
    """The seal's disc (its ring and a margin) as the window of the page around it, and a mask inside that window."""
    x, y, r = round(cx), round(cy), round(radius + _RING_MM * dpi / 25.4)
    top, left = max(0, y - r - 1), max(0, x - r - 1)
    window = (slice(top, min(shape[0], y + r + 2)), slice(left, min(shape[1], x + r + 2)))
    disc = np.zeros((window[0].stop - top, window[1].stop - left), dtype=np.uint8)
    cv2.circle(disc, (x - left, y - top), r, 1, thickness=-1)
    return window, disc > 0


def _same(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 < max(a[2], b[2]) ** 2


def _find_seals(ink: np.ndarray, dpi: float, min_ring_cover: float = _MIN_RING_COVER) -> list[tuple[float, float, float]]:
    """Circles (x, y, radius, in page pixels) of seal ink (a 0/255 mask) that look like a round seal's outer ring."""
    scale = _WORK_PX_PER_MM * 25.4 / dpi
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
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
        if ring >= min_ring_cover and outside <= 0.35:
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
