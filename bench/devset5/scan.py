"""What a scanner and a tired copier do to a clean page: skew, blur, grain, JPEG; colour, grey or 1-bit; files."""
from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


def degrade(page: Image.Image, mode: str, skew: float, rng: random.Random) -> Image.Image:
    img = page.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor="white")
    # Paper is never quite white; a colour scan picks up a warm tint.
    arr = np.asarray(img).astype(np.float32)
    arr = arr * rng.uniform(0.90, 0.97) + rng.uniform(4, 14)
    if mode == "colour":
        arr[..., 2] -= rng.uniform(2, 8)
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    arr += nrng.normal(0, rng.uniform(3, 9), arr.shape[:2])[..., None]
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
    if mode == "colour":
        return _jpeg(img, rng)
    grey = _jpeg(img.convert("L"), rng)
    if mode == "grey":
        return grey
    # 1-bit: a fixed threshold as scanner drivers use; a red seal turns black over what it covers.
    threshold = rng.randint(150, 175)
    return grey.point(lambda v: 255 if v > threshold else 0).convert("1", dither=Image.NONE)


def _jpeg(img: Image.Image, rng: random.Random) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.randint(55, 85))
    buf.seek(0)
    return Image.open(buf).copy()


def save(pages: list[Image.Image], path: Path, dpi: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = path.suffix.lower()
    if fmt == ".pdf":
        pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    elif fmt in (".tif", ".tiff"):
        comp = "group4" if pages[0].mode == "1" else "tiff_lzw"
        pages[0].save(path, "TIFF", dpi=(dpi, dpi), compression=comp, save_all=True, append_images=pages[1:])
    elif fmt in (".jpg", ".jpeg"):
        assert len(pages) == 1
        pages[0].convert("L" if pages[0].mode == "1" else pages[0].mode).save(path, "JPEG", quality=88,
                                                                              dpi=(dpi, dpi))
    else:
        assert len(pages) == 1
        pages[0].save(path, "PNG", dpi=(dpi, dpi))
