"""What a scanner and an ageing paper do to a clean page: tint, skew, blur, noise, speckle, and the scan mode.

The skew turns the page counter-clockwise by `skew_deg` about its centre, the
same sense as bench.redaction_dev2.scan.rotate_box, which the evaluator uses to
map the labels.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from bench.redaction_dev2.scan import rotate_box


@dataclass(frozen=True)
class Scan:
    mode: str          # colour, grey, bilevel
    dpi: int
    skew_deg: float
    blur: float
    noise: float
    threshold: int
    jpeg_quality: int

    @classmethod
    def draw(cls, rng: random.Random, mode: str | None = None) -> Scan:
        mode = mode or rng.choices(("colour", "grey", "bilevel"), weights=(4, 3, 3))[0]
        skew = 0.0 if rng.random() < 0.12 else round(rng.uniform(-2.4, 2.4), 2)
        return cls(mode, rng.choice((200, 240, 300) if mode != "bilevel" else (200, 300, 300)), skew,
                   round(rng.uniform(0.2, 1.0), 2), round(rng.uniform(2, 10), 1), rng.randint(150, 185),
                   rng.randint(50, 85))


def degrade(page: Image.Image, scan: Scan, rng: random.Random) -> Image.Image:
    nrng = np.random.default_rng(rng.randrange(2**32))
    img = page
    if scan.mode == "colour":
        # aged paper: a warm tint that multiplies with the ink
        tint = np.array([rng.randint(238, 250), rng.randint(232, 246), rng.randint(212, 232)], dtype=np.float32)
        img = Image.fromarray((np.asarray(img, dtype=np.float32) * tint / 255).astype(np.uint8))
    fill = (255, 255, 255) if scan.mode != "colour" else (235, 232, 225)
    img = img.rotate(scan.skew_deg, resample=Image.BICUBIC, expand=False, fillcolor=fill)
    img = img.filter(ImageFilter.GaussianBlur(scan.blur * scan.dpi / 300))
    a = np.asarray(img, dtype=np.float32)
    a = a + nrng.normal(0, scan.noise, a.shape[:2])[..., None]
    # dust: a few dark specks, as on a glass that was not cleaned
    h, w = a.shape[:2]
    for _ in range(rng.randint(20, 120)):
        y, x = rng.randrange(h), rng.randrange(w)
        a[y:y + rng.randint(1, 3), x:x + rng.randint(1, 3)] *= 0.3
    img = Image.fromarray(a.clip(0, 255).astype(np.uint8))
    if scan.mode == "grey":
        return img.convert("L")
    if scan.mode == "bilevel":
        return img.convert("L").point(lambda v: 255 if v > scan.threshold else 0).convert("1")
    return img


def skewed_boxes(boxes0: list[list[int]], w: int, h: int, deg: float) -> list[list[int]]:
    out = []
    for b in boxes0:
        x0, y0, x1, y1 = rotate_box(b, w, h, deg)
        out.append([max(0, x0), max(0, y0), min(w, x1), min(h, y1)])
    return out


def save(images: list[Image.Image], scan: Scan, fmt: str) -> bytes:
    """One file's bytes: PDF or TIFF for several pages, PNG/JPEG/TIFF/PDF for one."""
    buf = io.BytesIO()
    dpi = (scan.dpi, scan.dpi)
    if fmt == "pdf":
        extra = {} if scan.mode == "bilevel" else {"quality": scan.jpeg_quality}
        images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=scan.dpi, **extra)
    elif fmt == "tiff":
        comp = "group4" if scan.mode == "bilevel" else "tiff_lzw"
        images[0].save(buf, "TIFF", save_all=True, append_images=images[1:], dpi=dpi, compression=comp)
    elif fmt == "jpeg":
        images[0].save(buf, "JPEG", quality=scan.jpeg_quality, dpi=dpi)
    else:
        images[0].save(buf, "PNG", dpi=dpi)
    return buf.getvalue()
