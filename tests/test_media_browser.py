"""Media playback in a real browser (Debian's Chromium driven by Playwright, #15 §6).

A 2 s H.264 clip made by ffmpeg is taken in from a real ISO through media intake; an officer of the
case's unit opens it from the case page and the <video> element plays, fetching the clip with range
requests (206); the play is one access-log entry. An applicant without a slip is refused, and that is
logged too. Set EARCHIVE_TEST_SCREENSHOTS to a folder to keep screenshots.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Response, expect

from browser import chromium_page, log_in, page, screenshot, served  # noqa: F401 (page: fixture)
from context import AppContext
from test_media_playback import CASE_NO, MediaWorld, entries, seed_media_world
from test_web_flow import PASSWORD, fast_password_hashing, make_app  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def world(ctx: AppContext, tmp_path: Path) -> MediaWorld:
    return seed_media_world(ctx, tmp_path)


@pytest.fixture
def base_url(ctx: AppContext, world: MediaWorld) -> Iterator[str]:
    with served(make_app(ctx, WTF_CSRF_ENABLED=True)) as url:
        yield url


def test_an_officer_plays_a_clip_through_range_requests(page: Page, base_url: str, world: MediaWorld,
                                                        ctx: AppContext) -> None:
    problems: list[str] = []  # CSP violations and script errors show up here
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    streamed: list[tuple[int, str | None, str | None]] = []

    def seen(response: Response) -> None:
        if f"/media/{world.clip}/stream" in response.url:
            streamed.append((response.status, response.request.header_value("range"),
                             response.header_value("content-range")))
    page.on("response", seen)

    log_in(page, base_url, "officer_a", PASSWORD)
    page.goto(f"{base_url}/cases/{world.case_id}")
    page.get_by_role("link", name=f"视频 #{world.clip}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"视频 #{world.clip}")
    expect(page.get_by_role("link", name=CASE_NO)).to_be_visible()
    expect(page.locator("img.strip")).to_be_visible()

    video = page.locator("video#media-player")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function(
        "() => { const v = document.querySelector('video#media-player');"
        " return v.readyState >= 2 && v.currentTime > 0.5; }", timeout=30_000)
    screenshot(page, "media-1-playing")
    assert video.evaluate("v => v.error") is None

    assert streamed, "the clip was never fetched"
    assert all(status == 206 for status, _, _ in streamed), streamed
    assert all(r is not None and r.startswith("bytes=") for _, r, _ in streamed), streamed
    assert all(cr is not None and cr.startswith("bytes ") for _, _, cr in streamed), streamed
    [play] = entries(ctx, "play", world.clip)
    assert play.username == "officer_a" and play.case_id == world.case_id
    assert problems == []


def test_an_applicant_without_a_slip_is_refused(page: Page, base_url: str, world: MediaWorld,
                                                ctx: AppContext) -> None:
    log_in(page, base_url, "applicant", PASSWORD)
    response = page.goto(f"{base_url}/media/{world.clip}")
    assert response is not None and response.status == 403
    expect(page.locator("main")).to_contain_text("调用单")
    expect(page.locator("video")).to_have_count(0)
    stream = page.request.get(f"{base_url}/media/{world.clip}/stream", headers={"Range": "bytes=0-"})
    assert stream.status == 403 and stream.headers["content-type"].startswith("text/html")
    screenshot(page, "media-2-refused")
    assert [e.username for e in entries(ctx, "view", world.clip, outcome="denied")] == ["applicant"]
    assert [e.username for e in entries(ctx, "play", world.clip, outcome="denied")] == ["applicant"]
    assert not entries(ctx, "play", world.clip)
