"""Retention classes and disposal dates, case links by the numbers a disc names, the storage deadline's
overdue list with officer and device, and that nothing can delete or alter a stored item."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from media.intake import ingest_media
from media.models import Disc, ImmutableRecord, MediaCaseLink, MediaItem
from media.queries import item_as_json, list_items
from media.retention import add_months, overdue_items
from records.admin import ensure_unit
from records.models import Agency, Case
from shell.cli import main
from tests.media_discs import clip, xorriso_iso

CST = dt.timezone(dt.timedelta(hours=8))


def _items(ctx, result) -> dict[str, dict]:
    with ctx.db.session() as s:
        return {f.path_on_disc: item_as_json(s, f.item_id) for f in result.files if f.item_id}


def _unit(ctx, code: str, rules: dict | None = None) -> int:
    with ctx.db.transaction() as s:
        unit = ensure_unit(s, code, f"测试{code}局", "U1", "执法一中队")
        s.get(Agency, unit.agency_id).rules = rules or {}
        return unit.id


def test_months_are_added_as_calendar_months():
    assert add_months(dt.date(2024, 3, 5), 6) == dt.date(2024, 9, 5)
    assert add_months(dt.date(2024, 8, 31), 6) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 24) == dt.date(2026, 2, 28)


def test_routine_footage_may_be_disposed_of_after_the_agencys_period(ctx, tmp_path):
    two_years = _unit(ctx, "TESTB", {"media_rules": {"retention": {"routine": {"months": 24, "cite": "003:22"}}}})
    clip(tmp_path / "a" / "DSJ0500_20240305233000_100051.mp4")
    clip(tmp_path / "b" / "DSJ0501_20240305233000_100052.mp4")

    [ra] = ingest_media(ctx, [tmp_path / "a"])
    [rb] = ingest_media(ctx, [tmp_path / "b"], unit_id=two_years)

    [a] = _items(ctx, ra).values()
    [b] = _items(ctx, rb).values()
    assert (a["retention_class"], a["dispose_after"]) == ("routine", "2024-09-05")  # the local day, not UTC's
    assert "002(记录):26" in a["retention_basis"] and "6 个月" in a["retention_basis"]
    assert (b["retention_class"], b["dispose_after"]) == ("routine", "2026-03-05")


def test_a_disc_naming_a_case_makes_evidence_linked_to_that_case(ctx, tmp_path):
    unit_id = _unit(ctx, "TESTC")
    with ctx.db.transaction() as s:
        s.add_all([Case(unit_id=unit_id, case_no="测住建罚〔2024〕12号"), Case(unit_id=unit_id, case_no="测住建罚〔2024〕13号")])
    src = tmp_path / "burn"
    clip(src / "DSJ0600_20240305090203_100061.mp4")
    clip(src / "测住建罚〔2024〕13号" / "DSJ0600_20240305100000_100061.mp4")
    (src / "说明.txt").write_bytes("本光盘为测住建罚[2024]第12号案件的现场检查录像。\r\n".encode("gbk"))

    [r] = ingest_media(ctx, [xorriso_iso(src, tmp_path / "case.iso", label="EVIDENCE")], unit_id=unit_id)

    assert r.case_nos == ["测住建罚〔2024〕12号"]
    items = _items(ctx, r)
    top = items["DSJ0600_20240305090203_100061.mp4"]
    assert (top["retention_class"], top["dispose_after"], top["case_nos"]) == ("evidence", None, ["测住建罚〔2024〕12号"])
    inner = items["测住建罚〔2024〕13号/DSJ0600_20240305100000_100061.mp4"]
    assert inner["case_nos"] == ["测住建罚〔2024〕12号", "测住建罚〔2024〕13号"]  # an item may belong to several cases
    with ctx.db.session() as s:
        how = dict(s.execute(select(Case.case_no, MediaCaseLink.how).join(Case, Case.id == MediaCaseLink.case_id)
                             .where(MediaCaseLink.item_id == inner["id"])).all())
        assert how == {"测住建罚〔2024〕12号": "manifest", "测住建罚〔2024〕13号": "folder"}
        listed = list_items(s, case_no="测住建罚(2024)13号")  # any bracket style finds the case
        assert [i["id"] for i in listed] == [inner["id"]]


def test_a_disc_about_violent_obstruction_is_kept_long_term(ctx, tmp_path):
    src = tmp_path / "burn"
    clip(src / "DSJ0700_20240305090203_100071.mp4")
    (src / "README.txt").write_text("现场当事人暴力抗法，录像长期保存。", encoding="utf-8")

    [r] = ingest_media(ctx, [xorriso_iso(src, tmp_path / "long.iso")])

    [item] = _items(ctx, r).values()
    assert (item["retention_class"], item["dispose_after"]) == ("long_term", None)
    assert "003:23" in item["retention_basis"] and "暴力抗法" in item["retention_basis"]


def test_the_overdue_list_names_officer_and_device_under_each_agencys_deadline(ctx, tmp_path, settings, monkeypatch):
    two_days = _unit(ctx, "TESTD", {"case_rules": {"deadlines": {"av_storage": {"hours": None, "days": 2,
                                                                                 "cite": "002(记录):25"}}}})
    now = dt.datetime.now(CST)

    def named(folder: str, device: str, hours_ago: float) -> None:
        clip(tmp_path / folder / f"{device}_{now - dt.timedelta(hours=hours_ago):%Y%m%d%H%M%S}_100081.mp4")

    named("default", "DSJ0800", 30)  # over 24 h
    named("default", "DSJ0801", 2)
    named("twodays", "DSJ0802", 30)  # within 2 days
    named("twodays", "DSJ0803", 60)
    ingest_media(ctx, [tmp_path / "default"])
    ingest_media(ctx, [tmp_path / "twodays"], unit_id=two_days)

    with ctx.db.session() as s:
        late = overdue_items(s)
    assert [(i["device_no"], i["officer_no"], i["deadline_hours"]) for i in late] == [
        ("DSJ0800", "100081", 24), ("DSJ0803", "100081", 48)]
    assert late[0]["cite"] == "000:23" and 29.9 <= late[0]["delay_hours"] <= 31
    assert late[0]["recorded_at"].endswith("+08:00")
    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(settings.data_dir))
    run = CliRunner().invoke(main, ["media", "overdue", "--json"])
    assert run.exit_code == 0 and [i["device_no"] for i in json.loads(run.stdout)] == ["DSJ0800", "DSJ0803"]


def test_nothing_can_delete_or_alter_a_stored_item(ctx, tmp_path):
    clip(tmp_path / "in" / "DSJ0900_20240305090203_100091.mp4")
    [r] = ingest_media(ctx, [tmp_path / "in"])
    item_id = r.files[0].item_id
    with pytest.raises(ImmutableRecord, match="cannot be deleted"), ctx.db.transaction() as s:
        s.delete(s.get(MediaItem, item_id))
    with pytest.raises(ImmutableRecord, match="sha256"), ctx.db.transaction() as s:
        s.get(MediaItem, item_id).sha256 = "0" * 64
    with pytest.raises(ImmutableRecord, match="cannot be deleted"), ctx.db.transaction() as s:
        s.delete(s.get(Disc, r.disc_id))
    with ctx.db.transaction() as s:  # what we learn about an item may change
        s.get(MediaItem, item_id).officer_no = "100092"
    with ctx.db.session() as s:
        assert s.get(MediaItem, item_id).sha256 == r.files[0].sha256
    assert ctx.store.original_path(r.files[0].sha256).stat().st_mode & 0o222 == 0  # read-only on disk
