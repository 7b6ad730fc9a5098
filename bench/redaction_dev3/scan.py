"""Turning a clean typeset page into a scanner's image: paper tone, skew, blur, noise, then colour, grey or 1-bit.

The rotation is the evaluator's (bench.redaction_dev2.scan.rotate_box: degrees
counter-clockwise about the page centre, canvas size kept), so each label's
`boxes` are its `boxes0` turned by the page's skew.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from bench.redaction_dev2.scan import rotate_box


@dataclass
class ScanProfile:
    mode: str      # colour | grey | bw
    skew: float    # degrees, counter-clockwise
    blur: float    # Gaussian radius in pixels at 300 dpi
    noise: float   # standard deviation of grain, 0-255 scale
    tone: tuple[int, int, int]
    threshold: int  # for bw


def pick_profile(rng: random.Random, mode: str) -> ScanProfile:
    tone = (rng.randint(236, 252), rng.randint(232, 248), rng.randint(220, 240)) if mode == "colour" else (
        (rng.randint(238, 252),) * 3)
    return ScanProfile(mode=mode, skew=round(rng.uniform(-2.2, 2.2), 2), blur=rng.uniform(0.3, 1.1),
                       noise=rng.uniform(3, 11), tone=tone, threshold=rng.randint(140, 175))


def degrade(img: Image.Image, p: ScanProfile, dpi: int, rng: random.Random) -> Image.Image:
    seed = rng.randrange(1 << 30)
    nrng = np.random.default_rng(seed)
    a = np.asarray(img, dtype=np.float32) / 255.0
    paper = np.array(p.tone, dtype=np.float32)
    a = a * paper  # ink stays dark, paper takes the tone
    # uneven lighting across the page (lid not closed, curved paper near the spine)
    h, w = a.shape[:2]
    shade = 1 - 0.06 * np.linspace(0, 1, w)[None, :] ** 2 * rng.random()
    a = a * shade[..., None]
    out = Image.fromarray(np.clip(a, 0, 255).astype("uint8"))
    if p.skew:
        out = out.rotate(p.skew, resample=Image.BICUBIC, expand=False, fillcolor=tuple(int(c) for c in p.tone))
    out = out.filter(ImageFilter.GaussianBlur(p.blur * dpi / 300))
    b = np.asarray(out, dtype=np.float32)
    b = b + nrng.normal(0, p.noise, b.shape[:2])[..., None]
    # dust and toner specks
    n = int(w * h / 40000)
    ys, xs = nrng.integers(0, h, n), nrng.integers(0, w, n)
    b[ys, xs] = nrng.uniform(40, 140, (n, 1))
    out = Image.fromarray(np.clip(b, 0, 255).astype("uint8"))
    if p.mode == "grey":
        return out.convert("L")
    if p.mode == "bw":
        g = np.asarray(out.convert("L"))
        return Image.fromarray(((g > p.threshold) * 255).astype("uint8")).convert("1")
    return out


def skewed(box: list[int], w: int, h: int, deg: float) -> list[int]:
    return rotate_box(box, w, h, deg)
