"""Merging two cases that turn out to be one matter, and undoing it (#13 item 1).

A merge moves everything of the absorbed case onto the survivor — its documents, its numbers, the
retrieval slips and handlers that name it — deletes the absorbed case row and records a CaseMerge:
who, when, why, and exactly what moved. `unmerge` re-creates the absorbed case under its old id and
moves back exactly that; afterwards the classifier never merges the two again by itself (an undone
merge is a person's decision that they are two matters). Until an archivist confirms a merge, the
documents it moved wait in the review queue (reason `case_merged`). Every merge, confirmation and
unmerge is written to the access log. An archived case file is never merged or split.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from access_control.audit import AccessLog, Actor, Event
from access_control.models import CaseHandler, RetrievalSlip
from casefiles.case_file import refresh_case_file
from casefiles.models import CaseFile, CaseFileEntry, CaseMerge, CaseNumber
from casefiles.numbers import choose_case_no, queue_documents
from casefiles.rules import CaseRules, rules_for
from earchive.errors import EarchiveError, NotFound
from earchive.settings import get_settings
from records.models import Agency, Case, Document, Unit, utcnow

CLASSIFIER = Actor(None, "earchive:classify", "system")


class MergeRefused(EarchiveError):
    """Two cases cannot be merged, or a merge cannot be undone, as asked; the message says why."""

    http_status = 409


@dataclass(frozen=True)
class MergeOutcome:
    merge: CaseMerge
    documents: list[int]


def _rules(session: Session, unit_id: int) -> CaseRules:
    unit = session.get(Unit, unit_id)
    agency = session.get(Agency, unit.agency_id) if unit else None
    return rules_for(dict(agency.rules or {}) if agency else {})


def _archived(session: Session, case_id: int) -> bool:
    return session.scalar(select(CaseFile.status).where(CaseFile.case_id == case_id)) == "archived"


def undone_between(session: Session, a: int, b: int) -> bool:
    """Whether a person undid a merge of these two cases: they are two matters."""
    return session.scalar(select(CaseMerge.id).where(
        CaseMerge.status == "undone",
        or_((CaseMerge.survivor_id == a) & (CaseMerge.absorbed_id == b),
            (CaseMerge.survivor_id == b) & (CaseMerge.absorbed_id == a))).limit(1)) is not None


def _log(session: Session, actor: Actor, action: str, merge: CaseMerge, access_log: AccessLog | None) -> None:
    log = access_log or AccessLog(get_settings())
    log.record(session, actor, Event(action, record_kind="case_merge", record_id=merge.id, case_id=merge.survivor_id,
                                     detail={"survivor": merge.survivor_id, "absorbed": merge.absorbed_id,
                                             "reason": merge.reason, "moved": merge.moved,
                                             **({"why": merge.undo_reason} if action == "case_unmerge" else {})}))


def merge_cases(session: Session, survivor: Case, absorbed: Case, reason: str, evidence: dict, actor: Actor,
                access_log: AccessLog | None = None, by_person: bool = False) -> MergeOutcome:
    """Move all of `absorbed` onto `survivor`, delete it, and record what moved.

    The classifier's merges wait for an archivist's review; a person's (`by_person`) is reviewed as made.
    """
    if survivor.id == absorbed.id:
        raise MergeRefused("不能把案件与其自身合并")
    if survivor.unit_id != absorbed.unit_id:
        raise MergeRefused(f"案件 {survivor.case_no} 与 {absorbed.case_no} 属于不同执法单位，不能合并")
    for case in (survivor, absorbed):
        if _archived(session, case.id):
            raise MergeRefused(f"案件 {case.case_no} 已立卷归档，不能合并")
    documents = list(session.scalars(select(Document.id).where(Document.case_id == absorbed.id)
                                     .order_by(Document.id)))
    numbers = list(session.scalars(select(CaseNumber.id).where(CaseNumber.case_id == absorbed.id)
                                   .order_by(CaseNumber.id)))
    slips = list(session.scalars(select(RetrievalSlip.id).where(RetrievalSlip.case_id == absorbed.id)
                                 .order_by(RetrievalSlip.id)))
    handlers = list(session.scalars(select(CaseHandler.user_id).where(CaseHandler.case_id == absorbed.id)))
    already = set(session.scalars(select(CaseHandler.user_id).where(CaseHandler.case_id == survivor.id)))
    merge = CaseMerge(
        unit_id=survivor.unit_id, survivor_id=survivor.id, absorbed_id=absorbed.id,
        absorbed={"case_no": absorbed.case_no, "cause": absorbed.cause, "classification": absorbed.classification,
                  "created_at": absorbed.created_at.isoformat() if absorbed.created_at else None,
                  "survivor_case_no": survivor.case_no, "survivor_cause": survivor.cause},
        moved={"documents": documents, "numbers": numbers, "slips": slips,
               "handlers": sorted(set(handlers) - already), "handlers_shared": sorted(set(handlers) & already)},
        reason=reason, evidence=evidence, merged_by=actor.username, status="confirmed" if by_person else "merged",
        reviewed_by=actor.username if by_person else None, reviewed_at=utcnow() if by_person else None)
    session.add(merge)
    session.execute(update(Document).where(Document.id.in_(documents)).values(case_id=survivor.id)
                    .execution_options(synchronize_session="fetch"))
    session.execute(update(CaseNumber).where(CaseNumber.id.in_(numbers)).values(case_id=survivor.id)
                    .execution_options(synchronize_session="fetch"))
    session.execute(update(RetrievalSlip).where(RetrievalSlip.id.in_(slips)).values(case_id=survivor.id)
                    .execution_options(synchronize_session="fetch"))
    session.execute(delete(CaseHandler).where(CaseHandler.case_id == absorbed.id))
    session.add_all(CaseHandler(case_id=survivor.id, user_id=u) for u in merge.moved["handlers"])
    _drop_case_file(session, absorbed.id)
    from media.linking import move_links  # its clips go with it

    merge.moved = {**merge.moved, "media": move_links(session, absorbed.id, survivor.id)}
    if survivor.cause is None:
        survivor.cause = absorbed.cause
    session.delete(absorbed)
    session.flush()
    choose_case_no(session, survivor, _rules(session, survivor.unit_id))
    refresh_case_file(session, survivor.id)
    queue_documents(session, session.scalars(select(Document.id).where(Document.case_id == survivor.id)))
    if not by_person:
        _flag_moved(session, merge)
    _log(session, actor, "case_merge", merge, access_log)
    return MergeOutcome(merge, documents)


def _flag_moved(session: Session, merge: CaseMerge) -> None:
    """The moved documents wait in the review queue until an archivist confirms or undoes the merge."""
    from classify.models import DocumentClassification

    reason = {"key": "case_no.value", "reason": "case_merged", "merge_id": merge.id, "case_id": merge.survivor_id}
    for record in session.scalars(select(DocumentClassification)
                                  .where(DocumentClassification.document_id.in_(merge.moved["documents"]))):
        record.review_reasons, record.needs_review = [*(record.review_reasons or []), reason], True
    session.flush()


def _drop_case_file(session: Session, case_id: int) -> None:
    file_ids = list(session.scalars(select(CaseFile.id).where(CaseFile.case_id == case_id)))
    if file_ids:
        session.execute(delete(CaseFileEntry).where(CaseFileEntry.case_file_id.in_(file_ids)))
        session.execute(delete(CaseFile).where(CaseFile.id.in_(file_ids)))


def unmerge(session: Session, merge_id: int, actor: Actor, why: str,
            access_log: AccessLog | None = None) -> MergeOutcome:
    """Undo a merge: the absorbed case comes back under its id with exactly what moved."""
    merge = session.get(CaseMerge, merge_id)
    if merge is None:
        raise NotFound(f"没有编号为 {merge_id} 的案件合并记录")
    if merge.status == "undone":
        raise MergeRefused(f"合并 #{merge_id} 已于 {merge.undone_at:%Y-%m-%d %H:%M} 由 {merge.undone_by} 撤销")
    if not (why or "").strip():
        raise MergeRefused("撤销合并须说明理由")
    survivor = session.get(Case, merge.survivor_id)
    if survivor is None:
        later = session.scalar(select(CaseMerge.id).where(CaseMerge.absorbed_id == merge.survivor_id,
                                                          CaseMerge.status != "undone")
                               .order_by(CaseMerge.id.desc()).limit(1))
        raise MergeRefused(f"案件 #{merge.survivor_id} 已被并入其他案件，请先撤销合并 #{later}")
    if session.get(Case, merge.absorbed_id) is not None:
        raise MergeRefused(f"案件 #{merge.absorbed_id} 已存在，无法恢复")
    if _archived(session, survivor.id):
        raise MergeRefused(f"案件 {survivor.case_no} 已立卷归档，不能拆分")
    snapshot, moved = merge.absorbed, merge.moved
    created = dt.datetime.fromisoformat(snapshot["created_at"]) if snapshot.get("created_at") else None
    # A placeholder 案号 until the numbers are back: the old one may be the survivor's 案号 now.
    restored = Case(id=merge.absorbed_id, unit_id=merge.unit_id, case_no=f"#unmerge-{merge.id}",
                    cause=snapshot.get("cause"), classification=snapshot.get("classification") or "internal")
    if created is not None:
        restored.created_at = created
    session.add(restored)
    session.flush()
    documents = list(session.scalars(select(Document.id).where(Document.id.in_(moved["documents"]),
                                                               Document.case_id == survivor.id)))
    session.execute(update(Document).where(Document.id.in_(documents)).values(case_id=restored.id)
                    .execution_options(synchronize_session="fetch"))
    # Number rows a re-read replaced have new ids: rows of the moved documents go back with them.
    session.execute(update(CaseNumber).where(CaseNumber.case_id == survivor.id, or_(
        CaseNumber.id.in_(moved["numbers"]), CaseNumber.document_id.in_(documents)))
        .values(case_id=restored.id).execution_options(synchronize_session="fetch"))
    session.execute(update(RetrievalSlip).where(RetrievalSlip.id.in_(moved["slips"]),
                                                RetrievalSlip.case_id == survivor.id)
                    .values(case_id=restored.id).execution_options(synchronize_session="fetch"))
    session.execute(delete(CaseHandler).where(CaseHandler.case_id == survivor.id,
                                              CaseHandler.user_id.in_(moved["handlers"])))
    session.add_all(CaseHandler(case_id=restored.id, user_id=u)
                    for u in moved["handlers"] + moved.get("handlers_shared", []))
    from media.linking import restore_links

    restore_links(session, moved.get("media"), survivor.id, restored.id)
    if survivor.cause == snapshot.get("cause") and snapshot.get("survivor_cause") is None:
        survivor.cause = None
    session.flush()
    rules = _rules(session, merge.unit_id)
    survivor.case_no = f"#unmerge-{merge.id}-s"
    session.flush()
    if not choose_case_no(session, survivor, rules):
        survivor.case_no = snapshot.get("survivor_case_no") or survivor.case_no
    if not choose_case_no(session, restored, rules):
        restored.case_no = snapshot["case_no"]
    session.flush()
    merge.status, merge.undone_by, merge.undone_at, merge.undo_reason = "undone", actor.username, utcnow(), why
    for case_id in (survivor.id, restored.id):
        refresh_case_file(session, case_id)
    queue_documents(session, session.scalars(select(Document.id).where(
        Document.case_id.in_([survivor.id, restored.id]))))
    _clear_merge_reason(session, merge.id)
    _log(session, actor, "case_unmerge", merge, access_log)
    return MergeOutcome(merge, documents)


def confirm_merge(session: Session, merge_id: int, actor: Actor, access_log: AccessLog | None = None) -> CaseMerge:
    """An archivist agrees the two cases are one: the moved documents leave the review queue."""
    merge = session.get(CaseMerge, merge_id)
    if merge is None:
        raise NotFound(f"没有编号为 {merge_id} 的案件合并记录")
    if merge.status != "merged":
        raise MergeRefused(f"合并 #{merge_id} 的状态为 {merge.status}，无需确认")
    merge.status, merge.reviewed_by, merge.reviewed_at = "confirmed", actor.username, utcnow()
    session.flush()
    _clear_merge_reason(session, merge.id)
    _log(session, actor, "case_merge_confirm", merge, access_log)
    return merge


def _clear_merge_reason(session: Session, merge_id: int) -> None:
    from classify.models import DocumentClassification

    for record in session.scalars(select(DocumentClassification).where(DocumentClassification.needs_review.is_(True))):
        reasons = [r for r in record.review_reasons or [] if r.get("merge_id") != merge_id]
        if len(reasons) != len(record.review_reasons or []):
            record.review_reasons, record.needs_review = reasons, bool(reasons)
    session.flush()


def pending_merges(session: Session, document_id: int | None = None) -> list[CaseMerge]:
    """Merges no archivist has confirmed or undone yet (of one document, when given), oldest first."""
    merges = list(session.scalars(select(CaseMerge).where(CaseMerge.status == "merged").order_by(CaseMerge.id)))
    if document_id is None:
        return merges
    return [m for m in merges if document_id in (m.moved or {}).get("documents", [])]


def merge_reasons(session: Session, document_id: int) -> list[dict]:
    """Review reasons for a document moved by a merge nobody has reviewed yet."""
    return [{"key": "case_no.value", "reason": "case_merged", "merge_id": m.id, "case_id": m.survivor_id}
            for m in pending_merges(session, document_id)]
