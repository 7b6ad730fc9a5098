"""PNG files read and rewritten chunk by chunk: no pixel is decoded here.

Used where decoding would cost a page's worth of time for what the chunk
structure already says: whether a file is whole (ingest preflight), whether
it carries an EXIF orientation, and rewriting it for img2pdf.
"""
from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Chunk:
    kind: bytes
    body: memoryview
    start: int  # byte offset of its length field
    crc: int  # as stored in the file

    @property
    def crc_ok(self) -> bool:
        """Computed on asking: only the preflight check needs it, and a scan's IDAT runs to megabytes."""
        return zlib.crc32(self.body, zlib.crc32(self.kind)) == self.crc


class TruncatedPng(ValueError):
    pass


def chunks(data: bytes) -> Iterator[Chunk]:
    """The chunks after the signature, up to and including IEND; TruncatedPng if the data ends before it."""
    view = memoryview(data)
    pos = len(SIGNATURE)
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", view[pos:pos + 4])
        end = pos + 8 + length
        if end + 4 > len(data):
            break
        (crc,) = struct.unpack(">I", view[end:end + 4])
        kind = bytes(view[pos + 4:pos + 8])
        yield Chunk(kind, view[pos + 8:end], pos, crc)
        if kind == b"IEND":
            return
        pos = end + 4
    raise TruncatedPng("the PNG ends before its IEND chunk")


def check(data: bytes) -> None:
    """OSError naming the first damaged chunk, or the truncation: every CRC-32 up to IEND is checked."""
    try:
        for chunk in chunks(data):
            if not chunk.crc_ok:
                raise OSError(f"chunk {chunk.kind!r} at byte {chunk.start} fails its CRC check")
    except TruncatedPng as e:
        raise OSError(str(e)) from e


def has_exif(data: bytes) -> bool:
    try:
        return any(chunk.kind == b"eXIf" for chunk in chunks(data))
    except TruncatedPng:
        return False


def with_dpi(data: bytes, dpi: tuple[float, float] | None = None) -> bytes:
    """The same PNG with all its IDAT chunks joined into one, and its pHYs set to dpi when given.

    img2pdf, which wraps page images into PDF pages, concatenates IDAT chunks one
    by one, quadratic in their number: libpng writes 8 KiB chunks and Pillow
    64 KiB ones, which on a 15 MB colour scan costs a second or more.
    """
    kept: list[bytes | None] = []
    idat: list[memoryview] = []
    for chunk in chunks(data):
        if chunk.kind == b"IDAT":
            if not idat:
                kept.append(None)  # where the joined IDAT goes
            idat.append(chunk.body)
        elif chunk.kind != b"IEND" and not (chunk.kind == b"pHYs" and dpi):
            kept.append(_chunk(chunk.kind, bytes(chunk.body)))
    if dpi:
        kept.insert(1, _chunk(b"pHYs", struct.pack(">IIB", round(dpi[0] / 0.0254), round(dpi[1] / 0.0254), 1)))
    joined = _chunk(b"IDAT", b"".join(idat))
    return SIGNATURE + b"".join(joined if c is None else c for c in kept) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
