"""The Flask application factory, security headers and error pages (webapp/server.py serves it)."""
from __future__ import annotations

import logging
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from access_control.audit import AccessLogUnavailable
from access_control.policy import Action
from context import AppContext, open_context
from earchive.errors import ConfigError, EarchiveError, SearchUnavailable
from earchive.settings import Settings
from webapp import admin, api, auditlog, auth, batches, casefiles, cases, documents, labels, redaction, search, slips
from webapp import media
from webapp.access import MAX_ID, may
from webapp.extensions import csrf, login_manager
from webapp.highlight import safe_snippet
from webapp.request_db import init_request_session

log = logging.getLogger(__name__)

_CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'")
_HSTS = "max-age=31536000; includeSubDomains"  # browsers heed it only over HTTPS
# Names no server software or version (werkzeug, gunicorn and waitress all add theirs only when the app
# sets none); what runs the app is no business of a client's.
_SERVER = "earchive"

_HTTP_TITLES = {
    400: "请求无效",
    403: "无权访问",
    404: "未找到",
    405: "不支持的请求方式",
    413: "上传的文件过大",
    422: "无法处理",
    500: "服务器内部错误",
    503: "服务暂不可用",
}


def load_secret_key(settings: Settings) -> str:
    """settings.secret_key, else the key in <data_dir>/secret_key, created once with mode 0600."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if not path.exists():
        _write_new_secret_key(path)
    if path.stat().st_mode & 0o077:
        log.warning("%s is readable by other users; run: chmod 600 %s", path, path)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise ConfigError(f"{path} holds no usable key; delete it and restart to generate a new one")
    return key


def _write_new_secret_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret_key-")  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_urlsafe(48))
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)  # fails if another process wrote the key first; theirs wins
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)


class RecordIdConverter(IntegerConverter):
    """`<int:…>` in every route: a number beyond any database id answers 404, not a driver overflow (500)."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug's parameter name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def create_app(settings: Settings | None = None, test_config: dict[str, Any] | None = None) -> Flask:
    """Build the web app. `test_config` overrides Flask config; its key EARCHIVE_CONTEXT
    may hand in a ready AppContext instead of opening one from `settings`."""
    config = dict(test_config or {})
    ctx: AppContext = config.pop("EARCHIVE_CONTEXT", None) or open_context(settings)
    app = Flask(__name__)
    app.url_map.converters["int"] = RecordIdConverter
    app.config.update(
        SECRET_KEY=load_secret_key(ctx.settings),
        MAX_CONTENT_LENGTH=ctx.settings.max_file_bytes,
        SESSION_COOKIE_NAME="earchive_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=ctx.settings.cookie_secure,
        REMEMBER_COOKIE_SECURE=ctx.settings.cookie_secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,  # a token lives as long as its session, which has its own timeouts
    )
    app.config.update(config)
    app.extensions["earchive"] = ctx

    csrf.init_app(app)
    login_manager.init_app(app)
    init_request_session(app)
    for bp in (auth.bp, search.bp, documents.bp, batches.bp, cases.bp, slips.bp, auditlog.bp, admin.bp, api.bp):
        app.register_blueprint(bp)
    app.register_blueprint(casefiles.bp)
    app.register_blueprint(redaction.bp)
    app.register_blueprint(media.bp)
    labels.register(app)
    app.jinja_env.filters["snippet"] = safe_snippet
    app.jinja_env.globals["may"] = may
    app.before_request(_require_login)
    app.after_request(_add_security_headers)
    _register_error_pages(app)
    app.add_url_rule("/", "index", _home)
    return app


def _home():
    """Each role's first page."""
    for action, endpoint in ((Action.search, "search.search"), (Action.apply, "slips.index"),
                             (Action.audit, "auditlog.index"), (Action.administer, "admin.users")):
        if may(action):
            return redirect(url_for(endpoint))
    return _error_page(403, "您的账户没有可用的功能，请联系系统管理员。")


def _require_login():
    """Deny by default: every endpoint but the login page and static files needs a session."""
    if request.endpoint in ("auth.login", "static") or current_user.is_authenticated:
        return None
    if request.path.startswith("/api/"):
        return jsonify({"error": "请先登录"}), 401
    return login_manager.unauthorized()


def _add_security_headers(response):
    h = response.headers
    h["Content-Security-Policy"] = _CSP
    h["X-Content-Type-Options"] = "nosniff"
    h["X-Frame-Options"] = "DENY"
    h["Referrer-Policy"] = "same-origin"  # CSRF checks need the referrer on HTTPS
    h["Cross-Origin-Opener-Policy"] = "same-origin"
    h["Cross-Origin-Resource-Policy"] = "same-origin"
    h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    h["Strict-Transport-Security"] = _HSTS
    h["Server"] = _SERVER
    if request.endpoint != "static":
        h["Cache-Control"] = "no-store"  # records and their pages stay out of caches
        h["Pragma"] = "no-cache"
    return response


def _error_page(status: int, message: str):
    title = _HTTP_TITLES.get(status, "出错了")
    if request.path.startswith("/api/"):
        return jsonify({"error": message or title}), status
    return render_template("error.html", status=status, title=title, message=message), status


def _register_error_pages(app: Flask) -> None:
    @app.errorhandler(EarchiveError)
    def earchive_error(e: EarchiveError):
        if isinstance(e, SearchUnavailable):
            return _error_page(503, "检索服务暂不可用，请稍后再试或联系系统管理员。")
        if isinstance(e, AccessLogUnavailable):
            log.error("access log unavailable, %s refused: %s", request.path, e.__cause__ or e.message)
            return _error_page(503, e.message)
        if e.http_status >= 500:
            log.error("request %s failed: %s", request.path, e.message, exc_info=e)
            return _error_page(e.http_status, "请求未能完成，请联系系统管理员。")
        return _error_page(e.http_status, e.message)

    @app.errorhandler(CSRFError)
    def csrf_error(e: CSRFError):
        return _error_page(400, "表单已过期或缺少校验令牌，请返回上一页刷新后重试。")

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        messages = {
            404: "您访问的页面或文书不存在。",
            413: f"上传内容超过上限（{app.config['MAX_CONTENT_LENGTH'] // 2**20} MB），请分批上传。",
        }
        return _error_page(e.code or 500, messages.get(e.code, ""))

