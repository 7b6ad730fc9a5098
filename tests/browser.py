"""Browser-test plumbing: the app served on a free loopback port, and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out on this closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """The app served by werkzeug on a free port of 127.0.0.1, in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@contextmanager
def chromium_page(width: int = 1366, height: int = 900) -> Iterator[Page]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(accept_downloads=True, locale="zh-CN",
                                          viewport={"width": width, "height": height})
            yield context.new_page()
        finally:
            browser.close()


@pytest.fixture
def page() -> Iterator[Page]:
    """A fresh Chromium page; test modules take it with `from browser import page`."""
    with chromium_page() as page:
        yield page


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(f"{base_url}/login")


def screenshot(page: Page, name: str) -> None:
    """A full-page screenshot into $EARCHIVE_TEST_SCREENSHOTS, when it is set (for looking at the UI by eye)."""
    folder = os.environ.get("EARCHIVE_TEST_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
