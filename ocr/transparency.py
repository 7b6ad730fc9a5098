"""Transparent scans laid onto white paper, as a viewer shows them.

A PNG of black text on a transparent background often has black pixels
under the transparency too (RGB 0,0,0 at alpha 0). Dropping the alpha
channel, as a plain mode conversion does, turns such a page black all over,
and the OCR engine reads nothing on it. Laying the image onto white first
gives the page that people see.
"""
from __future__ import annotations

from PIL import Image

_ALPHA_MODES = {"RGBA": "RGB", "LA": "L", "PA": "RGB", "RGBa": "RGB", "La": "L"}


def has_alpha(im: Image.Image) -> bool:
    return im.mode in _ALPHA_MODES or (im.mode in ("P", "L", "RGB") and "transparency" in im.info)


def on_white(im: Image.Image) -> Image.Image:
    """`im` composited onto white, without an alpha channel (grey stays grey); `im` itself if it has no alpha."""
    if not has_alpha(im):
        return im
    grey = im.mode in ("LA", "La", "L")
    rgba = im.convert("RGBA")
    flat = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    return flat.convert("L" if grey else "RGB")
