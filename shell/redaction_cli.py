"""`earchive redact`, `release`, `publish`, `publications` and `trade-secret`: redacted copies at the command line.

Each command calls the same functions as the web app (redaction.release) and
exits 0 only when the verification before release passed; a blocked release
writes nothing and says which page and which kind of data could still be read.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from earchive.errors import EarchiveError, ExitCode, NotFound


def _context():
    from context import open_context

    return open_context()


def _write(path: Path, data: bytes) -> None:
    """Write atomically: a reader never sees half a release."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    tmp.replace(path)


def _blocked(ctx, access_log, e, **event) -> None:
    """Record a release the verification stopped (never its strings), then let the error end the command."""
    from access_control.audit import Actor, Event

    with ctx.db.transaction() as s:
        access_log.record(s, Actor.operator(), Event(outcome="failed", detail={"blocked": e.findings_json()}, **event))
    access_log.committed()


def _print(copy, out: Path, as_json: bool) -> None:
    summary = {"output": str(out), "sha256": copy.sha256, "release_id": copy.release.id,
               "purpose": copy.plan.purpose, "verified": copy.verification.checked,
               "plan": copy.plan.to_json(public=True)}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
        return
    pages = {}
    for entry in copy.plan.entries:
        pages.setdefault((entry.document_id, entry.page_no), []).append(entry)
    click.echo(f"已生成 {out}（SHA-256 {copy.sha256}），验证通过：{copy.verification.summary()}")
    for (document_id, page_no), entries in sorted(pages.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        kinds = "、".join(sorted({e.kind.label for e in entries}))
        click.echo(f"  文书 {document_id} 第 {page_no} 页：遮盖 {len(entries)} 处（{kinds}）")
    for w in copy.plan.withheld:
        where = f"第 {w.page_no} 页" if w.page_no else "整份"
        click.echo(f"  文书 {w.document_id} {where}不予提供：{w.reason.label}")


def _document_copy(document_id: int, out: Path, as_json: bool, make) -> None:
    """Run `make(session, store, access_log, actor, document)` for a finished document, then write and print its copy;
    a blocked verification is logged and ends the command with nothing written."""
    from access_control.audit import AccessLog, Actor
    from records.models import Document
    from redaction.verify import ReleaseBlocked

    ctx = _context()
    access_log = AccessLog(ctx.settings)
    try:
        with ctx.db.transaction() as s:
            document = s.get(Document, document_id)
            if document is None or document.status != "ok":
                raise NotFound(f"文书 {document_id} 不存在或尚未处理完毕")
            copy = make(s, ctx.store, access_log, Actor.operator(), document)
    except ReleaseBlocked as e:
        _blocked(ctx, access_log, e, action="export", record_kind="document", record_id=document_id)
        raise
    access_log.committed()
    _write(out, copy.data)
    _print(copy, out, as_json)


@click.command("redact")
@click.argument("document_id", type=int)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A plan (JSON, as --json prints it) to apply instead of the proposed one.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan applied and what was verified as JSON.")
def redact_command(document_id: int, out: Path, plan_file: Path | None, as_json: bool) -> None:
    """A redacted copy of DOCUMENT_ID: every natural person's data but officers', and whatever is marked secret."""
    from redaction.plan import Plan
    from redaction.release import redact_document

    plan = None
    if plan_file is not None:
        try:
            plan = Plan.from_json(json.loads(plan_file.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as e:
            raise click.UsageError(f"{plan_file}: not a redaction plan ({e}); write it as `earchive redact --json` "
                                   "prints the plan") from e
    _document_copy(document_id, out, as_json,
                   lambda s, store, log, actor, document: redact_document(s, store, log, actor, document, plan))


@click.command("release")
@click.argument("slip_no")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def release_command(slip_no: str, out_dir: Path, as_json: bool) -> None:
    """The redacted, verified copy for approved slip SLIP_NO, with its reviewed plan, into OUT_DIR."""
    from sqlalchemy import select

    from access_control.audit import AccessLog, Actor
    from access_control.models import RetrievalSlip
    from access_control.slips import approved_documents, slip_state
    from redaction.plans import reviewed_plan_for_slip
    from redaction.release import release_for_slip
    from redaction.verify import ReleaseBlocked

    ctx = _context()
    access_log = AccessLog(ctx.settings)
    try:
        with ctx.db.transaction() as s:
            slip = s.scalar(select(RetrievalSlip).where(RetrievalSlip.slip_no == slip_no))
            if slip is None:
                raise NotFound(f"调用单 {slip_no} 不存在")
            if slip.kind != "applicant" or slip.mode != "copy" or slip_state(slip) != "approved":
                raise EarchiveError(f"调用单 {slip_no} 不是有效的已批准复制申请（状态：{slip_state(slip)}）")
            documents = approved_documents(s, slip)
            plan_id, plan = reviewed_plan_for_slip(s, slip)
            copy = release_for_slip(s, ctx.store, access_log, Actor.operator(), slip, documents, plan, plan_id)
    except ReleaseBlocked as e:
        _blocked(ctx, access_log, e, action="copy", slip_no=slip_no, record_kind="slip")
        raise
    access_log.committed()
    out = out_dir / f"{slip_no}.pdf"
    _write(out, copy.data)
    _write(out_dir / f"{slip_no}.json", json.dumps(
        {"slip_no": slip_no, "sha256": copy.sha256, "release_id": copy.release.id, "verified": copy.verification.checked,
         "plan": copy.plan.to_json(public=True)}, ensure_ascii=False, indent=1, default=str).encode("utf-8"))
    _print(copy, out, as_json)


@click.command("publish")
@click.argument("document_id", type=int)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def publish_command(document_id: int, out: Path, as_json: bool) -> None:
    """The public version of decision DOCUMENT_ID (行政执法公示): names as 张某某, personal data removed."""
    from redaction.release import publish_document

    _document_copy(document_id, out, as_json, publish_document)


@click.command("publications")
@click.option("--json", "as_json", is_flag=True)
def publications_command(as_json: bool) -> None:
    """The publications made so far: document, SHA-256, when and by whom."""
    from redaction.release import publications

    ctx = _context()
    with ctx.db.session() as s:
        rows = [{"id": r.id, "document_id": r.document_id, "sha256": r.sha256, "pages": r.page_count,
                 "boxes": r.entry_count, "created_by": r.created_by, "created_at": r.created_at.isoformat()}
                for r in publications(s)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        click.echo(f"#{r['id']:<5} 文书 {r['document_id']:<6} {r['created_at'][:19]}  {r['created_by']}  {r['sha256']}")


@click.group("trade-secret")
def trade_secret_group() -> None:
    """A case's trade-secret terms (商业秘密事项), hidden wherever they appear in its released copies."""


@trade_secret_group.command("add")
@click.argument("case_id", type=int)
@click.argument("terms", nargs=-1, required=True)
def trade_secret_add(case_id: int, terms: tuple[str, ...]) -> None:
    from access_control.audit import AccessLog, Actor
    from redaction.terms import add_terms

    ctx = _context()
    access_log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        added = add_terms(s, access_log, Actor.operator(), case_id, terms)
    access_log.committed()
    click.echo(f"案件 {case_id}：新增商业秘密事项 {added} 项")


@trade_secret_group.command("list")
@click.argument("case_id", type=int)
def trade_secret_list(case_id: int) -> None:
    from access_control.audit import AccessLog, Actor, Event
    from redaction.terms import case_terms

    ctx = _context()
    access_log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        terms = case_terms(s, case_id)
        access_log.record(s, Actor.operator(), Event("view", record_kind="trade_secret_terms", record_id=case_id,
                                                     case_id=case_id))
    access_log.committed()
    for term in terms:
        click.echo(term)


COMMANDS = (redact_command, release_command, publish_command, publications_command, trade_secret_group)
