"""An OCR worker asks each tool for its version once, not once per document."""
import subprocess
import sys
from pathlib import Path

from ocrmypdf._exec import ghostscript, tesseract

from ocr.probes import remember_tool_versions
from ocr.tesslib import library_version

REPO = Path(__file__).resolve().parents[1]


def test_tool_versions_are_answered_from_memory_after_the_first_probe(monkeypatch):
    remember_tool_versions()
    remember_tool_versions()  # a second call changes nothing
    first = (tesseract.version(), ghostscript.version(), tesseract.get_languages())
    assert "chi_sim" in first[2]

    monkeypatch.setenv("PATH", "/nonexistent")  # no program can be started now
    assert (tesseract.version(), ghostscript.version(), tesseract.get_languages()) == first



def test_tesseract_s_version_is_the_library_s_that_reads_the_pages_and_starts_no_program():
    # A fresh process, so that no earlier probe is remembered; no program can be started in it.
    check = ("import os; os.environ['PATH'] = '/nonexistent'; from ocr.probes import remember_tool_versions; "
             "remember_tool_versions(); from ocrmypdf._exec import tesseract; print(tesseract.version())")
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == library_version()
