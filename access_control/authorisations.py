"""An agent's authorisation (授权委托书) on a retrieval slip: checked, held until the slip is decided, then kept or deleted.

The object store is write-once (000:29, 002 记录办法:28): what enters it is never
deleted. An applicant's upload is not yet a record of the agency, so it does not
enter the store on arrival. It waits in a pending area under the data dir
(`<data_dir>/pending/authorisations/<slip id>-<sha256>`) while its slip is pending,
where the head who decides can read it. When the slip is approved the
authorisation goes into the store beside the records it opened (002 记录办法:29:
the slip and its papers are kept); when the slip ends any other way (rejected,
or any state a slip may later gain, such as withdrawn) it is deleted.

Settling happens after the decision is committed (`settle`, `sweep`), so a
decision that fails to commit never loses or stores a file; a file whose slip
never committed is deleted by `sweep` once it is older than any request.

An upload is refused unless it is small (settings.authorisation_max_bytes) and,
by its first bytes, a PDF, JPEG or PNG; the name it came with is never trusted.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from access_control.models import RetrievalSlip
from earchive.errors import EarchiveError, ExitCode
from earchive.settings import Settings
from store import ObjectStore

log = logging.getLogger(__name__)

# What an authorisation may be, told by its first bytes.
ACCEPTED = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
# Files people often send instead, so the refusal can say what was sent and what to do.
_REFUSED_KINDS = [
    (b"PK\x03\x04", "Word 文档或压缩包", "请在 Word 中“另存为 PDF”，或打印签名后扫描成 PDF"),
    (b"\xd0\xcf\x11\xe0", "Word 或 Excel 文档", "请另存为 PDF，或打印签名后扫描成 PDF"),
    (b"GIF8", "GIF 图片", "请另存为 PNG 或 JPEG"),
    (b"BM", "BMP 图片", "请另存为 PNG 或 JPEG"),
    (b"II*\x00", "TIFF 图片", "请在扫描软件中改存为 PDF 或 JPEG"),
    (b"MM\x00*", "TIFF 图片", "请在扫描软件中改存为 PDF 或 JPEG"),
    (b"RIFF", "WebP 图片", "请另存为 PNG 或 JPEG"),
]
_HEIC_BRANDS = (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc")
_HEAD_BYTES = 16
_CHUNK = 1 << 20
# A file in the pending area that no committed slip names is deleted once older than any request could be.
ORPHAN_GRACE = dt.timedelta(hours=1)
_RECEIVING = ".receiving-"


class AuthorisationError(EarchiveError):
    """An uploaded authorisation is refused; the message says what is wrong and what to do, in Chinese."""

    exit_code = ExitCode.bad_args
    http_status = 400


def megabytes(n: int) -> str:
    return f"{n / 2**20:g} MB"


def kind_of(head: bytes) -> str | None:
    """The MIME type of an accepted authorisation from its first bytes, or None."""
    return next((mimetype for magic, mimetype in ACCEPTED.items() if head.startswith(magic)), None)


def _refusal_for(head: bytes) -> str:
    for magic, what, todo in _REFUSED_KINDS:
        if head.startswith(magic):
            return f"授权委托书须为 PDF、JPEG 或 PNG 文件，所传文件是{what}；{todo}后重新上传。"
    if head[4:12] in _HEIC_BRANDS:
        return ("授权委托书须为 PDF、JPEG 或 PNG 文件，所传文件是 HEIC 照片（苹果手机的默认格式）；"
                "请在手机上将照片导出为 JPEG（或把相机格式设为“兼容性最佳”后重拍）后重新上传。")
    return ("授权委托书须为 PDF、JPEG 或 PNG 文件，所传文件不是这三种格式（仅改文件扩展名无效）；"
            "请将签名的授权委托书扫描或拍照，存为 PDF、JPEG 或 PNG 后重新上传。")


@dataclass(frozen=True)
class Received:
    """An upload that passed the checks, in a temporary file of the pending area."""

    path: Path
    sha256: str
    name: str
    mimetype: str


class AuthorisationArea:
    """Where authorisations wait for their slip's decision, and the store they go to once it is approved."""

    def __init__(self, store: ObjectStore, pending_dir: Path, max_bytes: int):
        self.store = store
        self.pending_dir = Path(pending_dir)
        self.max_bytes = max_bytes

    @classmethod
    def for_settings(cls, settings: Settings, store: ObjectStore) -> AuthorisationArea:
        return cls(store, settings.data_dir / "pending" / "authorisations", settings.authorisation_max_bytes)

    # -- arrival -----------------------------------------------------------
    def receive(self, name: str, stream: BinaryIO) -> Received:
        """Copy the upload into a temporary file, refusing it past the size limit or when it is not a PDF,
        JPEG or PNG. The caller `hold`s it under its slip, or `discard`s it."""
        self.pending_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.pending_dir, prefix=_RECEIVING)
        tmp = Path(tmp_name)
        try:
            h, size, head = hashlib.sha256(), 0, b""
            with os.fdopen(fd, "wb") as f:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise AuthorisationError(
                            f"授权委托书不能超过 {megabytes(self.max_bytes)}，所传文件超过了这个上限；"
                            "请降低扫描分辨率（200 dpi 已足够）、改用灰度或黑白扫描，或压缩后重新上传。")
                    if len(head) < _HEAD_BYTES:
                        head += chunk[:_HEAD_BYTES - len(head)]
                    h.update(chunk)
                    f.write(chunk)
            if size == 0:
                raise AuthorisationError("所传授权委托书是空文件；请选择扫描好的 PDF、JPEG 或 PNG 文件后重新上传。")
            mimetype = kind_of(head)
            if mimetype is None:
                raise AuthorisationError(_refusal_for(head))
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return Received(tmp, h.hexdigest(), (name or "授权委托书")[:300], mimetype)

    def hold(self, received: Received, slip_id: int) -> Path:
        """Keep `received` as the authorisation of slip `slip_id` until the slip is decided."""
        dest = self._pending_path(slip_id, received.sha256)
        os.chmod(received.path, 0o440)
        os.replace(received.path, dest)
        return dest

    @staticmethod
    def discard(received: Received) -> None:
        received.path.unlink(missing_ok=True)

    # -- where it is -------------------------------------------------------
    def _pending_path(self, slip_id: int, sha256: str) -> Path:
        return self.pending_dir / f"{slip_id}-{sha256}"

    def location(self, slip: Any) -> Path | None:
        """The file of `slip`'s authorisation as the slip stands, or None (none given, or deleted with the slip)."""
        if not slip.authorisation_sha256 or slip.status not in ("pending", "approved"):
            return None
        held = self._pending_path(slip.id, slip.authorisation_sha256)
        if held.is_file():
            return held
        if slip.status == "approved" and self.store.has_original(slip.authorisation_sha256):
            return self.store.original_path(slip.authorisation_sha256)
        return None

    # -- after the decision ------------------------------------------------
    def settle(self, slip: Any) -> str | None:
        """Move a decided slip's authorisation: into the store when approved, deleted otherwise.

        Returns what was done ("stored", "deleted") or None (pending, or nothing to do). Call it after
        the decision is committed."""
        if not slip.authorisation_sha256 or slip.status == "pending":
            return None
        held = self._pending_path(slip.id, slip.authorisation_sha256)
        if not held.is_file():
            return None
        if slip.status == "approved":
            self.store.put_original(held, slip.authorisation_sha256)  # verifies the bytes against the hash
            held.unlink()
            log.info("authorisation of slip %d stored (%s)", slip.id, slip.authorisation_sha256)
            return "stored"
        held.unlink()
        log.info("authorisation of slip %d deleted: slip %s", slip.id, slip.status)
        return "deleted"

    def _held_files(self) -> Iterator[Path]:
        if self.pending_dir.is_dir():
            yield from (p for p in self.pending_dir.iterdir() if p.is_file())

    def sweep(self, session: Session, now: float | None = None) -> dict[str, int]:
        """Settle every held authorisation whose slip is decided; delete files no committed slip names
        (a request that failed after the upload) and unfinished uploads, once older than ORPHAN_GRACE."""
        now = time.time() if now is None else now
        done: dict[str, int] = {}
        for path in self._held_files():
            slip_id, _, sha256 = path.name.partition("-")
            slip = session.get(RetrievalSlip, int(slip_id)) if slip_id.isdigit() else None
            if slip is not None and slip.authorisation_sha256 == sha256:
                try:
                    outcome = self.settle(slip)
                except (OSError, EarchiveError):
                    log.exception("authorisation of slip %d could not be settled; the next sweep tries again",
                                  slip.id)
                    outcome = "failed"
            elif now - path.stat().st_mtime > ORPHAN_GRACE.total_seconds():
                path.unlink(missing_ok=True)
                log.info("deleted %s: no slip holds it", path.name)
                outcome = "orphan_deleted"
            else:
                outcome = None
            if outcome:
                done[outcome] = done.get(outcome, 0) + 1
        return done
