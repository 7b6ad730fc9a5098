"""User and unit administration for the system administrator, and the changes that wait for a second
person (another administrator, or a head of the agency); every change and every view goes to the access log."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from access_control import approvals
from access_control.approvals import ApprovalError, change_by_id, decide_change, pending_for
from access_control.audit import Event
from access_control.marking import mark_labels
from access_control.models import CaseHandler, PendingChange
from access_control.policy import Action, decide
from access_control.roles import Role
from access_control.rules import APPROVERS, AccessRules, RULES_KEY
from access_control.users import AccountError, add_case_handler, create_user, update_user
from casefiles.numbers import find_cases
from earchive.errors import ConfigError, Forbidden, NotFound
from records import classification
from records.admin import ensure_unit
from records.models import Agency, Case, Document, Unit, User
from webapp.access import access_log, audit, commit, current_actor, require
from webapp.forms import AgencyRulesForm, UnitForm, UserForm
from webapp.request_db import db_session

bp = Blueprint("admin", __name__, url_prefix="/admin")

NO_UNIT = 0


def _viewed(page: str, record_kind: str = "admin", record_id: int | None = None) -> None:
    """Admin pages show accounts, clearances and agency rules: each view is logged (002 记录办法:27)."""
    audit(Event("view", record_kind=record_kind, record_id=record_id, detail={"page": page}))


def _unit_choices() -> list[tuple[int, str]]:
    rows = db_session().execute(select(Unit.id, Unit.name, Agency.name).join(Agency, Agency.id == Unit.agency_id)
                                .order_by(Agency.name, Unit.name))
    return [(NO_UNIT, "（不属于任何单位）")] + [(i, f"{agency} · {unit}") for i, unit, agency in rows]


@bp.get("/users")
def users():
    require(Action.administer)
    rows = db_session().scalars(select(User).order_by(User.username)).all()
    units = {u.id: u for u in db_session().scalars(select(Unit))}
    _viewed("users")
    return render_template("admin/users.html", users=rows, units=units, roles={r.value: r.label for r in Role})


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    require(Action.administer)
    form = UserForm()
    form.unit.choices = _unit_choices()
    if form.validate_on_submit():
        try:
            create_user(db_session(), form.username.data, form.password.data or "", form.display_name.data,
                        form.role.data, form.unit.data or None, form.clearance.data,
                        access_log=access_log(), actor=current_actor())
        except AccountError as e:
            form.username.errors = [*form.username.errors, e.message]
        else:
            commit()
            user = db_session().scalar(select(User).where(User.username == form.username.data.strip()))
            flash(f"已创建账户 {form.username.data}" + ("" if user is None or user.active else
                                                        "；该账户可调阅档案，须经审批后启用"))
            return redirect(url_for("admin.users"), code=303)
    _viewed("new_user")
    return render_template("admin/user_form.html", form=form, user=None)


def _user(user_id: int) -> User:
    user = db_session().get(User, user_id)
    if user is None:
        raise NotFound("账户不存在")
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    require(Action.administer)
    user = _user(user_id)
    form = UserForm(obj=None if request.method == "POST" else user)
    form.unit.choices = _unit_choices()
    if request.method == "GET":
        form.unit.data = user.unit_id or NO_UNIT
    form.username.data = user.username
    if form.validate_on_submit():
        try:
            changes = update_user(db_session(), user, access_log(), current_actor(), role=form.role.data,
                                  unit_id=form.unit.data or None, clearance=form.clearance.data,
                                  active=form.active.data, display_name=form.display_name.data,
                                  password=form.password.data or None)
        except AccountError as e:
            form.role.errors = [*form.role.errors, e.message]
        else:
            commit()
            awaiting = changes.pop("awaiting_approval", [])
            flash(f"账户 {user.username} 已更新" if changes else ("" if awaiting else "没有改动"))
            if awaiting:
                flash("以下变更可使该账户调阅档案，已提交审批，批准后生效：" + "、".join(FIELD_LABELS.get(f, f) for f in awaiting))
            return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
    handled = db_session().execute(select(Case.id, Case.case_no).join(CaseHandler, CaseHandler.case_id == Case.id)
                                   .where(CaseHandler.user_id == user.id).order_by(Case.case_no)).all()
    waiting = db_session().scalars(select(PendingChange).where(
        PendingChange.target_kind == "user", PendingChange.target_id == user.id,
        PendingChange.status == "pending").order_by(PendingChange.id)).all()
    _viewed("user", "user", user.id)
    return render_template("admin/user_form.html", form=form, user=user, handled=handled, waiting=waiting,
                           describe=_describe, self_edit=user.id == current_user.id)


def _handled_case(user: User, typed: str) -> Case | None:
    """The case an administrator names for 承办案件: by any written form of any of its numbers (#13), or #id.

    A number that several units use is settled by the officer's own agency; otherwise the administrator
    is shown the candidates and picks one by its #id.
    """
    session = db_session()
    typed = typed.strip()
    if typed.lstrip("#").isdigit():
        case = session.get(Case, int(typed.lstrip("#"))) if len(typed.lstrip("#")) < 19 else None
        if case is None:
            flash(f"没有编号为 {typed} 的案件")
        return case
    found = find_cases(session, typed)
    if len(found) > 1 and user.unit_id is not None:
        agency = session.scalar(select(Unit.agency_id).where(Unit.id == user.unit_id))
        units = set(session.scalars(select(Unit.id).where(Unit.agency_id == agency)))
        found = [c for c in found if c.unit_id in units] or found
    if len(found) == 1:
        return found[0]
    if not found:
        flash(f"没有案号为 {typed} 的案件" if typed else "请输入案号")
    else:
        flash(f"案号 {typed} 对应多个案件，请输入案件编号：" + "、".join(f"#{c.id} {c.case_no}" for c in found))
    return None


@bp.post("/users/<int:user_id>/cases")
def add_handled_case(user_id: int):
    require(Action.administer)
    user = _user(user_id)
    case = _handled_case(user, request.form.get("case_no") or "")
    if case is not None:
        add_case_handler(db_session(), case, user, access_log(), current_actor())
        commit()
        flash(f"已将案件 {case.case_no} 登记为 {user.display_name} 承办")
    return redirect(url_for("admin.edit_user", user_id=user.id), code=303)


@bp.route("/units", methods=["GET", "POST"])
def units():
    require(Action.administer)
    form = UnitForm()
    session = db_session()
    if form.validate_on_submit():
        agency = session.scalar(select(Agency).where(Agency.code == form.agency_code.data.strip()))
        if agency is None and not (form.agency_name.data or "").strip():
            form.agency_name.errors = ["新机关须填写名称"]
        else:
            unit = ensure_unit(session, form.agency_code.data.strip(),
                               agency.name if agency else form.agency_name.data.strip(),
                               form.code.data.strip(), form.name.data.strip())
            access_log().record(session, current_actor(), Event(
                "permission_change", record_kind="unit", record_id=unit.id,
                detail={"change": "unit", "agency": form.agency_code.data.strip(), "code": unit.code,
                        "name": unit.name}))
            commit()
            flash(f"已添加执法单位 {unit.name}")
            return redirect(url_for("admin.units"), code=303)
    agencies = session.scalars(select(Agency).order_by(Agency.name)).all()
    rows = session.scalars(select(Unit).order_by(Unit.agency_id, Unit.code)).all()
    _viewed("units")
    return render_template("admin/units.html", form=form, agencies=agencies, units=rows)


@bp.route("/agencies/<int:agency_id>/rules", methods=["GET", "POST"])
def agency_rules(agency_id: int):
    require(Action.administer)
    session = db_session()
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("执法机关不存在")
    current = AccessRules.from_agency_rules(agency.rules)
    form = AgencyRulesForm(data=None if request.method == "POST" else {
        k: (str(v) if isinstance(v, int) and not isinstance(v, bool) else v) for k, v in current.as_rules().items()})
    if form.validate_on_submit():
        try:
            new = AccessRules(cross_unit_view_requires_approval=form.cross_unit_view_requires_approval.data,
                              cross_unit_view_days=int(form.cross_unit_view_days.data),
                              slip_validity_days=int(form.slip_validity_days.data),
                              slip_downloads=int(form.slip_downloads.data),
                              applicant_max_classification=form.applicant_max_classification.data,
                              account_grant_approvers=form.account_grant_approvers.data,
                              password_reset_approval_for=form.password_reset_approval_for.data,
                              password_reset_approvers=form.password_reset_approvers.data,
                              marking_lower_requires_approval=form.marking_lower_requires_approval.data,
                              marking_raise_requires_approval=form.marking_raise_requires_approval.data)
        except ConfigError as e:
            form.slip_downloads.errors = [e.message]
        else:
            agency.rules = {**(agency.rules or {}), RULES_KEY: new.as_rules()}
            access_log().record(session, current_actor(), Event(
                "permission_change", record_kind="agency", record_id=agency.id,
                detail={"change": "rules", "before": current.as_rules(), "after": new.as_rules()}))
            commit()
            flash("已保存本机关的调阅规则")
            return redirect(url_for("admin.agency_rules", agency_id=agency.id), code=303)
    _viewed("rules", "agency", agency.id)
    return render_template("admin/rules.html", form=form, agency=agency)


# -- changes waiting for a second person ---------------------------------------------------------

FIELD_LABELS = {"role": "角色", "unit_id": "执法单位", "clearance": "密级权限", "active": "启用状态",
                "password": "密码", "classification": "文书密级", "secrecy": "保密标记"}


def _may_see_approvals() -> bool:
    return bool(decide(current_user, Action.administer) or decide(current_user, Action.approve))


def _describe(change: PendingChange) -> list[str]:
    """The change in words, field by field, for the approver."""
    session = db_session()
    roles = {r.value: r.label for r in Role}
    units = {u.id: u.name for u in session.scalars(select(Unit))}

    def show(field: str, value) -> str:
        if field == "role":
            return roles.get(value, value)
        if field == "unit_id":
            return units.get(value, "（无）") if value else "（无）"
        if field in ("clearance", "classification"):
            return classification.label(value)
        if field == "active":
            return "启用" if value else "停用"
        if field == "secrecy":
            return mark_labels(value)
        return str(value)

    lines = []
    for field, value in change.changes.items():
        if field == "password":
            lines.append("重置密码（新密码已加密保存，批准后生效）")
        else:
            lines.append(f"{FIELD_LABELS.get(field, field)}：{show(field, value[0])} → {show(field, value[1])}")
    return lines


def _targets(changes: list[PendingChange]) -> dict[tuple[str, int], str]:
    session = db_session()
    names: dict[tuple[str, int], str] = {}
    for c in changes:
        if c.target_kind == "user":
            user = session.get(User, c.target_id)
            names[(c.target_kind, c.target_id)] = f"账户 {user.username}（{user.display_name}）" if user else "账户"
        else:
            document = session.get(Document, c.target_id)
            names[(c.target_kind, c.target_id)] = (f"文书《{document.title or document.source_name}》"
                                                   if document else "文书")
    return names


@bp.get("/approvals")
def approval_list():
    """The changes this user may decide, and those they asked for."""
    if not _may_see_approvals():
        require(Action.administer)
    session = db_session()
    mine = session.scalars(select(PendingChange).where(PendingChange.requested_by_id == current_user.id)
                           .order_by(PendingChange.id.desc()).limit(100)).all()
    to_decide = pending_for(session, current_user.subject)
    audit(Event("view", record_kind="approval", detail={"page": "approvals",
                                                        "pending": [c.id for c in to_decide]}))
    return render_template("admin/approvals.html", to_decide=to_decide, mine=mine,
                           targets=_targets([*to_decide, *mine]), describe=_describe, kinds=approvals.KINDS,
                           states=approvals.STATES, approvers=APPROVERS)


@bp.post("/approvals/<int:change_id>")
def approval_decide(change_id: int):
    if not _may_see_approvals():
        require(Action.administer)
    session = db_session()
    change = change_by_id(session, change_id)
    decision = request.form.get("decision")
    if decision not in ("approve", "reject"):
        raise ApprovalError("请选择批准或不予批准")
    try:
        decide_change(session, access_log(), current_actor(), current_user.subject, change,
                      approve=decision == "approve", comment=request.form.get("comment", ""))
    except Forbidden:
        commit()  # the refusal's log entry
        raise
    except ApprovalError as e:  # raised before anything changed
        flash(e.message)
    else:
        commit()
        flash("已批准，变更已生效" if change.status == "approved" else "已不予批准")
    return redirect(url_for("admin.approval_list"), code=303)
