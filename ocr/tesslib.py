"""tesseract inside the OCR worker, through libtesseract's C API.

The `tesseract` command loads its language models on every run: about a quarter
of a second of a 2-3 s page for chi_sim+eng. A worker instead keeps one loaded
engine per language set for its life. It is the same library the command uses
(the Debian package links both), so the recognition, and the hOCR read from it,
are the command's.
"""
from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import itertools
import os
import threading
import time
from collections.abc import Iterator

import numpy as np

from earchive.errors import MissingDependency

_PSM_AUTO = 3  # the command line's default; the API's own default is a single block


class _Lib:
    def __init__(self) -> None:
        # One process per core: tesseract's OpenMP threads would only contend, and spin while they wait.
        # Read once, when the library (and its OpenMP runtime) loads.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        lib = _load()
        p, i, s = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
        for name, restype, argtypes in (
                ("TessVersion", s, []),
                ("TessBaseAPICreate", p, []),
                ("TessBaseAPIInit3", i, [p, s, s]),
                ("TessBaseAPISetVariable", i, [p, s, s]),
                ("TessBaseAPISetPageSegMode", None, [p, i]),
                ("TessBaseAPISetImage", None, [p, p, i, i, i, i]),
                ("TessBaseAPISetSourceResolution", None, [p, i]),
                ("TessBaseAPIRecognize", i, [p, p]),
                ("TessBaseAPIGetHOCRText", p, [p, i]),  # p, not c_char_p: it must go back to TessDeleteText
                ("TessDeleteText", None, [p]),
                ("TessBaseAPIGetAvailableLanguagesAsVector", ctypes.POINTER(p), [p]),
                ("TessDeleteTextArray", None, [ctypes.POINTER(p)]),
                ("TessBaseAPIClear", None, [p]),
                ("TessBaseAPIEnd", None, [p]),
                ("TessBaseAPIDelete", None, [p]),
                ("TessMonitorCreate", p, []),
                ("TessMonitorSetDeadlineMSecs", None, [p, i]),
                ("TessMonitorDelete", None, [p])):
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = restype, argtypes
        self.c = lib


def _load() -> ctypes.CDLL:
    missing = None
    for path in _library_paths():
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            if "cannot open shared object file" not in str(e):
                # There but not loadable: out of address space under an OCR worker's memory limit,
                # which the pool reports as such (ingest/pool.py). Not a package to install.
                raise
            missing = e
    raise MissingDependency(f"libtesseract cannot be loaded ({missing}); install the Debian package "
                            "tesseract-ocr (scripts/setup.sh does this)")


def _library_paths() -> Iterator[str]:
    yield "libtesseract.so.5"  # Debian's soname, first: find_library starts `ldconfig -p` in every worker
    found = ctypes.util.find_library("tesseract")
    if found:
        yield found


class Tesseract:
    """One loaded tesseract for one language set. Not for two threads at once: `read_hocr` holds a lock."""

    def __init__(self, lib: _Lib, languages: str):
        self._c = lib.c
        self._lock = threading.Lock()
        self._api = self._c.TessBaseAPICreate()
        if self._c.TessBaseAPIInit3(self._api, None, languages.encode()) != 0:
            self._c.TessBaseAPIDelete(self._api)
            self._api = None
            pkgs = " ".join(f"tesseract-ocr-{lang.replace('_', '-')}" for lang in languages.split("+"))
            raise MissingDependency(f"tesseract cannot load the languages {languages}; install {pkgs}")
        for name, value in (("hocr_char_boxes", "1"),  # a box per character: one ID number can be blacked out
                            ("debug_file", "/dev/null")):  # its progress chatter would land on the terminal
            self._c.TessBaseAPISetVariable(self._api, name.encode(), value.encode())

    def read_hocr(self, pixels: np.ndarray, dpi: float, psm: int | None, timeout_s: float) -> str:
        """Recognise one page image (8-bit grey, or BGR as OpenCV holds it) and return its hOCR."""
        if pixels.ndim == 3:
            import cv2

            pixels = cv2.cvtColor(pixels, cv2.COLOR_BGR2RGB)
        pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
        height, width = pixels.shape[:2]
        c = self._c
        with self._lock:
            monitor = c.TessMonitorCreate()
            try:
                c.TessBaseAPISetPageSegMode(self._api, _PSM_AUTO if psm is None else psm)
                c.TessBaseAPISetImage(self._api, pixels.ctypes.data, width, height,
                                      1 if pixels.ndim == 2 else 3, pixels.strides[0])
                c.TessBaseAPISetSourceResolution(self._api, int(dpi) or 300)
                # The deadline is checked between words; layout analysis before them is bounded by the
                # supervisor's deadline for the whole document (ingest/pool.py).
                c.TessMonitorSetDeadlineMSecs(monitor, max(1, int(timeout_s * 1000)))
                started = time.monotonic()
                if c.TessBaseAPIRecognize(self._api, monitor) != 0:
                    if time.monotonic() - started >= timeout_s:
                        raise TimeoutError(f"tesseract took longer than {timeout_s:.0f} s on one page")
                    raise RuntimeError("tesseract could not recognise this page image")
                raw = c.TessBaseAPIGetHOCRText(self._api, 0)
                try:
                    return ctypes.string_at(raw).decode("utf-8") if raw else ""
                finally:
                    c.TessDeleteText(raw)
            finally:
                c.TessMonitorDelete(monitor)
                c.TessBaseAPIClear(self._api)  # drops the page's image and results, keeps the models

    def available_languages(self) -> set[str]:
        """Every language the library finds in its tessdata folder, as `tesseract --list-langs` lists them."""
        with self._lock:
            names = self._c.TessBaseAPIGetAvailableLanguagesAsVector(self._api)
            try:
                found = set()
                for n in itertools.count():
                    if not names[n]:
                        return found
                    found.add(ctypes.string_at(names[n]).decode())
            finally:
                self._c.TessDeleteTextArray(names)

    def close(self) -> None:
        with self._lock:
            if self._api:
                self._c.TessBaseAPIEnd(self._api)
                self._c.TessBaseAPIDelete(self._api)
                self._api = None


_loaded: dict[str, Tesseract] = {}
_loading = threading.Lock()
_lib: _Lib | None = None


def _library() -> _Lib:
    global _lib
    with _loading:
        if _lib is None:
            _lib = _Lib()
            atexit.register(_close_all)  # else the library reports its cached models as leaks at exit
        return _lib


def tesseract_for(languages: list[str]) -> Tesseract:
    """This process's tesseract for `languages`, loaded on first use."""
    lib = _library()
    key = "+".join(languages)
    with _loading:
        if key not in _loaded:
            _loaded[key] = Tesseract(lib, key)
        return _loaded[key]


def library_version() -> str:
    return _library().c.TessVersion().decode()


def _close_all() -> None:
    for engine in _loaded.values():
        engine.close()
    _loaded.clear()
