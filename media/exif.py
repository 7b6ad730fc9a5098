"""Photos: size, camera and the time taken from EXIF (Pillow), and a check that the image decodes.

EXIF DateTimeOriginal is local time without a zone; OffsetTimeOriginal (EXIF
2.31) gives the zone where the camera wrote it. Without one, the time stays
naive and the caller compares it as local time.
"""
from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from casefiles.rules import RuleError
from earchive.errors import IngestRejected
from media.probe import Probe
from media.rules import parse_offset

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL, _OFFSET_ORIGINAL, _DATETIME = 0x9003, 0x9011, 0x0132
_MAKE, _MODEL = 0x010F, 0x0110
_MAX_PIXELS = 200_000_000


def probe_photo(path: Path, container: str) -> Probe:
    try:
        with warnings.catch_warnings(), Image.open(path) as im:
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            width, height = im.size
            if width * height > _MAX_PIXELS:
                raise IngestRejected("too_many_pixels", f"照片 {width}×{height} 像素，超过安全上限 / the photo is "
                                     f"{width}×{height} pixels, over the safe limit")
            exif = im.getexif()
            im.draft(im.mode, (max(1, width // 8), max(1, height // 8)))
            im.load()  # reads all the compressed data: a truncated photo fails here
            fmt = im.format or container.upper()
    except IngestRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as e:
        raise IngestRejected("corrupt", f"照片已损坏或被截断（{e}） / the photo is damaged or truncated ({e})") from e
    sub = exif.get_ifd(_EXIF_IFD)
    taken = _exif_time(sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME), sub.get(_OFFSET_ORIGINAL))
    extra = {k: str(v).strip("\x00 ") for k, v in (("make", exif.get(_MAKE)), ("model", exif.get(_MODEL))) if v}
    return Probe(format_name=fmt.lower(), duration_s=None, codecs=[fmt.lower()], width=width, height=height,
                 embedded_time=taken, has_video=False, has_audio=False, extra=extra)


def _exif_time(value: object, offset: object) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = dt.datetime.strptime(str(value).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if offset:
        try:
            when = when.replace(tzinfo=parse_offset(str(offset).strip("\x00 ")))
        except RuleError:
            pass  # an offset we cannot read: the time stays local
    return when
