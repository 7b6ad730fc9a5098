"""Paper to scan: skew, blur, sensor noise, colour / grey / black-and-white, JPEG, and the files.

A black-and-white scan thresholds like a scanner's 1-bit mode (no dithering):
a red seal comes out as black as the text under it, so a date under a seal is
not readable on such a scan (the truth records this).
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import numpy as np
from PIL import Image, ImageFilter

MODES = ("colour", "grey", "bilevel")


@dataclass(frozen=True)
class ScanSettings:
    mode: str  # colour | grey | bilevel
    dpi: int
    skew_deg: float
    blur: float
    noise: float
    jpeg_quality: int
    threshold: int
    fmt: str  # pdf | tiff

    @classmethod
    def draw(cls, rng: random.Random, mode: str) -> "ScanSettings":
        return cls(mode=mode, dpi=rng.choice((200, 240, 300)), skew_deg=rng.uniform(-1.6, 1.6),
                   blur=rng.uniform(0.2, 0.9), noise=rng.uniform(3, 11), jpeg_quality=rng.randint(55, 88),
                   threshold=rng.randint(135, 170), fmt=rng.choice(("pdf", "tiff")))


def degrade(page: Image.Image, s: ScanSettings, rng: random.Random) -> Image.Image:
    """One page as the scanner would deliver it (page rendered at s.dpi)."""
    img = page.rotate(s.skew_deg, resample=Image.BICUBIC, expand=False, fillcolor="white")
    img = img.filter(ImageFilter.GaussianBlur(s.blur))
    arr = np.asarray(img, dtype=np.float32)
    nrng = np.random.default_rng(rng.getrandbits(32))
    arr = arr + nrng.normal(0, s.noise, arr.shape[:2])[..., None]
    # a faint grey cast from the scanner lid, darker towards one edge
    ramp = np.linspace(0, rng.uniform(4, 14), arr.shape[1], dtype=np.float32)[None, :, None]
    arr = arr - (ramp if rng.random() < 0.5 else ramp[:, ::-1])
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if s.mode == "grey":
        return img.convert("L")
    if s.mode == "bilevel":
        speckle = nrng.random(arr.shape[:2]) < 0.0004
        grey = np.asarray(img.convert("L"))
        bits = np.where((grey >= s.threshold) & ~speckle, 255, 0).astype(np.uint8)
        return Image.fromarray(bits).convert("1", dither=Image.Dither.NONE)
    return img


def _encode(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    if img.mode == "1":
        img.save(buf, format="TIFF", compression="group4")
    else:
        img.save(buf, format="JPEG", quality=quality, dpi=img.info.get("dpi", (300, 300)))
    return buf.getvalue()


def write_scan(pages: list[Image.Image], s: ScanSettings, stem: Path) -> Path:
    """PDF (JPEG or CCITT G4 images) or multi-page TIFF (G4, JPEG or LZW); returns the path."""
    if s.fmt == "pdf":
        path = stem.with_suffix(".pdf")
        layout = img2pdf.get_fixed_dpi_layout_fun((s.dpi, s.dpi))
        path.write_bytes(img2pdf.convert([_encode(p, s.jpeg_quality) for p in pages], layout_fun=layout,
                                         nodate=True, engine=img2pdf.Engine.internal))
        return path
    path = stem.with_suffix(".tif")
    compression = "group4" if s.mode == "bilevel" else ("jpeg" if s.jpeg_quality < 75 else "tiff_lzw")
    first, *rest = [p.copy() for p in pages]
    kwargs = {"quality": s.jpeg_quality} if compression == "jpeg" else {}
    first.save(path, format="TIFF", save_all=True, append_images=rest, compression=compression,
               dpi=(s.dpi, s.dpi), **kwargs)
    return path
