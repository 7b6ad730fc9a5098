"""The access log (调阅登记): append-only, hash-chained entries, signed checkpoints, verification.

Each entry records who (account, role, unit), on whose approval (slip number)
and for what purpose, when (UTC), what (record id and content hash) and from
where (002 记录办法:27). Entry n stores

    hash_n = H(prev_hash + "\\n" + canonical JSON of every other column), prev_hash = hash_{n-1}

with H = SHA-256 or SM3 (settings.audit_hash; each entry names its own).
Appends lock the one-row head table first, so entries are numbered in
commit order on SQLite and PostgreSQL alike, across processes.

Checkpoints: `write_checkpoint` signs (seq, hash) of the head with Ed25519 and
writes it, write-once, to <audit_dir>/checkpoints/<seq>.json. The private key
is settings.audit_key_path (generated once, mode 0600); its public half is
copied to <audit_dir>/signing_key.pub for auditors, who should keep their own
copy and pass it to `earchive audit verify --public-key`. A chain rewritten
from some entry on (every hash recomputed, head updated) passes the chain
checks but not a checkpoint signed before the rewrite.
"""
from __future__ import annotations

import datetime as dt
import getpass
import functools
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from access_control.models import AccessLogHead, AccessLogRecord
from earchive.errors import ConfigError, EarchiveError, ExitCode
from earchive.settings import Settings
from records.models import utcnow

log = logging.getLogger(__name__)

GENESIS = "0" * 64
# SM3 (GB/T 32905-2016) comes from OpenSSL, which has had it since 1.1.1; 11x faster than pure Python.
HASHES: dict[str, Callable[..., Any]] = {"sha256": hashlib.sha256, "sm3": functools.partial(hashlib.new, "sm3")}

# The columns an entry's hash covers, in the order they are listed in exports.
PAYLOAD_FIELDS = ("seq", "at", "user_id", "username", "role", "unit_id", "action", "outcome", "slip_no",
                  "purpose", "record_kind", "record_id", "case_id", "content_hash", "address", "detail",
                  "algorithm")

ACTIONS = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出",
    "search": "检索",
    "view": "调阅",
    "play": "播放",
    "download": "下载",
    "print": "打印",
    "copy": "复制",
    "export": "导出",
    "slip_create": "提交调用单",
    "slip_decide": "审批调用单",
    "permission_change": "权限变更",
    "audit_view": "查阅访问日志",
    "case_merge": "合并案件",
    "case_merge_confirm": "确认合并案件",
    "case_unmerge": "撤销合并案件",
    "ingest": "上传扫描件",
    "review": "审核著录",
    "archive": "立卷归档",
    "redaction": "遮盖方案",
}


class AccessLogUnavailable(EarchiveError):
    """The access log could not be written, so the action it would record is refused."""

    exit_code = ExitCode.unavailable
    http_status = 503


@dataclass(frozen=True)
class Actor:
    """Who does something: an account, or the operator at the command line (user_id None)."""

    user_id: int | None
    username: str
    role: str | None = None
    unit_id: int | None = None
    address: str | None = None

    @classmethod
    def operator(cls) -> Actor:
        try:
            name = getpass.getuser()  # the login name, from the environment or the password database
        except (KeyError, OSError):
            name = str(os.getuid())
        return cls(None, f"cli:{name}"[:64], "operator", None, "localhost")


@dataclass(frozen=True)
class Event:
    action: str
    outcome: str = "allowed"  # allowed | denied | failed
    slip_no: str | None = None
    purpose: str | None = None
    record_kind: str | None = None
    record_id: int | None = None
    case_id: int | None = None
    content_hash: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def _utc_text(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_payload(entry: Any) -> bytes:
    """The bytes an entry's hash covers: every column but id, prev_hash and hash, as sorted JSON."""
    data = {name: getattr(entry, name) for name in PAYLOAD_FIELDS}
    data["at"] = _utc_text(data["at"])
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(entry: Any) -> str:
    """hash_n of `entry` (anything with the entry's columns as attributes)."""
    h = HASHES[entry.algorithm]()
    h.update(entry.prev_hash.encode("ascii") + b"\n" + canonical_payload(entry))
    return h.hexdigest()


_HEAD = AccessLogHead.__table__
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values(seq=_HEAD.c.seq + 1).returning(_HEAD.c.seq, _HEAD.c.hash)
_SET_HEAD_HASH = update(_HEAD).where(_HEAD.c.id == 1).values(hash=bindparam("new_hash"))
_INSERT_ENTRY = AccessLogRecord.__table__.insert()
_ENTRY_COLUMNS = (*PAYLOAD_FIELDS, "prev_hash", "hash")


def append(session: Session, actor: Actor, event: Event, algorithm: str = "sha256") -> AccessLogRecord:
    """Add one entry inside `session`'s transaction; the caller commits, and acts only after that.

    The entry returned is not attached to the session: the row is written directly.

    Raises AccessLogUnavailable when the log cannot be written.
    """
    if algorithm not in HASHES:
        raise ConfigError(f"unknown audit hash {algorithm!r}; choose one of {', '.join(HASHES)}")
    detail = json.loads(json.dumps(event.detail, ensure_ascii=False, default=str))  # before the lock
    try:
        session.flush()  # the request's own pending changes first, as before its entry
        # Taking the head row's lock first serialises appends (and avoids SQLite lock upgrades). From here
        # to the commit every other writer waits, so this part is short: the head is moved and read in one
        # statement (RETURNING: SQLite >= 3.35, PostgreSQL), and the entry and the head are written as plain
        # statements, not through the ORM's unit of work.
        head = session.execute(_MOVE_HEAD).one_or_none()
        if head is None:
            raise AccessLogUnavailable("访问日志链头缺失，请运行数据库迁移（earchive init）")
        seq, prev_hash = head
        entry = AccessLogRecord(
            seq=seq, at=utcnow(), user_id=actor.user_id, username=actor.username, role=actor.role,
            unit_id=actor.unit_id, action=event.action, outcome=event.outcome, slip_no=event.slip_no,
            purpose=event.purpose, record_kind=event.record_kind, record_id=event.record_id,
            case_id=event.case_id, content_hash=event.content_hash, address=actor.address,
            detail=detail,
            algorithm=algorithm, prev_hash=prev_hash)
        entry.hash = entry_hash(entry)
        session.execute(_INSERT_ENTRY, {name: getattr(entry, name) for name in _ENTRY_COLUMNS})
        session.execute(_SET_HEAD_HASH, {"new_hash": entry.hash})
    except SQLAlchemyError as e:
        raise AccessLogUnavailable("访问日志无法写入，操作已拒绝；请联系系统管理员") from e
    return entry


@dataclass
class AccessLog:
    """The access log as configured: which hash to chain with, how often to checkpoint.

    Call `committed()` after committing the session that recorded entries:
    every audit_checkpoint_every entries, the head is signed.
    """

    settings: Settings
    recorded: list[AccessLogRecord] = field(default_factory=list)

    def record(self, session: Session, actor: Actor, event: Event) -> AccessLogRecord:
        entry = append(session, actor, event, self.settings.audit_hash)
        self.recorded.append(entry)
        return entry

    def committed(self) -> None:
        entries, self.recorded = self.recorded, []
        for entry in entries:
            if entry.seq % self.settings.audit_checkpoint_every == 0:
                try:
                    write_checkpoint(self.settings, entry.seq, entry.hash, entry.algorithm)
                except OSError as e:  # the entry is safe; the next checkpoint covers it
                    log.error("access log checkpoint at entry %d not written: %s", entry.seq, e)


# -- signing keys and checkpoints -----------------------------------------------------------

def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)  # another process may have made the key first; theirs wins
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The checkpoint signing key, generated on first use; its public half goes to <audit_dir>."""
    path = settings.audit_key_path
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        _write_private(path, pem)
    if path.stat().st_mode & 0o077:
        log.warning("%s is readable by other users; run: chmod 600 %s", path, path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except ValueError as e:
        raise ConfigError(f"{path} holds no usable Ed25519 key: {e}") from e
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{path} is not an Ed25519 private key")
    public = public_key_pem(key.public_key())
    pub_path = settings.audit_dir / "signing_key.pub"
    if not pub_path.exists() or pub_path.read_bytes() != public:
        pub_path.parent.mkdir(parents=True, exist_ok=True)
        pub_path.write_bytes(public)
    return key


def public_key_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as e:
        raise ConfigError(f"cannot read the public key {path}: {e}") from e
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigError(f"{path} is not an Ed25519 public key")
    return key


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    algorithm: str
    signed_at: str
    signature: str  # hex, over canonical JSON of the other fields
    path: Path | None = None

    def signed_bytes(self) -> bytes:
        data = {"seq": self.seq, "hash": self.hash, "algorithm": self.algorithm, "signed_at": self.signed_at}
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("ascii")


def checkpoint_dir(settings: Settings) -> Path:
    return settings.audit_dir / "checkpoints"


def write_checkpoint(settings: Settings, seq: int, hash_: str, algorithm: str) -> Checkpoint:
    """Sign (seq, hash) and write it once to <audit_dir>/checkpoints/<seq>.json."""
    key = signing_key(settings)
    unsigned = Checkpoint(seq, hash_, algorithm, _utc_text(utcnow()), "")
    cp = Checkpoint(seq, hash_, algorithm, unsigned.signed_at, key.sign(unsigned.signed_bytes()).hex())
    folder = checkpoint_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{seq:012d}.json"
    body = json.dumps({"seq": cp.seq, "hash": cp.hash, "algorithm": cp.algorithm, "signed_at": cp.signed_at,
                       "signature": cp.signature}, indent=1).encode("ascii")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o444)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return read_checkpoint(path)
    finally:
        os.unlink(tmp)
    log.info("access log checkpoint at entry %d", seq)
    return Checkpoint(cp.seq, cp.hash, cp.algorithm, cp.signed_at, cp.signature, path)


def checkpoint_head(session: Session, settings: Settings) -> Checkpoint | None:
    """A checkpoint of the committed head (None while the log is empty)."""
    seq, hash_ = session.execute(select(AccessLogHead.seq, AccessLogHead.hash).where(AccessLogHead.id == 1)).one()
    if seq == 0:
        return None
    algorithm = session.scalar(select(AccessLogRecord.algorithm).where(AccessLogRecord.seq == seq)) or "sha256"
    return write_checkpoint(settings, seq, hash_, algorithm)


def read_checkpoint(path: Path) -> Checkpoint:
    data = json.loads(path.read_text(encoding="ascii"))
    return Checkpoint(int(data["seq"]), str(data["hash"]), str(data["algorithm"]), str(data["signed_at"]),
                      str(data["signature"]), path)


def read_checkpoints(settings: Settings) -> list[Checkpoint]:
    folder = checkpoint_dir(settings)
    return sorted((read_checkpoint(p) for p in folder.glob("*.json")), key=lambda c: c.seq) \
        if folder.is_dir() else []


# -- verification ---------------------------------------------------------------------------

@dataclass
class VerifyReport:
    entries: int = 0
    head_seq: int = 0
    checkpoints: int = 0
    first_bad_seq: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    def fail(self, seq: int | None, problem: str) -> VerifyReport:
        self.first_bad_seq, self.problem = seq, problem
        return self


_ROW = select(*(getattr(AccessLogRecord, c) for c in (*PAYLOAD_FIELDS, "prev_hash", "hash")))


def verify(session: Session, checkpoints: list[Checkpoint] = (), public_key: Ed25519PublicKey | None = None,
           batch: int = 2000) -> VerifyReport:
    """Walk the whole chain in seq order; stop at the first altered, missing, inserted or reordered entry.

    Checks, per entry: numbering without gaps from 1, the link to the entry
    before, the entry's own hash; then the head row; then each checkpoint's
    signature and that the entry it names still has the hash it signed.
    """
    report = VerifyReport(checkpoints=len(checkpoints))
    for cp in checkpoints:
        if public_key is None:
            return report.fail(cp.seq, f"无法核验检查点 {cp.seq}：没有公钥")
        try:
            public_key.verify(bytes.fromhex(cp.signature), cp.signed_bytes())
        except (InvalidSignature, ValueError):
            return report.fail(cp.seq, f"检查点 {cp.seq} 的签名无效（检查点文件被改动或换了密钥）")
    signed = {cp.seq: cp for cp in checkpoints}
    expected, prev = 1, GENESIS
    for row in session.execute(_ROW.order_by(AccessLogRecord.seq)).yield_per(batch):
        if row.seq != expected:
            return report.fail(expected, f"第 {expected} 条记录缺失（被删除或编号被改动）")
        if row.algorithm not in HASHES:
            return report.fail(row.seq, f"第 {row.seq} 条记录的哈希算法“{row.algorithm}”无法识别（记录被修改）")
        if row.prev_hash != prev:
            return report.fail(row.seq, f"第 {row.seq} 条记录与前一条的链接不符（记录被插入、删除或调换）")
        if entry_hash(row) != row.hash:
            return report.fail(row.seq, f"第 {row.seq} 条记录的内容与其哈希不符（记录被修改）")
        cp = signed.get(row.seq)
        if cp is not None and cp.hash != row.hash:
            return report.fail(row.seq, f"第 {row.seq} 条记录与签名检查点不符（日志自此处起被重写）")
        prev, expected = row.hash, expected + 1
        report.entries += 1
    last = expected - 1
    head_seq, head_hash = session.execute(select(AccessLogHead.seq, AccessLogHead.hash)
                                          .where(AccessLogHead.id == 1)).one()
    report.head_seq = head_seq
    if head_seq > last:
        return report.fail(last + 1, f"第 {last + 1} 条及以后的记录缺失（末尾被删除）")
    if head_seq != last or head_hash != prev:
        return report.fail(last, f"链头（第 {head_seq} 条）与日志末尾（第 {last} 条）不符（日志被改动）")
    beyond = [cp.seq for cp in checkpoints if cp.seq > last]
    if beyond:
        return report.fail(last + 1, f"签名检查点记到第 {beyond[-1]} 条，日志只有 {last} 条（末尾被删除）")
    return report
