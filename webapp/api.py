"""A small JSON API for other office systems, on the same login session, policy and access log as the pages."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from access_control.audit import Event
from access_control.policy import Action, permission_filter_for
from indexer.base import InvalidSearchQuery, SearchQuery
from records.queries import document_as_json
from webapp.access import audit, document_with_decision, require
from webapp.redaction import applicant_slip
from webapp.request_db import current_ctx, db_session
from webapp.labels import public_title
from webapp.search import filters_from

bp = Blueprint("api", __name__, url_prefix="/api")

API_LIMIT = 50
_DOCUMENT_FIELDS = ("id", "title", "source_name", "doc_type", "stage", "classification", "case_id", "unit_id",
                    "page_count", "sha256", "pdfa_sha256", "ingested_at")


@bp.get("/documents/<int:document_id>")
def document(document_id: int):
    doc, decision = document_with_decision(Action.view, document_id, via="api")
    data = document_as_json(db_session(), doc.id)
    result = {k: data[k] for k in _DOCUMENT_FIELDS}
    if applicant_slip(decision) is not None:  # the OCR text holds what the slip's redaction plan hides (#14)
        result["pages"] = [{"page_no": p["page_no"]} for p in data["pages"]]
        result["source_name"] = None  # a scan's file name may carry a person's name
        result["title"] = public_title(doc)
    else:
        result["pages"] = [{"page_no": p["page_no"], "text": p["text_norm"]} for p in data["pages"]]
    return jsonify(result)


@bp.get("/search")
def search():
    require(Action.search)
    q = request.args.get("q", "").strip()
    audit(Event("search", detail={"q": q[:500], "via": "api"}))
    try:
        result = current_ctx().search.search(SearchQuery(
            q, filters=filters_from(request.args), permission=permission_filter_for(current_user),
            limit=API_LIMIT, after=request.args.get("after") or None))
    except InvalidSearchQuery as e:
        return jsonify({"error": e.message}), 400
    return jsonify({"total": result.total, "next": result.next_cursor, "hits": [
        {"document_id": h.document_id, "page_no": h.page_no, "title": h.title, "case_no": h.case_no,
         "snippet": h.snippet} for h in result.hits]})
