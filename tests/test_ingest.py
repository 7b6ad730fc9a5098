"""Ingest of scanned case files: each accepted format, each rejected input class, duplicates.

These run the real OCR engines through real ocrmypdf, on SQLite and PostgreSQL.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageOps
from sqlalchemy import func, select

from context import AppContext, open_context
from earchive.settings import Settings
from ingest.service import ingest_sources
from ingest.sources import collect_sources
from ocr.artefacts import page_image
from records.models import Document, IngestItem, Page
from store import sha256_file
from tests.scans import LINES, render_page, save, write_pdf


@pytest.fixture
def ctx(db_url: str, tmp_path: Path):
    context = open_context(Settings(data_dir=tmp_path / "var", database_url=db_url))
    yield context
    context.close()


def ingest(ctx: AppContext, *paths: Path, **kw):
    _, results = ingest_sources(ctx, collect_sources(list(paths), kw.pop("folder_as_document", False)), **kw)
    return {r.source: r for r in results}


def test_each_accepted_format_becomes_a_searchable_pdfa_with_page_text_and_boxes(ctx, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    page = render_page()
    save(page, src / "scan.png")
    save(page.convert("RGB"), src / "scan.jpg", quality=92)
    page2 = render_page(["询问笔录", "被询问人：王测试"])
    page.save(src / "scan.tif", save_all=True, append_images=[page2], dpi=(300, 300), compression="tiff_lzw")
    write_pdf([page2], src / "scan.pdf")

    results = ingest(ctx, src, jobs=2)

    assert {r.status for r in results.values()} == {"ok"}
    assert results["scan.tif"].pages == 2
    with ctx.db.session() as s:
        for name, result in results.items():
            doc = s.get(Document, result.document_id)
            assert doc.status == "ok" and doc.sha256 == sha256_file(src / name)
            # The original is kept byte-exact; the PDF/A beside it is derived.
            assert ctx.store.original_path(doc.sha256).read_bytes() == (src / name).read_bytes()
            pdfa = ctx.store.derived_path(doc.sha256, "document.pdf")
            with pikepdf.open(pdfa) as pdf:
                assert len(pdf.pages) == doc.page_count
                assert "pdfaid" in str(pdf.open_metadata())
        tif = s.get(Document, results["scan.tif"].document_id)
        assert "王测试" in tif.pages[1].text_norm
        png = s.get(Document, results["scan.png"].document_id)
        first = png.pages[0]
        assert "张测试" in first.text_norm and "〔2024〕" in first.text_norm
        assert first.text_raw  # the raw OCR is kept beside the normalised text
        # A grey scan stays as scanned in the PDF/A; the page image shown beside its text is a JPEG.
        assert page_image(ctx.store.derived_dir(png.sha256), 1).suffix == ".jpg"


def test_an_id_number_has_a_box_of_its_own_inside_its_line(ctx, tmp_path):
    path = save(render_page(), tmp_path / "id.png")
    result = ingest(ctx, path)["id.png"]
    with ctx.db.session() as s:
        words = s.scalars(select(Page.words).where(Page.document_id == result.document_id)).one()
    id_words = [w for w in words if "110101199003071234" in w["text"]]
    assert id_words, [w["text"] for w in words]
    x0, y0, x1, y1 = id_words[0]["box"]
    same_line = [w for w in words if w["line"] == id_words[0]["line"] and w is not id_words[0]]
    assert same_line and all(w["box"][2] <= x0 + 2 or w["box"][0] >= x1 - 2 for w in same_line)
    assert (x1 - x0) < 1700 * 0.5  # far narrower than the line


def test_tesseract_engine_through_its_profile(ctx, tmp_path):
    path = save(render_page(), tmp_path / "t.png")
    result = ingest(ctx, path, profile="office-tesseract")["t.png"]
    assert result.status == "ok"
    with ctx.db.session() as s:
        doc = s.get(Document, result.document_id)
        assert doc.ocr_engine == "tesseract"
        text = doc.pages[0].text_norm
        assert "处罚决定书" in text and " " not in text.splitlines()[0]  # spaces between CJK removed
        assert any(w["text"] for w in doc.pages[0].words)


def test_a_folder_of_page_images_is_one_document(ctx, tmp_path):
    folder = tmp_path / "案卷001"
    folder.mkdir()
    save(render_page(["第一页", "立案审批表"]), folder / "p1.png")
    save(render_page(["第二页", "现场检查笔录"]), folder / "p2.png")
    results = ingest(ctx, folder, folder_as_document=True)
    assert list(results) == ["案卷001"] and results["案卷001"].pages == 2
    with ctx.db.session() as s:
        doc = s.get(Document, results["案卷001"].document_id)
        assert "现场检查" in doc.pages[1].text_norm
        for p in ("p1.png", "p2.png"):  # every page image is kept byte-exact too
            assert ctx.store.has_original(sha256_file(folder / p))


def test_the_largest_document_is_read_first_and_results_keep_the_given_order(ctx, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    save(render_page(["询问笔录"], size=(1700, 200)), src / "a_small.png")
    pages = [render_page(["现场检查笔录", f"第{i}页"]) for i in range(3)]
    pages[0].save(src / "b_large.tif", save_all=True, append_images=pages[1:], dpi=(300, 300))
    heard: list[str] = []

    _, results = ingest_sources(ctx, collect_sources([src]), jobs=1, on_result=lambda r: heard.append(r.source))

    assert heard == ["b_large.tif", "a_small.png"]  # one worker: the long one does not come last
    assert [r.source for r in results] == ["a_small.png", "b_large.tif"]
    assert {r.status for r in results} == {"ok"}


def test_same_bytes_again_is_a_duplicate_and_changes_nothing(ctx, tmp_path):
    path = save(render_page(), tmp_path / "a.png")
    first = ingest(ctx, path)["a.png"]
    with ctx.db.session() as s:
        before = s.get(Document, first.document_id).version
    copy = tmp_path / "copy-of-a.png"
    copy.write_bytes(path.read_bytes())
    again = ingest(ctx, copy)["copy-of-a.png"]
    assert again.status == "duplicate" and again.document_id == first.document_id
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 1
        assert s.get(Document, first.document_id).version == before


def _encrypted_pdf(path: Path, tmp_path: Path) -> Path:
    plain = write_pdf([render_page()], tmp_path / "plain.pdf")
    with pikepdf.open(plain) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner-pw", user="user-pw"))
    return path


def _bad_inputs(folder: Path, tmp_path: Path) -> dict[str, str]:
    """Each rejected input class, by file name → the reason it must be refused for."""
    folder.mkdir()
    good_pdf = write_pdf([render_page()], tmp_path / "good.pdf").read_bytes()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(good_pdf[: len(good_pdf) // 2])
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj garbage endobj\ntrailer <<>>\n%%EOF\n")
    _encrypted_pdf(folder / "encrypted.pdf", tmp_path)
    (folder / "invoice.jpg").write_bytes(b"PK\x03\x04 this is a zip archive, not a JPEG")
    Image.new("1", (12000, 12000), 1).save(folder / "bomb.png")  # 144 Mpx, a few kB on disk
    truncated_png = (tmp_path / "t.png")
    save(render_page(), truncated_png)
    (folder / "truncated.png").write_bytes(truncated_png.read_bytes()[:3000])
    (folder / "damaged.png").write_bytes(_flip_a_pixel_byte(truncated_png.read_bytes(), fix_crc=False))
    (folder / "bad-encoder.png").write_bytes(_flip_a_pixel_byte(truncated_png.read_bytes(), fix_crc=True))
    pages = [render_page([f"第{i}页"]) for i in range(3)]
    pages[0].save(folder / "long.tif", save_all=True, append_images=pages[1:], dpi=(300, 300))
    return {"empty.pdf": "empty", "truncated.pdf": "truncated", "corrupt.pdf": "corrupt",
            "encrypted.pdf": "encrypted", "invoice.jpg": "wrong_type", "bomb.png": "too_many_pixels",
            "truncated.png": "corrupt", "damaged.png": "corrupt", "bad-encoder.png": "corrupt",
            "long.tif": "too_many_pages"}


def _flip_a_pixel_byte(png: bytes, fix_crc: bool) -> bytes:
    """The PNG with one byte of its compressed pixels changed, as a damaged copy (CRC now wrong) or as a
    broken encoder would write it (CRC computed over the bad bytes)."""
    import struct
    import zlib

    start = png.index(b"IDAT") - 4
    (length,) = struct.unpack(">I", png[start:start + 4])
    body = bytearray(png[start + 8:start + 8 + length])
    body[2] ^= 0xFF  # the first byte of the deflate data after its two-byte zlib header
    crc = zlib.crc32(b"IDAT" + body) if fix_crc else struct.unpack(">I", png[start + 8 + length:start + 12 + length])[0]
    return png[:start + 8] + bytes(body) + struct.pack(">I", crc) + png[start + 12 + length:]


def test_bad_inputs_are_rejected_with_a_reason_and_quarantined_while_the_batch_goes_on(db_url, tmp_path):
    ctx = open_context(Settings(data_dir=tmp_path / "var", database_url=db_url,
                                max_image_pixels=100_000_000, max_pages_per_document=2))
    try:
        folder = tmp_path / "in"
        expected = _bad_inputs(folder, tmp_path)
        hostile = folder / "\x1b[31m..;rm -rf ~;\n好.png"
        save(render_page(), hostile)

        results = ingest(ctx, folder)

        for name, reason in expected.items():
            r = results[name]
            assert (r.status, r.reason) == ("rejected", reason), (name, r)
            assert len(r.error) > 30  # says what is wrong and what to do
        ok = [r for r in results.values() if r.status == "ok"]
        assert len(ok) == 1 and "\x1b" not in ok[0].source and "\n" not in ok[0].source
        reasons = [json.loads(p.read_text()) for p in ctx.settings.quarantine_dir.glob("*/*/reason.json")]
        assert sorted(r["reason"] for r in reasons) == sorted(expected.values())
        assert all(p.is_file() for p in ctx.settings.quarantine_dir.glob("*/*/*"))
        with ctx.db.session() as s:
            # Refused at preflight, a file leaves no document; one whose pixels fail only in OCR (the
            # broken encoder's) leaves its original stored, under a document marked failed.
            docs = dict(s.execute(select(Document.source_name, Document.status)).all())
            assert sorted(docs.values()) == ["failed", "ok"] and docs["bad-encoder.png"] == "failed"
            statuses = s.scalars(select(IngestItem.status)).all()
            assert sorted(statuses) == sorted(["rejected"] * len(expected) + ["ok"])
        assert not list((tmp_path / "var").rglob("*rm -rf*"))  # the hostile name never became a path
    finally:
        ctx.close()


def test_a_document_past_its_time_limit_is_stopped_and_reported(tmp_path, settings):
    settings = settings.model_copy(update={"ocr_page_timeout_s": 0.01, "ocr_document_overhead_s": 0.5})
    ctx = AppContext(settings)
    try:
        path = save(render_page(), tmp_path / "slow.png")
        r = ingest(ctx, path)["slow.png"]
        assert (r.status, r.reason) == ("rejected", "timeout")
        assert "EARCHIVE_OCR_PAGE_TIMEOUT_S" in r.error
    finally:
        ctx.close()


def test_a_document_over_the_memory_limit_is_stopped_and_reported(tmp_path, settings):
    settings = settings.model_copy(update={"ocr_memory_limit_mb": 600})
    ctx = AppContext(settings)
    try:
        path = save(render_page(), tmp_path / "big.png")
        r = ingest(ctx, path)["big.png"]
        assert r.status == "rejected" and r.reason in ("memory", "crashed", "ocr_failed")
        assert "memory" in r.error.lower() or "MemoryError" in r.error
    finally:
        ctx.close()


def test_low_resolution_and_declared_page_count_are_flagged(ctx, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    save(render_page(dpi=150), folder / "low.png")
    (folder / "batch.csv").write_text("file,pages\nlow.png,3\n", encoding="utf-8")
    r = ingest(ctx, folder)["low.png"]
    codes = {f["code"] for f in r.flags}
    assert {"below_norm_dpi", "page_count_mismatch"} <= codes
    with ctx.db.session() as s:
        assert {f["code"] for f in s.get(Document, r.document_id).quality_flags} == codes


# -- bad input that must not stop a batch (#16 section 2) ------------------------------------------------------

GBK_NAME = "扫描件 行政处罚.pdf".encode("gbk")  # as a Windows machine, a USB stick or a CD names it
UNDECODABLE_NAME = b"\xff\xfe\x80 scan.png"  # neither UTF-8 nor GB18030: shown escaped, %FF%FE%80


def _bytes_path(folder: Path, name: bytes) -> Path:
    return folder / os.fsdecode(name)


def test_file_names_that_are_not_utf8_are_ingested_with_a_readable_name_and_their_bytes_kept(ctx, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_pdf([render_page()], _bytes_path(folder, GBK_NAME))
    save(render_page(["询问笔录", "被询问人：王测试"]), _bytes_path(folder, UNDECODABLE_NAME))
    save(render_page(["现场检查笔录"]), folder / "普通.png")
    pages = tmp_path / os.fsdecode("案卷".encode("gbk"))  # a folder of pages, its name and its pages' in GBK
    pages.mkdir()
    save(render_page(["立案审批表"]), _bytes_path(pages, "第1页.png".encode("gbk")))
    save(render_page(["现场检查笔录"], size=(1700, 200)), pages / "p2.png")

    results = ingest(ctx, folder)
    results |= ingest(ctx, pages, folder_as_document=True)

    gbk, escaped = "扫描件 行政处罚.pdf", "%FF%FE%80 scan.png"
    assert set(results) == {gbk, escaped, "普通.png", "案卷"}
    assert {r.status for r in results.values()} == {"ok"}, results
    assert "name_not_utf8" not in {f["code"] for f in results["普通.png"].flags}  # a UTF-8 name is just its name
    for name, raw in ((gbk, GBK_NAME), (escaped, UNDECODABLE_NAME), ("案卷", "案卷".encode("gbk"))):
        name_flags = [f for f in results[name].flags if f["code"] == "name_not_utf8"]
        assert len(name_flags) == 1 and raw.hex() in name_flags[0]["message"]  # the bytes on disk, recorded
    with ctx.db.session() as s:
        doc = s.get(Document, results[gbk].document_id)
        assert doc.source_name == gbk and "name_not_utf8" in {f["code"] for f in doc.quality_flags}
        assert ctx.store.original_path(doc.sha256).read_bytes() == _bytes_path(folder, GBK_NAME).read_bytes()
        assert "张测试" in doc.pages[0].text_norm
        assert set(s.scalars(select(IngestItem.source_name))) == {gbk, escaped, "普通.png", "案卷"}
        # The folder's manifest, stored as its original, names the page as read and by its bytes.
        folder_doc = s.get(Document, results["案卷"].document_id)
        manifest = json.loads(ctx.store.original_path(folder_doc.sha256).read_text(encoding="utf-8"))
        by_name = {page["name"]: page for page in manifest["pages"]}
        assert by_name["第1页.png"]["name_bytes"] == "第1页.png".encode("gbk").hex()
        assert "name_bytes" not in by_name["p2.png"]  # a UTF-8 name is written as before


def test_a_rejected_file_with_a_gbk_name_is_quarantined_under_its_readable_name(ctx, tmp_path):
    path = _bytes_path(tmp_path, "损坏 行政处罚.pdf".encode("gbk"))
    path.write_bytes(b"%PDF-1.7\n1 0 obj garbage endobj\ntrailer <<>>\n%%EOF\n")
    r = ingest(ctx, path)["损坏 行政处罚.pdf"]
    assert (r.status, r.reason) == ("rejected", "corrupt")
    (reason_file,) = ctx.settings.quarantine_dir.glob("*/*/reason.json")
    record = json.loads(reason_file.read_text(encoding="utf-8"))
    assert record["files"] == ["损坏 行政处罚.pdf"]
    assert record["original_names_hex"] == {"损坏 行政处罚.pdf": "损坏 行政处罚.pdf".encode("gbk").hex()}


def _distinct_prefixes(folder: Path, names: list[str]) -> dict[str, str]:
    """Pages whose SHA-256 start differently, so a fault planted in one store shard hits one file only."""
    shas: dict[str, str] = {}
    for name in names:
        variant = 0
        while True:
            path = save(render_page(["询问笔录", f"被询问人：{name}", "第" + "一" * variant + "页"]), folder / name)
            sha = sha256_file(path)
            if sha[:2] not in {s[:2] for s in shas.values()}:
                shas[name] = sha
                break
            variant += 1
    return shas


def test_an_unexpected_fault_in_one_file_rejects_that_file_and_the_batch_goes_on(ctx, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shas = _distinct_prefixes(folder, ["a_store_fault.png", "b_publish_fault.png", "c_good.png"])
    # Real faults in the store, each under one file only: where the first file's original is to be stored a
    # directory is in the way (storing it raises IsADirectoryError, before OCR); where the second file's
    # derived artefacts go, a plain file holds the shard's name (publishing raises, after OCR).
    ctx.store.original_path(shas["a_store_fault.png"]).mkdir(parents=True)
    shard = ctx.store.derived_dir(shas["b_publish_fault.png"]).parent
    shard.parent.mkdir(parents=True, exist_ok=True)
    shard.write_text("not a directory")

    results = ingest(ctx, folder, jobs=2)

    assert results["c_good.png"].status == "ok"
    for name in ("a_store_fault.png", "b_publish_fault.png"):
        r = results[name]
        assert (r.status, r.reason) == ("rejected", "internal_error"), r
        assert "rest of the batch went on" in r.error and "已隔离" in r.error
    assert "IsADirectoryError" in results["a_store_fault.png"].error
    reasons = sorted(json.loads(p.read_text(encoding="utf-8"))["source"]
                     for p in ctx.settings.quarantine_dir.glob("*/*/reason.json"))
    assert reasons == ["a_store_fault.png", "b_publish_fault.png"]
    with ctx.db.session() as s:
        statuses = dict(s.execute(select(Document.source_name, Document.status)).all())
        assert statuses == {"a_store_fault.png": "failed", "b_publish_fault.png": "failed", "c_good.png": "ok"}
        assert sorted(s.scalars(select(IngestItem.status))) == ["ok", "rejected", "rejected"]


def _transparent(page: Image.Image) -> Image.Image:
    """Black text on a transparent background whose hidden pixels are black too, as some exporters write it."""
    black = Image.new("L", page.size, 0)
    return Image.merge("RGBA", (black, black, black, ImageOps.invert(page)))


def test_a_transparent_png_is_read_as_black_text_on_white(ctx, tmp_path):
    path = save(_transparent(render_page()), tmp_path / "transparent.png")
    r = ingest(ctx, path)["transparent.png"]
    assert r.status == "ok" and "no_text_read" not in {f["code"] for f in r.flags}
    with ctx.db.session() as s:
        text = s.get(Document, r.document_id).pages[0].text_norm
    assert "张测试" in text and "〔2024〕" in text


def test_a_page_the_engine_reads_nothing_on_is_flagged_and_waits_for_review(ctx, tmp_path):
    from casefiles.review import review_queue
    from classify.models import DocumentClassification

    folder = tmp_path / "in"
    folder.mkdir()
    save(render_page([]), folder / "nothing.png")  # a page with no text at all
    save(render_page(), folder / "text.png")

    results = ingest(ctx, folder)

    empty = [f for f in results["nothing.png"].flags if f["code"] == "no_text_read"]
    assert results["nothing.png"].status == "ok" and len(empty) == 1 and empty[0]["page"] == 1
    assert "第1页未识别出任何文字" in empty[0]["message"]
    assert "no_text_read" not in {f["code"] for f in results["text.png"].flags}
    with ctx.db.session() as s:
        record = s.get(DocumentClassification, results["nothing.png"].document_id)
        assert record.needs_review and {"key": "ocr.text", "reason": "no_text_read"} in record.review_reasons
        queued = {entry.document.id for entry in review_queue(s)}
        assert results["nothing.png"].document_id in queued


_CLAIM = r"""
import sys, time
from pathlib import Path
from ingest.staging import staging_run
with staging_run(Path(sys.argv[1])) as run_dir:
    (run_dir / "page-0001.png").write_bytes(b"half-written")
    print(run_dir.name, flush=True)
    time.sleep(600)
"""


def _claim_staging(store_dir: Path) -> tuple[subprocess.Popen, str]:
    """Another process in the middle of a run: it holds a staging folder with a file in it."""
    proc = subprocess.Popen([sys.executable, "-c", _CLAIM, str(store_dir)], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    return proc, proc.stdout.readline().strip()


def test_staging_left_by_a_killed_run_is_cleared_by_the_next_while_a_live_runs_is_kept(ctx, tmp_path):
    store = ctx.settings.store_dir
    killed, killed_run = _claim_staging(store)
    live, live_run = _claim_staging(store)
    legacy = store / ".staging" / "0123abcd" / ("0" * 64)  # written by a version that kept no lock
    legacy.mkdir(parents=True)
    (legacy / "document.pdf").write_bytes(b"%PDF-")
    try:
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        assert (store / ".staging" / killed_run / "page-0001.png").exists()

        r = ingest(ctx, save(render_page(), tmp_path / "a.png"))["a.png"]

        assert r.status == "ok"
        left = sorted(p.name for p in (store / ".staging").iterdir())
        assert left == [live_run, live_run + ".lock"]  # the killed run's and the legacy folder are gone
        assert (store / ".staging" / live_run / "page-0001.png").read_bytes() == b"half-written"
    finally:
        for proc in (killed, live):
            proc.kill()
            proc.wait()


def test_earchive_ingest_marks_the_new_documents_classification(db_url, tmp_path):
    """`earchive ingest --classification LEVEL --secrecy MARK` (#16 item 10): the new document carries the level
    and mark as its first marking, logged as a permission change; when the command ends the search index ranks
    it at that level, so someone cleared to 内部 does not find it; a later duplicate keeps the marking it has."""
    from access_control.models import AccessLogRecord
    from indexer.base import PermissionFilter, SearchQuery

    folder = tmp_path / "in"
    folder.mkdir()
    scan = save(render_page(["询问笔录", "被询问人：钱样例", "合成测试文书 秘密级"]), folder / "询问笔录.png")
    env = {**os.environ, "EARCHIVE_DATA_DIR": str(tmp_path / "var"), "EARCHIVE_DATABASE_URL": db_url}
    earchive = str(Path(sys.executable).parent / "earchive")

    def ingest_cli(*args: str) -> dict:
        run = subprocess.run([earchive, "ingest", *args, "--jobs", "1", "--json"], env=env, capture_output=True,
                             text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        [line] = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
        return line

    def found(cleared_to: str) -> int:
        ctx = open_context(Settings(data_dir=tmp_path / "var", database_url=db_url))
        try:
            return ctx.search.search(SearchQuery("钱样例", permission=PermissionFilter(None, cleared_to))).total
        finally:
            ctx.close()

    first = ingest_cli(str(folder), "--classification", "confidential", "--secrecy", "trade_secret")
    assert first["status"] == "ok" and first["sha256"] == sha256_file(scan)
    assert (found("internal"), found("confidential")) == (0, 1)  # the index knows, with no worker to drain it
    assert ingest_cli(str(scan), "--classification", "public")["status"] == "duplicate"

    ctx = open_context(Settings(data_dir=tmp_path / "var", database_url=db_url))
    try:
        with ctx.db.session() as s:
            doc = s.get(Document, first["document_id"])
            assert (doc.classification, doc.secrecy) == ("confidential", ["trade_secret"])
            [entry] = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "permission_change")).all()
        assert (entry.role, entry.record_id, entry.detail["at_ingest"]) == ("operator", doc.id, True)
        assert entry.detail["classification"] == ["internal", "confidential"]
    finally:
        ctx.close()
    assert (found("internal"), found("confidential")) == (0, 1)


def test_a_document_marked_at_ingest_is_never_committed_below_its_level(ctx, tmp_path):
    """The marking is applied in the transaction that finishes the document, before it is queued for the
    index: no moment exists in which a worker draining the outbox could index it as 内部."""
    seen: list[tuple[str, str]] = []

    def mark(session, document) -> None:
        document.classification = "secret"

    def check(result) -> None:  # runs after the document's transaction committed
        with ctx.db.session() as s:
            doc = s.get(Document, result.document_id)
            seen.append((doc.status, doc.classification))

    scan = save(render_page(["询问笔录", "被询问人：孙样例", "合成测试文书 机密级"]), tmp_path / "a.png")
    _, [result] = ingest_sources(ctx, collect_sources([scan], False), on_new_document=mark, on_result=check)
    assert result.status == "ok" and seen == [("ok", "secret")]
