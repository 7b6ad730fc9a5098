"""Loading code and models without the cyclic garbage collector."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    """Run imports and model loads with the collector off, then freeze what they made.

    Loading makes many long-lived objects and almost no garbage, yet every burst of
    allocations sets off collections that walk all of them: a fifth of an OCR worker's
    warm-up and of the ingest supervisor's imports (measured, CPU time). Frozen, the
    loaded objects are also skipped by every later collection, for the process's life.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
