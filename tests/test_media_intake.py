"""Media intake: real ISO images (xorriso, pycdlib), UDF, folders and files holding real clips, audio and
photos; duplicates across discs; every hostile entry and the truncated disc; the command line's exit status.

The intake tests run on SQLite and PostgreSQL (times are stored in UTC and shown in the recording's offset).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from context import open_context
from earchive.settings import Settings
from media.intake import ingest_media
from media.models import Disc, DiscFile, MediaItem
from shell.cli import main
from store import sha256_file
from tests.media_discs import amr, clip, hostile_iso, mp3, photo, truncate_inside, udf_only_iso, wav, xorriso_iso


@pytest.fixture
def ctx(db_url: str, tmp_path: Path):
    context = open_context(Settings(data_dir=tmp_path / "var", database_url=db_url))
    yield context
    context.close()


def _by_path(result) -> dict:
    return {f.path_on_disc: f for f in result.files}


def _files_under(root: Path) -> set[Path]:
    """Files under `root`, but the SQLite database the `db_url` fixture keeps in tmp_path."""
    return {p for p in root.rglob("*") if p.is_file() and not p.name.startswith("earchive.db")}


def test_a_disc_becomes_a_catalogue_entry_and_a_second_disc_with_the_same_clip_is_a_duplicate(ctx, tmp_path):
    src = tmp_path / "burn"
    first = clip(src / "DSJ0001" / "DSJ0001_20240305090203_100001.mp4", "2024-03-05T01:02:03Z")
    wav(src / "录音" / "询问录音.wav")
    mp3(src / "录音" / "现场.mp3")
    amr(src / "录音" / "电话.amr")
    photo(src / "照片" / "IMG_0001.jpg")
    photo(src / "照片" / "IMG_0002.png", fmt="PNG")
    (src / "README.TXT").write_bytes("案号：测住建罚〔2024〕12号\r\n事项：现场检查\r\n执法人员：测试甲\r\n".encode("gbk"))
    (src / "AUTORUN.INF").write_text("[autorun]\r\n")
    iso = xorriso_iso(src, tmp_path / "disc1.iso", label="CASE_2024_12")

    [r] = ingest_media(ctx, [iso])

    files = _by_path(r)
    assert r.kind == "iso" and r.label == "CASE_2024_12" and r.burned_at is not None
    assert {p: f.status for p, f in files.items()} == {
        "README.TXT": "readme", "AUTORUN.INF": "skipped",
        "DSJ0001/DSJ0001_20240305090203_100001.mp4": "new", "录音/询问录音.wav": "new", "录音/现场.mp3": "new",
        "录音/电话.amr": "new", "照片/IMG_0001.jpg": "new", "照片/IMG_0002.png": "new"}
    assert not r.rejected and r.status == "ok"
    assert r.case_nos == ["测住建罚〔2024〕12号"]  # from the GBK README
    kinds = {p: f.kind for p, f in files.items() if f.status == "new"}
    assert kinds["录音/电话.amr"] == "audio" and kinds["照片/IMG_0002.png"] == "photo"
    assert kinds["DSJ0001/DSJ0001_20240305090203_100001.mp4"] == "video"
    with ctx.db.session() as s:
        disc = s.get(Disc, r.disc_id)
        assert "执法人员：测试甲" in disc.readme and disc.status == "ok"
        manifest = {m["path_on_disc"]: m for m in disc.manifest}
        assert manifest["录音/询问录音.wav"]["sha256"] == sha256_file(src / "录音" / "询问录音.wav")
        assert manifest["录音/询问录音.wav"]["size"] == (src / "录音" / "询问录音.wav").stat().st_size
        for f in r.files:
            if f.sha256:  # every kept file is byte-exact in the store, under its SHA-256
                assert sha256_file(ctx.store.original_path(f.sha256)) == f.sha256
        video = s.scalar(select(MediaItem).where(MediaItem.sha256 == sha256_file(first)))
        assert (video.width, video.height, video.duration_s) == (32, 24, 1.0) and video.codecs == ["h264", "aac"]

    # The same clip on a second disc (a folder copied from it) is one item, held by two discs.
    second = tmp_path / "copy" / "其他目录"
    second.mkdir(parents=True)
    (second / "renamed.mp4").write_bytes(first.read_bytes())
    [r2] = ingest_media(ctx, [tmp_path / "copy"])
    [dup] = r2.files
    assert dup.status == "duplicate" and dup.item_id == files["DSJ0001/DSJ0001_20240305090203_100001.mp4"].item_id
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(MediaItem)) == 6
        held = s.execute(select(DiscFile.disc_id, DiscFile.path_on_disc, DiscFile.status)
                         .where(DiscFile.item_id == dup.item_id).order_by(DiscFile.id)).all()
        assert held == [(r.disc_id, "DSJ0001/DSJ0001_20240305090203_100001.mp4", "new"),
                        (r2.disc_id, "其他目录/renamed.mp4", "duplicate")]


def test_udf_images_and_single_files_are_read_without_mounting(ctx, tmp_path):
    a = clip(tmp_path / "in" / "a.mp4", "2024-03-05T01:02:03Z")
    b = photo(tmp_path / "in" / "b.jpg")
    udf = udf_only_iso(tmp_path / "udf.iso", {"/DSJ0002/DSJ0002_20240305090203_100002.mp4": a, "/照片/b.jpg": b})
    single = clip(tmp_path / "single.mov")

    r_udf, r_file = ingest_media(ctx, [udf, single])

    assert r_udf.kind == "udf" and r_udf.label == "UDFDISC"
    assert {f.path_on_disc: f.status for f in r_udf.files} == {"DSJ0002/DSJ0002_20240305090203_100002.mp4": "new",
                                                                 "照片/b.jpg": "new"}
    assert r_file.kind == "files" and [(f.path_on_disc, f.status, f.kind) for f in r_file.files] == [
        ("single.mov", "new", "video")]
    with ctx.db.session() as s:
        assert s.scalar(select(MediaItem.container).where(MediaItem.id == r_file.files[0].item_id)) == "mov"


def test_each_hostile_entry_is_refused_on_its_own_and_nothing_is_written_outside_the_store(ctx, tmp_path):
    good = clip(tmp_path / "good.mp4", "2024-03-05T01:02:03Z")
    image = hostile_iso(tmp_path / "hostile.iso", good)
    outside = _files_under(tmp_path)

    [r] = ingest_media(ctx, [image])

    files = _by_path(r)
    assert files["good.mp4"].status == "new"
    expected = {"/etc/evil.mp4": "unsafe_name", "../up.mp4": "unsafe_name", "..": "unsafe_name",
                "bell\\x07.mp4": "unsafe_name", "link.mp4": "symlink", "text.mp4": "wrong_type",
                "photo.mp4": "wrong_type", "empty.mp4": "empty", "half.mp4": "corrupt"}
    assert {p: f.reason for p, f in files.items() if f.status == "rejected"} == expected
    for path in expected:
        message = files[path].error
        assert any("\u4e00" <= c <= "\u9fff" for c in message) and " / " in message  # Chinese, then English
    assert "与扩展名 .mp4 不符" in files["photo.mp4"].error and "JPEG" in files["photo.mp4"].error
    assert r.rejected and r.status == "partial"
    # Nothing landed beside the inputs, nor at a path a hostile name spelled; the data dir holds only the
    # database, the store (under hashes), and the quarantine (under safe names).
    assert _files_under(tmp_path) - _files_under(tmp_path / "var") == outside
    assert not (tmp_path / "up.mp4").exists() and not (tmp_path.parent / "up.mp4").exists()
    quarantined = [json.loads(p.read_text()) for p in (tmp_path / "var" / "quarantine").rglob("reason.json")]
    assert {q["reason"] for q in quarantined} == {"wrong_type", "corrupt"}
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(MediaItem)) == 1
        stored = {p.name for p in (tmp_path / "var" / "store" / "originals").glob("??/*")}
        assert stored == {sha256_file(good)}


def test_a_truncated_disc_never_yields_a_shortened_file(ctx, tmp_path):
    src = tmp_path / "burn"
    early = clip(src / "a_first.mp4", "2024-03-05T01:02:03Z")
    late = clip(src / "z_last.mp4", "2024-03-05T01:03:03Z")
    image = xorriso_iso(src, tmp_path / "cut.iso")
    truncate_inside(image, late.read_bytes())

    [r] = ingest_media(ctx, [image])

    files = _by_path(r)
    assert files["a_first.mp4"].status == "new" and files["a_first.mp4"].sha256 == sha256_file(early)
    assert files["z_last.mp4"].status == "rejected" and files["z_last.mp4"].reason == "truncated"
    assert "截断" in files["z_last.mp4"].error and "truncated" in files["z_last.mp4"].error
    assert [p["code"] for p in r.problems] == ["truncated_image"]
    half = late.read_bytes()[: len(late.read_bytes()) // 2]
    for p in (tmp_path / "var").rglob("*"):  # not in the store, not in the quarantine, not anywhere
        if p.is_file() and p.stat().st_size == len(half):
            assert p.read_bytes() != half


def test_a_disc_that_is_no_image_is_one_rejection_and_the_next_disc_goes_on(ctx, tmp_path):
    junk = tmp_path / "junk.iso"
    junk.write_bytes(os.urandom(70_000))
    good = clip(tmp_path / "ok.mp4")

    r_junk, r_good = ingest_media(ctx, [junk, good])

    assert r_junk.status == "rejected" and r_junk.problems[0]["code"] == "malformed_image"
    assert "ISO 9660" in r_junk.error and "光盘映像" in r_junk.error
    assert [f.status for f in r_good.files] == ["new"]
    with ctx.db.session() as s:
        assert s.get(Disc, r_junk.disc_id).status == "rejected"  # the failed intake is catalogued too


def test_a_folder_with_a_symlink_and_a_file_over_the_size_limit(tmp_path):
    settings = Settings(data_dir=tmp_path / "var", media_max_file_bytes=20_000)
    context = open_context(settings)
    try:
        folder = tmp_path / "dock"
        clip(folder / "small.mp4")
        big = folder / "big.wav"
        wav(big)
        assert big.stat().st_size > 20_000
        (folder / "secret.mp4").symlink_to("/etc/passwd")
        [r] = ingest_media(context, [folder])
    finally:
        context.close()
    files = _by_path(r)
    assert files["small.mp4"].status == "new"
    assert files["big.wav"].reason == "too_large" and "EARCHIVE_MEDIA_MAX_FILE_BYTES" in files["big.wav"].error
    assert files["secret.mp4"].reason == "symlink"


def test_the_command_line_prints_json_per_disc_and_exits_2_when_anything_was_rejected(tmp_path, monkeypatch):
    good = clip(tmp_path / "in" / "good.mp4")
    (tmp_path / "in" / "bad.mp4").write_text("not a video")
    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(tmp_path / "var"))
    runner = CliRunner()

    run = runner.invoke(main, ["media", "ingest", "--json", str(tmp_path / "in")])

    assert run.exit_code == 2, run.output
    [disc] = [json.loads(line) for line in run.stdout.splitlines()]
    assert disc["counts"] == {"new": 1, "rejected": 1}
    assert {f["path_on_disc"]: f["status"] for f in disc["files"]} == {"good.mp4": "new", "bad.mp4": "rejected"}
    run = runner.invoke(main, ["media", "ingest", str(good)])
    assert run.exit_code == 0 and "duplicate" in run.stdout
