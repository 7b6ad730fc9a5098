"""The review flow in a real browser: Debian's headless Chromium driven by Playwright.

Log in → the review queue → a document whose ID number fails its check
digit → the value is boxed on the scan and lights up with its row → correct
it with one action, confirm another with one click → the history records
both → the case file lists the document and exports as one PDF. Set
EARCHIVE_TEST_SCREENSHOTS to a folder to keep a screenshot of each page.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import Page, expect

from context import AppContext
from test_review_flow import ReviewSeed, seed  # noqa: F401 (fixtures)
from test_cases_assembly import PARTY_ID
from browser import chromium_page, screenshot, served
from test_web_flow import PASSWORD, fast_password_hashing, make_app  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(ctx: AppContext, seed: ReviewSeed) -> Iterator[str]:
    with served(make_app(ctx, WTF_CSRF_ENABLED=True)) as url:
        yield url


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium_page(width=1440) as page:
        yield page


def _overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_review_confirm_and_correct_in_chromium(page: Page, base_url: str, seed: ReviewSeed) -> None:
    problems: list[str] = []  # CSP violations and script errors show up here
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(base_url + "/casefiles/review")
    page.get_by_label("用户名").fill("archivist")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("审核队列")
    screenshot(page, "review-1-queue")

    page.get_by_role("link", name=f"#{seed.flagged} 询问笔录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("审核：询问笔录")
    row = page.locator("tr.field-row.flagged", has=page.get_by_label("身份证号"))
    expect(row).to_contain_text("身份证号校验位不符")
    field_id = row.get_attribute("data-field")
    box = page.locator(f'.field-overlay rect[data-field="{field_id}"]')
    expect(box).to_have_count(1)
    row.hover()
    expect(box).to_have_class("flagged status-auto active")  # the value lights up on the scan
    assert box.bounding_box()["width"] > 50  # eighteen characters, not one
    screenshot(page, "review-2-document")

    row.get_by_label("身份证号").fill(PARTY_ID)
    row.get_by_role("button", name="更正").click()
    expect(page.get_by_role("status")).to_contain_text(f"已更正：身份证号 → {PARTY_ID}")
    corrected = page.locator(f"#field-{field_id}")
    expect(corrected).to_contain_text("已更正")
    expect(corrected).not_to_have_class("flagged")

    recorder = page.locator("tr.field-row", has=page.locator("th", has_text="角色")).first
    recorder.get_by_role("button", name="确认").click()
    expect(page.get_by_role("status")).to_contain_text("已确认：角色")
    history = page.locator("table.history tbody tr")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("archivist")
    screenshot(page, "review-3-corrected")

    page.get_by_role("link", name="测住建罚〔2024〕12号").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("案卷 测住建罚〔2024〕12号")
    expect(page.locator("table.toc tbody tr")).to_have_count(3)
    expect(page.locator(".findings")).to_contain_text("依据")
    screenshot(page, "review-4-case-file")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出案卷 PDF/A").click()
    with pikepdf.open(Path(download_info.value.path())) as pdf:
        assert len(pdf.pages) == 1 + 1 + 3 + 1  # 卷皮, 卷内目录, the three documents, 备考表
    assert problems == []
