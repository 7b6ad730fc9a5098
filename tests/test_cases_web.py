"""Case files, checks and statistics in the web app (Flask's test client), under the access policy."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from records.models import Case
from test_review_flow import app, archivist, seed  # noqa: F401 (fixtures)
from test_web_flow import fast_password_hashing, login  # noqa: F401 (fixture)


@pytest.fixture
def officer(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert login(client, "officer").status_code == 302
    return client


@pytest.fixture
def case_id(ctx) -> int:
    with ctx.db.session() as s:
        return s.scalar(select(Case.id).where(Case.case_no == "测住建罚〔2024〕12号"))


def test_case_list_shows_completeness_and_score(archivist, case_id):
    page = archivist.get("/casefiles/").text
    assert f'href="/casefiles/{case_id}"' in page and "测住建罚〔2024〕12号" in page
    assert "一般程序行政处罚" in page and "（否决）" in page  # no service receipt: a veto item


def test_case_file_page_lists_contents_findings_with_articles_and_the_score(archivist, case_id):
    page = archivist.get(f"/casefiles/{case_id}").text
    toc = re.findall(r'<td><a href="/documents/\d+">([^<]+)</a></td>', page)
    assert toc == ["立案审批表", "询问笔录", "行政处罚决定书"]
    assert "缺少送达回证" in page
    assert "（依据：鹿泉区住建局行政执法全过程记录制度 第十三条；易县公安局行政执法全过程记录实施办法 第二十四条）" in page
    assert "missing:service" not in page.split("<main", 1)[1].replace('data-code="missing:service"', "")
    assert "案卷评查：0 / 100 分（一票否决）" in page
    assert "导出案卷 PDF/A" in page and "立卷归档" in page


def test_an_officer_sees_no_case_file_review_and_cannot_archive(officer, case_id):
    """The case-file review (score, findings, hidden documents) is for the reviewing roles (#16 §0.7)."""
    for path in (f"/casefiles/{case_id}", "/casefiles/", "/casefiles/checks", "/casefiles/stats",
                 "/casefiles/stats.json"):
        response = officer.get(path)
        assert response.status_code == 403 and "卷内目录" not in response.text and " / 100 分" not in response.text, path
    assert officer.post(f"/casefiles/{case_id}/archive").status_code == 403
    assert officer.get(f"/cases/{case_id}").status_code == 200  # the case page itself stays theirs
    assert "案卷与审核" not in officer.get("/search").text  # and the menu offers none


def test_every_reviewing_role_finds_the_case_files_in_the_menu(app: Flask, ctx) -> None:
    from access_control.users import create_user
    from records.models import Unit
    from test_web_flow import PASSWORD

    with ctx.db.transaction() as s:
        unit = s.scalar(select(Unit.id))
        create_user(s, "legal", PASSWORD, "钱法制", "legal_reviewer", unit, "internal")
        create_user(s, "head", PASSWORD, "孙负责", "head", unit, "internal")
    for username in ("archivist", "legal", "head"):
        client = app.test_client()
        assert login(client, username).status_code == 302
        assert 'href="/casefiles/"' in client.get("/search").text, username


def test_checks_page_lists_missing_and_late_items_per_case(archivist):
    page = archivist.get("/casefiles/checks").text
    assert "缺少送达回证" in page and "依据：鹿泉区住建局行政执法全过程记录制度 第十三条" in page
    assert "案件于2024-03-20终结（《行政处罚决定书》），至今未立卷归档" in page  # it has its decision


def test_statistics_page_has_inline_charts_and_a_json_export(archivist):
    page = archivist.get("/casefiles/stats")
    assert page.status_code == 200 and page.text.count("<svg") >= 8 and "<script" not in page.text.split("</main>")[0]
    assert "案卷完整率" in page.text
    data = archivist.get("/casefiles/stats.json").json
    assert data["documents"]["total"] == 4
    assert {r["key"]: r["count"] for r in data["documents"]["by_doc_type"]} == {"行政处罚决定书": 2, "立案审批表": 1,
                                                                                 "询问笔录": 1}
    assert {r["key"] for r in data["documents"]["by_stage"]} == {"程序启动", "调查取证", "审查决定"}
    cases = data["cases"]
    assert cases["total"] == 1 and cases["completeness_rate"] == 0.0
    assert cases["most_missing"][0]["key"] in ("送达回证", "权利（事先）告知书")


def test_statistics_count_what_the_review_queue_holds(archivist):
    queue = archivist.get("/casefiles/review").text
    waiting = int(re.search(r"待审核文书 (\d+) 份", queue).group(1))
    assert waiting > 0  # the seeded case has documents waiting
    assert archivist.get("/casefiles/stats.json").json["documents"]["waiting_for_review"] == waiting
