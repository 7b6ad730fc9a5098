"""The archivist's review queue through Flask's test client: confirm, correct, refuse a bad value, history.

Documents come from tests/test_cases_assembly.py's helper (typed text, real
rows and files, classified as ingest would); tests/test_review_browser.py
drives the same flow in Chromium.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from access_control.users import create_user
from classify.models import DocumentClassification, ExtractedField, FieldCorrection
from context import AppContext
from records.admin import ensure_unit
from records.models import Case, Document
from test_cases_assembly import APPROVAL, DECISION, INQUIRY, PARTY_ID, file_document
from test_web_flow import PASSWORD, fast_password_hashing, login, make_app  # noqa: F401 (fixture)

BAD_ID = PARTY_ID[:-1] + "1"  # the check digit of PARTY_ID is X


@dataclass
class ReviewSeed:
    unit: int
    flagged: int  # an inquiry record whose ID number fails its check digit
    approval: int
    decision: int
    unnumbered: int  # a decision whose case number is lost


def seed_review(ctx: AppContext, tmp: Path) -> ReviewSeed:
    with ctx.db.transaction() as s:
        unit = ensure_unit(s, "ZJJ", "测试市示例区住房和城乡建设局", "zf1", "执法一中队").id
        other = ensure_unit(s, "HB", "测试市示例区生态环境局", "hb1", "环境执法队").id
        create_user(s, "archivist", PASSWORD, "李档案", "archivist", unit, "confidential")
        create_user(s, "officer", PASSWORD, "王执法", "officer", unit, "internal")
        create_user(s, "outsider", PASSWORD, "赵执法", "officer", other, "internal")
    approval = file_document(ctx, tmp, unit, [APPROVAL], "立案审批表.png").id
    flagged = file_document(ctx, tmp, unit, [[line.replace(PARTY_ID, BAD_ID) for line in INQUIRY]], "询问笔录.png").id
    decision = file_document(ctx, tmp, unit, [DECISION], "决定书.png").id
    lost = [line for line in DECISION if "0012号" not in line and "当事人" not in line]
    unnumbered = file_document(ctx, tmp, unit, [lost], "无案号决定书.png").id
    return ReviewSeed(unit, flagged, approval, decision, unnumbered)


@pytest.fixture
def seed(ctx: AppContext, tmp_path: Path) -> ReviewSeed:
    return seed_review(ctx, tmp_path)


@pytest.fixture
def app(ctx: AppContext, seed: ReviewSeed) -> Flask:
    return make_app(ctx)


@pytest.fixture
def archivist(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert login(client, "archivist").status_code == 302
    return client


def _field(ctx: AppContext, document_id: int, key: str) -> ExtractedField:
    with ctx.db.session() as s:
        return s.scalar(select(ExtractedField).where(ExtractedField.document_id == document_id,
                                                     ExtractedField.key == key))


def _id_field(ctx: AppContext, document_id: int) -> ExtractedField:
    with ctx.db.session() as s:
        return s.scalar(select(ExtractedField).where(ExtractedField.document_id == document_id,
                                                     ExtractedField.attr == "id_number"))


def test_the_queue_lists_what_needs_review_and_only_archivists_see_it(app, archivist, seed):
    page = archivist.get("/casefiles/review").text
    listed = {int(i) for i in re.findall(r'href="/casefiles/review/(\d+)"', page)}
    assert seed.flagged in listed and seed.unnumbered in listed and seed.approval not in listed
    assert "身份证号校验位不符" in page
    officer = app.test_client()
    login(officer, "officer")
    assert officer.get("/casefiles/review").status_code == 403
    assert officer.get(f"/casefiles/review/{seed.flagged}").status_code == 403


def test_the_review_page_shows_the_scan_with_a_box_per_value(archivist, ctx, seed):
    page = archivist.get(f"/casefiles/review/{seed.flagged}").text
    field = _id_field(ctx, seed.flagged)
    assert f'src="/documents/{seed.flagged}/pages/1/image"' in page
    rects = re.findall(r'<rect data-field="(\d+)" class="([^"]*)"', page)
    assert (str(field.id), "flagged status-auto") in rects
    assert f'id="field-{field.id}"' in page and "身份证号校验位不符" in page
    assert f'value="{BAD_ID}"' not in page  # a failed number is not offered as the value…
    assert BAD_ID in page  # …but shown as read


def test_a_corrected_number_is_checked_before_it_is_stored(archivist, ctx, seed):
    field = _id_field(ctx, seed.flagged)
    url = f"/casefiles/review/{seed.flagged}/fields/{field.id}"
    refused = archivist.post(url, data={"action": "correct", "value": BAD_ID}, follow_redirects=True)
    assert "未保存" in refused.text and "校验位不符" in refused.text
    assert _id_field(ctx, seed.flagged).status == "auto"
    response = archivist.post(url, data={"action": "correct", "value": PARTY_ID.lower()})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#field-{field.id}")
    row = _id_field(ctx, seed.flagged)
    assert (row.value, row.status) == (PARTY_ID, "corrected")
    with ctx.db.session() as s:
        correction = s.scalars(select(FieldCorrection)).one()
        assert (correction.action, correction.old_value, correction.new_value, correction.username) == (
            "correct", None, PARTY_ID, "archivist")
        assert not s.get(DocumentClassification, seed.flagged).needs_review
        assert s.get(Document, seed.flagged).version > 1  # queued for the search index
    history = archivist.get(f"/casefiles/review/{seed.flagged}").text.split("审核记录", 1)[1]
    assert "<td>archivist</td>" in history and f"<td>{PARTY_ID}</td>" in history


def test_confirming_keeps_the_value_and_records_who(archivist, ctx, seed):
    field = _field(ctx, seed.approval, "cause.value")
    archivist.post(f"/casefiles/review/{seed.approval}/fields/{field.id}", data={"action": "confirm"})
    row = _field(ctx, seed.approval, "cause.value")
    assert (row.value, row.status) == (field.value, "confirmed")
    with ctx.db.session() as s:
        c = s.scalars(select(FieldCorrection)).one()
        assert (c.action, c.old_value, c.new_value) == ("confirm", field.value, field.value)


def test_a_lost_case_number_is_added_by_hand_and_files_the_document(archivist, ctx, seed):
    page = archivist.get(f"/casefiles/review/{seed.unnumbered}").text
    assert "补录" in page and 'name="key" value="case_no.value"' in page
    archivist.post(f"/casefiles/review/{seed.unnumbered}/fields",
                   data={"key": "case_no.value", "value": "测住建罚[2024]第12号"})
    with ctx.db.session() as s:
        doc = s.get(Document, seed.unnumbered)
        assert s.get(Case, doc.case_id).case_no == "测住建罚〔2024〕12号"
        assert doc.case_id == s.get(Document, seed.decision).case_id
        assert s.get(DocumentClassification, seed.unnumbered).case_link == "manual"


def test_a_corrected_document_type_changes_stage_and_title(archivist, ctx, seed):
    field = _field(ctx, seed.decision, "doc_type.value")
    archivist.post(f"/casefiles/review/{seed.decision}/fields/{field.id}",
                   data={"action": "correct", "value": "non_penalty_decision"})
    with ctx.db.session() as s:
        doc = s.get(Document, seed.decision)
        assert (doc.doc_type, doc.stage, doc.title) == ("non_penalty_decision", "decision", "不予行政处罚决定书")


def test_an_officer_of_another_agency_cannot_open_the_case_file(app, seed, ctx):
    with ctx.db.session() as s:
        case_id = s.scalars(select(Case.id)).first()
    outsider = app.test_client()
    login(outsider, "outsider")
    assert outsider.get(f"/casefiles/{case_id}").status_code == 403
    assert "测住建罚" not in outsider.get("/casefiles/").text
    assert outsider.get("/casefiles/stats.json").status_code == 403  # officers do not review case files
