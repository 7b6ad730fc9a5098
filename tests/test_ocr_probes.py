"""An OCR worker asks each tool for its version once, not once per document."""
from ocrmypdf._exec import ghostscript, tesseract

from ocr.probes import remember_tool_versions


def test_tool_versions_are_answered_from_memory_after_the_first_probe(monkeypatch):
    remember_tool_versions()
    remember_tool_versions()  # a second call changes nothing
    first = (tesseract.version(), ghostscript.version(), tesseract.get_languages())
    assert "chi_sim" in first[2]

    monkeypatch.setenv("PATH", "/nonexistent")  # no program can be started now
    assert (tesseract.version(), ghostscript.version(), tesseract.get_languages()) == first
