"""The `earchive` command line. Each command is a thin call into the same functions the web app uses.

The command line runs on the server as the system operator, so it is not
limited by an account's unit or clearance; the web app is.
"""
from __future__ import annotations

import atexit
import gc
import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from shell.cases_cli import cases_group, classify_command
from shell.marking_cli import classification_options, mark_command, marking_at_ingest
from shell.redaction_cli import COMMANDS as REDACTION_COMMANDS
from shell.media_cli import COMMANDS as MEDIA_COMMANDS
from earchive.errors import EarchiveError, ExitCode
from earchive.timing import mark

# At exit the interpreter's last garbage collection walks every object the command's imports made
# (0.15-0.3 s after `ingest`, on the clock of every batch); frozen, they are simply left to the OS.
# Files and the database are closed by then: nothing left to collect holds unwritten data.
atexit.register(gc.freeze)


def _context():
    from context import open_context

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
    mark("cli: command starts")


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
@click.option("--unit", "unit_code", help="Unit the documents belong to: AGENCY/UNIT, or UNIT when no other agency uses that code.")
@classification_options
def ingest(paths: tuple[Path, ...], profile: str | None, jobs: int | None, as_json: bool,
           folder_as_document: bool, unit_code: str | None, level: str | None, secrecy: tuple[str, ...]) -> None:
    """Ingest scanned case files: PDF, TIFF, JPEG, PNG files or folders of them."""
    from earchive.settings import get_settings
    from ingest.pool import OcrPool
    from ingest.sources import collect_sources
    from scanner_profiles import get_profile

    sources = collect_sources(list(paths), folder_as_document)
    if not sources:
        raise click.UsageError("no files found in the given paths")
    settings = get_settings()
    jobs = min(jobs or settings.ocr_jobs, len(sources))
    prof = get_profile(profile or settings.default_profile)
    # The OCR workers load their models while this process loads its own code and opens the database.
    mark("cli: settings and sources read")
    with OcrPool(jobs, settings, prof, fork=True) as pool:  # nothing opened yet: the workers are forked
        mark("cli: workers spawned")
        _ingest(sources, profile, jobs, as_json, unit_code, pool, level, list(secrecy) or None)
    mark("cli: workers closed")


def _ingest(sources, profile: str | None, jobs: int, as_json: bool, unit_code: str | None, pool,
            level: str | None = None, marks: list[str] | None = None) -> None:
    from earchive.loading import loading

    with loading():  # a second of imports, on the cores the OCR workers are warming up on
        from access_control.audit import AccessLog
        from ingest.service import ingest_sources
        from records.admin import unit_id_by_ref

        mark("cli: ingest code imported")
        ctx = _context()
        mark("cli: database and store open")
    unit_id = unit_id_by_ref(ctx, unit_code) if unit_code else None
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

    # The marking given at ingest is the new documents' first (a duplicate keeps the marking it has).
    marked: list[str] = []
    access_log = AccessLog(ctx.settings)
    _, results = ingest_sources(ctx, sources, profile=profile, jobs=jobs, created_by="cli", unit_id=unit_id,
                                on_result=report, pool=pool,
                                on_new_document=marking_at_ingest(access_log, level, marks, marked))
    access_log.committed()
    mark("cli: batch done")
    if bar:
        bar.close()
    for line in marked:
        click.echo(line, err=as_json)
    if any(r.status == "rejected" for r in results):
        sys.exit(int(ExitCode.rejected))


@main.command()
@click.argument("document_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def show(document_id: int, as_json: bool) -> None:
    """Print a document's metadata and its pages (raw and normalised text, word boxes)."""
    from classify.queries import classification_as_json
    from records.queries import document_as_json

    ctx = _context()
    with ctx.db.session() as s:
        data = document_as_json(s, document_id) | classification_as_json(s, document_id)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))
        return
    for key in ("id", "source_name", "status", "sha256", "media_type", "page_count", "profile", "ocr_engine",
                "ingested_at", "doc_type_label", "stage", "case_no", "doc_date", "needs_review"):
        click.echo(f"{key:12} {data[key]}")
    for flag in data["quality_flags"]:
        click.echo(f"⚠ {flag['message']}")
    for page in data["pages"]:
        click.echo(f"\n--- 第 {page['page_no']} 页 ({page['width_px']}×{page['height_px']} px, {page['dpi']} dpi) ---")
        click.echo(page["text_norm"])


def _filters(case_no: str | None, party: str | None, officer: str | None, device: str | None,
             doc_type: str | None, stage: str | None, date_from: datetime | None, date_to: datetime | None):
    """SearchFilters from the `earchive search` options."""
    from classify.labels import doc_type_code
    from indexer.base import SearchFilters

    return SearchFilters(case_no=case_no, party=party, officer=officer, device=device, doc_type=doc_type_code(doc_type) or doc_type,
                         stage=stage, date_from=date_from.date() if date_from else None,
                         date_to=date_to.date() if date_to else None)


_DATE = click.DateTime(formats=["%Y-%m-%d"])


@main.command()
@click.argument("query", required=False, default="")
@click.option("--limit", type=click.IntRange(1, 500), default=20)
@click.option("--json", "as_json", is_flag=True)
@click.option("--case-no", help="Only this case number (案号), exactly.")
@click.option("--party", help="Only documents naming this party (当事人), exactly.")
@click.option("--officer", help="Only documents naming this officer (执法人员), exactly.")
@click.option("--device", help="Only documents from this recording device number.")
@click.option("--type", "doc_type", help="Only this document type (文书类型), e.g. 询问笔录.")
@click.option("--stage", help="Only this procedural stage.")
@click.option("--from", "date_from", type=_DATE, help="Documents dated on or after YYYY-MM-DD.")
@click.option("--to", "date_to", type=_DATE, help="Documents dated on or before YYYY-MM-DD.")
@click.option("--kind", "kind", type=click.Choice(["all", "document", "media"]), default="all", show_default=True,
              help="Pages of documents, media items (audio-visual records), or both.")
def search(query: str, limit: int, as_json: bool, kind: str, **filters: Any) -> None:
    """Full-text search over page text (any Chinese string of two or more characters) and media items
    (their names, device, officer, cases and parties).

    Without QUERY, lists the pages and items that pass the filters.
    """
    import html

    from indexer.base import RECORD_KINDS, PermissionFilter, SearchQuery
    from records.classification import HIGHEST

    ctx = _context()
    kinds = RECORD_KINDS if kind == "all" else (kind,)
    result = ctx.search.search(SearchQuery(query, filters=_filters(**filters), permission=PermissionFilter(None, HIGHEST),
                                           limit=limit, kinds=kinds, facets=("kind",)))
    if as_json:
        click.echo(json.dumps({"total": result.total, "kinds": dict(result.facets["kind"]), "hits": [
            {"kind": h.kind, "document_id": h.document_id, "page_no": h.page_no, "score": h.score,
             "snippet": h.snippet, "source_name": h.source_name, "case_no": h.case_no}
            | ({"media_id": h.media_id, "media_kind": h.media_kind, "recorded_at": h.recorded_at,
                "duration_s": h.duration_s, "title": h.title} if h.kind == "media" else {})
            for h in result.hits]}, ensure_ascii=False))
        return
    counts = dict(result.facets["kind"])
    if counts.get("media"):
        click.echo(f"共 {result.total} 条命中（文书 {counts.get('document', 0)} 页，音像记录 {counts['media']} 条）")
    else:
        click.echo(f"共 {result.total} 页命中")
    for h in result.hits:
        snippet = h.snippet.replace("<mark>", click.style("", bold=True, reset=False)).replace("</mark>", click.style("", reset=True))
        if h.kind == "media":
            duration = f"{h.duration_s:.0f}秒" if h.duration_s is not None else ""
            click.echo(f"音像#{h.media_id} {h.media_kind} {h.recorded_at or '时间不明'} {duration} [{h.score:.2f}] "
                       f"{h.source_name}\n    {html.unescape(snippet)}")
        else:
            click.echo(f"#{h.document_id} 第{h.page_no}页 [{h.score:.2f}] {h.source_name}\n    {html.unescape(snippet)}")


@main.group()
def index() -> None:
    """The search index."""


@index.command("verify")
def index_verify() -> None:
    """Compare the search index with the database; exits 1 if they differ.

    Missing: ok documents not in the index. Stale: indexed under another version.
    Extra: indexed, but not an ok document in the database. `earchive worker`
    catches up on queued updates; `earchive reindex` rebuilds everything.
    """
    from indexer.outbox import verify_index

    ctx = _context()
    with ctx.db.session() as s:
        diff = verify_index(s, ctx.search)
    if diff.clean:
        click.echo("index matches the database")
        return
    for name, ids, what in (("missing", diff.missing, "document"), ("stale", diff.stale, "document"),
                            ("extra", diff.extra, "document"), ("missing", diff.media_missing, "media item"),
                            ("extra", diff.media_extra, "media item")):
        if ids:
            click.echo(f"{name:8} {len(ids):6}  {what} ids: {' '.join(map(str, ids[:50]))}"
                       + (" …" if len(ids) > 50 else ""))
    sys.exit(1)


@main.command()
def reindex() -> None:
    """Rebuild the search index from the database while searches go on.

    Elasticsearch: a new index is built and the alias swapped onto it in one step.
    Embedded: every document is re-indexed in place, one transaction each.
    """
    from indexer.rebuild import rebuild_index

    ctx = _context()
    report = rebuild_index(ctx.db.session, ctx.search)
    where = f" into {report.index}" if report.index else ""
    click.echo(f"re-indexed {report.documents} documents ({report.method}{where})")
    fixed = report.repaired
    if not fixed.clean:
        click.echo(f"then caught up on changes made meanwhile: {len(fixed.missing)} missing, "
                   f"{len(fixed.stale)} stale, {len(fixed.extra)} extra")


@main.command()
@click.option("--threads", type=click.IntRange(1, 64), default=None, help="Worker threads (default: settings.ocr_jobs).")
def worker(threads: int | None) -> None:
    """Run background OCR for browser uploads and keep the search index up to date."""
    from ingest.tasks import run_worker

    ctx = _context()
    run_worker(ctx, threads or ctx.settings.ocr_jobs)


@main.command()
@click.option("--host", default=None, help="Address to bind (default: settings.host).")
@click.option("--port", type=int, default=None, help="Port to bind (default: settings.port).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the web app with gunicorn (settings.web_workers processes × web_threads threads)."""
    from webapp import serve as run

    ctx = _context()  # brings the database schema up to date before any worker starts
    ctx.close()  # the worker processes open their own connections; none is carried across their fork
    run(ctx.settings, host or ctx.settings.host, port or ctx.settings.port)


@main.group()
def user() -> None:
    """Accounts."""


_ROLES = ("archivist", "officer", "legal_reviewer", "head", "applicant", "auditor", "admin")


@user.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(_ROLES))
@click.option("--name", "display_name", required=True)
@click.option("--unit", "unit_code", help="Unit (AGENCY/UNIT, or UNIT when unique); required for archivist, officer, legal_reviewer and head.")
@click.option("--clearance", default="internal", help="Classification level the account may see.")
@click.password_option()
def user_add(username: str, role: str, display_name: str, unit_code: str | None, clearance: str, password: str) -> None:
    """Create an account (recorded in the access log)."""
    from access_control.audit import AccessLog, Actor
    from access_control.users import create_user
    from records.admin import unit_id_by_ref

    ctx = _context()
    unit_id = unit_id_by_ref(ctx, unit_code) if unit_code else None
    with ctx.db.transaction() as s:
        access_log = AccessLog(ctx.settings)
        create_user(s, username, password, display_name, role, unit_id, clearance,
                    access_log=access_log, actor=Actor.operator())
    access_log.committed()
    click.echo(f"created {username} ({role})")


@user.command("set")
@click.argument("username")
@click.option("--role", type=click.Choice(_ROLES))
@click.option("--unit", "unit_code")
@click.option("--clearance")
@click.option("--disable/--enable", "disabled", default=None, help="A disabled account's sessions end at once.")
def user_set(username: str, role: str | None, unit_code: str | None, clearance: str | None,
             disabled: bool | None) -> None:
    """Change an account's role, unit, clearance or state (recorded in the access log)."""
    from access_control.audit import AccessLog, Actor
    from access_control.users import update_user, user_by_name
    from records.admin import unit_id_by_ref

    ctx = _context()
    unit_id = unit_id_by_ref(ctx, unit_code) if unit_code else ...
    with ctx.db.transaction() as s:
        access_log = AccessLog(ctx.settings)
        changes = update_user(s, user_by_name(s, username), access_log, Actor.operator(), role=role,
                              unit_id=unit_id, clearance=clearance,
                              active=None if disabled is None else not disabled)
    access_log.committed()
    click.echo(f"{username}: " + (", ".join(changes) + " changed" if changes else "nothing changed"))


@main.group()
def unit() -> None:
    """Agencies and their units."""


@unit.command("add")
@click.argument("agency_code")
@click.argument("unit_code")
@click.option("--name", "unit_name", required=True, help="The unit's name, e.g. 执法一中队.")
@click.option("--agency-name", help="The agency's name; needed when the agency is new.")
def unit_add(agency_code: str, unit_code: str, unit_name: str, agency_name: str | None) -> None:
    """Add a unit (and its agency, if new)."""
    from sqlalchemy import select

    from access_control.audit import AccessLog, Actor, Event
    from records.admin import ensure_unit
    from records.models import Agency

    ctx = _context()
    with ctx.db.transaction() as s:
        agency = s.scalar(select(Agency).where(Agency.code == agency_code))
        if agency is None and not agency_name:
            raise click.UsageError(f"agency {agency_code} is new: give --agency-name")
        new_unit = ensure_unit(s, agency_code, agency.name if agency else agency_name, unit_code, unit_name)
        access_log = AccessLog(ctx.settings)
        access_log.record(s, Actor.operator(), Event(
            "permission_change", record_kind="unit", record_id=new_unit.id,
            detail={"change": "unit", "agency": agency_code, "code": unit_code, "name": unit_name}))
    access_log.committed()
    click.echo(f"unit {agency_code}/{unit_code} ({unit_name}) has id {new_unit.id}")


@main.group()
def audit() -> None:
    """The access log (调阅登记): verify its hash chain, sign checkpoints."""


@audit.command("verify")
@click.option("--public-key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The auditor's copy of the checkpoint public key (default: derived from the signing key).")
@click.option("--json", "as_json", is_flag=True)
def audit_verify(public_key: Path | None, as_json: bool) -> None:
    """Check every entry, the chain head and every signed checkpoint; name the first bad entry."""
    from access_control.audit import load_public_key, read_checkpoints, signing_key, verify

    ctx = _context()
    checkpoints = read_checkpoints(ctx.settings)
    key = load_public_key(public_key) if public_key else (
        signing_key(ctx.settings).public_key() if checkpoints else None)
    with ctx.db.session() as s:
        report = verify(s, checkpoints, key)
    if as_json:
        click.echo(json.dumps({"ok": report.ok, "entries": report.entries, "checkpoints": report.checkpoints,
                               "first_bad_seq": report.first_bad_seq, "problem": report.problem},
                              ensure_ascii=False))
    elif report.ok:
        click.echo(f"访问日志完好 / access log intact: {report.entries} entries, "
                   f"{report.checkpoints} signed checkpoints")
    else:
        click.echo(f"访问日志被改动 / access log tampered: first bad entry {report.first_bad_seq}: "
                   f"{report.problem}", err=True)
    if not report.ok:
        sys.exit(int(ExitCode.internal))


@audit.command("checkpoint")
def audit_checkpoint() -> None:
    """Sign the chain's head now and write it to <audit_dir>/checkpoints (run it from cron, e.g. hourly)."""
    from access_control.audit import checkpoint_head

    ctx = _context()
    with ctx.db.session() as s:
        cp = checkpoint_head(s, ctx.settings)
    if cp is None:
        click.echo("access log is empty: nothing to sign")
    else:
        click.echo(f"checkpoint at entry {cp.seq}: {cp.path or 'already written'}")


@main.command()
@click.option("--port", type=int, default=None)
@click.option("--no-serve", is_flag=True, help="Set up and ingest, then stop instead of serving.")
def demo(port: int | None, no_serve: bool) -> None:
    """Set up the embedded default, ingest bundled sample scans, create an admin and serve the web app."""
    from shell.demo import run_demo

    run_demo(_context(), port=port, serve=not no_serve)


main.add_command(classify_command)
main.add_command(cases_group)
main.add_command(mark_command)
for _command in (*REDACTION_COMMANDS, *MEDIA_COMMANDS):
    main.add_command(_command)
