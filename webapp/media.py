"""Media items in the browser (#15 §6): the staff list with filters, an item's page with its metadata, poster
frame and keyframe strip, and a player that streams through HTTP range requests; the original for download.

Every route asks the policy about the item (access_control.policy.MediaRecord: its unit, its 密级, its
cases; an applicant only through an approved slip that names it) and writes the access log as
record_kind "media_item". A play is logged once, not once per range request: the item page hands the
player a signed play token, and the stream logs the first request that carries a token not logged yet
for this user and item; a request without a token (a player of one's own) is a new play when it asks
for the file from its first byte. Refusals are logged every time.

The stream is the original when it plays in a browser, else its web-playable proxy (media.playback),
made by `earchive worker` on the first visit to the page; the page says when it shows a proxy, with
the original's SHA-256. Bytes are sent by send_file(conditional=True): werkzeug answers Range with
206 and Content-Range from the open file, never reading it whole.
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, request, send_file, url_for
from flask_login import current_user
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.datastructures import Range
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.http import parse_range_header

from access_control.audit import Event
from access_control.models import AccessLogRecord, RetrievalSlip
from access_control.policy import Action, Decision, MediaRecord, decide
from access_control.roles import Role
from access_control.subjects import media_record
from casefiles.numbers import find_cases
from earchive.errors import NotFound
from media.models import MediaCaseLink, MediaItem
from media.playback import Playback, PlaybackError
from media.playback_tasks import enqueue_proxy
from media.queries import item_as_json
from media.times import from_db, offset_of
from records.models import Case
from webapp.access import audit, record_id, refuse, require, slip_purpose
from webapp.documents import attachment_disposition
from webapp.request_db import current_ctx, db_session

log = logging.getLogger(__name__)

bp = Blueprint("media", __name__, url_prefix="/media")

KIND_LABELS = {"video": "视频", "audio": "录音", "photo": "照片"}
RETENTION_LABELS = {"routine": "日常执法记录", "evidence": "证据（随案件保存）", "long_term": "长期保存"}
LIST_LIMIT = 200
PLAY_TOKEN_MAX_AGE_S = 12 * 3600  # a page left open longer starts a new play (logged) on its next request
_RECENT_PLAYS = 50  # the user's latest play entries for the item, searched for a token's first use
_PROXY_REQUEUE = dt.timedelta(minutes=10)


# -- the item and the decision ------------------------------------------------------------------------

def _item(item_id: int) -> MediaItem:
    item = db_session().get(MediaItem, item_id) if record_id(item_id) else None
    if item is None:
        raise NotFound("音像记录不存在")
    return item


def _case_id(record: MediaRecord, decision: Decision | None) -> int | None:
    """The case an entry is logged under: the slip's, else the item's first case."""
    if decision is not None and decision.slip_id is not None:
        return db_session().scalar(select(RetrievalSlip.case_id).where(RetrievalSlip.id == decision.slip_id))
    return min(record.case_ids) if record.case_ids else None


def item_for(action: Action, item_id: int, *, logged: bool = True,
             **detail: Any) -> tuple[MediaItem, MediaRecord, Decision]:
    """The item, if the current user may do `action` on it; a refusal is logged, an allowance when `logged`."""
    item = _item(item_id)
    record = media_record(db_session(), item)
    decision = decide(current_user, action, record)
    if not decision:
        # The policy's words are about documents (该文书…); the same rule, said of a recording.
        refuse(Event(str(action), record_kind="media_item", record_id=item.id, case_id=_case_id(record, None),
                     detail=detail), decision.reason.replace("文书", "音像记录"),
               decision.reason_for_log.replace("文书", "音像记录"))
    if logged:
        _log(action, item, record, decision, **detail)
    return item, record, decision


def _log(action: Action, item: MediaItem, record: MediaRecord, decision: Decision, **detail: Any) -> None:
    audit(Event(str(action), slip_no=decision.slip_no, purpose=slip_purpose(decision.slip_id),
                record_kind="media_item", record_id=item.id, case_id=_case_id(record, decision),
                content_hash=item.sha256, detail=detail))


def _applicant_view() -> bool:
    """An applicant sees no file or disc names: an archivist or camera may have put a person's name there."""
    return current_user.role == Role.applicant.value


# -- the list -----------------------------------------------------------------------------------------

def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


@bp.get("/")
def index():
    """Staff's list of the media they may see, by case number, device, officer and recording date."""
    require(Action.search)
    args = {k: request.args.get(k, "").strip()[:100] for k in ("case_no", "device", "officer", "since", "until")}
    session = db_session()
    query = select(MediaItem).order_by(MediaItem.recorded_at.desc(), MediaItem.id.desc())
    if args["case_no"]:
        case_ids = [c.id for c in find_cases(session, args["case_no"])]
        query = query.where(MediaItem.id.in_(select(MediaCaseLink.item_id)
                                             .where(MediaCaseLink.case_id.in_(case_ids))))
    if args["device"]:
        query = query.where(MediaItem.device_no == args["device"])
    if args["officer"]:
        query = query.where(MediaItem.officer_no == args["officer"])
    # Days are the agency's local days; China has one offset, +08:00, so the bounds are taken in it.
    local = offset_of(8 * 60)
    since, until = _day(args["since"]), _day(args["until"])
    if since:
        query = query.where(MediaItem.recorded_at >= dt.datetime.combine(since, dt.time(), local))
    if until:
        query = query.where(MediaItem.recorded_at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), local))
    items = session.scalars(query.limit(LIST_LIMIT * 5)).all()
    visible = [i for i in items if decide(current_user, Action.view, media_record(session, i))][:LIST_LIMIT]
    audit(Event("search", record_kind="media_item",
                detail={"filters": {k: v for k, v in args.items() if v}, "items": [i.id for i in visible]}))
    return render_template("media/index.html", items=visible, args=args, cases=_case_nos([i.id for i in visible]),
                           kinds=KIND_LABELS, bad_dates=[k for k in ("since", "until") if args[k] and not _day(args[k])],
                           limit=LIST_LIMIT, local_time=_local)


def _case_nos(item_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = {i: [] for i in item_ids}
    if item_ids:
        for item_id, case_id, case_no in db_session().execute(
                select(MediaCaseLink.item_id, Case.id, Case.case_no).join(Case, Case.id == MediaCaseLink.case_id)
                .where(MediaCaseLink.item_id.in_(item_ids)).order_by(Case.case_no)):
            out[item_id].append((case_id, case_no))
    return out


def case_media(case_id: int) -> list[MediaItem]:
    """The case's media items the current user may see (for the case page)."""
    session = db_session()
    items = session.scalars(select(MediaItem).join(MediaCaseLink, MediaCaseLink.item_id == MediaItem.id)
                            .where(MediaCaseLink.case_id == case_id).order_by(MediaItem.recorded_at, MediaItem.id))
    return [i for i in items if decide(current_user, Action.view, media_record(session, i))]


def _local(item: MediaItem, when: dt.datetime | None) -> str:
    """A time in the offset the item was recorded in, with the offset shown."""
    if when is None:
        return ""
    return from_db(when).astimezone(offset_of(item.utc_offset_min)).strftime("%Y-%m-%d %H:%M:%S %z")


# -- the item page --------------------------------------------------------------------------------------

def _play_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="earchive-media-play")


@bp.get("/<int:item_id>")
def show(item_id: int):
    item, record, decision = item_for(Action.view, item_id)
    session = db_session()
    playback = Playback.of(current_ctx().store, item)
    problem = None
    try:
        decided = playback.decision()
        stream = playback.stream()
    except PlaybackError as e:
        decided, stream, problem = None, None, e.message
    if decided is not None and stream is None:
        _ask_for_proxy(item, playback)
    play = Action.view if item.kind == "photo" else Action.play
    token = _play_serializer().dumps({"i": item.id, "u": current_user.id, "n": secrets.token_hex(8)})
    applicant = _applicant_view()
    cases = [(cid, no) for cid, no in _case_nos([item.id])[item.id]
             if not applicant or cid == _case_id(record, decision)]
    return render_template(
        "media/show.html", item=item, meta=None if applicant else item_as_json(session, item.id),
        applicant=applicant, cases=cases, decided=decided, stream=stream, problem=problem,
        proxy_error=playback.proxy_error(), may_play=bool(decide(current_user, play, record)),
        may_download=bool(decide(current_user, Action.download, record)),
        stream_url=url_for("media.stream", item_id=item.id, t=token),
        strip_times=playback.strip_times(), kinds=KIND_LABELS, retention=RETENTION_LABELS,
        local_time=_local, flag_text=_flag_text)


def _flag_text(flag: dict) -> str:
    message = str(flag.get("message") or flag.get("code") or "")
    return message.split(" / ", 1)[0]


def _ask_for_proxy(item: MediaItem, playback: Playback) -> None:
    """Queue the proxy for `earchive worker`, again only when an earlier request seems lost."""
    asked = playback.proxy_asked_at()
    if asked is not None and dt.datetime.now(dt.timezone.utc) - asked < _PROXY_REQUEUE:
        return
    playback.mark_proxy_asked()
    enqueue_proxy(current_ctx().settings, item.id)
    log.info("queued a web-playable proxy of media item %d", item.id)


@bp.get("/<int:item_id>/status")
def status(item_id: int):
    """Whether the proxy is ready (the page polls this while `earchive worker` makes it)."""
    item, _, _ = item_for(Action.view, item_id, logged=False)  # says nothing of the record's content
    playback = Playback.of(current_ctx().store, item)
    return jsonify({"ready": playback.stream() is not None, "error": playback.proxy_error()})


@bp.get("/<int:item_id>/poster")
def poster(item_id: int):
    return _still(item_id, "poster")


@bp.get("/<int:item_id>/strip")
def strip(item_id: int):
    return _still(item_id, "strip")


def _still(item_id: int, part: str):
    item, _, _ = item_for(Action.view, item_id, part=part)
    playback = Playback.of(current_ctx().store, item)
    path = playback.poster() if part == "poster" else playback.strip()
    if path is None:
        raise NotFound("该音像记录没有关键帧图")
    return send_file(path, mimetype="image/jpeg", conditional=True)


# -- streaming --------------------------------------------------------------------------------------

def _range(size: int) -> tuple[int, int] | None:
    """The requested byte range (start, stop) of a file of `size` bytes; None without a Range header;
    RequestedRangeNotSatisfiable for one that cannot be served."""
    header = request.headers.get("Range")
    if header is None:
        return None
    parsed: Range | None = parse_range_header(header)
    span = parsed.range_for_length(size) if parsed is not None else None
    if span is None:
        raise RequestedRangeNotSatisfiable(length=size)
    return span


def _unsatisfiable(size: int):
    response = current_app.response_class(status=416)
    response.headers["Content-Range"] = f"bytes */{size}"
    response.headers["Accept-Ranges"] = "bytes"
    return response


def _play_nonce(item: MediaItem) -> str | None:
    token = request.args.get("t", "")
    if not token:
        return None
    try:
        data = _play_serializer().loads(token, max_age=PLAY_TOKEN_MAX_AGE_S)
    except BadData:
        return None
    if not isinstance(data, dict) or data.get("i") != item.id or data.get("u") != current_user.id:
        return None
    return str(data.get("n"))


def _starts_a_play(action: Action, item: MediaItem, nonce: str | None, start: int) -> bool:
    if nonce is None:
        return start == 0
    recent = db_session().scalars(
        select(AccessLogRecord.detail).where(
            AccessLogRecord.action == str(action), AccessLogRecord.record_kind == "media_item",
            AccessLogRecord.record_id == item.id, AccessLogRecord.user_id == current_user.id,
            AccessLogRecord.outcome == "allowed")
        .order_by(AccessLogRecord.seq.desc()).limit(_RECENT_PLAYS))
    return not any(isinstance(d, dict) and d.get("play") == nonce for d in recent)


@bp.get("/<int:item_id>/stream")
def stream(item_id: int):
    item = _item(item_id)
    action = Action.view if item.kind == "photo" else Action.play
    item, record, decision = item_for(action, item_id, logged=False)
    try:
        playable = Playback.of(current_ctx().store, item).stream()
    except PlaybackError as e:
        raise NotFound(e.message) from e
    if playable is None:
        raise NotFound("可播放副本尚在生成中，请稍后刷新页面")
    size = playable.path.stat().st_size
    try:
        span = _range(size)
    except RequestedRangeNotSatisfiable:
        return _unsatisfiable(size)
    start = span[0] if span else 0
    nonce = _play_nonce(item)
    if _starts_a_play(action, item, nonce, start):
        detail: dict[str, Any] = {"stream": "proxy" if playable.is_proxy else "original"}
        if nonce is not None:
            detail["play"] = nonce
        _log(action, item, record, decision, **detail)
    return send_file(playable.path, mimetype=playable.mimetype, conditional=True, etag=item.sha256[:32],
                     max_age=0)


@bp.get("/<int:item_id>/original")
def original(item_id: int):
    """The stored original as a download, for those whose role reaches it (a slip never releases it)."""
    item, record, decision = item_for(Action.download, item_id, logged=False)
    path = current_ctx().store.original_path(item.sha256)
    if not path.is_file():
        raise NotFound("原件不在存储中，请联系档案管理员")
    try:
        span = _range(item.size_bytes)
    except RequestedRangeNotSatisfiable:
        return _unsatisfiable(item.size_bytes)
    if span is None or span[0] == 0:  # a resumed download is the same download
        _log(Action.download, item, record, decision)
    ext = {"jpeg": "jpg"}.get(item.container, item.container)
    response = send_file(path, mimetype="application/octet-stream", conditional=True, etag=item.sha256[:32])
    response.headers["Content-Disposition"] = attachment_disposition(
        _download_name(item, ext), f"media-{item.id}.{ext}")
    return response


def _download_name(item: MediaItem, ext: str) -> str:
    base = item.source_name.rsplit(".", 1)[0]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '\\/:*?"<>|').strip(" .")[:100]
    return f"{base or f'media-{item.id}'}.{ext}"
