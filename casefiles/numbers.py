"""A case's numbers (#13 item 1): every number seen for it, which one is its 案号, finding a case by any of them.

A matter is numbered many times: the 立案审批表's 立案号, the 告知书's and the 决定书's 文号, the 催告书's …
Each number a document prints as its own, or cites, is a CaseNumber row of the document's case, so the
case is found by any of them and a document that moves takes its numbers along. Which number is the
case's 案号 (Case.case_no) is the agency's rule `case_numbers.case_no_from` (rules/default.yaml).
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from casefiles.models import CaseNumber
from casefiles.rules import CaseRules
from classify.case_no import normalise_case_no
from records.models import Case, Document, IndexOutbox

SOURCE_RANK = {"manual": 0, "own": 0, "cited": 1}


def numbers_of(session: Session, case_id: int) -> set[str]:
    return set(session.scalars(select(CaseNumber.number).where(CaseNumber.case_id == case_id)))


def cases_holding(session: Session, unit_id: int, numbers: Iterable[str],
                  besides: int | None = None) -> dict[int, set[str]]:
    """Live cases of the unit that hold any of `numbers`: case id -> the numbers it holds. With `besides`, a
    number only that document brought to its case does not count: a document classified again is not held
    where an earlier reading put it by its own number alone (#13: re-running classify settles what earlier
    documents could not)."""
    wanted = sorted(set(numbers))
    if not wanted:
        return {}
    out: dict[int, set[str]] = {}
    query = select(CaseNumber.case_id, CaseNumber.number).where(CaseNumber.unit_id == unit_id,
                                                                CaseNumber.number.in_(wanted))
    if besides is not None:
        query = query.where(CaseNumber.document_id != besides)
    for case_id, number in session.execute(query):
        out.setdefault(case_id, set()).add(number)
    for case_id, number in session.execute(select(Case.id, Case.case_no)
                                           .where(Case.unit_id == unit_id, Case.case_no.in_(wanted))):
        if besides is None or number in out.get(case_id, ()) or not _brought_only_by(session, case_id, number,
                                                                                   besides):
            out.setdefault(case_id, set()).add(number)
    return out


def _brought_only_by(session: Session, case_id: int, number: str, document_id: int) -> bool:
    """Whether the case's 案号 `number` is there only because `document_id` brought it (a person's 案号 stays)."""
    holders = set(session.scalars(select(CaseNumber.document_id).where(CaseNumber.case_id == case_id,
                                                                       CaseNumber.number == number)))
    return holders == {document_id}


def set_document_numbers(session: Session, document: Document, case_id: int | None,
                         own: str | None, own_source: str, cited: Iterable[str]) -> None:
    """Replace the numbers `document` contributes: its own (or a person's) number and those it cites."""
    session.execute(delete(CaseNumber).where(CaseNumber.document_id == document.id))
    if case_id is None or document.unit_id is None:
        return
    rows = ([(own, own_source)] if own else []) + [(n, "cited") for n in sorted(set(cited) - {own})]
    session.add_all(CaseNumber(case_id=case_id, unit_id=document.unit_id, number=n, source=source,
                               document_id=document.id) for n, source in rows)
    session.flush()


def choose_case_no(session: Session, case: Case, rules: CaseRules) -> bool:
    """Set the case's 案号 by the agency's rule; True when it changed.

    Order: the own number of the first document type in `case_no_from`, then any own (or person's)
    number, then a cited one; ties by the number itself, so any order of arrival gives the same 案号.
    A number another case of the unit already bears as its 案号 is passed over.
    """
    preference = {t: i for i, t in enumerate(rules.case_numbers.case_no_from)}
    rows = session.execute(select(CaseNumber.number, CaseNumber.source, Document.doc_type)
                           .outerjoin(Document, Document.id == CaseNumber.document_id)
                           .where(CaseNumber.case_id == case.id)).all()
    if not rows:
        return False
    taken = set(session.scalars(select(Case.case_no).where(Case.unit_id == case.unit_id, Case.id != case.id,
                                                           Case.case_no.in_([r[0] for r in rows]))))

    def key(row: tuple[str, str, str | None]) -> tuple[int, int, str]:
        number, source, doc_type = row
        rank = SOURCE_RANK.get(source, 1)
        return rank, preference.get(doc_type, len(preference)) if rank == 0 else 0, number

    for number, _source, _type in sorted(rows, key=key):
        if number in taken:
            continue
        if case.case_no != number:
            case.case_no = number
            session.flush()
            return True
        return False
    return False


def requeue_case_documents(session: Session, case_id: int, skip: Iterable[int] = ()) -> list[int]:
    """Queue the case's documents for the search index (its numbers or 案号 changed)."""
    skipped = set(skip)
    ids = [i for i in session.scalars(select(Document.id).where(Document.case_id == case_id,
                                                                Document.status == "ok"))
           if i not in skipped]
    queue_documents(session, ids)
    return ids


def queue_documents(session: Session, document_ids: Iterable[int]) -> None:
    """Bump each document's version and queue its index update (as filing.mark_changed does)."""
    ids = sorted(set(document_ids))
    if not ids:
        return
    session.execute(update(Document).where(Document.id.in_(ids)).values(version=Document.version + 1)
                    .execution_options(synchronize_session="fetch"))
    for doc_id, version in session.execute(select(Document.id, Document.version).where(Document.id.in_(ids))):
        session.add(IndexOutbox(document_id=doc_id, version=version, op="upsert"))
    session.flush()


def find_cases(session: Session, typed: str, unit_id: int | None = None) -> list[Case]:
    """Cases bearing `typed` (any bracket, 第 or leading-zero form) as 案号 or as one of their numbers."""
    canonical = normalise_case_no(typed) or typed.strip()
    ids = set(session.scalars(select(CaseNumber.case_id).where(CaseNumber.number == canonical)))
    ids |= set(session.scalars(select(Case.id).where(Case.case_no == canonical)))
    query = select(Case).where(Case.id.in_(sorted(ids))).order_by(Case.id)
    if unit_id is not None:
        query = query.where(Case.unit_id == unit_id)
    return list(session.scalars(query))
