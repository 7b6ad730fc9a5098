"""What an office scanner and its settings do to a clean page, and the files it writes.

Modes: colour (paper tint, JPEG), grey (8-bit, JPEG), bilevel (1-bit, thresholded:
red seal ink turns black there, so a date under a seal is lost, as on real
black-and-white scans).
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class ScanSettings:
    mode: str  # colour | grey | bilevel
    dpi: int
    format: str  # pdf | tif | png | jpg
    skew_deg: float
    blur: float
    noise: float
    jpeg_quality: int
    threshold: int


def choose_settings(rng: random.Random, pages: int, mode: str) -> ScanSettings:
    formats = ["pdf", "tif"] if pages > 1 else ["pdf", "tif", "png", "jpg"]
    if mode == "bilevel":
        formats = [f for f in formats if f != "jpg"]
    fmt = rng.choice(formats)
    return ScanSettings(mode=mode, dpi=rng.choice((200, 240, 300, 300)), format=fmt,
                        skew_deg=round(rng.uniform(-1.5, 1.5), 2), blur=rng.uniform(0.25, 0.9),
                        noise=rng.uniform(2.0, 9.0), jpeg_quality=rng.randint(55, 88),
                        threshold=rng.randint(140, 175))


def degrade(page: Image.Image, s: ScanSettings, rng: random.Random) -> Image.Image:
    nrng = np.random.default_rng(rng.randrange(2**32))
    img = page.filter(ImageFilter.GaussianBlur(s.blur * s.dpi / 300))
    arr = np.asarray(img, dtype=np.float32)
    if s.mode == "colour":
        # Recycled office paper: slightly yellow, brighter in the middle than at the edges.
        h, w = arr.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w]
        shade = 1 - 0.05 * (((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * 2)
        arr = arr * np.array((0.985, 0.97, 0.92), dtype=np.float32) * shade[..., None].astype(np.float32)
    arr = arr + nrng.normal(0, s.noise, arr.shape).astype(np.float32)
    img = Image.fromarray(arr.clip(0, 255).astype("uint8"), "RGB")
    fill = (246, 240, 226) if s.mode == "colour" else (250, 250, 250)
    img = img.rotate(s.skew_deg, resample=Image.BICUBIC, fillcolor=fill)
    if s.mode == "grey":
        img = img.convert("L")
    if s.mode == "bilevel":
        grey = np.asarray(img.convert("L"), dtype=np.int16)
        bits = grey >= s.threshold
        # Dust and toner specks a 1-bit scan keeps.
        specks = nrng.random(bits.shape) < 0.0004
        bits = np.where(specks, ~bits, bits)
        return Image.fromarray(bits.astype(np.uint8) * 255, "L").convert("1", dither=Image.NONE)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=s.jpeg_quality)
    buf.seek(0)
    return Image.open(buf).convert(img.mode)


def save(pages: list[Image.Image], s: ScanSettings, path: Path) -> None:
    dpi = (s.dpi, s.dpi)
    if s.format == "pdf":
        pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=float(s.dpi))
    elif s.format == "tif":
        comp = "group4" if s.mode == "bilevel" else "tiff_lzw"
        pages[0].save(path, "TIFF", save_all=True, append_images=pages[1:], compression=comp, dpi=dpi)
    elif s.format == "png":
        pages[0].save(path, "PNG", dpi=dpi)
    else:
        pages[0].save(path, "JPEG", quality=s.jpeg_quality, dpi=dpi)
