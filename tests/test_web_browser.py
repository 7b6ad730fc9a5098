"""The web app in a real browser: Debian's headless Chromium driven by Playwright.

Log in with the keyboard → search a two-character Chinese term → open the hit →
the term is marked in the OCR text and boxed over the page image → download
the PDF/A and compare its bytes. Set EARCHIVE_TEST_SCREENSHOTS to a folder to
keep a screenshot of each page.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser import chromium_page, log_in, page, screenshot, served  # noqa: F401 (page: fixture)
from context import AppContext
from test_web_flow import PASSWORD, Seed, fast_password_hashing, make_app, seed  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(ctx: AppContext, seed: Seed) -> Iterator[str]:
    with served(make_app(ctx, WTF_CSRF_ENABLED=True)) as url:
        yield url


def test_search_view_and_download_in_chromium(page: Page, base_url: str, seed: Seed) -> None:
    problems: list[str] = []  # CSP violations and script errors show up here
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(base_url + "/")
    expect(page).to_have_url(f"{base_url}/login?next=%2F")
    expect(page.get_by_label("用户名")).to_be_focused()
    page.keyboard.type("officer_a")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}/search")
    screenshot(page, "1-search-empty")

    page.get_by_label("检索词").fill("罚款")
    page.keyboard.press("Enter")
    hit = page.locator(".hits li")
    expect(hit).to_have_count(1)  # the other unit's and the secret document stay hidden
    expect(hit.locator(".snippet mark")).to_have_text("罚款")
    screenshot(page, "2-search-results")

    hit.get_by_role("link", name="行政处罚决定书（张三）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("行政处罚决定书（张三）")
    marked = page.locator(".ocr-text mark")
    expect(marked).to_have_text(["罚款"])
    expect(marked).to_be_visible()
    box = page.locator("svg.hit-overlay rect")
    expect(box).to_have_count(1)
    _assert_box_lies_over_the_term(page)
    screenshot(page, "3-document")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 PDF/A").click()
    download = download_info.value
    assert download.suggested_filename == "行政处罚决定书（张三）.pdf"
    assert Path(download.path()).read_bytes() == seed.penalty.pdf
    assert problems == []


def _assert_box_lies_over_the_term(page: Page) -> None:
    """The overlay scales with the image: the box sits where the OCR word box says, in screen pixels."""
    image = page.locator(".page-canvas img").bounding_box()
    rect = page.locator("svg.hit-overlay rect").bounding_box()
    natural_width = page.locator(".page-canvas img").evaluate("img => img.naturalWidth")
    scale = image["width"] / natural_width
    assert scale < 1  # the 1240 px page is shown smaller than its pixels
    x0 = float(page.locator("svg.hit-overlay rect").get_attribute("x"))
    y0 = float(page.locator("svg.hit-overlay rect").get_attribute("y"))
    assert abs(rect["x"] - (image["x"] + x0 * scale)) <= 2
    assert abs(rect["y"] - (image["y"] + y0 * scale)) <= 2
    assert 20 < rect["width"] < 100  # two characters of a 40 px font, scaled, not the whole line


def test_upload_then_batch_page_follows_progress(page: Page, base_url: str, ctx: AppContext, seed: Seed,
                                                 tmp_path: Path) -> None:
    from ingest.tasks import start_background
    from tests.scans import render_page, save

    scan = save(render_page(["询问笔录", "被询问人：孙样例"]), tmp_path / "询问笔录.png")
    page.goto(base_url + "/login")
    page.get_by_label("用户名").fill("archivist")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="上传扫描件").click()
    page.get_by_label("扫描件（可多选）").set_input_files([str(scan)])
    page.get_by_label("扫描仪配置").select_option("office")
    page.get_by_role("button", name="上传").click()

    row = page.locator("#batch-items tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator(".status")).to_have_text("排队中")
    screenshot(page, "4-batch-queued")

    # A real background worker OCRs the file; the page picks it up without a reload.
    worker = start_background(ctx, threads=1)
    try:
        expect(row.locator(".status")).to_have_text("已完成", timeout=180_000)
    finally:
        worker.stop()
    expect(page.locator(".batch-progress")).to_have_text("全部文件已处理完毕。")
    expect(row.get_by_role("link", name="询问笔录.png")).to_be_visible()
    screenshot(page, "5-batch-done")


# -- retrieval slips ------------------------------------------------------------------------------

@pytest.fixture
def slip_world(ctx: AppContext, tmp_path: Path):
    from test_slips_flow import seed_world

    return seed_world(ctx, tmp_path)


@pytest.fixture
def slip_base_url(ctx: AppContext, slip_world) -> Iterator[str]:
    with served(make_app(ctx, WTF_CSRF_ENABLED=True)) as url:
        yield url


def _post_with_token(page: Page, url: str):
    """A POST as the page's own forms make it: with the session's CSRF token."""
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    return page.request.post(url, form={"csrf_token": token})


def test_applicant_applies_head_approves_applicant_downloads_watermarked_copy(
        page: Page, slip_base_url: str, slip_world, ctx: AppContext, tmp_path: Path) -> None:
    import datetime as dt

    from sqlalchemy import select, update

    from access_control.models import AccessLogRecord, RetrievalSlip
    from records.models import utcnow
    from test_slips_flow import PNG_AUTHORISATION, released

    base_url, world = slip_base_url, slip_world
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    authorisation = tmp_path / "授权委托书.png"
    authorisation.write_bytes(PNG_AUTHORISATION)

    # The applicant (an agent) asks for copies, with the keyboard where a clerk would use it.
    log_in(page, base_url, "applicant", PASSWORD)
    expect(page).to_have_url(f"{base_url}/slips/")
    page.get_by_role("link", name="申请调阅或复制执法记录").click()
    expect(page.get_by_label("执法机关")).to_be_focused()
    page.get_by_label("执法机关").select_option(label="鹿泉区住建局")
    page.get_by_label("案号").fill(world.case_nos["A1"])
    page.get_by_label("身份证号").fill("11010519491231002X")
    page.get_by_label("委托代理人").check()
    page.get_by_label("当事人（代理时填写被代理人）").fill("张三")
    page.get_by_label("授权委托书（PDF、JPEG 或 PNG").set_input_files(str(authorisation))
    page.get_by_label("复制", exact=True).check()
    page.get_by_label("事由").fill("申请行政复议，需要处罚决定书复印件")
    screenshot(page, "6-slip-apply")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("待审批")
    slip_url = page.url
    slip_id = int(slip_url.rsplit("/", 1)[-1])
    expect(page.get_by_role("button", name="下载复制件（带水印 PDF）")).to_have_count(0)
    assert _post_with_token(page, f"{slip_url}/package.pdf").status == 403  # nothing before approval

    # An archivist reviews the redaction plan, which the head's approval waits for (#14).
    archivist = page.context.browser.new_context(locale="zh-CN").new_page()
    log_in(archivist, base_url, "archivist_a", PASSWORD)
    archivist.goto(f"{slip_url}/redaction")
    archivist.get_by_role("button", name="审核完成").click()
    expect(archivist.locator(".notice").first).to_contain_text("遮盖方案已审核完成")

    # The head approves, narrowing the scope to one record.
    head = page.context.browser.new_context(locale="zh-CN").new_page()
    log_in(head, base_url, "head_a", PASSWORD)
    head.goto(base_url + "/slips/")
    head.get_by_role("region", name="待我审批（1）").get_by_role("link").click()
    boxes = head.locator('input[name="document_ids"]')
    assert boxes.count() >= 2
    for i in range(1, boxes.count()):
        boxes.nth(i).uncheck()
    head.get_by_label("意见说明").fill("同意复制处罚决定书")
    screenshot(head, "7-slip-decide")
    head.get_by_role("button", name="提交审批意见").click()
    expect(head.get_by_role("heading", level=1)).to_contain_text("已批准")
    with head.expect_popup() as popup:
        head.get_by_role("link", name="打印调用单").click()
    form = popup.value
    expect(form.get_by_role("heading", level=1)).to_have_text("行政执法全过程记录调用单")
    expect(form.locator("body")).to_contain_text("同意复制处罚决定书")
    screenshot(form, "9-slip-print")

    # The applicant downloads the watermarked copy of exactly what was approved.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已批准")
    screenshot(page, "8-slip-approved")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载复制件（带水印 PDF）").click()
    with ctx.db.session() as s:
        slip = s.get(RetrievalSlip, slip_id)
        approved = [i.document_id for i in slip.items if i.approved]
        slip_no = slip.slip_no
    assert len(approved) == 1
    assert released(ctx, Path(download_info.value.path()).read_bytes(), slip_no) == 1

    # Expired: nothing more comes out, and the page says why.
    with ctx.db.transaction() as s:
        s.execute(update(RetrievalSlip).where(RetrievalSlip.id == slip_id)
                  .values(valid_until=utcnow() - dt.timedelta(minutes=1)))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已过期")
    expect(page.get_by_role("button", name="下载复制件（带水印 PDF）")).to_have_count(0)
    assert _post_with_token(page, f"{slip_url}/package.pdf").status == 403

    with ctx.db.session() as s:
        steps = [(e.username, e.action, e.outcome) for e in s.scalars(
            select(AccessLogRecord).where(AccessLogRecord.slip_no == slip_no).order_by(AccessLogRecord.seq))]
    assert ("applicant", "slip_create", "allowed") in steps
    assert ("head_a", "slip_decide", "allowed") in steps
    assert steps.count(("applicant", "copy", "allowed")) == 1
    assert steps.count(("applicant", "copy", "denied")) == 2  # before approval, after expiry

    # The auditor finds every step under the slip's number.
    auditor = page.context.browser.new_context(locale="zh-CN").new_page()
    log_in(auditor, base_url, "auditor", PASSWORD)
    expect(auditor).to_have_url(f"{base_url}/audit/")
    auditor.get_by_label("调用单号").fill(slip_no)
    auditor.keyboard.press("Enter")
    rows = auditor.locator(".log-table tbody tr")
    expect(rows).to_have_count(len(steps))
    expect(rows.filter(has_text="审批调用单")).to_have_count(1)
    expect(rows.filter(has_text="复制")).to_have_count(3)
    screenshot(auditor, "10-audit-log")
    assert problems == []


def test_applicant_gets_only_a_watermarked_counted_copy_in_chromium(
        page: Page, slip_base_url: str, slip_world, ctx: AppContext) -> None:
    """Issue 16 §0.1 in the browser: from the slip to the document, the applicant's download is the copy
    watermarked for the slip and counted against it; the stored original is refused, and so is a copy
    once the downloads are used up."""
    import hashlib

    from access_control.audit import AccessLog, Actor
    from access_control.models import RetrievalSlip
    from access_control.slips import Applicant, create_slip, decide_slip
    from access_control.subjects import load_subject
    from records.models import Case, Document, User
    from redaction.plans import mark_reviewed, plan_for_slip
    from test_slips_flow import released

    base_url, world = slip_base_url, slip_world
    wanted = world.docs["A1-internal"]
    log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        applicant = load_subject(s, s.get(User, world.users["applicant"]))
        head = load_subject(s, s.get(User, world.users["head_a"]))
        slip = create_slip(s, log, Actor(applicant.id, "applicant"), applicant, case=s.get(Case, world.cases["A1"]),
                           mode="copy", purpose="申请行政复议", delivery="download",
                           applicant=Applicant("applicant名", None, "party", user_id=applicant.id))
        archivist = load_subject(s, s.get(User, world.users["archivist_a"]))
        plan_for_slip(s, log, Actor(archivist.id, "archivist_a"), slip)  # reviewed before approval (#14)
        mark_reviewed(s, log, Actor(archivist.id, "archivist_a"), archivist, slip)
        decide_slip(s, log, Actor(head.id, "head_a"), head, slip, approve=True, approved_ids=[wanted.id],
                    comment="同意")
        slip_id, slip_no, allowed = slip.id, slip.slip_no, slip.downloads_allowed
        document = s.get(Document, wanted.id)
        title, stored_image = document.title, ctx.store.derived_dir(document.sha256) / "page-0001.png"

    log_in(page, base_url, "applicant", PASSWORD)
    page.goto(f"{base_url}/slips/{slip_id}")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("link", name="下载 PDF/A")).to_have_count(0)
    expect(page.get_by_role("link", name="打印")).to_have_count(0)
    expect(page.locator("form.actions")).to_contain_text(f"已用 0 / {allowed} 次")
    image = page.request.get(f"{base_url}/documents/{wanted.id}/pages/1/image")
    assert image.ok and image.body() != stored_image.read_bytes()  # the page on screen carries the mark
    screenshot(page, "11-applicant-document")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载复制件").click()
    copy = Path(download_info.value.path()).read_bytes()
    assert hashlib.sha256(copy).digest() != hashlib.sha256(wanted.seeded.pdf).digest()
    assert released(ctx, copy, slip_no) == 1
    page.reload()
    expect(page.locator("form.actions")).to_contain_text(f"已用 1 / {allowed} 次")

    original = page.request.get(f"{base_url}/documents/{wanted.id}/download")
    assert original.status == 403 and original.body() != wanted.seeded.pdf
    assert page.request.get(f"{base_url}/documents/{wanted.id}/print").status == 403
    for _ in range(allowed - 1):
        assert _post_with_token(page, f"{base_url}/documents/{wanted.id}/download").ok
    assert _post_with_token(page, f"{base_url}/documents/{wanted.id}/download").status == 403  # used up
    with ctx.db.session() as s:
        assert s.get(RetrievalSlip, slip_id).downloads_used == allowed


# -- the production server -----------------------------------------------------------------------

def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.fixture
def production(ctx: AppContext, seed: Seed, tmp_path: Path) -> Iterator[tuple[str, int]]:
    """`earchive serve` in a process of its own, on the seeded data: its URL and process id."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = _free_port()
    env = {**os.environ, "EARCHIVE_DATA_DIR": str(ctx.settings.data_dir),
           "EARCHIVE_DATABASE_URL": ctx.settings.database_url, "EARCHIVE_PORT": str(port),
           "EARCHIVE_WEB_WORKERS": "2", "EARCHIVE_WEB_THREADS": "4",
           "EARCHIVE_COOKIE_SECURE": "false"}  # plain HTTP on loopback
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "earchive"), "serve"], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:  # until it answers (or has died): a start-up wait, not a measurement
            if proc.poll() is not None:
                pytest.fail(f"earchive serve exited: {(tmp_path / 'serve.log').read_text()}")
            try:
                urllib.request.urlopen(url + "/login", timeout=5).close()
                break
            except OSError:
                time.sleep(0.2)
        yield url, proc.pid
    finally:
        proc.terminate()  # gunicorn stops gracefully on SIGTERM
        proc.wait(timeout=60)
        log.close()


def test_the_production_server_answers_login_and_search_in_chromium(page: Page, production: tuple[str, int],
                                                                     ctx: AppContext, seed: Seed) -> None:
    from sqlalchemy import select

    from access_control.models import AccessLogRecord

    production_url, pid = production
    page.goto(production_url + "/")
    expect(page).to_have_url(f"{production_url}/login?next=%2F")
    page.get_by_label("用户名").fill("officer_a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{production_url}/search")
    page.get_by_label("检索词").fill("罚款")
    page.keyboard.press("Enter")
    hit = page.locator(".hits li")
    expect(hit).to_have_count(1)  # scoping holds under the production server too
    hit.get_by_role("link", name="行政处罚决定书（张三）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("行政处罚决定书（张三）")
    with ctx.db.session() as s:  # the server's worker processes wrote to the same access log
        actions = set(s.scalars(select(AccessLogRecord.action).where(AccessLogRecord.username == "officer_a")))
    assert {"login", "search", "view"} <= actions
    # It was gunicorn's master with the two worker processes it forked (EARCHIVE_WEB_WORKERS), not one werkzeug
    # process. (Asked at the end: the master forks its workers a moment apart, and the first answers at once.)
    assert len(_children(pid)) == 2
