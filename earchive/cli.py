"""The `earchive` command line. Each command is a thin call into the same functions the web app uses.

The command line runs on the server as the system operator, so it is not
limited by an account's unit or clearance; the web app is.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from earchive.errors import EarchiveError, ExitCode


def _context():
    from earchive.context import open_context

    return open_context()


def _fail(e: EarchiveError) -> None:
    click.echo(f"错误 / error: {e.message}", err=True)
    sys.exit(int(e.exit_code))


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except EarchiveError as e:
            _fail(e)


@click.group(cls=_Group)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def main(verbose: int) -> None:
    """earchive — 行政执法全过程记录数字化与检索."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.command()
def init() -> None:
    """Create the database (run migrations) and the file store."""
    ctx = _context()
    click.echo(f"database: {ctx.settings.database_url}\nstore: {ctx.settings.store_dir}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--profile", help="Scanner profile name (default: settings.default_profile).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Documents OCR'd in parallel.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input on stdout.")
@click.option("--folder-as-document", is_flag=True, help="A folder of page images is one document.")
@click.option("--unit", "unit_code", help="Unit code the documents belong to.")
def ingest(paths: tuple[Path, ...], profile: str | None, jobs: int | None, as_json: bool,
           folder_as_document: bool, unit_code: str | None) -> None:
    """Ingest scanned case files: PDF, TIFF, JPEG, PNG files or folders of them."""
    from ingest.service import ingest_sources
    from ingest.sources import collect_sources
    from records.admin import unit_id_by_code

    ctx = _context()
    sources = collect_sources(list(paths), folder_as_document)
    if not sources:
        raise click.UsageError("no files found in the given paths")
    unit_id = unit_id_by_code(ctx, unit_code) if unit_code else None
    bar = None
    if not as_json and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=len(sources), unit="file", desc="OCR")

    def report(r) -> None:
        if as_json:
            click.echo(json.dumps({k: r.to_json()[k] for k in
                                   ("document_id", "source", "sha256", "pages", "status", "error")} |
                                  {"reason": r.reason, "flags": r.flags}, ensure_ascii=False))
        else:
            line = f"{r.status:9} {r.source}" + (f"  #{r.document_id} ({r.pages} 页)" if r.document_id else "")
            if r.error:
                line += f"  — {r.error}"
            for flag in r.flags:
                line += f"\n          ⚠ {flag['message']}"
            (bar.write if bar else click.echo)(line)
        if bar:
            bar.update(1)

    _, results = ingest_sources(ctx, sources, profile=profile, jobs=jobs or ctx.settings.ocr_jobs,
                                created_by="cli", unit_id=unit_id, on_result=report)
    if bar:
        bar.close()
    if any(r.status == "rejected" for r in results):
        sys.exit(int(ExitCode.rejected))


@main.command()
@click.argument("document_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def show(document_id: int, as_json: bool) -> None:
    """Print a document's metadata and its pages (raw and normalised text, word boxes)."""
    from records.queries import document_as_json

    ctx = _context()
    with ctx.db.session() as s:
        data = document_as_json(s, document_id)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))
        return
    for key in ("id", "source_name", "status", "sha256", "media_type", "page_count", "profile", "ocr_engine",
                "ingested_at"):
        click.echo(f"{key:12} {data[key]}")
    for flag in data["quality_flags"]:
        click.echo(f"⚠ {flag['message']}")
    for page in data["pages"]:
        click.echo(f"\n--- 第 {page['page_no']} 页 ({page['width_px']}×{page['height_px']} px, {page['dpi']} dpi) ---")
        click.echo(page["text_norm"])


@main.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=20)
@click.option("--json", "as_json", is_flag=True)
def search(query: str, limit: int, as_json: bool) -> None:
    """Full-text search over page text (any Chinese string of two or more characters)."""
    from indexer.base import PermissionFilter, SearchQuery

    ctx = _context()
    result = ctx.search.search(SearchQuery(query, permission=PermissionFilter(None, "confidential"), limit=limit))
    if as_json:
        click.echo(json.dumps({"total": result.total, "hits": [
            {"document_id": h.document_id, "page_no": h.page_no, "score": h.score, "snippet": h.snippet,
             "source_name": h.source_name, "case_no": h.case_no} for h in result.hits]}, ensure_ascii=False))
        return
    click.echo(f"共 {result.total} 页命中")
    for h in result.hits:
        snippet = h.snippet.replace("<mark>", click.style("", bold=True, reset=False)).replace("</mark>", click.style("", reset=True))
        click.echo(f"#{h.document_id} 第{h.page_no}页 [{h.score:.2f}] {h.source_name}\n    {snippet}")


@main.command()
@click.option("--threads", type=click.IntRange(1, 64), default=None, help="Worker threads (default: settings.ocr_jobs).")
def worker(threads: int | None) -> None:
    """Run background OCR for browser uploads and keep the search index up to date."""
    from ingest.tasks import run_worker

    ctx = _context()
    run_worker(ctx, threads or ctx.settings.ocr_jobs)


@main.command()
@click.option("--host", default=None)
@click.option("--port", type=int, default=None)
def serve(host: str | None, port: int | None) -> None:
    """Start the web app (embedded server, for one office)."""
    from webapp import serve as run

    ctx = _context()
    run(ctx.settings, host or ctx.settings.host, port or ctx.settings.port)


@main.group()
def user() -> None:
    """Accounts."""


@user.command("add")
@click.argument("username")
@click.option("--role", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--unit", "unit_code")
@click.option("--clearance", default="internal")
@click.password_option()
def user_add(username: str, role: str, display_name: str, unit_code: str | None, clearance: str, password: str) -> None:
    """Create an account."""
    from access_control.users import create_user
    from records.admin import unit_id_by_code

    ctx = _context()
    unit_id = unit_id_by_code(ctx, unit_code) if unit_code else None
    with ctx.db.transaction() as s:
        create_user(s, username, password, display_name, role, unit_id, clearance)
    click.echo(f"created {username} ({role})")


@main.command()
@click.option("--port", type=int, default=None)
@click.option("--no-serve", is_flag=True, help="Set up and ingest, then stop instead of serving.")
def demo(port: int | None, no_serve: bool) -> None:
    """Set up the embedded default, ingest bundled sample scans, create an admin and serve the web app."""
    from earchive.demo import run_demo

    run_demo(_context(), port=port, serve=not no_serve)
