"""File names as the file system hands them over: any bytes, shown readably, the original bytes kept.

Linux file names are bytes. Python hands a name that is not valid UTF-8 over
with the odd bytes as lone surrogates, which every UTF-8 consumer (pikepdf,
JSON, the database) refuses. Scans copied from Windows machines, USB sticks
and CDs often carry GBK names, so such a name is decoded as GB18030 (a
superset of GBK) when it decodes; otherwise each odd byte is shown as `%C9`
(a backslash would be a path separator on Windows). The original bytes
travel with the source, so that what is shown can always be traced back to
the name on disk.
"""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class ReadableName:
    text: str  # what people see; valid Unicode, not yet made safe for display (see quarantine.safe_name)
    raw: bytes | None  # the name's bytes on disk when they are not UTF-8, else None
    encoding: str  # "utf-8", "gb18030" or "escaped"

    @property
    def raw_hex(self) -> str | None:
        return self.raw.hex() if self.raw is not None else None


def readable_name(name: str) -> ReadableName:
    """`name` as os.listdir or Path.name gives it (surrogate-escaped bytes included)."""
    raw = os.fsencode(name)
    try:
        return ReadableName(raw.decode("utf-8"), None, "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return ReadableName(raw.decode("gb18030"), raw, "gb18030")
    except UnicodeDecodeError:
        text = "".join(f"%{ord(c) - 0xDC00:02X}" if "\udc80" <= c <= "\udcff" else c
                       for c in raw.decode("utf-8", "surrogateescape"))
        return ReadableName(text, raw, "escaped")
