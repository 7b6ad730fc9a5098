"""The ingest orchestrator: sources in, one result per source out.

Steps for each source, in this order so that a kill -9 at any point and a
re-run ends with every file ingested exactly once:
  1. inspect by content (reject early, to quarantine, before storing anything);
  2. hash; an `ok` document with the same SHA-256 is a duplicate and nothing changes;
  3. write the document row (status "processing") and commit — before any file is stored,
     so the store never holds an original without a row;
  4. store the originals write-once;
  5. OCR in a supervised worker into a staging folder;
  6. publish the derived artefacts, then in one transaction write the pages, mark the
     document ok, classify it (type, fields, case) and queue the index update (outbox).
A re-run finds "processing" rows and completes them; nothing stored is rewritten.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import json
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from context import AppContext
from earchive.errors import EarchiveError, IngestRejected
from earchive.timing import mark
from ingest.flags import NO_TEXT_READ, flag, ocr_flag
from ingest.job import OcrJob, OcrJobResult
from ingest.names import readable_name
from ingest.pool import OcrPool
from ingest.quarantine import quarantine
from ingest.sniff import ScanInfo, inspect_scan
from ingest.sources import Source
from ingest.staging import clear_stale_staging, staging_run
from ocr.artefacts import page_json
from ocr.engines import check_engine
from ocr.page import PageOcr
from records.models import Document, IndexOutbox, IngestBatch, IngestItem, Page, utcnow
from records.text import normalise_text
from scanner_profiles import ScannerProfile, get_profile
from store import sha256_file

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    source: str
    status: str  # ok | duplicate | rejected
    document_id: int | None = None
    sha256: str | None = None
    pages: int = 0
    reason: str | None = None
    error: str | None = None
    flags: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class _Pending:
    source: Source
    item_id: int
    document_id: int
    sha256: str
    info: ScanInfo
    file_shas: list[str]  # of each file, in page order; for one file, [sha256]


def start_batch(ctx: AppContext, sources: Sequence[Source], profile: str, *, created_by: str | None,
                unit_id: int | None, origin: str = "cli") -> tuple[int, list[int]]:
    with ctx.db.transaction() as s:
        batch = IngestBatch(profile=profile, created_by=created_by, unit_id=unit_id, source=origin)
        s.add(batch)
        s.flush()
        items = [IngestItem(batch_id=batch.id, source_name=src.name) for src in sources]
        s.add_all(items)
        s.flush()
        return batch.id, [i.id for i in items]


def ingest_sources(ctx: AppContext, sources: Sequence[Source], *, profile: str | None = None, jobs: int = 1,
                   created_by: str | None = None, unit_id: int | None = None,
                   on_result: Callable[[IngestResult], None] | None = None,
                   batch: tuple[int, list[int]] | None = None,
                   pool: OcrPool | None = None,
                   on_new_document: Callable[[Session, Document], None] | None = None,
                   ) -> tuple[int, list[IngestResult]]:
    """Ingest every source; a bad one is rejected and quarantined while the rest go on.

    Results come back in the order of `sources`; `on_result` hears each as it is decided.

    on_new_document: called in the transaction that finishes each new document, before the document is
    queued for the search index, e.g. to mark its 密级: it is never visible with less than that.

    pool: OCR workers the caller started early, so that they load while this process gets ready;
    without one, a pool of `jobs` workers starts with the first file that needs OCR.
    """
    prof = get_profile(profile or ctx.settings.default_profile)
    check_engine(prof.engine, list(prof.languages))
    batch_id, item_ids = batch or start_batch(ctx, sources, prof.name, created_by=created_by, unit_id=unit_id)
    results: dict[int, IngestResult] = {}  # by item id

    def emit(result: IngestResult, item_id: int) -> None:
        _record_item(ctx, item_id, result)
        results[item_id] = result
        if on_result:
            on_result(result)

    pending: dict[str, _Pending] = {}
    clear_stale_staging(ctx.settings.store_dir)  # what a run killed with -9 left behind

    def ocr_jobs(staging_root: Path) -> Iterator[OcrJob]:
        """Preflight each source as the pool asks for work, so OCR starts on the first file, not after the last."""
        for i in _largest_first(sources):
            src, item_id = sources[i], item_ids[i]
            mark("ingest: preflight starts")
            try:
                outcome = _preflight(ctx, src, item_id, prof, unit_id, pending)
            except Exception as e:  # noqa: BLE001 - one file's fault is that file's rejection; the batch goes on
                outcome = _reject_unexpected(ctx, src, e)
            mark("ingest: preflight done")
            if isinstance(outcome, IngestResult):
                emit(outcome, item_id)
            else:
                pending[outcome.sha256] = outcome
                yield _job(ctx, outcome, prof, staging_root)
                # Resumed once the pool has sent that job to a worker: while it reads, the code that files its
                # result (classification, a tenth of a CPU-second of imports) loads, off the way to the first page.
                import casefiles.filing  # noqa: F401

    # A per-run staging folder: a worker orphaned by a killed run can never write into ours.
    with staging_run(ctx.settings.store_dir) as staging_root:
        work = ocr_jobs(staging_root)
        first = next(work, None)
        if first is not None:  # no pool to start when every file was rejected or a duplicate
            with contextlib.nullcontext(pool) if pool else OcrPool(min(jobs, len(sources)), ctx.settings, prof) as workers:
                for job_result in workers.run(itertools.chain([first], work)):
                    mark("ingest: OCR result received")
                    p = pending[job_result.key]
                    try:
                        result = _finish(ctx, p, prof, job_result, staging_root / p.sha256, on_new_document)
                    except Exception as e:  # noqa: BLE001 - as above
                        result = _reject_unexpected(ctx, p.source, e, p.document_id)
                    emit(result, p.item_id)
                    mark("ingest: document filed")
    from indexer.outbox import refresh_index  # imported late: the outbox loads classification queries

    refresh_index(ctx.db.session, ctx.search)
    mark("ingest: index refreshed")
    return batch_id, [results[item_id] for item_id in item_ids]


def _largest_first(sources: Sequence[Source]) -> list[int]:
    """The sources' indexes, largest in bytes first (a stand-in for pages times pixels).

    OCR workers take the next document as they come free; with the big ones
    started first, a batch ends on small files instead of one worker reading a
    long PDF while the others idle. Sizes tie in their given order.
    """
    def size(src: Source) -> int:
        total = 0
        for f in src.files:
            try:
                total += f.stat().st_size
            except OSError:
                pass  # preflight reports the file
        return total

    return sorted(range(len(sources)), key=lambda i: -size(sources[i]))


# -- steps -------------------------------------------------------------------------------------

def _sha_of_source(src: Source, workdir: Path) -> tuple[str, list[str], Path | None]:
    """A single file is identified by its own SHA-256; a folder of pages by a manifest of theirs.

    Returns the document's SHA-256, each file's, and the manifest file when there is one.
    """
    file_shas = [sha256_file(f) for f in src.files]
    if len(src.files) == 1:
        return file_shas[0], file_shas, None
    manifest = {"document": src.name, "pages": [_manifest_page(f, h) for f, h in zip(src.files, file_shas)]}
    data = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
    path = workdir / "manifest.json"
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest(), file_shas, path


def _manifest_page(f: Path, sha: str) -> dict:
    name = readable_name(f.name)
    page = {"name": name.text, "sha256": sha}
    if name.raw is not None:  # the bytes on disk, so that the manifest names the very file
        page["name_bytes"] = name.raw_hex
    return page


def _inspect_all(ctx: AppContext, src: Source) -> ScanInfo:
    st = ctx.settings
    infos = []
    for f in src.files:
        try:
            infos.append(inspect_scan(f, st.max_image_pixels, st.max_pages_per_document, st.max_file_bytes))
        except IngestRejected as e:
            if len(src.files) > 1:
                raise IngestRejected(e.reason, f"{readable_name(f.name).text}: {e.message}") from e
            raise
        except OSError as e:
            raise IngestRejected("unreadable", f"the file cannot be read ({e.strerror}); check that it exists "
                                 "and that earchive may read it") from e
    if len(infos) == 1:
        return infos[0]
    if any(i.kind == "pdf" for i in infos):
        raise IngestRejected("mixed_folder", "a folder given as one document must hold page images only, not PDFs; "
                             "ingest the PDFs as files of their own")
    pages = sum(i.pages for i in infos)
    if pages > st.max_pages_per_document:
        raise IngestRejected("too_many_pages", f"the folder has {pages} pages, over the limit of "
                             f"{st.max_pages_per_document}; split it into volumes")
    return ScanInfo("image_folder", pages)


def _preflight(ctx: AppContext, src: Source, item_id: int, prof: ScannerProfile, unit_id: int | None,
               pending: dict[str, _Pending]) -> IngestResult | _Pending:
    with tempfile.TemporaryDirectory(prefix="earchive-pre-") as tmp:
        try:
            info = _inspect_all(ctx, src)
            sha, file_shas, manifest = _sha_of_source(src, Path(tmp))
        except IngestRejected as e:
            qdir = quarantine(ctx.settings.quarantine_dir, src.files, src.name, e.reason, e.message)
            return IngestResult(src.name, "rejected", reason=e.reason, error=f"{e.message}（已隔离：{qdir.name}）")
        if sha in pending:
            return IngestResult(src.name, "duplicate", sha256=sha, document_id=pending[sha].document_id,
                                error="the same file appears twice in this batch")
        with ctx.db.transaction() as s:
            doc = s.scalar(select(Document).where(Document.sha256 == sha))
            if doc is not None and doc.status == "ok":
                return IngestResult(src.name, "duplicate", document_id=doc.id, sha256=sha, pages=doc.page_count)
            if doc is None:
                doc = Document(sha256=sha, source_name=src.name, media_type=_media_type(info), profile=prof.name,
                               size_bytes=sum(f.stat().st_size for f in src.files), unit_id=unit_id,
                               status="processing")
                s.add(doc)
                try:
                    s.flush()
                except IntegrityError:  # another process registered the same bytes a moment ago
                    s.rollback()
                    return IngestResult(src.name, "duplicate", sha256=sha, error="being ingested by another process")
            else:
                doc.status, doc.profile = "processing", prof.name  # resume an interrupted or failed run
            doc_id = doc.id
        try:
            for f, file_sha in zip(src.files, file_shas):
                ctx.store.put_original(f, file_sha)
            if manifest:
                ctx.store.put_original(manifest, sha)
        except Exception as e:  # noqa: BLE001 - the document row exists now: mark it failed too
            return _reject_unexpected(ctx, src, e, doc_id)
    with ctx.db.transaction() as s:
        item = s.get(IngestItem, item_id)
        item.status, item.sha256, item.document_id = "processing", sha, doc_id
    return _Pending(src, item_id, doc_id, sha, info, file_shas)


def _media_type(info: ScanInfo) -> str:
    return "application/x-earchive-page-folder" if info.kind == "image_folder" else info.media_type


def _job(ctx: AppContext, p: _Pending, prof: ScannerProfile, staging_root: Path) -> OcrJob:
    files = [ctx.store.original_path(h) for h in p.file_shas]  # OCR reads the stored, verified bytes
    kind = p.info.kind if p.info.kind != "image_folder" else "images"
    return OcrJob(key=p.sha256, files=files, kind=kind, profile=prof, staging=staging_root / p.sha256,
                  declared_pages=p.source.declared_pages, page_timeout=ctx.settings.ocr_page_timeout_s,
                  max_image_mpixels=ctx.settings.max_image_pixels / 1e6, expected_pages=p.info.pages,
                  overhead_s=ctx.settings.ocr_document_overhead_s)


def _finish(ctx: AppContext, p: _Pending, prof: ScannerProfile, r: OcrJobResult, staging: Path,
            on_new_document: Callable[[Session, Document], None] | None) -> IngestResult:
    try:
        if not r.ok:
            return _fail(ctx, p, r.reason or "ocr_failed", r.message or "OCR failed")
        ctx.store.publish_derived(p.sha256, staging)
        pdfa = ctx.store.derived_path(p.sha256, "document.pdf")
        pdfa_sha = sha256_file(pdfa)
        flags = list(r.flags) + _name_flags(p.source)
        with ctx.db.transaction() as s:
            doc = s.get(Document, p.document_id)
            for old in list(doc.pages):
                s.delete(old)
            s.flush()
            for n in range(1, r.pages + 1):
                data = json.loads(page_json(ctx.store.derived_dir(p.sha256), n).read_text(encoding="utf-8"))
                page = PageOcr.from_json(data)
                flags += [ocr_flag(code, n) for code in page.flags]
                if not page.text_raw.strip():  # an empty page is never a silent success
                    flags.append(ocr_flag(NO_TEXT_READ, n))
                raw = page.text_raw
                s.add(Page(document_id=doc.id, page_no=n, width_px=page.width, height_px=page.height,
                           dpi=int(round(page.dpi)), text_raw=raw, text_norm=normalise_text(raw),
                           words=page.words_json()))
            doc.status, doc.page_count, doc.quality_flags = "ok", r.pages, flags
            doc.ocr_engine, doc.ocr_languages = prof.engine, "+".join(prof.languages)
            doc.pdfa_sha256, doc.ingested_at = pdfa_sha, utcnow()
            from casefiles.filing import classify_in_ingest  # loaded by ocr_jobs in ingest_sources

            classify_in_ingest(s, doc)  # type, fields and case, in the same transaction as the pages
            if on_new_document is not None:
                on_new_document(s, doc)
            doc.version = (doc.version or 0) + 1
            s.add(IndexOutbox(document_id=doc.id, version=doc.version, op="upsert"))
        return IngestResult(p.source.name, "ok", document_id=p.document_id, sha256=p.sha256, pages=r.pages,
                            flags=flags)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _name_flags(src: Source) -> list[dict]:
    """A name that was not UTF-8 on disk: what it was read as, and its bytes, on the document's record."""
    if src.raw_name is None:
        return []
    return [flag("name_not_utf8", f"原文件名不是 UTF-8 编码，显示为“{src.name}”；原始字节（十六进制）：{src.raw_name.hex()}")]


def _fail(ctx: AppContext, p: _Pending, reason: str, message: str) -> IngestResult:
    qdir = quarantine(ctx.settings.quarantine_dir, p.source.files, p.source.name, reason, message)
    _mark_failed(ctx, p.document_id, reason, message)
    return IngestResult(p.source.name, "rejected", document_id=None, sha256=p.sha256, reason=reason,
                        error=f"{message}（已隔离：{qdir.name}）")


def _mark_failed(ctx: AppContext, document_id: int, reason: str, message: str) -> None:
    with ctx.db.transaction() as s:
        doc = s.get(Document, document_id)
        doc.status = "failed"
        doc.quality_flags = [{"code": reason, "page": None, "message": message}]


def _reject_unexpected(ctx: AppContext, src: Source, e: Exception, document_id: int | None = None) -> IngestResult:
    """A fault nobody foresaw in one file's steps: that file is rejected and quarantined, the batch goes on.

    Called from inside the `except` block, so the traceback reaches the log for whoever fixes the fault.
    """
    log.exception("ingest of %s failed unexpectedly", src.name)
    reason = "internal_error"
    if isinstance(e, EarchiveError):  # foreseen somewhere below, with its own advice
        message = f"{e.message} (the rest of the batch went on)"
    else:
        message = (f"an unexpected error stopped this file ({type(e).__name__}: {e}); the rest of the batch "
                   "went on. Give this message to the system administrator, then ingest the file again")
    where = ""
    try:
        where = f"（已隔离：{quarantine(ctx.settings.quarantine_dir, src.files, src.name, reason, message).name}）"
        if document_id is not None:
            _mark_failed(ctx, document_id, reason, message)  # a re-run resumes it, as after any failure
    except Exception:  # noqa: BLE001 - the rejection must still be reported
        log.exception("could not quarantine %s or mark it failed", src.name)
    return IngestResult(src.name, "rejected", document_id=None, reason=reason, error=message + where)


def _record_item(ctx: AppContext, item_id: int, result: IngestResult) -> None:
    with ctx.db.transaction() as s:
        item = s.get(IngestItem, item_id)
        item.status, item.sha256, item.document_id = result.status, result.sha256, result.document_id
        item.reason, item.error = result.reason, result.error
        item.updated_at = utcnow()
