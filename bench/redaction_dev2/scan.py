"""Paper to scan: a red seal over the ink, skew, blur, noise, colour / grey / black-and-white, JPEG, and the files.

The page is turned about its centre by the skew (counter-clockwise for a
positive angle, as Pillow and OpenCV both turn), on a canvas of the same size;
`rotate_box` turns a label box the same way and gives its axis-aligned bounds.
"""
from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from bench.redaction_dev2.canvas import Page, font

SEAL_RED = (215, 40, 45)


@dataclass(frozen=True)
class ScanSettings:
    mode: str          # colour | grey | bilevel
    skew_deg: float
    blur: float
    noise: float
    jpeg_quality: int
    threshold: int

    @classmethod
    def draw(cls, rng: random.Random) -> ScanSettings:
        mode = rng.choices(("colour", "grey", "bilevel"), weights=(4, 3, 3))[0]
        skew = 0.0 if rng.random() < 0.15 else round(rng.uniform(-2.0, 2.0), 2)
        return cls(mode, skew, round(rng.uniform(0.3, 1.1), 2), round(rng.uniform(3, 11), 1),
                   rng.randint(55, 85), rng.randint(150, 180))


def rotate_point(x: float, y: float, w: int, h: int, deg: float) -> tuple[float, float]:
    t = math.radians(deg)
    dx, dy = x - w / 2, y - h / 2
    return w / 2 + dx * math.cos(t) + dy * math.sin(t), h / 2 - dx * math.sin(t) + dy * math.cos(t)


def rotate_box(box, w: int, h: int, deg: float) -> list[int]:
    """The axis-aligned bounds of `box` turned by `deg` about the page centre."""
    x0, y0, x1, y1 = box
    pts = [rotate_point(x, y, w, h, deg) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return [math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))]


def _seal(page: Page, text: str, cx_mm: float, cy_mm: float, rng: random.Random) -> None:
    """A round red seal: ring, star and the agency's name around the top, laid over the ink like stamp ink."""
    d = page.px(42)
    layer = Image.new("L", (d, d), 0)
    draw = ImageDraw.Draw(layer)
    ring = max(3, d // 28)
    draw.ellipse([ring, ring, d - ring, d - ring], outline=255, width=ring)
    c = d / 2
    star = [(c + d * 0.11 * math.cos(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4),
             c + d * 0.11 * math.sin(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4)) for i in range(10)]
    draw.polygon(star, fill=255)
    f = font("sans_bold", max(8, d // 9))
    n = len(text)
    for i, ch in enumerate(text):
        ang = -150 + 120 * i / max(1, n - 1)  # degrees round the top arc
        g = Image.new("L", (f.size * 2, f.size * 2), 0)
        ImageDraw.Draw(g).text((f.size // 2, f.size // 2), ch, font=f, fill=255)
        g = g.rotate(-(ang + 90), resample=Image.BICUBIC)
        r = d / 2 - ring * 2 - f.size * 0.75
        x, y = c + r * math.cos(math.radians(ang)), c + r * math.sin(math.radians(ang))
        layer.paste(255, (int(x - g.width / 2), int(y - g.height / 2)), g)
    layer = layer.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
    arr = np.asarray(layer, dtype=np.float32) / 255.0 * rng.uniform(0.65, 0.9)
    # speckled ink
    arr *= np.random.default_rng(rng.randint(0, 2**31)).uniform(0.7, 1.0, arr.shape).astype(np.float32)
    x0, y0 = page.px(cx_mm) - d // 2, page.px(cy_mm) - d // 2
    base = np.asarray(page.image, dtype=np.float32)
    region = base[max(0, y0):y0 + d, max(0, x0):x0 + d]
    a = arr[max(0, -y0):max(0, -y0) + region.shape[0], max(0, -x0):max(0, -x0) + region.shape[1], None]
    ink = np.array(SEAL_RED, dtype=np.float32)
    region[:] = region * (1 - a) + np.minimum(region, ink) * a  # multiply-like: dark text stays dark
    page.image = Image.fromarray(base.clip(0, 255).astype(np.uint8))


def scan(page: Page, agency: str, s: ScanSettings, rng: random.Random) -> Image.Image:
    for cx, cy in page.seals:
        _seal(page, agency, cx, cy, rng)
    img = page.image
    if s.skew_deg:
        img = img.rotate(s.skew_deg, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
    img = img.filter(ImageFilter.GaussianBlur(s.blur))
    arr = np.asarray(img, dtype=np.float32)
    paper = np.array([rng.uniform(232, 250), rng.uniform(228, 247), rng.uniform(220, 242)], dtype=np.float32)
    arr = arr / 255.0 * paper  # off-white paper
    gen = np.random.default_rng(rng.randint(0, 2**31))
    arr += gen.normal(0, s.noise, arr.shape[:2])[..., None]
    arr = arr.clip(0, 255).astype(np.uint8)
    img = Image.fromarray(arr)
    if s.mode == "grey" or s.mode == "bilevel":
        img = img.convert("L")
    if s.mode == "bilevel":
        img = img.point(lambda v: 255 if v > s.threshold else 0).convert("1", dither=Image.Dither.NONE)
    else:  # JPEG artefacts, as the scanner stored the page
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=s.jpeg_quality)
        img = Image.open(io.BytesIO(buf.getvalue()))
        img.load()
    img.info["dpi"] = (page.dpi, page.dpi)
    return img


def write(images: list[Image.Image], dpi: int, path_stem: Path, fmt: str, jpeg_quality: int) -> Path:
    """The document's file: a PDF (img2pdf, the scan's own JPEG or 1-bit image inside), a TIFF, or a PNG."""
    if fmt == "pdf":
        blobs = []
        for im in images:
            buf = io.BytesIO()
            if im.mode == "1":
                im.save(buf, "TIFF", compression="group4", dpi=(dpi, dpi))
            else:
                im.save(buf, "JPEG", quality=jpeg_quality, dpi=(dpi, dpi))
            blobs.append(buf.getvalue())
        path = path_stem.with_suffix(".pdf")
        path.write_bytes(img2pdf.convert(blobs))
        return path
    if fmt == "tiff":
        path = path_stem.with_suffix(".tif")
        bilevel = images[0].mode == "1"
        images[0].save(path, "TIFF", save_all=True, append_images=images[1:], dpi=(dpi, dpi),
                       compression="group4" if bilevel else "tiff_lzw")
        return path
    path = path_stem.with_suffix(".png")
    images[0].save(path, "PNG", dpi=(dpi, dpi))
    return path
