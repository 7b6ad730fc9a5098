"""The browser interface: search, document viewer, downloads and scan uploads."""
from webapp.app import create_app
from webapp.server import serve

__all__ = ["create_app", "serve"]
