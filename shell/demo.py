"""`earchive demo`: the embedded default set up from nothing, with sample scans, an admin and the web app."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import click
from sqlalchemy import select

from context import AppContext

DEMO_AGENCY = ("DEMO", "示例市测试局（演示数据）")
DEMO_UNIT = ("DEMO-01", "执法一科（演示）")


def _ensure_user(ctx: AppContext, username: str, display_name: str, role: str, unit_id: int) -> str | None:
    """Create the account with a fresh random password; None when it already exists."""
    from access_control.users import create_user
    from records.models import User

    with ctx.db.transaction() as s:
        if s.scalar(select(User).where(User.username == username)) is not None:
            return None
        password = secrets.token_urlsafe(12)
        create_user(s, username, password, display_name, role, unit_id, "top_secret")
        return password


def run_demo(ctx: AppContext, port: int | None, serve: bool) -> None:
    from ingest.service import ingest_sources
    from ingest.sources import collect_sources
    from records.admin import ensure_unit
    from ingest.tasks import check_engines
    from samples import write_sample_set

    check_engines()
    with ctx.db.transaction() as s:
        unit_id = ensure_unit(s, *DEMO_AGENCY, *DEMO_UNIT).id
    sample_dir = ctx.settings.data_dir / "samples"
    if not any(sample_dir.glob("*")):
        click.echo(f"生成示例扫描件 → {sample_dir}")
        write_sample_set(sample_dir, 6, seed=2024)
    sources = [s for s in collect_sources([sample_dir]) if not s.name.endswith(".json")]
    click.echo(f"OCR 识别 {len(sources)} 份示例文书（首次运行需几分钟）…")
    ingest_sources(ctx, sources, jobs=ctx.settings.ocr_jobs, created_by="demo", unit_id=unit_id,
                   on_result=lambda r: click.echo(f"  {r.status:9} {r.source} {r.error or ''}"))
    # The administrator manages accounts but sees no records (separation of duties); the archivist
    # is the account that searches, views and uploads.
    accounts = [("admin", "系统管理员", "admin"), ("archivist", "示例档案管理员", "archivist")]
    passwords = {name: _ensure_user(ctx, name, label, role, unit_id) for name, label, role in accounts}
    host, port = ctx.settings.host, port or ctx.settings.port
    if host in ("127.0.0.1", "localhost", "::1"):
        ctx.settings.cookie_secure = False  # plain HTTP on this machine only
    click.echo("\n" + "=" * 60)
    click.echo(f"网址 / URL:      http://{host}:{port}/")
    for name, label, _role in accounts:
        shown = passwords[name] or "（已在首次运行时显示 / shown on the first run）"
        click.echo(f"{label}: 用户名 {name}  密码 {shown}")
    click.echo("=" * 60)
    if not serve:
        return
    from webapp import serve as run

    # Uploads are OCR'd by `earchive worker` in a process beside the server, not by threads of the server's
    # own processes: gunicorn forks those, and a fork must not copy running threads.
    worker = subprocess.Popen([sys.executable, "-c", "import sys; from shell.cli import main; sys.exit(main())",
                               "worker", "--threads", "1"])
    ctx.close()  # the server's processes open their own connections
    demo_pid = os.getpid()
    try:
        run(ctx.settings, host, port)
    finally:
        if os.getpid() == demo_pid:  # gunicorn's forked workers leave through this frame too, when they exit
            worker.terminate()
            worker.wait(30)
