"""The case page: a case's particulars and those of its documents the user may see."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from access_control.audit import Event
from access_control.policy import Action, decide
from access_control.roles import Role
from records.models import Document, Unit
from webapp.access import audit, case_for, case_viewable
from webapp.request_db import db_session

bp = Blueprint("cases", __name__, url_prefix="/cases")


def may_apply_internally(case) -> bool:
    """Staff of the case's agency may ask to view it (an internal slip)."""
    return (current_user.role != Role.applicant.value and bool(decide(current_user, Action.apply))
            and case.unit_id in current_user.agency_unit_ids)


@bp.get("/<int:case_id>")
def show(case_id: int):
    case = case_for(case_id)
    session = db_session()
    documents = session.scalars(select(Document).where(Document.case_id == case.id, Document.status == "ok")
                                .order_by(Document.id)).all()
    visible = [d for d in documents if decide(current_user, Action.view, d)]
    from webapp.media import case_media  # late: webapp.media reaches this module through webapp.slips

    media = case_media(case.id)
    decision = case_viewable(case)
    if not decision and not visible and not media:
        audit(Event("view", outcome="denied", record_kind="case", record_id=case.id, case_id=case.id,
                    detail={"reason": decision.reason}))
        return render_template("cases/forbidden.html", case=case, reason=decision.reason,
                               can_apply=may_apply_internally(case)), 403
    audit(Event("view", slip_no=decision.slip_no, record_kind="case", record_id=case.id, case_id=case.id,
                detail={"documents": [d.id for d in visible],
                        **({"media_items": [i.id for i in media]} if media else {})}))
    return render_template("cases/show.html", case=case, documents=visible, media=media,
                           can_apply=may_apply_internally(case) and not decision,
                           can_register_slip=decide(current_user, Action.copy, visible[0]).allowed
                           if visible and current_user.role == Role.archivist.value else False,
                           unit=session.get(Unit, case.unit_id))
