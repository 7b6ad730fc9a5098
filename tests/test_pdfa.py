"""The PDF/A earchive writes passes veraPDF, the reference PDF/A validator, for each OCR engine.

ocrmypdf checks its own output only loosely; archives must meet ISO 19005, text
layer and embedded fonts included. veraPDF comes from EARCHIVE_TEST_VERAPDF_CP,
which scripts/test.sh sets (scripts/verapdf.sh); CI without it fails.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from ocr.pipeline import ocr_to_pdfa
from scanner_profiles import get_profile
from tests.scans import LINES, render_page, write_mixed_pdf, write_pdf

VERAPDF_VAR = "EARCHIVE_TEST_VERAPDF_CP"


@pytest.fixture(scope="session")
def verapdf_classpath() -> str:
    cp = os.environ.get(VERAPDF_VAR)
    if cp:
        return cp
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{VERAPDF_VAR} is not set: CI must run the suite through scripts/test.sh", pytrace=False)
    pytest.skip(f"{VERAPDF_VAR} is not set; run scripts/test.sh to validate PDF/A with veraPDF")  # reason ok: CI fails above


def test_each_engine_writes_a_valid_pdfa_2b(tmp_path: Path, verapdf_classpath: str):
    colour = render_page(LINES + ["送达时间：2024年3月5日"]).convert("RGB")
    colour.info["dpi"] = (300, 300)
    outputs = []
    for profile in ("office", "office-tesseract", "bulk-bilevel"):
        source = write_pdf([colour if profile != "bulk-bilevel" else colour.convert("1")], tmp_path / f"{profile}.pdf")
        out = tmp_path / f"{profile}-pdfa.pdf"
        ocr_to_pdfa(source, out, tmp_path / profile, get_profile(profile), page_timeout=120, max_image_mpixels=200)
        outputs.append(out)
    # A born-digital page makes ocrmypdf rasterise the document: those pages must pass as well.
    mixed = write_mixed_pdf(colour, ["询问笔录"], tmp_path / "mixed.pdf")
    ocr_to_pdfa(mixed, tmp_path / "mixed-pdfa.pdf", tmp_path / "mixed", get_profile("office"), page_timeout=120,
                max_image_mpixels=200)
    outputs.append(tmp_path / "mixed-pdfa.pdf")
    report = subprocess.run(["java", "-cp", verapdf_classpath, "org.verapdf.apps.GreenfieldCliWrapper",
                             "-f", "2b", "--format", "text", *map(str, outputs)],
                            capture_output=True, text=True, timeout=300)
    verdicts = [line for line in report.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert len(verdicts) == len(outputs), report.stdout + report.stderr
    assert all(v.startswith("PASS") for v in verdicts), report.stdout
