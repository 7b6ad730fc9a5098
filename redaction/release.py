"""Releasing a redacted copy: burn the plan into the page images, verify, record, and only then hand it out.

Three ways out of earchive, one path: a copy for an approved 调用单 (001:35, 002
记录办法:29), a publication of a decision (行政执法公示, 002 公示办法:5), and a
redacted copy made at the command line. Each builds the PDF from page images with
the plan's boxes filled in the pixels (redaction/burn.py), then verifies it
(redaction/verify.py): if anything the plan hides, or any personal data the plan does
not deliberately leave visible, can be read back from the PDF, nothing leaves. A
release that passes is a Release row with its SHA-256 and what was verified, and an
access-log entry with the slip. The original in the store is never touched.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from access_control.audit import AccessLog, Actor, Event
from access_control.copies import slip_mark
from access_control.models import RetrievalSlip
from earchive.errors import EarchiveError, ExitCode
from records.models import Document, utcnow
from redaction.burn import build_release_pdf, release_pages
from redaction.detect import DetectionContext, detect_page
from redaction.kinds import Kind
from redaction.models import Release
from redaction.plan import Plan
from redaction.propose import Proposal, propose, rules_for_documents, with_hidden_text
from redaction.verify import Verification, raise_if_blocked, verify_release
from store import ObjectStore

log = logging.getLogger(__name__)


class NotPublishable(EarchiveError):
    """A document the agency's publication rule does not cover."""

    exit_code = ExitCode.bad_args
    http_status = 400


@dataclass
class ReleasedCopy:
    data: bytes
    sha256: str
    verification: Verification
    release: Release
    plan: Plan


def _detector(ctx: DetectionContext, kinds: set[Kind]):
    """What the verification runs on the re-OCR of each released page: the same detectors as the proposal."""
    def detect(page_no: int, words: list[dict]) -> list[tuple[Kind, str]]:
        return [(d.kind, d.text) for d in detect_page(page_no, words, ctx) if d.kind in kinds]
    return detect


def build_verified(session: Session, store: ObjectStore, documents: Sequence[Document], plan: Plan,
                   proposal: Proposal, *, mark: str | None, footer: str | None) -> tuple[bytes, Verification]:
    """The release PDF and its verification; ReleaseBlocked when anything hidden can be read back."""
    rules = rules_for_documents(session, documents)
    plan = with_hidden_text(session, plan)
    data = build_release_pdf(release_pages(store, list(documents), plan), mark=mark, footer=footer)
    hidden = [(e.kind, e.text) for e in plan.entries if e.text]
    scope = rules.publication if plan.purpose == "publication" else rules.release
    kinds = set(scope.redact)
    if plan.mask_names:
        kinds.discard(Kind.name)  # a masked name (张某某) is what publication shows; the full name is in `hidden`
    verification = verify_release(data, hidden, allowed=set(proposal.visible),
                                  reocr=rules.verify.reocr, detect=_detector(proposal.context, kinds))
    raise_if_blocked(verification)
    return data, verification


def _record(session: Session, access_log: AccessLog, actor: Actor, *, purpose: str, data: bytes,
            verification: Verification, plan: Plan, plan_id: int | None = None, slip: RetrievalSlip | None = None,
            document: Document | None = None, action: str = "copy") -> Release:
    sha256 = hashlib.sha256(data).hexdigest()
    release = Release(purpose=purpose, plan_id=plan_id, slip_id=slip.id if slip else None,
                      document_id=document.id if document else None, sha256=sha256,
                      page_count=verification.checked.get("pages", 0), entry_count=len(plan.entries),
                      verified=verification.checked, created_by=actor.username)
    session.add(release)
    session.flush()
    access_log.record(session, actor, Event(
        action, slip_no=slip.slip_no if slip else None, purpose=slip.purpose if slip else purpose,
        record_kind="document" if document else "slip", record_id=document.id if document else (slip.id if slip else None),
        case_id=(slip.case_id if slip else document.case_id if document else None), content_hash=sha256,
        detail={"release": release.id, "purpose": purpose, "documents": plan.document_ids,
                "boxes": len(plan.entries), "withheld": len(plan.withheld), "verified": True}))
    return release


def release_for_slip(session: Session, store: ObjectStore, access_log: AccessLog, actor: Actor,
                     slip: RetrievalSlip, documents: Sequence[Document], plan: Plan,
                     plan_id: int | None = None, issued: dt.date | None = None) -> ReleasedCopy:
    """The redacted, verified copy of `documents` for an approved slip, watermarked for it and logged with it.

    `plan` is the slip's reviewed plan (redaction/plans.py); counting the download is the caller's.
    """
    from redaction.propose import audience_for_slip

    issued = issued or utcnow().date()
    audience = audience_for_slip(session, slip)
    proposal = propose(session, documents, purpose="release", audience=audience, slip_no=slip.slip_no)
    proposal.visible.add(slip.applicant_name)
    chosen = Plan(purpose="release", document_ids=[d.id for d in documents], slip_no=slip.slip_no,
                  entries=[e for e in plan.entries if e.document_id in {d.id for d in documents}],
                  withheld=[w for w in plan.withheld if w.document_id in {d.id for d in documents}])
    mark = slip_mark(slip.slip_no, slip.applicant_name, issued)
    footer = (f"本复制件依调用单 {slip.slip_no} 提供给 {slip.applicant_name}（{issued:%Y年%m月%d日}），"
              "已依法遮盖国家秘密、商业秘密和他人个人信息，仅限申请事由使用")
    data, verification = build_verified(session, store, documents, chosen, proposal, mark=mark, footer=footer)
    release = _record(session, access_log, actor, purpose="release", data=data, verification=verification,
                      plan=chosen, plan_id=plan_id, slip=slip)
    log.info("release %d for slip %s: %d documents, %d boxes, verified", release.id, slip.slip_no,
             len(documents), len(chosen.entries))
    return ReleasedCopy(data, release.sha256, verification, release, chosen)


def redact_document(session: Session, store: ObjectStore, access_log: AccessLog, actor: Actor,
                    document: Document, plan: Plan | None = None) -> ReleasedCopy:
    """`earchive redact`: the default plan hides every natural person's data but officers', and what is marked
    secret; a given plan (from --plan) is applied as it is, with what its boxes hide read from the OCR."""
    proposal = propose(session, [document], purpose="redact")
    chosen = plan or proposal.plan
    if plan is not None and set(plan.document_ids) != {document.id}:
        raise EarchiveError(f"遮盖方案针对文书 {plan.document_ids}，与文书 {document.id} 不符")
    footer = f"遮盖件 · 文书 {document.id} · {utcnow():%Y-%m-%d}"
    data, verification = build_verified(session, store, [document], chosen, proposal, mark=None, footer=footer)
    release = _record(session, access_log, actor, purpose="redact", data=data, verification=verification,
                      plan=chosen, document=document, action="export")
    return ReleasedCopy(data, release.sha256, verification, release, chosen)


def publish_document(session: Session, store: ObjectStore, access_log: AccessLog, actor: Actor,
                     document: Document) -> ReleasedCopy:
    """The public version of a decision (行政执法公示, 002 公示办法:5): natural persons' names as 张某某, their ID
    numbers, phones, addresses and bank details removed; organisations, facts, legal basis and decision kept."""
    rules = rules_for_documents(session, [document])
    if document.doc_type not in rules.publication.doc_types:
        raise NotPublishable(f"文书 {document.id} 的类型（{document.doc_type or '未识别'}）不在本机关公示规则所列类型内"
                             f"（{'、'.join(rules.publication.doc_types)}）：请先核对文书类型")
    proposal = propose(session, [document], purpose="publication", rules=rules)
    if any(w.page_no is None for w in proposal.plan.withheld):
        raise NotPublishable(f"文书 {document.id} 标记为国家秘密或商业秘密，不予公示（002 公示办法第五条）")
    footer = f"行政执法公示 · {utcnow():%Y-%m-%d}"
    data, verification = build_verified(session, store, [document], proposal.plan, proposal, mark=None,
                                        footer=footer)
    release = _record(session, access_log, actor, purpose="publication", data=data, verification=verification,
                      plan=proposal.plan, document=document, action="export")
    return ReleasedCopy(data, release.sha256, verification, release, proposal.plan)


def publications(session: Session, limit: int = 200) -> list[Release]:
    return list(session.scalars(select(Release).where(Release.purpose == "publication")
                                .order_by(Release.id.desc()).limit(limit)))
