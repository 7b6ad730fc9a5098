"""A document's own date against the order of its case: a decision dated before the case was filed is wrong.

The steps of a penalty case follow each other (000:8-13, 001:9-33): the case is filed (立案), the party is
told of the intended penalty (告知), the decision is made (决定), then a reminder (催告), enforcement and the
closing report (结案). A document whose own date puts it before a step that must precede it, or after one
that must follow it, has a misread date or belongs to another case: its date field gets the problem tag
out_of_order and the document goes to review. The date is kept (it may be the other document's that is
wrong); a person settles it. The order is data, one number per document type.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from classify.fields import row_of
from classify.meanings import own_meaning
from classify.models import DocumentClassification, ExtractedField
from records.models import Document

# Document type -> its step in a case; types not listed (records, service receipts …) have no fixed place.
STEPS: dict[str, int] = {
    "case_initiation_approval": 1,
    "penalty_notice": 2, "hearing_notice": 2,
    "penalty_decision": 3, "non_penalty_decision": 3,
    "payment_reminder": 4,
    "enforcement_decision": 5, "enforcement_application": 5,
    "case_closing_report": 6,
    "file_note": 7,
}


def out_of_order(doc_type: str | None, when: dt.date, others: list[tuple[str | None, dt.date]]) -> list[str]:
    """The types of the case's documents that `when` contradicts (empty when it fits)."""
    step = STEPS.get(doc_type or "")
    if step is None:
        return []
    wrong = []
    for other_type, other_date in others:
        other = STEPS.get(other_type or "")
        if other is None or other == step:
            continue
        if (other < step and other_date > when) or (other > step and other_date < when):
            wrong.append(other_type or "")
    return wrong


def check_chronology(session: Session, document: Document, rows: list[ExtractedField]) -> None:
    """Tag the document's own date out_of_order when it breaks the order of its case's documents."""
    if document.case_id is None or document.doc_type not in STEPS:
        return
    row = row_of(rows, f"date.{own_meaning(document.doc_type)}")
    if row is None or row.human or not row.value:
        return
    try:
        when = dt.date.fromisoformat(row.value[:10])
    except ValueError:
        return
    others = [(t, d) for t, d in session.execute(
        select(Document.doc_type, DocumentClassification.doc_date)
        .join(DocumentClassification, DocumentClassification.document_id == Document.id)
        .where(Document.case_id == document.case_id, Document.id != document.id,
               DocumentClassification.doc_date.is_not(None)))]
    if out_of_order(document.doc_type, when, others) and "out_of_order" not in (row.problems or []):
        row.problems = [*(row.problems or []), "out_of_order"]
