"""立卷归档 and what follows it, through Flask's test client: the confirmation, the reason an incomplete or
vetoed case file needs, where that reason is kept, and the fields locked afterwards.

The case is tests/test_review_flow.py's: 立案审批表, 询问笔录 and 行政处罚决定书 of 测住建罚〔2024〕12号,
with no 告知书 and no 送达回证, so the review scheme vetoes it (0/100). tests/test_review_browser.py
walks the same guard in Chromium.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from access_control.models import AccessLogRecord
from casefiles.models import CaseFile
from casefiles.review import FieldsLocked, Reviewer, confirm_field
from classify.models import ExtractedField
from records.models import Case
from test_review_flow import app, archivist, seed  # noqa: F401 (fixtures)
from test_web_flow import fast_password_hashing, login  # noqa: F401 (fixture)

CASE_NO = "测住建罚〔2024〕12号"


@pytest.fixture
def case_id(ctx) -> int:
    with ctx.db.session() as s:
        return s.scalar(select(Case.id).where(Case.case_no == CASE_NO))


def _case_file(ctx, case_id: int) -> CaseFile | None:
    with ctx.db.session() as s:
        return s.scalar(select(CaseFile).where(CaseFile.case_id == case_id))


def _archive_entries(ctx, case_id: int) -> list[AccessLogRecord]:
    with ctx.db.session() as s:
        return list(s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "archive",
                                                            AccessLogRecord.case_id == case_id)
                              .order_by(AccessLogRecord.seq)))


def test_the_case_page_asks_before_archiving(archivist, case_id):
    page = archivist.get(f"/casefiles/{case_id}").text
    assert f'href="/casefiles/{case_id}/archive"' in page  # a link to the confirmation, not a one-click form
    assert f'action="/casefiles/{case_id}/archive"' not in page
    confirm = archivist.get(f"/casefiles/{case_id}/archive").text
    assert "本案卷不符合归档条件" in confirm
    assert "不完整：一般程序行政处罚案卷缺少送达回证" in confirm
    assert "评查一票否决（缺少送达回证）" in confirm and "得分 0 / 100" in confirm
    assert re.search(r'<textarea id="note" name="note"[^>]*required', confirm)
    assert re.search(r'<input type="checkbox" id="confirm" name="confirm" value="yes" required', confirm)


def test_an_unconfirmed_post_archives_nothing(archivist, ctx, case_id):
    response = archivist.post(f"/casefiles/{case_id}/archive", data={"note": "理由"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/casefiles/{case_id}/archive")
    assert _case_file(ctx, case_id).status == "open"


def test_an_incomplete_vetoed_case_is_refused_without_a_reason_and_the_refusal_is_logged(archivist, ctx, case_id):
    response = archivist.post(f"/casefiles/{case_id}/archive", data={"confirm": "yes", "note": "  "},
                              follow_redirects=True)
    assert "不能直接归档" in response.text and "请填写归档说明" in response.text
    case_file = _case_file(ctx, case_id)
    assert case_file.status == "open" and case_file.archive_no is None
    refused = _archive_entries(ctx, case_id)[-1]
    assert refused.outcome == "denied" and refused.detail["reason"] == "no_reason_given"
    assert "评查一票否决（缺少送达回证），得分 0 / 100" in refused.detail["exceptions"]


def test_with_a_reason_it_is_archived_and_the_reason_is_kept_in_the_file_and_the_log(archivist, ctx, case_id):
    note = "当事人已注销，告知书与送达回证无法补正"
    response = archivist.post(f"/casefiles/{case_id}/archive", data={"confirm": "yes", "note": note},
                              follow_redirects=True)
    assert "已归档，档号 Z001-ZF·2024-D30-zf1-0001（附归档说明）" in response.text
    assert "归档说明" in response.text and note in response.text
    case_file = _case_file(ctx, case_id)
    assert (case_file.status, case_file.archive_note) == ("archived", note)
    assert "不完整：一般程序行政处罚案卷缺少权利（事先）告知书" in case_file.archive_exceptions
    entry = _archive_entries(ctx, case_id)[-1]
    assert entry.outcome == "allowed" and entry.detail["note"] == note
    assert entry.detail["archive_no"] == case_file.archive_no and entry.detail["exceptions"]
    assert f'href="/casefiles/{case_id}/archive"' not in response.text  # nothing left to archive


def _archive(archivist, case_id: int) -> None:
    archivist.post(f"/casefiles/{case_id}/archive", data={"confirm": "yes", "note": "测试：归档后锁定著录项"})


def test_after_archiving_no_field_can_be_confirmed_corrected_or_added(archivist, ctx, seed, case_id):
    _archive(archivist, case_id)
    with ctx.db.session() as s:
        cause = s.scalar(select(ExtractedField).where(ExtractedField.document_id == seed.approval,
                                                      ExtractedField.key == "cause.value"))
    page = archivist.get(f"/casefiles/review/{seed.approval}").text
    assert "著录项已锁定" in page
    assert 'name="action" value="confirm"' not in page and 'name="action" value="correct"' not in page
    url = f"/casefiles/review/{seed.approval}/fields/{cause.id}"
    for form in ({"action": "confirm"}, {"action": "correct", "value": "改动的案由"}):
        response = archivist.post(url, data=form, follow_redirects=True)
        assert "未保存" in response.text and "著录项已锁定" in response.text
    with ctx.db.session() as s:
        row = s.get(ExtractedField, cause.id)
        assert (row.status, row.value) == ("auto", cause.value)
    added = archivist.post(f"/casefiles/review/{seed.approval}/fields",
                           data={"key": "agency.name", "value": "另一个机关"}, follow_redirects=True)
    assert "著录项已锁定" in added.text
    with ctx.db.session() as s:  # each refused change is in the access log
        refused = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "review",
                                                          AccessLogRecord.record_id == seed.approval)).all()
        assert [(r.outcome, r.detail["action"]) for r in refused] == [
            ("denied", "confirm"), ("denied", "correct"), ("denied", "add")]
    # The lock is in the domain, not only in the web pages.
    with ctx.db.transaction() as s, pytest.raises(FieldsLocked):
        confirm_field(s, seed.approval, cause.id, Reviewer(None, "cli"))


def test_an_archived_case_leaves_the_review_queue(archivist, seed, case_id):
    before = archivist.get("/casefiles/review").text
    assert f'href="/casefiles/review/{seed.flagged}"' in before
    _archive(archivist, case_id)
    after = archivist.get("/casefiles/review").text
    assert f'href="/casefiles/review/{seed.flagged}"' not in after  # its fields can no longer be changed
