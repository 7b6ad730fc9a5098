"""Content-addressed, write-once file store.

Layout under the store root:
  originals/ab/abcdef…            the original bytes, read-only, never replaced or deleted
  originals/.incoming/stream-…    a stream being copied in (stage_stream), not yet an original
  derived/ab/abcdef…/document.pdf PDF/A and page artefacts, rebuildable from the original

Writes go to a temporary file in the same directory, are fsynced, then
linked into place; `os.link` fails if the name exists, so two writers can
never replace each other's bytes (REQUIREMENTS §5: records may not be
altered or deleted — 000:29, 002(记录):28).
"""
from __future__ import annotations

import hashlib
import os
import queue
import shutil
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO

from earchive.errors import StoreIntegrityError

_CHUNK = 1 << 20
_STREAM_CHUNK = 4 << 20  # reads of a stream: fewer calls per GB; hashlib and file writes release the GIL


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ObjectStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    # -- originals ---------------------------------------------------------
    def original_path(self, sha256: str) -> Path:
        return self.root / "originals" / sha256[:2] / sha256

    def has_original(self, sha256: str) -> bool:
        return self.original_path(sha256).is_file()

    def put_original(self, src: Path, sha256: str) -> Path:
        """Copy `src` in as the original for `sha256`; an existing copy is verified, never replaced."""
        dest = self.original_path(sha256)
        if dest.exists():
            self.verify_original(sha256)
            return dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=".incoming-")
        tmp = Path(tmp_name)
        try:
            h = hashlib.sha256()
            with open(src, "rb") as fin, os.fdopen(fd, "wb") as fout:
                while chunk := fin.read(_CHUNK):
                    h.update(chunk)
                    fout.write(chunk)
                fout.flush()
                os.fsync(fout.fileno())
            if h.hexdigest() != sha256:
                raise StoreIntegrityError(
                    f"{src} changed while it was being stored (expected SHA-256 {sha256}); "
                    "make sure nothing writes to the file and ingest it again")
            os.chmod(tmp, 0o444)
            try:
                os.link(tmp, dest)
            except FileExistsError:
                self.verify_original(sha256)  # a concurrent writer got there first
            _fsync_dir(dest.parent)
        finally:
            tmp.unlink(missing_ok=True)
        return dest

    def stage_stream(self, stream: BinaryIO, *, max_bytes: int | None = None) -> StagedOriginal:
        """Copy `stream` into a temporary file inside the store, hashing as it goes; nothing is kept yet.

        The bytes are read once, in large pieces, never whole into memory; the hash of one piece runs
        while the previous piece is written. `max_bytes`: more than this is refused (TooLarge) as soon
        as it is read. The caller checks the staged file, then `keep()`s it or lets it go.
        """
        incoming = self.root / "originals" / ".incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=incoming, prefix="stream-")
        staged = StagedOriginal(self, Path(tmp_name))
        try:
            with os.fdopen(fd, "wb") as fout:
                staged.sha256, staged.size = _copy_hashing(stream, fout, max_bytes)
                fout.flush()
                os.fsync(fout.fileno())
        except BaseException:
            staged.discard()
            raise
        return staged

    def verify_original(self, sha256: str) -> None:
        path = self.original_path(sha256)
        actual = sha256_file(path)
        if actual != sha256:
            raise StoreIntegrityError(
                f"original {path} has SHA-256 {actual}, expected {sha256}: the stored file was "
                "altered outside earchive; restore it from backup")

    def iter_originals(self):
        base = self.root / "originals"
        if base.is_dir():
            for p in base.glob("??/*"):
                if not p.name.startswith("."):
                    yield p.name

    # -- derived artefacts -------------------------------------------------
    def derived_dir(self, sha256: str) -> Path:
        return self.root / "derived" / sha256[:2] / sha256

    def derived_path(self, sha256: str, name: str) -> Path:
        if "/" in name or name.startswith("."):
            raise ValueError(f"bad artefact name {name!r}")
        return self.derived_dir(sha256) / name

    def publish_derived(self, sha256: str, staging: Path) -> Path:
        """Atomically replace the derived artefacts of `sha256` with the folder `staging`, which is used up.

        Derived artefacts are rebuildable, so replacing them is allowed; the
        swap is a rename so readers see either the old set or the new one.
        Staging inside the store is renamed into place (page images and PDF/A
        run to tens of megabytes a page); from elsewhere it is copied.
        """
        dest = self.derived_dir(sha256)
        dest.parent.mkdir(parents=True, exist_ok=True)
        new = dest.parent / f".new-{sha256}-{os.getpid()}"
        old = dest.parent / f".old-{sha256}-{os.getpid()}"
        shutil.rmtree(new, ignore_errors=True)
        try:
            os.rename(staging, new)
        except OSError:  # another file system
            shutil.copytree(staging, new)
            shutil.rmtree(staging, ignore_errors=True)
        if dest.exists():
            os.rename(dest, old)
        os.rename(new, dest)
        shutil.rmtree(old, ignore_errors=True)
        _fsync_dir(dest.parent)
        return dest


class TooLarge(Exception):
    """A stream given to stage_stream ran past its max_bytes."""


def _copy_hashing(stream: BinaryIO, fout: BinaryIO, max_bytes: int | None) -> tuple[str, int]:
    """Write `stream` to `fout` and return its SHA-256 and size; the writes run on a second thread."""
    h = hashlib.sha256()
    pieces: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
    failed: list[BaseException] = []

    def write() -> None:
        while (piece := pieces.get()) is not None:
            if not failed:
                try:
                    fout.write(piece)
                except BaseException as e:  # noqa: BLE001 - handed to the reading thread below
                    failed.append(e)

    writer = threading.Thread(target=write, name="store-writer", daemon=True)
    writer.start()
    size = 0
    try:
        while not failed and (piece := stream.read(_STREAM_CHUNK)):
            size += len(piece)
            if max_bytes is not None and size > max_bytes:
                raise TooLarge(size)
            pieces.put(piece)
            h.update(piece)
    finally:
        pieces.put(None)
        writer.join()
    if failed:
        raise failed[0]
    return h.hexdigest(), size


class StagedOriginal:
    """A stream copied into the store but not yet kept: `keep()` links it in as an original, write-once."""

    def __init__(self, store: ObjectStore, path: Path):
        self.store, self.path = store, path
        self.sha256 = ""
        self.size = 0

    def keep(self) -> Path:
        """Link the bytes in under their SHA-256; an existing original is verified, never replaced."""
        dest = self.store.original_path(self.sha256)
        if dest.exists():
            self.store.verify_original(self.sha256)
            return dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.path, 0o444)
        try:
            os.link(self.path, dest)
        except FileExistsError:
            self.store.verify_original(self.sha256)  # a concurrent writer got there first
        _fsync_dir(dest.parent)
        return dest

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> StagedOriginal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.discard()  # kept or not, the temporary name goes; a kept original is its own link
