"""Real media and real disc images for the media tests, made by ffmpeg, Pillow, xorriso and pycdlib.

Clips are tiny (32×24, 1 s) and every one is distinct (a comment tag), so
each has its own SHA-256 unless a test copies it on purpose. Names, numbers
and case numbers are synthetic (测试, DSJ…, 测住建罚〔2024〕…).
"""
from __future__ import annotations

import io
import shutil
import subprocess
import uuid
from functools import lru_cache
from pathlib import Path

import pycdlib
from PIL import Image

_FFMPEG = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"]


@lru_cache(maxsize=1)
def _base_clip(directory: str) -> Path:
    path = Path(directory) / "base.mp4"
    subprocess.run(_FFMPEG + ["-f", "lavfi", "-i", "testsrc=size=32x24:rate=10:duration=1", "-f", "lavfi",
                              "-i", "sine=frequency=440:duration=1", "-c:v", "libx264", "-preset", "ultrafast",
                              "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)], check=True)
    return path


def clip(path: Path, creation_time: str | None = None) -> Path:
    """An MP4 (H.264 + AAC) whose creation_time is `creation_time` (ISO 8601, e.g. 2024-03-05T01:02:03Z)."""
    base = _base_clip(_cache_dir())
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = ["-metadata", f"comment={uuid.uuid4().hex}"]
    if creation_time:
        meta += ["-metadata", f"creation_time={creation_time}"]
    subprocess.run(_FFMPEG + ["-i", str(base), "-c", "copy", "-map_metadata", "-1", *meta, str(path)], check=True)
    return path


@lru_cache(maxsize=1)
def _cache_dir() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="earchive-test-media-")


def wav(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(_FFMPEG + ["-f", "lavfi", "-i", "sine=frequency=300:duration=1", "-metadata",
                              f"comment={uuid.uuid4().hex}", str(path)], check=True)
    return path


def mp3(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(_FFMPEG + ["-f", "lavfi", "-i", "sine=frequency=500:duration=1", "-c:a", "libmp3lame",
                              "-metadata", f"comment={uuid.uuid4().hex}", str(path)], check=True)
    return path


def amr(path: Path, seconds: float = 1.0) -> Path:
    """AMR-NB (RFC 4867 storage format): the magic, then 12.2 kbit/s frames of silence, 50 a second."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = b"\x3c" + bytes(31)
    path.write_bytes(b"#!AMR\n" + frame * int(seconds * 50))
    return path


def photo(path: Path, taken: str | None = "2024:03:05 09:02:03", offset: str | None = "+08:00",
          fmt: str = "JPEG") -> Path:
    """A small photo with EXIF DateTimeOriginal (local time) and OffsetTimeOriginal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", (40, 30), (uuid.uuid4().int % 256, 120, 60))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "TestCam", "TEST-1"
    sub = exif.get_ifd(0x8769)
    if taken:
        sub[0x9003] = taken
    if offset:
        sub[0x9011] = offset
    im.save(path, fmt, exif=exif.tobytes())
    return path


def xorriso_iso(folder: Path, out: Path, label: str = "TEST_DISC") -> Path:
    """An ISO 9660 image with Rock Ridge and Joliet names, as burning software writes them."""
    subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-J", "-R", "-V", label, "-o", str(out), str(folder)],
                   check=True, capture_output=True)
    return out


def hostile_iso(out: Path, good: Path, label: str = "HOSTILE") -> Path:
    """A Rock Ridge image holding one good clip and every hostile entry a disc can carry.

    pycdlib refuses to write absolute or '..'-bearing Rock Ridge names, so those are written
    under placeholders of the same length and patched into the image bytes afterwards.
    """
    data = good.read_bytes()
    junk = b"this is a text file, not a video\n" * 10
    jpeg = io.BytesIO()
    Image.new("RGB", (8, 8)).save(jpeg, "JPEG")
    iso = pycdlib.PyCdlib()
    iso.new(rock_ridge="1.09", interchange_level=3, vol_ident=label)

    def add(iso_name: str, rr_name: str, payload: bytes) -> None:
        iso.add_fp(io.BytesIO(payload), len(payload), f"/{iso_name};1", rr_name=rr_name)

    add("GOOD.MP4", "good.mp4", data)
    add("DOTDOT", "..", data)
    add("ABS.MP4", "AAAAAAAAA.mp4", data)  # becomes /etc/evil.mp4
    add("UP.MP4", "BBBBBBBBB", data)  # becomes ../up.mp4
    add("CTRL.MP4", "bell\x07.mp4", data)
    add("TEXT.MP4", "text.mp4", junk)
    add("PHOTO.MP4", "photo.mp4", jpeg.getvalue())
    add("EMPTY.MP4", "empty.mp4", b"")
    add("HALF.MP4", "half.mp4", data[: len(data) // 2])  # a cut-short MP4: ffprobe must refuse it
    iso.add_symlink(symlink_path="/LINK.;1", rr_symlink_name="link.mp4", rr_path="/etc/passwd")
    iso.write(str(out))
    iso.close()
    image = out.read_bytes()
    for placeholder, hostile in ((b"AAAAAAAAA.mp4", b"/etc/evil.mp4"), (b"BBBBBBBBB", b"../up.mp4")):
        assert image.count(placeholder) == 1 and len(placeholder) == len(hostile)
        image = image.replace(placeholder, hostile)
    out.write_bytes(image)
    return out


def udf_only_iso(out: Path, files: dict[str, Path], label: str = "UDFDISC") -> Path:
    """A UDF image with no ISO 9660 volume descriptor left (as Windows' "Live File System" burns)."""
    iso = pycdlib.PyCdlib()
    iso.new(udf="2.60", interchange_level=3, vol_ident=label)
    dirs: set[str] = set()
    for n, (udf_path, src) in enumerate(sorted(files.items())):
        parent = udf_path.rsplit("/", 1)[0]
        if parent and parent not in dirs:
            iso.add_directory(f"/D{len(dirs)}", udf_path=parent)
            dirs.add(parent)
        data = src.read_bytes()
        iso.add_fp(io.BytesIO(data), len(data), f"/F{n}.;1", udf_path=udf_path)
    iso.write(str(out))
    iso.close()
    image = bytearray(out.read_bytes())
    for sector in range(16, 64):
        if image[sector * 2048 + 1: sector * 2048 + 6] == b"CD001":
            image[sector * 2048: (sector + 1) * 2048] = bytes(2048)
    out.write_bytes(bytes(image))
    return out


def truncate_inside(image: Path, member_bytes: bytes) -> int:
    """Cut `image` in the middle of the file whose bytes are `member_bytes`; returns the new size."""
    data = image.read_bytes()
    at = data.index(member_bytes)
    size = at + len(member_bytes) // 2
    image.write_bytes(data[:size])
    return size


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst
