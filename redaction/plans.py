"""Redaction plans in the database, and the edits a reviewer makes to a slip's plan, each in the access log.

A plan is stored as a RedactionPlan row with its entries and withholdings
(redaction/models.py). An entry a person removes stays in the table, marked
removed, so the plan's history can be read and a re-proposal by a newer
detector does not bring it back. `load_plan` gives the plan as it applies:
without removed entries.

Editing a slip's plan is for the staff who review case files in the slip's
agency (archivists, legal reviewers, heads: access_control.policy, Action.review
over the case), on documents they may view, and only while the slip is pending:
the plan a head approved with the slip is what is released (001:35,
002 记录办法:29), so it is frozen from then on. Every change is recorded in the
access log in the same transaction: who and when come from the log, what and
why from the event (op, page, box, kind, reason, note), never what a box hides
(002 记录办法:27). The caller commits.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from access_control.audit import AccessLog, Actor, Event
from access_control.models import RetrievalSlip
from access_control.policy import Action, Decision, decide
from access_control.subjects import case_record
from earchive.errors import EarchiveError, ExitCode, Forbidden, NotFound
from records.models import Case, Document, Page, utcnow
from redaction.kinds import Kind, Reason
from redaction.models import RedactionEntry, RedactionPlan, RedactionWithholding
from redaction.plan import BoxT, Entry, Plan, Withholding

log = logging.getLogger(__name__)

AUDIT_ACTION = "redaction"
RECORD_KIND = "redaction_plan"
# Kinds a person may draw: every kind, since a detector may miss a number as well as a name.
DRAWABLE_KINDS = tuple(Kind)
NOTE_MAX = 300
# Two boxes are "the same" detection when their overlap covers this share of the smaller one.
SAME_BOX_OVERLAP = 0.5


class PlanError(EarchiveError):
    """A plan edit cannot be made as asked; the message says why and what to do, in Chinese."""

    exit_code = ExitCode.bad_args
    http_status = 400


class PlanFrozen(PlanError):
    """The slip is decided: its plan is what was approved and can no longer change."""

    http_status = 409


# -- storing and loading -------------------------------------------------------------------------

def _entry_row(entry: Entry) -> RedactionEntry:
    return RedactionEntry(key=entry.id, document_id=entry.document_id, page_no=entry.page_no,
                          box=list(entry.box) if entry.box is not None else None, start_s=entry.start_s,
                          end_s=entry.end_s, kind=str(entry.kind), reason=str(entry.reason), text=entry.text,
                          subject=entry.subject, source=entry.source, grp=entry.group)


def _entry(row: RedactionEntry) -> Entry:
    return Entry(document_id=row.document_id, kind=Kind(row.kind), reason=Reason(row.reason), page_no=row.page_no,
                 box=tuple(int(v) for v in row.box) if row.box is not None else None, start_s=row.start_s,
                 end_s=row.end_s, text=row.text or "", subject=row.subject, source=row.source, group=row.grp,
                 id=row.key)


def save_plan(session: Session, plan: Plan, *, created_by: str, slip_id: int | None = None,
              document_id: int | None = None, detector_version: str = "") -> RedactionPlan:
    """A new plan row holding `plan` (for a slip, or one document)."""
    row = RedactionPlan(purpose=plan.purpose, slip_id=slip_id, document_id=document_id, status="proposed",
                        mask_names=plan.mask_names, detector_version=detector_version[:16],
                        created_by=created_by[:64])
    row.entries = [_entry_row(e) for e in plan.entries]
    row.withholdings = [RedactionWithholding(document_id=w.document_id, page_no=w.page_no, reason=str(w.reason),
                                             note=w.note[:NOTE_MAX]) for w in plan.withheld]
    session.add(row)
    session.flush()
    return row


def load_plan(session: Session, row: RedactionPlan) -> Plan:
    """The plan as it applies: removed entries left out."""
    slip_no = None
    if row.slip_id is not None:
        slip_no = session.scalar(select(RetrievalSlip.slip_no).where(RetrievalSlip.id == row.slip_id))
    document_ids = _plan_document_ids(session, row)
    return Plan(purpose=row.purpose, document_ids=document_ids,
                entries=[_entry(e) for e in row.entries if not e.removed],
                withheld=[Withholding(document_id=w.document_id, reason=Reason(w.reason), page_no=w.page_no,
                                      note=w.note or "") for w in row.withholdings],
                slip_no=slip_no, mask_names=row.mask_names)


def _plan_document_ids(session: Session, row: RedactionPlan) -> list[int]:
    if row.slip_id is not None:
        slip = session.get(RetrievalSlip, row.slip_id)
        return sorted(i.document_id for i in slip.items) if slip is not None else []
    return [row.document_id] if row.document_id is not None else []


def stored_plan(session: Session, slip: RetrievalSlip) -> RedactionPlan | None:
    return session.scalar(select(RedactionPlan).where(RedactionPlan.slip_id == slip.id))


def slip_documents(session: Session, slip: RetrievalSlip) -> list[Document]:
    """Every document asked for on the slip: the plan covers all of them, the head approves some."""
    ids = [i.document_id for i in slip.items]
    return list(session.scalars(select(Document).where(Document.id.in_(ids)).order_by(Document.id))) if ids else []


def detector_version() -> str:
    from redaction import detect

    return str(getattr(detect, "DETECTOR_VERSION", ""))


def _proposed(session: Session, slip: RetrievalSlip) -> Plan:
    from redaction.propose import audience_for_slip, propose_plan

    return propose_plan(session, slip_documents(session, slip), purpose="release",
                        audience=audience_for_slip(session, slip), slip_no=slip.slip_no)


def plan_for_slip(session: Session, access_log: AccessLog, actor: Actor, slip: RetrievalSlip) -> Plan:
    """The slip's plan: the stored one, or one proposed now and stored (logged as op "propose").

    A pending slip's plan proposed by an older detector is proposed again and merged
    (`merge_proposal`): what a person removed stays removed, what they drew stays.
    """
    if slip.kind != "applicant":
        raise PlanError("本机关工作人员的内部调阅不需要遮盖方案")
    row = stored_plan(session, slip)
    version = detector_version()
    if row is None:
        plan = _proposed(session, slip)
        row = save_plan(session, plan, created_by=actor.username, slip_id=slip.id, detector_version=version)
        _record(session, access_log, actor, slip, row, "propose", entries=len(plan.entries),
                withheld=len(plan.withheld), detector=version)
        log.info("redaction plan %d proposed for slip %s: %d entries, %d withheld", row.id, slip.slip_no,
                 len(plan.entries), len(plan.withheld))
    elif slip.status == "pending" and version and row.detector_version != version:
        added = merge_proposal(row, _proposed(session, slip))
        previous, row.detector_version = row.detector_version, version
        if added:
            row.status, row.reviewed_by, row.reviewed_at = "proposed", None, None
        _record(session, access_log, actor, slip, row, "repropose", entries=added, detector=version,
                previous_detector=previous)
    return load_plan(session, row)


def _overlap(a: BoxT, b: BoxT) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / smaller if smaller > 0 else 0.0


def same_place(row: RedactionEntry, entry: Entry) -> bool:
    """Whether a new proposal's `entry` is the stored `row` again: same document, page and kind, overlapping boxes."""
    if row.document_id != entry.document_id or row.kind != str(entry.kind):
        return False
    if row.page_no is None or entry.page_no is None:
        return (row.start_s, row.end_s) == (entry.start_s, entry.end_s)
    return row.page_no == entry.page_no and _overlap(tuple(row.box), entry.box) >= SAME_BOX_OVERLAP


def merge_proposal(row: RedactionPlan, proposal: Plan) -> int:
    """Add the entries of a new proposal that the stored plan lacks; returns how many were added.

    An entry a person removed is not brought back, one already there (perhaps with a reason a
    person changed) is kept as it is, and nothing stored is dropped: a box the new detector no
    longer finds stays until a person removes it. New withholdings are added the same way.
    """
    added = 0
    for entry in proposal.entries:
        if any(same_place(r, entry) for r in row.entries):
            continue
        row.entries.append(_entry_row(entry))
        added += 1
    held = {(w.document_id, w.page_no) for w in row.withholdings}
    for w in proposal.withheld:
        if (w.document_id, w.page_no) not in held:
            row.withholdings.append(RedactionWithholding(document_id=w.document_id, page_no=w.page_no,
                                                         reason=str(w.reason), note=w.note[:NOTE_MAX]))
            added += 1
    return added


# -- who may edit ---------------------------------------------------------------------------------

def may_edit(session: Session, user: Any, slip: RetrievalSlip) -> Decision:
    """The staff who review case files in the slip's agency edit its plan (Action.review over the case)."""
    case = session.get(Case, slip.case_id)
    if case is None:
        return Decision(False, "调用单的案件不存在")
    decision = decide(user, Action.review, case_record(case))
    if not decision:
        return Decision(False, "只有本机关的档案管理员、法制审核人员和负责人可以审核遮盖方案",
                        logged_reason=decision.reason_for_log)
    return decision


def _editable(session: Session, user: Any, slip: RetrievalSlip, document_id: int | None = None) -> RedactionPlan:
    """The slip's stored plan, if `user` may edit it now (and the document `document_id`, when given)."""
    allowed = may_edit(session, user, slip)
    if not allowed:
        raise Forbidden(allowed.reason)
    if slip.status != "pending":
        state = {"approved": "已批准", "rejected": "已不予批准"}.get(slip.status, "已审批")
        raise PlanFrozen(f"调用单{state}，遮盖方案随审批锁定，不能再修改；如需调整，请申请人重新提交调用单")
    if document_id is not None:
        _check_document(session, user, slip, document_id)
    row = stored_plan(session, slip)
    if row is None:
        raise PlanError("该调用单还没有遮盖方案，请先打开遮盖方案页面生成")
    return row


def _check_document(session: Session, user: Any, slip: RetrievalSlip, document_id: int) -> None:
    if document_id not in {i.document_id for i in slip.items}:
        raise PlanError("该文书不在本调用单中")
    document = session.get(Document, document_id)
    if document is None or not decide(user, Action.view, document):
        raise Forbidden("您无权调阅该文书，不能修改它的遮盖方案")


def _record(session: Session, access_log: AccessLog, actor: Actor, slip: RetrievalSlip, row: RedactionPlan,
            op: str, **detail: Any) -> None:
    access_log.record(session, actor, Event(
        AUDIT_ACTION, slip_no=slip.slip_no, purpose=slip.purpose, record_kind=RECORD_KIND, record_id=row.id,
        case_id=slip.case_id, detail={"op": op, **{k: v for k, v in detail.items() if v is not None}}))


def _touch(row: RedactionPlan) -> None:
    """A change after review asks for a new review."""
    row.status, row.reviewed_by, row.reviewed_at = "proposed", None, None


# -- edits ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Drawn:
    """A box a person drew on a page image, in that image's pixels."""

    document_id: int
    page_no: int
    box: BoxT
    kind: Kind
    reason: Reason


def _clipped(session: Session, drawn: Drawn) -> BoxT:
    page = session.scalar(select(Page).where(Page.document_id == drawn.document_id,
                                             Page.page_no == drawn.page_no))
    if page is None:
        raise PlanError("该页不存在")
    x0, y0, x1, y1 = drawn.box
    x0, x1 = sorted((max(0, min(x0, page.width_px)), max(0, min(x1, page.width_px))))
    y0, y1 = sorted((max(0, min(y0, page.height_px)), max(0, min(y1, page.height_px))))
    if x1 - x0 < 2 or y1 - y0 < 2:
        raise PlanError("遮盖框太小或在页面之外，请在页面图像上重新框选")
    return x0, y0, x1, y1


def add_box(session: Session, access_log: AccessLog, actor: Actor, user: Any, slip: RetrievalSlip,
            drawn: Drawn) -> Entry:
    """A box drawn by a person (source manual). What it hides is read from the page's OCR words, for the
    verification of the release; it never reaches the log."""
    from redaction.propose import with_hidden_text

    row = _editable(session, user, slip, drawn.document_id)
    entry = Entry(document_id=drawn.document_id, kind=drawn.kind, reason=drawn.reason, page_no=drawn.page_no,
                  box=_clipped(session, drawn), source="manual")
    entry = with_hidden_text(session, Plan("release", [drawn.document_id], entries=[entry])).entries[0]
    row.entries.append(_entry_row(entry))
    _touch(row)
    _record(session, access_log, actor, slip, row, "add", entry=entry.id, document=entry.document_id,
            page=entry.page_no, box=list(entry.box), kind=str(entry.kind), reason=str(entry.reason))
    return entry


def _live_entry(row: RedactionPlan, key: str) -> RedactionEntry:
    found = next((e for e in row.entries if e.key == key and not e.removed), None)
    if found is None:
        raise NotFound("遮盖框不存在或已被删除")
    return found


def remove_entry(session: Session, access_log: AccessLog, actor: Actor, user: Any, slip: RetrievalSlip,
                 key: str) -> None:
    """Take a box out of the plan; the row stays, marked removed, so no re-proposal brings it back."""
    row = _editable(session, user, slip)
    entry = _live_entry(row, key)
    _check_document(session, user, slip, entry.document_id)
    entry.removed = True
    _touch(row)
    _record(session, access_log, actor, slip, row, "remove", entry=entry.key, document=entry.document_id,
            page=entry.page_no, box=entry.box, kind=entry.kind, reason=entry.reason, source=entry.source)


def change_reason(session: Session, access_log: AccessLog, actor: Actor, user: Any, slip: RetrievalSlip,
                  key: str, reason: Reason, kind: Kind | None = None) -> None:
    row = _editable(session, user, slip)
    entry = _live_entry(row, key)
    _check_document(session, user, slip, entry.document_id)
    before = (entry.reason, entry.kind)
    entry.reason = str(reason)
    if kind is not None:
        entry.kind = str(kind)
    if (entry.reason, entry.kind) == before:
        return
    _touch(row)
    _record(session, access_log, actor, slip, row, "change", entry=entry.key, document=entry.document_id,
            page=entry.page_no, box=entry.box, kind=entry.kind, reason=entry.reason,
            was={"kind": before[1], "reason": before[0]})


def withhold(session: Session, access_log: AccessLog, actor: Actor, user: Any, slip: RetrievalSlip, *,
             document_id: int, page_no: int | None, reason: Reason, note: str) -> RedactionWithholding:
    """Leave out a page (page_no) or the whole document (None); the release prints the reason's ground and
    the note in its place, so the note must say why, never what the page says."""
    row = _editable(session, user, slip, document_id)
    note = " ".join((note or "").split())[:NOTE_MAX]
    if not note:
        raise PlanError("请填写不予提供的理由说明（只写理由，不写页面内容）")
    if page_no is not None:
        document = session.get(Document, document_id)
        if not 1 <= page_no <= document.page_count:
            raise PlanError(f"页码应在 1 至 {document.page_count} 之间")
    for w in row.withholdings:
        if w.document_id == document_id and w.page_no in (None, page_no):
            raise PlanError("整份文书已不予提供" if w.page_no is None else "该页已不予提供")
    held = RedactionWithholding(document_id=document_id, page_no=page_no, reason=str(reason), note=note)
    row.withholdings.append(held)
    _touch(row)
    session.flush()
    _record(session, access_log, actor, slip, row, "withhold", withholding=held.id, document=document_id,
            page=page_no, reason=str(reason), note=note)
    return held


def restore(session: Session, access_log: AccessLog, actor: Actor, user: Any, slip: RetrievalSlip,
            withholding_id: int) -> None:
    """Take a withholding back: the page or document is released again, with its boxes."""
    row = _editable(session, user, slip)
    held = next((w for w in row.withholdings if w.id == withholding_id), None)
    if held is None:
        raise NotFound("该不予提供记录不存在")
    _check_document(session, user, slip, held.document_id)
    row.withholdings.remove(held)
    _touch(row)
    _record(session, access_log, actor, slip, row, "restore", withholding=withholding_id,
            document=held.document_id, page=held.page_no, reason=held.reason, note=held.note)


def mark_reviewed(session: Session, access_log: AccessLog, actor: Actor, user: Any, slip: RetrievalSlip) -> None:
    """审核完成: the reviewer vouches for the plan as it stands; the head may now approve the slip."""
    row = _editable(session, user, slip)
    for document in slip_documents(session, slip):
        if not decide(user, Action.view, document):
            raise Forbidden("调用单中有您无权调阅的文书，不能审核全部遮盖方案；请由有权调阅全部文书的人员审核")
    row.status, row.reviewed_by, row.reviewed_at = "reviewed", actor.username[:64], utcnow()
    live = [e for e in row.entries if not e.removed]
    _record(session, access_log, actor, slip, row, "reviewed", entries=len(live),
            removed=len(row.entries) - len(live), withheld=len(row.withholdings))


def reviewed_plan_for_slip(session: Session, slip: RetrievalSlip) -> tuple[int, Plan]:
    """The slip's stored plan and its id, once a person has reviewed it; what a release applies."""
    row = stored_plan(session, slip)
    if row is None or row.status != "reviewed":
        if slip.status == "pending":
            raise PlanError(f"调用单 {slip.slip_no} 的遮盖方案尚未审核：请档案管理员在调用单的“遮盖方案”页面"
                            "审核完成，负责人批准后再提供复制件")
        # Approved without a reviewed plan (before plans were asked for): frozen, so it can never be reviewed.
        raise PlanError(f"调用单 {slip.slip_no} 批准时遮盖方案未经审核，不能提供复制件；请申请人重新提交调用单")
    return row.id, load_plan(session, row)


def is_reviewed(session: Session, slip: RetrievalSlip) -> bool:
    row = stored_plan(session, slip)
    return row is not None and row.status == "reviewed"


# -- what the approver reads ----------------------------------------------------------------------

@dataclass(frozen=True)
class PlanSummary:
    status: str
    reviewed_by: str | None
    reviewed_at: Any
    by_reason: dict[str, int]
    by_kind: dict[str, int]
    withheld: list[Withholding]
    manual: int
    removed: int

    @property
    def entries(self) -> int:
        return sum(self.by_reason.values())


def summary(row: RedactionPlan) -> PlanSummary:
    live = [e for e in row.entries if not e.removed]
    by_reason: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    for e in live:
        by_reason[e.reason] = by_reason.get(e.reason, 0) + 1
        by_kind[e.kind] = by_kind.get(e.kind, 0) + 1
    return PlanSummary(status=row.status, reviewed_by=row.reviewed_by, reviewed_at=row.reviewed_at,
                       by_reason=by_reason, by_kind=by_kind,
                       withheld=[Withholding(w.document_id, Reason(w.reason), w.page_no, w.note or "")
                                 for w in row.withholdings],
                       manual=sum(1 for e in live if e.source == "manual"), removed=len(row.entries) - len(live))


__all__ = ["Drawn", "PlanError", "PlanFrozen", "PlanSummary", "add_box", "change_reason", "is_reviewed",
           "load_plan", "mark_reviewed", "may_edit", "merge_proposal", "plan_for_slip", "remove_entry", "restore",
           "reviewed_plan_for_slip",
           "same_place", "save_plan", "slip_documents", "stored_plan", "summary", "withhold"]
