"""Reading a disc without mounting it: its label, burn date and files, each file as a stream.

Sources:
- ISO 9660 images with Rock Ridge or Joliet names: pycdlib reads the directory records, and
  each file's bytes are read straight from its extent in the image (pycdlib is not asked to
  look a name up, so a hostile name cannot steer a read);
- UDF images (and images pycdlib cannot read): 7-Zip lists them and streams each file to us;
- folders copied from a disc or a docking station, and single files.

Nothing is extracted by name anywhere: every file reaches the store as a stream, under its
SHA-256. Names are checked here (`..`, absolute paths, separators, control characters),
symlinks and special files are refused, and a file whose bytes end before its recorded size
(a truncated image or a file that shrank) fails its read instead of yielding a shorter file.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import stat
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pycdlib
from pycdlib.pycdlibexception import PyCdlibException

from earchive.errors import IngestRejected, MissingDependency
from ingest.names import readable_name

_BLOCK = 2048
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_7Z_TIMEOUT_S = 3600


@dataclass
class DiscEntry:
    path: str  # the path on the disc as people read it, '/'-separated, no leading '/'
    size: int | None
    problem: IngestRejected | None = None  # refused before reading: hostile name, symlink, special file
    opener: Callable[[], contextlib.AbstractContextManager[BinaryIO]] | None = None

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def open(self) -> contextlib.AbstractContextManager[BinaryIO]:
        assert self.opener is not None, "an entry with a problem has nothing to read"
        return self.opener()


@dataclass
class DiscImage:
    kind: str  # iso | udf | folder | files
    label: str | None
    burned_at: dt.datetime | None
    problems: list[dict]  # disc-level findings, e.g. a truncated image
    entries: Iterator[DiscEntry]


class DiscUnreadable(IngestRejected):
    """The image as a whole cannot be read (not an ISO/UDF image, or its directory is damaged)."""


# -- names ------------------------------------------------------------------------------------

def name_problem(parts: list[str]) -> IngestRejected | None:
    """Why a path on a disc is unsafe to take a name from, or None; `parts` are its components."""
    shown = "/".join(_visible(p) for p in parts)
    for part in parts:
        if part in ("", ".", "..") or ".." in part.replace("\\", "/").split("/"):
            return IngestRejected("unsafe_name", f"路径“{shown}”含有“..”或空目录名，可能指向光盘以外，拒绝读取 / the path "
                                  f"{shown!r} contains '..' or an empty component and could point outside the disc")
        if "/" in part or "\\" in part:
            what = "绝对路径" if part.startswith(("/", "\\")) else "路径分隔符"
            return IngestRejected("unsafe_name", f"文件名“{shown}”含有{what}，拒绝读取 / the name {shown!r} holds "
                                  f"{'an absolute path' if what == '绝对路径' else 'a path separator'}; not read")
        if any(unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS for c in part):
            return IngestRejected("unsafe_name", f"文件名“{shown}”含有控制字符，拒绝读取 / the name {shown!r} holds "
                                  "control characters; not read")
    return None


def _visible(text: str) -> str:
    return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS else c for c in text)


def _decode_bytes_name(raw: bytes) -> str:
    """Rock Ridge names are bytes: UTF-8, or GBK from a Chinese Windows machine (ingest.names)."""
    return readable_name(os.fsdecode(raw)).text


def shown_path(parts: list[str]) -> str:
    return "/".join(_visible(p) for p in parts)


# -- reading with a length check ------------------------------------------------------------------

class _Exact(io.RawIOBase):
    """`length` bytes of `f` from `offset`; ending early is an error, never a shorter file."""

    def __init__(self, f: BinaryIO, offset: int, length: int, path: str):
        self._f, self._left, self._path, self._length = f, length, path, length
        f.seek(offset)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        want = self._left if size is None or size < 0 else min(size, self._left)
        data = self._f.read(want)
        if len(data) < want:
            got = self._length - self._left + len(data)
            raise truncated(self._path, got, self._length)
        self._left -= len(data)
        return data


def truncated(path: str, got: int, expected: int) -> IngestRejected:
    return IngestRejected("truncated", f"“{path}”只读到 {got} 字节，目录记录为 {expected} 字节：光盘映像被截断或损坏，"
                          f"未收录（不会留下残缺文件） / {path!r}: read {got} of its {expected} bytes: the image is "
                          "truncated or damaged; not taken in (no shortened file is kept)")


# -- ISO 9660 through pycdlib -----------------------------------------------------------------------

class _AsDeclared(io.RawIOBase):
    """The image as long as its volume descriptor says, the missing tail read as zeros.

    pycdlib quietly shortens a file that runs past the end of a truncated image to what is
    there; shown the declared length, it keeps each file's recorded size, and our own reads
    of the real file then find the truncation (`_Exact`).
    """

    def __init__(self, f: BinaryIO, size: int):
        self._f, self._size, self._pos = f, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self._pos = {0: 0, 1: self._pos, 2: self._size}[whence] + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readinto(self, b) -> int:  # noqa: ANN001
        n = max(0, min(len(b), self._size - self._pos))
        self._f.seek(self._pos)
        data = self._f.read(n)
        data += bytes(n - len(data))
        b[:n] = data
        self._pos += n
        return n


def _declared_size(f: BinaryIO, actual: int) -> int:
    """The primary volume descriptor's volume space size × logical block size (ECMA-119 8.4), or the file's size."""
    f.seek(16 * _BLOCK)
    pvd = f.read(_BLOCK)
    if len(pvd) < 130 or pvd[1:6] != b"CD001":
        return actual
    blocks, block = int.from_bytes(pvd[80:84], "little"), int.from_bytes(pvd[128:130], "little")
    return max(actual, blocks * block) if block in (512, 1024, 2048) else actual


def open_iso(path: Path) -> DiscImage:
    iso = pycdlib.PyCdlib()
    handle = open(path, "rb")
    try:
        iso.open_fp(_AsDeclared(handle, _declared_size(handle, path.stat().st_size)))
    except (PyCdlibException, OSError, ValueError, IndexError, KeyError, UnicodeDecodeError) as e:
        handle.close()
        # Not ISO 9660 as pycdlib reads it: a UDF-only disc (Windows' "Live File System"), or damage.
        try:
            return open_udf(path)
        except DiscUnreadable:
            raise DiscUnreadable("malformed_image", f"不是可读的 ISO 9660 或 UDF 光盘映像（{e}），整张光盘未收录 / not a "
                                 f"readable ISO 9660 or UDF image ({e}); nothing on it was taken in") from e
    rr, joliet = iso.has_rock_ridge(), iso.has_joliet()
    if not rr and not joliet and iso.has_udf():
        iso.close()
        handle.close()
        return open_udf(path)  # the ISO names of a UDF bridge disc are 8.3 stand-ins: UDF has the real ones
    image_size = path.stat().st_size
    pvd = iso.pvd
    label = _joliet_label(iso) or pvd.volume_identifier.decode("ascii", "replace").strip() or None
    problems = []
    expected = pvd.space_size * pvd.logical_block_size()
    if image_size < expected:
        problems.append({"code": "truncated_image", "message": f"映像文件 {image_size} 字节，卷描述符记录为 {expected} "
                         f"字节：映像被截断，超出部分的文件无法读取 / the image is {image_size} bytes but its volume "
                         f"descriptor says {expected}: files beyond the end cannot be read"})
    root = iso.get_record(rr_path="/") if rr else iso.get_record(joliet_path="/") if joliet else iso.get_record(iso_path="/")

    def entries() -> Iterator[DiscEntry]:
        try:
            yield from _walk_iso(iso, root, [], path, rr, joliet, image_size)
        finally:
            iso.close()
            handle.close()

    return DiscImage("iso", label, _pvd_date(pvd.volume_creation_date), problems, entries())


def _joliet_label(iso: pycdlib.PyCdlib) -> str | None:
    vd = getattr(iso, "joliet_vd", None)
    if vd is None:
        return None
    return vd.volume_identifier.decode("utf-16-be", "replace").strip().strip("\x00") or None


def _pvd_date(d: object) -> dt.datetime | None:
    """A volume descriptor date (digits as text, offset in 15-minute steps); None when unset."""
    try:
        year = int(d.year)  # type: ignore[attr-defined]
        if year == 0:
            return None
        tz = dt.timezone(dt.timedelta(minutes=15 * int(d.gmtoffset)))  # type: ignore[attr-defined]
        return dt.datetime(year, int(d.month), int(d.dayofmonth), int(d.hour), int(d.minute),  # type: ignore[attr-defined]
                           int(d.second), tzinfo=tz)  # type: ignore[attr-defined]
    except (AttributeError, ValueError, TypeError):
        return None


def _record_name(rec: object, rr: bool, joliet: bool) -> str:
    if rr and rec.rock_ridge is not None:  # type: ignore[attr-defined]
        return _decode_bytes_name(rec.rock_ridge.name())  # type: ignore[attr-defined]
    ident: bytes = rec.file_identifier()  # type: ignore[attr-defined]
    if joliet:
        name = ident.decode("utf-16-be", "replace")
    else:
        name = ident.decode("ascii", "replace")
    name = name.split(";", 1)[0]  # ISO 9660 version suffix
    return name[:-1] if name.endswith(".") else name


def _walk_iso(iso: pycdlib.PyCdlib, rec: object, parents: list[str], image: Path, rr: bool, joliet: bool,
              image_size: int) -> Iterator[DiscEntry]:
    for child in rec.children:  # type: ignore[attr-defined]
        if child.is_dot() or child.is_dotdot():
            continue
        parts = parents + [_record_name(child, rr, joliet)]
        shown = shown_path(parts)
        problem = name_problem(parts)
        is_link = rr and child.rock_ridge is not None and child.rock_ridge.is_symlink()
        if problem is None and is_link:
            problem = IngestRejected("symlink", f"“{shown}”是符号链接，不跟随、不收录 / {shown!r} is a symbolic link; "
                                     "links are not followed or taken in")
        if child.is_dir():
            if problem is not None:
                yield DiscEntry(shown + "/", None, problem)
                continue  # nothing under an unsafe directory name is read
            yield from _walk_iso(iso, child, parts, image, rr, joliet, image_size)
            continue
        size = child.get_data_length()
        if problem is None and child.file_flags & 0x80:
            problem = IngestRejected("multi_extent", f"“{shown}”分多段存放（超过 4 GB），请从光盘拷贝文件夹后导入 / "
                                     f"{shown!r} is stored in several extents (over 4 GB); copy the folder off the "
                                     "disc and take that in")
        if problem is not None:
            yield DiscEntry(shown, size, problem)
            continue
        offset = child.extent_location() * _BLOCK
        yield DiscEntry(shown, size, opener=_extent_opener(image, offset, size, shown, image_size))


def _extent_opener(image: Path, offset: int, size: int, shown: str, image_size: int):
    @contextlib.contextmanager
    def opener() -> Iterator[BinaryIO]:
        if offset + size > image_size:  # known before reading a byte
            raise truncated(shown, max(0, image_size - offset), size)
        with open(image, "rb") as f:
            yield _Exact(f, offset, size, shown)  # type: ignore[misc]
    return opener


# -- UDF through 7-Zip -------------------------------------------------------------------------------

def _seven_zip() -> str:
    path = shutil.which("7z")
    if path is None:
        raise MissingDependency("7z is not installed; install the Debian package p7zip-full (scripts/setup.sh)")
    return path


def open_udf(path: Path) -> DiscImage:
    run = subprocess.run([_seven_zip(), "l", "-slt", "-tudf", "--", str(path)], capture_output=True,
                         timeout=_7Z_TIMEOUT_S)
    text = run.stdout.decode("utf-8", "surrogateescape")
    if run.returncode != 0 or "----------" not in text:
        why = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()
        raise DiscUnreadable("malformed_image", f"不是可读的 ISO 9660 或 UDF 光盘映像（{why[-1] if why else ''}） / "
                             f"not a readable ISO 9660 or UDF image")
    head, _, body = text.partition("----------")
    label, burned_at = None, None
    for line in head.splitlines():
        line = line.strip()
        if line.startswith("VolumeId:") and label is None:
            label = line.split(":", 1)[1].strip() or None
        elif line.startswith("Created = ") and burned_at is None:
            burned_at = _seven_zip_time(line.split(" = ", 1)[1])
    records = [_fields(block) for block in body.strip().split("\n\n") if block.strip()]

    def entries() -> Iterator[DiscEntry]:
        for r in records:
            raw = r.get("Path", "")
            parts = raw.split("/")
            shown = shown_path(parts)
            problem = name_problem(parts)
            if r.get("Folder") == "+":
                if problem is not None:
                    yield DiscEntry(shown + "/", None, problem)
                continue
            size = int(r["Size"]) if r.get("Size", "").isdigit() else None
            if problem is None and r.get("Symbolic Link"):
                problem = IngestRejected("symlink", f"“{shown}”是符号链接，不跟随、不收录 / {shown!r} is a symbolic "
                                         "link; links are not followed or taken in")
            yield DiscEntry(shown, size, problem, None if problem else _seven_zip_opener(path, raw, size or 0, shown))

    return DiscImage("udf", label, burned_at, [], entries())


def _seven_zip_time(text: str) -> dt.datetime | None:
    """7-Zip prints times in this machine's local time, without an offset."""
    try:
        return dt.datetime.strptime(text.strip()[:19], "%Y-%m-%d %H:%M:%S").astimezone()
    except ValueError:
        return None


def _fields(block: str) -> dict[str, str]:
    out = {}
    for line in block.splitlines():
        key, sep, value = line.partition(" = ")
        if sep:
            out[key.strip()] = value
    return out


class _SevenZipStream(io.RawIOBase):
    """One file of an image from 7-Zip's stdout; ending early or a 7-Zip error fails the read."""

    def __init__(self, proc: subprocess.Popen, size: int, shown: str):
        self._proc, self._left, self._size, self._shown = proc, size, size, shown

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self._proc.stdout.read(n if n and n > 0 else 1 << 20)  # type: ignore[union-attr]
        self._left -= len(data)
        if not data:
            code = self._proc.wait()
            if self._left != 0 or code != 0:
                raise truncated(self._shown, self._size - self._left, self._size)
        return data


def _seven_zip_opener(image: Path, raw_path: str, size: int, shown: str):
    @contextlib.contextmanager
    def opener() -> Iterator[BinaryIO]:
        # -spd: the path is a name, not a wildcard; -so: to stdout, never to a file.
        proc = subprocess.Popen([_seven_zip(), "e", "-so", "-spd", "-tudf", "--", str(image),
                                 os.fsencode(raw_path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            yield _SevenZipStream(proc, size, shown)  # type: ignore[misc]
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdout.close()  # type: ignore[union-attr]
    return opener


# -- folders and files ---------------------------------------------------------------------------------

def open_folder(folder: Path) -> DiscImage:
    return DiscImage("folder", readable_name(folder.name).text or None, None, [], _walk_folder(folder, folder))


def open_files(files: list[Path]) -> DiscImage:
    def entries() -> Iterator[DiscEntry]:
        for f in files:
            yield _file_entry(f, [readable_name(f.name).text])
    return DiscImage("files", None, None, [], entries())


def _walk_folder(root: Path, folder: Path) -> Iterator[DiscEntry]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as e:
        rel = [readable_name(p).text for p in folder.relative_to(root).parts]
        yield DiscEntry(shown_path(rel) + "/", None, IngestRejected(
            "unreadable", f"目录无法读取（{e.strerror}） / the folder cannot be read ({e.strerror})"))
        return
    for name in names:
        path = folder / name
        parts = [readable_name(p).text for p in path.relative_to(root).parts]
        st = path.lstat()
        if stat.S_ISDIR(st.st_mode):
            problem = name_problem(parts)
            if problem is not None:
                yield DiscEntry(shown_path(parts) + "/", None, problem)
            else:
                yield from _walk_folder(root, path)
        else:
            yield _file_entry(path, parts, st)


def _file_entry(path: Path, parts: list[str], st: os.stat_result | None = None) -> DiscEntry:
    shown = shown_path(parts)
    st = st or path.lstat()
    problem = name_problem(parts)
    if problem is None and stat.S_ISLNK(st.st_mode):
        problem = IngestRejected("symlink", f"“{shown}”是符号链接，不跟随、不收录 / {shown!r} is a symbolic link; "
                                 "links are not followed or taken in")
    elif problem is None and not stat.S_ISREG(st.st_mode):
        problem = IngestRejected("not_regular", f"“{shown}”不是普通文件（设备、管道或套接字），不收录 / {shown!r} is "
                                 "not a regular file (a device, pipe or socket); not taken in")
    if problem is not None:
        return DiscEntry(shown, None, problem)
    return DiscEntry(shown, st.st_size, opener=_file_opener(path, st.st_size, shown))


def _file_opener(path: Path, size: int, shown: str):
    @contextlib.contextmanager
    def opener() -> Iterator[BinaryIO]:
        # O_NOFOLLOW: a file swapped for a link after the walk is refused, not followed.
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError as e:
            raise IngestRejected("unreadable", f"“{shown}”无法读取（{e.strerror}） / {shown!r} cannot be read "
                                 f"({e.strerror})") from e
        with os.fdopen(fd, "rb", buffering=0) as f:
            yield _Exact(f, 0, size, shown)  # type: ignore[misc]
    return opener


def open_source(path: Path) -> DiscImage:
    """A path as given on the command line: an image (by content), a folder, or a single file."""
    if path.is_symlink():
        raise DiscUnreadable("symlink", f"“{path}”是符号链接；请给出它指向的文件或文件夹 / {path} is a symbolic link; "
                             "give the file or folder it points to")
    if path.is_dir():
        return open_folder(path)
    if is_disc_image(path):
        return open_iso(path)
    return open_files([path])


def is_disc_image(path: Path) -> bool:
    """An ISO/UDF image by its name (.iso/.img/.udf) or by a volume descriptor at sector 16."""
    if path.suffix.lower() in (".iso", ".img", ".udf", ".nrg", ".bin"):
        return True
    try:
        with open(path, "rb") as f:
            f.seek(16 * _BLOCK + 1)
            ident = f.read(5)
    except OSError:
        return False
    return ident in (b"CD001", b"BEA01", b"NSR02", b"NSR03")
