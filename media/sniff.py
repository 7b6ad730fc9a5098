"""Which media files earchive takes, and whether a file's first bytes are what its extension says.

Only the head of the file is looked at here, before anything is copied;
ffprobe (media.probe) or Pillow (media.exif) then reads the whole container.
"""
from __future__ import annotations

from dataclasses import dataclass

from earchive.errors import IngestRejected

# extension -> (kind, the containers its bytes may hold). MP4 and MOV share the ISO base media format.
EXTENSIONS: dict[str, tuple[str, frozenset[str]]] = {
    ".mp4": ("video", frozenset({"mp4"})),
    ".mov": ("video", frozenset({"mp4"})),
    ".avi": ("video", frozenset({"avi"})),
    ".mkv": ("video", frozenset({"mkv"})),
    ".wav": ("audio", frozenset({"wav"})),
    ".mp3": ("audio", frozenset({"mp3"})),
    ".amr": ("audio", frozenset({"amr"})),
    ".jpg": ("photo", frozenset({"jpeg"})),
    ".jpeg": ("photo", frozenset({"jpeg"})),
    ".png": ("photo", frozenset({"png"})),
}
HEAD_BYTES = 64

_NAMES = {"mp4": "MP4/MOV", "avi": "AVI", "mkv": "Matroska", "wav": "WAV", "mp3": "MP3", "amr": "AMR",
          "jpeg": "JPEG", "png": "PNG"}


@dataclass(frozen=True)
class Sniffed:
    kind: str  # video | audio | photo
    container: str  # the container by its bytes; for ".mov" it says "mp4" (one format family)
    extension: str


def container_of(head: bytes) -> str | None:
    if len(head) >= 12 and head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "mp4"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "mkv"
    if head[:3] == b"ID3" or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head.startswith(b"#!AMR"):
        return "amr"
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    return None


def sniff(extension: str, head: bytes) -> Sniffed:
    """The file's kind from its extension, confirmed by its first bytes; a mismatch is refused."""
    ext = extension.lower()
    kind, allowed = EXTENSIONS[ext]
    if not head:
        raise IngestRejected("empty", "文件为空（0 字节），刻录或拷贝未完成，请重新拷贝 / the file is empty "
                             "(0 bytes): the burn or copy did not finish; copy it again")
    found = container_of(head[:HEAD_BYTES])
    if found not in allowed:
        what = _NAMES.get(found or "", "无法识别的数据 / unrecognised data")
        raise IngestRejected("wrong_type", f"文件内容是 {what}，与扩展名 {ext} 不符，未收录 / the content is "
                             f"{what}, not what the extension {ext} says; not taken in")
    return Sniffed(kind, found, ext)
