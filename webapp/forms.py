"""The web forms; Flask-WTF adds a CSRF token to each."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码"), Length(max=1024)])


class UploadForm(FlaskForm):
    files = MultipleFileField("扫描件（可多选）", validators=[DataRequired("请选择至少一个文件")])
    profile = SelectField("扫描仪配置", validators=[DataRequired("请选择扫描仪配置")])
