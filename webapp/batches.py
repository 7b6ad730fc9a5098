"""Scan uploads by archivists and the batch pages that follow each file through OCR."""
from __future__ import annotations

import logging

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from access_control.policy import Action
from earchive.errors import EarchiveError, NotFound
from ingest.uploads import create_upload_batch
from records.models import IngestBatch, IngestItem
from scanner_profiles import list_profiles
from webapp.access import require
from webapp.forms import UploadForm
from webapp.labels import PENDING_STATUSES
from webapp.request_db import current_ctx, db_session

log = logging.getLogger(__name__)

bp = Blueprint("batches", __name__, url_prefix="/batches")

RECENT_BATCHES = 50


def _client_filename(name: str) -> str:
    """The file's own name: some browsers send the client's whole path."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "未命名文件"


@bp.get("/")
def index():
    require(Action.ingest)
    session = db_session()
    batches = session.scalars(select(IngestBatch).order_by(IngestBatch.id.desc()).limit(RECENT_BATCHES)).all()
    counts: dict[int, dict[str, int]] = {}
    if batches:
        rows = session.execute(
            select(IngestItem.batch_id, IngestItem.status, func.count())
            .where(IngestItem.batch_id.in_([b.id for b in batches]))
            .group_by(IngestItem.batch_id, IngestItem.status))
        for batch_id, status, n in rows:
            counts.setdefault(batch_id, {})[status] = n
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
                log.info("user %s uploaded %d files as batch %d", current_user.username, len(files), batch_id)
                return redirect(url_for("batches.show", batch_id=batch_id), code=303)
    return render_template("batches/new.html", form=form)


@bp.get("/<int:batch_id>")
def show(batch_id: int):
    require(Action.ingest)
    batch = db_session().get(IngestBatch, batch_id)
    if batch is None:
        raise NotFound("批次不存在")
    pending = any(item.status in PENDING_STATUSES for item in batch.items)
    profile_titles = {p.name: p.title for p in list_profiles()}
    return render_template("batches/show.html", batch=batch, pending=pending,
                           profile_title=profile_titles.get(batch.profile, batch.profile))
