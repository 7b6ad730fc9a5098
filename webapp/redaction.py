"""A slip's redaction plan in the browser: review it on the page images, edit it, preview the redacted pages.

The plan of an applicant's slip is reviewed before the head approves the slip
(001:35, 002 记录办法:29): on each page image, the boxes the detectors proposed,
coloured by reason; a reviewer removes a box, changes its reason, draws a new
one with the mouse, withholds a page or a whole document, and marks the plan
reviewed (审核完成). Who may do this is redaction.plans.may_edit (Action.review
over the slip's case); every page and every change reaches the access log,
never with what a box hides. Staff see the stored page images here; an
applicant never reaches these routes, and sees only burned images
(webapp/documents.py).

Each POST answers a form with a redirect back to the page, and a request that
asks for JSON (Accept: application/json, CSRF token in X-CSRFToken) with JSON.
"""
from __future__ import annotations

import io
import logging
from typing import Any

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from PIL import Image

from access_control.audit import Event
from access_control.models import RetrievalSlip
from access_control.slips import approved_documents
from access_control.policy import Action, Decision, decide
from earchive.errors import Forbidden, NotFound
from ocr.artefacts import page_image as stored_page_image
from records.models import Document, Page
from redaction.burn import redact_page_image
from redaction.kinds import KIND_LABELS, REASON_LABELS, Kind, Reason
from redaction.plans import (
    AUDIT_ACTION,
    RECORD_KIND,
    Drawn,
    PlanError,
    add_box,
    change_reason,
    mark_reviewed,
    may_edit,
    plan_for_slip,
    remove_entry,
    restore,
    slip_documents,
    stored_plan,
    withhold,
)
from webapp.access import access_log, audit, commit, current_actor, record_id, refuse
from webapp.request_db import current_ctx, db_session

log = logging.getLogger(__name__)

bp = Blueprint("redaction", __name__, url_prefix="/slips")

SOURCES = {"auto": "自动识别", "manual": "人工添加"}


def _labels() -> dict[str, Any]:
    return {"kind_labels": {str(k): v for k, v in KIND_LABELS.items()},
            "reason_labels": {str(r): v for r, v in REASON_LABELS.items()}, "sources": SOURCES,
            "kinds": [(str(k), k.label) for k in Kind], "reasons": [(str(r), r.label) for r in Reason]}


def plan_slip(slip_id: int, action: str = "view") -> RetrievalSlip:
    """The slip, if the current user may review its plan; a refusal is logged."""
    session = db_session()
    slip = session.get(RetrievalSlip, slip_id) if record_id(slip_id) else None
    if slip is None:
        raise NotFound("调用单不存在")
    allowed = may_edit(session, current_user.subject, slip)
    if not allowed:
        refuse(Event(action, slip_no=slip.slip_no, record_kind=RECORD_KIND, case_id=slip.case_id,
                     detail={"slip": slip.id}), allowed.reason, allowed.reason_for_log)
    return slip


def applicant_slip(decision: Decision) -> RetrievalSlip | None:
    """The applicant's slip a view rests on, whose redaction plan applies to it; None for staff and for
    an officer's internal slip."""
    if decision.slip_id is None:
        return None
    slip = db_session().get(RetrievalSlip, decision.slip_id)
    return slip if slip is not None and slip.kind == "applicant" else None


def image_response(image: Image.Image) -> Response:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG")
    return Response(buffer.getvalue(), mimetype="image/png")


def _pages(documents: list[Document]) -> dict[int, list[Page]]:
    from sqlalchemy import select

    ids = [d.id for d in documents]
    pages: dict[int, list[Page]] = {i: [] for i in ids}
    if ids:
        for page in db_session().scalars(select(Page).where(Page.document_id.in_(ids))
                                         .order_by(Page.document_id, Page.page_no)):
            pages[page.document_id].append(page)
    return pages


@bp.get("/<int:slip_id>/redaction")
def review(slip_id: int):
    slip = plan_slip(slip_id)
    session = db_session()
    plan = plan_for_slip(session, access_log(), current_actor(), slip)
    row = stored_plan(session, slip)
    documents = slip_documents(session, slip)
    viewable = [d for d in documents if decide(current_user, Action.view, d)]
    if not viewable:
        refuse(Event("view", slip_no=slip.slip_no, record_kind=RECORD_KIND, record_id=row.id, case_id=slip.case_id),
               "调用单中没有您有权调阅的文书")
    document = next((d for d in viewable if d.id == request.args.get("doc", type=int)), viewable[0])
    page_no = max(1, min(request.args.get("page", 1, type=int), max(document.page_count, 1)))
    pages = _pages(viewable)
    page = next((p for p in pages[document.id] if p.page_no == page_no), None)
    audit(Event("view", slip_no=slip.slip_no, record_kind=RECORD_KIND, record_id=row.id, case_id=slip.case_id,
                detail={"page": "redaction_plan", "document": document.id, "page_no": page_no}))
    counts = {(e.document_id, e.page_no): 0 for e in plan.entries}
    for e in plan.entries:
        counts[(e.document_id, e.page_no)] += 1
    return render_template(
        "redaction/review.html", slip=slip, row=row, plan=plan, documents=viewable,
        hidden=len(documents) - len(viewable), document=document, page=page, page_no=page_no,
        entries=plan.entries_on(document.id, page_no), counts=counts,
        page_withheld=plan.withheld_reason(document.id, page_no),
        withholdings=sorted(row.withholdings, key=lambda w: (w.document_id, w.page_no or 0)),
        titles={d.id: d.title or d.source_name for d in documents},
        editable=slip.status == "pending", **_labels())


def _wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"


def _data() -> dict[str, Any]:
    return (request.get_json(silent=True) or {}) if request.is_json else request.form.to_dict()


def _reason(value: Any) -> Reason:
    try:
        return Reason(str(value or ""))
    except ValueError:
        raise PlanError("请选择遮盖理由：国家秘密、商业秘密或个人隐私") from None


def _kind(value: Any, default: Kind | None = None) -> Kind | None:
    if not value:
        return default
    try:
        return Kind(str(value))
    except ValueError:
        raise PlanError("请选择遮盖内容的类型") from None


def _int(value: Any, what: str) -> int:
    text = str(value if value is not None else "").strip()
    try:
        return int(float(text))
    except ValueError:
        raise PlanError(f"{what}不是有效的数字") from None


def _edit(slip_id: int, op: str, change, done: str, back: dict[str, Any] | None = None):
    """Run one plan edit in the request's transaction with its access-log entry; a refusal is logged too."""
    slip = plan_slip(slip_id, AUDIT_ACTION)
    session = db_session()
    data = _data()
    try:
        result = change(session, slip, data)
    except (PlanError, Forbidden, NotFound) as e:
        session.rollback()
        row = stored_plan(session, slip)
        audit(Event(AUDIT_ACTION, outcome="denied", slip_no=slip.slip_no, record_kind=RECORD_KIND,
                    record_id=row.id if row else None, case_id=slip.case_id, detail={"op": op, "reason": e.message}))
        if _wants_json():
            return jsonify({"error": e.message}), e.http_status
        if isinstance(e, Forbidden):
            raise
        flash(f"未保存：{e.message}")
        return _back(slip, data, back)
    commit()
    log.info("user %s: redaction plan of slip %s, %s", current_user.username, slip.slip_no, op)
    if _wants_json():
        return jsonify({"ok": True, "op": op, **(result or {})})
    flash(done)
    return _back(slip, data, back)


def _back(slip: RetrievalSlip, data: dict[str, Any], back: dict[str, Any] | None):
    where = back or {"doc": record_id(data.get("document_id")), "page": record_id(data.get("page"))}
    return redirect(url_for(".review", slip_id=slip.id, **{k: v for k, v in where.items() if v}) + "#plan",
                    code=303)


def _subject():
    return current_user.subject


@bp.post("/<int:slip_id>/redaction/entries")
def add_entry(slip_id: int):
    def change(session, slip, data):
        kind = _kind(data.get("kind"), Kind.manual)
        drawn = Drawn(document_id=_int(data.get("document_id"), "文书"), page_no=_int(data.get("page"), "页码"),
                      box=tuple(_int(data.get(k), "遮盖框坐标") for k in ("x0", "y0", "x1", "y1")), kind=kind,
                      reason=_reason(data.get("reason") or kind.default_reason))
        entry = add_box(session, access_log(), current_actor(), _subject(), slip, drawn)
        return {"entry": entry.to_json(public=True)}
    return _edit(slip_id, "add", change, "已添加遮盖框")


@bp.post("/<int:slip_id>/redaction/entries/<key>/remove")
def remove(slip_id: int, key: str):
    def change(session, slip, data):
        remove_entry(session, access_log(), current_actor(), _subject(), slip, key[:16])
    return _edit(slip_id, "remove", change, "已删除遮盖框")


@bp.post("/<int:slip_id>/redaction/entries/<key>/reason")
def reason(slip_id: int, key: str):
    def change(session, slip, data):
        change_reason(session, access_log(), current_actor(), _subject(), slip, key[:16],
                      _reason(data.get("reason")), _kind(data.get("kind")))
    return _edit(slip_id, "change", change, "已修改遮盖理由")


@bp.post("/<int:slip_id>/redaction/withholdings")
def add_withholding(slip_id: int):
    def change(session, slip, data):
        scope = data.get("scope", "page")
        page_no = None if scope == "document" else _int(data.get("page"), "页码")
        held = withhold(session, access_log(), current_actor(), _subject(), slip,
                        document_id=_int(data.get("document_id"), "文书"), page_no=page_no,
                        reason=_reason(data.get("reason")), note=str(data.get("note") or ""))
        return {"withholding": held.id}
    return _edit(slip_id, "withhold", change, "已设为不予提供")


@bp.post("/<int:slip_id>/redaction/withholdings/<int:withholding_id>/restore")
def restore_withholding(slip_id: int, withholding_id: int):
    def change(session, slip, data):
        restore(session, access_log(), current_actor(), _subject(), slip, withholding_id)
    return _edit(slip_id, "restore", change, "已恢复提供")


@bp.post("/<int:slip_id>/redaction/reviewed")
def reviewed(slip_id: int):
    def change(session, slip, data):
        mark_reviewed(session, access_log(), current_actor(), _subject(), slip)
    return _edit(slip_id, "reviewed", change, "遮盖方案已审核完成，负责人现在可以审批调用单", back={})


@bp.get("/<int:slip_id>/redaction/plan.json")
def plan_json(slip_id: int):
    """The plan without what its boxes hide (Plan.to_json(public=True)), with its review state."""
    slip = plan_slip(slip_id)
    session = db_session()
    plan = plan_for_slip(session, access_log(), current_actor(), slip)
    row = stored_plan(session, slip)
    audit(Event("view", slip_no=slip.slip_no, record_kind=RECORD_KIND, record_id=row.id, case_id=slip.case_id,
                detail={"page": "redaction_plan", "format": "json"}))
    return jsonify({**plan.to_json(public=True), "status": row.status, "reviewed_by": row.reviewed_by})


def _preview_documents(slip: RetrievalSlip) -> list[Document]:
    """What the release would hold: the approved documents once decided, else all asked for."""
    session = db_session()
    documents = approved_documents(session, slip) if slip.status == "approved" else slip_documents(session, slip)
    return [d for d in documents if decide(current_user, Action.view, d)]


@bp.get("/<int:slip_id>/redaction/preview")
def preview(slip_id: int):
    """The pages as the applicant will get them: burned with the plan, withheld pages as notices."""
    slip = plan_slip(slip_id)
    session = db_session()
    plan = plan_for_slip(session, access_log(), current_actor(), slip)
    row = stored_plan(session, slip)
    documents = _preview_documents(slip)
    audit(Event("view", slip_no=slip.slip_no, record_kind=RECORD_KIND, record_id=row.id, case_id=slip.case_id,
                detail={"page": "redaction_preview", "documents": [d.id for d in documents]}))
    return render_template("redaction/preview.html", slip=slip, row=row, plan=plan, documents=documents,
                           pages=_pages(documents), **_labels())


@bp.get("/<int:slip_id>/redaction/preview/<int:document_id>/<int:page_no>")
def preview_image(slip_id: int, document_id: int, page_no: int):
    slip = plan_slip(slip_id)
    session = db_session()
    document = next((d for d in _preview_documents(slip) if d.id == document_id), None)
    if document is None:
        refuse(Event("view", slip_no=slip.slip_no, record_kind="document", record_id=document_id,
                     case_id=slip.case_id, detail={"page": page_no, "part": "redaction_preview"}),
               "该文书不在本调用单中，或您无权调阅")
    plan = plan_for_slip(session, access_log(), current_actor(), slip)
    if plan.withheld_reason(document.id, page_no) is not None:
        raise NotFound("本页不予提供")
    path = stored_page_image(current_ctx().store.derived_dir(document.sha256), page_no)
    if path is None:
        raise NotFound("页面图像不存在")
    audit(Event("view", slip_no=slip.slip_no, record_kind="document", record_id=document.id,
                case_id=document.case_id, content_hash=document.sha256,
                detail={"page": page_no, "part": "redaction_preview"}))
    return image_response(redact_page_image(path, plan.entries_on(document.id, page_no), mask_names=plan.mask_names))


__all__ = ["applicant_slip", "bp", "image_response", "plan_slip"]
