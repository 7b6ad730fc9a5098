"""Serving the web app in production: gunicorn, its worker processes and threads, behind a TLS proxy.

Why gunicorn (and not waitress): a waitress server is one process, so every
request shares one interpreter lock and one core; gunicorn forks worker
processes, and a 2-core machine answers on both. Each worker process builds
its own app (no preloading), so database connections and the search index
are never carried across a fork. Threads within each worker ("gthread") keep
requests that wait on the database or on a download from holding up the rest.

Background work (OCR of browser uploads, the index outbox) is not done in
the server's processes: gunicorn's master forks a replacement whenever a
worker dies, and forking a process whose threads hold locks is unsafe.
`earchive worker` does it, or on `earchive demo` a process of its own.

Only ProxyFix, counting `settings.trusted_proxies` hops, decides what the
X-Forwarded-* headers may change (client address, scheme, host);
gunicorn's own forwarded-header handling is switched off, so that there
is one rule to configure.
"""
from __future__ import annotations

import atexit
import logging
from collections.abc import Callable

from flask import Flask
from gunicorn.app.base import BaseApplication
from werkzeug.middleware.proxy_fix import ProxyFix

from earchive.loading import loading
from earchive.settings import Settings

log = logging.getLogger(__name__)


def wsgi_app(settings: Settings) -> Flask:
    """The app as served: behind `trusted_proxies` reverse proxies, whose X-Forwarded-* headers are believed."""
    from webapp.app import create_app

    app = create_app(settings)
    n = settings.trusted_proxies
    if n:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)
    return app


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def gunicorn_options(settings: Settings, host: str, port: int) -> dict[str, object]:
    return {
        "bind": [bind_address(host, port)],
        "workers": settings.web_workers,
        "threads": settings.web_threads,
        "worker_class": "gthread",
        "timeout": settings.web_timeout_s,
        "graceful_timeout": settings.web_graceful_timeout_s,
        "keepalive": settings.web_keepalive_s,
        "preload_app": False,  # each worker opens its own database connections, after the fork
        "forwarded_allow_ips": "",  # ProxyFix alone trusts forwarded headers, by count (see above)
        "secure_scheme_headers": {},
        "control_socket_disable": True,  # one per user by default: two servers on a machine would collide
        "proc_name": "earchive",
        "accesslog": None,  # every read and change goes to the access log (调阅登记) already
        "errorlog": "-",
        "loglevel": "info",
    }


class _Server(BaseApplication):
    def __init__(self, app_factory: Callable[[], Flask], options: dict[str, object]):
        self._factory = app_factory
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self._factory()  # in each worker process, after the fork


def serve(settings: Settings, host: str, port: int) -> None:
    """Serve the web app with gunicorn until interrupted (SIGINT or SIGTERM stop it gracefully)."""
    if settings.cookie_secure and host not in ("127.0.0.1", "localhost", "::1") and not settings.trusted_proxies:
        log.warning("session cookies are marked Secure: browsers send them only over HTTPS, so put a TLS proxy "
                    "in front (and set EARCHIVE_TRUSTED_PROXIES), or set EARCHIVE_COOKIE_SECURE=false on a "
                    "closed network")
    options = gunicorn_options(settings, host, port)
    log.info("serving earchive on http://%s/ with %d processes × %d threads", bind_address(host, port),
             settings.web_workers, settings.web_threads)
    _Server(lambda: _worker_app(settings), options).run()


def _worker_app(settings: Settings) -> Flask:
    # Built with the collector off, then frozen: the app's long-lived objects (modules, routes, templates,
    # mappers) are skipped by every later collection, which otherwise walk them all now and then mid-request.
    with loading():
        app = wsgi_app(settings)
    atexit.register(app.extensions["earchive"].close)
    return app
