"""Statistics for case-file review and oversight (000:30): counts, completeness, timeliness, what is missing.

Computed over the documents the caller may see (`document_ids`), so numbers
never reveal records outside the user's reach.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.case_data import load_case
from casefiles.checks import check_case
from casefiles.review import waiting_for_review
from casefiles.rules import rules_for
from classify.labels import STAGES, doc_type_label
from classify.models import DocumentClassification
from records.models import Case, Document, Unit

_MISSING_KINDS = ("missing", "av_missing", "major")
_LATE_KINDS = ("late", "overdue")


def _count(rows) -> list[dict]:
    return [{"key": k, "count": n} for k, n in sorted(rows.items(), key=lambda kv: (-kv[1], str(kv[0])))]


def _month(d: dt.date | None) -> str:
    """The month a document or case is dated in (its own date, not when it was scanned)."""
    return f"{d:%Y-%m}" if d else "日期不详"


def statistics(session: Session, document_ids: Collection[int], today: dt.date | None = None) -> dict:
    ids = list(document_ids)
    rows = session.execute(
        select(Document.id, Document.doc_type, Document.stage, Document.case_id, Unit.name,
               DocumentClassification.doc_date)
        .outerjoin(Unit, Unit.id == Document.unit_id)
        .outerjoin(DocumentClassification, DocumentClassification.document_id == Document.id)
        .where(Document.id.in_(ids), Document.status == "ok")).all()
    by_unit, by_month, by_type, by_stage = Counter(), Counter(), Counter(), Counter()
    case_ids = set()
    for _id, doc_type, stage, case_id, unit, doc_date in rows:
        by_unit[unit or "未指定"] += 1
        by_month[_month(doc_date)] += 1
        by_type[doc_type_label(doc_type) or "未分类"] += 1
        by_stage[STAGES.get(stage or "", "未分类")] += 1
        if case_id:
            case_ids.add(case_id)
    waiting = len(waiting_for_review(session) & {row[0] for row in rows})  # the review queue's own rule
    return {"documents": {"total": len(rows), "waiting_for_review": waiting,
                          "by_unit": _count(by_unit), "by_month": sorted(_count(by_month), key=lambda r: r["key"]),
                          "by_doc_type": _count(by_type), "by_stage": _count(by_stage)},
            "cases": _case_statistics(session, case_ids, set(ids), today)}


def _case_statistics(session: Session, case_ids: set[int], visible: set[int], today: dt.date | None) -> dict:
    by_unit, by_month = Counter(), Counter()
    complete = timely = 0
    missing: Counter[str] = Counter()
    cases = session.scalars(select(Case).where(Case.id.in_(case_ids)).order_by(Case.id)).all()
    for case in cases:
        info = load_case(session, case)
        info.documents = [d for d in info.documents if d.id in visible]
        findings = check_case(rules_for(info.agency_rules), info, today)
        by_unit[info.unit_name or "未指定"] += 1
        dates = [d.doc_date for d in info.documents if d.doc_date]
        by_month[_month(min(dates) if dates else None)] += 1
        complete += not any(f.kind in _MISSING_KINDS for f in findings)
        timely += not any(f.kind in _LATE_KINDS for f in findings)
        for f in findings:
            if f.kind in _MISSING_KINDS:
                missing[_missing_label(f.code, f.message)] += 1
    total = len(cases)
    return {"total": total, "by_unit": _count(by_unit), "by_month": sorted(_count(by_month), key=lambda r: r["key"]),
            "completeness_rate": round(complete / total, 3) if total else None,
            "timeliness_rate": round(timely / total, 3) if total else None,
            "most_missing": _count(missing)[:10]}


def _missing_label(code: str, message: str) -> str:
    """What is missing, without the particulars of one case: the requirement's own name."""
    if code.startswith("missing:") and "缺少" in message:
        return message.split("缺少", 1)[1]
    if code.startswith("av_missing:"):
        return message.split("依法应当", 1)[0] + "音像记录"
    if code.startswith("major:"):
        return "法制审核意见书（重大决定）"
    return code


def visible_document_ids(session: Session, unit_ids: Collection[int] | None,
                         extra_ids: Collection[int] = ()) -> list[int]:
    """Documents of these units (None: all) plus `extra_ids`: the candidates a caller then filters by policy."""
    query = select(Document.id).where(Document.status == "ok")
    if unit_ids is not None:
        query = query.where(Document.unit_id.in_(list(unit_ids)) | Document.id.in_(list(extra_ids)))
    return list(session.scalars(query))
