"""The archivist's review: the queue, and confirming or correcting one field at a time.

Every confirmation and correction is recorded (who, when, old value, new
value) and makes the field a person's: re-running the classifier never
changes it again. A corrected value is checked like a read one — an ID
number must pass its check digit, a case number must parse — so a typo is
refused with the reason rather than stored. After each change the document
is classified again (its case, title and links follow the corrected values)
and queued for the search index.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from classify.case_no import normalise_case_no
from classify.dates import find_dates
from classify.ids import is_valid_credit_code, is_valid_id_number
from classify.labels import DOC_TYPES, OTHER, ROLES, SERVICE_METHODS, STAGES
from classify.models import HUMAN_STATUSES, DocumentClassification, ExtractedField, FieldCorrection
from casefiles.filing import classify_document, mark_changed
from casefiles.models import CaseFile
from earchive.errors import EarchiveError, ExitCode, NotFound
from records.models import Document
from records.text import normalise_text

# Fields every document can be given by hand even when the classifier read nothing.
CORE_KEYS: dict[str, tuple[str, str]] = {
    "doc_type.value": ("doc_type", "value"),
    "case_no.value": ("case_no", "value"),
    "agency.name": ("agency", "name"),
    "cause.value": ("cause", "value"),
}


PARTY_KINDS = {"person": "自然人", "organisation": "单位"}


class CorrectionRejected(EarchiveError):
    """A corrected value is not a valid value of its field; the message says why, in Chinese."""

    exit_code = ExitCode.bad_args
    http_status = 400


class FieldsLocked(EarchiveError):
    """The document belongs to an archived case file: its fields can no longer be changed."""

    exit_code = ExitCode.bad_args
    http_status = 409


# The reason a document that opened a case on its own waits: its number may be misread (a fragment of a case).
SOLE_DOCUMENT = "sole_document"


@dataclass(frozen=True)
class Reviewer:
    user_id: int | None
    username: str


def _date(value: str) -> str:
    found = find_dates(normalise_text(value))
    if len(found) != 1 or found[0].iso is None:
        raise CorrectionRejected(f"“{value}”不是一个完整的日期，请按 2024-03-05 或 2024年3月5日 填写")
    return found[0].iso


def _choice(value: str, choices: dict[str, str], what: str) -> str:
    if value in choices:
        return value
    by_label = {label: code for code, label in choices.items()}
    if value in by_label:
        return by_label[value]
    raise CorrectionRejected(f"“{value}”不是可选的{what}")


def checked_value(row_kind: str, attr: str, value: str) -> str | None:
    """The value to store for a correction, or CorrectionRejected; empty means "no such value"."""
    value = (value or "").strip()
    if not value:
        return None
    if row_kind == "doc_type":
        return _choice(value, {**{c: t.title for c, t in DOC_TYPES.items()}, OTHER: "其他文书"}, "文书类型")
    if row_kind == "stage":
        return _choice(value, STAGES, "阶段")
    if row_kind == "case_no":
        canonical = normalise_case_no(value)
        if canonical is None:
            raise CorrectionRejected(f"“{value}”不是案号，格式应如 测住建罚〔2024〕12号")
        return canonical
    if attr == "id_number":
        if not is_valid_id_number(value.upper()):
            raise CorrectionRejected(f"身份证号 {value} 校验位不符或出生日期无效，请核对原件")
        return value.upper()
    if attr == "credit_code":
        if not is_valid_credit_code(value.upper()):
            raise CorrectionRejected(f"统一社会信用代码 {value} 校验码不符，请核对原件")
        return value.upper()
    if row_kind == "date":
        return _date(value)
    if row_kind == "service" and attr == "method":
        return _choice(value, SERVICE_METHODS, "送达方式")
    if attr == "amount":
        digits = value.replace(",", "").removesuffix("元")
        if not digits.isdigit():
            raise CorrectionRejected(f"金额“{value}”应为整数元")
        return digits
    if attr == "role":
        return ",".join(_choice(part.strip(), ROLES, "角色") for part in re.split(r"[、,，;；\s]+", value) if part)
    if attr == "kind":
        return _choice(value, PARTY_KINDS, "当事人类别")
    if attr == "sex" and value not in ("男", "女"):
        raise CorrectionRejected("性别应为“男”或“女”")
    return value


def _after_change(session: Session, document_id: int) -> None:
    document = session.get(Document, document_id)
    classify_document(session, document)
    mark_changed(session, document)


def _field(session: Session, document_id: int, field_id: int) -> ExtractedField:
    row = session.get(ExtractedField, field_id)
    if row is None or row.document_id != document_id:
        raise NotFound("该字段不存在")
    return row


def archived_case_file(session: Session, document_id: int) -> CaseFile | None:
    """The archived case file the document is filed in, if its case is archived."""
    return session.scalar(select(CaseFile).join(Document, Document.case_id == CaseFile.case_id)
                          .where(Document.id == document_id, CaseFile.status == "archived"))


def _unlocked(session: Session, document_id: int) -> None:
    case_file = archived_case_file(session, document_id)
    if case_file is not None:
        raise FieldsLocked(f"该文书所属案卷已于 {case_file.archived_at:%Y-%m-%d} 立卷归档（档号 {case_file.archive_no}），"
                           "著录项已锁定，不能再确认或更正")


def confirm_field(session: Session, document_id: int, field_id: int, reviewer: Reviewer) -> ExtractedField:
    """The value read is right: it becomes the reviewer's, as it is."""
    _unlocked(session, document_id)
    row = _field(session, document_id, field_id)
    session.add(FieldCorrection(field_id=row.id, document_id=document_id, action="confirm", old_value=row.value,
                                new_value=row.value, user_id=reviewer.user_id, username=reviewer.username))
    row.status = "confirmed"
    session.flush()
    _after_change(session, document_id)
    return row


def correct_field(session: Session, document_id: int, field_id: int, value: str,
                  reviewer: Reviewer) -> ExtractedField:
    """Replace a field's value with the reviewer's (checked like a read value)."""
    _unlocked(session, document_id)
    row = _field(session, document_id, field_id)
    new = checked_value(row.kind, row.attr, value)
    session.add(FieldCorrection(field_id=row.id, document_id=document_id, action="correct", old_value=row.value,
                                new_value=new, user_id=reviewer.user_id, username=reviewer.username))
    row.value, row.status = new, "corrected"
    session.flush()
    _after_change(session, document_id)
    return row


def add_field(session: Session, document_id: int, key: str, value: str, reviewer: Reviewer) -> ExtractedField:
    """Give a document a core value the classifier did not read (its case number, say)."""
    _unlocked(session, document_id)
    if key not in CORE_KEYS:
        raise CorrectionRejected("只能补录文书类型、案号、执法机关和案由")
    existing = session.scalar(select(ExtractedField).where(ExtractedField.document_id == document_id,
                                                           ExtractedField.key == key))
    if existing is not None:
        return correct_field(session, document_id, existing.id, value, reviewer)
    kind, attr = CORE_KEYS[key]
    new = checked_value(kind, attr, value)
    row = ExtractedField(document_id=document_id, key=key, kind=kind, attr=attr, value=new, machine_value=None,
                         raw=None, confidence=1.0, boxes=[], problems=[], status="corrected")
    session.add(row)
    session.flush()
    session.add(FieldCorrection(field_id=row.id, document_id=document_id, action="correct", old_value=None,
                                new_value=new, user_id=reviewer.user_id, username=reviewer.username))
    session.flush()
    _after_change(session, document_id)
    return row


def corrections_of(session: Session, document_id: int) -> list[tuple[FieldCorrection, str]]:
    """The document's review history, newest first, with each field's key."""
    rows = session.execute(select(FieldCorrection, ExtractedField.key)
                           .join(ExtractedField, ExtractedField.id == FieldCorrection.field_id)
                           .where(FieldCorrection.document_id == document_id).order_by(FieldCorrection.id.desc()))
    return [(correction, key) for correction, key in rows]


@dataclass(frozen=True)
class QueueEntry:
    document: Document
    record: DocumentClassification | None
    reasons: list[dict]  # {"key": field key, "reason": code}, as DocumentClassification.review_reasons


def _flagged_field_documents(session: Session) -> set[int]:
    """Documents with a field that carries a problem tag and that no person has settled yet."""
    tagged = cast(ExtractedField.problems, String)
    return set(session.scalars(select(ExtractedField.document_id).distinct()
                               .where(ExtractedField.status.not_in(HUMAN_STATUSES),
                                      ExtractedField.problems.is_not(None), tagged.not_in(("[]", "null")))))


def _sole_documents(session: Session, among: Iterable[int] | None = None) -> set[int]:
    """Documents alone in their case whose case number no person has confirmed: they opened the case."""
    alone = (select(Document.case_id).where(Document.status == "ok", Document.case_id.is_not(None))
             .group_by(Document.case_id).having(func.count(Document.id) == 1))
    query = select(Document.id).where(Document.status == "ok", Document.case_id.in_(alone))
    if among is not None:
        query = query.where(Document.id.in_(list(among)))
    ids = set(session.scalars(query))
    settled = set(session.scalars(select(ExtractedField.document_id).where(
        ExtractedField.document_id.in_(ids), ExtractedField.key == "case_no.value",
        ExtractedField.status.in_(HUMAN_STATUSES))))
    return ids - settled


def pending_reasons(session: Session, document_ids: Iterable[int]) -> dict[int, list[dict]]:
    """Why each document waits for a person (empty list: it does not)."""
    ids = list(document_ids)
    out: dict[int, list[dict]] = defaultdict(list)
    for record in session.scalars(select(DocumentClassification).where(DocumentClassification.document_id.in_(ids),
                                                                       DocumentClassification.needs_review.is_(True))):
        out[record.document_id].extend(r for r in record.review_reasons or [] if isinstance(r, dict))
    for row in session.scalars(select(ExtractedField).where(ExtractedField.document_id.in_(ids),
                                                            ExtractedField.status.not_in(HUMAN_STATUSES))
                               .order_by(ExtractedField.id)):
        for problem in row.problems or []:
            reason = {"key": row.key, "reason": problem}
            if reason not in out[row.document_id]:
                out[row.document_id].append(reason)
    for document_id in _sole_documents(session, ids):
        out[document_id].append({"key": "case_no.value", "reason": SOLE_DOCUMENT})
    return {i: out.get(i, []) for i in ids}


def waiting_for_review(session: Session) -> set[int]:
    """Every document the review queue holds, whoever may open it: flagged by the classifier, with a
    field whose problem no person has settled, or alone in the case it opened; none of an archived case."""
    waiting = set(session.scalars(select(DocumentClassification.document_id)
                                  .where(DocumentClassification.needs_review.is_(True))))
    waiting |= _flagged_field_documents(session) | _sole_documents(session)
    archived = select(CaseFile.case_id).where(CaseFile.status == "archived")
    return set(session.scalars(select(Document.id).where(
        Document.id.in_(waiting), Document.status == "ok",
        Document.case_id.is_(None) | Document.case_id.not_in(archived))))


def review_queue(session: Session, may_open: Callable[[list[Document]], set[int]] | None = None,
                 limit: int = 500) -> list[QueueEntry]:
    """Documents waiting for a person, oldest first, only those `may_open` lets the user open.

    `may_open` takes documents and returns the ids the user may open (the access policy); the queue is
    filtered before the limit, so one user's queue is never filled with documents of another's.
    """
    documents = list(session.scalars(select(Document).where(
        Document.id.in_(waiting_for_review(session))).order_by(Document.id)))
    if may_open is not None:
        allowed = may_open(documents)
        documents = [d for d in documents if d.id in allowed]
    documents = documents[:limit]
    records = {r.document_id: r for r in session.scalars(select(DocumentClassification).where(
        DocumentClassification.document_id.in_([d.id for d in documents])))}
    reasons = pending_reasons(session, [d.id for d in documents])
    return [QueueEntry(d, records.get(d.id), reasons[d.id]) for d in documents
            if reasons[d.id] or (d.id in records and records[d.id].needs_review)]
