"""Retrieval slips in the browser: apply, decide, print the form, download the watermarked copy.

A copy is spent only by a POST (the form's button carries its CSRF token), so
no link on another site can use up a slip's downloads.
"""
from __future__ import annotations

import logging
from urllib.parse import quote

from flask import Blueprint, Response, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import or_, select
from werkzeug.exceptions import RequestEntityTooLarge

from access_control.audit import Event
from access_control.authorisations import AuthorisationArea, AuthorisationError, kind_of, megabytes
from access_control.models import RetrievalSlip
from access_control.policy import Action, decide, may_decide_slip, may_see_slip
from access_control.roles import Role
from access_control.slips import (
    DELIVERIES,
    MODES,
    RELATIONS,
    STATES,
    Applicant,
    SlipError,
    approved_documents,
    create_slip,
    decide_slip,
    media_label,
    slip_media,
    slip_state,
    take_download,
)
from access_control.subjects import agency_rules
from casefiles.numbers import find_cases
from earchive.errors import Forbidden, NotFound
from media.models import MediaItem
from records.models import Agency, Case, Document, Unit, User, utcnow
from redaction.kinds import KIND_LABELS, REASON_LABELS
from redaction.plans import PlanError, is_reviewed, may_edit, reviewed_plan_for_slip, stored_plan, summary
from webapp.access import access_log, audit, case_for, commit, current_actor, record_ids, require
from webapp.cases import may_apply_internally
from webapp.forms import DecisionForm, SlipForm
from webapp.request_db import current_ctx, db_session

log = logging.getLogger(__name__)

bp = Blueprint("slips", __name__, url_prefix="/slips")

LIST_LIMIT = 200
# The slip form's request: the authorisation at its limit plus the form's own fields.
FORM_BYTES = 256 * 1024


def authorisation_area() -> AuthorisationArea:
    ctx = current_ctx()
    return AuthorisationArea.for_settings(ctx.settings, ctx.store)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(e: RequestEntityTooLarge):
    limit = megabytes(current_ctx().settings.authorisation_max_bytes)
    message = (f"上传的授权委托书超过 {limit} 的上限，申请未提交。请降低扫描分辨率（200 dpi 已足够）、"
               f"改用灰度或黑白扫描，或压缩为不超过 {limit} 的 PDF、JPEG 或 PNG 文件后重新填写提交。")
    return render_template("error.html", status=413, title="上传的文件过大", message=message), 413


def _labels() -> dict:
    return {"modes": MODES, "deliveries": DELIVERIES, "relations": RELATIONS, "states": STATES}


def _case_unit(slip: RetrievalSlip) -> int | None:
    return db_session().scalar(select(Case.unit_id).where(Case.id == slip.case_id))


def slip_for_view(slip_id: int, action: str = "view") -> RetrievalSlip:
    """The slip, if the user may see it; a refusal is logged."""
    slip = db_session().get(RetrievalSlip, slip_id)
    if slip is None:
        raise NotFound("调用单不存在")
    decision = may_see_slip(current_user, slip, _case_unit(slip))
    if not decision:
        audit(Event(action, outcome="denied", record_kind="slip", record_id=slip.id,
                    detail={"reason": decision.reason}))
        raise Forbidden(decision.reason)
    return slip


@bp.get("/")
def index():
    if not (decide(current_user, Action.apply) or decide(current_user, Action.approve)):
        require(Action.apply)
    mine = or_(RetrievalSlip.created_by_id == current_user.id, RetrievalSlip.applicant_user_id == current_user.id)
    query = select(RetrievalSlip)
    if current_user.role in (Role.archivist.value, Role.head.value):
        agency_cases = select(Case.id).where(Case.unit_id.in_(current_user.agency_unit_ids))
        query = query.where(or_(mine, RetrievalSlip.case_id.in_(agency_cases)))
    else:
        query = query.where(mine)
    slips = db_session().scalars(query.order_by(RetrievalSlip.id.desc()).limit(LIST_LIMIT)).all()
    pending = [s for s in slips if s.status == "pending" and may_decide_slip(current_user, s, _case_unit(s))]
    cases = {c.id: c for c in db_session().scalars(select(Case).where(Case.id.in_({s.case_id for s in slips})))}
    return render_template("slips/index.html", slips=slips, pending=pending, cases=cases, now=utcnow(),
                           state=slip_state, **_labels())


def _agencies() -> list[tuple[int, str]]:
    return [(a.id, a.name) for a in db_session().scalars(select(Agency).order_by(Agency.name))]


@bp.route("/new", methods=["GET", "POST"])
def new():
    require(Action.apply)
    # Only the authorisation is uploaded here: a body larger than it can be is refused unread (413).
    request.max_content_length = current_ctx().settings.authorisation_max_bytes + FORM_BYTES
    session = db_session()
    role = Role(current_user.role)
    form = SlipForm()
    form.authorisation.label.text = ("授权委托书（PDF、JPEG 或 PNG，不超过 "
                                     f"{megabytes(current_ctx().settings.authorisation_max_bytes)}；代理人必传）")
    case, documents, media = None, [], []
    if role is Role.applicant:
        form.agency.choices = _agencies()
    else:
        form.agency.choices, form.agency.validate_choice = [], False
        case = case_for(request.args.get("case_id"))
        if role is Role.archivist:
            if case.unit_id not in current_user.agency_unit_ids:
                _refuse_form(case, "只能为本机关的案件登记调用单")
            documents = [d for d in session.scalars(select(Document).where(
                Document.case_id == case.id, Document.status == "ok").order_by(Document.id))
                if decide(current_user, Action.view, d)]
            from webapp.media import case_media  # late: webapp.media imports this module through documents

            media = case_media(case.id)  # offered unticked: a clip goes on a slip only when chosen
        elif not may_apply_internally(case):
            _refuse_form(case, "只能申请调阅本机关的案件")
    if form.validate_on_submit():
        try:
            slip = _create(form, role, case)
        except AuthorisationError as e:
            form.authorisation.errors = [*form.authorisation.errors, e.message]
        except SlipError as e:
            form.purpose.errors = [*form.purpose.errors, e.message]
        else:
            commit()
            return redirect(url_for("slips.show", slip_id=slip.id), code=303)
    if case is not None:  # the form shows the case's number and cause, and to an archivist its documents
        audit(Event("view", record_kind="case", record_id=case.id, case_id=case.id,
                    detail={"page": "slip_form", "documents": [d.id for d in documents],
                            **({"media_items": [m.id for m in media]} if media else {})}))
    return render_template("slips/new.html", form=form, role=role.value, case=case, documents=documents,
                           media=media, media_label=media_label, **_labels())


def _refuse_form(case: Case, reason: str) -> None:
    audit(Event("slip_create", outcome="denied", record_kind="case", record_id=case.id, case_id=case.id,
                detail={"reason": reason}))
    raise Forbidden(reason)


def _applicant_case(agency_id: int, typed: str) -> Case:
    """The agency's case an applicant names, by any written form of any of its numbers (#13).

    （）, (), 〔〕 or [], with or without 第 and leading zeros: 测住建罚（2023）0887号 is 测住建罚〔2023〕887号.
    """
    session = db_session()
    units = set(session.scalars(select(Unit.id).where(Unit.agency_id == agency_id)))
    found = [c for c in find_cases(session, typed) if c.unit_id in units]
    if len(found) != 1:
        raise SlipError("未找到该案号，请核对后重试，或到窗口由档案管理员代为办理" if not found else
                        "该案号对应本机关的多个案件，请到窗口由档案管理员代为办理")
    return found[0]


def _create(form: SlipForm, role: Role, case: Case | None) -> RetrievalSlip:
    session = db_session()
    ctx = current_ctx()
    if role is Role.applicant:
        case = _applicant_case(form.agency.data, form.case_no.data or "")
    applicant = None
    document_ids, media_ids = None, []
    if role is Role.applicant:
        applicant = Applicant(name=current_user.display_name, id_number=form.id_number.data,
                              relation=form.relation.data, party_name=form.party_name.data,
                              user_id=current_user.id)
    elif role is Role.archivist:
        account = None
        if (form.applicant_username.data or "").strip():
            account = session.scalar(select(User).where(User.username == form.applicant_username.data.strip(),
                                                        User.role == Role.applicant.value))
            if account is None:
                raise SlipError("没有这个申请人账户")
        applicant = Applicant(name=form.applicant_name.data or "", id_number=form.id_number.data,
                              relation=form.relation.data, party_name=form.party_name.data,
                              user_id=account.id if account else None)
        document_ids = record_ids(request.form.getlist("document_ids"))
        media_ids = record_ids(request.form.getlist("media_item_ids"))
        if not document_ids and not media_ids:
            raise SlipError("请选择申请的文书")
    upload = form.authorisation.data
    authorisation = (upload.filename or "授权委托书", upload.stream) if upload and upload.filename else None
    return create_slip(session, access_log(), current_actor(), current_user.subject, case=case,
                       mode=form.mode.data if applicant else "view", purpose=form.purpose.data,
                       delivery=form.delivery.data if applicant else "onsite", applicant=applicant,
                       document_ids=document_ids, authorisation=authorisation,
                       authorisations=AuthorisationArea.for_settings(ctx.settings, ctx.store),
                       media_item_ids=media_ids)


@bp.get("/<int:slip_id>")
def show(slip_id: int):
    slip = slip_for_view(slip_id)
    session = db_session()
    case = session.get(Case, slip.case_id)
    documents = session.scalars(select(Document).where(Document.id.in_([i.document_id for i in slip.items]))
                                .order_by(Document.id)).all()
    approved = {i.document_id for i in slip.items if i.approved}
    can_decide = slip.status == "pending" and bool(may_decide_slip(current_user, slip, case.unit_id))
    # An applicant sees the titles of what was approved; staff of the agency see the whole request.
    if current_user.role == Role.applicant.value:
        documents = [d for d in documents if d.id in approved]
    media_rows = slip_media(session, slip)
    approved_media = {m.item_id for m in media_rows if m.approved}
    media = [m for m in session.scalars(select(MediaItem).where(MediaItem.id.in_([m.item_id for m in media_rows]))
                                        .order_by(MediaItem.id))
             if current_user.role != Role.applicant.value or m.id in approved_media]
    audit(Event("view", slip_no=slip.slip_no, record_kind="slip", record_id=slip.id, case_id=slip.case_id))
    people = {u.id: u for u in session.scalars(select(User).where(
        User.id.in_({slip.created_by_id, slip.decided_by_id or 0})))}
    state = slip_state(slip)
    can_copy = (slip.mode == "copy" and state == "approved"
                and all(decide(current_user, Action.copy, d) for d in documents if d.id in approved))
    return render_template("slips/show.html", slip=slip, case=case, documents=documents, approved=approved,
                           state=state, can_decide=can_decide, form=DecisionForm(), people=people,
                           can_copy=can_copy, rules=agency_rules(session, slip.agency_id),
                           viewable={d.id for d in documents if decide(current_user, Action.view, d)},
                           can_see_authorisation=current_user.role in (Role.archivist.value, Role.head.value),
                           authorisation_kept=authorisation_area().location(slip) is not None,
                           redaction=_redaction_panel(slip), media=media, approved_media=approved_media,
                           media_label=media_label, **_labels())


def _redaction_panel(slip: RetrievalSlip) -> dict | None:
    """An applicant's slip shows its staff the redaction plan: what will be hidden and withheld, and whether it
    was reviewed, so the head approves the slip with its plan in view (001:35, 002 记录办法:29)."""
    if slip.kind != "applicant" or not may_edit(db_session(), current_user.subject, slip):
        return None
    row = stored_plan(db_session(), slip)
    titles = {d.id: d.title or d.source_name for d in db_session().scalars(
        select(Document).where(Document.id.in_([i.document_id for i in slip.items])))}
    return {"row": row, "summary": summary(row) if row is not None else None, "titles": titles,
            "kind_labels": {str(k): v for k, v in KIND_LABELS.items()},
            "reason_labels": {str(r): v for r, v in REASON_LABELS.items()}}


# What a head is told when an applicant's slip comes to them with its plan not yet reviewed.
PLAN_NOT_REVIEWED = ("遮盖方案尚未审核，不能批准：请档案管理员打开本调用单的“遮盖方案”页面，逐页核对遮盖框和不予提供的页面，"
                     "点击“审核完成”后，再提交审批意见。")


@bp.post("/<int:slip_id>/decide")
def decide_view(slip_id: int):
    slip = slip_for_view(slip_id, "slip_decide")
    form = DecisionForm()
    if not form.validate_on_submit():
        raise SlipError("请选择审批意见")
    ids = record_ids(request.form.getlist("document_ids"))
    media_ids = record_ids(request.form.getlist("media_item_ids"))
    approve = form.decision.data == "approve"
    try:
        decide_slip(db_session(), access_log(), current_actor(), current_user.subject, slip,
                    approve=approve, approved_ids=ids, comment=form.comment.data, approved_media_ids=media_ids)
    except Forbidden as e:
        audit(Event("slip_decide", outcome="denied", slip_no=slip.slip_no, record_kind="slip",
                    record_id=slip.id, detail={"reason": e.message}))
        raise
    if slip.status == "approved" and slip.kind == "applicant" and not is_reviewed(db_session(), slip):
        # Checked after the decision's own checks, so the head hears first what is wrong with the decision itself.
        db_session().rollback()
        access_log().recorded.clear()  # the decision's entry went with the rollback
        audit(Event("slip_decide", outcome="denied", slip_no=slip.slip_no, record_kind="slip",
                    record_id=slip.id, detail={"reason": "redaction plan not reviewed"}))
        raise SlipError(PLAN_NOT_REVIEWED)
    commit()
    authorisation_area().sweep(db_session())  # the decided slip's authorisation: into the store, or deleted
    return redirect(url_for("slips.show", slip_id=slip.id), code=303)


@bp.post("/<int:slip_id>/package.pdf")
def package(slip_id: int):
    """The approved records as one watermarked PDF; each download counts against the slip."""
    slip = slip_for_view(slip_id, "copy")
    session = db_session()
    state = slip_state(slip)
    documents = approved_documents(session, slip)
    refusal = None
    if slip.mode != "copy" or state != "approved":
        refusal = f"该调用单{STATES.get(state, state)}，不能下载复制件" if slip.mode == "copy" else "该调用单只批准查阅"
    else:
        for document in documents:
            decision = decide(current_user, Action.copy, document)
            if not decision:
                refusal = f"《{document.title or document.source_name}》：{decision.reason}"
                break
    if refusal or not documents:
        audit(Event("copy", outcome="denied", slip_no=slip.slip_no, record_kind="slip", record_id=slip.id,
                    case_id=slip.case_id, detail={"reason": refusal or "没有批准的文书"}))
        raise Forbidden(refusal or "没有批准的文书")
    data = issue_copy(slip, documents)
    return copy_response(data, f"copy-{slip.id}.pdf", f"复制件-{slip.slip_no}.pdf")


def issue_copy(slip: RetrievalSlip, documents: list[Document], record: Document | None = None) -> bytes:
    """The documents as one PDF released for `slip`: burned with the slip's reviewed redaction plan, verified,
    watermarked for the slip, counted against its downloads, its SHA-256 logged with the slip
    (redaction.release.release_for_slip). Nothing leaves when the verification finds hidden text readable.

    The count is taken atomically (access_control.slips.take_download): of two requests racing for
    the last download, one is refused. `record` names the one document asked for, when it was one.
    """
    from redaction.release import release_for_slip
    from redaction.verify import ReleaseBlocked

    session = db_session()
    kind, record_id = ("document", record.id) if record is not None else ("slip", slip.id)
    try:
        plan_id, plan = reviewed_plan_for_slip(session, slip)
        copy = release_for_slip(session, current_ctx().store, access_log(), current_actor(), slip, documents,
                                plan, plan_id)
        take_download(session, slip)
    except (Forbidden, PlanError, ReleaseBlocked) as e:
        session.rollback()
        access_log().recorded.clear()  # the release's entry went with the rollback
        audit(Event("copy", outcome="failed" if isinstance(e, ReleaseBlocked) else "denied", slip_no=slip.slip_no,
                    record_kind=kind, record_id=record_id, case_id=slip.case_id, detail={"reason": e.message}))
        raise
    commit()
    log.info("slip %s: released copy %s (%d documents, download %d of %d)", slip.slip_no, copy.sha256[:12],
             len(documents), slip.downloads_used, slip.downloads_allowed)
    return copy.data


def copy_response(data: bytes, ascii_name: str, name: str, inline: bool = False) -> Response:
    response = Response(data, mimetype="application/pdf")
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = (f'{disposition}; filename="{ascii_name}"; '
                                               f"filename*=UTF-8''{quote(name, safe='')}")
    return response


@bp.get("/<int:slip_id>/print")
def print_form(slip_id: int):
    """The slip as a one-page form to print, sign and file."""
    slip = slip_for_view(slip_id, "print")
    session = db_session()
    case = session.get(Case, slip.case_id)
    documents = session.scalars(select(Document).where(Document.id.in_([i.document_id for i in slip.items]))
                                .order_by(Document.id)).all()
    if current_user.role == Role.applicant.value:
        documents = [d for d in documents if any(i.approved and i.document_id == d.id for i in slip.items)]
    audit(Event("print", slip_no=slip.slip_no, record_kind="slip", record_id=slip.id, case_id=slip.case_id))
    people = {u.id: u for u in session.scalars(select(User).where(
        User.id.in_({slip.created_by_id, slip.decided_by_id or 0})))}
    agency = session.get(Agency, slip.agency_id)
    return render_template("slips/print.html", slip=slip, case=case, documents=documents, people=people,
                           agency=agency, state=slip_state(slip),
                           approved={i.document_id for i in slip.items if i.approved}, **_labels())


@bp.get("/<int:slip_id>/authorisation")
def authorisation(slip_id: int):
    slip = slip_for_view(slip_id)
    if current_user.role not in (Role.archivist.value, Role.head.value) or not slip.authorisation_sha256:
        audit(Event("view", outcome="denied", slip_no=slip.slip_no, record_kind="slip", record_id=slip.id,
                    detail={"part": "authorisation"}))
        raise Forbidden("授权委托书仅供档案管理员和负责人查看")
    path = authorisation_area().location(slip)
    if path is None:
        raise NotFound("授权委托书已随不予批准的调用单删除" if slip.status == "rejected" else "授权委托书文件不存在")
    audit(Event("view", slip_no=slip.slip_no, record_kind="slip", record_id=slip.id, case_id=slip.case_id,
                content_hash=slip.authorisation_sha256, detail={"part": "authorisation"}))
    with open(path, "rb") as f:
        mimetype = kind_of(f.read(16)) or "application/octet-stream"
    return send_file(path, mimetype=mimetype)
