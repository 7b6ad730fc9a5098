"""A case number is accepted in any written form wherever a person types one (#13 item 6), through Flask's
test client: the search filter, 承办案件 in the admin pages, the slip form and the audit filter (the last two
also in Chromium, tests/test_records_office_browser.py).

测住建罚（2024）0012号, 测住建罚(2024)第12号 and 测住建罚[2024]12号 are all 测住建罚〔2024〕12号.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from access_control.models import CaseHandler
from access_control.users import create_user
from indexer.outbox import load_indexed_documents
from records.models import Case, Document, User
from test_review_flow import app, archivist, seed  # noqa: F401 (fixtures)
from test_web_flow import PASSWORD, fast_password_hashing, login  # noqa: F401 (fixture)

VARIANTS = ["测住建罚（2024）0012号", "测住建罚(2024)第12号", "测住建罚[2024]12号", "测住建罚〔2024〕第012号"]


@pytest.fixture
def indexed(ctx, seed) -> set[int]:
    with ctx.db.session() as s:
        ids = list(s.scalars(select(Document.id)))
        ctx.search.upsert(list(load_indexed_documents(s, ids).values()))
        case_id = s.scalar(select(Case.id).where(Case.case_no == "测住建罚〔2024〕12号"))
        return set(s.scalars(select(Document.id).where(Document.case_id == case_id)))


@pytest.mark.parametrize("typed", VARIANTS)
def test_the_search_filter_takes_any_written_form(archivist, indexed, typed):
    page = archivist.get("/search", query_string={"case_no": typed}).text
    found = {int(i) for i in re.findall(r'class="hit-title" href="/documents/(\d+)\?', page)}
    assert found == indexed and len(indexed) >= 3


@pytest.fixture
def admin(app, ctx):
    with ctx.db.transaction() as s:
        create_user(s, "admin", PASSWORD, "管理员", "admin", None, "top_secret")
    client = app.test_client()
    assert login(client, "admin").status_code == 302
    return client


@pytest.mark.parametrize("typed", VARIANTS[:2])
def test_a_handled_case_is_named_by_its_number_in_any_written_form(admin, ctx, typed):
    with ctx.db.session() as s:
        officer = s.scalar(select(User.id).where(User.username == "officer"))
        case_id = s.scalar(select(Case.id).where(Case.case_no == "测住建罚〔2024〕12号"))
    form = admin.get(f"/admin/users/{officer}").text
    assert 'name="case_no"' in form and "案号" in form
    response = admin.post(f"/admin/users/{officer}/cases", data={"case_no": typed}, follow_redirects=True)
    assert "已将案件 测住建罚〔2024〕12号 登记为 王执法 承办" in response.text
    with ctx.db.session() as s:
        assert s.scalar(select(CaseHandler.case_id).where(CaseHandler.user_id == officer)) == case_id


def test_a_number_of_no_case_is_refused_by_name(admin, ctx):
    with ctx.db.session() as s:
        officer = s.scalar(select(User.id).where(User.username == "officer"))
    response = admin.post(f"/admin/users/{officer}/cases", data={"case_no": "测住建罚（2024）0099号"},
                          follow_redirects=True)
    assert "没有案号为 测住建罚（2024）0099号 的案件" in response.text
    with ctx.db.session() as s:
        assert s.scalar(select(CaseHandler.case_id).where(CaseHandler.user_id == officer)) is None
