"""Read models of classification: a document's fields as plain data for `earchive show --json` and the web."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from classify.fields import fields_of
from classify.labels import DOC_TYPES, PARTY_ROLES, ROLES, doc_type_label
from classify.models import DocumentClassification, ExtractedField
from records.models import Case, Document

PARTY_KINDS = tuple(PARTY_ROLES)


def field_json(row: ExtractedField) -> dict:
    return {"id": row.id, "key": row.key, "value": row.value, "machine_value": row.machine_value, "raw": row.raw,
            "confidence": row.confidence, "page_no": row.page_no, "boxes": row.boxes, "problems": row.problems,
            "status": row.status}


def _entities(rows: list[ExtractedField], kinds: tuple[str, ...]) -> list[dict]:
    """One dict per entity: a party's role (当事人, 法定代表人 …), kind, name and identifier; an officer's
    name, cert_no and role(s); each value also with its field (confidence, boxes, problems)."""
    out: dict[str, dict] = {}
    for r in rows:
        if r.kind in kinds and r.entity:
            entity = out.setdefault(r.entity, {"role": r.kind, "fields": {}})
            entity[r.attr] = r.value
            entity["fields"][r.attr] = field_json(r)
    for entity in out.values():
        if "officer" in kinds:  # the officer's "role" is its role field: handler,interviewer …
            roles = [x for x in (entity.get("role") if entity.get("role") != "officer" else "").split(",") if x]
            entity["role_label"] = "、".join(ROLES.get(x, x) for x in roles)
        elif entity["role"] in PARTY_ROLES:
            entity["role_label"] = PARTY_ROLES[entity["role"]]
    return list(out.values())


def classification_as_json(session: Session, document_id: int) -> dict:
    """Type, stage, case and every field with its confidence and where on the page it was read."""
    document = session.get(Document, document_id)
    rows = fields_of(session, document_id)
    record = session.get(DocumentClassification, document_id)
    by_key = {r.key: r for r in rows}

    def single(key: str) -> dict | None:
        return field_json(by_key[key]) if key in by_key else None

    case = session.get(Case, document.case_id) if document and document.case_id else None
    return {
        "doc_type": document.doc_type if document else None,
        "doc_type_label": doc_type_label(document.doc_type) if document else "",
        "stage": document.stage if document else None,
        "case_no": case.case_no if case else None,
        "case_link": record.case_link if record else None,
        "doc_date": record.doc_date.isoformat() if record and record.doc_date else None,
        "needs_review": record.needs_review if record else None,
        "review_reasons": record.review_reasons if record else [],
        "agency": single("agency.name"),
        "cause": single("cause.value"),
        "case_no_field": single("case_no.value"),
        "parties": _entities(rows, PARTY_KINDS),
        "officers": _entities(rows, ("officer",)),
        "devices": [field_json(r) for r in rows if r.kind == "device"],
        "dates": {r.attr: field_json(r) for r in rows if r.kind == "date"},
        "service_method": single("service.method"),
        "measures": _entities(rows, ("measure",)),
        "fields": [field_json(r) for r in rows],
    }


def indexed_fields(session: Session, document_ids: list[int]) -> dict[int, dict]:
    """Parties, officers, devices and date per document, as the search index files them."""
    out: dict[int, dict] = {i: {"parties": [], "officers": [], "devices": [], "doc_date": None} for i in document_ids}
    rows = session.execute(select(ExtractedField.document_id, ExtractedField.kind, ExtractedField.attr,
                                  ExtractedField.value)
                           .where(ExtractedField.document_id.in_(document_ids), ExtractedField.value.is_not(None),
                                  ExtractedField.kind.in_((*PARTY_KINDS, "officer", "device")),
                                  ExtractedField.attr.in_(("name", "device_no"))))
    lists = {**{kind: "parties" for kind in PARTY_KINDS}, "officer": "officers", "device": "devices"}
    for doc_id, kind, _attr, value in rows:
        target = out[doc_id][lists[kind]]
        if value not in target:
            target.append(value)
    for doc_id, when in session.execute(select(DocumentClassification.document_id, DocumentClassification.doc_date)
                                        .where(DocumentClassification.document_id.in_(document_ids))):
        out[doc_id]["doc_date"] = when
    return out


def known_doc_types() -> list[tuple[str, str]]:
    return [(code, t.title) for code, t in DOC_TYPES.items()] + [("other", "其他文书")]
