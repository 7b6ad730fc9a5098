"""tesseract read in the worker's own process reads as the `tesseract` command does."""
from __future__ import annotations

import os
import subprocess

import numpy as np
import pytest

from earchive.errors import MissingDependency
from ocr.engines import tesseract_page
from ocr.hocr import page_from_hocr
from ocr.tesslib import tesseract_for
from tests.scans import render_page, save


def _words(page) -> list[tuple[str, tuple[int, int, int, int]]]:
    return [(w.text, tuple(w.box)) for line in page.lines for w in line.words]


def test_the_loaded_engine_reads_the_same_words_and_boxes_as_the_command(tmp_path):
    scan = render_page()
    image = save(scan, tmp_path / "page.png")
    subprocess.run(["tesseract", str(image), str(tmp_path / "cli"), "-l", "chi_sim+eng", "--dpi", "300",
                    "-c", "hocr_char_boxes=1", "hocr"], check=True, capture_output=True,
                   env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    by_command = page_from_hocr((tmp_path / "cli.hocr").read_text(encoding="utf-8"), 300)

    in_process = tesseract_page(image, 300, ["chi_sim", "eng"], None, 60, seal_dropout=False,
                                pixels=np.asarray(scan))

    assert _words(in_process) and _words(in_process) == _words(by_command)
    assert (in_process.width, in_process.height) == scan.size


def test_colour_pixels_are_read_like_grey_ones():
    scan = render_page()
    grey = np.asarray(scan)
    bgr = np.repeat(grey[:, :, None], 3, axis=2)
    engine = tesseract_for(["chi_sim", "eng"])
    assert page_from_hocr(engine.read_hocr(bgr, 300, None, 60), 300).text_raw == \
        page_from_hocr(engine.read_hocr(grey, 300, None, 60), 300).text_raw


def test_a_page_past_its_time_limit_is_stopped_with_a_timeout():
    busy = np.asarray(render_page(size=(2480, 3508)))
    with pytest.raises(TimeoutError, match="longer than"):
        tesseract_for(["chi_sim", "eng"]).read_hocr(busy, 300, None, 0.001)
    # The engine stays usable for the next page.
    assert "行政处罚决定书" in page_from_hocr(
        tesseract_for(["chi_sim", "eng"]).read_hocr(np.asarray(render_page()), 300, None, 60), 300).text_raw.replace(" ", "")


def test_a_language_without_its_data_names_the_package_to_install():
    with pytest.raises(MissingDependency, match="tesseract-ocr-kor"):
        tesseract_for(["kor"])



def test_the_loaded_engine_lists_the_languages_the_command_lists():
    listed = subprocess.run(["tesseract", "--list-langs"], check=True, capture_output=True, text=True).stdout
    by_command = {line.strip() for line in listed.splitlines()[1:] if line.strip()}  # after its heading line
    assert {"chi_sim", "eng"} <= by_command
    assert tesseract_for(["chi_sim", "eng"]).available_languages() == by_command
