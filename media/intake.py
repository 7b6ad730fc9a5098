"""Media intake: discs, folders and files in; one catalogue entry per source, one result per file out.

For each source:
  1. open it without mounting (media.disc); an image that cannot be read at all is one rejected disc;
  2. write the disc's row and commit, so even a failed intake is in the catalogue;
  3. read the README/manifest files first (decoded as UTF-8, else GBK), for the case numbers and the
     long-term words the items' retention depends on;
  4. each media file: refused early when its name, type or size is wrong; else streamed once into the
     store's incoming area, hashed as it goes (a read that ends before the file's recorded size fails
     here); a SHA-256 already stored is a duplicate (a link from this disc, nothing else); else probed
     (ffprobe / EXIF: a file that is not what its bytes began to say is refused), named (vendor naming
     patterns), cross-checked, given its officer, retention and flags, and in one transaction its row
     is written and its bytes linked into the store write-once;
  5. the disc's manifest (every file: new, duplicate, rejected or skipped, with size and SHA-256) and
     its case links are written (by the numbers the disc names, else by officer and time: media.linking),
     each item is queued for the search index, and the intake is recorded in the access log.
One file's fault is that file's rejection (with a Chinese and English message) and the rest of the disc
goes on. Nothing is ever written by a name taken from the disc: bytes go to the store under their hash,
and rejected bytes to the quarantine under a safe name.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from classify.case_no import find_case_numbers
from context import AppContext
from earchive.errors import EarchiveError, IngestRejected
from ingest.quarantine import safe_name
from indexer.media_index import queue_media
from media.devices import officer_at
from media.linking import link_item
from media.disc import DiscEntry, DiscUnreadable, open_source
from media.exif import probe_photo
from media.models import Disc, DiscFile, MediaCaseLink, MediaItem
from media.names import NameReading, load_patterns, read_name
from media.probe import Probe, probe
from media.retention import decide_retention, long_term_words, rules_for_unit
from media.rules import MediaRules
from media.sniff import EXTENSIONS, HEAD_BYTES, Sniffed, sniff
from media.times import offset_minutes, to_utc
from records.models import utcnow
from store.objects import StagedOriginal, TooLarge

log = logging.getLogger(__name__)

_README = re.compile(r"(?i)^(readme|read_me|manifest|说明|光盘说明|刻录说明|目录|清单|文件清单)[^/]*\.(txt|csv|ini|xml|md)$")
_README_MAX = 1 << 20


@dataclass
class FileResult:
    path_on_disc: str
    status: str  # new | duplicate | rejected | skipped | readme
    size: int | None = None
    sha256: str | None = None
    item_id: int | None = None
    kind: str | None = None
    reason: str | None = None
    error: str | None = None
    flags: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class DiscResult:
    source: str
    status: str  # ok | partial | rejected
    disc_id: int | None = None
    kind: str | None = None
    label: str | None = None
    burned_at: str | None = None
    case_nos: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)
    error: str | None = None

    @property
    def rejected(self) -> bool:
        return self.status == "rejected" or any(f.status == "rejected" for f in self.files)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.status] = out.get(f.status, 0) + 1
        return out

    def to_json(self) -> dict:
        return asdict(self) | {"counts": self.counts()}


@dataclass
class _Disc:
    """What the whole disc says, for each of its items."""

    id: int
    unit_id: int | None
    rules: MediaRules
    case_nos: dict[str, str]  # canonical number -> where it was named (disc_label | manifest)
    texts: list[str]  # label and README text, for the long-term words


def ingest_media(ctx: AppContext, paths: Sequence[Path], *, unit_id: int | None = None,
                 created_by: str | None = None, access_log=None, actor=None,
                 on_file: Callable[[DiscResult, FileResult], None] | None = None) -> list[DiscResult]:
    """Take in every path (image, folder or file); each is one catalogue entry. See the module docstring."""
    return [_ingest_one(ctx, Path(p), unit_id, created_by, access_log, actor, on_file) for p in paths]


def _ingest_one(ctx: AppContext, path: Path, unit_id: int | None, created_by: str | None, access_log, actor,
                on_file: Callable[[DiscResult, FileResult], None] | None) -> DiscResult:
    result = DiscResult(source=str(path), status="ok")
    try:
        image = open_source(path)
    except DiscUnreadable as e:
        image = None
        result.status, result.error = "rejected", e.message
        result.problems.append({"code": e.reason, "message": e.message})
    with ctx.db.transaction() as s:
        disc = Disc(source_kind=image.kind if image else "unreadable", source_name=safe_name(path.name),
                    source_path=str(path.resolve()), volume_label=image.label if image else None,
                    burned_at=to_utc(image.burned_at) if image else None, unit_id=unit_id,
                    status="processing" if image else "rejected", problems=list(result.problems),
                    created_by=created_by)
        s.add(disc)
        s.flush()
        result.disc_id = disc.id
        rules = rules_for_unit(s, unit_id)
    if image is None:
        _finish_disc(ctx, result, None, access_log, actor)
        return result
    result.kind, result.label = image.kind, image.label
    result.burned_at = image.burned_at.isoformat() if image.burned_at else None
    result.problems.extend(image.problems)
    entries = list(image.entries)  # directory records only; bytes are read one file at a time below
    readmes = [e for e in entries if e.problem is None and _README.match(e.name)]
    texts = [image.label or ""]
    for entry in readmes:
        texts.append(_take_readme(ctx, entry, result, on_file))
    named = {n: "disc_label" for n in _case_numbers(image.label or "")}
    for text in texts[1:]:
        named.update({n: "manifest" for n in _case_numbers(text) if n not in named})
    result.case_nos = sorted(named)
    disc_ctx = _Disc(result.disc_id, unit_id, rules, named, texts)
    with ctx.db.transaction() as s:
        d = s.get(Disc, result.disc_id)
        d.readme = "\n".join(f"== {e.path} ==\n{t}" for e, t in zip(readmes, texts[1:])) or None
        d.case_nos = result.case_nos
    vendors = load_patterns(ctx.settings.media_patterns_dir)
    taken = {id(e) for e in readmes}
    for entry in entries:
        if id(entry) in taken:
            continue
        try:
            fr = _take_file(ctx, disc_ctx, entry, vendors)
        except Exception as e:  # noqa: BLE001 - one file's fault is that file's rejection; the disc goes on
            log.exception("media intake of %s failed unexpectedly", entry.path)
            message = e.message if isinstance(e, EarchiveError) else f"{type(e).__name__}: {e}"
            fr = FileResult(entry.path, "rejected", entry.size, reason="internal_error",
                            error=f"处理此文件时发生意外错误，其余文件继续导入；请将此信息告知系统管理员 / an unexpected "
                                  f"error stopped this file; the rest of the disc went on ({message})")
        result.files.append(fr)
        if on_file:
            on_file(result, fr)
    if any(f.status == "rejected" for f in result.files) or result.problems:
        result.status = "partial"
    _finish_disc(ctx, result, disc_ctx, access_log, actor)
    return result


def _case_numbers(text: str) -> list[str]:
    return sorted({n.canonical for n in find_case_numbers(text) if n.confidence >= 0.8})


def _take_readme(ctx: AppContext, entry: DiscEntry, result: DiscResult,
                 on_file: Callable[[DiscResult, FileResult], None] | None) -> str:
    """A README or manifest: kept byte-exact in the store, read as UTF-8, else GBK (GB 18030)."""
    try:
        if (entry.size or 0) > _README_MAX:
            raise IngestRejected("too_large", f"说明文件超过 {_README_MAX // 1024} KB，未读取 / the README is over "
                                 f"{_README_MAX // 1024} KB; not read")
        with entry.open() as f:
            data = f.read(_README_MAX + 1)
        with ctx.store.stage_stream(io.BytesIO(data)) as staged:
            staged.keep()
        fr = FileResult(entry.path, "readme", len(data), staged.sha256)
        text = decode_text(data)
    except IngestRejected as e:
        fr, text = FileResult(entry.path, "rejected", entry.size, reason=e.reason, error=e.message), ""
    result.files.append(fr)
    if on_file:
        on_file(result, fr)
    return text


def decode_text(data: bytes) -> str:
    """A text file from a disc: UTF-8 (with or without BOM), UTF-16 with BOM, else GBK as GB 18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


class _Prefixed(io.RawIOBase):
    """The bytes already read for sniffing, then the rest of the stream."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            out, self._head = self._head, b""
            return out
        return self._rest.read(size)


def _take_file(ctx: AppContext, disc: _Disc, entry: DiscEntry, vendors) -> FileResult:
    ext = Path(entry.name).suffix.lower()
    if entry.problem is not None:
        return FileResult(entry.path, "rejected", entry.size, reason=entry.problem.reason, error=entry.problem.message)
    if ext not in EXTENSIONS:
        return FileResult(entry.path, "skipped", entry.size, reason="not_media",
                          error=f"不是音像文件（{ext or '无扩展名'}），未收录 / not an audio-visual file ({ext or 'no extension'}); "
                                "not taken in")
    limit = ctx.settings.media_max_file_bytes
    if entry.size == 0:
        return FileResult(entry.path, "rejected", 0, reason="empty", error="文件为空（0 字节），刻录或拷贝未完成 / the file "
                          "is empty (0 bytes): the burn or copy did not finish")
    if entry.size is not None and entry.size > limit:
        return _too_large(entry.path, entry.size, limit)
    try:
        with entry.open() as stream:
            head = stream.read(HEAD_BYTES)
            try:
                sniffed: Sniffed | IngestRejected = sniff(ext, head)
            except IngestRejected as e:
                sniffed = e
            staged = ctx.store.stage_stream(_Prefixed(head, stream), max_bytes=limit)  # type: ignore[arg-type]
    except TooLarge as e:
        return _too_large(entry.path, int(str(e.args[0])), limit)
    except IngestRejected as e:  # truncated, unreadable
        return FileResult(entry.path, "rejected", entry.size, reason=e.reason, error=e.message)
    with staged:
        if isinstance(sniffed, IngestRejected):
            return _rejected(ctx, entry, staged, sniffed)
        if entry.size is not None and staged.size != entry.size:  # the readers check this; a last guard
            return _rejected(ctx, entry, staged, IngestRejected("truncated", f"读到 {staged.size} 字节，应为 {entry.size} "
                             f"字节 / read {staged.size} of {entry.size} bytes"))
        duplicate = _duplicate(ctx, disc, entry, staged)
        if duplicate is not None:
            return duplicate
        try:
            info = probe_photo(staged.path, sniffed.container) if sniffed.kind == "photo" else probe(staged.path, sniffed.container)
            kind = _kind(sniffed, info)
        except IngestRejected as e:
            return _rejected(ctx, entry, staged, e)
        return _store_item(ctx, disc, entry, staged, sniffed, kind, info, vendors)


def _too_large(path: str, size: int, limit: int) -> FileResult:
    return FileResult(path, "rejected", size, reason="too_large",
                      error=f"文件 {size / 2**30:.1f} GB，超过上限 {limit / 2**30:.1f} GB（EARCHIVE_MEDIA_MAX_FILE_BYTES），"
                            f"未收录 / the file is {size / 2**30:.1f} GB, over the limit of {limit / 2**30:.1f} GB; "
                            "not taken in")


def _kind(sniffed: Sniffed, info: Probe) -> str:
    if sniffed.kind == "photo":
        return "photo"
    if info.has_video:
        return "video"
    if info.has_audio:
        return "audio"
    raise IngestRejected("wrong_type", "文件中没有音频或视频流 / the file holds no audio or video stream")


def _duplicate(ctx: AppContext, disc: _Disc, entry: DiscEntry, staged: StagedOriginal) -> FileResult | None:
    with ctx.db.transaction() as s:
        item = s.scalar(select(MediaItem).where(MediaItem.sha256 == staged.sha256))
        if item is None:
            return None
        s.add(DiscFile(disc_id=disc.id, item_id=item.id, path_on_disc=entry.path, status="duplicate"))
        s.flush()
        named = sorted(set(item.named_case_nos or []) | set(_item_case_nos(disc, entry.path)))
        if named != sorted(item.named_case_nos or []):
            item.named_case_nos = named  # this disc names a case the first did not: linked below
        link_item(s, item)
        queue_media(s, [item.id])  # the new disc's label is searched too
        return FileResult(entry.path, "duplicate", staged.size, staged.sha256, item.id, item.kind)


def _rejected(ctx: AppContext, entry: DiscEntry, staged: StagedOriginal, e: IngestRejected) -> FileResult:
    where = _quarantine(ctx, entry, staged, e)
    return FileResult(entry.path, "rejected", staged.size, staged.sha256, reason=e.reason,
                      error=f"{e.message}（已隔离：{where}）")


def _quarantine(ctx: AppContext, entry: DiscEntry, staged: StagedOriginal, e: IngestRejected) -> str:
    """Rejected bytes are kept for examination under a safe name, with the reason beside them."""
    day = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d")
    dest = ctx.settings.quarantine_dir / day / f"{uuid.uuid4().hex[:12]}-media"
    dest.mkdir(parents=True)
    name = safe_name(entry.name, 120)
    shutil.move(staged.path, dest / name)
    record = {"source": entry.path, "reason": e.reason, "message": e.message, "files": [name],
              "sha256": staged.sha256, "quarantined_at": dt.datetime.now(dt.timezone.utc).isoformat()}
    (dest / "reason.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return dest.name


def _item_case_nos(disc: _Disc, path_on_disc: str) -> dict[str, str]:
    folders = path_on_disc.rsplit("/", 1)[0] if "/" in path_on_disc else ""
    named = dict(disc.case_nos)
    for n in _case_numbers(folders.replace("/", "\n")):
        named.setdefault(n, "folder")
    return named


def _store_item(ctx: AppContext, disc: _Disc, entry: DiscEntry, staged: StagedOriginal, sniffed: Sniffed,
                kind: str, info: Probe, vendors) -> FileResult:
    rules = disc.rules
    name = read_name(entry.path, vendors, rules.timezone)
    stored_at = utcnow()
    case_nos = _item_case_nos(disc, entry.path)
    words = long_term_words(rules, *disc.texts, entry.path)
    with ctx.db.transaction() as s:
        when, when_source, flags = _recording_time(name, info, rules, stored_at)
        officer, officer_source, officer_flags = _officer(s, name, when)
        flags += officer_flags
        tz = rules.timezone
        if name and name.recorded_at and name.recorded_at.tzinfo:
            tz = name.recorded_at.tzinfo  # type: ignore[assignment]
        local_day = (when or stored_at).astimezone(tz).date()
        retention = decide_retention(rules, local_day, sorted(case_nos), words)
        item = MediaItem(sha256=staged.sha256, kind=kind, container=_container(sniffed, info),
                         size_bytes=staged.size, source_name=entry.name, path_on_disc=entry.path, disc_id=disc.id,
                         device_no=name.device_no if name else None, officer_no=officer, officer_source=officer_source,
                         recorded_at=to_utc(when), recorded_at_source=when_source,
                         utc_offset_min=offset_minutes(tz), embedded_time=to_utc(info.embedded_time, tz),
                         naming_pattern=name.pattern if name else None, duration_s=info.duration_s,
                         codecs=info.codecs, width=info.width, height=info.height,
                         probe={"format": info.format_name, **info.extra}, flags=flags,
                         named_case_nos=sorted(case_nos), retention_class=retention.retention_class,
                         retention_basis=retention.basis[:200], dispose_after=retention.dispose_after,
                         unit_id=disc.unit_id, stored_at=stored_at)
        s.add(item)
        try:
            s.flush()
        except IntegrityError:  # another process stored the same bytes a moment ago
            s.rollback()
            return _duplicate(ctx, disc, entry, staged) or FileResult(entry.path, "duplicate", staged.size, staged.sha256)
        s.add(DiscFile(disc_id=disc.id, item_id=item.id, path_on_disc=entry.path, status="new"))
        _link_cases(s, item, case_nos, created_by=None)
        link_item(s, item)  # by officer and time where no number named a case (media.linking)
        queue_media(s, [item.id])
        # The row is flushed first, the bytes linked in next, the transaction committed last: a failure
        # before the link leaves nothing; a crash after it leaves an original that a re-run finds and verifies.
        staged.keep()
        item_id = item.id
    return FileResult(entry.path, "new", staged.size, staged.sha256, item_id, kind, flags=flags)


def _container(sniffed: Sniffed, info: Probe) -> str:
    if sniffed.container == "mp4" and sniffed.extension == ".mov":
        return "mov"
    return sniffed.container


def _recording_time(name: NameReading | None, info: Probe, rules: MediaRules,
                    stored_at: dt.datetime) -> tuple[dt.datetime | None, str | None, list[dict]]:
    """The recording time (the name's, else the embedded one) and the flags of their cross-check."""
    flags: list[dict] = []
    named = name.recorded_at if name else None
    embedded = info.embedded_time
    local_tz = named.tzinfo if named else rules.timezone
    if embedded is not None and embedded.tzinfo is None:
        embedded = embedded.replace(tzinfo=local_tz)  # EXIF without an offset: the camera's local time
    if named is not None and embedded is not None:
        diff = (embedded - named).total_seconds()
        tolerance = rules.time_check.tolerance_s
        if abs(diff) > tolerance:
            offset = named.utcoffset().total_seconds()  # type: ignore[union-attr]
            shown_named, shown_embedded = named.isoformat(), embedded.astimezone(named.tzinfo).isoformat()
            if offset and abs(diff - offset) <= tolerance:
                flags.append({"code": "embedded_time_local_as_utc", "seconds": diff,
                              "message": f"文件内嵌时间 {shown_embedded} 与文件名时间 {shown_named} 相差正好一个时区偏移："
                                         "记录仪把本地时间当作 UTC 写入，请校正记录仪的时区设置 / the embedded time is the "
                                         "name's local time written as UTC: set the camera's time zone"})
            else:
                flags.append({"code": "time_mismatch", "seconds": diff,
                              "message": f"文件内嵌时间 {shown_embedded} 与文件名时间 {shown_named} 相差 {abs(diff):.0f} 秒，"
                                         f"超过允许的 {tolerance} 秒，请核对记录仪时钟 / the embedded time differs from "
                                         f"the name's by {abs(diff):.0f} s (over {tolerance} s): check the camera clock"})
    when, source = (named, "name") if named is not None else (embedded, "embedded") if embedded is not None else (None, None)
    if when is None:
        flags.append({"code": "no_recording_time", "message": "文件名与文件内均无录制时间，无法核对存储时限 / neither the "
                      "name nor the file gives a recording time: the storage deadline cannot be checked"})
    elif stored_at - when > dt.timedelta(hours=rules.av_storage_hours):
        hours = (stored_at - when).total_seconds() / 3600
        flags.append({"code": "stored_late", "hours": round(hours, 1),
                      "message": f"录制后 {hours:.0f} 小时才存储，超过 {rules.av_storage_hours} 小时时限"
                                 f"（{rules.av_storage_cite}） / stored {hours:.0f} h after recording, over the "
                                 f"{rules.av_storage_hours} h deadline"})
    elif when - stored_at > dt.timedelta(seconds=rules.time_check.tolerance_s):
        flags.append({"code": "recorded_in_future", "message": f"录制时间 {when.isoformat()} 晚于存储时间，记录仪时钟可能有误 / "
                      "the recording time is after the time it was stored: the camera clock is probably wrong"})
    return when, source, flags


def _officer(s: Session, name: NameReading | None, when: dt.datetime | None) -> tuple[str | None, str | None, list[dict]]:
    """The officer: from the name, else from the registry by device and time; both disagreeing is flagged."""
    named = name.officer_no if name else None
    registered = officer_at(s, name.device_no, when) if name and name.device_no and when else None
    flags = []
    if named and registered and named != registered:
        flags.append({"code": "officer_not_issued_device", "message": f"文件名中的执法人员 {named} 与设备登记中此时持有 "
                      f"{name.device_no} 的 {registered} 不一致 / the officer in the name is not the one the registry "  # type: ignore[union-attr]
                      "says held the device then"})
    if named:
        return named, "name", flags
    if registered:
        return registered, "registry", flags
    flags.append({"code": "no_officer", "message": "无法确定执法人员：文件名中没有，设备登记中也查不到 / no officer: "
                  "the name gives none and the device registry has no issue covering the recording time"})
    return None, None, flags


def _link_cases(s: Session, item: MediaItem, case_nos: dict[str, str], created_by: str | None) -> None:
    """Link the item to each case whose number the disc, its README or the item's folders name (§3)."""
    from casefiles.numbers import find_cases

    have = set(s.scalars(select(MediaCaseLink.case_id).where(MediaCaseLink.item_id == item.id)))
    for number, how in sorted(case_nos.items()):
        for case in find_cases(s, number, item.unit_id):
            if case.id not in have:
                s.add(MediaCaseLink(item_id=item.id, case_id=case.id, how=how, evidence=number, created_by=created_by))
                have.add(case.id)


def _finish_disc(ctx: AppContext, result: DiscResult, disc: _Disc | None, access_log, actor) -> None:
    with ctx.db.transaction() as s:
        row = s.get(Disc, result.disc_id)
        row.manifest = [{k: v for k, v in f.to_json().items() if k != "flags"} for f in result.files]
        row.problems = result.problems
        row.status = result.status
        if access_log is not None:
            from access_control.audit import Event

            access_log.record(s, actor, Event("ingest", outcome="failed" if result.status == "rejected" else "allowed",
                                              record_kind="media_disc", record_id=row.id,
                                              detail={"source": row.source_name, "label": row.volume_label,
                                                      "counts": result.counts(), "case_nos": result.case_nos}))
    if access_log is not None:
        access_log.committed()
