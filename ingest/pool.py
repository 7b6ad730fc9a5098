"""A pool of OCR worker processes that a hostile file cannot stall or kill.

Each worker is a long-lived process (the OCR models load once) running one
document at a time under an address-space limit. The supervisor gives every
job a deadline from its page count; a worker past its deadline, or one that
dies (out of memory, a crash in native code), is killed and replaced, its
document is reported as rejected, and the rest of the batch goes on.
"""
from __future__ import annotations

import ctypes
import logging
import multiprocessing as mp
import os
import resource
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from earchive.loading import loading
from earchive.timing import mark
from ingest.job import OcrJob, OcrJobResult, run_job
from scanner_profiles import ScannerProfile

if TYPE_CHECKING:  # a worker imports this module before its first job: pydantic-settings is not its business
    from earchive.settings import Settings

log = logging.getLogger(__name__)


def _one_malloc_arena() -> None:
    """Have every thread allocate from glibc's main arena, as the main thread does.

    ocrmypdf reads a document's pages in a thread of this process; in a thread's
    own arena the engine's large, short-lived buffers are mapped and unmapped
    page by page, and PP-OCR ran a fifth slower there than in the main thread
    (more page faults, measured on the benchmark pages).
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: nothing to tune
        return
    m_arena_max = -8
    libc.mallopt(m_arena_max, 1)


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker process is told when it starts: its limits, and what to load before the first job."""

    memory_limit_mb: int
    max_pixels: int
    engine: str  # the scanner profile's
    languages: tuple[str, ...]
    ppocr_runtime: str | None  # the scanner profile's; None: default_ppocr_runtime
    default_ppocr_runtime: str  # the setting's
    model_cache_dir: Path  # compiled OpenVINO models

    @classmethod
    def of(cls, settings: Settings, profile: ScannerProfile) -> WorkerSetup:
        from ocr.ppocr import model_cache_dir

        return cls(settings.ocr_memory_limit_mb, settings.max_image_pixels, profile.engine, tuple(profile.languages),
                   profile.ppocr_runtime, settings.ppocr_runtime, model_cache_dir(settings.data_dir))


def _worker_main(conn: Connection, setup: WorkerSetup, inherited: tuple[Connection, ...] = ()) -> None:
    mark("worker: started")
    for other in inherited:  # forked: the supervisor's ends, or this worker would never see it go (EOFError)
        other.close()
    _one_malloc_arena()  # before any thread exists
    limit = setup.memory_limit_mb * 1024 * 1024
    if inherited:  # forked: the allowance is for OCR, on top of the address space taken over from the supervisor
        limit += _address_space_bytes()
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = setup.max_pixels
    with loading():  # modules and models stay for the worker's life
        _warm_up(setup)
    mark("worker: ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            _exit_now()
        if job is None:
            _exit_now()
        mark("worker: job received")
        try:
            result = run_job(job)
        except MemoryError:
            result = OcrJobResult(job.key, False, reason="memory",
                                  message="OCR ran out of its memory allowance on this file; rescan at 300 dpi "
                                          "or raise EARCHIVE_OCR_MEMORY_LIMIT_MB")
        except Exception as e:  # the batch goes on; the message tells the archivist what broke
            log.exception("OCR of %s failed", job.key)
            if _no_memory_to_load(e):
                result = OcrJobResult(job.key, False, reason="memory",
                                      message=f"the OCR engine cannot even be loaded within its memory allowance "
                                              f"({setup.memory_limit_mb} MB); raise EARCHIVE_OCR_MEMORY_LIMIT_MB")
            else:
                result = OcrJobResult(job.key, False, reason="ocr_failed",
                                      message=f"OCR failed: {type(e).__name__}: {e}")
        mark("worker: job done")
        conn.send(result)


def _address_space_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * resource.getpagesize()


def _exit_now() -> NoReturn:
    """End the worker without the interpreter's teardown.

    Unloading OpenVINO, ocrmypdf and the rest took 0.3-0.8 s of wall time at every batch's end, which the
    supervisor waits for (OcrPool.close); a worker between jobs holds nothing unwritten: its results went
    through the pipe, its files are closed, and the per-run staging folder is the supervisor's.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _no_memory_to_load(e: Exception) -> bool:
    """A native library that could not be mapped under the address-space limit: the limit is too low, not the file bad."""
    text = str(e)
    return isinstance(e, (ImportError, OSError)) and ("failed to map segment" in text or "Cannot allocate memory" in text)


def _warm_up(setup: WorkerSetup) -> None:
    """Import ocrmypdf and load the engine's models now, while the supervisor is still preparing the first files.

    The models load in a thread while this one imports ocrmypdf: compiling them (OpenVINO, from its cache) runs
    in native code without the GIL, so on a free core it costs the batch no wall time beside the imports.
    """
    from ocr import ppocr

    ppocr.configure(setup.default_ppocr_runtime, setup.model_cache_dir)  # first: a bad value fails every job
    models = threading.Thread(target=_load_models, args=(setup,), name="load-models")
    try:
        models.start()
    except RuntimeError:  # no room for a thread's stack under the memory limit: load them after the imports
        models = None
    try:
        import pikepdf.pdfa  # noqa: F401  (ocrmypdf's PDF/A step would load it on the first document)

        import ocr.plugin  # noqa: F401
        from ocr.probes import remember_tool_versions

        mark("worker: OCR code imported")
        remember_tool_versions()
        mark("worker: tool versions read")
    except Exception:  # a missing package is reported by the job that needs it, with its own message
        log.exception("OCR worker warm-up failed")
    finally:
        if models is None:
            _load_models(setup)
        else:
            models.join()


def _load_models(setup: WorkerSetup) -> None:
    from ocr import ppocr

    try:
        import cv2

        cv2.setNumThreads(1)  # one worker process per core: OpenCV's own threads would only contend
        runtime = ppocr.runtime_for(setup.ppocr_runtime)
        if setup.engine == "tesseract":
            from ocr.tesslib import tesseract_for

            tesseract_for(list(setup.languages))
        else:
            ppocr.engine(runtime)
        from ocr.orientation import warm_up

        warm_up(runtime)
        mark("worker: engine's models loaded")
    except Exception:  # a missing engine is reported by the job that needs it, with its own message
        log.exception("OCR worker warm-up failed")


class _Worker:
    def __init__(self, ctx, setup: WorkerSetup, others: Sequence[_Worker] = ()):
        self.conn, child = ctx.Pipe()
        inherited = (self.conn, *(w.conn for w in others)) if ctx.get_start_method() == "fork" else ()
        self.process = ctx.Process(target=_worker_main, args=(child, setup, inherited), daemon=True)
        self.process.start()
        child.close()
        self.job: OcrJob | None = None
        self.deadline = 0.0
        self.used = False
        self.retired = False  # told to leave (or killed): no more jobs for it

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class OcrPool:
    def __init__(self, jobs: int, settings: Settings, profile: ScannerProfile, *, fork: bool = False):
        """The workers load the scanner profile's engine, languages and PP-OCR runtime before the first job;
        a job for another engine still runs, loading its engine then.

        fork: the caller has opened nothing a worker must not share (no database connection, no thread):
        the CLI before it opens its context. The first workers are then forked from it, sparing each an
        interpreter start, the re-import of what the caller has loaded and multiprocessing's resource
        tracker process (a quarter of a CPU-second a batch, bench/ocr_throughput.py --split). Workers
        started later, to replace a killed one, are spawned.
        """
        self._ctx = mp.get_context("spawn")  # no inherited DB connections or threads in workers
        self._setup = WorkerSetup.of(settings, profile)
        first = mp.get_context("fork") if fork and threading.active_count() == 1 else self._ctx
        self._workers: list[_Worker] = []
        for _ in range(max(1, jobs)):
            self._workers.append(_Worker(first, self._setup, self._workers))

    def run(self, jobs: Iterable[OcrJob]) -> Iterator[OcrJobResult]:
        """Yield one result per job, in completion order.

        `jobs` is read lazily, a few ahead of the workers: whatever produces them
        (preflight: checking, hashing and storing originals) runs while the
        workers OCR, instead of before they start.

        A pool runs one batch: once `jobs` is exhausted, each worker left without work is told to leave
        then, so that its exit overlaps the filing of the last results instead of following it (close).
        """
        source = iter(jobs)
        queue: deque[OcrJob] = deque()
        exhausted = False
        while True:
            if not exhausted and len(queue) < len(self._workers):
                try:
                    queue.append(next(source))
                except StopIteration:
                    exhausted = True
            self._dispatch(queue)
            if exhausted and not queue:
                self._retire_idle()
            busy = [w for w in self._workers if w.job]
            if not busy:
                if exhausted and not queue:
                    return
                continue  # all idle: fetch more work first
            # While more work can still be fetched ahead, only look at the workers, do not wait on them.
            fetch_ahead = not exhausted and len(queue) < len(self._workers)
            timeout = 0.0 if fetch_ahead else max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=timeout)
            results = []
            for i, w in enumerate(self._workers):
                if w.job is None:
                    continue
                if w.conn in ready:
                    try:
                        results.append(w.conn.recv())
                    except (EOFError, OSError):
                        results.append(self._replace(i, "crashed", "the OCR process died on this file (out of "
                                                     "memory or a damaged image); rescan it or raise "
                                                     "EARCHIVE_OCR_MEMORY_LIMIT_MB"))
                    else:
                        w.job = None
                elif time.monotonic() >= w.deadline:
                    results.append(self._replace(i, "timeout", f"OCR took longer than allowed ({w.job.page_timeout:.0f} "
                                                 "s a page); check the scan for damage or raise "
                                                 "EARCHIVE_OCR_PAGE_TIMEOUT_S"))
            # Freed workers get their next job before the caller files these results (publishing,
            # classification, indexing), so they do not wait on it; with none left, they leave meanwhile.
            self._dispatch(queue)
            if exhausted and not queue:
                self._retire_idle()
            yield from results

    def _dispatch(self, queue: deque[OcrJob]) -> None:
        for w in self._workers:
            if w.job is None and queue and not w.retired:
                w.job = queue.popleft()
                w.used = True
                w.deadline = time.monotonic() + w.job.overhead_s + w.job.expected_pages * w.job.page_timeout
                w.conn.send(w.job)
                mark("pool: job sent")

    def _replace(self, index: int, reason: str, message: str) -> OcrJobResult:
        worker = self._workers[index]
        key = worker.job.key
        worker.kill()
        self._workers[index] = _Worker(self._ctx, self._setup)
        return OcrJobResult(key, False, reason=reason, message=message)

    def _retire_idle(self) -> None:
        for w in self._workers:
            if w.job is None and not w.retired:
                w.retired = True
                if not w.used:  # started early for a batch that needed no OCR: it holds nothing, do not wait for it
                    w.kill()
                    continue
                try:
                    w.conn.send(None)
                except OSError:
                    pass

    def close(self) -> None:
        for w in self._workers:
            w.job = None  # a job still out when the caller stops early is abandoned with its worker's exit
        self._retire_idle()
        for w in self._workers:
            w.process.join(10)
            if w.process.is_alive():
                w.process.kill()

    def __enter__(self) -> OcrPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
