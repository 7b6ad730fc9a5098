"""The shared 403/404 decision for views: every view asks access_control.policy through here."""
from __future__ import annotations

from flask_login import current_user

from access_control.policy import Action, decide
from earchive.errors import Forbidden, NotFound
from records.models import Document
from webapp.request_db import db_session


def require(action: Action, document: Document | None = None) -> None:
    decision = decide(current_user, action, document)
    if not decision:
        raise Forbidden(decision.reason)


def may(action: Action, document: Document | None = None) -> bool:
    """For templates: whether to offer a link or button at all."""
    return decide(current_user, action, document).allowed


def document_for(action: Action, document_id: int) -> Document:
    """The finished document `document_id`, if the current user may do `action` on it."""
    document = db_session().get(Document, document_id)
    if document is None or document.status != "ok":
        raise NotFound("文书不存在或尚未处理完成")
    require(action, document)
    return document
