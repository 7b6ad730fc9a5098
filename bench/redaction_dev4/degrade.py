"""Turns clean pages into scans (skew, blur, noise, JPEG, colour / grey / 1-bit) and writes the files.

Skew follows PIL's `Image.rotate(deg)` about the page centre, counter-clockwise for a
positive angle, keeping the page size; label boxes are turned the same way.
"""
from __future__ import annotations

import io
import math
import random
from pathlib import Path

import img2pdf
import numpy as np
from PIL import Image, ImageFilter


def turn_box(box, w: int, h: int, deg: float) -> list[int]:
    """Axis-aligned bounds of `box` after the page is turned `deg` counter-clockwise about its centre."""
    a = math.radians(deg)
    cx, cy = w / 2, h / 2
    pts = []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        # image y grows downwards: a counter-clockwise turn on screen
        pts.append((cx + dx * math.cos(a) + dy * math.sin(a), cy - dx * math.sin(a) + dy * math.cos(a)))
    return [math.floor(min(p[0] for p in pts)), math.floor(min(p[1] for p in pts)),
            math.ceil(max(p[0] for p in pts)), math.ceil(max(p[1] for p in pts))]


def scan(page: Image.Image, rng: random.Random, mode: str, skew: float) -> Image.Image:
    nrs = np.random.default_rng(rng.randrange(1 << 30))
    img = page
    if mode == "color":
        # paper tone, a little uneven
        tone = np.array([rng.randint(238, 250), rng.randint(234, 246), rng.randint(218, 236)], dtype=np.float32)
        arr = np.asarray(img, dtype=np.float32) / 255 * tone
        img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    img = img.rotate(skew, resample=Image.BICUBIC, expand=False,
                     fillcolor=(255, 255, 255) if mode != "color" else (240, 236, 226))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.35, 1.0)))
    arr = np.asarray(img, dtype=np.float32)
    arr = arr + nrs.normal(0, rng.uniform(3, 10), arr.shape[:2])[..., None]
    if rng.random() < 0.5:   # a faint gradient from the scanner lid
        grad = np.linspace(0, rng.uniform(-18, 8), arr.shape[1], dtype=np.float32)
        arr = arr + grad[None, :, None]
    img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if mode == "gray":
        img = img.convert("L")
    elif mode == "bw":
        g = img.convert("L")
        t = rng.randint(140, 178)
        img = g.point(lambda v: 255 if v > t else 0).convert("1", dither=Image.Dither.NONE)
        # specks
        a = np.asarray(img.convert("L")).copy()
        n = int(a.size * rng.uniform(0.00005, 0.0002))
        ys, xs = nrs.integers(0, a.shape[0], n), nrs.integers(0, a.shape[1], n)
        a[ys, xs] = 0
        img = Image.fromarray(a).convert("1", dither=Image.Dither.NONE)
    if mode in ("color", "gray"):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(45, 85))
        img = Image.open(io.BytesIO(buf.getvalue()))
        img.load()
    return img


def write(path: Path, images: list[Image.Image], dpi: int, rng: random.Random) -> None:
    ext = path.suffix.lower()
    if ext == ".pdf":
        blobs = []
        for im in images:
            buf = io.BytesIO()
            if im.mode == "1":
                im.save(buf, "PNG", dpi=(dpi, dpi))
            else:
                im.save(buf, "JPEG", quality=rng.randint(70, 90), dpi=(dpi, dpi))
            blobs.append(buf.getvalue())
        data = img2pdf.convert(blobs, nodate=True)
        # the file identifier is random by default: derive it from the content so a seed gives the same bytes
        import pikepdf
        with pikepdf.open(io.BytesIO(data)) as pdf:
            pdf.save(path, deterministic_id=True)
    elif ext in (".tif", ".tiff"):
        comp = "group4" if all(im.mode == "1" for im in images) else "tiff_deflate"
        images[0].save(path, save_all=len(images) > 1, append_images=images[1:], compression=comp, dpi=(dpi, dpi))
    elif ext == ".png":
        assert len(images) == 1
        images[0].save(path, dpi=(dpi, dpi))
    elif ext in (".jpg", ".jpeg"):
        assert len(images) == 1
        images[0].convert("RGB" if images[0].mode == "1" else images[0].mode).save(path, quality=88, dpi=(dpi, dpi))
    else:
        raise ValueError(ext)
