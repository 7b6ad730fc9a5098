"""PP-OCR on either runtime: OpenVINO by default, ONNX Runtime by setting or by scanner profile, the same text.

Real models on both runtimes, real ingest through the OCR workers.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select

from context import AppContext
from earchive.settings import Settings
from ingest.service import ingest_sources
from ingest.sources import collect_sources
from ocr.engines import rapidocr_page
from ocr.ppocr import RUNTIMES, model_cache_dir
from records.db import upgrade_database
from records.models import Document, Page
from samples import Degrade, build_case, build_document, render_document
from tests.scans import render_page, save


def _degraded_page(tmp_path: Path) -> Path:
    """A whole synthetic A4 decision, scanned at 300 dpi with noise, skew and a seal over its text."""
    rng = random.Random(7)
    spec = build_document("penalty_decision", build_case(70_003))
    spec.pages = spec.pages[:1]
    doc = render_document(spec, dpi=300, degrade=Degrade.scanned(rng), seed=70_003, mode="RGB")
    path = tmp_path / "decision.png"
    doc.images[0].save(path, format="PNG", dpi=(300, 300))
    return path


def test_both_runtimes_read_the_same_text_and_word_boxes(tmp_path):
    # Seal ink left in, as the bare engine sees it: where OpenVINO computed in bfloat16 (its default on CPUs
    # with AVX512-BF16 or AMX), its reading of the stamped lines differed from ONNX Runtime's.
    path = _degraded_page(tmp_path)
    pages = {runtime: rapidocr_page(path, 300, seal_dropout=False, runtime=runtime) for runtime in RUNTIMES}
    openvino, onnxruntime = pages["openvino"], pages["onnxruntime"]
    assert "行政处罚决定书" in openvino.text_raw.replace(" ", "")
    assert openvino.text_raw.splitlines() == onnxruntime.text_raw.splitlines()
    assert [w["box"] for w in openvino.words_json()] == [w["box"] for w in onnxruntime.words_json()]


_AFFINITY_WHILE_READING = """
import json, os, sys, threading, time
from pathlib import Path
from ocr import ppocr
from ocr.engines import rapidocr_page
ppocr.engine("openvino")  # loaded (compiled) first: loading may pin for a moment, reading must not
main, seen, done = threading.get_native_id(), set(), threading.Event()
def watch():
    while not done.is_set():
        with open(f"/proc/self/task/{main}/status") as f:
            seen.add(f.read().split("Cpus_allowed_list:")[1].split()[0])
        time.sleep(0.002)
watcher = threading.Thread(target=watch)
watcher.start()
rapidocr_page(Path(sys.argv[1]), 300, runtime="openvino")
done.set()
watcher.join()
with open("/proc/self/status") as f:
    print(json.dumps([f.read().split("Cpus_allowed_list:")[1].split()[0], sorted(seen)]))
"""


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_the_detectors_input_normalised_by_table_is_the_packages_own_to_the_bit(tmp_path, runtime, mode):
    """ocr.ppocr normalises the detector's input by a lookup table instead of the package's float64
    arithmetic; the array the model gets must be the package's own, element for element and bit for bit,
    for the engine's detector and the orientation preview's (other limits), on a colour and a grey scan."""
    import importlib

    import cv2
    import numpy as np

    from ocr import ppocr
    from ocr.engines import read_pixels

    path = _degraded_page(tmp_path)
    if mode == "L":
        from PIL import Image

        with Image.open(path) as im:
            im.convert("L").save(path, dpi=(300, 300))
    pixels = read_pixels(path)
    if pixels.ndim == 2:  # rapidocr turns grey pages into BGR before detection, as here
        pixels = cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR)
    package = importlib.import_module(f"{ppocr._PACKAGE[runtime]}.ch_ppocr_det")
    for detector in (ppocr.engine(runtime).text_det, ppocr.detector(runtime, limit_type="max", limit_side_len=768)):
        side = max(pixels.shape[:2])
        ours = detector.get_preprocess(side)(pixels)
        theirs = package.TextDetector.get_preprocess(detector, side)(pixels)  # the class's method: no table
        assert ours.dtype == theirs.dtype == np.float32
        assert ours.shape == theirs.shape
        assert ours.tobytes() == theirs.tobytes()


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="pinning to one core is invisible on one core")  # reason ok: every machine here has 2
def test_openvino_leaves_an_ocr_worker_free_to_run_on_every_core(tmp_path):
    # OpenVINO's default pins the thread that runs a model, here a worker's main thread, to the first core
    # of its mask while it infers: every worker process on core 0. Watched from a second thread of a fresh
    # process, as /proc shows the main thread's allowed cores.
    scan = save(render_page(), tmp_path / "scan.png")
    out = subprocess.run([sys.executable, "-c", _AFFINITY_WHILE_READING, str(scan)], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).resolve().parents[1]).stdout
    process_cores, seen_while_reading = json.loads(out.strip().splitlines()[-1])
    assert seen_while_reading == [process_cores]


def _settings(root: Path, **values) -> Settings:
    settings = Settings(data_dir=root, database_url=f"sqlite:///{root / 'earchive.db'}", **values)
    upgrade_database(settings.database_url)
    return settings


def _ingest_one(settings: Settings, scan: Path, profile: str | None = None) -> tuple[str, str]:
    """The page text and the PDF/A's Creator (which names the engine and runtime that read it)."""
    ctx = AppContext(settings)
    try:
        _, [result] = ingest_sources(ctx, collect_sources([scan], False), profile=profile)
        assert result.status == "ok", result.error
        with ctx.db.session() as s:
            doc = s.get(Document, result.document_id)
            text = s.scalars(select(Page.text_raw).where(Page.document_id == doc.id)).one()
            with pikepdf.open(ctx.store.derived_path(doc.sha256, "document.pdf")) as pdf:
                creator = str(pdf.docinfo["/Creator"])
        return text, creator
    finally:
        ctx.close()


@pytest.mark.slow
def test_the_runtime_is_openvino_unless_the_setting_or_the_profile_says_onnxruntime(tmp_path, monkeypatch):
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "office-onnx.yaml").write_text(
        "title: 测试扫描仪（ONNX Runtime）\nengine: rapidocr\nppocr_runtime: onnxruntime\n", encoding="utf-8")
    monkeypatch.setenv("EARCHIVE_PROFILE_DIR", str(profiles))
    scan = save(render_page(), tmp_path / "scan.png")

    default = _settings(tmp_path / "default")
    text, creator = _ingest_one(default, scan)
    assert "rapidocr-openvino" in creator and "f32" in creator, creator
    assert "张测试" in text.replace(" ", "")
    # The compiled models are kept under the data dir, so the next worker need not compile them.
    assert list(model_cache_dir(default.data_dir).glob("*.blob"))

    by_setting = _settings(tmp_path / "by-setting", ppocr_runtime="onnxruntime")
    by_profile = _settings(tmp_path / "by-profile")  # the setting's default, OpenVINO, overridden by the profile
    for settings, profile in ((by_setting, None), (by_profile, "office-onnx")):
        onnx_text, onnx_creator = _ingest_one(settings, scan, profile)
        assert "rapidocr-onnxruntime" in onnx_creator, onnx_creator
        assert onnx_text == text
        assert not list(model_cache_dir(settings.data_dir).glob("*.blob"))  # OpenVINO was never loaded
