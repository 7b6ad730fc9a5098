"""The search page: query box, hits with snippets, facets and cursor pagination."""
from __future__ import annotations

import datetime as dt
import logging

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from access_control.audit import Event
from access_control.policy import Action, decide, permission_filter_for
from casefiles.numbers import find_cases
from classify.case_no import normalise_case_no
from earchive.errors import SearchUnavailable
from indexer.base import InvalidSearchQuery, SearchFilters, SearchHit, SearchQuery, SearchResult
from records.models import Document, Unit
from webapp.access import audit, require
from webapp.request_db import current_ctx, db_session

log = logging.getLogger(__name__)

bp = Blueprint("search", __name__)

PAGE_SIZE = 20
FACETS = ("doc_type", "stage", "case_no", "unit_id")
_TEXT_FILTERS = ("case_no", "party", "officer", "device", "doc_type", "stage")
_ALL_FILTERS = (*_TEXT_FILTERS, "unit_id", "date_from", "date_to")


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_from(args: MultiDict) -> SearchFilters:
    values = {name: args[name].strip() for name in _TEXT_FILTERS if args.get(name, "").strip()}
    if "case_no" in values:
        values["case_no"] = indexed_case_no(values["case_no"]) or values["case_no"]
    return SearchFilters(**values, unit_id=args.get("unit_id", type=int),
                         date_from=_date(args.get("date_from")), date_to=_date(args.get("date_to")))


def indexed_case_no(typed: str) -> str | None:
    """The 案号 the index files a case's documents under, for any written form of any of the case's numbers.

    测住建罚（2023）0887号, 测住建罚[2023]第887号 and the 告知书's own number all lead to the case's 案号.
    None when the text is not a case number at all.
    """
    canonical = normalise_case_no(typed)
    if canonical is None:
        return None
    held = {c.case_no for c in find_cases(db_session(), canonical)}
    if canonical in held or not held:
        return canonical
    return held.pop() if len(held) == 1 else canonical


def search_url(**changes: str | int | None) -> str:
    """This search with some parameters changed (None removes one); always from the first page."""
    args = {k: v for k, v in request.args.items() if k != "after" and v}
    args.update({k: v for k, v in changes.items() if v is not None})
    for k, v in changes.items():
        if v is None:
            args.pop(k, None)
    return url_for("search.search", **args)


def _visible(hits: list[SearchHit]) -> list[SearchHit]:
    """Hits the policy lets the user view; the backend filters already, this is the second lock."""
    if not hits:
        return []
    ids = {h.document_id for h in hits}
    documents = {d.id: d for d in db_session().scalars(select(Document).where(Document.id.in_(ids)))}
    shown = [h for h in hits if h.document_id in documents
             and decide(current_user, Action.view, documents[h.document_id])]
    if len(shown) < len(hits):
        log.warning("search returned %d hits the policy refuses; is the index stale?", len(hits) - len(shown))
    return shown


def _unit_names(result: SearchResult | None) -> dict[str, str]:
    values = [v for v, _ in (result.facets.get("unit_id", []) if result else [])]
    ids = [int(v) for v in values if str(v).isdigit()]
    if not ids:
        return {}
    return {str(u.id): u.name for u in db_session().scalars(select(Unit).where(Unit.id.in_(ids)))}


@bp.get("/search")
def search():
    require(Action.search)
    q = request.args.get("q", "").strip()
    filters = filters_from(request.args)
    active = {name: request.args[name] for name in _ALL_FILTERS if request.args.get(name)}
    # A case number in the query, in any written form, is understood by the search backend itself
    # (indexer.query_terms): it finds every document of the case. The page says so.
    case_no_query = normalise_case_no(q) if q else None
    result, error, status = None, None, 200
    if q or active:
        audit(Event("search", detail={"q": q[:500], "filters": active, "after": bool(request.args.get("after"))}))
        try:
            query = SearchQuery(q, filters=filters, permission=permission_filter_for(current_user),
                                facets=FACETS, limit=PAGE_SIZE, after=request.args.get("after") or None)
            result = current_ctx().search.search(query)
        except SearchUnavailable as e:
            log.warning("search unavailable: %s", e.message)
            error, status = "检索服务暂不可用，请稍后再试；如持续出现，请联系系统管理员。", 503
        except InvalidSearchQuery as e:
            log.info("invalid search %r: %s", request.query_string, e.message)
            error, status = "检索条件或翻页标记无效，请重新检索。", 400
    return render_template(
        "search.html", q=q, active=active, result=result, error=error,
        case_no_query=case_no_query,
        hits=_visible(result.hits) if result else [], unit_names=_unit_names(result),
        search_url=search_url, first_page=not request.args.get("after"),
    ), status
