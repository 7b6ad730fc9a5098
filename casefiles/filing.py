"""Classifying a stored document: read its fields, keep what people decided, file it by case.

`classify_document` is the one entry point; ingest calls it inside the
transaction that writes a document's pages, `earchive classify` and the
review queue call it again later. It never commits, and it never changes a
field a person confirmed or corrected.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager as ContextManager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.case_file import refresh_case_file
from casefiles.cases import CaseLink, assign_case
from casefiles.cross_check import cross_check_case
from casefiles.merges import merge_reasons
from classify.chronology import check_chronology
from classify.entities import link_entities
from classify.extract import CLASSIFIER_VERSION, extract
from classify.fields import fields_of, row_of, save_fields
from classify.found import BLOCKING_PROBLEMS
from classify.labels import DOC_TYPES, OTHER, doc_type_label
from classify.dates import approval_date
from classify.meanings import APPROVAL_FORMS, document_date
from classify.models import DocumentClassification, ExtractedField
from casefiles.rules import CaseRules, rules_for
from earchive.errors import NotFound
from classify.text import DocText, page_from_words
from records.models import Agency, Case, Document, IndexOutbox, Page, Unit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClassifyOutcome:
    document_id: int
    doc_type: str
    case_no: str | None
    needs_review: bool
    reasons: list[dict]


def document_text(session: Session, document_id: int) -> DocText:
    pages = session.scalars(select(Page).where(Page.document_id == document_id).order_by(Page.page_no))
    return DocText.from_pages(page_from_words(p.page_no, p.words or [], p.text_norm) for p in pages)


def agency_rules(session: Session, unit_id: int | None) -> dict:
    if unit_id is None:
        return {}
    unit = session.get(Unit, unit_id)
    agency = session.get(Agency, unit.agency_id) if unit else None
    return dict(agency.rules or {}) if agency else {}


def known_agency_names(session: Session) -> list[str]:
    return list(session.scalars(select(Agency.name)))


def _doc_date(document: Document, rows: list[ExtractedField], text: str = "") -> dt.date | None:
    """The document's own date (classify.meanings.document_date): never one its body cites, never one
    tagged after_ingest or impossible.

    A form signed step by step (立案审批表, 审批表, 结案报告) whose head's approval no label named (the label
    broken over a line end, 负责人审 / 批), or whose dates read as the approval disagree, is dated by its last
    consent (classify.dates.approval_date), not by the 受案 date its first cell holds; a date a person set is
    kept.
    """
    dates = [r for r in rows if r.kind == "date"]
    by_meaning = {r.attr: (r.value, tuple(r.problems or ())) for r in dates}
    approved, approved_problems = by_meaning.get("approved", (None, ()))
    if (document.doc_type in APPROVAL_FORMS and text and not any(r.human for r in dates)
            and (approved is None or "dates_disagree" in approved_problems)):
        received = _received(document)
        signed = approval_date(text, received + dt.timedelta(days=1) if received else None)
        if signed is not None:
            return signed
    return document_date(document.doc_type, by_meaning)


def _received(document: Document) -> dt.date | None:
    """The day the document came in: none of its dates can be later."""
    when = document.ingested_at or document.created_at
    return when.date() if when else None


def _review_reasons(rows: list[ExtractedField], link: CaseLink, threshold: float) -> list[dict]:
    reasons = []
    for r in rows:
        if r.human:
            continue
        blocking = sorted(BLOCKING_PROBLEMS.intersection(r.problems or []))
        if blocking:
            reasons.append({"key": r.key, "reason": blocking[0]})
        elif r.confidence < threshold:
            reasons.append({"key": r.key, "reason": "low_confidence"})
    doc_type = row_of(rows, "doc_type.value")
    if doc_type is not None and doc_type.value == OTHER and not doc_type.human:
        reasons.append({"key": "doc_type.value", "reason": "unknown_type"})
    if link.problem:
        reasons.append(link.reason())
    return reasons


# Quality flags of ingest (ingest/flags.py) that need a person's eyes: a page the OCR engine read nothing on may
# be a failed scan (transparent, faint) rather than a blank page. Such a document waits until a reviewer has
# settled its type, which means looking at its pages.
_REVIEW_FLAGS = ("no_text_read",)


def _quality_reasons(document: Document, rows: list[ExtractedField]) -> list[dict]:
    doc_type = row_of(rows, "doc_type.value")
    if doc_type is not None and doc_type.human:
        return []
    codes = {f.get("code") for f in document.quality_flags or []}
    return [{"key": "ocr.text", "reason": code} for code in _REVIEW_FLAGS if code in codes]


def _apply_type(document: Document, rows: list[ExtractedField]) -> None:
    doc_type = row_of(rows, "doc_type.value")
    stage = row_of(rows, "stage.value")
    old_label = doc_type_label(document.doc_type)
    document.doc_type = doc_type.value if doc_type else None
    if stage is not None and stage.human:
        document.stage = stage.value
    else:
        document.stage = DOC_TYPES[document.doc_type].stage if document.doc_type in DOC_TYPES else None
        if stage is not None:
            stage.value = document.stage
    if document.title in (None, old_label) and document.doc_type:
        document.title = doc_type_label(document.doc_type)


def classify_document(session: Session, document: Document, rules: CaseRules | None = None) -> ClassifyOutcome:
    """Classify `document` (its pages already in the session) and file it under its case."""
    rules = rules or rules_for(agency_rules(session, document.unit_id))
    existing = session.scalar(select(ExtractedField).where(ExtractedField.document_id == document.id,
                                                           ExtractedField.key == "doc_type.value"))
    fixed_type = existing.value if existing is not None and existing.human else None
    text = document_text(session, document.id)
    extraction = extract(text, known_agency_names(session), doc_type=fixed_type, received=_received(document))
    rows = save_fields(session, document.id, extraction.fields)
    _apply_type(document, rows)
    doc_date = _doc_date(document, rows, extraction.text)
    previous_case = document.case_id
    link = assign_case(session, document, rows, doc_date, rules)
    check_chronology(session, document, rows)
    link_entities(session, document, rows)
    _cross_check(session, document)
    reasons = _record(session, document, rows, link, doc_date, rules, extraction.doc_type.confidence)
    for case_id in {previous_case, document.case_id} - {None}:
        if session.get(Case, case_id) is not None:  # a case merged away has no file to refresh
            refresh_case_file(session, case_id)
    if link.case is not None and link.method != "inferred":
        file_waiting_documents(session, document, rules)
    from media.linking import relink_for_document  # media recorded around its acts, or naming its case

    relink_for_document(session, document)
    return ClassifyOutcome(document.id, document.doc_type or OTHER, link.case.case_no if link.case else None,
                           bool(reasons), reasons)


def _cross_check(session: Session, document: Document) -> None:
    """Names and roles the case settles (casefiles.cross_check); its documents whose fields changed are
    linked again and queued for the search index."""
    for doc_id in sorted(cross_check_case(session, document.case_id, document.unit_id)):
        other = document if doc_id == document.id else session.get(Document, doc_id)
        link_entities(session, other, fields_of(session, doc_id))
        if other is not document:
            mark_changed(session, other)


def _record(session: Session, document: Document, rows: list[ExtractedField], link: CaseLink,
            doc_date: dt.date | None, rules: CaseRules, doc_type_confidence: float | None = None) -> list[dict]:
    """Store the verdict on `document`: its date, how it joined its case, what waits for review."""
    reasons = (_review_reasons(rows, link, rules.review.threshold) + _quality_reasons(document, rows)
               + merge_reasons(session, document.id))
    record = session.get(DocumentClassification, document.id) or DocumentClassification(document_id=document.id)
    if doc_type_confidence is not None:
        record.doc_type_confidence = doc_type_confidence
    record.doc_date, record.case_link = doc_date, link.method
    record.needs_review, record.review_reasons = bool(reasons), reasons
    record.classifier_version, record.classified_at = CLASSIFIER_VERSION, dt.datetime.now(dt.timezone.utc)
    session.add(record)
    session.flush()
    return reasons


def file_waiting_documents(session: Session, filed: Document, rules: CaseRules) -> list[int]:
    """Documents of the unit that are in no case get another try, until a pass files none.

    A document that arrived before the rest of its case, or whose candidates were ambiguous, waits
    for review; once another document of that case is filed, its numbers or its party, officers and
    dates may settle it. Only a conflict between two printed numbers waits for a person. Linked
    documents are queued for the search index.
    """
    linked: list[int] = []
    while True:
        waiting = session.scalars(
            select(Document).join(DocumentClassification, DocumentClassification.document_id == Document.id)
            .where(Document.unit_id == filed.unit_id, Document.case_id.is_(None), Document.status == "ok",
                   Document.id != filed.id).order_by(Document.id)).all()
        newly = []
        for document in waiting:
            rows = fields_of(session, document.id)
            number = row_of(rows, "case_no.value")
            if number is not None and number.value and "conflict" in (number.problems or []) and not number.human:
                continue  # two printed numbers disagree: a person settles it
            record = session.get(DocumentClassification, document.id)
            link = assign_case(session, document, rows, record.doc_date, rules)
            if link.case is None:
                continue
            _cross_check(session, document)
            _record(session, document, rows, link, record.doc_date, rules)
            refresh_case_file(session, link.case.id)
            mark_changed(session, document)
            from media.linking import relink_for_document

            relink_for_document(session, document)  # now in a case: its acts may date recordings
            newly.append(document.id)
        linked += newly
        if not newly:
            break
    if linked:
        log.info("filed %d waiting documents after document %d", len(linked), filed.id)
    return linked


def mark_changed(session: Session, document: Document) -> None:
    """A change outside ingest that the search index must see: bump the version, queue the update."""
    document.version = (document.version or 0) + 1
    session.add(IndexOutbox(document_id=document.id, version=document.version, op="upsert"))


# Case reasons a later document of the same batch may settle: the rest of the matter was not filed yet.
UNSETTLED_REASONS = frozenset({"case_maybe_same", "no_case", "case_ambiguous"})


def classify_batch(transaction: Callable[[], ContextManager[Session]], ids: Iterable[int],
                   report: Callable[[ClassifyOutcome], None]) -> None:
    """Classify each document in its own transaction, then once more each one whose case the first pass could not
    settle (#13 item 1: a document read before the rest of its matter); `report` gets each document's final
    outcome, a settled one at once, an unsettled one after its second pass."""
    waiting: list[int] = []
    for doc_id in ids:
        outcome = _classify_one(transaction, doc_id)
        if any(r.get("reason") in UNSETTLED_REASONS for r in outcome.reasons):
            waiting.append(doc_id)
        else:
            report(outcome)
    for doc_id in waiting:
        report(_classify_one(transaction, doc_id))


def _classify_one(transaction: Callable[[], ContextManager[Session]], doc_id: int) -> ClassifyOutcome:
    with transaction() as session:
        document = session.get(Document, doc_id)
        if document is None or document.status != "ok":
            raise NotFound(f"no finished document with id {doc_id}")
        outcome = classify_document(session, document)
        mark_changed(session, document)
        return outcome


def classify_in_ingest(session: Session, document: Document) -> None:
    """Classify a freshly OCR'd document inside ingest's transaction.

    A classifier failure must not lose a scan: the savepoint is rolled back,
    the document is stored unclassified and waits in the review queue.
    """
    session.flush()
    try:
        with session.begin_nested():
            classify_document(session, document)
    except Exception:  # noqa: BLE001 - any classifier bug; the scan itself is sound
        log.exception("classifying document %d failed; it waits for review", document.id)
        record = session.get(DocumentClassification, document.id) or DocumentClassification(document_id=document.id)
        record.needs_review, record.classifier_version = True, CLASSIFIER_VERSION
        record.review_reasons = ([{"key": "doc_type.value", "reason": "classification_failed"}]
                                 + _quality_reasons(document, []))
        session.add(record)
