"""The views' one door to access_control: the 403/404 decision and the access-log entry for each action.

`audit` commits the entry before the view goes on, so an action whose entry
cannot be written is refused (AccessLogUnavailable, 503). Refusals are logged
too, as "denied".
"""
from __future__ import annotations

from typing import Any

from flask import g, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from access_control.audit import AccessLog, AccessLogUnavailable, Actor, Event
from access_control.models import RetrievalSlip
from access_control.policy import Action, Decision, decide
from access_control.subjects import case_record
from earchive.errors import Forbidden, NotFound
from records.models import Case, Document
from webapp.request_db import current_ctx, db_session


def client_address() -> str:
    return (request.remote_addr or "unknown")[:64]


def access_log() -> AccessLog:
    """This request's access log: it remembers what was recorded until `commit` signs checkpoints."""
    if "access_log" not in g:
        g.access_log = AccessLog(current_ctx().settings)
    return g.access_log


def current_actor() -> Actor:
    if not current_user.is_authenticated:
        return Actor(None, "anonymous", None, None, client_address())
    return Actor(current_user.id, current_user.username, current_user.role, current_user.unit_id, client_address())


def audit(event: Event, actor: Actor | None = None) -> None:
    """Write one access-log entry and commit it with whatever the request changed so far."""
    session = db_session()
    with current_ctx().db.write_turn(session):  # from taking the log's head to the commit
        access_log().record(session, actor or current_actor(), event)
        _commit(session)
    access_log().committed()


def commit() -> None:
    """Commit the request's changes with their access-log entries; a failure refuses the action."""
    _commit(db_session())
    access_log().committed()


def _commit(session: Session) -> None:
    try:
        session.commit()
    except SQLAlchemyError as e:
        session.rollback()
        raise AccessLogUnavailable("访问日志无法写入，操作已拒绝；请联系系统管理员") from e


# Ids are 64-bit in every database we run on; a larger number names no record (and must not reach the driver).
MAX_ID = 2**63 - 1


def record_id(value: Any) -> int | None:
    """A form's or query string's record id as an int, or None when it cannot name a record."""
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def record_ids(values: list[str]) -> list[int]:
    return [i for i in (record_id(v) for v in values) if i is not None]


def _refuse(decision: Decision, event: Event, record: Any = None) -> None:
    if event.case_id is not None and _may_apply_for(record):
        g.apply_case_id = event.case_id  # the 403 page offers to ask for it
    refuse(event, decision.reason, decision.reason_for_log)


def refuse(event: Event, reason: str, logged_reason: str = "") -> None:
    """Log `event` as denied, with the precise reason, and answer 403 with `reason`."""
    audit(Event(event.action, outcome="denied", slip_no=event.slip_no, record_kind=event.record_kind,
                record_id=event.record_id, case_id=event.case_id,
                detail={**event.detail, "reason": logged_reason or reason}))
    raise Forbidden(reason)


def require(action: Action, record: Any = None) -> Decision:
    decision = decide(current_user, action, record)
    if not decision:
        kind = "document" if isinstance(record, Document) else ("case" if record is not None else None)
        _refuse(decision, Event(str(action), record_kind=kind, record_id=getattr(record, "id", None),
                                case_id=getattr(record, "case_id", None)))
    return decision


def _may_apply_for(record: Any) -> bool:
    return (record is not None and current_user.is_authenticated and current_user.role != "applicant"
            and bool(decide(current_user, Action.apply))
            and getattr(record, "unit_id", None) in current_user.agency_unit_ids)


def may(action: Action | str, record: Any = None) -> bool:
    """For templates: whether to offer a link or button at all."""
    return decide(current_user, action, record).allowed


def finished_document(document_id: int) -> Document:
    """The document `document_id` once ingest has finished it, else 404 (nothing is logged: no record)."""
    document = db_session().get(Document, document_id) if record_id(document_id) else None
    if document is None or document.status != "ok":
        raise NotFound("文书不存在或尚未处理完成")
    return document


def document_for(action: Action, document_id: int, **detail: Any) -> Document:
    """The finished document `document_id`, if the current user may do `action` on it; logged either way."""
    return document_with_decision(action, document_id, **detail)[0]


def document_with_decision(action: Action, document_id: int, **detail: Any) -> tuple[Document, Decision]:
    """`document_for`, with the decision it rests on (a slip's, for instance)."""
    document = finished_document(document_id)
    event = Event(str(action), record_kind="document", record_id=document.id, case_id=document.case_id,
                  detail=detail)
    decision = decide(current_user, action, document)
    if not decision:
        _refuse(decision, event, document)
    audit(Event(str(action), slip_no=decision.slip_no, purpose=slip_purpose(decision.slip_id),
                record_kind="document", record_id=document.id, case_id=document.case_id,
                content_hash=document.pdfa_sha256 if action in (Action.download, Action.print) else document.sha256,
                detail=detail))
    return document, decision


def case_for(case_id: int | None) -> Case:
    case = db_session().get(Case, case_id) if record_id(case_id) else None
    if case is None:
        raise NotFound("案件不存在")
    return case


def case_viewable(case: Case) -> Decision:
    return decide(current_user, Action.view, case_record(case))


def slip_purpose(slip_id: int | None) -> str | None:
    if slip_id is None:
        return None
    slip = db_session().get(RetrievalSlip, slip_id)
    return slip.purpose if slip else None
