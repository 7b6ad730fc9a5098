"""One document's OCR, as run inside a worker process: prepare, OCR to PDF/A, leave artefacts in staging."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from earchive.errors import IngestRejected
from earchive.timing import mark
from ingest.staging import writing_into
from scanner_profiles import ScannerProfile


@dataclass
class OcrJob:
    key: str
    files: list[Path]
    kind: str
    profile: ScannerProfile
    staging: Path  # artefacts land here: document.pdf, page-NNNN.png, page-NNNN.json
    declared_pages: int | None
    page_timeout: float
    max_image_mpixels: float
    expected_pages: int
    overhead_s: float = 60.0


@dataclass
class OcrJobResult:
    key: str
    ok: bool
    pages: int = 0
    flags: list[dict] = field(default_factory=list)
    reason: str | None = None
    message: str | None = None


def run_job(job: OcrJob) -> OcrJobResult:
    with writing_into(job.staging.parent):  # the run's folder stays while this worker writes, even if its run died
        return _run_job(job)


def _run_job(job: OcrJob) -> OcrJobResult:
    from ingest.prepare import prepare_document
    from ocr.pipeline import ocr_to_pdfa

    if job.staging.exists():
        shutil.rmtree(job.staging)
    work = job.staging.parent / (job.staging.name + ".work")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    job.staging.mkdir(parents=True)
    try:
        prepared = prepare_document(job.files, job.kind, work, job.profile, job.declared_pages)
        mark("worker: document prepared")
        pages = ocr_to_pdfa(prepared.pdf, job.staging / "document.pdf", job.staging, job.profile,
                            job.page_timeout, job.max_image_mpixels, prepared.page_sources)
        if len(pages) != prepared.pages:
            raise IngestRejected("ocr_failed", f"OCR returned {len(pages)} of {prepared.pages} pages; retry the file")
        return OcrJobResult(job.key, True, len(pages), prepared.flags)
    except IngestRejected as e:
        return OcrJobResult(job.key, False, reason=e.reason, message=e.message)
    finally:
        shutil.rmtree(work, ignore_errors=True)
