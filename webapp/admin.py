"""User and unit administration for the system administrator; every change goes to the access log."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from access_control.audit import Event
from access_control.models import CaseHandler
from access_control.policy import Action
from access_control.roles import Role
from access_control.rules import AccessRules, RULES_KEY
from access_control.users import AccountError, add_case_handler, create_user, update_user
from earchive.errors import ConfigError, NotFound
from records.admin import ensure_unit
from records.models import Agency, Case, Unit, User
from webapp.access import access_log, commit, current_actor, require
from webapp.forms import AgencyRulesForm, UnitForm, UserForm
from webapp.request_db import db_session

bp = Blueprint("admin", __name__, url_prefix="/admin")

NO_UNIT = 0


def _unit_choices() -> list[tuple[int, str]]:
    rows = db_session().execute(select(Unit.id, Unit.name, Agency.name).join(Agency, Agency.id == Unit.agency_id)
                                .order_by(Agency.name, Unit.name))
    return [(NO_UNIT, "（不属于任何单位）")] + [(i, f"{agency} · {unit}") for i, unit, agency in rows]


@bp.get("/users")
def users():
    require(Action.administer)
    rows = db_session().scalars(select(User).order_by(User.username)).all()
    units = {u.id: u for u in db_session().scalars(select(Unit))}
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
            flash(f"已创建账户 {form.username.data}")
            return redirect(url_for("admin.users"), code=303)
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
            flash(f"账户 {user.username} 已更新" if changes else "没有改动")
            return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
    handled = db_session().execute(select(Case.id, Case.case_no).join(CaseHandler, CaseHandler.case_id == Case.id)
                                   .where(CaseHandler.user_id == user.id).order_by(Case.case_no)).all()
    return render_template("admin/user_form.html", form=form, user=user, handled=handled)


@bp.post("/users/<int:user_id>/cases")
def add_handled_case(user_id: int):
    require(Action.administer)
    user = _user(user_id)
    case = db_session().get(Case, request.form.get("case_id", type=int) or 0)
    if case is None:
        flash("没有这个案件编号")
    else:
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
                              applicant_max_classification=form.applicant_max_classification.data)
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
    return render_template("admin/rules.html", form=form, agency=agency)
