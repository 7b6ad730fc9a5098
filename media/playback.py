"""Playback artefacts of a media item: what the browser is given, a poster frame, a keyframe strip, and a
web-playable proxy where the original cannot play in a browser (#15 §6).

Everything here is derived, rebuildable, and kept beside the scans' artefacts in the store's derived
area (store.derived_dir(sha256)): poster.jpg, strip.jpg, proxy.mp4 or proxy.m4a, and playback.json
(what was decided about the original and why). The original is only ever read: it is the record,
and it may not be cut or altered (002 记录办法:28). Each artefact is written under a temporary name in
its folder and renamed into place, so a reader sees the whole file or none; a lock file keeps two
processes from transcoding the same clip at once.

What plays in a browser is decided from ffprobe's view of the stored original (codec, pixel format),
not from the file name: Chromium, Firefox and Safari all play H.264 (8-bit 4:2:0) with AAC or MP3 in
MP4, MP3, PCM WAV, JPEG and PNG; VP8/VP9/AV1 with Opus/Vorbis in WebM. Anything else (AVI/MJPEG,
Matroska with H.264 or PCM, AMR, 10-bit or 4:2:2 video, HEVC) gets a proxy: H.264/AAC MP4 with
+faststart, or AAC in M4A for audio.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageOps

from earchive.errors import EarchiveError, MissingDependency
from store.objects import ObjectStore

log = logging.getLogger(__name__)

POSTER = "poster.jpg"
STRIP = "strip.jpg"
DECISION = "playback.json"
VIDEO_PROXY = "proxy.mp4"
AUDIO_PROXY = "proxy.m4a"
PROXY_ASKED = "proxy-asked.txt"  # when the web app last queued the proxy (ISO 8601, UTC)
PROXY_ERROR = "proxy-error.txt"  # why the last attempt failed, for the page
STRIP_FRAMES = 6
POSTER_WIDTH = 640
STRIP_TILE_WIDTH = 160
_PROBE_TIMEOUT_S = 60
_FRAME_TIMEOUT_S = 60
# A transcode may take a while for an hour of body-camera video on two cores: this per second of media
# on top of a floor, before it is called stuck.
_TRANSCODE_FLOOR_S = 600
_TRANSCODE_PER_SECOND = 4.0

_BROWSER_VIDEO = {"h264", "vp8", "vp9", "av1"}
_BROWSER_PIX_FMTS = {"yuv420p", "yuvj420p"}
_MP4_AUDIO = {"aac", "mp3"}
_WEBM_AUDIO = {"opus", "vorbis"}
_WAV_AUDIO = {"pcm_u8", "pcm_s16le", "pcm_s24le", "pcm_s32le", "pcm_f32le"}
_IMAGE_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}


class PlaybackError(EarchiveError):
    """A poster, strip or proxy could not be made from a stored original; the message says which and why."""

    http_status = 500


@dataclass(frozen=True)
class PlaybackDecision:
    """What the browser gets for an item: the original, or a proxy of it (and why)."""

    playable: bool  # the original plays in a browser as it is
    mimetype: str  # of what is streamed: the original's, or the proxy's
    proxy: str | None  # the proxy's artefact name when the original does not play
    reason: str  # why a proxy is needed, in Chinese, for the page; '' when none is

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Stream:
    path: Path
    mimetype: str
    is_proxy: bool


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise MissingDependency(f"{name} is not installed; install the Debian package ffmpeg (scripts/setup.sh)")
    return path


def _streams(path: Path) -> list[dict]:
    run = subprocess.run([_tool("ffprobe"), "-v", "error", "-print_format", "json", "-show_streams", "--",
                          str(path)], capture_output=True, timeout=_PROBE_TIMEOUT_S)
    if run.returncode != 0:
        raise PlaybackError(f"ffprobe 无法读取已存储的原件 {path.name[:12]}…，请运行 earchive fixity verify 检查")
    return json.loads(run.stdout or b"{}").get("streams") or []


def decide_playback(kind: str, container: str, streams: list[dict]) -> PlaybackDecision:
    """Whether the original plays in a browser, from its container and ffprobe's streams."""
    if kind == "photo":
        mimetype = _IMAGE_TYPES.get(container)
        return PlaybackDecision(mimetype is not None, mimetype or "image/jpeg", None,
                                "" if mimetype else f"浏览器无法显示 {container.upper()} 图像")
    video = [s for s in streams if s.get("codec_type") == "video"
             and not (s.get("disposition") or {}).get("attached_pic")]
    audio = {s.get("codec_name") for s in streams if s.get("codec_type") == "audio"}
    if kind == "audio" or not video:
        if container == "mp3" and audio <= {"mp3"}:
            return PlaybackDecision(True, "audio/mpeg", None, "")
        if container == "wav" and audio <= _WAV_AUDIO:
            return PlaybackDecision(True, "audio/wav", None, "")
        if container == "mp4" and audio <= _MP4_AUDIO:
            return PlaybackDecision(True, "audio/mp4", None, "")
        names = "、".join(sorted(a for a in audio if a)) or container.upper()
        return PlaybackDecision(False, "audio/mp4", AUDIO_PROXY, f"浏览器无法播放该录音的编码（{names}）")
    v = video[0]
    codec, pix_fmt = v.get("codec_name"), v.get("pix_fmt")
    plain_video = codec in _BROWSER_VIDEO and pix_fmt in _BROWSER_PIX_FMTS
    if container == "mp4" and plain_video and codec != "vp8" and audio <= _MP4_AUDIO:
        return PlaybackDecision(True, "video/mp4", None, "")
    if container == "mkv" and plain_video and codec != "h264" and audio <= _WEBM_AUDIO:
        return PlaybackDecision(True, "video/webm", None, "")
    what = "、".join(x for x in (container.upper(), codec, pix_fmt, *sorted(a for a in audio if a)) if x)
    return PlaybackDecision(False, "video/mp4", VIDEO_PROXY, f"浏览器无法直接播放原件（{what}）")


def _write_json(path: Path, data: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    os.replace(tmp, path)


class Playback:
    """The playback artefacts of one stored item (`sha256`, its `kind` and `container`)."""

    def __init__(self, store: ObjectStore, sha256: str, kind: str, container: str, duration_s: float | None):
        self.store, self.sha256, self.kind, self.container = store, sha256, kind, container
        self.duration_s = duration_s or 0.0
        self.original = store.original_path(sha256)
        self.folder = store.derived_dir(sha256)

    @classmethod
    def of(cls, store: ObjectStore, item) -> Playback:  # noqa: ANN001 - a media.models.MediaItem
        return cls(store, item.sha256, item.kind, item.container, item.duration_s)

    def _path(self, name: str) -> Path:
        return self.store.derived_path(self.sha256, name)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One process at a time makes this item's artefacts (the web app's and the worker's)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # -- what plays ---------------------------------------------------------------------------
    def decision(self) -> PlaybackDecision:
        path = self._path(DECISION)
        if path.is_file():
            return PlaybackDecision(**json.loads(path.read_text(encoding="utf-8")))
        if not self.original.is_file():
            raise PlaybackError(f"原件 {self.sha256[:12]}… 不在存储中，请运行 earchive fixity verify 检查")
        streams = [] if self.kind == "photo" else _streams(self.original)
        decided = decide_playback(self.kind, self.container, streams)
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_json(path, decided.to_json())
        return decided

    def stream(self) -> Stream | None:
        """What the browser plays: the original, or its proxy once made; None while the proxy is missing."""
        decided = self.decision()
        if decided.playable:
            return Stream(self.original, decided.mimetype, False)
        proxy = self._path(decided.proxy or VIDEO_PROXY)
        return Stream(proxy, decided.mimetype, True) if proxy.is_file() else None

    def proxy(self) -> Path | None:
        """Make the proxy if the original needs one and it is not there yet; its path, or None if none is needed."""
        decided = self.decision()
        if decided.playable:
            return None
        dest = self._path(decided.proxy or VIDEO_PROXY)
        with self._locked():
            if not dest.is_file():
                try:
                    self._transcode(dest, audio_only=decided.proxy == AUDIO_PROXY)
                except PlaybackError as e:
                    self._path(PROXY_ERROR).write_text(e.message, encoding="utf-8")
                    raise
            self._path(PROXY_ERROR).unlink(missing_ok=True)
        return dest

    def proxy_error(self) -> str | None:
        path = self._path(PROXY_ERROR)
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def proxy_asked_at(self) -> dt.datetime | None:
        path = self._path(PROXY_ASKED)
        try:
            return dt.datetime.fromisoformat(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None

    def mark_proxy_asked(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(dt.datetime.now(dt.timezone.utc).isoformat())
        os.replace(tmp, self._path(PROXY_ASKED))

    def _transcode(self, dest: Path, *, audio_only: bool) -> None:
        if audio_only:
            codec = ["-vn", "-map", "0:a:0", "-c:a", "aac", "-b:a", "96k"]
        else:
            # Even dimensions for 4:2:0; the first video and audio streams (a camera's second audio track
            # is rare and would need a choice of ours); AAC at a bitrate speech and street noise survive.
            codec = ["-map", "0:v:0", "-map", "0:a:0?", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
                     "-pix_fmt", "yuv420p", "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:a", "aac", "-b:a", "128k"]
        tmp = dest.with_name(f".tmp-{os.getpid()}-{dest.name}")
        timeout = _TRANSCODE_FLOOR_S + _TRANSCODE_PER_SECOND * self.duration_s
        try:
            run = subprocess.run([_tool("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                                  "-i", str(self.original), *codec, "-movflags", "+faststart", "-f", "mp4", str(tmp)],
                                 capture_output=True, timeout=timeout)
            if run.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
                detail = run.stderr.decode("utf-8", "replace").replace(str(self.original), "原件").strip()
                raise PlaybackError(f"无法为 {self.sha256[:12]}… 生成可播放副本：{detail.splitlines()[-1:] or '未知错误'}")
            os.replace(tmp, dest)
        except subprocess.TimeoutExpired as e:
            raise PlaybackError(f"生成可播放副本超时（{timeout:.0f} 秒）：{self.sha256[:12]}…") from e
        finally:
            tmp.unlink(missing_ok=True)
        log.info("made a web-playable proxy of %s (%d bytes)", self.sha256, dest.stat().st_size)

    # -- poster and strip ------------------------------------------------------------------------
    def poster(self) -> Path | None:
        """A still for the page: a video's frame at a tenth of its length (the first frames of a body camera
        are often the wearer's chest or a black frame), a recording's waveform, a photo scaled down."""
        dest = self._path(POSTER)
        if dest.is_file():
            return dest
        with self._locked():
            if dest.is_file():
                return dest
            tmp = dest.with_name(f".tmp-{os.getpid()}-{POSTER}")
            try:
                if self.kind == "photo":
                    with Image.open(self.original) as im:
                        im = ImageOps.exif_transpose(im).convert("RGB")
                        im.thumbnail((POSTER_WIDTH, POSTER_WIDTH))
                        im.save(tmp, "JPEG", quality=85)
                elif self.kind == "audio":
                    self._ffmpeg(["-i", str(self.original), "-filter_complex",
                                  f"aformat=channel_layouts=mono,showwavespic=s={POSTER_WIDTH}x120:colors=#2f5d8a",
                                  "-frames:v", "1", "-f", "image2", "-c:v", "mjpeg", str(tmp)])
                else:
                    self._frame(min(self.duration_s / 10, 5.0), POSTER_WIDTH, tmp)
                os.replace(tmp, dest)
            finally:
                tmp.unlink(missing_ok=True)
        return dest

    def strip_times(self) -> list[float]:
        """When the strip's frames are taken: evenly through the clip, one a second at most."""
        if self.kind != "video" or self.duration_s <= 0:
            return []
        n = max(1, min(STRIP_FRAMES, int(self.duration_s)))
        return [round((i + 0.5) * self.duration_s / n, 2) for i in range(n)]

    def strip(self) -> Path | None:
        """Frames through a video side by side in one JPEG; None for audio and photos."""
        times = self.strip_times()
        if not times:
            return None
        dest = self._path(STRIP)
        if dest.is_file():
            return dest
        with self._locked(), tempfile.TemporaryDirectory(dir=self.folder, prefix=".strip-") as work:
            if dest.is_file():
                return dest
            frames = []
            for i, at in enumerate(times):
                frame = Path(work) / f"{i}.png"
                self._frame(at, STRIP_TILE_WIDTH, frame, exact=True)
                frames.append(Image.open(frame).convert("RGB"))
            height = max(f.height for f in frames)
            strip = Image.new("RGB", (STRIP_TILE_WIDTH * len(frames), height), (0, 0, 0))
            for i, f in enumerate(frames):
                strip.paste(f, (i * STRIP_TILE_WIDTH, 0))
            tmp = Path(work) / STRIP
            strip.save(tmp, "JPEG", quality=80)
            os.replace(tmp, dest)
        return dest

    def _frame(self, at: float, width: int, out: Path, *, exact: bool = False) -> None:
        """One frame at `at` seconds, `width` wide at most (exactly, for the strip's equal tiles)."""
        scale = f"scale={width}:-2" if exact else f"scale='min({width},iw)':-2"
        # -ss before -i seeks to the keyframe before `at` and decodes from there: cheap on an hour's clip.
        self._ffmpeg(["-ss", f"{max(at, 0.0):.3f}", "-i", str(self.original), "-frames:v", "1",
                      "-vf", scale, "-q:v", "4", "-f", "image2", str(out)])
        if not out.is_file():  # a seek past the last keyframe of a short clip: take the first frame
            self._ffmpeg(["-i", str(self.original), "-frames:v", "1", "-vf", scale,
                          "-q:v", "4", "-f", "image2", str(out)])

    def _ffmpeg(self, args: list[str]) -> None:
        try:
            run = subprocess.run([_tool("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                                 capture_output=True, timeout=_FRAME_TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            raise PlaybackError(f"从 {self.sha256[:12]}… 取图超时") from e
        if run.returncode != 0:
            detail = run.stderr.decode("utf-8", "replace").replace(str(self.original), "原件").strip()
            raise PlaybackError(f"无法从 {self.sha256[:12]}… 取图：{(detail.splitlines() or ['未知错误'])[-1]}")


__all__ = ["AUDIO_PROXY", "DECISION", "POSTER", "STRIP", "VIDEO_PROXY", "Playback", "PlaybackDecision",
           "PlaybackError", "Stream", "decide_playback"]
