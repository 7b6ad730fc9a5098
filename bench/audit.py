"""Web serving under load: werkzeug's development server against gunicorn, 20 concurrent clients, one run.

Run by hand, never in tests (a few minutes):

    .venv/bin/python bench/audit.py --clients 20 --seconds 20

Sets up a fresh data directory (SQLite, the embedded default; or --database-url
for PostgreSQL) with --docs one-page documents in one unit and one officer per
client, then serves the web app from a child process and lets the clients loop
over a session of an officer's work: search, open a hit, load its page image,
download now and then. Each client keeps its own login session; a "page time"
is one HTTP request. The access log is on, as in production.

Phases, on the same data, alternating --rounds times:
  werkzeug  the old `earchive serve`: werkzeug's threaded development server, one process;
  gunicorn  today's `earchive serve` (webapp/server.py) with the settings' workers and threads.
With --control, each server also runs once with the access log replaced by a
no-op (only here, in the bench's server process: the app itself has no such
switch), so the difference is what logging costs.

Reported per phase: requests per second, p50/p95 page time, log entries
written per second, and the CPU seconds the server (all its processes) and
the bench's own clients used. The clients are Python threads on the same
machine, so they take CPU from the server: on a 2-core box the figures are a
floor for what the server does with the machine to itself. Afterwards the
chain must still verify.
"""
from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import io
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PASSWORD = "bench-password-42"
TERMS = ("罚款", "处罚", "当事人", "决定书", "复议", "施工")

SERVER = r"""
import logging, os, sys
sys.path.insert(0, os.environ["BENCH_REPO"])
logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request, as under gunicorn (accesslog off)
from earchive.settings import Settings
if os.environ.get("BENCH_NO_AUDIT") == "1":
    # The bench's control run: entries are neither chained nor stored.
    import access_control.audit as audit
    from access_control.models import AccessLogRecord
    def _no_log(session, actor, event, algorithm="sha256"):
        return AccessLogRecord(seq=1, hash="0" * 64, algorithm=algorithm)
    audit.append = _no_log
settings = Settings()
port = int(os.environ["BENCH_PORT"])
if os.environ["BENCH_SERVER"] == "werkzeug":  # what `earchive serve` ran before gunicorn
    from werkzeug.serving import make_server
    from webapp import create_app
    make_server("127.0.0.1", port, create_app(settings), threaded=True).serve_forever()
else:
    from webapp.server import serve
    serve(settings, "127.0.0.1", port)
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def seed(settings, n_docs: int, n_users: int) -> None:
    import img2pdf
    from PIL import Image, ImageDraw, ImageFont

    from access_control.users import create_user
    from context import open_context
    from indexer.outbox import load_indexed_documents
    from records.admin import ensure_unit
    from records.models import Case, Document, Page

    ctx = open_context(settings)
    font_path = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    font = ImageFont.truetype(str(font_path), 36) if font_path.exists() else ImageFont.load_default(36)
    with ctx.db.transaction() as s:
        unit = ensure_unit(s, "bench", "基准测试局", "u1", "执法一中队")
        case = Case(unit_id=unit.id, case_no="基准罚〔2026〕1号", cause="未取得施工许可证擅自施工")
        s.add(case)
        s.flush()
        unit_id, case_id = unit.id, case.id
        for i in range(n_users):
            create_user(s, f"officer{i}", PASSWORD, f"执法人员{i}", "officer", unit_id, "internal")
    ids = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-seed-"))
    for i in range(n_docs):
        lines = ["行政处罚决定书", f"当事人：张{i}，住所地鹿泉区。", f"罚款人民币{i + 1}佰元，未取得施工许可证擅自施工。",
                 "如不服本决定，可在六十日内申请行政复议。"]
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        words = []
        for n, line in enumerate(lines):
            draw.text((120, 160 + 90 * n), line, fill=0, font=font)
            words.append({"text": line, "box": list(draw.textbbox((120, 160 + 90 * n), line, font=font)), "conf": 95})
        buf = io.BytesIO()
        image.save(buf, format="PNG", dpi=(150, 150))
        png = buf.getvalue()
        sha = hashlib.sha256(png).hexdigest()
        (tmp / sha).write_bytes(png)
        ctx.store.put_original(tmp / sha, sha)
        staging = tmp / f"s{i}"
        staging.mkdir()
        (staging / "document.pdf").write_bytes(img2pdf.convert(png))
        (staging / "page-0001.png").write_bytes(png)
        ctx.store.publish_derived(sha, staging)
        text = "\n".join(lines)
        with ctx.db.transaction() as s:
            doc = Document(sha256=sha, source_name=f"d{i}.png", media_type="image/png", size_bytes=len(png),
                           status="ok", unit_id=unit_id, case_id=case_id, classification="internal",
                           title=f"行政处罚决定书（张{i}）", profile="office", page_count=1)
            doc.pages.append(Page(page_no=1, width_px=1240, height_px=1754, dpi=150, text_raw=text,
                                  text_norm=text, words=words))
            s.add(doc)
            s.flush()
            ids.append(doc.id)
    with ctx.db.session() as s:
        ctx.search.upsert(list(load_indexed_documents(s, ids).values()))
    shutil.rmtree(tmp)
    ctx.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], server: str, no_audit: bool) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER],
                            env={**env, "BENCH_PORT": str(port), "BENCH_SERVER": server,
                                 "BENCH_NO_AUDIT": "1" if no_audit else "0"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"the bench's {server} server did not start")
        try:
            urllib.request.urlopen(base + "/login", timeout=5).close()
            return proc, base
        except OSError:
            time.sleep(0.2)


def _ticks(pid: int) -> int:
    """CPU ticks (user + system) of a process, its live children, and the children it has reaped."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return 0
    own = sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return own + sum(_ticks(int(c)) for c in children)


def cpu_seconds(pid: int) -> float:
    return _ticks(pid) / os.sysconf("SC_CLK_TCK")


class Client:
    """One browser: a cookie jar, logged in as one officer."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.get("/login")[1]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token}).encode()
        self.opener.open(urllib.request.Request(base + "/login", data=data), timeout=60).read()

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=60) as response:
            body = response.read()
            kind = response.headers.get("Content-Type", "")
            return response.status, body.decode("utf-8") if kind.startswith("text/html") else ""


def browse(client: Client, until: float, rng: random.Random, times: list[float], errors: list[str]) -> None:
    def timed(path: str) -> str:
        start = time.perf_counter()
        try:
            status, body = client.get(path)
        except Exception as e:  # noqa: BLE001 - counted and reported
            errors.append(f"{path}: {e}")
            return ""
        times.append(time.perf_counter() - start)
        if status != 200:
            errors.append(f"{path}: HTTP {status}")
        return body

    while time.monotonic() < until:
        page = timed("/search?q=" + urllib.parse.quote(rng.choice(TERMS)))
        hits = re.findall(r'href="/documents/(\d+)\?', page)
        if not hits:
            continue
        doc = rng.choice(hits)
        timed(f"/documents/{doc}?page=1")
        timed(f"/documents/{doc}/pages/1/image")
        if rng.random() < 0.1:
            timed(f"/documents/{doc}/download")


def log_entries(settings) -> int:
    from sqlalchemy import func, select

    from access_control.models import AccessLogRecord
    from records.db import Database

    db = Database(settings.database_url)
    try:
        with db.session() as s:
            return s.scalar(select(func.count()).select_from(AccessLogRecord))
    finally:
        db.dispose()


def phase(env: dict[str, str], settings, clients: int, seconds: float, server: str, no_audit: bool) -> dict:
    proc, base = start_server(env, server, no_audit)
    try:
        logged_in = [Client(base, f"officer{i}") for i in range(clients)]
        before = log_entries(settings)
        times: list[float] = []
        errors: list[str] = []
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=browse, args=(c, until, random.Random(i), times, errors))
                   for i, c in enumerate(logged_in)]
        server_cpu, bench_cpu = cpu_seconds(proc.pid), time.process_time()
        start = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - start
        server_cpu, bench_cpu = cpu_seconds(proc.pid) - server_cpu, time.process_time() - bench_cpu
        written = log_entries(settings) - before
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    times.sort()
    return {"server": server, "access_log": "off" if no_audit else "on", "requests": len(times),
            "seconds": round(elapsed, 1), "requests_per_s": round(len(times) / elapsed, 1),
            "p50_ms": round(statistics.median(times) * 1000, 1) if times else None,
            "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 1) if times else None,
            "log_entries": written, "log_writes_per_s": round(written / elapsed, 1),
            "server_cpu_s": round(server_cpu, 1), "bench_clients_cpu_s": round(bench_cpu, 1),
            "errors": len(errors), "first_errors": errors[:3]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=1, help="werkzeug, gunicorn, alternating this many times")
    parser.add_argument("--servers", default="werkzeug,gunicorn", help="which servers to run, in this order")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn processes (default: settings)")
    parser.add_argument("--threads", type=int, default=None, help="threads per gunicorn process (default: settings)")
    parser.add_argument("--control", action="store_true", help="also run each server with the access log off")
    parser.add_argument("--database-url", default="", help="default: SQLite in the bench's data directory")
    parser.add_argument("--hash", choices=("sha256", "sm3"), default="sha256")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args(argv)

    from earchive.settings import Settings

    data_dir = Path(tempfile.mkdtemp(prefix="earchive-bench-audit-"))
    env = {**os.environ, "BENCH_REPO": str(REPO), "EARCHIVE_DATA_DIR": str(data_dir),
           "EARCHIVE_DATABASE_URL": args.database_url, "EARCHIVE_AUDIT_HASH": args.hash,
           "EARCHIVE_COOKIE_SECURE": "false",  # urllib's cookie jar keeps Secure cookies off plain HTTP
           "EARCHIVE_LOGIN_FREE_ATTEMPTS": "1000", "EARCHIVE_LOGIN_ADDRESS_FREE_ATTEMPTS": "1000"}
    if args.workers:
        env["EARCHIVE_WEB_WORKERS"] = str(args.workers)
    if args.threads:
        env["EARCHIVE_WEB_THREADS"] = str(args.threads)
    settings = Settings(data_dir=data_dir, database_url=args.database_url, audit_hash=args.hash,
                        **({"web_workers": args.workers} if args.workers else {}),
                        **({"web_threads": args.threads} if args.threads else {}))
    servers = [name.strip() for name in args.servers.split(",") if name.strip()]
    plan = [(server, False) for _ in range(args.rounds) for server in servers]
    if args.control:
        plan += [(server, True) for server in servers]
    try:
        log(f"seeding {args.docs} documents and {args.clients} officers in {data_dir}")
        seed(settings, args.docs, args.clients)
        results = []
        for server, no_audit in plan:
            log(f"{server}: {args.clients} clients for {args.seconds:.0f} s, access log {'off' if no_audit else 'on'}")
            results.append(phase(env, settings, args.clients, args.seconds, server, no_audit))
            r = results[-1]
            log(f"  {r['requests_per_s']} req/s, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, "
                f"server {r['server_cpu_s']} CPU-s, clients {r['bench_clients_cpu_s']} CPU-s, {r['errors']} errors")
        from access_control.audit import verify
        from records.db import Database

        db = Database(settings.database_url)
        with db.session() as s:
            report = verify(s)
        db.dispose()
        summary = {"database": settings.database_url.split(":", 1)[0], "hash": args.hash,
                   "clients": args.clients, "cpus": os.cpu_count(),
                   "gunicorn": {"workers": settings.web_workers, "threads": settings.web_threads},
                   "phases": results, "chain_verified": report.ok, "chain_entries": report.entries}
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return 0 if report.ok and not any(r["errors"] for r in results) else 1
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
