"""Media metadata: two vendors' naming patterns, the time-zone cross-check against the embedded time,
EXIF times, an agency's own UTC offset, and `earchive media show --json`.

Runs on SQLite and PostgreSQL: a recording time goes in with +08:00 and must come out the same instant.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from context import open_context
from earchive.errors import ProfileError
from earchive.settings import Settings
from media.intake import ingest_media
from media.names import load_patterns, read_name
from media.queries import item_as_json
from records.admin import ensure_unit
from records.models import Agency
from shell.cli import main
from tests.media_discs import clip, photo

CST = dt.timezone(dt.timedelta(hours=8))
ISSUE_FIELDS = {"sha256", "disc_label", "path_on_disc", "kind", "device_no", "officer_no", "recorded_at", "duration_s",
                "case_nos", "retention_class", "dispose_after", "flags"}


@pytest.fixture
def ctx(db_url: str, tmp_path: Path):
    context = open_context(Settings(data_dir=tmp_path / "var", database_url=db_url))
    yield context
    context.close()


def _items(ctx, result) -> dict[str, dict]:
    with ctx.db.session() as s:
        return {f.path_on_disc: item_as_json(s, f.item_id) for f in result.files if f.item_id}


def _codes(item: dict) -> set[str]:
    return {f["code"] for f in item["flags"]}


def test_two_vendors_names_give_device_officer_and_local_time_and_agree_with_the_utc_embedded_time(ctx, tmp_path):
    src = tmp_path / "dock"
    clip(src / "DSJ2024A0001_20240305090203_100001.mp4", "2024-03-05T01:02:03Z")  # dsj_flat
    clip(src / "DSJ0007" / "20240305" / "101500_100002.mp4", "2024-03-05T02:15:30Z")  # dsj_folders, 30 s drift
    clip(src / "100003_DSJ0008" / "2024-03-05" / "111500.mp4", "2024-03-05T03:15:00Z")  # officer first

    [r] = ingest_media(ctx, [src])

    items = _items(ctx, r)
    flat = items["DSJ2024A0001_20240305090203_100001.mp4"]
    assert (flat["device_no"], flat["officer_no"], flat["naming_pattern"]) == ("DSJ2024A0001", "100001",
                                                                               "dsj_flat/device_time_officer")
    assert flat["recorded_at"] == "2024-03-05T09:02:03+08:00" and flat["recorded_at_source"] == "name"
    assert flat["embedded_time"] == "2024-03-05T09:02:03+08:00"  # the UTC creation_time, shown in local time
    folders = items["DSJ0007/20240305/101500_100002.mp4"]
    assert (folders["device_no"], folders["officer_no"], folders["recorded_at"]) == (
        "DSJ0007", "100002", "2024-03-05T10:15:00+08:00")
    first = items["100003_DSJ0008/2024-03-05/111500.mp4"]
    assert (first["device_no"], first["officer_no"], first["naming_pattern"]) == (
        "DSJ0008", "100003", "dsj_folders/officer_device_date_time")
    for item in items.values():
        assert not _codes(item) & {"time_mismatch", "embedded_time_local_as_utc"}  # within the 120 s tolerance
        assert ISSUE_FIELDS <= set(item)


def test_an_embedded_time_that_disagrees_is_flagged_and_local_time_written_as_utc_is_named(ctx, tmp_path):
    src = tmp_path / "dock"
    clip(src / "DSJ2024A0002_20240305090203_100001.mp4", "2024-03-05T01:30:00Z")  # 28 minutes off
    clip(src / "DSJ2024A0003_20240305090203_100001.mp4", "2024-03-05T09:02:03Z")  # local time stamped as UTC
    clip(src / "DSJ2024A0004_20240305090203_100001.mp4")  # no embedded time at all

    [r] = ingest_media(ctx, [src])

    items = _items(ctx, r)
    off = items["DSJ2024A0002_20240305090203_100001.mp4"]
    assert "time_mismatch" in _codes(off)
    assert off["recorded_at"] == "2024-03-05T09:02:03+08:00"  # the name wins; the embedded time is the check
    assert "时钟" in next(f["message"] for f in off["flags"] if f["code"] == "time_mismatch")
    as_utc = items["DSJ2024A0003_20240305090203_100001.mp4"]
    assert "embedded_time_local_as_utc" in _codes(as_utc) and "time_mismatch" not in _codes(as_utc)
    none = items["DSJ2024A0004_20240305090203_100001.mp4"]
    assert none["embedded_time"] is None and not _codes(none) & {"time_mismatch", "no_recording_time"}


def test_a_photo_takes_its_time_from_exif_and_an_unnamed_clip_from_its_creation_time(ctx, tmp_path):
    src = tmp_path / "dock"
    photo(src / "IMG_0001.jpg", taken="2024-03-05 09:02:03".replace("-", ":"), offset="+08:00")
    photo(src / "IMG_0002.jpg", taken="2024:03:05 10:00:00", offset=None)  # local time, no offset: the agency's
    clip(src / "unnamed.mp4", "2024-03-05T01:02:03Z")
    clip(src / "untimed.mp4")

    [r] = ingest_media(ctx, [src])

    items = _items(ctx, r)
    assert items["IMG_0001.jpg"]["recorded_at"] == "2024-03-05T09:02:03+08:00"
    assert items["IMG_0001.jpg"]["recorded_at_source"] == "embedded" and items["IMG_0001.jpg"]["kind"] == "photo"
    assert items["IMG_0002.jpg"]["recorded_at"] == "2024-03-05T10:00:00+08:00"
    assert items["unnamed.mp4"]["recorded_at"] == "2024-03-05T09:02:03+08:00"
    assert items["untimed.mp4"]["recorded_at"] is None and "no_recording_time" in _codes(items["untimed.mp4"])


def test_an_agency_in_another_zone_reads_names_in_its_own_offset(ctx, tmp_path):
    with ctx.db.transaction() as s:
        unit = ensure_unit(s, "TESTW", "测试西部执法局", "U1", "执法一中队")
        s.get(Agency, unit.agency_id).rules = {"media_rules": {"utc_offset": "+06:00"}}
        unit_id = unit.id
    src = tmp_path / "dock"
    clip(src / "DSJ2024A0005_20240305090203_100001.mp4", "2024-03-05T03:02:03Z")

    [r] = ingest_media(ctx, [src], unit_id=unit_id)

    [item] = _items(ctx, r).values()
    assert item["recorded_at"] == "2024-03-05T09:02:03+06:00" and not _codes(item) & {"time_mismatch"}


def test_media_show_json_gives_the_fields_the_issue_lists(settings, tmp_path, monkeypatch):
    context = open_context(settings, migrate=False)
    try:
        clip(tmp_path / "dock" / "DSJ2024A0006_20240305090203_100001.mp4", "2024-03-05T01:02:03Z")
        [r] = ingest_media(context, [tmp_path / "dock"])
    finally:
        context.close()
    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(settings.data_dir))

    run = CliRunner().invoke(main, ["media", "show", str(r.files[0].item_id), "--json"])

    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    assert ISSUE_FIELDS <= set(data)
    assert data["recorded_at"] == "2024-03-05T09:02:03+08:00" and data["duration_s"] == 1.0
    assert data["kind"] == "video" and data["disc_label"] == "dock" and data["retention_class"] == "routine"
    assert data["sha256"] == r.files[0].sha256 and data["path_on_disc"] == "DSJ2024A0006_20240305090203_100001.mp4"
    assert CliRunner().invoke(main, ["media", "show", "999", "--json"]).exit_code == 4


def test_naming_patterns_are_data_and_a_bad_one_fails_loudly(tmp_path):
    vendors = load_patterns(None)
    assert {v.vendor for v in vendors} >= {"dsj_flat", "dsj_folders"}
    reading = read_name("DSJ2024A0001_20240305090203_100001_002.mp4", vendors, CST)
    assert reading.recorded_at == dt.datetime(2024, 3, 5, 9, 2, 3, tzinfo=CST) and reading.officer_no == "100001"
    assert read_name("DSJ2024A0001_20241332090203_100001.mp4", vendors, CST) is None  # month 13: not a time
    assert read_name("holiday.mp4", vendors, CST) is None
    extra = tmp_path / "patterns"
    extra.mkdir()
    (extra / "utc_cam.yaml").write_text(
        "vendor: utc_cam\nname: 测试UTC记录仪\nutc_offset: '+00:00'\npatterns:\n"
        "  - code: t\n    regex: '(?P<device>CAM\\d+)-(?P<datetime>\\d{14})\\.mp4$'\n"
        "    datetime_format: '%Y%m%d%H%M%S'\n", encoding="utf-8")
    reading = read_name("CAM7-20240305010203.mp4", load_patterns(extra), CST)
    assert reading.pattern == "utc_cam/t" and reading.recorded_at.astimezone(CST).hour == 9
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "bad.yaml").write_text("vendor: bad\nname: x\npatterns:\n  - code: t\n    regex: '(?P<camera>x)'\n")
    with pytest.raises(ProfileError, match="bad.yaml.*unknown groups"):
        load_patterns(bad)
