"""Flask extension objects, created unbound and initialised by the app factory."""
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "请先登录。"
login_manager.login_message_category = "info"
# Drop the session when it shows up from another client (IP and browser fingerprint).
login_manager.session_protection = "strong"
