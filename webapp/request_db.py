"""The application context and one SQLAlchemy session per request.

The session is committed after a successful response (so a failed commit
still turns into an error page) and always closed at teardown.
"""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from context import AppContext


def current_ctx() -> AppContext:
    return current_app.extensions["earchive"]


def db_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_ctx().db.session()
    return g.db_session


def init_request_session(app: Flask) -> None:
    @app.after_request
    def commit_request_session(response):
        session = g.get("db_session")
        if session is not None and response.status_code < 400:
            session.commit()
        return response

    @app.teardown_appcontext
    def close_request_session(exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()  # rolls back whatever was not committed
