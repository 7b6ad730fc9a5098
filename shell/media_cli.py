"""`earchive media …` (discs, items, devices, the storage deadline) and `earchive fixity verify`.

Each command calls the same functions a web view would (media.*). `media ingest`
exits 2 when any disc or file was rejected, like `earchive ingest`.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from earchive.errors import ExitCode

_DATE = click.DateTime(formats=["%Y-%m-%d"])
_TIME = click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])


def _context():
    from context import open_context

    return open_context()


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))


@click.group("media")
def media_group() -> None:
    """Audio-visual records (音像记录): discs, clips, photos, recording devices."""


@media_group.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--unit", "unit_code", help="Unit the media belong to: AGENCY/UNIT, or UNIT when no other agency uses that code.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per disc (with its files) on stdout.")
def media_ingest(paths: tuple[Path, ...], unit_code: str | None, as_json: bool) -> None:
    """Take in disc images (ISO 9660/Joliet/Rock Ridge/UDF), folders copied from discs, and media files."""
    from access_control.audit import AccessLog, Actor
    from media.intake import ingest_media
    from records.admin import unit_id_by_ref

    ctx = _context()
    unit_id = unit_id_by_ref(ctx, unit_code) if unit_code else None

    def report(disc, f) -> None:
        if as_json:
            return
        line = f"{f.status:9} {f.path_on_disc}" + (f"  #{f.item_id}" if f.item_id else "")
        if f.error:
            line += f"  — {f.error}"
        for flag in f.flags:
            line += f"\n          ⚠ {flag['message']}"
        click.echo(line)

    access_log = AccessLog(ctx.settings)
    results = ingest_media(ctx, list(paths), unit_id=unit_id, created_by="cli", access_log=access_log,
                           actor=Actor.operator(), on_file=report)
    _refresh_index(ctx)
    for r in results:
        if as_json:
            click.echo(json.dumps(r.to_json(), ensure_ascii=False, default=str))
            continue
        counts = "，".join(f"{k} {v}" for k, v in sorted(r.counts().items())) or "无文件"
        click.echo(f"光盘 #{r.disc_id} {r.source}（{r.kind or '无法读取'}，卷标 {r.label or '无'}）：{r.status}；{counts}")
        for p in r.problems:
            click.echo(f"  ⚠ {p['message']}")
        if r.case_nos:
            click.echo(f"  案号：{'、'.join(r.case_nos)}")
    if any(r.rejected for r in results):
        sys.exit(int(ExitCode.rejected))


@media_group.command("list")
@click.option("--case-no", help="Only items linked to the case bearing this number (any bracket style).")
@click.option("--limit", type=click.IntRange(1, 100000), default=None)
@click.option("--json", "as_json", is_flag=True)
def media_list(case_no: str | None, limit: int | None, as_json: bool) -> None:
    """List media items."""
    from media.queries import list_items

    ctx = _context()
    with ctx.db.session() as s:
        items = list_items(s, case_no, limit)
    if as_json:
        _echo_json(items)
        return
    for i in items:
        click.echo(f"#{i['id']:<5} {i['kind']:5} {i['recorded_at'] or '时间不明':25} 设备 {i['device_no'] or '-':14} "
                   f"执法人员 {i['officer_no'] or '-':10} {i['retention_class']:9} {i['path_on_disc']}"
                   + (f"  案号 {'、'.join(i['case_nos'])}" if i["case_nos"] else ""))


@media_group.command("show")
@click.argument("item_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def media_show(item_id: int, as_json: bool) -> None:
    """One media item with its discs, metadata, cases, retention and flags."""
    from media.queries import item_as_json

    ctx = _context()
    with ctx.db.session() as s:
        data = item_as_json(s, item_id)
    if as_json:
        _echo_json(data)
        return
    for key in ("id", "sha256", "kind", "disc_label", "path_on_disc", "device_no", "officer_no", "recorded_at",
                "duration_s", "case_nos", "retention_class", "dispose_after"):
        click.echo(f"{key:16} {data[key]}")
    for flag in data["flags"]:
        click.echo(f"⚠ {flag['message']}")


@media_group.command("disc")
@click.argument("disc_id", type=int)
def media_disc(disc_id: int) -> None:
    """A disc's catalogue entry with its manifest, as JSON."""
    from media.queries import disc_as_json

    ctx = _context()
    with ctx.db.session() as s:
        _echo_json(disc_as_json(s, disc_id))


@media_group.command("overdue")
@click.option("--json", "as_json", is_flag=True)
def media_overdue(as_json: bool) -> None:
    """Items stored later after recording than the agency's deadline (000:23; 002 记录办法:25), with officer and device."""
    from media.retention import overdue_items

    ctx = _context()
    with ctx.db.session() as s:
        items = overdue_items(s)
    if as_json:
        _echo_json(items)
        return
    click.echo(f"共 {len(items)} 条超期存储")
    for i in items:
        click.echo(f"#{i['id']:<5} 录制 {i['recorded_at']} 存储 {i['stored_at']}（{i['delay_hours']} 小时 > "
                   f"{i['deadline_hours']} 小时）设备 {i['device_no'] or '-'} 执法人员 {i['officer_no'] or '-'} {i['path_on_disc']}")


@media_group.group("device")
def device_group() -> None:
    """The device registry: recorders, their model and status, and to whom each is issued (000:24)."""


@device_group.command("add")
@click.argument("device_no")
@click.option("--model", help="The device's model.")
@click.option("--unit", "unit_code", help="Unit that holds the device.")
@click.option("--status", default="in_service", type=click.Choice(["in_service", "repair", "retired", "lost"]))
@click.option("--keeper", help="Who answers for its storage and upkeep.")
@click.option("--officer", "officer_no", help="Issue it to this officer (执法证号 or 警号) ...")
@click.option("--from", "valid_from", type=_TIME, help="... from this time (local; default now) ...")
@click.option("--until", "valid_until", type=_TIME, help="... until this time (local; default: open).")
def device_add(device_no: str, model: str | None, unit_code: str | None, status: str, keeper: str | None,
               officer_no: str | None, valid_from: dt.datetime | None, valid_until: dt.datetime | None) -> None:
    """Register a device (or update it), and optionally issue it to an officer for a period."""
    from access_control.audit import AccessLog, Actor, Event
    from media.devices import issue_device, register_device
    from media.retention import rules_for_unit
    from records.admin import unit_id_by_ref

    ctx = _context()
    unit_id = unit_id_by_ref(ctx, unit_code) if unit_code else None
    access_log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        device = register_device(s, device_no, unit_id=unit_id, model=model, status=status, keeper=keeper)
        detail = {"device_no": device_no, "model": model, "status": status}
        if officer_no:
            tz = rules_for_unit(s, device.unit_id).timezone
            issue_device(s, device_no, officer_no, valid_from or dt.datetime.now(tz), valid_until, tz=tz,
                         created_by="cli")
            detail |= {"officer_no": officer_no, "from": valid_from, "until": valid_until}
        access_log.record(s, Actor.operator(), Event("permission_change", record_kind="device", record_id=device.id,
                                                     detail={"change": "device"} | detail))
    access_log.committed()
    click.echo(f"设备 {device_no} 已登记" + (f"，配发给 {officer_no}" if officer_no else ""))


@device_group.command("list")
@click.option("--json", "as_json", is_flag=True)
def device_list(as_json: bool) -> None:
    """Registered devices with their issuance periods."""
    from media.devices import registry_json

    ctx = _context()
    with ctx.db.session() as s:
        devices = registry_json(s)
    if as_json:
        _echo_json(devices)
        return
    for d in devices:
        click.echo(f"{d['device_no']:16} {d['model'] or '-':16} {d['status'] or '-':10}")
        for i in d["issued"]:
            click.echo(f"    {i['officer_no']:12} {i['valid_from']} — {i['valid_until'] or '至今'}")


def _refresh_index(ctx) -> None:
    from indexer.outbox import refresh_index

    refresh_index(ctx.db.session, ctx.search)


def _links_line(outcome) -> str:
    words = {"disc_label": "光盘卷标", "manifest": "光盘说明", "folder": "目录名", "officer_time": "执法人员和时间",
             "archivist": "档案员"}
    parts = [f"关联 {x['case_no']}（{words.get(x['how'], x['how'])}）" for x in outcome.linked]
    parts += [f"解除 {x['case_no']}（时间或执法人员已不符）" for x in outcome.unlinked]
    if outcome.officer_from_registry:
        parts.append(f"执法人员 {outcome.officer_from_registry}（设备登记）")
    return f"#{outcome.item_id:<5} " + "；".join(parts)


@media_group.command("link")
@click.argument("item_id", type=int)
@click.argument("case_id", type=int)
@click.option("--note", help="Why (kept with the link).")
def media_link(item_id: int, case_id: int, note: str | None) -> None:
    """Link a media item to a case (the archivist's decision; an item may belong to several cases)."""
    from access_control.audit import AccessLog, Actor, Event
    from media.linking import link_by_archivist

    ctx = _context()
    actor = Actor.operator()
    access_log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        outcome = link_by_archivist(s, item_id, case_id, actor.username, note)
        access_log.record(s, actor, Event("review", record_kind="media_item", record_id=item_id, case_id=case_id,
                                          detail={"change": "media_link", "how": "archivist",
                                                  "case_no": outcome.linked[0]["case_no"], "note": note}))
    access_log.committed()
    _refresh_index(ctx)
    click.echo(_links_line(outcome))


@media_group.command("queue")
@click.option("--limit", type=click.IntRange(1, 100000), default=None)
@click.option("--json", "as_json", is_flag=True)
def media_queue(limit: int | None, as_json: bool) -> None:
    """Media items linked to no case, with their candidate cases (scored by officer and time), for the archivist."""
    from access_control.audit import AccessLog, Actor, Event
    from media.linking import review_queue

    ctx = _context()
    access_log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        items = review_queue(s, limit)
        access_log.record(s, Actor.operator(), Event("view", record_kind="media_queue",
                                                     detail={"items": len(items)}))
    access_log.committed()
    if as_json:
        _echo_json(items)
        return
    click.echo(f"共 {len(items)} 条音像记录待关联案件")
    for i in items:
        click.echo(f"#{i['id']:<5} {i['kind']:5} {i['recorded_at'] or '时间不明':25} 设备 {i['device_no'] or '-':14} "
                   f"执法人员 {i['officer_no'] or '-':10} {i['path_on_disc']}")
        for c in i["candidates"]:
            best = max(c["reasons"], key=lambda r: r["score"])
            click.echo(f"    候选 案件 #{c['case_id']} {c['case_no']}  得分 {c['score']:.2f}  {best['title']} "
                       f"{best['act_time']}{'  执法人员相符' if best['officer'] else ''}")


@media_group.command("relink")
@click.argument("item_ids", nargs=-1, type=int)
@click.option("--json", "as_json", is_flag=True)
def media_relink(item_ids: tuple[int, ...], as_json: bool) -> None:
    """Link media items to cases again (all items without ITEM_IDS): after scans of their cases arrived,
    documents were corrected or the device registry changed."""
    from access_control.audit import AccessLog, Actor, Event
    from media.linking import relink

    ctx = _context()
    actor = Actor.operator()
    access_log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        outcomes = relink(s, list(item_ids) or None)
        for o in outcomes:
            access_log.record(s, actor, Event("review", record_kind="media_item", record_id=o.item_id,
                                              detail={"change": "media_relink", "linked": o.linked,
                                                      "unlinked": o.unlinked,
                                                      "officer_from_registry": o.officer_from_registry}))
    access_log.committed()
    _refresh_index(ctx)
    if as_json:
        _echo_json([o.to_json() for o in outcomes])
        return
    click.echo(f"{len(outcomes)} 条音像记录的案件关联有变化")
    for o in outcomes:
        click.echo(_links_line(o))


@click.group("fixity")
def fixity_group() -> None:
    """Fixity of the store: stored originals re-hashed against their recorded SHA-256."""


@fixity_group.command("verify")
@click.option("--since", type=_DATE, help="Only originals stored on or after this day (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True)
def fixity_verify(since: dt.datetime | None, as_json: bool) -> None:
    """Re-hash stored originals (scans and media); report changed or missing files. Exits 1 when any is."""
    from media.fixity import verify_store

    ctx = _context()
    run = verify_store(ctx, since=since.date() if since else None, trigger="cli")
    if as_json:
        _echo_json(run)
    else:
        click.echo(f"固定性核验 #{run['run_id']}：核验 {run['checked']} 个文件（{run['bytes_checked'] / 1e6:.0f} MB），"
                   f"被改动 {len(run['changed'])}，缺失 {len(run['missing'])}")
        for p in run["changed"] + run["missing"]:
            click.echo(f"  {p['problem']:8} {p['sha256']}  {p['owner']}")
    if run["changed"] or run["missing"]:
        sys.exit(1)


COMMANDS = (media_group, fixity_group)
