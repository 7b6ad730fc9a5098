"""Scan uploads by archivists and the batch pages that follow each file through OCR.

A user sees the batches of the units their ingest right covers (access_control.policy:
the archivist's agency), and a file of a batch links to its document only when the user
may view that document. A file that duplicates a document the user may not see is shown
as not filed, without the document or any hint of where it is (it may be another
agency's). Every page view and every upload is written to the access log.
"""
from __future__ import annotations

import logging

from dataclasses import dataclass

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from access_control.audit import Event
from access_control.policy import Action, unit_ids_in_scope, visible_ids
from earchive.errors import EarchiveError, NotFound
from ingest.uploads import create_upload_batch
from records.models import Document, IngestBatch, IngestItem
from scanner_profiles import list_profiles
from webapp.access import audit, refuse, require
from webapp.forms import UploadForm
from webapp.labels import PENDING_STATUSES
from webapp.request_db import current_ctx, db_session

log = logging.getLogger(__name__)

bp = Blueprint("batches", __name__, url_prefix="/batches")

RECENT_BATCHES = 50


def _client_filename(name: str) -> str:
    """The file's own name: some browsers send the client's whole path."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "未命名文件"


@dataclass(frozen=True)
class ItemView:
    """One file of a batch as this user may see it."""

    source_name: str
    status: str
    note: str
    document_id: int | None  # linked only when the user may view the document


NOT_FILED = "该文件未入库；如需了解原因，请联系系统管理员"


def _item_views(items: list[IngestItem]) -> list[ItemView]:
    ids = {i.document_id for i in items if i.document_id}
    documents = db_session().scalars(select(Document).where(Document.id.in_(ids))).all() if ids else []
    viewable = visible_ids(current_user, documents)
    views = []
    for item in items:
        shown = item.document_id if item.document_id in viewable else None
        if item.status == "duplicate" and shown is None:
            # Whose document it duplicates, and that it exists at all, is not this user's to learn.
            views.append(ItemView(item.source_name, "rejected", NOT_FILED, None))
            continue
        note = item.error or ("与已入库文书相同，未重复保存" if item.status == "duplicate" else "")
        views.append(ItemView(item.source_name, item.status, note,
                              shown if item.status in ("ok", "duplicate") else None))
    return views


@bp.get("/")
def index():
    require(Action.ingest)
    session = db_session()
    units = unit_ids_in_scope(current_user, Action.ingest)
    batches = session.scalars(select(IngestBatch).where(IngestBatch.unit_id.in_(units))
                              .order_by(IngestBatch.id.desc()).limit(RECENT_BATCHES)).all()
    counts: dict[int, dict[str, int]] = {}
    if batches:
        rows = session.execute(
            select(IngestItem.batch_id, IngestItem.status, func.count())
            .where(IngestItem.batch_id.in_([b.id for b in batches]))
            .group_by(IngestItem.batch_id, IngestItem.status))
        for batch_id, status, n in rows:
            counts.setdefault(batch_id, {})[status] = n
    audit(Event("view", record_kind="batch_list", detail={"page": "batches", "batches": [b.id for b in batches]}))
    return render_template("batches/index.html", batches=batches, counts=counts,
                           profile_titles={p.name: p.title for p in list_profiles()})


@bp.route("/new", methods=["GET", "POST"])
def new():
    require(Action.ingest)
    ctx = current_ctx()
    form = UploadForm()
    form.profile.choices = [(p.name, p.title) for p in list_profiles()]
    if not form.is_submitted():
        form.profile.data = ctx.settings.default_profile
    if form.validate_on_submit():
        files = [(_client_filename(f.filename), f.stream) for f in form.files.data if f and f.filename]
        if not files:
            form.files.errors.append("请选择至少一个文件")
        else:
            try:
                batch_id = create_upload_batch(ctx, files, profile=form.profile.data,
                                               created_by=current_user.username, unit_id=current_user.unit_id)
            except EarchiveError as e:
                if e.http_status >= 500:
                    raise
                form.files.errors.append(e.message)
            else:
                audit(Event("ingest", record_kind="batch", record_id=batch_id,
                            detail={"files": [name for name, _ in files], "profile": form.profile.data}))
                log.info("user %s uploaded %d files as batch %d", current_user.username, len(files), batch_id)
                return redirect(url_for("batches.show", batch_id=batch_id), code=303)
    return render_template("batches/new.html", form=form)


@bp.get("/<int:batch_id>")
def show(batch_id: int):
    require(Action.ingest)
    batch = db_session().get(IngestBatch, batch_id)
    if batch is None:
        raise NotFound("批次不存在")
    event = Event("view", record_kind="batch", record_id=batch.id)
    if batch.unit_id not in unit_ids_in_scope(current_user, Action.ingest):
        refuse(event, "该批次不属于您所在的执法机关")
    audit(event)
    pending = any(item.status in PENDING_STATUSES for item in batch.items)
    profile_titles = {p.name: p.title for p in list_profiles()}
    return render_template("batches/show.html", batch=batch, items=_item_views(batch.items), pending=pending,
                           profile_title=profile_titles.get(batch.profile, batch.profile))
