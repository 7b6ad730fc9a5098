"""What a real scanner and real paper do to a clean page image."""
from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageFilter


@dataclass(frozen=True)
class Degrade:
    """Degradations applied in scanning order: placement, paper, optics, sensor, encoder.

    skew_deg: rotation of the page on the glass (positive is counter-clockwise).
    background: strength (0-0.3) of uneven illumination and paper shading.
    blur_radius: gaussian blur radius in pixels.
    noise_sigma: standard deviation of gaussian sensor noise, in grey levels.
    jpeg_quality: re-encode through JPEG at this quality to add block artefacts.
    """

    skew_deg: float = 0.0
    background: float = 0.0
    blur_radius: float = 0.0
    noise_sigma: float = 0.0
    jpeg_quality: int | None = None

    def __post_init__(self) -> None:
        if abs(self.skew_deg) > 5:
            raise ValueError("skew beyond ±5° is a rescan, not a degradation")
        if not 0 <= self.background <= 0.5:
            raise ValueError("background strength must be within 0..0.5")
        if self.jpeg_quality is not None and not 5 <= self.jpeg_quality <= 95:
            raise ValueError("jpeg_quality must be within 5..95")

    @classmethod
    def scanned(cls, rng: random.Random) -> Degrade:
        """A typical office-scanner result: mild skew, shading, blur, noise, JPEG."""
        return cls(
            skew_deg=round(rng.uniform(-2.0, 2.0), 2),
            background=round(rng.uniform(0.0, 0.15), 3),
            blur_radius=round(rng.uniform(0.0, 1.0), 2),
            noise_sigma=round(rng.uniform(0.0, 12.0), 1),
            jpeg_quality=rng.choice((None, 60, 75, 90)),
        )

    @property
    def is_clean(self) -> bool:
        return self == Degrade()


def degrade_image(img: Image.Image, degrade: Degrade, seed: int) -> Image.Image:
    """img (mode L or RGB) with the degradations applied; same seed, same pixels."""
    if degrade.is_clean:
        return img
    paper = 255 if img.mode == "L" else (255, 255, 255)
    if degrade.skew_deg:
        img = img.rotate(degrade.skew_deg, resample=Image.Resampling.BICUBIC, fillcolor=paper)
    np_rng = np.random.default_rng(seed)
    if degrade.background:
        img = _shade(img, degrade.background, np_rng)
    if degrade.blur_radius:
        img = img.filter(ImageFilter.GaussianBlur(degrade.blur_radius))
    if degrade.noise_sigma:
        img = _add_noise(img, degrade.noise_sigma, np_rng)
    if degrade.jpeg_quality is not None:
        img = _jpeg_roundtrip(img, degrade.jpeg_quality)
    return img


def _shade(img: Image.Image, strength: float, np_rng: np.random.Generator) -> Image.Image:
    """Multiply by a smooth random field: a lamp gradient and paper blotches.

    The field is smooth, so it is computed on a coarse grid and scaled up by
    Pillow; doing it per pixel in numpy costs seconds per 300 dpi page.
    """
    w, h = img.size
    gw, gh = max(2, w // 40), max(2, h // 40)
    coarse = np.asarray(Image.fromarray(np_rng.random((4, 3)).astype(np.float32))
                        .resize((gw, gh), Image.Resampling.BICUBIC))
    ramp = np.linspace(0.0, 1.0, gw, dtype=np.float32)[None, :]
    if np_rng.random() < 0.5:
        ramp = ramp[:, ::-1]
    darkness = np.clip(0.6 * coarse + 0.4 * ramp, 0.0, 1.0)
    gain = Image.fromarray(np.round(255 * (1.0 - strength * darkness)).astype(np.uint8))
    gain = gain.resize((w, h), Image.Resampling.BILINEAR)
    if img.mode == "RGB":  # yellowed paper: a little less blue, a little less green
        gain = Image.merge("RGB", (gain, gain.point(lambda v: v * 0.985),
                                   gain.point(lambda v: v * 0.95)))
    return ImageChops.multiply(img, gain)


def _add_noise(img: Image.Image, sigma: float, np_rng: np.random.Generator) -> Image.Image:
    pixels = np.asarray(img, dtype=np.float32)
    # One noise value per pixel, shared by the channels, like a grey sensor.
    noise = np_rng.normal(0.0, sigma, size=pixels.shape[:2]).astype(np.float32)
    if pixels.ndim == 3:
        noise = noise[..., None]
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))


def _jpeg_roundtrip(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality)
    buf.seek(0)
    with Image.open(buf) as decoded:
        return decoded.convert(img.mode)
