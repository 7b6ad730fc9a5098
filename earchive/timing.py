"""Timestamps of a batch's steps, to see where a small batch's fixed cost goes (bench/ocr_throughput.py).

Off unless the `earchive.timing` logger is enabled for DEBUG: `earchive -vv`, or the EARCHIVE_TIMINGS
environment variable, which OCR workers inherit (spawned, they get no logging set-up from the CLI).
Each mark is one line on stderr:

    timing pid=<pid> t=<CLOCK_MONOTONIC s> cpu=<this process's CPU s> <event>

CLOCK_MONOTONIC is one clock for every process of the machine, so the marks of the CLI, of its OCR
workers and of whoever started them line up; the CPU time shows, on a shared and busy machine, how much
of a step was work and how much was waiting for a core. Off, a mark is one level check.
"""
from __future__ import annotations

import logging
import os
import sys
import time

log = logging.getLogger(__name__)

if os.environ.get("EARCHIVE_TIMINGS"):
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.DEBUG)
    log.propagate = False  # one line per mark, whatever the CLI's -v gives the root logger


def mark(event: str) -> None:
    if log.isEnabledFor(logging.DEBUG):
        log.debug("timing pid=%d t=%.4f cpu=%.4f %s", os.getpid(), time.monotonic(), time.process_time(), event)
