"""Read models: documents as plain data for the CLI and the JSON API."""
from __future__ import annotations

from sqlalchemy.orm import Session

from earchive.errors import NotFound
from records.models import Document


def document_as_json(session: Session, document_id: int) -> dict:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFound(f"no document with id {document_id}")
    fields = ("id", "sha256", "source_name", "media_type", "size_bytes", "status", "unit_id", "case_id", "doc_type",
              "stage", "classification", "title", "profile", "ocr_engine", "ocr_languages", "page_count",
              "quality_flags", "pdfa_sha256", "version", "created_at", "ingested_at")
    data = {f: getattr(doc, f) for f in fields}
    data["pages"] = [{"page_no": p.page_no, "width_px": p.width_px, "height_px": p.height_px, "dpi": p.dpi,
                      "text_raw": p.text_raw, "text_norm": p.text_norm, "words": p.words} for p in doc.pages]
    return data
