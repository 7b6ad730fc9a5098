"""Case files in the browser: the archivists' review queue, case files with their checks, statistics.

Every view asks access_control.policy through webapp.access: reviewing and
archiving need the archivist's filing right (Action.ingest, the right to file
records in); the case-file pages (scores, findings, checks, statistics) need
the right to review case files (Action.review), and show only documents the
user may view. Archiving needs every document of the case to be one the user
may view. Every page and every change is written to the access log (002 记录办法:27).
"""
from __future__ import annotations

import logging
import tempfile

from flask import Blueprint, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from access_control.audit import Event
from access_control.policy import Action, decide, permission_filter_for, visible_ids
from access_control.subjects import case_record
from casefiles.case_data import load_case
from casefiles.case_file import ArchiveRefused, CaseFileError, archive_case_file, archive_exceptions, export_case_pdf
from casefiles.models import CaseFile
from classify.fields import fields_of
from classify.labels import DATE_MEANINGS, PARTY_ROLES, ROLES, SERVICE_METHODS, STAGES, doc_type_label
from classify.models import DocumentClassification
from classify.queries import known_doc_types
from casefiles.report import case_report, case_summaries, check_cases
from casefiles.review import (
    CORE_KEYS,
    PARTY_KINDS,
    SOLE_DOCUMENT,
    CorrectionRejected,
    FieldsLocked,
    Reviewer,
    add_field,
    archived_case_file,
    confirm_field,
    correct_field,
    corrections_of,
    pending_reasons,
    review_queue,
)
from casefiles.stats import statistics, visible_document_ids
from records.models import Case, Document, Page
from webapp.access import audit, case_for, case_viewable, document_for, refuse, require
from webapp.documents import attachment_disposition
from webapp.request_db import current_ctx, db_session
from webapp.svg_charts import bar_chart, rate_bar

log = logging.getLogger(__name__)

bp = Blueprint("casefiles", __name__, url_prefix="/casefiles")

REASONS = {
    "low_confidence": "置信度低", "check_digit_failed": "身份证号校验位不符", "check_character_failed": "信用代码校验码不符",
    "wrong_length": "位数不对", "not_a_number": "含非数字字符", "not_a_credit_code": "不是统一社会信用代码",
    "bad_birth_date_or_region": "出生日期或地区码无效", "conflict": "同一文书中出现两个不同的值",
    "incomplete_date": "日期不完整", "impossible_date": "日期不存在",
    "year_inferred": "落款日期缺年份（可能被印章遮盖），年份按文中日期推定，请核对", "amount_mismatch": "大小写金额不一致",
    "sex_mismatch": "性别与身份证号不符", "no_case": "未能归入案件", "no_unit": "未指定执法单位",
    "case_no_conflict": "案号冲突", "case_no_fuzzy": "案号与已有案件相近，可能识别有误", "unknown_type": "无法识别文书类型",
    "case_merged": "所属案件已与另一案件自动合并，请确认或撤销（earchive cases merge/unmerge）",
    "case_ambiguous": "可归入多个候选案件，请选定", "case_maybe_same": "与另一案件文号序号相同，可能为同一案件",
    "classification_failed": "自动分类失败", "dates_disagree": "同类日期不一致",
    "settled_by_registry": "已按登记的机关名称校正", "unknown_agency": "未登记的机关名称",
    "settled_by_case": "已按本案其他文书中的当事人姓名校正", "settled_by_officers": "已按本单位执法人员名单校正",
    "role_from_case": "身份由本案其他文书推定", "day_mark_missing": "日期缺少“日”字（可能被印章遮盖）",
    "hao_repaired": "已补正“号”字", "speck_before_bracket": "括号前的污点已忽略", "numeral_misread": "日期数字识别有误，已校正",
    "ocr_repaired": "已按格式校正识别错误", "ocr_digits_repaired": "已按格式校正数字", "bracket_repaired": "已校正括号",
    "bracket_missing": "缺少括号", "hao_missing": "缺少“号”字", "short_prefix": "案号前缀过短",
    "year_digit_restored": "年份首位按格式补正", "century_assumed": "年份世纪为推定", "month_mark_misread": "“月”字识别有误",
    "unreadable": "无法识别", "bad_phone": "电话号码格式不符", "unlabelled": "未见栏目名称，由正文推断",
    "no_text_read": "有页面未识别出任何文字，请核对扫描件",
    SOLE_DOCUMENT: "独自立了一个案件（案件中只有这一份文书），请核对案号",
}
ATTRS = {
    "name": "姓名/名称", "id_number": "身份证号", "credit_code": "统一社会信用代码", "sex": "性别", "phone": "联系电话",
    "address": "住址", "legal_rep": "法定代表人", "kind": "类别", "cert_no": "执法证号", "role": "角色",
    "device_no": "记录设备编号", "measure": "处罚种类", "amount": "金额（元）", "method": "送达方式",
}
SINGLE = {"doc_type.value": "文书类型", "stage.value": "阶段", "case_no.value": "案号", "agency.name": "执法机关",
          "cause.value": "案由", "case_source.value": "案件来源", "service.method": "送达方式", "ocr.text": "识别文字"}
ENTITY_TITLES = {**PARTY_ROLES, "mentioned": "其他证件号码", "officer": "执法人员", "device": "记录设备",
                 "measure": "处理决定"}


@bp.app_template_filter("doc_type_label")
def _doc_type_label(code: str | None) -> str:
    return doc_type_label(code)


@bp.app_template_filter("review_reason")
def _review_reason(code: str) -> str:
    return REASONS.get(code, code)


def _visible(documents: list[Document]) -> list[Document]:
    ids = visible_ids(current_user, documents)
    return [d for d in documents if d.id in ids]


def _may_open(documents: list[Document]) -> set[int]:
    return set(visible_ids(current_user, documents))


def _visible_document_ids() -> list[int]:
    pf = permission_filter_for(current_user)
    session = db_session()
    candidates = visible_document_ids(session, pf.unit_ids, pf.granted_document_ids)
    docs = session.scalars(select(Document).where(Document.id.in_(candidates))).all()
    return sorted(visible_ids(current_user, docs))


def _reviewer() -> Reviewer:
    return Reviewer(current_user.id, current_user.username)


# -- review --------------------------------------------------------------------------------------

@bp.get("/review")
def review_index():
    require(Action.ingest)
    queue = review_queue(db_session(), may_open=_may_open)
    audit(Event("view", record_kind="review_queue",
                detail={"page": "review_queue", "documents": [e.document.id for e in queue]}))
    return render_template("casefiles/review_queue.html", queue=queue)


def _display_value(row) -> str:
    if row.value is None:
        return ""
    if row.kind == "doc_type":
        return doc_type_label(row.value)
    if row.kind == "stage":
        return STAGES.get(row.value, row.value)
    if row.kind == "service":
        return SERVICE_METHODS.get(row.value, row.value)
    if row.attr == "role":
        return "、".join(ROLES.get(r, r) for r in row.value.split(","))
    if row.attr == "kind":
        return PARTY_KINDS.get(row.value, row.value)
    return row.value


def _label(row) -> str:
    if row.key in SINGLE:
        return SINGLE[row.key]
    if row.kind == "date":
        return DATE_MEANINGS.get(row.attr, row.attr)
    return ATTRS.get(row.attr, row.attr)


def _key_label(rows, key: str) -> str:
    row = next((r for r in rows if r.key == key), None)
    if row is None:
        return SINGLE.get(key, key)
    group = ENTITY_TITLES.get(row.kind, "") if row.entity else ""
    return f"{group} {_label(row)}".strip()


def _field_groups(rows) -> tuple[list[dict], list[str]]:
    """Single fields first, then one group per party, officer, device and measure, then the dates."""
    groups: list[dict] = [{"title": "基本信息", "rows": [r for r in rows if r.key in SINGLE]}]
    missing = [k for k in CORE_KEYS if k not in {r.key for r in rows}]
    entities: dict[str, dict] = {}
    for r in rows:
        if r.entity and r.key not in SINGLE:
            title = ENTITY_TITLES.get(r.kind, r.kind)
            entities.setdefault(r.entity, {"title": title, "rows": []})["rows"].append(r)
    for group in entities.values():
        name = next((r.value for r in group["rows"] if r.attr in ("name", "device_no", "measure") and r.value), "")
        group["title"] = f"{group['title']}：{name}" if name else group["title"]
    groups += list(entities.values())
    groups.append({"title": "日期", "rows": [r for r in rows if r.kind == "date"]})
    return [g for g in groups if g["rows"]], missing


@bp.get("/review/<int:document_id>")
def review(document_id: int):
    require(Action.ingest)
    document = document_for(Action.view, document_id, purpose="review")
    session = db_session()
    rows = fields_of(session, document.id)
    page_no = request.args.get("page", type=int) or min((r.page_no for r in rows if r.page_no), default=1)
    page_no = max(1, min(page_no, max(document.page_count, 1)))
    page = session.scalar(select(Page).where(Page.document_id == document.id, Page.page_no == page_no))
    groups, missing = _field_groups(rows)
    # 下一份待审核 comes from this user's queue: only documents the policy lets them open.
    queue_ids = [e.document.id for e in review_queue(session, may_open=_may_open) if e.document.id != document.id]
    return render_template(
        "casefiles/review.html", document=document, page=page, page_no=page_no, groups=groups,
        missing=[(k, SINGLE[k]) for k in missing], record=session.get(DocumentClassification, document.id),
        reasons=pending_reasons(session, [document.id])[document.id],
        locked=archived_case_file(session, document.id),
        boxes=[(r, b) for r in rows if r.page_no == page_no for b in (r.boxes or [])],
        display=_display_value, label=_label, key_label=lambda key: _key_label(rows, key),
        doc_types=known_doc_types(), stages=STAGES, party_kinds=PARTY_KINDS,
        service_methods=SERVICE_METHODS, history=corrections_of(session, document.id),
        case=session.get(Case, document.case_id) if document.case_id else None,
        next_id=next((i for i in queue_ids if i > document.id), queue_ids[0] if queue_ids else None))


def _after_post(document_id: int, anchor: str):
    page = request.form.get("page", type=int)
    return redirect(url_for("casefiles.review", document_id=document_id, page=page) + anchor, code=303)


@bp.post("/review/<int:document_id>/fields/<int:field_id>")
def review_field(document_id: int, field_id: int):
    require(Action.ingest)
    document = document_for(Action.view, document_id, purpose="review")
    session = db_session()
    action = request.form.get("action")
    try:
        if action == "confirm":
            row = confirm_field(session, document.id, field_id, _reviewer())
            flash(f"已确认：{_label(row)}")
        elif action == "correct":
            row = correct_field(session, document.id, field_id, request.form.get("value", ""), _reviewer())
            flash(f"已更正：{_label(row)} → {_display_value(row) or '（无）'}")
        else:
            raise CorrectionRejected("未知的操作")
    except (CorrectionRejected, FieldsLocked) as e:
        session.rollback()
        audit(Event("review", outcome="denied", record_kind="document", record_id=document.id,
                    case_id=document.case_id, detail={"field_id": field_id, "action": action, "reason": e.message}))
        flash(f"未保存：{e.message}")
        return _after_post(document_id, f"#field-{field_id}")
    audit(Event("review", record_kind="document", record_id=document.id, case_id=document.case_id,
                detail={"field": row.key, "action": action, "value": row.value}))
    log.info("user %s %s field %d of document %d", current_user.username, action, field_id, document.id)
    return _after_post(document_id, f"#field-{field_id}")


@bp.post("/review/<int:document_id>/fields")
def review_add_field(document_id: int):
    require(Action.ingest)
    document = document_for(Action.view, document_id, purpose="review")
    session = db_session()
    key = request.form.get("key", "")
    try:
        row = add_field(session, document.id, key, request.form.get("value", ""), _reviewer())
    except (CorrectionRejected, FieldsLocked) as e:
        session.rollback()
        audit(Event("review", outcome="denied", record_kind="document", record_id=document.id,
                    case_id=document.case_id, detail={"key": key, "action": "add", "reason": e.message}))
        flash(f"未保存：{e.message}")
        return _after_post(document_id, "")
    audit(Event("review", record_kind="document", record_id=document.id, case_id=document.case_id,
                detail={"field": row.key, "action": "add", "value": row.value}))
    flash(f"已补录：{_label(row)} → {_display_value(row)}")
    return _after_post(document_id, f"#field-{row.id}")


# -- case files ----------------------------------------------------------------------------------

@bp.get("/")
def index():
    require(Action.review)
    session = db_session()
    visible = set(_visible_document_ids())
    case_ids = set(session.scalars(select(Document.case_id).where(Document.id.in_(visible),
                                                                 Document.case_id.is_not(None))))
    rows = case_summaries(session, case_ids=case_ids, visible=visible)
    audit(Event("view", record_kind="case_list", detail={"page": "case_files", "cases": sorted(case_ids)}))
    return render_template("casefiles/index.html", cases=rows)


def _case_and_documents(case_id: int, action: Action = Action.review) -> tuple[Case, list[Document], int]:
    """The case, if the user may review it, with the documents they may view and how many there are in all."""
    case = case_for(case_id)
    require(action, case_record(case))  # refused and logged with the policy's reason
    if action is not Action.review:
        require(Action.review, case_record(case))
    documents = db_session().scalars(select(Document).where(Document.case_id == case.id,
                                                            Document.status == "ok")).all()
    return case, _visible(list(documents)), len(documents)


def _slip_numbers(documents: list[Document]) -> list[str]:
    """The slips the user sees these documents under, if any, for the access log."""
    return sorted({n for d in documents if (n := decide(current_user, Action.view, d).slip_no)})


@bp.get("/<int:case_id>")
def show(case_id: int):
    case, visible, total = _case_and_documents(case_id)
    slips = _slip_numbers(visible)
    slip_no = case_viewable(case).slip_no or (slips[0] if len(slips) == 1 else None)
    audit(Event("view", slip_no=slip_no, record_kind="case", record_id=case.id, case_id=case.id,
                detail={"page": "case_file", "documents": [d.id for d in visible],
                        **({"slips": slips} if slips else {})}))
    shown = {d.id for d in visible}
    report = case_report(db_session(), case, visible=shown)
    return render_template("casefiles/show.html", case=case, report=report, shown=shown,
                           hidden=len(report["toc"]) - len(shown),
                           may_export=bool(visible) and all(decide(current_user, Action.export, d) for d in visible)
                           and len(visible) == len(report["toc"]),
                           may_archive=decide(current_user, Action.ingest, case_record(case)).allowed
                           and bool(visible) and len(visible) == total)


@bp.get("/<int:case_id>/export.pdf")
def export(case_id: int):
    case, visible, total = _case_and_documents(case_id)
    for document in visible:
        require(Action.export, document)
    if len(visible) != total:
        refuse(Event("export", record_kind="case", record_id=case.id, case_id=case.id),
               "案卷中有您无权导出的文书，无法导出完整案卷")
    spool = current_ctx().settings.data_dir / "spool"
    spool.mkdir(parents=True, exist_ok=True)
    # An anonymous file: unlinked as it is made, so no export outlives its response, even after a crash.
    out = tempfile.TemporaryFile(dir=spool, prefix="case-export-")
    try:
        export_case_pdf(db_session(), current_ctx().store, case, out)
        audit(Event("export", record_kind="case", record_id=case.id, case_id=case.id,
                    detail={"documents": [d.id for d in visible]}))
    except BaseException:
        out.close()
        raise
    out.seek(0)
    response = send_file(out, mimetype="application/pdf")
    response.headers["Content-Disposition"] = attachment_disposition(f"{case.case_no} 案卷.pdf",
                                                                     f"case-{case.id}.pdf")
    return response


def _archivable(case_id: int) -> tuple[Case, list[Document], Event]:
    """The case, if the user may archive it: they must see every document of it."""
    case, visible, total = _case_and_documents(case_id, Action.ingest)
    event = Event("archive", record_kind="case", record_id=case.id, case_id=case.id,
                  detail={"documents": [d.id for d in visible]})
    if not visible or len(visible) != total:
        refuse(event, "案卷中有您无权调阅的文书，不能立卷归档；请由有权调阅全部文书的档案管理员办理")
    return case, visible, event


@bp.get("/<int:case_id>/archive")
def archive_confirm(case_id: int):
    """立卷归档 asks first: what the file holds, what it lacks, and a reason when it is incomplete or vetoed."""
    case, visible, _ = _archivable(case_id)
    session = db_session()
    case_file = session.scalar(select(CaseFile).where(CaseFile.case_id == case.id))
    if case_file is not None and case_file.status == "archived":
        flash(f"案卷已于 {case_file.archived_at:%Y-%m-%d} 归档，档号 {case_file.archive_no}")
        return redirect(url_for("casefiles.show", case_id=case.id), code=303)
    report = case_report(session, case)
    exceptions = archive_exceptions(load_case(session, case))
    audit(Event("view", record_kind="case", record_id=case.id, case_id=case.id,
                detail={"page": "archive_confirm", "documents": [d.id for d in visible]}))
    return render_template("casefiles/archive.html", case=case, report=report, exceptions=exceptions)


@bp.post("/<int:case_id>/archive")
def archive(case_id: int):
    """立卷归档: closes the case file for good, so the archivist must see every document of it.

    Only a confirmed form archives (the confirmation page's checkbox); an incomplete or vetoed case file
    needs the archivist's reason, which goes into the case file (its 备考表) and the access log.
    """
    case, _, event = _archivable(case_id)
    note = (request.form.get("note") or "").strip()[:2000]
    if request.form.get("confirm") != "yes":
        flash("请核对案卷后勾选确认，再立卷归档")
        return redirect(url_for("casefiles.archive_confirm", case_id=case.id), code=303)
    try:
        case_file = archive_case_file(db_session(), case, current_user.username, reason=note)
    except ArchiveRefused as e:
        db_session().rollback()
        audit(Event("archive", outcome="denied", record_kind="case", record_id=case.id, case_id=case.id,
                    detail={**event.detail, "reason": "no_reason_given", "exceptions": e.exceptions}))
        flash(e.message)
        return redirect(url_for("casefiles.archive_confirm", case_id=case.id), code=303)
    except CaseFileError as e:
        db_session().rollback()
        audit(Event("archive", outcome="failed", record_kind="case", record_id=case.id, case_id=case.id,
                    detail={**event.detail, "reason": e.message}))
        flash(e.message)
    else:
        audit(Event("archive", record_kind="case", record_id=case.id, case_id=case.id,
                    detail={**event.detail, "archive_no": case_file.archive_no,
                            **({"note": case_file.archive_note, "exceptions": case_file.archive_exceptions}
                               if case_file.archive_exceptions else {})}))
        flash(f"已归档，档号 {case_file.archive_no}" + ("（附归档说明）" if case_file.archive_exceptions else ""))
    return redirect(url_for("casefiles.show", case_id=case.id), code=303)


@bp.get("/checks")
def checks():
    require(Action.review)
    session = db_session()
    visible = set(_visible_document_ids())
    case_ids = set(session.scalars(select(Document.case_id).where(Document.id.in_(visible))))
    cases = session.scalars(select(Case).where(Case.id.in_(case_ids)).order_by(Case.id)).all()
    results = [r for r in check_cases(session, list(cases), visible=visible) if r["findings"]]
    audit(Event("view", record_kind="case_list", detail={"page": "checks", "cases": [c.id for c in cases]}))
    return render_template("casefiles/checks.html", results=results, checked=len(cases))


# -- statistics ----------------------------------------------------------------------------------

def _statistics(view_format: str) -> dict:
    require(Action.review)
    visible = _visible_document_ids()
    audit(Event("view", record_kind="case_list", detail={"page": "statistics", "format": view_format,
                                                         "documents": len(visible)}))
    return statistics(db_session(), visible)


@bp.get("/stats")
def stats():
    data = _statistics("html")
    docs, cases = data["documents"], data["cases"]
    charts = {
        "units": bar_chart("各执法单位文书数", docs["by_unit"]),
        "months": bar_chart("各月文书数", docs["by_month"], limit=24),
        "types": bar_chart("各类文书数", docs["by_doc_type"]),
        "stages": bar_chart("各阶段文书数", docs["by_stage"]),
        "case_units": bar_chart("各执法单位案件数", cases["by_unit"]),
        "case_months": bar_chart("各月案件数", cases["by_month"], limit=24),
        "missing": bar_chart("最常缺失的材料", cases["most_missing"]),
        "completeness": rate_bar("案卷完整率", cases["completeness_rate"]),
        "timeliness": rate_bar("按时归档率", cases["timeliness_rate"]),
    }
    return render_template("casefiles/stats.html", data=data, charts=charts)


@bp.get("/stats.json")
def stats_json():
    return jsonify(_statistics("json"))

