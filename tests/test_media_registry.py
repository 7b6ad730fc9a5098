"""The device registry: devices, issuance periods, the officer at a recording time, and intake using it
(SQLite and PostgreSQL: the periods are compared as instants, local times in, UTC stored)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from context import open_context
from earchive.settings import Settings
from media.devices import RegistryConflict, issue_device, officer_at, register_device, registry_json
from media.intake import ingest_media
from media.queries import item_as_json
from shell.cli import main
from tests.media_discs import clip

CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def ctx(db_url: str, tmp_path: Path):
    context = open_context(Settings(data_dir=tmp_path / "var", database_url=db_url))
    yield context
    context.close()


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


def test_the_registry_finds_the_officer_who_held_a_device_at_a_time(ctx):
    with ctx.db.transaction() as s:
        register_device(s, "DSJ0100", unit_id=None, model="测试记录仪 X1", keeper="测试乙")
        issue_device(s, "DSJ0100", "100011", _at("2024-03-01 08:00"), _at("2024-03-05 12:00"), tz=CST)
        issue_device(s, "DSJ0100", "100012", _at("2024-03-05 12:00"), None, tz=CST)
    with ctx.db.session() as s:
        assert officer_at(s, "DSJ0100", _at("2024-03-05 09:00")) == "100011"
        assert officer_at(s, "DSJ0100", _at("2024-03-05 12:00")) == "100012"  # the hand-over instant is the new holder's
        assert officer_at(s, "DSJ0100", dt.datetime(2024, 3, 5, 3, 59, tzinfo=dt.timezone.utc)) == "100011"
        assert officer_at(s, "DSJ0100", _at("2024-02-29 23:00")) is None
        assert officer_at(s, "DSJ0100", _at("2030-01-01 00:00")) == "100012"  # still issued
        [device] = registry_json(s)
        assert device["model"] == "测试记录仪 X1" and [i["officer_no"] for i in device["issued"]] == ["100011", "100012"]
        assert device["issued"][0]["valid_until"] == "2024-03-05T04:00:00+00:00"


def test_overlapping_issues_and_unknown_devices_are_refused(ctx):
    with ctx.db.transaction() as s:
        register_device(s, "DSJ0101", unit_id=None, model=None)
        issue_device(s, "DSJ0101", "100021", _at("2024-03-01 08:00"), None, tz=CST)
    for device, start, end, words in (("DSJ0101", "2024-04-01 08:00", None, "已配发给 100021"),
                                      ("DSJ0999", "2024-04-01 08:00", None, "未登记"),
                                      ("DSJ0101", "2024-02-01 08:00", "2024-01-01 08:00", "早于")):
        with pytest.raises(RegistryConflict, match=words), ctx.db.transaction() as s:
            issue_device(s, device, "100022", _at(start), end and _at(end), tz=CST)


def test_intake_takes_the_officer_from_the_registry_and_flags_a_name_that_disagrees(ctx, tmp_path):
    with ctx.db.transaction() as s:
        register_device(s, "DSJ0200", unit_id=None, model="测试记录仪 X2")
        issue_device(s, "DSJ0200", "100031", _at("2024-03-01 08:00"), None, tz=CST)
    src = tmp_path / "dock"
    clip(src / "DSJ0200" / "20240305" / "090203.mp4", "2024-03-05T01:02:03Z")  # no officer in the name
    clip(src / "DSJ0200_20240305100000_100099.mp4", "2024-03-05T02:00:00Z")  # an officer the registry disagrees with
    clip(src / "DSJ0300" / "20240305" / "090203.mp4", "2024-03-05T01:02:03Z")  # a device nobody registered

    [r] = ingest_media(ctx, [src])

    with ctx.db.session() as s:
        items = {f.path_on_disc: item_as_json(s, f.item_id) for f in r.files}
    from_registry = items["DSJ0200/20240305/090203.mp4"]
    assert (from_registry["officer_no"], from_registry["officer_source"]) == ("100031", "registry")
    named = items["DSJ0200_20240305100000_100099.mp4"]
    assert named["officer_no"] == "100099" and "officer_not_issued_device" in {f["code"] for f in named["flags"]}
    unknown = items["DSJ0300/20240305/090203.mp4"]
    assert unknown["officer_no"] is None and "no_officer" in {f["code"] for f in unknown["flags"]}


def test_device_add_and_list_at_the_command_line(settings, monkeypatch):
    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(settings.data_dir))
    runner = CliRunner()
    run = runner.invoke(main, ["media", "device", "add", "DSJ0400", "--model", "测试记录仪 X3", "--officer", "100041",
                               "--from", "2024-03-01 08:00", "--until", "2024-06-01 08:00"])
    assert run.exit_code == 0, run.output
    run = runner.invoke(main, ["media", "device", "add", "DSJ0400", "--officer", "100042", "--from", "2024-05-01"])
    assert run.exit_code == 3 and "100041" in run.output
    run = runner.invoke(main, ["media", "device", "list", "--json"])
    [device] = json.loads(run.stdout)
    assert device["issued"] == [{"officer_no": "100041", "valid_from": "2024-03-01T00:00:00+00:00",
                                 "valid_until": "2024-06-01T00:00:00+00:00"}]
