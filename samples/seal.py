"""A red round official seal (印章) stamped over a page.

The seal is drawn as an ink-coverage mask and multiplied onto the page, the
way stamp ink darkens paper but cannot lighten printed text underneath.
Its ring text is decoration: it is not part of any ground truth.
"""
from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SEAL_DIAMETER_MM = 42.0  # the usual size of an agency seal
SEAL_INK = np.array([214, 38, 42], dtype=np.float32)


def mm_to_px(mm: float, dpi: int) -> int:
    return round(mm / 25.4 * dpi)


def seal_mask(ring_text: str, dpi: int, font_path: str, font_index: int,
              np_rng: np.random.Generator) -> Image.Image:
    """Mode L mask, 255 where ink lies: a ring, ring_text along the top arc, a star."""
    size = mm_to_px(SEAL_DIAMETER_MM, dpi)
    radius = size / 2
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    border = max(2, mm_to_px(1.2, dpi))
    draw.ellipse((border // 2, border // 2, size - border // 2, size - border // 2),
                 outline=255, width=border)
    _draw_star(draw, radius, radius, radius * 0.28)
    _draw_ring_text(mask, ring_text, radius, font_path, font_index, dpi)
    return _ink_texture(mask, np_rng)


def _draw_star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    points = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.38
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + rr * math.cos(angle), cy + rr * math.sin(angle)))
    draw.polygon(points, fill=255)


def _draw_ring_text(mask: Image.Image, text: str, radius: float, font_path: str,
                    font_index: int, dpi: int) -> None:
    """Characters upright towards the centre, spread over the top 240° of the ring."""
    glyph_px = mm_to_px(5.5, dpi)
    font = ImageFont.truetype(font_path, glyph_px, index=font_index)
    text_radius = radius - mm_to_px(2.0, dpi) - glyph_px * 0.6
    span = math.radians(240)
    step = span / max(len(text) - 1, 1)
    box = glyph_px * 2
    for i, ch in enumerate(text):
        theta = -span / 2 + i * step  # clockwise from straight up
        glyph = Image.new("L", (box, box), 0)
        ImageDraw.Draw(glyph).text((box / 2, box / 2), ch, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(theta), resample=Image.Resampling.BICUBIC)
        x = radius + text_radius * math.sin(theta) - box / 2
        y = radius - text_radius * math.cos(theta) - box / 2
        mask.paste(255, (round(x), round(y)), glyph)


def _ink_texture(mask: Image.Image, np_rng: np.random.Generator) -> Image.Image:
    """Uneven ink: a blotchy coverage between 55% and 95%, softened at the edges."""
    w, h = mask.size
    blotches = np.asarray(Image.fromarray(np_rng.random((8, 8)).astype(np.float32))
                          .resize((w, h), Image.Resampling.BICUBIC))
    coverage = np.clip(0.55 + 0.4 * blotches, 0.0, 1.0)
    soft = np.asarray(mask.filter(ImageFilter.GaussianBlur(1)), dtype=np.float32)
    return Image.fromarray((soft * coverage).astype(np.uint8))


def stamp(page: Image.Image, mask: Image.Image, center: tuple[int, int],
          angle_deg: float) -> Image.Image:
    """page (RGB) with the seal mask multiplied on in seal ink, centred at center."""
    mask = mask.rotate(angle_deg, resample=Image.Resampling.BICUBIC)
    left = center[0] - mask.width // 2
    top = center[1] - mask.height // 2
    region = (left, top, left + mask.width, top + mask.height)
    patch = np.asarray(page.crop(region), dtype=np.float32)
    alpha = np.asarray(mask, dtype=np.float32)[..., None] / 255.0
    tinted = patch * (1.0 - alpha + alpha * SEAL_INK / 255.0)
    page = page.copy()
    page.paste(Image.fromarray(tinted.astype(np.uint8)), region[:2])
    return page
