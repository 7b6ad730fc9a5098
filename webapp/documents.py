"""The document viewer: metadata, pages with OCR text and hit boxes, page images, PDF/A download and print.

Each of these asks the policy and writes its access-log entry (webapp.access.document_for).
An archivist sets the document's 密级 and secrecy marks from its page
(access_control.marking decides, logs and re-indexes); a lowering that waits for
a head is shown there, with the head's approval form.
Staff whose role reaches the document get the stored PDF/A. A slip holder never
does: they get a copy watermarked for their slip, counted against its downloads,
and only by a POST (001:35, 002 记录办法:29); page images shown under a slip
carry the same watermark.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from urllib.parse import quote

from flask import Blueprint, Response, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from access_control.approvals import may_decide, rules_for
from access_control.audit import Event
from access_control.copies import slip_mark, watermark_image, watermark_page_image
from access_control.marking import SETTABLE_MARKS, MarkingError, mark_labels, may_mark, set_marking
from access_control.models import PendingChange, RetrievalSlip
from access_control.policy import Action, decide
from access_control.subjects import agency_of_unit
from earchive.errors import Forbidden, NotFound
from ocr.artefacts import PAGE_IMAGE_TYPES
from ocr.artefacts import page_image as stored_page_image
from records import classification
from records.models import Case, Document, Page, Unit, utcnow
from redaction.burn import redact_page_image
from redaction.plan import Plan
from redaction.plans import plan_for_slip
from webapp.access import (access_log, commit, current_actor, document_for, document_with_decision,
                            finished_document, refuse)
from webapp.forms import MarkingForm
from webapp.redaction import applicant_slip
from webapp.slips import copy_response, issue_copy
from webapp.highlight import hit_boxes, mark_text, term_patterns
from webapp.request_db import current_ctx, db_session

log = logging.getLogger(__name__)

bp = Blueprint("documents", __name__, url_prefix="/documents")

_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|]+')


def download_filename(document: Document) -> str:
    """A readable file name for the PDF/A: the title (or original name) with unsafe characters removed."""
    base = document.title or document.source_name.rsplit(".", 1)[0]
    base = "".join(ch for ch in base if not unicodedata.category(ch).startswith("C"))
    base = " ".join(_UNSAFE_IN_FILENAME.sub("_", base).split()).strip(" .")[:100]
    return f"{base or f'document-{document.id}'}.pdf"


def attachment_disposition(filename: str, ascii_fallback: str) -> str:
    """Content-Disposition for a download: RFC 6266 with the UTF-8 name in RFC 5987 form."""
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _pages_with_hits(document_id: int, patterns) -> list[int]:
    rows = db_session().execute(select(Page.page_no, Page.text_norm)
                                .where(Page.document_id == document_id).order_by(Page.page_no))
    return [no for no, text in rows if all(p.search(text) for p in patterns)]


@bp.get("/<int:document_id>")
def show(document_id: int):
    page_no = max(1, request.args.get("page", 1, type=int))
    document, decision = document_with_decision(Action.view, document_id, page=page_no)
    session = db_session()
    page_no = min(page_no, max(document.page_count, 1))
    page = session.scalar(select(Page).where(Page.document_id == document.id, Page.page_no == page_no))
    plan = _release_plan(decision)
    # Under an applicant's slip the OCR text is not shown at all, and no term is searched in it: what a
    # redaction box hides is in that text, and a hit box or a page list would tell where it is.
    q = request.args.get("q", "").strip() if plan is None else ""
    patterns = term_patterns(q)
    text_html, mark_count = mark_text(page.text_norm, patterns) if page and plan is None else ("", 0)
    return render_template(
        "document.html",
        document=document, slip_copy=_copy_slip(document), redacted=plan is not None,
        page_withheld=plan.withheld_reason(document.id, page_no) if plan is not None else None,
        case=session.get(Case, document.case_id) if document.case_id else None,
        unit=session.get(Unit, document.unit_id) if document.unit_id else None,
        page=page, page_no=page_no, q=q,
        text_html=text_html, mark_count=mark_count,
        boxes=hit_boxes(page.words, patterns) if page and patterns else [],
        hit_pages=_pages_with_hits(document.id, patterns) if patterns else [],
        **_marking_panel(document),
    )


def _marking_panel(document: Document) -> dict:
    """The marking form for an archivist who may mark the document, and its markings waiting for a head:
    shown to whoever may mark it or decide them."""
    session = db_session()
    form = None
    if may_mark(current_user.subject, document, (document.classification,)) is None:
        marks = document.secrecy or []
        form = MarkingForm(classification=document.classification, state_secret="state_secret" in marks,
                           trade_secret="trade_secret" in marks)
        own = classification.rank(current_user.clearance) or 0
        form.classification.choices = [(code, label) for code, label in form.classification.choices
                                       if (classification.rank(code) or 0) <= own]
    waiting = session.scalars(select(PendingChange).where(
        PendingChange.kind == "marking", PendingChange.target_kind == "document",
        PendingChange.target_id == document.id, PendingChange.status == "pending").order_by(PendingChange.id)).all()
    decidable = {c.id for c in waiting if may_decide(session, current_user.subject, c) is None}
    if form is None and not decidable:
        return {"marking_form": None, "marking_pending": [], "marking_decidable": set(), "marking_rules": None}
    agency_id = agency_of_unit(session, document.unit_id) if document.unit_id is not None else None
    return {"marking_form": form, "marking_pending": waiting, "marking_decidable": decidable,
            "marking_rules": rules_for(session, agency_id)}


@bp.post("/<int:document_id>/marking")
def marking(document_id: int):
    """Set the document's 密级 and secrecy marks: access_control.marking says who may (an archivist of the
    agency, within their clearance), applies a raise at once, sends a lowering to a head when the agency's
    rules say so, and logs each step as a permission change."""
    document = finished_document(document_id)
    seen = decide(current_user, Action.view, document)
    if not seen:  # one may not learn anything of a record one cannot see, not even that it exists
        refuse(Event("permission_change", record_kind="document", record_id=document.id, case_id=document.case_id,
                     detail={"change": "marking"}), seen.reason, seen.reason_for_log)
    form = MarkingForm()
    if not form.validate_on_submit():
        raise MarkingError("请选择密级后再提交")
    marks = [mark for mark in SETTABLE_MARKS if form[mark].data]
    try:
        result = set_marking(db_session(), access_log(), current_actor(), current_user.subject, document,
                             level=form.classification.data, marks=marks, reason=form.reason.data or "")
    except Forbidden:
        commit()  # the refusal's log entry
        raise
    commit()
    if not result.changes:
        flash("密级和保密标记未改变。")
    elif result.applied:
        flash(f"已设置：密级 {classification.label(document.classification)}，"
              f"保密标记 {mark_labels(document.secrecy or [])}。")
    else:
        flash(f"降低密级或撤销保密标记须经本机关负责人批准，已提交审批（#{result.pending.id}），批准后生效。")
    log.info("user %s marked document %d: %s", current_user.username, document.id, result.changes or "no change")
    return redirect(url_for("documents.show", document_id=document.id), code=303)


@bp.get("/<int:document_id>/pages/<int:page_no>/image")
def page_image(document_id: int, page_no: int):
    document, decision = document_with_decision(Action.view, document_id, page=page_no, part="image")
    path = stored_page_image(current_ctx().store.derived_dir(document.sha256), page_no)
    if path is None:
        raise NotFound("页面图像不存在")
    if decision.slip_id is not None:  # shown under a slip: the page carries the slip's mark
        slip = db_session().get(RetrievalSlip, decision.slip_id)
        mark = slip_mark(slip.slip_no, slip.applicant_name, utcnow().date())
        plan = _release_plan(decision)
        if plan is None:
            data, mimetype = watermark_page_image(path, mark)
            return Response(data, mimetype=mimetype)
        # An applicant sees the page as the release gives it: burned with the slip's plan, then marked.
        held = plan.withheld_reason(document.id, page_no)
        if held is not None:
            refuse(Event("view", slip_no=slip.slip_no, record_kind="document", record_id=document.id,
                         case_id=document.case_id, detail={"page": page_no, "part": "image", "withheld": True}),
                   f"本页不予提供（{held.reason.label}）")
        image = redact_page_image(path, plan.entries_on(document.id, page_no), mask_names=plan.mask_names)
        data, mimetype = watermark_image(image, mark, png=path.suffix.lower() == ".png")
        return Response(data, mimetype=mimetype)
    return send_file(path, mimetype=PAGE_IMAGE_TYPES[path.suffix])


def _release_plan(decision) -> Plan | None:
    """The redaction plan of the applicant's slip a view rests on; None for staff and internal slips.

    A slip approved before plans existed gets one proposed now (logged), so nothing is shown unredacted.
    """
    slip = applicant_slip(decision)
    if slip is None:
        return None
    plan = plan_for_slip(db_session(), access_log(), current_actor(), slip)
    commit()
    return plan


def _copy_slip(document: Document) -> RetrievalSlip | None:
    """The slip that gives the current user a watermarked copy of `document`, where a slip is what does."""
    if decide(current_user, Action.download, document):
        return None  # staff get the stored PDF/A
    decision = decide(current_user, Action.copy, document)
    return db_session().get(RetrievalSlip, decision.slip_id) if decision.slip_id is not None else None


def _slip_copy_or_none(document_id: int, action: Action) -> Response | None:
    """For a slip holder, the watermarked copy (POST only, counted); None where the original is the answer."""
    document = finished_document(document_id)
    slip = _copy_slip(document)
    if slip is None:
        return None
    if request.method != "POST":
        event = Event(str(action), slip_no=slip.slip_no, record_kind="document", record_id=document.id,
                      case_id=document.case_id)
        refuse(event, "调用单持有人只能获取带水印的复制件，且每次计入调用单的下载次数："
                      "请在文书页面点击“下载复制件”。")
    data = issue_copy(slip, [document], record=document)
    log.info("user %s took a watermarked copy of document %d under slip %s", current_user.username,
             document.id, slip.slip_no)
    return copy_response(data, f"copy-{document.id}.pdf", f"复制件-{slip.slip_no}-{document.id}.pdf",
                         inline=action is Action.print)


def _pdfa_path(document_id: int):
    document = db_session().get(Document, document_id)
    path = current_ctx().store.derived_path(document.sha256, "document.pdf") if document else None
    if path is None or not path.is_file():
        raise NotFound("该文书的 PDF/A 文件尚未生成")
    return path


@bp.route("/<int:document_id>/download", methods=["GET", "POST"])
def download(document_id: int):
    copy = _slip_copy_or_none(document_id, Action.download)
    if copy is not None:
        return copy
    document = document_for(Action.download, document_id)
    path = _pdfa_path(document.id)
    log.info("user %s downloaded document %d", current_user.username, document.id)
    response = send_file(path, mimetype="application/pdf")
    response.headers["Content-Disposition"] = attachment_disposition(
        download_filename(document), f"document-{document.id}.pdf")
    return response


@bp.route("/<int:document_id>/print", methods=["GET", "POST"])
def print_pdf(document_id: int):
    """The PDF/A shown inline, for the browser's print dialog (a slip holder's copy is watermarked)."""
    copy = _slip_copy_or_none(document_id, Action.print)
    if copy is not None:
        return copy
    document = document_for(Action.print, document_id)
    response = send_file(_pdfa_path(document.id), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="document-{document.id}.pdf"'
    return response
