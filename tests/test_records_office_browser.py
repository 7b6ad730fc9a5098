"""The records office's side of #13 item 6 in a real browser (Debian's Chromium, driven by Playwright).

- A case number typed in any written form — （）, (), 〔〕 or [], with or without 第 and leading zeros —
  finds its case in the slip form and in the auditor's filter.
- Documents whose fields carry a problem tag, or that opened a case on their own, are in the review
  queue; 下一份待审核 walks only documents the archivist may open.
- 立卷归档 asks for confirmation, refuses an incomplete, vetoed case file without a reason, and locks
  its fields afterwards.

Set EARCHIVE_TEST_SCREENSHOTS to a folder to keep a screenshot of each page.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from browser import chromium_page, log_in, screenshot, served
from casefiles.models import CaseFile
from context import AppContext
from records.admin import ensure_unit
from records.models import Case
from test_cases_assembly import APPROVAL, INQUIRY, file_document
from test_review_flow import ReviewSeed, seed_review
from test_web_flow import PASSWORD, fast_password_hashing, make_app  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium_page(width=1440) as page:
        yield page


def _errors(page: Page) -> list[str]:
    problems: list[str] = []  # CSP violations and script errors show up here
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


# -- a case number in any written form: the slip form and the audit filter ----------------------------

@pytest.fixture
def slip_world(ctx: AppContext, tmp_path: Path):
    from test_slips_flow import seed_world

    return seed_world(ctx, tmp_path)


@pytest.fixture
def slip_base_url(ctx: AppContext, slip_world) -> Iterator[str]:
    with served(make_app(ctx, WTF_CSRF_ENABLED=True)) as url:
        yield url


def test_case_number_variants_in_the_slip_form_and_the_audit_filter(page: Page, slip_base_url: str,
                                                                    slip_world) -> None:
    base_url, world = slip_base_url, slip_world
    problems = _errors(page)
    assert world.case_nos["A1"] == "鹿住建罚〔2024〕10号"

    # The applicant writes the number as it is printed on their copy: other brackets, 第, a leading zero.
    log_in(page, base_url, "applicant", PASSWORD)
    page.goto(base_url + "/slips/new")
    page.get_by_label("执法机关").select_option(label="鹿泉区住建局")
    page.get_by_label("案号").fill("鹿住建罚（2024）第010号")
    page.get_by_label("身份证号").fill("11010519491231002X")
    page.get_by_label("事由").fill("申请行政复议，需要查阅处罚决定书")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("待审批")
    expect(page.locator("dd", has_text="鹿住建罚〔2024〕10号")).to_have_count(1)
    screenshot(page, "office-1-slip-by-variant")

    # A number of no case of that agency is still refused, with what to do.
    page.goto(base_url + "/slips/new")
    page.get_by_label("执法机关").select_option(label="鹿泉区住建局")
    page.get_by_label("案号").fill("鹿住建罚（2024）第099号")
    page.get_by_label("身份证号").fill("11010519491231002X")
    page.get_by_label("事由").fill("申请行政复议")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("未找到该案号")).to_be_visible()

    # The auditor filters the access log by another written form of the same number.
    auditor = page.context.browser.new_context(locale="zh-CN").new_page()
    log_in(auditor, base_url, "auditor", PASSWORD)
    auditor.goto(base_url + "/audit/")
    auditor.get_by_label("案号").fill("鹿住建罚[2024]0010号")
    auditor.get_by_role("button", name="筛选").click()
    rows = auditor.locator("table.log-table tbody tr")
    expect(rows.filter(has_text="提交调用单").filter(has_text="applicant")).to_have_count(1)
    screenshot(auditor, "office-2-audit-by-variant")
    auditor.get_by_label("案号").fill("鹿住建罚(2024)11号")  # another case: not the applicant's slip
    auditor.get_by_role("button", name="筛选").click()
    expect(rows.filter(has_text="提交调用单").filter(has_text="applicant")).to_have_count(0)
    assert problems == []


# -- the review queue and the 立卷归档 guard ---------------------------------------------------------------

@pytest.fixture
def review_world(ctx: AppContext, tmp_path: Path) -> tuple[ReviewSeed, dict[str, int]]:
    seed = seed_review(ctx, tmp_path)
    with ctx.db.transaction() as s:  # another agency's unit, made by seed_review: not the archivist's
        other_unit = ensure_unit(s, "HB", "测试市示例区生态环境局", "hb1", "环境执法队").id
    number13 = [line.replace("测住建罚〔2024〕第0012号", "测住建罚〔2024〕第0013号") for line in APPROVAL]
    bare13 = [line.replace("测住建罚[2024]12号", "测住建罚2024第13号") for line in INQUIRY]  # no brackets
    sole14 = [line.replace("测住建罚〔2024〕第0012号", "测住建罚〔2024〕第0014号") for line in APPROVAL]
    hidden = [line.replace("测住建罚[2024]12号", "测环罚2024第5号") for line in INQUIRY]
    extra = {
        "approval13": file_document(ctx, tmp_path, seed.unit, [number13], "立案审批表13.png").id,
        "bracketless": file_document(ctx, tmp_path, seed.unit, [bare13], "询问笔录13.png").id,
        "sole": file_document(ctx, tmp_path, seed.unit, [sole14], "立案审批表14.png").id,
        "other_unit": file_document(ctx, tmp_path, other_unit, [hidden], "他局询问笔录.png").id,
    }
    return seed, extra


@pytest.fixture
def review_url(ctx: AppContext, review_world) -> Iterator[str]:
    with served(make_app(ctx, WTF_CSRF_ENABLED=True)) as url:
        yield url


def test_flagged_and_lone_documents_are_in_the_queue_and_next_stays_within_reach(
        page: Page, review_url: str, review_world) -> None:
    seed, extra = review_world
    problems = _errors(page)
    log_in(page, review_url, "archivist", PASSWORD)
    page.goto(review_url + "/casefiles/review")
    expect(page.get_by_role("heading", level=1)).to_have_text("审核队列")
    queue = page.locator("table.data tbody tr")
    bracketless = queue.filter(has=page.locator(f'a[href="/casefiles/review/{extra["bracketless"]}"]'))
    expect(bracketless).to_contain_text("缺少括号")
    sole = queue.filter(has=page.locator(f'a[href="/casefiles/review/{extra["sole"]}"]'))
    expect(sole).to_contain_text("独自立了一个案件")
    expect(page.locator(f'a[href="/casefiles/review/{extra["approval13"]}"]')).to_have_count(0)  # nothing to settle
    expect(page.locator(f'a[href="/casefiles/review/{extra["other_unit"]}"]')).to_have_count(0)  # not theirs
    screenshot(page, "office-3-queue")

    # The document's page lists the same reasons and marks the field.
    bracketless.get_by_role("link").click()
    expect(page.locator("ul.reasons")).to_contain_text("案号：缺少括号")
    expect(page.locator("tr.field-row.flagged", has=page.get_by_label("案号"))).to_have_count(1)

    # 下一份待审核, followed to the end of the queue, never leads out of what the archivist may open.
    page.goto(review_url + "/casefiles/review")
    listed = {int(a.get_attribute("href").rsplit("/", 1)[1]) for a in page.locator("table.data tbody a").all()}
    assert {seed.flagged, extra["bracketless"], extra["sole"]} <= listed
    visited = []
    page.goto(f"{review_url}/casefiles/review/{min(listed)}")
    while True:
        visited.append(int(page.url.split("/casefiles/review/", 1)[1].split("?")[0].split("#")[0]))
        expect(page.get_by_role("heading", level=1)).to_contain_text("审核：")
        follow = page.get_by_role("link", name="下一份待审核 ›")
        if follow.count() == 0 or len(visited) > len(listed):
            break
        target = int(follow.get_attribute("href").rsplit("/", 1)[1])
        if target in visited:
            break
        follow.click()
    assert set(visited) == listed and extra["other_unit"] not in visited

    # Confirming the lone document's case number settles it: it leaves the queue.
    page.goto(f"{review_url}/casefiles/review/{extra['sole']}")
    row = page.locator("tr.field-row", has=page.get_by_label("案号"))
    row.get_by_role("button", name="确认").click()
    expect(page.get_by_role("status")).to_contain_text("已确认：案号")
    page.goto(review_url + "/casefiles/review")
    expect(page.locator(f'a[href="/casefiles/review/{extra["sole"]}"]')).to_have_count(0)
    assert problems == []


@pytest.fixture
def archive_url(ctx: AppContext, tmp_path: Path) -> Iterator[tuple[str, ReviewSeed]]:
    seed = seed_review(ctx, tmp_path)
    with served(make_app(ctx, WTF_CSRF_ENABLED=True)) as url:
        yield url, seed


def test_archiving_asks_refuses_without_a_reason_and_locks_the_fields(page: Page, archive_url, ctx) -> None:
    base_url, seed = archive_url
    problems = _errors(page)
    with ctx.db.session() as s:
        case_id = s.scalar(select(Case.id).where(Case.case_no == "测住建罚〔2024〕12号"))
    log_in(page, base_url, "archivist", PASSWORD)
    page.goto(f"{base_url}/casefiles/{case_id}")
    expect(page.get_by_role("heading", level=2, name="案卷评查：0 / 100 分（一票否决）")).to_be_visible()
    page.get_by_role("link", name="立卷归档…").click()

    # It asks, and says what the file lacks.
    expect(page.get_by_role("heading", level=1)).to_have_text("立卷归档：测住建罚〔2024〕12号")
    lacking = page.locator(".archive-exceptions")
    expect(lacking).to_contain_text("不完整：一般程序行政处罚案卷缺少送达回证")
    expect(lacking).to_contain_text("评查一票否决")
    screenshot(page, "office-4-archive-confirm")

    # Confirmed without a reason: the browser will not send it; sent anyway, the server refuses it.
    page.get_by_label("我已核对本案卷，确认立卷归档").check()
    page.get_by_role("button", name="确认立卷归档").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("立卷归档：测住建罚〔2024〕12号")
    assert page.get_by_label("归档说明（必填）").evaluate("e => e.validity.valueMissing")
    page.get_by_label("归档说明（必填）").evaluate("e => e.removeAttribute('required')")
    page.get_by_role("button", name="确认立卷归档").click()
    expect(page.get_by_role("status").first).to_contain_text("不能直接归档")
    with ctx.db.session() as s:
        assert s.scalar(select(CaseFile.status).where(CaseFile.case_id == case_id)) == "open"

    # With a reason it is archived, and the case page shows the reason.
    note = "当事人已注销，送达回证无法补正"
    page.get_by_label("归档说明（必填）").fill(note)
    page.get_by_label("我已核对本案卷，确认立卷归档").check()
    page.get_by_role("button", name="确认立卷归档").click()
    expect(page.get_by_role("status").first).to_contain_text("已归档，档号 Z001-ZF·2024-D30-zf1-0001")
    expect(page.locator("dl.doc-meta")).to_contain_text(note)
    expect(page.get_by_role("link", name="立卷归档…")).to_have_count(0)
    screenshot(page, "office-5-archived")

    # Its fields are locked, and the review page says so.
    page.goto(f"{base_url}/casefiles/review/{seed.approval}")
    expect(page.get_by_role("note")).to_contain_text("著录项已锁定")
    expect(page.get_by_role("button", name="确认")).to_have_count(0)
    expect(page.get_by_role("button", name="更正")).to_have_count(0)
    assert problems == []
