"""Serving settings: what gunicorn is told, and whose X-Forwarded-For the app believes.

The production server answering a real browser is in tests/test_web_browser.py.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from access_control.models import AccessLogRecord
from access_control.users import create_user
from context import open_context
from earchive.settings import Settings
from records.admin import ensure_unit
from webapp.server import gunicorn_options, wsgi_app

PASSWORD = "Server-test-passphrase-7"


def test_gunicorn_is_told_the_settings_workers_threads_timeouts_and_bind_address(settings: Settings):
    s = settings.model_copy(update={"web_workers": 3, "web_threads": 6, "web_timeout_s": 90,
                                    "web_graceful_timeout_s": 20, "web_keepalive_s": 7})
    options = gunicorn_options(s, "0.0.0.0", 8443)
    assert options["bind"] == ["0.0.0.0:8443"] and options["worker_class"] == "gthread"
    assert (options["workers"], options["threads"]) == (3, 6)
    assert (options["timeout"], options["graceful_timeout"], options["keepalive"]) == (90, 20, 7)
    assert options["preload_app"] is False  # no database connection crosses a fork
    assert gunicorn_options(s, "::1", 8000)["bind"] == ["[::1]:8000"]


def _failed_login_address(settings: Settings, forwarded_for: str | None) -> str:
    """Fail one login through the app as served, with the X-Forwarded-For a proxy (or a forger) sent."""
    app = wsgi_app(settings)
    try:
        client = app.test_client()
        # Over HTTPS (as the proxy says), Flask-WTF wants a same-origin Referer, as a browser sends it.
        headers = {"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https",
                   "Referer": "https://localhost/login"} if forwarded_for else {}
        page = client.get("/login", headers=headers).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        client.post("/login", data={"username": "clerk", "password": "wrong", "csrf_token": token}, headers=headers)
    finally:
        app.extensions["earchive"].close()
    ctx = open_context(settings, migrate=False)
    try:
        with ctx.db.session() as s:
            return s.scalars(select(AccessLogRecord.address).where(AccessLogRecord.action == "login_failed")
                             .order_by(AccessLogRecord.seq.desc())).first()
    finally:
        ctx.close()


@pytest.fixture
def plain_http(settings: Settings) -> Settings:
    ctx = open_context(settings, migrate=False)
    try:
        with ctx.db.transaction() as s:
            unit = ensure_unit(s, "srv", "服务测试局", "u1", "一中队")
            create_user(s, "clerk", PASSWORD, "测试员", "officer", unit.id, "internal")
    finally:
        ctx.close()
    return settings.model_copy(update={"cookie_secure": False})  # the test client speaks plain HTTP


def test_behind_a_trusted_proxy_the_client_address_is_the_one_it_forwards(plain_http: Settings):
    behind_one = plain_http.model_copy(update={"trusted_proxies": 1})
    # A client's own X-Forwarded-For comes first; the proxy appends the address it saw. Only that one counts.
    assert _failed_login_address(behind_one, "203.0.113.66, 198.51.100.7") == "198.51.100.7"


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(plain_http: Settings):
    assert _failed_login_address(plain_http, "203.0.113.66") == "127.0.0.1"
