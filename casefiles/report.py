"""A case file's report — table of contents, findings, review score — as plain data for CLI, web and JSON."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.case_data import CaseInfo, load_case
from casefiles.case_file import refresh_case_file, toc
from casefiles.checks import Finding, case_kind, check_case, concluded, is_major
from casefiles.citations import regulations
from casefiles.models import CaseFile
from casefiles.rules import rules_for, scheme_for
from casefiles.scoring import ReviewScore, score_case
from records.models import Case


def evaluate(info: CaseInfo, today: dt.date | None = None) -> tuple[list[Finding], ReviewScore, str | None, bool]:
    rules = rules_for(info.agency_rules)
    findings = check_case(rules, info, today)
    kind = case_kind(rules, info)
    return findings, score_case(scheme_for(info.agency_rules), findings), kind.name if kind else None, \
        is_major(rules, info)


def _load(session: Session, case: Case, visible: set[int] | None) -> CaseInfo:
    """The case with only the documents the caller may see (all of them for the operator's CLI)."""
    info = load_case(session, case)
    if visible is not None:
        info.documents = [d for d in info.documents if d.id in visible]
    return info


def media_rows(info: CaseInfo, only: set[int] | None = None) -> list[dict]:
    """The case file's audio-visual records (音像资料) for its table of contents, by recording time."""
    return [{"position": n, "item_id": m.id, "kind": m.kind, "recorded_at": m.recorded_at, "device_no": m.device_no,
             "officer_no": m.officer_no, "duration_s": m.duration_s, "sha256": m.sha256, "how": m.how,
             "disc_label": m.disc_label, "path_on_disc": m.path_on_disc}
            for n, m in enumerate((m for m in info.media if only is None or m.id in only), 1)]


def case_report(session: Session, case: Case, today: dt.date | None = None, visible: set[int] | None = None,
                visible_media: set[int] | None = None) -> dict:
    """`visible`: the documents the caller may see (None: all); `visible_media`: likewise the media items,
    whose rows are left out for a caller restricted to some documents unless it names the items it may see."""
    info = _load(session, case, visible)
    findings, score, kind, major = evaluate(info, today)
    entries = toc(session, case.id)
    if not entries:
        refresh_case_file(session, case.id)
        entries = toc(session, case.id)
    case_file = session.scalar(select(CaseFile).where(CaseFile.case_id == case.id))
    return {
        "id": case.id, "case_no": case.case_no, "cause": case.cause, "unit": info.unit_name, "unit_id": case.unit_id,
        "kind": kind, "major": major, "concluded": concluded(info),
        "archive_no": case_file.archive_no if case_file else None,
        "archived_at": case_file.archived_at if case_file else None,
        "retention": case_file.retention if case_file else None,
        "archived_by": case_file.archived_by if case_file else None,
        "archive_note": case_file.archive_note if case_file else None,
        "archive_exceptions": (case_file.archive_exceptions or []) if case_file else [],
        "pages": case_file.page_count if case_file else 0,
        "toc": [{"position": e.position, "document_id": e.document_id, "title": e.title,
                 "doc_date": e.doc_date.isoformat() if e.doc_date else None,
                 "first_page": e.first_page, "last_page": e.last_page} for e in entries],
        "media": media_rows(info, visible_media if visible is not None else None)
        if visible is None or visible_media is not None else [],
        "findings": [f.to_json(regulations(info.agency_rules)) for f in findings],
        "score": score.to_json(),
    }


def _cases(session: Session, unit_id: int | None, case_ids: Iterable[int] | None = None) -> list[Case]:
    query = select(Case).order_by(Case.id)
    if unit_id is not None:
        query = query.where(Case.unit_id == unit_id)
    if case_ids is not None:
        query = query.where(Case.id.in_(list(case_ids)))
    return list(session.scalars(query))


def case_summaries(session: Session, unit_id: int | None = None, case_ids: Iterable[int] | None = None,
                   today: dt.date | None = None, visible: set[int] | None = None) -> list[dict]:
    out = []
    for case in _cases(session, unit_id, case_ids):
        info = _load(session, case, visible)
        findings, score, kind, _ = evaluate(info, today)
        out.append({"id": case.id, "case_no": case.case_no, "cause": case.cause, "unit": info.unit_name,
                    "kind": kind, "documents": len(info.documents), "pages": sum(d.page_count for d in info.documents),
                    "missing": sum(f.kind in ("missing", "av_missing", "major") for f in findings),
                    "late": sum(f.kind in ("late", "overdue") for f in findings),
                    "findings": len(findings), "score": score.score, "vetoed": score.vetoed})
    return out


def check_cases(session: Session, cases: list[Case] | None = None, unit_id: int | None = None,
                today: dt.date | None = None, visible: set[int] | None = None) -> list[dict]:
    out = []
    for case in cases if cases is not None else _cases(session, unit_id):
        info = _load(session, case, visible)
        findings, _, kind, _ = evaluate(info, today)
        out.append({"id": case.id, "case_no": case.case_no, "unit": info.unit_name, "kind": kind,
                    "findings": [f.to_json(regulations(info.agency_rules)) for f in findings]})
    return out
