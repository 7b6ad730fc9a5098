"""The web forms; Flask-WTF adds a CSRF token to each."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import BooleanField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from records import classification
from access_control.roles import Role
from access_control.rules import APPROVERS
from access_control.slips import DELIVERIES, MODES, RELATIONS


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码"), Length(max=1024)])


class UploadForm(FlaskForm):
    files = MultipleFileField("扫描件（可多选）", validators=[DataRequired("请选择至少一个文件")])
    profile = SelectField("扫描仪配置", validators=[DataRequired("请选择扫描仪配置")])


class SlipForm(FlaskForm):
    """A retrieval slip; which fields show depends on who fills it in (webapp.slips)."""

    agency = SelectField("执法机关", coerce=int, validators=[Optional()])
    case_no = StringField("案号", validators=[Optional(), Length(max=100)])
    mode = RadioField("申请事项", choices=list(MODES.items()), default="copy")
    purpose = TextAreaField("事由", validators=[DataRequired("请填写事由"), Length(min=4, max=2000,
                                                                             message="事由须为 4 至 2000 字")])
    delivery = SelectField("提供方式", choices=list(DELIVERIES.items()), default="download")
    applicant_name = StringField("申请人姓名", validators=[Optional(), Length(max=100)])
    applicant_username = StringField("申请人账户（如有）", validators=[Optional(), Length(max=64)])
    id_number = StringField("身份证号", validators=[Optional(), Regexp(r"^\d{17}[\dXx]$", message="请填写 18 位身份证号")])
    relation = RadioField("与案件的关系", choices=[(k, v) for k, v in RELATIONS.items() if k != "officer"],
                          default="party")
    party_name = StringField("当事人（代理时填写被代理人）", validators=[Optional(), Length(max=200)])
    # The label is completed with the size limit by the view (settings.authorisation_max_bytes).
    authorisation = FileField("授权委托书（PDF、JPEG 或 PNG；代理人必传）",
                              render_kw={"accept": "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"})


class DecisionForm(FlaskForm):
    decision = RadioField("审批意见", choices=[("approve", "批准"), ("reject", "不予批准")], default="approve")
    comment = TextAreaField("意见说明", validators=[Optional(), Length(max=2000)])


class UserForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名"), Length(max=64)])
    display_name = StringField("姓名", validators=[DataRequired("请输入姓名"), Length(max=100)])
    role = SelectField("角色", choices=[(r.value, r.label) for r in Role])
    unit = SelectField("执法单位", coerce=int)
    clearance = SelectField("密级权限", choices=classification.choices(), default="internal")
    password = PasswordField("密码", validators=[Optional(), Length(max=1024)])
    active = BooleanField("启用", default=True)


class UnitForm(FlaskForm):
    agency_code = StringField("机关代码", validators=[DataRequired("请输入机关代码"), Length(max=32)])
    agency_name = StringField("机关名称", validators=[Optional(), Length(max=200)])
    code = StringField("单位代码", validators=[DataRequired("请输入单位代码"), Length(max=32)])
    name = StringField("单位名称", validators=[DataRequired("请输入单位名称"), Length(max=200)])


class AgencyRulesForm(FlaskForm):
    cross_unit_view_requires_approval = BooleanField("跨单位调阅须经负责人批准")
    cross_unit_view_days = StringField("跨单位调阅有效天数", validators=[Regexp(r"^\d{1,4}$", message="请填写天数")])
    slip_validity_days = StringField("调用单有效天数", validators=[Regexp(r"^\d{1,4}$", message="请填写天数")])
    slip_downloads = StringField("复制件可下载次数", validators=[Regexp(r"^\d{1,3}$", message="请填写次数")])
    applicant_max_classification = SelectField("向申请人提供的最高密级", choices=classification.choices())
    account_grant_approvers = SelectField("授予档案调阅权限的账户变更由谁审批", choices=list(APPROVERS.items()))
    password_reset_approval_for = SelectField("哪些账户重置密码须经审批",
                                              choices=[("records_roles", "所有可调阅档案的账户"), ("head", "仅负责人账户")])
    password_reset_approvers = SelectField("重置密码由谁审批", choices=list(APPROVERS.items()))
    marking_lower_requires_approval = BooleanField("降低文书密级或撤销保密标记须经负责人批准")
    marking_raise_requires_approval = BooleanField("提高文书密级或增加保密标记须经负责人批准")


class MarkingForm(FlaskForm):
    """A document's 密级 and secrecy marks, set by an archivist (access_control.marking)."""

    classification = SelectField("密级", choices=classification.choices())
    state_secret = BooleanField("国家秘密")
    trade_secret = BooleanField("商业秘密")
    reason = TextAreaField("事由", validators=[Optional(), Length(max=2000)])
