"""ffprobe: the one place that runs it. Duration, codecs, resolution and the embedded creation time.

MP4/MOV creation_time is UTC by the format (ISO/IEC 14496-12 counts from
1904-01-01 UTC, and ffprobe prints it with a Z); a time without an offset in
other containers is reported as naive and flagged by the caller, never guessed.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from earchive.errors import IngestRejected, MissingDependency

# What ffprobe calls each container we accept (format_name is a comma-separated list).
_FORMATS = {"mp4": {"mov", "mp4", "m4a", "3gp", "3g2", "mj2"}, "avi": {"avi"}, "mkv": {"matroska", "webm"},
            "wav": {"wav"}, "mp3": {"mp3"}, "amr": {"amr", "amrnb", "amrwb"}}
_TIMEOUT_S = 60


@dataclass
class Probe:
    format_name: str
    duration_s: float | None
    codecs: list[str]
    width: int | None
    height: int | None
    embedded_time: dt.datetime | None  # aware when the file says its zone, else naive
    has_video: bool
    has_audio: bool
    extra: dict = field(default_factory=dict)


def ffprobe_path() -> str:
    path = shutil.which("ffprobe")
    if path is None:
        raise MissingDependency("ffprobe is not installed; install the Debian package ffmpeg (scripts/setup.sh)")
    return path


def probe(path: Path, container: str) -> Probe:
    """Read `path` (already in the store's staging area) with ffprobe; a file it cannot parse is refused."""
    try:
        run = subprocess.run([ffprobe_path(), "-v", "error", "-print_format", "json", "-show_format",
                              "-show_streams", "--", str(path)], capture_output=True, timeout=_TIMEOUT_S)
    except subprocess.TimeoutExpired as e:
        raise IngestRejected("corrupt", f"ffprobe 读取超时（{_TIMEOUT_S} 秒），文件可能已损坏 / ffprobe took longer "
                             f"than {_TIMEOUT_S} s: the file is probably damaged") from e
    data = json.loads(run.stdout or b"{}") if run.returncode == 0 else {}
    fmt = data.get("format") or {}
    names = set((fmt.get("format_name") or "").split(","))
    if not names & _FORMATS[container]:
        lines = run.stderr.decode("utf-8", "replace").replace(f"{path}: ", "").strip().splitlines()
        detail = lines[-1:] or [fmt.get("format_name") or "unknown format"]
        raise IngestRejected("corrupt", f"文件无法解析为 {container.upper()}，可能已损坏或被截断（{detail[0]}） / the file "
                             f"cannot be read as {container.upper()}: damaged or truncated ({detail[0]})")
    streams = data.get("streams") or []
    video = [s for s in streams if s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")]
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    tags = {**_tags(fmt), **{k: v for s in streams for k, v in _tags(s).items() if k not in _tags(fmt)}}
    return Probe(
        format_name=fmt.get("format_name", ""),
        duration_s=_float(fmt.get("duration")) or max((_float(s.get("duration")) or 0 for s in streams), default=None) or None,
        codecs=[s["codec_name"] for s in streams if s.get("codec_name")],
        width=video[0].get("width") if video else None,
        height=video[0].get("height") if video else None,
        embedded_time=parse_time(tags.get("creation_time") or tags.get("date")),
        has_video=bool(video), has_audio=bool(audio),
        extra={k: v for k, v in {"bit_rate": fmt.get("bit_rate"), "make": tags.get("make"),
                                 "model": tags.get("model"), "encoder": tags.get("encoder")}.items() if v},
    )


def _tags(d: dict) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (d.get("tags") or {}).items()}


def _float(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def parse_time(text: str | None) -> dt.datetime | None:
    """'2024-03-05T01:02:03.000000Z' (aware), '2024-03-05 09:02:03' (naive); None if not a time."""
    if not text:
        return None
    value = text.strip().replace("Z", "+00:00")
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.year < 1971:  # 1904-01-01 or 1970-01-01: the camera wrote no time at all
        return None
    return when
