"""Verification before release (#14 §4): a release from which anything hidden can be read back is blocked, naming
page and type but never the string; a clean one passes and records what was checked."""
from __future__ import annotations

import io
import json
import re

import pikepdf
import pytest
from fpdf import FPDF
from fpdf.enums import TextMode

from access_control.copies import cjk_font
from redaction.burn import RedactedPage, build_release_pdf
from redaction.kinds import Kind, Reason
from redaction.plan import Entry
from redaction.verify import ReleaseBlocked, normalise, raise_if_blocked, verify_release
from tests.test_redaction_burn import FOOTER, ID, MARK, PHONE, Sheet, sheet

APPLICANT_PHONE = "13800009999"
LINES = ["当事人：测试甲", f"身份证号：{ID}", f"联系电话：{PHONE}", f"申请人电话：{APPLICANT_PHONE}",
         "案由：未按规定设置围挡"]
HIDDEN = [(Kind.name, "测试甲"), (Kind.id_number, ID), (Kind.phone, PHONE)]


def detect(page_no: int, words: list[dict]) -> list[tuple[Kind, str]]:
    """A stand-in for the project's detectors (redaction/detect, the caller's): mobile numbers and ID numbers."""
    text = "".join(w["text"] for w in words)
    found = [(Kind.phone, m) for m in re.findall(r"1[3-9]\d{9}", text)]
    return found + [(Kind.id_number, m) for m in re.findall(r"\d{17}[\dX]", text)]


def _page() -> Sheet:
    return sheet(LINES, ["测试甲", ID, PHONE])


def _clean(page: Sheet) -> bytes:
    entries = (page.entry("测试甲", Kind.name), page.entry(ID, Kind.id_number), page.entry(PHONE, Kind.phone))
    return build_release_pdf([RedactedPage(page.image, 300, entries)], mark=MARK, footer=FOOTER)


def _assert_silent(error_or_json: str) -> None:
    """Nothing of a hidden string in a message or record: no name, no six digits of a number."""
    assert "测试甲" not in error_or_json
    for number in (ID, PHONE):
        assert not any(number[i:i + 6] in error_or_json for i in range(len(number) - 5))


def test_a_clean_release_passes_and_records_what_was_verified():
    data = _clean(_page())
    verification = verify_release(data, HIDDEN, allowed={APPLICANT_PHONE, "测试申请人"}, detect=detect)
    assert verification.passed, verification.to_json()
    raise_if_blocked(verification)
    checked = json.loads(json.dumps(verification.checked))
    assert checked["pages"] == 1 and checked["revisions"] == 1 and checked["strings_checked"] == 3
    assert checked["ocr"]["engine"] == "rapidocr" and "PP-OCR" in checked["ocr"]["version"]
    assert checked["ocr"]["images"] == 1 and checked["ocr"]["characters"] > 20
    assert checked["ocr"]["detections"] >= 1  # the applicant's own number was seen, and allowed
    assert checked["text_characters"] == {"pdfminer": 0, "pdfium": 0}
    assert checked["objects"] > 0 and checked["duration_s"] >= 0 and checked["passed"] is True
    _assert_silent(json.dumps(verification.to_json(), ensure_ascii=False))

    # The applicant's number is personal data the detectors find: shown only because the caller allows it.
    blocked = verify_release(data, HIDDEN, allowed={"测试申请人"}, detect=detect)
    assert [(f.page, f.kind, f.where, f.match) for f in blocked.findings] == [(1, Kind.phone, "ocr", "detected")]


def test_a_box_that_missed_the_number_blocks_the_release_naming_page_and_type_only():
    page = _page()
    x0, y0, x1, y1 = page.boxes[ID]
    short = (x0 + (x1 - x0) * 3 // 4, y0, x1, y1)  # the box covers only the number's last quarter
    entries = (page.entry("测试甲", Kind.name),
               Entry(document_id=1, kind=Kind.id_number, reason=Reason.privacy, page_no=1, box=short, text=ID))
    ok_page = RedactedPage(page.image, 300, (page.entry("测试甲", Kind.name), page.entry(ID, Kind.id_number),
                                             page.entry(PHONE, Kind.phone)))
    data = build_release_pdf([ok_page, RedactedPage(page.image, 300, entries)], mark=MARK, footer=FOOTER)

    verification = verify_release(data, HIDDEN, allowed={APPLICANT_PHONE}, detect=detect)
    assert not verification.passed
    found = {(f.page, f.kind, f.where) for f in verification.findings}
    assert (2, Kind.id_number, "ocr") in found and (2, Kind.phone, "ocr") in found  # partly seen; not boxed
    assert not [f for f in verification.findings if f.page == 1]
    with pytest.raises(ReleaseBlocked) as blocked:
        raise_if_blocked(verification)
    message = blocked.value.message
    assert "第 2 页" in message and "身份证号" in message and "电话号码" in message and "审核遮盖方案" in message
    _assert_silent(message)
    _assert_silent(json.dumps(verification.to_json(), ensure_ascii=False))


def _with_text_layer(data: bytes, text: str) -> bytes:
    """The release with an invisible text layer over its first page, as an OCR'd original has."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        layer = FPDF(unit="pt", format=(width, height))
        layer.add_font("cjk", fname=str(cjk_font()))
        layer.add_page()
        layer.set_font("cjk", size=10)
        layer.text_mode = TextMode.INVISIBLE
        layer.text(20, 40, text)
        with pikepdf.open(io.BytesIO(bytes(layer.output()))) as overlay:
            pdf.pages[0].add_overlay(overlay.pages[0])
            out = io.BytesIO()
            pdf.save(out)
    return out.getvalue()


def test_an_original_text_layer_left_under_the_boxes_is_found_by_both_extractors():
    data = _with_text_layer(_clean(_page()), f"当事人：测试甲 身份证号：{ID}")
    verification = verify_release(data, HIDDEN, reocr=False)
    found = {(f.page, f.kind, f.where, f.detail) for f in verification.findings}
    for extractor in ("pdfminer", "pdfium"):
        assert (1, Kind.id_number, "text", extractor) in found and (1, Kind.name, "text", extractor) in found
    assert verification.checked["ocr"] is None


def test_hidden_data_in_metadata_or_an_attachment_blocks_the_release():
    with pikepdf.open(io.BytesIO(_clean(_page()))) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:description"] = "当事人测试甲"
        pdf.docinfo["/Contact"] = f"联系电话 {PHONE}"
        pdf.attachments["party.txt"] = pikepdf.AttachedFileSpec(pdf, f"身份证号 {ID}".encode("gbk"))
        out = io.BytesIO()
        pdf.save(out)
    verification = verify_release(out.getvalue(), HIDDEN, reocr=False)
    found = {(f.kind, f.where) for f in verification.findings}
    assert {(Kind.phone, "metadata"), (Kind.name, "metadata"), (Kind.id_number, "attachment")} <= found
    assert (None, "structure") in found  # an attachment has no place in a release at all
    with pytest.raises(ReleaseBlocked) as blocked:
        raise_if_blocked(verification)
    assert "元数据" in blocked.value.message and "附件" in blocked.value.message
    _assert_silent(blocked.value.message)


def test_an_earlier_revision_still_holding_the_number_blocks_the_release():
    with pikepdf.open(io.BytesIO(_clean(_page()))) as pdf:
        pdf.docinfo["/Subject"] = f"联系电话 {PHONE}"
        first = io.BytesIO()
        pdf.save(first, object_stream_mode=pikepdf.ObjectStreamMode.generate)  # compressed: not in the raw bytes
        root = pdf.Root.objgen[0]
    original = first.getvalue()
    assert PHONE.encode() not in original
    with pikepdf.open(io.BytesIO(original)) as pdf:
        size = int(pdf.trailer.Size)
    prev = int(re.findall(rb"startxref\s+(\d+)", original)[-1])
    # An incremental update that points /Info at a new, clean dictionary: a viewer sees no number.
    body = b"\n%d 0 obj\n<< /Producer (earchive) >>\nendobj\n" % size
    xref = (b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (size, len(original) + 1) +
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (size + 1, root, size, prev, len(original) + len(body)))
    updated = original + body + xref
    with pikepdf.open(io.BytesIO(updated)) as pdf:
        assert str(pdf.docinfo["/Producer"]) == "earchive" and "/Subject" not in pdf.docinfo

    verification = verify_release(updated, HIDDEN, reocr=False)
    assert verification.checked["revisions"] == 2
    found = {(f.kind, f.where, f.detail) for f in verification.findings}
    assert (Kind.phone, "revision", "docinfo") in found and (None, "structure", "revisions") in found


def test_hidden_strings_are_compared_normalised():
    assert normalise("１３８ 0000-4567") == "13800004567"
    assert normalise("测试 甲，") == "测试甲"
    spaced = _with_text_layer(_clean(_page()), f"电话 {PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}")
    assert [(f.kind, f.where) for f in verify_release(spaced, HIDDEN, reocr=False).findings][:1] == \
        [(Kind.phone, "text")]
    # A one-character name is no finding (a surname alone names no one); nor is text not hidden.
    assert verify_release(_clean(_page()), [(Kind.name, "测")], reocr=False).passed


def test_what_was_verified_reads_as_one_line_and_a_block_lists_its_findings_without_text():
    data = _with_text_layer(_clean(_page()), f"身份证号：{ID}")
    verification = verify_release(data, HIDDEN, reocr=False)
    assert "1 页" in verification.summary() and "发现" in verification.summary()
    with pytest.raises(ReleaseBlocked) as blocked:
        raise_if_blocked(verification)
    listed = blocked.value.findings_json()
    assert {"where": "text", "kind": "id_number", "page": 1, "match": "whole", "detail": "pdfminer"} in listed
    _assert_silent(json.dumps(listed, ensure_ascii=False) + verification.summary())


def test_a_long_run_of_a_hidden_number_or_code_is_a_partial_finding():
    code = "92420100MA4K8TEST1"  # synthetic 统一社会信用代码 of an 个体工商户
    hidden = [(Kind.credit_code, code), (Kind.bank_card, "6222020000001234567")]
    data = _with_text_layer(_clean(_page()), f"代码 {code[:14]}（后略） 卡号 6222 0200 00")
    found = {(f.kind, f.match) for f in verify_release(data, hidden, reocr=False).findings}
    assert (Kind.credit_code, "partial") in found  # 14 of 18 characters
    assert (Kind.bank_card, "partial") not in found  # 10 of 19 digits do not give the card away


def test_a_number_the_proposal_kept_is_recognised_by_its_digits_and_a_different_one_still_blocks():
    """The agency's own number, kept by the proposal on the page as ingest read it, may be read again with a digit
    lost under a seal; a number that is not the kept one is still personal data left visible."""
    data = _clean(_page())
    kept_as_ingest_read = APPLICANT_PHONE[:3] + "-" + APPLICANT_PHONE[3:7] + "-" + APPLICANT_PHONE[7:-1] + "8"
    assert verify_release(data, HIDDEN, allowed={kept_as_ingest_read}, detect=detect).passed
    blocked = verify_release(data, HIDDEN, allowed={"13800001111"}, detect=detect)
    assert [(f.kind, f.match) for f in blocked.findings] == [(Kind.phone, "detected")]
