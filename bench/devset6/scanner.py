"""What a records-office scanner makes of a clean page: resolution, skew, blur, noise, colour mode, compression.

Colour, grey and black-and-white (1-bit) scans at 200-300 dpi, skewed up to
±2°, written as PDF (JPEG inside for colour and grey) or TIFF (Group 4 for
1-bit), some of several pages.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


@dataclass
class ScanSettings:
    mode: str  # colour | grey | bilevel
    dpi: int
    fmt: str  # pdf | tif
    skew_deg: float
    blur: float
    noise: float
    quality: int
    threshold: int

    @classmethod
    def draw(cls, rng: random.Random, mode: str) -> ScanSettings:
        return cls(mode, rng.choice((200, 240, 300, 300)), rng.choice(("pdf", "tif")), rng.uniform(-2, 2),
                   rng.uniform(0.2, 0.8), rng.uniform(2, 9), rng.randint(55, 88), rng.randint(150, 175))


def degrade(page: Image.Image, s: ScanSettings, rng: random.Random) -> Image.Image:
    im = page.rotate(s.skew_deg + rng.uniform(-0.15, 0.15), resample=Image.BICUBIC, fillcolor="white")
    arr = np.asarray(im, dtype=np.float32)
    gen = np.random.default_rng(rng.getrandbits(32))
    if s.mode == "colour":
        arr = arr * np.array([0.985, 0.97, 0.93], dtype=np.float32)  # paper is not white
    shade = np.linspace(rng.uniform(0.96, 1.0), rng.uniform(0.96, 1.0), arr.shape[1], dtype=np.float32)
    arr = arr * shade[None, :, None]
    arr = arr + gen.normal(0, s.noise, arr.shape[:2])[..., None]
    im = Image.fromarray(arr.clip(0, 255).astype("uint8")).filter(ImageFilter.GaussianBlur(s.blur))
    if s.mode == "colour":
        return _jpeg(im, s.quality)
    grey = im.convert("L")
    if s.mode == "grey":
        return _jpeg(grey, s.quality)
    g = np.asarray(grey, dtype=np.float32) + gen.normal(0, 6, grey.size[::-1])
    return Image.fromarray(np.where(g > s.threshold, 255, 0).astype("uint8")).convert("1", dither=Image.NONE)


def _jpeg(im: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).copy()


def write_scan(pages: list[Image.Image], s: ScanSettings, stem: Path) -> Path:
    path = stem.with_suffix(".pdf" if s.fmt == "pdf" else ".tif")
    first, rest = pages[0], pages[1:]
    if s.fmt == "pdf":
        extra = {} if s.mode == "bilevel" else {"quality": s.quality}
        first.save(path, "PDF", resolution=s.dpi, save_all=True, append_images=rest, **extra)
    else:
        compression = "group4" if s.mode == "bilevel" else "tiff_lzw"
        first.save(path, "TIFF", dpi=(s.dpi, s.dpi), save_all=True, append_images=rest, compression=compression)
    return path
