"""Logging in and out: throttled logins, server-side sessions, and the user each request acts as.

The session cookie holds only a random token (see access_control.sessions);
each request finds its session row, checks the timeouts and the account, and
rebuilds the user's permissions from the database, so changes count at once.
"""
from __future__ import annotations

import logging
import math
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import UserMixin, current_user, login_user, logout_user

from access_control.audit import Actor, Event
from access_control.models import UserSession
from access_control.policy import Subject
from access_control.roles import Role
from access_control.sessions import (
    SessionTimeouts,
    ThrottlePolicy,
    blocked_for,
    end_session,
    record_failure,
    record_success,
    resume_session,
    start_session,
    throttle_keys,
)
from access_control.subjects import load_subject
from access_control.users import authenticate
from records.models import User
from webapp.access import audit, client_address
from webapp.extensions import login_manager
from webapp.forms import LoginForm
from webapp.request_db import current_ctx, db_session

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)


class WebUser(UserMixin):
    """The logged-in account: its row's names for the pages, its Subject for the policy."""

    def __init__(self, row: User, subject: Subject, token: str, session_id: int | None):
        self.username = row.username
        self.display_name = row.display_name
        self.subject = subject
        self._token = token
        self.session_id = session_id

    def __getattr__(self, name: str) -> Any:  # role, unit_id, clearance, slips, … for the policy
        return getattr(self.__dict__["subject"], name)

    def get_id(self) -> str:
        return self._token

    @property
    def id(self) -> int | None:
        return self.subject.id

    @property
    def is_active(self) -> bool:
        return self.subject.active

    @property
    def role_label(self) -> str:
        try:
            return Role(self.subject.role).label
        except ValueError:
            return self.subject.role


@login_manager.user_loader
def load_user(token: str) -> WebUser | None:
    s = db_session()
    row, session_row = resume_session(s, token, SessionTimeouts.from_settings(current_ctx().settings))
    if row is None:
        if session_row is not None and s.dirty:
            s.commit()  # the session was just ended (idle, expired, account disabled)
        return None
    if s.dirty:
        s.commit()
    return WebUser(row, load_subject(s, row), token, session_row.id if session_row else None)


def _safe_next(target: str | None) -> str:
    """Only a local path is followed after login, never another site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") \
                and not target.startswith("//") and "\\" not in target and target.isprintable():
            return target  # isprintable: CR, LF and other controls cannot reach the Location header
    return url_for("index")


def _wait_text(seconds: float) -> str:
    return f"{math.ceil(seconds)} 秒" if seconds < 120 else f"{math.ceil(seconds / 60)} 分钟"


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    error, wait = None, 0.0
    if form.validate_on_submit():
        s = db_session()
        settings = current_ctx().settings
        keys = throttle_keys(form.username.data, client_address())
        wait = blocked_for(s, keys)
        if wait > 0:
            # Refused before the password is even checked, so guessing gains nothing while blocked.
            error = f"登录失败次数过多，请 {_wait_text(wait)} 后再试。"
            audit(Event("login_failed", outcome="denied", detail={"reason": "throttled", "wait_s": math.ceil(wait)}),
                  actor=Actor(None, form.username.data[:64], None, None, client_address()))
        else:
            row = authenticate(s, form.username.data, form.password.data)
            if row is None:
                record_failure(s, keys, ThrottlePolicy.from_settings(settings))
                audit(Event("login_failed", outcome="failed"),
                      actor=Actor(None, form.username.data[:64], None, None, client_address()))
                log.info("failed login for %r from %s", form.username.data, client_address())
                error = "用户名或密码错误，或账户已停用。"
            else:
                return _log_in(row)
    response = current_app.make_response(render_template("login.html", form=form, error=error))
    if wait > 0:
        response.status_code = 429
        response.headers["Retry-After"] = str(math.ceil(wait))
    return response


def _log_in(row: User):
    s = db_session()
    record_success(s, row.username, client_address())
    # A fresh session at login: nothing set before (by anyone) survives it, and the token is new.
    session.clear()
    token = start_session(s, row, client_address())
    user = WebUser(row, load_subject(s, row), token, None)
    audit(Event("login", detail={"user_agent": (request.user_agent.string or "")[:200]}),
          actor=Actor(row.id, row.username, row.role, row.unit_id, client_address()))
    login_user(user)
    log.info("user %s logged in from %s", row.username, client_address())
    return redirect(_safe_next(request.args.get("next")))


@bp.post("/logout")
def logout():
    # A POST, so CSRFProtect checks its token: no other site can log a user out.
    if current_user.is_authenticated:
        audit(Event("logout"))
        row = db_session().get(UserSession, current_user.session_id) if current_user.session_id else None
        if row is not None:
            end_session(db_session(), row, "logout")
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))

