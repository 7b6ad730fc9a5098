"""Media playback through the web app (#15 §6): range requests (first bytes, a middle range, a suffix, 416),
one access-log entry per play whatever the number of range requests, refusals logged as denied (an officer
of another unit, a level above the user's clearance, an applicant without a slip or on a slip that does not
name the clip), an applicant on a slip that names it, posters and keyframe strips, and web-playable proxies
made by the worker's task for an AVI/MJPEG clip and an AMR recording while the original stays untouched.

Clips are real (ffmpeg), taken in through media intake from a real ISO image (xorriso) that names the case.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select, update

from access_control.audit import AccessLog, Actor, verify
from access_control.models import AccessLogRecord
from access_control.slips import Applicant, create_slip, decide_slip
from access_control.subjects import load_subject
from access_control.users import create_user
from context import AppContext
from media.intake import ingest_media
from media.models import MediaItem
from media.playback import AUDIO_PROXY, VIDEO_PROXY, Playback, decide_playback
from records.models import Agency, Case, Unit, User
from store import sha256_file
from test_web_flow import PASSWORD, add_document, fast_password_hashing, login, make_app  # noqa: F401
from tests.media_discs import amr, xorriso_iso

CASE_NO = "测住建罚〔2024〕12号"
FFMPEG = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"]

# username: (role, unit key or None, clearance)
ACCOUNTS = {
    "archivist_a": ("archivist", "A", "top_secret"),
    "officer_a": ("officer", "A", "internal"),
    "officer_b": ("officer", "B", "top_secret"),
    "head_a": ("head", "A", "top_secret"),
    "applicant": ("applicant", None, "internal"),
    "applicant2": ("applicant", None, "internal"),
}


def h264_clip(path: Path, seconds: int = 2, size: str = "64x48") -> Path:
    """A tiny H.264/AAC MP4 with its index at the front, as browsers like it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(FFMPEG + ["-f", "lavfi", "-i", f"testsrc=size={size}:rate=10:duration={seconds}", "-f", "lavfi",
                             "-i", f"sine=frequency=440:duration={seconds}", "-c:v", "libx264", "-preset", "ultrafast",
                             "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart",
                             "-metadata", "creation_time=2024-03-05T01:02:03Z", str(path)], check=True)
    return path


def mjpeg_avi(path: Path, seconds: int = 2) -> Path:
    """An AVI with Motion JPEG video and PCM sound, as older body cameras write: no browser plays it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(FFMPEG + ["-f", "lavfi", "-i", f"testsrc=size=64x48:rate=10:duration={seconds}", "-f", "lavfi",
                             "-i", f"sine=frequency=330:duration={seconds}", "-c:v", "mjpeg", "-c:a", "pcm_s16le",
                             "-shortest", str(path)], check=True)
    return path


@dataclass
class MediaWorld:
    units: dict[str, int]
    case_id: int
    users: dict[str, int]
    clip: int  # the H.264 clip, unit A, linked to the case by the disc's README
    clip_path: Path
    avi: int
    avi_path: Path
    amr: int
    amr_path: Path
    document_id: int


def seed_media_world(ctx: AppContext, tmp: Path) -> MediaWorld:
    """One agency with units A and B, a case of unit A, the accounts above, and a disc for the case."""
    with ctx.db.transaction() as s:
        agency = Agency(code="cs", name="测试区住建局", rules={})
        units = {k: Unit(agency=agency, code=f"u{k.lower()}", name=f"执法{k}中队") for k in ("A", "B")}
        s.add_all([agency, *units.values()])
        s.flush()
        case = Case(unit_id=units["A"].id, case_no=CASE_NO, cause="未取得施工许可证擅自施工")
        s.add(case)
        s.flush()
        users = {name: create_user(s, name, PASSWORD, f"{name}名", role, units[u].id if u else None, level).id
                 for name, (role, u, level) in ACCOUNTS.items()}
        unit_ids, case_id = {k: u.id for k, u in units.items()}, case.id
    document = add_document(ctx, tmp, unit_id=unit_ids["A"], case_id=case_id, title="现场检查笔录",
                            lines=["现场检查笔录", "检查时间：2024年3月5日9时"])
    src = tmp / "burn"
    clip = h264_clip(src / "DSJ0001" / "DSJ0001_20240305090203_100001.mp4")
    avi = mjpeg_avi(src / "DSJ0001" / "DSJ0001_20240305091000_100001.avi")
    recording = amr(src / "录音" / "询问录音.amr", seconds=2)
    (src / "README.TXT").write_bytes(f"案号：{CASE_NO}\r\n事项：现场检查\r\n".encode("gbk"))
    iso = xorriso_iso(src, tmp / "disc.iso", label="CASE_2024_12")
    [result] = ingest_media(ctx, [iso], unit_id=unit_ids["A"], created_by="test")
    ids = {f.path_on_disc: f.item_id for f in result.files if f.status == "new"}
    return MediaWorld(units=unit_ids, case_id=case_id, users=users,
                      clip=ids["DSJ0001/DSJ0001_20240305090203_100001.mp4"], clip_path=clip,
                      avi=ids["DSJ0001/DSJ0001_20240305091000_100001.avi"], avi_path=avi,
                      amr=ids["录音/询问录音.amr"], amr_path=recording, document_id=document.id)


def approve_slip(ctx: AppContext, world: MediaWorld, username: str, *, media: list[int],
                 documents: list[int] | None = None) -> str:
    """An applicant's view slip for the case naming `media` (and `documents`), approved by the head."""
    log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        applicant = load_subject(s, s.get(User, world.users[username]))
        head = load_subject(s, s.get(User, world.users["head_a"]))
        slip = create_slip(s, log, Actor(applicant.id, username), applicant, case=s.get(Case, world.case_id),
                           mode="view", purpose="核对现场检查情况", delivery="onsite",
                           applicant=Applicant("测试甲", None, "party", user_id=applicant.id),
                           document_ids=documents if documents is not None else [], media_item_ids=media)
        decide_slip(s, log, Actor(head.id, "head_a"), head, slip, approve=True, approved_ids=None, comment="")
        return slip.slip_no


@pytest.fixture
def world(ctx: AppContext, tmp_path: Path) -> MediaWorld:
    return seed_media_world(ctx, tmp_path)


@pytest.fixture
def app(ctx: AppContext, world: MediaWorld) -> Flask:
    return make_app(ctx)


@pytest.fixture
def as_user(app: Flask):
    def _client(username: str) -> FlaskClient:
        client = app.test_client()
        assert login(client, username).status_code == 302
        return client
    return _client


def stream_url(client: FlaskClient, item_id: int) -> str:
    page = client.get(f"/media/{item_id}")
    assert page.status_code == 200, page.get_data(as_text=True)
    found = re.search(r'id="media-player"[^>]*src="([^"]+)"', page.get_data(as_text=True))
    assert found, "the page has no player"
    return found.group(1).replace("&amp;", "&")


def entries(ctx: AppContext, action: str, item_id: int, outcome: str = "allowed") -> list[AccessLogRecord]:
    with ctx.db.session() as s:
        return list(s.scalars(select(AccessLogRecord).where(
            AccessLogRecord.action == action, AccessLogRecord.record_kind == "media_item",
            AccessLogRecord.record_id == item_id, AccessLogRecord.outcome == outcome).order_by(AccessLogRecord.seq)))


# -- range requests ---------------------------------------------------------------------------------

def test_range_requests_are_answered_from_the_stored_original(as_user, world: MediaWorld) -> None:
    data = world.clip_path.read_bytes()
    size = len(data)
    client = as_user("archivist_a")
    url = stream_url(client, world.clip)

    whole = client.get(url)
    assert whole.status_code == 200 and whole.data == data
    assert whole.headers["Accept-Ranges"] == "bytes" and whole.headers["Content-Type"] == "video/mp4"

    first = client.get(url, headers={"Range": "bytes=0-99"})
    assert first.status_code == 206 and first.data == data[:100]
    assert first.headers["Content-Range"] == f"bytes 0-99/{size}" and first.headers["Content-Length"] == "100"

    middle = client.get(url, headers={"Range": f"bytes=1000-{size // 2}"})
    assert middle.status_code == 206 and middle.data == data[1000:size // 2 + 1]
    assert middle.headers["Content-Range"] == f"bytes 1000-{size // 2}/{size}"

    open_ended = client.get(url, headers={"Range": f"bytes={size - 10}-"})
    assert open_ended.status_code == 206 and open_ended.data == data[-10:]

    suffix = client.get(url, headers={"Range": "bytes=-500"})
    assert suffix.status_code == 206 and suffix.data == data[-500:]
    assert suffix.headers["Content-Range"] == f"bytes {size - 500}-{size - 1}/{size}"

    for bad in (f"bytes={size}-", f"bytes={size + 100}-{size + 200}", "bytes=abc"):
        refused = client.get(url, headers={"Range": bad})
        assert refused.status_code == 416, bad
        assert refused.headers["Content-Range"] == f"bytes */{size}" and refused.data == b""


def test_the_original_downloads_byte_exact_for_staff_with_its_name(as_user, world: MediaWorld, ctx) -> None:
    response = as_user("archivist_a").get(f"/media/{world.clip}/original")
    assert response.status_code == 200 and response.data == world.clip_path.read_bytes()
    assert "attachment" in response.headers["Content-Disposition"]
    assert "DSJ0001_20240305090203_100001.mp4" in response.headers["Content-Disposition"]
    [entry] = entries(ctx, "download", world.clip)
    assert entry.content_hash == sha256_file(world.clip_path) and entry.case_id == world.case_id


# -- logging --------------------------------------------------------------------------------------

def test_a_play_is_logged_once_however_many_range_requests_it_makes(as_user, world: MediaWorld, ctx) -> None:
    client = as_user("officer_a")
    url = stream_url(client, world.clip)
    for header in ("bytes=0-", "bytes=0-1023", "bytes=4096-", "bytes=0-"):  # one play: probe, seek, seek back
        assert client.get(url, headers={"Range": header}).status_code == 206
    [play] = entries(ctx, "play", world.clip)
    assert play.username == "officer_a" and play.case_id == world.case_id
    assert play.content_hash == sha256_file(world.clip_path) and play.detail["stream"] == "original"

    # The page opened again is a new play.
    again = stream_url(client, world.clip)
    assert again != url
    client.get(again, headers={"Range": "bytes=0-"})
    client.get(again, headers={"Range": "bytes=2048-"})
    assert len(entries(ctx, "play", world.clip)) == 2

    # A player of one's own (no token): a request from the first byte starts a play, a later range does not.
    bare = f"/media/{world.clip}/stream"
    client.get(bare, headers={"Range": "bytes=100-"})
    assert len(entries(ctx, "play", world.clip)) == 2
    client.get(bare)
    assert len(entries(ctx, "play", world.clip)) == 3

    # A token is the user's own: another user's token counts as none.
    other = as_user("archivist_a")
    other.get(url, headers={"Range": "bytes=4096-"})
    assert [e.username for e in entries(ctx, "play", world.clip)] == ["officer_a"] * 3
    with ctx.db.session() as s:
        assert verify(s).ok


# -- refusals --------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["", "/stream", "/poster", "/strip", "/original"])
def test_an_officer_of_another_unit_is_refused_and_it_is_logged(as_user, world: MediaWorld, ctx, suffix) -> None:
    client = as_user("officer_b")
    response = client.get(f"/media/{world.clip}{suffix}", headers={"Range": "bytes=0-"})
    assert response.status_code == 403
    assert b"\x00\x00\x00" not in response.data[:64]  # no media bytes
    [denied] = entries(ctx, {"": "view", "/stream": "play", "/poster": "view", "/strip": "view",
                             "/original": "download"}[suffix], world.clip, outcome="denied")
    assert denied.username == "officer_b" and denied.case_id == world.case_id
    assert "执法单位" in denied.detail["reason"]
    assert not entries(ctx, "play", world.clip)


def test_a_level_above_the_clearance_is_refused_without_naming_it(as_user, world: MediaWorld, ctx) -> None:
    with ctx.db.transaction() as s:
        s.execute(update(MediaItem).where(MediaItem.id == world.clip).values(classification="secret"))
    assert as_user("archivist_a").get(f"/media/{world.clip}").status_code == 200
    response = as_user("officer_a").get(f"/media/{world.clip}/stream")
    assert response.status_code == 403 and "机密" not in response.get_data(as_text=True)
    [denied] = entries(ctx, "play", world.clip, outcome="denied")
    assert denied.username == "officer_a"


def test_an_applicant_without_a_slip_naming_the_clip_is_refused(as_user, world: MediaWorld, ctx) -> None:
    client = as_user("applicant")
    for suffix in ("", "/stream"):
        assert client.get(f"/media/{world.clip}{suffix}").status_code == 403
    assert len(entries(ctx, "view", world.clip, outcome="denied")) == 1
    assert len(entries(ctx, "play", world.clip, outcome="denied")) == 1

    # A slip for the case's documents brings no clip with it: media are named one by one.
    approve_slip(ctx, world, "applicant", media=[], documents=[world.document_id])
    assert client.get(f"/media/{world.clip}/stream").status_code == 403
    case_page = client.get(f"/cases/{world.case_id}").get_data(as_text=True)
    assert f"/media/{world.clip}" not in case_page
    assert client.get("/media/").status_code == 403  # the list is for staff


def test_an_applicant_plays_a_clip_their_approved_slip_names(as_user, world: MediaWorld, ctx) -> None:
    slip_no = approve_slip(ctx, world, "applicant", media=[world.clip])
    client = as_user("applicant")
    page = client.get(f"/media/{world.clip}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and CASE_NO in text
    assert "DSJ0001_20240305090203" not in text and "CASE_2024_12" not in text  # no file or disc names
    assert "下载原件" not in text
    url = stream_url(client, world.clip)
    assert client.get(url, headers={"Range": "bytes=0-"}).status_code == 206
    [play] = entries(ctx, "play", world.clip)
    assert play.slip_no == slip_no and play.purpose == "核对现场检查情况" and play.case_id == world.case_id
    # The slip never releases the original, nor the clips it does not name, nor to someone else.
    assert client.get(f"/media/{world.clip}/original").status_code == 403
    assert client.get(f"/media/{world.avi}").status_code == 403
    assert as_user("applicant2").get(f"/media/{world.clip}").status_code == 403
    assert f"/media/{world.clip}" in client.get(f"/cases/{world.case_id}").get_data(as_text=True)


# -- lists, posters, strips --------------------------------------------------------------------------

def test_the_list_filters_by_case_device_officer_and_date(as_user, world: MediaWorld, ctx) -> None:
    client = as_user("archivist_a")

    def listed(query: str) -> set[int]:
        html = client.get(f"/media/?{query}").get_data(as_text=True)
        return {int(n) for n in re.findall(r'href="/media/(\d+)"', html)}

    everything = {world.clip, world.avi, world.amr}
    assert listed("") == everything
    assert listed("case_no=测住建罚[2024]12号") == everything  # any bracket style
    assert listed("case_no=测住建罚〔2024〕99号") == set()
    assert listed("device=DSJ0001") == {world.clip, world.avi}
    assert listed("officer=100001") == {world.clip, world.avi}
    assert listed("since=2024-03-05&until=2024-03-05") == {world.clip, world.avi}
    assert listed("since=2024-03-06") == set()
    other_unit = as_user("officer_b").get("/media/").get_data(as_text=True)
    assert not re.findall(r'href="/media/(\d+)"', other_unit)  # none of unit A's media
    with ctx.db.session() as s:
        searched = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "search",
                                                           AccessLogRecord.record_kind == "media_item")).all()
    assert searched and searched[1].detail["filters"] == {"case_no": "测住建罚[2024]12号"}


def test_the_page_shows_metadata_a_poster_and_a_keyframe_strip(as_user, world: MediaWorld, ctx) -> None:
    client = as_user("archivist_a")
    html = client.get(f"/media/{world.clip}").get_data(as_text=True)
    for text in ("2024-03-05 09:02:03 +0800", "DSJ0001", "100001", "证据（随案件保存）", "CASE_2024_12",
                 "DSJ0001/DSJ0001_20240305090203_100001.mp4", sha256_file(world.clip_path), CASE_NO):
        assert text in html, text
    poster = client.get(f"/media/{world.clip}/poster")
    strip = client.get(f"/media/{world.clip}/strip")
    assert poster.headers["Content-Type"] == "image/jpeg" and strip.headers["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(strip.data)) as im:
        assert im.size[0] == 2 * 160  # a 2 s clip: one frame a second
    assert [e.detail.get("part") for e in entries(ctx, "view", world.clip)] == [None, "poster", "strip"]
    with ctx.db.session() as s:
        item = s.get(MediaItem, world.clip)
        derived = ctx.store.derived_dir(item.sha256)
    assert (derived / "poster.jpg").is_file() and (derived / "strip.jpg").is_file()
    assert sha256_file(ctx.store.original_path(item.sha256)) == item.sha256
    assert client.get(f"/media/{world.amr}/strip").status_code == 404  # audio has a waveform, no strip
    assert client.get(f"/media/{world.amr}/poster").headers["Content-Type"] == "image/jpeg"


# -- proxies --------------------------------------------------------------------------------------

def _streams(data: bytes, tmp: Path) -> tuple[list[str], bytes]:
    path = tmp / "streamed"
    path.write_bytes(data)
    run = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", str(path)],
                         capture_output=True, check=True)
    return [s["codec_name"] for s in json.loads(run.stdout)["streams"]], data[:64]


def test_an_avi_gets_a_proxy_from_the_worker_and_the_page_says_so(as_user, world: MediaWorld, ctx,
                                                                   tmp_path: Path) -> None:
    from ingest import tasks

    with ctx.db.session() as s:
        sha = s.get(MediaItem, world.avi).sha256
    client = as_user("archivist_a")
    html = client.get(f"/media/{world.avi}").get_data(as_text=True)
    assert "可播放副本正在由后台任务生成" in html and "AVI" in html
    assert client.get(f"/media/{world.avi}/status").get_json() == {"ready": False, "error": None}
    assert client.get(f"/media/{world.avi}/stream").status_code == 404

    # The page queued the proxy; the worker's task makes it.
    huey = tasks.get_huey(ctx.settings)
    tasks._worker_ctx[:] = [ctx]
    try:
        task = huey.dequeue()
        assert task is not None and task.name == "media_proxy"
        huey.execute(task)
    finally:
        tasks._worker_ctx[:] = []
    assert client.get(f"/media/{world.avi}/status").get_json()["ready"] is True

    html = client.get(f"/media/{world.avi}").get_data(as_text=True)
    assert "可播放副本" in html and sha in html and "下载原件" in html
    url = stream_url(client, world.avi)
    streamed = client.get(url)
    assert streamed.headers["Content-Type"] == "video/mp4"
    codecs, head = _streams(streamed.data, tmp_path)
    assert codecs == ["h264", "aac"]
    assert b"moov" in head and (b"mdat" not in head or head.find(b"moov") < head.find(b"mdat"))  # +faststart
    assert entries(ctx, "play", world.avi)[0].detail["stream"] == "proxy"
    # The original is untouched and is what the download gives.
    assert sha256_file(ctx.store.original_path(sha)) == sha == sha256_file(world.avi_path)
    assert client.get(f"/media/{world.avi}/original").data == world.avi_path.read_bytes()
    assert (ctx.store.derived_dir(sha) / VIDEO_PROXY).is_file()


def test_an_amr_recording_gets_an_aac_proxy(as_user, world: MediaWorld, ctx, tmp_path: Path) -> None:
    with ctx.db.session() as s:
        item = s.get(MediaItem, world.amr)
        playback = Playback.of(ctx.store, item)
    assert playback.decision().proxy == AUDIO_PROXY
    assert playback.proxy() == ctx.store.derived_path(item.sha256, AUDIO_PROXY)
    client = as_user("officer_a")
    html = client.get(f"/media/{world.amr}").get_data(as_text=True)
    assert "<audio" in html and "AAC 音频" in html
    streamed = client.get(stream_url(client, world.amr), headers={"Range": "bytes=0-"})
    assert streamed.status_code == 206 and streamed.headers["Content-Type"] == "audio/mp4"
    assert _streams(streamed.data, tmp_path)[0] == ["aac"]
    assert sha256_file(ctx.store.original_path(item.sha256)) == item.sha256


@pytest.mark.parametrize(("kind", "container", "streams", "playable"), [
    ("video", "mp4", [("video", "h264", "yuv420p"), ("audio", "aac", None)], True),
    ("video", "mp4", [("video", "hevc", "yuv420p"), ("audio", "aac", None)], False),
    ("video", "mp4", [("video", "h264", "yuv420p10le")], False),  # 10-bit H.264 plays nowhere
    ("video", "mp4", [("video", "h264", "yuv420p"), ("audio", "pcm_s16le", None)], False),
    ("video", "mkv", [("video", "h264", "yuv420p"), ("audio", "aac", None)], False),
    ("video", "mkv", [("video", "vp9", "yuv420p"), ("audio", "opus", None)], True),
    ("video", "avi", [("video", "mjpeg", "yuvj422p"), ("audio", "pcm_s16le", None)], False),
    ("audio", "wav", [("audio", "pcm_s16le", None)], True),
    ("audio", "mp3", [("audio", "mp3", None)], True),
    ("audio", "amr", [("audio", "amr_nb", None)], False),
    ("photo", "jpeg", [], True),
])
def test_what_plays_in_a_browser_is_decided_from_the_streams(kind, container, streams, playable) -> None:
    decided = decide_playback(kind, container, [{"codec_type": t, "codec_name": c, "pix_fmt": p}
                                                for t, c, p in streams])
    assert decided.playable is playable
    assert (decided.proxy is None) is playable and bool(decided.reason) is not playable


# -- slips in the browser's forms -------------------------------------------------------------------

def test_an_archivist_names_a_clip_on_a_slip_the_head_approves_it_and_the_applicant_plays_it(
        as_user, world: MediaWorld, ctx) -> None:
    from redaction.plans import mark_reviewed, plan_for_slip
    from access_control.models import RetrievalSlip, SlipMediaItem

    archivist = as_user("archivist_a")
    form = archivist.get(f"/slips/new?case_id={world.case_id}").get_data(as_text=True)
    offered = re.findall(r'<input type="checkbox" name="media_item_ids" value="(\d+)"( checked)?>', form)
    assert {int(i) for i, _ in offered} == {world.clip, world.avi, world.amr}
    assert all(not ticked for _, ticked in offered)  # never implied
    response = archivist.post(f"/slips/new?case_id={world.case_id}", data={
        "applicant_name": "测试甲", "applicant_username": "applicant", "relation": "party", "mode": "view",
        "delivery": "onsite", "purpose": "核对现场检查情况", "document_ids": [str(world.document_id)],
        "media_item_ids": [str(world.clip), str(world.avi)]})
    assert response.status_code == 303, response.get_data(as_text=True)
    slip_id = int(response.headers["Location"].rsplit("/", 1)[1])
    log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        slip = s.get(RetrievalSlip, slip_id)
        reviewer = load_subject(s, s.get(User, world.users["archivist_a"]))
        plan_for_slip(s, log, Actor(reviewer.id, "archivist_a"), slip)
        mark_reviewed(s, log, Actor(reviewer.id, "archivist_a"), reviewer, slip)

    head = as_user("head_a")
    page = head.get(f"/slips/{slip_id}").get_data(as_text=True)
    assert f"视频 #{world.clip}" in page and f"视频 #{world.avi}" in page
    decided = head.post(f"/slips/{slip_id}/decide", data={"decision": "approve", "comment": "",
                                                          "document_ids": [str(world.document_id)],
                                                          "media_item_ids": [str(world.clip)]})  # narrowed
    assert decided.status_code == 303, decided.get_data(as_text=True)
    with ctx.db.session() as s:
        rows = {r.item_id: r.approved for r in s.scalars(select(SlipMediaItem).where(SlipMediaItem.slip_id == slip_id))}
    assert rows == {world.clip: True, world.avi: False}

    applicant = as_user("applicant")
    shown = applicant.get(f"/slips/{slip_id}").get_data(as_text=True)
    assert f'href="/media/{world.clip}"' in shown and f"/media/{world.avi}" not in shown
    assert applicant.get(stream_url(applicant, world.clip), headers={"Range": "bytes=0-"}).status_code == 206
    assert applicant.get(f"/media/{world.avi}").status_code == 403
