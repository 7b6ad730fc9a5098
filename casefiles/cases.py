"""Case assembly: which case (案件) a document belongs to.

Documents with the same canonical case number in the same unit form one
case. A number that differs from a known one by a single misread prefix
character (测市监 / 测市蓝) joins that case but goes to review. A document
without a number joins a case only when exactly one case of its unit shares
its party and either an officer or a fitting date; otherwise it waits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from classify.case_no import same_case_fuzzy
from classify.fields import entities, row_of, value_of
from classify.models import DocumentClassification, DocumentOfficer, DocumentParty, ExtractedField
from records.models import Case, Document, Officer, Party

DATE_SLACK = dt.timedelta(days=60)  # a document this far outside a case's dates still fits it


@dataclass(frozen=True)
class CaseLink:
    case: Case | None
    method: str | None  # number | fuzzy | inferred | manual
    problem: str | None  # why the link needs review (or why there is none)


def _find_or_create(session: Session, unit_id: int, case_no: str, cause: str | None,
                    fuzzy_ok: bool) -> tuple[Case, bool]:
    case = session.scalar(select(Case).where(Case.unit_id == unit_id, Case.case_no == case_no))
    if case is not None:
        return case, False
    if fuzzy_ok:
        for other in session.scalars(select(Case).where(Case.unit_id == unit_id)):
            if same_case_fuzzy(case_no, other.case_no):
                return other, True
    case = Case(unit_id=unit_id, case_no=case_no, cause=cause)
    session.add(case)
    session.flush()
    return case, False


def _party_keys(rows: list[ExtractedField]) -> set[str]:
    keys = set()
    for attrs in entities(rows, "party", "interviewee").values():
        for attr in ("id_number", "credit_code", "name"):
            row = attrs.get(attr)
            if row is not None and row.value:
                keys.add(f"{attr}:{row.value}")
    return keys


def _candidates(session: Session, document: Document, party_keys: set[str]) -> dict[int, set[int]]:
    """Cases of the unit whose documents name one of the parties: case id -> their document ids."""
    rows = session.execute(
        select(Document.case_id, Document.id, Party.id_number, Party.credit_code, Party.name)
        .join(DocumentParty, DocumentParty.document_id == Document.id)
        .join(Party, Party.id == DocumentParty.party_id)
        .where(Document.unit_id == document.unit_id, Document.case_id.is_not(None), Document.status == "ok",
               Document.id != document.id))
    out: dict[int, set[int]] = {}
    for case_id, doc_id, id_number, credit_code, name in rows:
        keys = {f"id_number:{id_number}", f"credit_code:{credit_code}", f"name:{name}"}
        if keys & party_keys:
            out.setdefault(case_id, set()).add(doc_id)
    return out


def _fits(session: Session, case_id: int, document_id: int, officer_names: set[str],
          doc_date: dt.date | None) -> bool:
    docs = select(Document.id).where(Document.case_id == case_id, Document.id != document_id)
    names = set(session.scalars(select(Officer.name).join(DocumentOfficer, DocumentOfficer.officer_id == Officer.id)
                                .where(DocumentOfficer.document_id.in_(docs))))
    if officer_names & names:
        return True
    if doc_date is None:
        return False
    dates = [d for d in session.scalars(select(DocumentClassification.doc_date)
                                        .where(DocumentClassification.document_id.in_(docs))) if d]
    return bool(dates) and min(dates) - DATE_SLACK <= doc_date <= max(dates) + DATE_SLACK


def _infer(session: Session, document: Document, rows: list[ExtractedField],
           doc_date: dt.date | None) -> Case | None:
    party_keys = _party_keys(rows)
    if not party_keys:
        return None
    officer_names = {a["name"].value for a in entities(rows, "officer").values() if "name" in a and a["name"].value}
    fitting = [cid for cid in _candidates(session, document, party_keys)
               if _fits(session, cid, document.id, officer_names, doc_date)]
    return session.get(Case, fitting[0]) if len(fitting) == 1 else None


def assign_case(session: Session, document: Document, rows: list[ExtractedField],
                doc_date: dt.date | None) -> CaseLink:
    """Set document.case_id from its fields; the link says how, or why there is none."""
    if document.unit_id is None:
        document.case_id = None
        return CaseLink(None, None, "no_unit")
    number = row_of(rows, "case_no.value")
    if number is not None and number.value:
        if "conflict" in (number.problems or []) and not number.human:
            document.case_id = None
            return CaseLink(None, None, "case_no_conflict")
        case, fuzzy = _find_or_create(session, document.unit_id, number.value, value_of(rows, "cause.value"),
                                      fuzzy_ok=not number.human)
        if case.cause is None:
            case.cause = value_of(rows, "cause.value")
        document.case_id = case.id
        if number.human:
            return CaseLink(case, "manual", None)
        return CaseLink(case, "fuzzy" if fuzzy else "number", "case_no_fuzzy" if fuzzy else None)
    case = _infer(session, document, rows, doc_date)
    document.case_id = case.id if case else None
    return CaseLink(case, "inferred", None) if case else CaseLink(None, None, "no_case")
