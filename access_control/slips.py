"""Retrieval slips (调用单): applying, deciding, and counting copy-package downloads.

An applicant (a party or its authorised agent), or an archivist on their
behalf, asks for records of one case to view or copy, with a purpose; the
agency head approves (possibly fewer records) or rejects with a comment
(001:35, 002 记录办法:29). An officer asking to view another unit's case gets an
"internal" slip, approved by the head or at once, as the agency's rules say.
Every step is written to the access log in the same transaction.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from access_control.audit import AccessLog, Actor, Event
from access_control.authorisations import AuthorisationArea
from access_control.models import RetrievalSlip, SlipItem, SlipMediaItem
from access_control.policy import (
    Action,
    MediaRecord,
    Subject,
    approvable,
    decide,
    may_decide_slip,
    releasable_to_applicant,
)
from access_control.roles import Role
from access_control.subjects import agency_of_unit, agency_rules, as_utc, media_record
from earchive.errors import EarchiveError, ExitCode, Forbidden
from media.models import MediaCaseLink, MediaItem
from records.models import Agency, Case, Document, User, utcnow

log = logging.getLogger(__name__)

MODES = {"view": "查阅", "copy": "复制"}
DELIVERIES = {"download": "网上下载", "paper": "纸质复印件", "disc": "光盘", "onsite": "现场查阅"}
RELATIONS = {"party": "当事人本人", "agent": "委托代理人", "officer": "本机关工作人员"}
STATES = {"pending": "待审批", "approved": "已批准", "rejected": "不予批准", "expired": "已过期",
          "used_up": "下载次数已用完"}
MIN_PURPOSE_CHARS = 4


class SlipError(EarchiveError):
    """A slip cannot be made or decided as asked; the message says why, in Chinese."""

    exit_code = ExitCode.bad_args
    http_status = 400


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str | None
    relation: str  # party | agent
    party_name: str | None = None
    user_id: int | None = None


def slip_state(slip: RetrievalSlip, now: dt.datetime | None = None) -> str:
    now = now or utcnow()
    if slip.status != "approved":
        return slip.status
    if slip.valid_until is None or as_utc(slip.valid_until) <= now:
        return "expired"
    if slip.mode == "copy" and slip.downloads_used >= slip.downloads_allowed:
        return "used_up"
    return "approved"


def _requested_documents(session: Session, case: Case, document_ids: Iterable[int] | None) -> list[Document]:
    documents = session.scalars(select(Document).where(Document.case_id == case.id, Document.status == "ok")
                                .order_by(Document.id)).all()
    if document_ids is None:
        return list(documents)
    wanted = set(document_ids)
    chosen = [d for d in documents if d.id in wanted]
    if len(chosen) != len(wanted):
        raise SlipError("所选文书不属于该案件")
    return chosen


def _requested_media(session: Session, case: Case, item_ids: Iterable[int]) -> list[tuple[MediaItem, MediaRecord]]:
    """The case's media items asked for by id, each with the record the policy decides on."""
    wanted = set(item_ids)
    if not wanted:
        return []
    items = session.scalars(select(MediaItem).join(MediaCaseLink, MediaCaseLink.item_id == MediaItem.id)
                            .where(MediaCaseLink.case_id == case.id, MediaItem.id.in_(wanted))
                            .order_by(MediaItem.id)).all()
    if len(items) != len(wanted):
        raise SlipError("所选音像记录不属于该案件")
    return [(item, media_record(session, item)) for item in items]


def media_label(item: MediaItem) -> str:
    """How a slip names a clip: its kind and number, never its file name (which may carry a person's name)."""
    kinds = {"video": "视频", "audio": "录音", "photo": "照片"}
    return f"{kinds.get(item.kind, '音像记录')} #{item.id}"


def create_slip(session: Session, access_log: AccessLog, actor: Actor, user: Subject, *, case: Case,
                mode: str, purpose: str, delivery: str, applicant: Applicant | None,
                document_ids: Iterable[int] | None = None, authorisation: tuple[str, BinaryIO] | None = None,
                authorisations: AuthorisationArea | None = None,
                media_item_ids: Iterable[int] = ()) -> RetrievalSlip:
    """A new slip. `applicant` None makes an internal slip for `user` (view only); `document_ids`
    None asks for every record of the case that may be released. Media items of the case are asked for
    only by id (`media_item_ids`), never implied. An `authorisation` (name, stream) is checked and held
    in `authorisations`' pending area until the slip is decided."""
    if not decide(user, Action.apply):
        raise Forbidden(decide(user, Action.apply).reason)
    purpose = (purpose or "").strip()
    if len(purpose) < MIN_PURPOSE_CHARS:
        raise SlipError(f"请填写事由（至少 {MIN_PURPOSE_CHARS} 个字）")
    if mode not in MODES:
        raise SlipError("请选择查阅或复制")
    if delivery not in DELIVERIES:
        raise SlipError("请选择提供方式")
    agency_id = agency_of_unit(session, case.unit_id)
    if agency_id is None:
        raise SlipError("该案件未归属任何执法机关")
    role = Role(user.role)
    rules = agency_rules(session, agency_id)
    if applicant is None:
        if role is Role.applicant:
            raise SlipError("请填写申请人信息")
        if case.unit_id not in user.agency_unit_ids:
            raise Forbidden("只能申请调阅本机关的案件")
        kind, mode, relation = "internal", "view", "officer"
        name, id_number, party_name, applicant_user_id = None, None, None, None
    else:
        if role not in (Role.applicant, Role.archivist):
            raise Forbidden("调用单由申请人本人或档案管理员代为提交")
        if role is Role.archivist and case.unit_id not in user.agency_unit_ids:
            raise Forbidden("只能为本机关的案件登记调用单")
        if applicant.relation not in ("party", "agent"):
            raise SlipError("请选择与案件的关系：当事人本人或委托代理人")
        if not applicant.name.strip():
            raise SlipError("请填写申请人姓名")
        if applicant.relation == "agent" and authorisation is None:
            raise SlipError("委托代理人须上传授权委托书")
        kind, relation = "applicant", applicant.relation
        name, id_number = applicant.name.strip()[:100], (applicant.id_number or "").strip()[:18] or None
        party_name = (applicant.party_name or "").strip()[:200] or None
        applicant_user_id = user.id if role is Role.applicant else applicant.user_id
    media = _requested_media(session, case, media_item_ids)
    documents = _requested_documents(session, case, document_ids)
    if kind == "applicant":
        for item, record in media:  # named one by one: say which cannot be released
            check = releasable_to_applicant(record, rules.applicant_max_classification)
            if not check:
                raise SlipError(f"{media_label(item)}{check.reason}")
        if document_ids is not None:  # chosen one by one: say which cannot be released
            for d in documents:
                check = releasable_to_applicant(d, rules.applicant_max_classification)
                if not check:
                    raise SlipError(f"《{d.title or d.source_name}》{check.reason}")
        documents = [d for d in documents if releasable_to_applicant(d, rules.applicant_max_classification)]
    if not documents and not media:
        raise SlipError("该案件没有可提供的文书")
    creator = session.get(User, user.id)
    slip = RetrievalSlip(agency_id=agency_id, case_id=case.id, kind=kind, mode=mode, purpose=purpose[:2000],
                         delivery=delivery if kind == "applicant" else "onsite", created_by_id=user.id,
                         applicant_user_id=applicant_user_id,
                         applicant_name=name or (creator.display_name if creator else actor.username),
                         applicant_id_number=id_number, relation=relation, party_name=party_name)
    received = None
    if authorisation is not None and kind == "applicant":
        if authorisations is None:
            raise SlipError("无法保存授权委托书")
        received = authorisations.receive(*authorisation)
        slip.authorisation_sha256, slip.authorisation_name = received.sha256, received.name
    slip.items = [SlipItem(document_id=d.id) for d in documents]
    session.add(slip)
    try:
        session.flush()
        session.add_all([SlipMediaItem(slip_id=slip.id, item_id=item.id) for item, _ in media])
        if received is not None:
            authorisations.hold(received, slip.id)
    finally:
        if received is not None:
            authorisations.discard(received)  # nothing left once held
    agency = session.get(Agency, agency_id)
    slip.slip_no = f"{agency.code}-{utcnow():%Y}-{slip.id:06d}"
    access_log.record(session, actor, Event(
        "slip_create", slip_no=slip.slip_no, purpose=slip.purpose, record_kind="slip", record_id=slip.id,
        case_id=case.id, content_hash=slip.authorisation_sha256,
        detail={"kind": kind, "mode": mode, "delivery": slip.delivery, "documents": [d.id for d in documents],
                "applicant": slip.applicant_name, "relation": relation,
                **({"media_items": [item.id for item, _ in media]} if media else {})}))
    if kind == "internal" and not rules.cross_unit_view_requires_approval:
        _approve(slip, [d.id for d in documents], None, "按本机关规则，说明事由即可调阅", utcnow(),
                 dt.timedelta(days=rules.cross_unit_view_days), 0)
        _approve_media(session, slip, [item.id for item, _ in media])
        access_log.record(session, actor, Event(
            "slip_decide", slip_no=slip.slip_no, purpose=slip.purpose, record_kind="slip", record_id=slip.id,
            case_id=case.id, detail={"decision": "approved", "by_rule": True,
                                     "documents": [d.id for d in documents],
                                     **({"media_items": [item.id for item, _ in media]} if media else {})}))
    log.info("slip %s created by %s for case %d (%d records)", slip.slip_no, actor.username, case.id,
             len(documents))
    return slip


def _approve(slip: RetrievalSlip, approved_ids: list[int], approver_id: int | None, comment: str,
             now: dt.datetime, validity: dt.timedelta, downloads: int) -> None:
    approved = set(approved_ids)
    for item in slip.items:
        item.approved = item.document_id in approved
    slip.status = "approved"
    slip.decided_by_id, slip.decided_at, slip.decision_comment = approver_id, now, comment
    slip.valid_until = now + validity
    slip.downloads_allowed = downloads


def slip_media(session: Session, slip: RetrievalSlip) -> list[SlipMediaItem]:
    return list(session.scalars(select(SlipMediaItem).where(SlipMediaItem.slip_id == slip.id)
                                .order_by(SlipMediaItem.item_id)))


def _approve_media(session: Session, slip: RetrievalSlip, approved_ids: Iterable[int]) -> None:
    approved = set(approved_ids)
    for row in slip_media(session, slip):
        row.approved = row.item_id in approved


def approved_media(session: Session, slip: RetrievalSlip) -> list[MediaItem]:
    ids = [row.item_id for row in slip_media(session, slip) if row.approved]
    return list(session.scalars(select(MediaItem).where(MediaItem.id.in_(ids)).order_by(MediaItem.id))) if ids else []


def decide_slip(session: Session, access_log: AccessLog, actor: Actor, approver: Subject, slip: RetrievalSlip,
                *, approve: bool, approved_ids: Iterable[int] | None, comment: str,
                approved_media_ids: Iterable[int] | None = None) -> RetrievalSlip:
    """Approve (the records in `approved_ids` and the media items in `approved_media_ids`, subsets of
    those asked for; None: all of them) or reject a pending slip."""
    case = session.get(Case, slip.case_id)
    allowed = may_decide_slip(approver, slip, case.unit_id if case else None)
    if not allowed:
        raise Forbidden(allowed.reason)
    if slip.status != "pending":
        raise SlipError("该调用单已审批，不能重复审批")
    comment = (comment or "").strip()[:2000]
    now = utcnow()
    if not approve:
        if not comment:
            raise SlipError("不予批准时请填写理由")
        for item in slip.items:
            item.approved = False
        _approve_media(session, slip, ())
        slip.status, slip.decided_by_id, slip.decided_at, slip.decision_comment = "rejected", approver.id, now, comment
        approved: list[int] = []
        approved_media_list: list[int] = []
    else:
        requested = {i.document_id for i in slip.items}
        approved = sorted(set(approved_ids if approved_ids is not None else requested))
        requested_media = {row.item_id for row in slip_media(session, slip)}
        approved_media_list = sorted(set(approved_media_ids if approved_media_ids is not None else requested_media))
        if not approved and not approved_media_list:
            raise SlipError("请至少批准一份文书，或选择不予批准")
        if not set(approved) <= requested or not set(approved_media_list) <= requested_media:
            raise SlipError("只能在申请的范围内批准")
        rules = agency_rules(session, slip.agency_id)
        for document in session.scalars(select(Document).where(Document.id.in_(approved))):
            check = approvable(approver, document)
            if check and slip.kind == "applicant":
                check = releasable_to_applicant(document, rules.applicant_max_classification)
            if not check:
                raise SlipError(f"《{document.title or document.source_name}》：{check.reason}")
        for media_item in session.scalars(select(MediaItem).where(MediaItem.id.in_(approved_media_list))):
            record = media_record(session, media_item)
            check = approvable(approver, record)
            if check and slip.kind == "applicant":
                check = releasable_to_applicant(record, rules.applicant_max_classification)
            if not check:
                raise SlipError(f"{media_label(media_item)}：{check.reason}")
        days = rules.cross_unit_view_days if slip.kind == "internal" else rules.slip_validity_days
        downloads = rules.slip_downloads if slip.mode == "copy" else 0
        _approve(slip, approved, approver.id, comment, now, dt.timedelta(days=days), downloads)
        _approve_media(session, slip, approved_media_list)
    # An approved slip's authorisation joins the records in the store; a rejected one's is deleted
    # (access_control.authorisations, once this decision is committed).
    kept = {"authorisation": "stored" if slip.status == "approved" else "deleted"} if slip.authorisation_sha256 else {}
    access_log.record(session, actor, Event(
        "slip_decide", slip_no=slip.slip_no, purpose=slip.purpose, record_kind="slip", record_id=slip.id,
        case_id=slip.case_id, content_hash=slip.authorisation_sha256,
        detail={"decision": slip.status, "documents": approved, "comment": comment, **kept,
                **({"media_items": approved_media_list} if approved_media_list else {})}))
    log.info("slip %s %s by %s", slip.slip_no, slip.status, actor.username)
    return slip


def take_download(session: Session, slip: RetrievalSlip) -> None:
    """Count one copy-package download against the slip's allowance, atomically, or refuse."""
    taken = session.execute(
        update(RetrievalSlip)
        .where(RetrievalSlip.id == slip.id, RetrievalSlip.status == "approved",
               RetrievalSlip.valid_until > utcnow(),
               RetrievalSlip.downloads_used < RetrievalSlip.downloads_allowed)
        .values(downloads_used=RetrievalSlip.downloads_used + 1)
        .execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        raise Forbidden("该调用单未获批准、已过期或下载次数已用完")
    session.refresh(slip)


def approved_documents(session: Session, slip: RetrievalSlip) -> list[Document]:
    ids = [i.document_id for i in slip.items if i.approved]
    return list(session.scalars(select(Document).where(Document.id.in_(ids)).order_by(Document.id))) if ids else []
