"""Logging in and out; the session's user is a snapshot of the account row."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import UserMixin, current_user, login_user, logout_user

from access_control.roles import Role
from access_control.users import authenticate
from records.models import User
from webapp.extensions import login_manager
from webapp.forms import LoginForm
from webapp.request_db import db_session

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)


class WebUser(UserMixin):
    """The logged-in account as the policy sees it, reloaded from the database on each request."""

    def __init__(self, row: User):
        self.id = row.id
        self.username = row.username
        self.display_name = row.display_name
        self.role = row.role
        self.unit_id = row.unit_id
        self.clearance = row.clearance
        self.active = row.active

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_label(self) -> str:
        try:
            return Role(self.role).label
        except ValueError:
            return self.role


@login_manager.user_loader
def load_user(user_id: str) -> WebUser | None:
    row = db_session().get(User, int(user_id)) if user_id.isdigit() else None
    # A deactivated account loses its open sessions at the next request.
    return WebUser(row) if row is not None and row.active else None


def _safe_next(target: str | None) -> str:
    """Only a local path is followed after login, never another site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") \
                and not target.startswith("//") and "\\" not in target:
            return target
    return url_for("search.search")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        row = authenticate(db_session(), form.username.data, form.password.data)
        if row is None:
            log.info("failed login for %r from %s", form.username.data, request.remote_addr)
            error = "用户名或密码错误，或账户已停用。"
        else:
            # A fresh session at login: nothing set before (by anyone) survives it.
            session.clear()
            login_user(WebUser(row))
            log.info("user %s logged in from %s", row.username, request.remote_addr)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", form=form, error=error)


@bp.post("/logout")
def logout():
    # A POST, so CSRFProtect checks its token: no other site can log a user out.
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
