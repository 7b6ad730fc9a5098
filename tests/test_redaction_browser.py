"""The redaction plan's review in a real browser (#14 §2): Debian's headless Chromium driven by Playwright.

An archivist opens the plan of an applicant's slip, draws a box with the mouse over a line no detector
hides, withholds the second page with a note and marks the plan reviewed; the head sees the plan with the
slip, looks at the redacted preview and approves; the applicant then gets page 1 with the drawn box black
in the served pixels, a notice instead of page 2, and never the hidden text on any page of the app.
Set EARCHIVE_TEST_SCREENSHOTS to a folder to keep a screenshot of each step.
"""
from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import img2pdf
import numpy
import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select

from access_control.models import AccessLogRecord, RetrievalSlip
from browser import chromium_page, log_in, page, screenshot, served  # noqa: F401 (page: fixture)
from context import AppContext
from records.models import Document
from records.models import Page as PageRow
from test_redaction_plans import WITNESS, WITNESS_ID, WITNESS_PHONE, World, new_slip, seed_redaction_world
from test_web_flow import PASSWORD, fast_password_hashing, make_app, render_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PAGE_ONE = ["证人证言", f"证人：{WITNESS}，身份证号：{WITNESS_ID}", f"联系电话：{WITNESS_PHONE}",
            "工作单位：测试丙贸易商行仓库保管", "执法人员：李样例，执法证号：13010012345"]
DRAWN_LINE = 3  # no detector hides it: the archivist draws the box
PAGE_TWO = ["证人证言（续）", "证人家中另有病重老人需要照顾", "以上笔录已阅，无误。"]
HIDDEN = [WITNESS, WITNESS_ID, WITNESS_PHONE, PAGE_ONE[DRAWN_LINE], "测试丙贸易商行", PAGE_TWO[1], "病重老人"]


def add_statement(ctx: AppContext, tmp: Path, world: World) -> tuple[int, list[int]]:
    """A two-page witness statement in the world's case, stored as ingest leaves it (no OCR needed):
    its id and the box of the line to draw over, in page-image pixels."""
    pages = [render_page(PAGE_ONE), render_page(PAGE_TWO)]
    pdf = img2pdf.convert([png for png, _ in pages])
    sha = hashlib.sha256(pdf).hexdigest()
    original = tmp / f"{sha}.pdf"
    original.write_bytes(pdf)
    ctx.store.put_original(original, sha)
    staging = tmp / f"staging-{sha}"
    staging.mkdir()
    (staging / "document.pdf").write_bytes(pdf)
    for n, (png, _) in enumerate(pages, start=1):
        (staging / f"page-{n:04d}.png").write_bytes(png)
    ctx.store.publish_derived(sha, staging)
    with ctx.db.transaction() as s:
        document = Document(sha256=sha, source_name="证人证言.pdf", media_type="application/pdf",
                            size_bytes=len(pdf), status="ok", unit_id=_unit_of(s, world), case_id=world.case_id,
                            doc_type="证人证言", stage="investigation", classification="internal", secrecy=[],
                            title="证人证言（二页）", profile="office", ocr_engine="rapidocr", page_count=2,
                            pdfa_sha256=hashlib.sha256(pdf).hexdigest())
        for n, (_, words) in enumerate(pages, start=1):
            text = "\n".join(w["text"] for w in words)
            document.pages.append(PageRow(page_no=n, width_px=1240, height_px=1754, dpi=150, text_raw=text,
                                          text_norm=text, words=words))
        s.add(document)
        s.flush()
        return document.id, list(pages[0][1][DRAWN_LINE]["box"])


def _unit_of(session, world: World) -> int:
    return session.get(Document, world.document_id).unit_id


@pytest.fixture
def setting(ctx: AppContext, tmp_path: Path) -> Iterator[tuple[str, World, int, list[int], int]]:
    world = seed_redaction_world(ctx, tmp_path)
    document_id, box = add_statement(ctx, tmp_path, world)
    slip_id = new_slip(ctx, world)
    with served(make_app(ctx, WTF_CSRF_ENABLED=True)) as url:
        yield url, world, document_id, box, slip_id


def _draw(page: Page, box: list[int]) -> None:
    """Drag over `box` (page-image pixels) on the page image as shown, which is scaled down."""
    image = page.locator(".redaction-canvas img")
    shown = image.bounding_box()
    scale = shown["width"] / image.evaluate("img => img.naturalWidth")
    assert scale < 1
    page.mouse.move(shown["x"] + box[0] * scale, shown["y"] + box[1] * scale)
    page.mouse.down()
    page.mouse.move(shown["x"] + (box[0] + box[2]) / 2 * scale, shown["y"] + (box[1] + box[3]) / 2 * scale, steps=4)
    page.mouse.move(shown["x"] + box[2] * scale, shown["y"] + box[3] * scale, steps=4)
    page.mouse.up()


def test_archivist_draws_and_withholds_head_approves_applicant_sees_only_the_redacted_pages(
        page: Page, setting, ctx: AppContext) -> None:
    base_url, world, document_id, box, slip_id = setting
    problems: list[str] = []  # CSP violations and script errors show up here
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    # The archivist opens the slip's plan: the detectors' boxes are drawn over the unredacted page.
    log_in(page, base_url, "archivist_a", PASSWORD)
    page.goto(f"{base_url}/slips/{slip_id}")
    page.get_by_role("link", name="审核遮盖方案").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"遮盖方案：调用单 {_slip_no(ctx, slip_id)}")
    page.get_by_role("link", name="第1页").last.click()  # the statement is the slip's second document
    expect(page.locator(".redaction-pages a[aria-current=page]")).to_have_attribute(
        "href", f"/slips/{slip_id}/redaction?doc={document_id}&page=1#plan")
    auto = page.locator("svg.redaction-overlay rect.source-auto")
    expect(auto.first).to_be_visible()
    expect(page.locator("table.entries")).to_contain_text("身份证号")
    screenshot(page, "redaction-1-proposed")

    # A box drawn with the mouse fills the form in the image's own pixels.
    _draw(page, box)
    form = page.locator("form.draw-form")
    drawn = [int(form.locator(f'input[name="{k}"]').input_value()) for k in ("x0", "y0", "x1", "y1")]
    assert all(abs(a - b) <= 3 for a, b in zip(drawn, box)), (drawn, box)
    form.get_by_label("遮盖理由").select_option(label="个人隐私")
    form.get_by_role("button", name="添加遮盖框").click()
    expect(page.locator(".notice").first).to_contain_text("已添加遮盖框")
    expect(page.locator("svg.redaction-overlay rect.source-manual")).to_have_count(1)
    expect(page.locator("table.entries tr", has_text="人工添加")).to_have_count(1)
    screenshot(page, "redaction-2-drawn")

    # Page 2 is withheld, with a note that gives the ground and not the content.
    page.get_by_role("link", name="第2页").click()
    withhold = page.locator("form", has=page.get_by_role("button", name="不予提供"))
    withhold.get_by_label("本页（第 2 页）").check()
    withhold.get_by_label("不予提供的理由").select_option(label="个人隐私")
    withhold.get_by_label("理由说明").fill("涉及证人家庭成员的个人信息")
    withhold.get_by_role("button", name="不予提供").click()
    expect(page.locator(".withheld-banner")).to_contain_text("本页不予提供")
    page.get_by_role("button", name="审核完成").click()
    expect(page.locator(".notice").first).to_contain_text("遮盖方案已审核完成")
    screenshot(page, "redaction-3-reviewed")

    # The head sees the plan with the slip, previews the redacted pages and approves.
    head = page.context.browser.new_context(locale="zh-CN").new_page()
    head.on("pageerror", lambda e: problems.append(str(e)))
    log_in(head, base_url, "head_a", PASSWORD)
    head.goto(f"{base_url}/slips/{slip_id}")
    plan = head.get_by_role("region", name="遮盖方案")
    expect(plan).to_contain_text("已审核")
    expect(plan).to_contain_text("人工添加 1 处")
    expect(plan.locator(".plan-withheld")).to_contain_text("证人证言（二页） 第 2 页：个人隐私，涉及证人家庭成员的个人信息")
    expect(plan.locator("table.plan-counts").first).to_contain_text("个人隐私")
    plan.get_by_role("link", name="查看遮盖后页面").click()
    expect(head.locator('img[alt="第 1 页（已遮盖）"]')).to_have_count(2)
    _wait_for_images(head)
    expect(head.locator(".withheld-notice")).to_contain_text("第 2 页不予提供")
    screenshot(head, "redaction-4-preview")
    head.go_back()
    head.get_by_label("意见说明").fill("同意，按遮盖方案提供")
    head.get_by_role("button", name="提交审批意见").click()
    expect(head.get_by_role("heading", level=1)).to_contain_text("已批准")

    # The applicant sees page 1 burned (the drawn box black in the served pixels) and page 2 as a notice.
    applicant = page.context.browser.new_context(locale="zh-CN").new_page()
    applicant.on("pageerror", lambda e: problems.append(str(e)))
    log_in(applicant, base_url, "applicant", PASSWORD)
    seen = []
    applicant.goto(f"{base_url}/slips/{slip_id}")
    seen.append(applicant.content())
    applicant.get_by_role("link", name="证人证言（二页）").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("证人证言（二页）")
    expect(applicant.locator(".page-text")).to_contain_text("不显示识别文字")
    expect(applicant.locator(".page-canvas img")).to_be_visible()
    _wait_for_images(applicant)
    seen.append(applicant.content())
    screenshot(applicant, "redaction-5-applicant-page-1")
    served_image = applicant.request.get(f"{base_url}/documents/{document_id}/pages/1/image")
    assert served_image.ok
    _assert_black(served_image.body(), box, _stored(ctx, document_id, 1))

    applicant.get_by_role("link", name="下一页 ›").click()
    expect(applicant.locator(".withheld-page")).to_contain_text("第 2 页不予提供：个人隐私")
    expect(applicant.locator(".page-canvas img")).to_have_count(0)
    seen.append(applicant.content())
    assert applicant.request.get(f"{base_url}/documents/{document_id}/pages/2/image").status == 403
    # A search term in the address marks nothing and tells nothing of where the hidden text is.
    applicant.goto(f"{base_url}/documents/{document_id}?page=1&q={WITNESS}")
    expect(applicant.locator("svg.hit-overlay")).to_have_count(0)
    seen.append(applicant.content())
    api = applicant.request.get(f"{base_url}/api/documents/{document_id}")
    assert api.ok and [p.get("text") for p in api.json()["pages"]] == [None, None]
    seen.append(api.text())
    for html in seen:
        for text in HIDDEN:
            assert text not in html
    screenshot(applicant, "redaction-6-applicant-page-2")

    with ctx.db.session() as s:
        ops = [e.detail.get("op") for e in s.scalars(select(AccessLogRecord).where(
            AccessLogRecord.action == "redaction").order_by(AccessLogRecord.seq))]
        logged = [str(e.detail) + str(e.purpose) for e in s.scalars(select(AccessLogRecord))]
    assert ops == ["propose", "add", "withhold", "reviewed"]
    assert not any(text in entry for entry in logged for text in HIDDEN)
    assert problems == []


def _wait_for_images(page: Page) -> None:
    """Until every image on the page has loaded with pixels (a refused or broken one never does)."""
    page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")


def _slip_no(ctx: AppContext, slip_id: int) -> str:
    with ctx.db.session() as s:
        return s.get(RetrievalSlip, slip_id).slip_no


def _stored(ctx: AppContext, document_id: int, page_no: int) -> Image.Image:
    with ctx.db.session() as s:
        sha = s.get(Document, document_id).sha256
    return Image.open(ctx.store.derived_dir(sha) / f"page-{page_no:04d}.png").convert("RGB")


def _assert_black(served: bytes, box: list[int], original: Image.Image) -> None:
    """Every pixel inside the drawn box is dark (black under the slip's translucent red mark), where the
    stored page had mostly white paper with printed text."""
    inner = (box[0] + 2, box[1] + 2, box[2] - 2, box[3] - 2)
    region = numpy.asarray(Image.open(io.BytesIO(served)).convert("RGB").crop(inner)).astype(int)
    before = numpy.asarray(original.crop(inner)).astype(int)
    assert (before.max(axis=2) > 200).mean() > 0.5  # paper: the page itself was not black there
    assert region.max() < 100, "a pixel inside the drawn box is not black"
