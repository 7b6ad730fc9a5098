"""Builds the policy's view of a user from the database: unit, agency, handled cases, approved slips.

Built afresh for every request, so a revoked permission (a role, unit or
clearance changed, an account disabled, a slip expired or used up) takes
effect on the next request.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from records import classification
from access_control.models import CaseHandler, RetrievalSlip, SlipItem, SlipMediaItem
from access_control.policy import CaseRecord, MediaRecord, SlipGrant, Subject
from access_control.rules import AccessRules
from media.models import MediaCaseLink, MediaItem
from records.models import Agency, Case, Document, Unit, User, utcnow


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def agency_rules(session: Session, agency_id: int) -> AccessRules:
    agency = session.get(Agency, agency_id)
    return AccessRules.from_agency_rules(agency.rules if agency else None)


def agency_of_unit(session: Session, unit_id: int | None) -> int | None:
    return session.scalar(select(Unit.agency_id).where(Unit.id == unit_id)) if unit_id is not None else None


def _slip_grants(session: Session, user: User, now: dt.datetime) -> tuple[SlipGrant, ...]:
    """The user's approved slips that still grant something: unexpired, and for copy slips not used up."""
    used_up = (RetrievalSlip.mode == "copy") & (RetrievalSlip.downloads_used >= RetrievalSlip.downloads_allowed)
    slips = session.scalars(
        select(RetrievalSlip).where(
            RetrievalSlip.status == "approved", RetrievalSlip.valid_until > now, ~used_up,
            or_(RetrievalSlip.applicant_user_id == user.id,
                (RetrievalSlip.kind == "internal") & (RetrievalSlip.created_by_id == user.id)))).all()
    if not slips:
        return ()
    items: dict[int, set[int]] = {}
    for slip_id, document_id in session.execute(
            select(SlipItem.slip_id, SlipItem.document_id)
            .where(SlipItem.slip_id.in_([s.id for s in slips]), SlipItem.approved.is_(True))):
        items.setdefault(slip_id, set()).add(document_id)
    media: dict[int, set[int]] = {}
    for slip_id, item_id in session.execute(
            select(SlipMediaItem.slip_id, SlipMediaItem.item_id)
            .where(SlipMediaItem.slip_id.in_([s.id for s in slips]), SlipMediaItem.approved.is_(True))):
        media.setdefault(slip_id, set()).add(item_id)
    top = classification.LEVELS[-1]
    grants = []
    for slip in slips:
        ceiling = agency_rules(session, slip.agency_id).applicant_max_classification \
            if slip.kind == "applicant" else top
        grants.append(SlipGrant(slip_id=slip.id, slip_no=slip.slip_no or str(slip.id), mode=slip.mode,
                                case_id=slip.case_id, document_ids=frozenset(items.get(slip.id, ())),
                                valid_until=as_utc(slip.valid_until), max_classification=ceiling,
                                downloads_left=max(0, slip.downloads_allowed - slip.downloads_used),
                                media_item_ids=frozenset(media.get(slip.id, ()))))
    return tuple(grants)


def load_subject(session: Session, user: User, now: dt.datetime | None = None) -> Subject:
    now = now or utcnow()
    # The units of the user's agency, in one query (its agency found in a subquery).
    agency_units = frozenset(session.scalars(
        select(Unit.id).where(Unit.agency_id == select(Unit.agency_id).where(Unit.id == user.unit_id)
                              .scalar_subquery()))) if user.unit_id is not None else frozenset()
    handled = frozenset(session.scalars(select(CaseHandler.case_id).where(CaseHandler.user_id == user.id)))
    handled_docs = frozenset(session.scalars(select(Document.id).where(Document.case_id.in_(handled)))) \
        if handled else frozenset()
    return Subject(id=user.id, role=user.role, unit_id=user.unit_id, clearance=user.clearance,
                   active=user.active, agency_unit_ids=agency_units, handled_case_ids=handled,
                   handled_document_ids=handled_docs, slips=_slip_grants(session, user, now))


def case_record(case: Case) -> CaseRecord:
    return CaseRecord(case_id=case.id, unit_id=case.unit_id, classification=case.classification)


def media_record(session: Session, item: MediaItem) -> MediaRecord:
    """A media item as the policy sees it. An item taken in without a unit (`media ingest` without
    --unit) belongs to the unit of the first case it is linked to, so that it is not out of everyone's
    reach; with neither it is reached by no role, only by a slip that names it."""
    case_rows = session.execute(
        select(MediaCaseLink.case_id, Case.unit_id).join(Case, Case.id == MediaCaseLink.case_id)
        .where(MediaCaseLink.item_id == item.id).order_by(MediaCaseLink.case_id)).all()
    unit_id = item.unit_id if item.unit_id is not None else next((u for _, u in case_rows if u is not None), None)
    return MediaRecord(media_item_id=item.id, unit_id=unit_id, classification=item.classification or "internal",
                       case_ids=frozenset(c for c, _ in case_rows))
