"""Answer ocrmypdf's tool-version probes once per process.

ocrmypdf asks `tesseract --version`, `gs --version` and `pngquant --version`
again for every document it is given (seven program starts a document here),
which in a long-lived OCR worker costs as much CPU as a tenth of a tesseract
page. A worker remembers each answer for its life; a tool upgraded meanwhile
is seen by the next worker. Tesseract's version is the library's, which reads
the pages in this process (ocr/tesslib.py), so no program starts for it at all.
"""
from __future__ import annotations

from functools import cache

from ocrmypdf._exec import ghostscript, pngquant, tesseract, unpaper
from ocrmypdf._exec._probe import ToolProbe

from ocr.tesslib import library_version


def remember_tool_versions() -> None:
    """Make ToolProbe.version and tesseract's language list answer from memory after the first call."""
    if getattr(ToolProbe.version, "earchive_cached", False):
        return
    probe = ToolProbe.version

    @cache
    def version_of(program, version_arg, version_regex, version_cls, env):
        return probe(ToolProbe(program, version_arg, version_regex, version_cls, dict(env) if env else None))

    def version(self: ToolProbe):
        env = tuple(sorted(self.env.items())) if self.env else None
        return version_of(self.program, self.version_arg, self.version_regex, self.version_cls, env)

    version.earchive_cached = True
    ToolProbe.version = version
    for tool in (ghostscript, pngquant, unpaper):  # each bound `version = PROBE.version` at import
        tool.version = tool.PROBE.version
    tesseract.version = cache(lambda: tesseract.TesseractVersion(library_version()))
    tesseract.get_languages = cache(tesseract.get_languages)
