"""The sample generator: valid fictional identifiers, determinism, writers, CER."""
from __future__ import annotations

import json
import random
import re

import pikepdf
import pytest
from PIL import Image

from samples import (
    DOC_TYPES,
    Degrade,
    build_case,
    build_document,
    cer,
    generate_document,
    is_valid_credit_code,
    is_valid_id_number,
    levenshtein,
    render_document,
    write_jpegs,
    write_pdf,
    write_pngs,
    write_sample_set,
    write_tiff,
)
from samples.dates import format_date
from samples.identities import fake_credit_code, fake_id_number, id_check_char

ID_NUMBER = re.compile(r"身份证号[：\t](\d{17}[\dX])")
CREDIT_CODE = re.compile(r"统一社会信用代码[：\t]([0-9A-Z]{18})")


@pytest.fixture(scope="module")
def small_pages() -> list[Image.Image]:
    """Two rendered pages at the lowest dpi, shared by the writer tests."""
    spec = build_document("inquiry_record", build_case(11))
    return render_document(spec, dpi=150, seed=11).images


def test_id_check_digit_matches_published_example():
    # The worked example of GB 11643-1999, Annex A.
    assert id_check_char("11010519491231002") == "X"
    assert is_valid_id_number("11010519491231002X")
    assert not is_valid_id_number("110105194912310021")


def test_generated_id_numbers_are_valid_and_marked_fictional():
    rng = random.Random(3)
    for _ in range(200):
        gender = rng.choice("男女")
        number = fake_id_number(rng, gender)
        assert is_valid_id_number(number)
        sequence = int(number[14:17])
        assert 990 <= sequence <= 999
        assert (sequence % 2 == 1) == (gender == "男")


def test_generated_credit_codes_are_valid():
    rng = random.Random(4)
    codes = [fake_credit_code(rng) for _ in range(100)]
    assert all(is_valid_credit_code(c) for c in codes)
    assert not is_valid_credit_code(codes[0][:17] + ("0" if codes[0][17] != "0" else "1"))


@pytest.mark.parametrize("doc_type", sorted(DOC_TYPES))
def test_every_identifier_in_the_text_is_valid(doc_type):
    for seed in range(8):
        spec = build_document(doc_type, build_case(seed))
        for number in ID_NUMBER.findall(spec.text):
            assert is_valid_id_number(number), (doc_type, seed, number)
        for code in CREDIT_CODE.findall(spec.text):
            assert is_valid_credit_code(code), (doc_type, seed, code)


@pytest.mark.parametrize("doc_type", sorted(DOC_TYPES))
def test_documents_carry_their_case_facts(doc_type):
    case = build_case(21)
    spec = build_document(doc_type, case)
    assert spec.pages[0].split("\n")[0] == DOC_TYPES[doc_type]
    assert case.case_no in spec.text
    assert case.party.name in spec.text
    assert all(p.count("\n") < 60 for p in spec.pages)
    if spec.signature:
        assert spec.pages[-1].split("\n")[-len(spec.signature):] == spec.signature


def test_names_and_addresses_are_visibly_fictional():
    for seed in range(30):
        case = build_case(seed)
        people = [case.interviewee.name, case.reviewer, case.head, *(o.name for o in case.officers)]
        assert all(any(m in name for m in ("测", "样", "例", "某", "试")) for name in people)
        assert case.party.address.startswith("测试市")
        assert case.agency.name.startswith("测试市")
        assert case.device_no.startswith("DSJ-TEST-")
        assert case.party.phone.startswith("1380000")


def test_text_is_deterministic_by_seed():
    assert generate_document(5) == generate_document(5)
    assert generate_document(5).pages != generate_document(6).pages


def test_case_numbers_vary_in_bracket_style():
    numbers = {build_case(s).case_no for s in range(40)}
    assert {"〔", "[", "（"} <= {c for n in numbers for c in n}
    assert all(re.fullmatch(r"测\w+罚[〔\[（]\d{4}[〕\]）]第?\d+号", n) for n in numbers)


def test_chinese_numeral_dates():
    from datetime import date
    assert format_date(date(2024, 3, 5), "cn_numerals") == "二〇二四年三月五日"
    assert format_date(date(2023, 12, 31), "cn_numerals") == "二〇二三年十二月三十一日"
    assert format_date(date(2024, 10, 20), "cn_numerals") == "二〇二四年十月二十日"


def test_rendering_is_deterministic_and_ground_truth_matches_text():
    spec = build_document("penalty_decision", build_case(8))
    degrade = Degrade(skew_deg=1.5, background=0.1, blur_radius=0.6, noise_sigma=8, jpeg_quality=70)
    a = render_document(spec, dpi=150, degrade=degrade, seed=2)
    b = render_document(spec, dpi=150, degrade=degrade, seed=2)
    assert a.images[0].tobytes() == b.images[0].tobytes()
    assert a.images[0].size == (1240, 1754)  # A4 at 150 dpi
    # Wrapping and table cells move whitespace only: the characters are the page's text.
    assert cer(spec.pages[0].replace("\t", ""), a.ground_truth[0]) == 0.0


def test_table_pages_keep_every_cell_in_the_ground_truth():
    spec = build_document("service_receipt", build_case(9))
    rendered = render_document(spec, dpi=150, seed=1, mode="RGB")
    assert rendered.images[0].mode == "RGB"
    assert "送达回证" in rendered.ground_truth[0]
    assert cer(spec.pages[0], rendered.ground_truth[0]) == 0.0


def test_overlong_page_is_set_smaller_not_truncated():
    spec = build_document("penalty_decision", build_case(10))
    lines = spec.pages[0].split("\n")
    filler = ["以上内容为测试填充文字。" * 4] * 25
    spec.pages = ["\n".join(lines[:-2] + filler + lines[-2:])]
    rendered = render_document(spec, dpi=150, seed=0)
    assert cer(spec.pages[0], rendered.ground_truth[0]) == 0.0


def test_pdf_writer(tmp_path, small_pages):
    path = write_pdf(small_pages, tmp_path / "doc.pdf", dpi=150, jpeg_quality=80)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 2
        page = pdf.pages[0]
        width_pt = float(page.mediabox[2])
        image = next(iter(page.get_images().values()))
        assert round(int(image.Width) / (width_pt / 72)) == 150


@pytest.mark.parametrize("compression", ["group4", "tiff_lzw", "jpeg"])
def test_tiff_writer(tmp_path, small_pages, compression):
    path = write_tiff(small_pages, tmp_path / "doc.tif", dpi=150, compression=compression)
    with Image.open(path) as img:
        assert img.n_frames == 2
        assert tuple(round(d) for d in img.info["dpi"]) == (150, 150)
        assert img.info["compression"] == compression
        assert (img.mode == "1") == (compression == "group4")


def test_jpeg_and_png_writers_write_one_file_per_page(tmp_path, small_pages):
    jpegs = write_jpegs(small_pages, tmp_path / "doc", dpi=150)
    pngs = write_pngs(small_pages[:1], tmp_path / "single", dpi=150)
    assert [p.name for p in jpegs] == ["doc_p1.jpg", "doc_p2.jpg"]
    assert [p.name for p in pngs] == ["single.png"]
    for path in jpegs + pngs:
        with Image.open(path) as img:
            assert tuple(round(d) for d in img.info["dpi"]) == (150, 150)


def test_sample_set_is_small_mixed_and_described(tmp_path):
    files = write_sample_set(tmp_path, n_documents=6, seed=0)
    truth = json.loads((tmp_path / "ground_truth.json").read_text(encoding="utf-8"))["files"]
    assert sorted(p.name for p in files) == sorted(truth)
    assert {p.suffix for p in files} == {".pdf", ".tif", ".jpg", ".png"}
    assert sum(len(t["pages"]) for t in truth.values()) <= 10
    for path in files:
        expected = len(truth[path.name]["pages"])
        if path.suffix == ".pdf":
            with pikepdf.open(path) as pdf:
                assert len(pdf.pages) == expected
        else:
            with Image.open(path) as img:
                assert getattr(img, "n_frames", 1) == expected


def test_sample_set_is_deterministic(tmp_path):
    # Same bytes, hence the same sha256: reruns of the demo are recognised as duplicates.
    first = write_sample_set(tmp_path / "a", n_documents=1, seed=4)
    second = write_sample_set(tmp_path / "b", n_documents=1, seed=4)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_command_line_writes_a_sample_set(tmp_path, capsys):
    from samples.__main__ import main

    assert main([str(tmp_path), "--n", "1", "--seed", "3"]) == 0
    printed = capsys.readouterr().out.split()
    assert printed[-1].endswith("ground_truth.json")
    assert len(printed) == 2 and (tmp_path / "ground_truth.json").exists()


@pytest.mark.parametrize("reference, hypothesis, expected", [
    ("测试样例", "测试样例", 0.0),
    ("测 试\n样例", "测试样例", 0.0),
    ("测试样例", "测试样列", 0.25),
    ("测试样例", "测样例", 0.25),
    ("测试样例", "测试样例号", 0.25),
    ("案号", "", 1.0),
    ("", "", 0.0),
    ("ab", "abcd", 1.0),
])
def test_cer_on_known_pairs(reference, hypothesis, expected):
    assert cer(reference, hypothesis) == pytest.approx(expected)


def test_cer_can_fold_full_width_forms():
    assert cer("案号：１２", "案号:12") == pytest.approx(0.6)
    assert cer("案号：１２", "案号:12", fold_width=True) == 0.0


def test_levenshtein_agrees_with_textbook_cases():
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert levenshtein("flaw", "lawn") == 2
