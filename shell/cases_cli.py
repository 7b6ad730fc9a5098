"""`earchive classify` and `earchive cases …`: thin calls into the same functions the web app uses."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from earchive.errors import EarchiveError, NotFound


def _context():
    from context import open_context

    return open_context()


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))


@click.command("classify")
@click.argument("document_id", type=int, required=False)
@click.option("--all", "everything", is_flag=True, help="Re-run on every finished document.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
def classify_command(document_id: int | None, everything: bool, as_json: bool) -> None:
    """Re-run classification; values people confirmed or corrected are kept."""
    from sqlalchemy import select

    from casefiles.filing import ClassifyOutcome, classify_batch
    from indexer.outbox import refresh_index
    from records.models import Document

    if bool(document_id) == everything:
        raise click.UsageError("give a DOCUMENT_ID or --all")
    ctx = _context()
    with ctx.db.session() as s:
        ids = [document_id] if document_id else list(s.scalars(select(Document.id).where(Document.status == "ok")
                                                               .order_by(Document.id)))

    def report(outcome: ClassifyOutcome) -> None:
        if as_json:
            click.echo(json.dumps(outcome.__dict__, ensure_ascii=False))
        else:
            flag = "待审核" if outcome.needs_review else "      "
            click.echo(f"#{outcome.document_id:<6} {flag} {outcome.doc_type:28} {outcome.case_no or '（未归入案件）'}")

    classify_batch(ctx.db.transaction, ids, report)
    refresh_index(ctx.db.session, ctx.search)


@click.group("cases")
def cases_group() -> None:
    """Cases and their case files: list, show, check, export, archive."""


def _unit_id(session, unit_ref: str | None) -> int | None:
    from records.admin import unit_by_ref

    return unit_by_ref(session, unit_ref).id if unit_ref else None


def _case(session, case_no: str, unit_code: str | None):
    from classify.case_no import normalise_case_no
    from records.models import Case

    if case_no.startswith("#") and case_no[1:].isdigit():
        case = session.get(Case, int(case_no[1:]))
        if case is None:
            raise NotFound(f"no case with id {case_no[1:]}")
        return case
    from casefiles.numbers import find_cases

    canonical = normalise_case_no(case_no) or case_no
    # Any number of the case finds it: its 案号, the 告知书's, the 决定书's … (#13)
    found = find_cases(session, case_no, _unit_id(session, unit_code) if unit_code else None)
    if not found:
        raise NotFound(f"no case numbered {canonical}")
    if len(found) > 1:
        raise EarchiveError(f"{canonical} exists in {len(found)} units; name one with --unit")
    return found[0]


@cases_group.command("list")
@click.option("--unit", "unit_code", help="Only this unit's cases (AGENCY/UNIT, or UNIT when unique).")
@click.option("--json", "as_json", is_flag=True)
def cases_list(unit_code: str | None, as_json: bool) -> None:
    """Every case with its documents, completeness and review score."""
    from casefiles.report import case_summaries

    ctx = _context()
    with ctx.db.session() as s:
        rows = case_summaries(s, unit_id=_unit_id(s, unit_code))
    if as_json:
        _echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['case_no']:28} {r['unit']:10} 文书{r['documents']:>3} 页{r['pages']:>4} "
                   f"缺{r['missing']:>2} 超期{r['late']:>2} 评分{r['score']:>4}  {r['cause'] or ''}")


@cases_group.command("show")
@click.argument("case_no")
@click.option("--unit", "unit_code")
@click.option("--json", "as_json", is_flag=True)
def cases_show(case_no: str, unit_code: str | None, as_json: bool) -> None:
    """A case file: table of contents, missing or late items, review score."""
    from casefiles.report import case_report

    ctx = _context()
    with ctx.db.session() as s:
        report = case_report(s, _case(s, case_no, unit_code))
    if as_json:
        _echo_json(report)
        return
    click.echo(f"{report['case_no']}  {report['cause'] or ''}  （{report['kind'] or '未识别案件类型'}）")
    if report["archive_no"]:
        click.echo(f"档号 {report['archive_no']}  归档于 {report['archived_at']}")
    click.echo("\n卷内目录")
    for e in report["toc"]:
        click.echo(f"  {e['position']:>3}. {e['title']:20} {e['doc_date'] or '':10}  第{e['first_page']}-{e['last_page']}页"
                   f"  #{e['document_id']}")
    if report["media"]:
        click.echo("\n音像资料")
    for m in report["media"]:
        duration = f"{m['duration_s']:.0f}秒" if m["duration_s"] is not None else "-"
        click.echo(f"  {m['position']:>3}. {m['kind']:5} {m['recorded_at'] or '时间不明':25} 设备 {m['device_no'] or '-'} "
                   f"执法人员 {m['officer_no'] or '-'} {duration}  SHA-256 {m['sha256']}  媒体#{m['item_id']}")
    _echo_findings(report["findings"])
    score = report["score"]
    click.echo(f"\n评查得分 {score['score']} / {score['full_score']}" + ("（一票否决）" if score["vetoed"] else ""))
    for line in score["lines"]:
        pts = "否决" if line["veto"] else f"-{line['points']}"
        click.echo(f"  {pts:>4}  {line['name']}：{line['finding']['message']}")


def _echo_findings(findings: list[dict]) -> None:
    if not findings:
        click.echo("\n案卷齐全，未发现超期")
        return
    click.echo("\n问题")
    for f in findings:
        where = f"  文书#{f['document_id']}" if f["document_id"] else ""
        click.echo(f"  [{f['kind_label']}] {f['message']}（依据：{f['basis']}）{where}")


@cases_group.command("check")
@click.option("--case", "case_no", help="Only this case number.")
@click.option("--unit", "unit_code")
@click.option("--json", "as_json", is_flag=True)
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Check deadlines as of this day.")
def cases_check(case_no: str | None, unit_code: str | None, as_json: bool, today: dt.datetime | None) -> None:
    """Missing and late items of each case file, each citing the article it comes from."""
    from casefiles.report import check_cases

    ctx = _context()
    with ctx.db.session() as s:
        cases = [_case(s, case_no, unit_code)] if case_no else None
        results = check_cases(s, cases, unit_id=_unit_id(s, unit_code), today=today.date() if today else None)
    if as_json:
        _echo_json(results)
        return
    for r in results:
        click.echo(f"{r['case_no']}（{r['kind'] or '未识别案件类型'}）")
        _echo_findings(r["findings"])
        click.echo("")


@cases_group.command("export")
@click.argument("case_no")
@click.option("--unit", "unit_code")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="PDF file to write.")
def cases_export(case_no: str, unit_code: str | None, output: Path | None) -> None:
    """Write the case file as one PDF/A with a bookmark per document."""
    from casefiles.case_file import export_case_pdf

    ctx = _context()
    with ctx.db.transaction() as s:
        case = _case(s, case_no, unit_code)
        dest = output or Path(f"case-{case.id}.pdf")
        export_case_pdf(s, ctx.store, case, dest)
    click.echo(str(dest))


@cases_group.command("archive")
@click.argument("case_no")
@click.option("--unit", "unit_code")
@click.option("--by", "username", default="cli", help="Who archives it (for the record).")
@click.option("--reason", default="", help="Why an incomplete or vetoed case file is archived all the same.")
def cases_archive(case_no: str, unit_code: str | None, username: str, reason: str) -> None:
    """Close a case file and give it its archive number (档号, DA/T 22).

    An incomplete or vetoed case file is refused unless --reason says why it is archived all the same.
    """
    from casefiles.case_file import archive_case_file

    ctx = _context()
    with ctx.db.transaction() as s:
        case_file = archive_case_file(s, _case(s, case_no, unit_code), username, reason=reason)
        click.echo(f"{case_file.archive_no}  （保管期限 {case_file.retention}）")



@cases_group.command("merge")
@click.argument("survivor")
@click.argument("absorbed", required=False)
@click.option("--unit", "unit_code")
@click.option("--reason", help="Why the two cases are one matter (recorded).")
@click.option("--confirm", "confirm_id", type=int, help="Confirm the merge with this id (it leaves the review queue).")
@click.option("--list", "listing", is_flag=True, help="List merges no archivist has reviewed yet.")
def cases_merge(survivor: str, absorbed: str | None, unit_code: str | None, reason: str | None,
                confirm_id: int | None, listing: bool) -> None:
    """Merge case ABSORBED into case SURVIVOR (numbers or #id), or confirm / list merges.

    Everything of ABSORBED moves: documents, numbers, retrieval slips, handlers; the merge is
    recorded, written to the access log and undone with `earchive cases unmerge MERGE_ID`.
    """
    from access_control.audit import AccessLog, Actor
    from casefiles.merges import confirm_merge, merge_cases, pending_merges

    ctx = _context()
    access_log = AccessLog(ctx.settings)
    if listing or confirm_id is not None:
        with ctx.db.transaction() as s:
            if confirm_id is not None:
                m = confirm_merge(s, confirm_id, Actor.operator(), access_log)
                click.echo(f"合并 #{m.id} 已确认")
            else:
                for m in pending_merges(s):
                    click.echo(f"#{m.id:<5} 案件#{m.absorbed_id}（{m.absorbed.get('case_no')}）并入 案件#{m.survivor_id}"
                               f"  {m.reason}  {m.merged_by} {m.merged_at:%Y-%m-%d %H:%M}"
                               f"  文书 {', '.join(map(str, m.moved.get('documents', [])))}")
        access_log.committed()
        return
    if absorbed is None:
        raise click.UsageError("give SURVIVOR and ABSORBED, or --confirm ID, or --list")
    if not (reason or "").strip():
        raise click.UsageError("give --reason: why the two cases are one matter")
    with ctx.db.transaction() as s:
        keep, gone = _case(s, survivor, unit_code), _case(s, absorbed, unit_code)
        gone_no = gone.case_no
        outcome = merge_cases(s, keep, gone, "manual", {"reason": reason}, Actor.operator(), access_log,
                              by_person=True)
        click.echo(f"合并 #{outcome.merge.id}：{gone_no} 并入 {keep.case_no}（文书 {len(outcome.documents)} 份）")
    access_log.committed()


@cases_group.command("unmerge")
@click.argument("merge_id", type=int)
@click.option("--reason", required=True, help="Why they are two matters after all (recorded).")
def cases_unmerge(merge_id: int, reason: str) -> None:
    """Undo merge MERGE_ID: the absorbed case comes back with exactly what moved; they stay apart."""
    from access_control.audit import AccessLog, Actor
    from casefiles.merges import unmerge

    ctx = _context()
    access_log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        outcome = unmerge(s, merge_id, Actor.operator(), reason, access_log)
        click.echo(f"合并 #{merge_id} 已撤销：案件#{outcome.merge.absorbed_id} 恢复（文书 {len(outcome.documents)} 份）")
    access_log.committed()
