"""The case file (案卷): its table of contents, its archiving, and its export as one PDF/A.

The table of contents orders the documents by stage, then date, and numbers
the pages through the whole file. The export opens with the file's 卷皮 and
卷内目录 and closes with its 备考表 (casefiles.case_file_pages, DA/T 22), joins
the documents' PDF/A files between them in that order with pikepdf, adds a
bookmark per part and per document, labels the documents' pages 1..n (as the
table of contents numbers them), and keeps the first file's PDF/A
identification and output intent, so the result stays a PDF/A file.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pikepdf
from PIL.ImageCms import ImageCmsProfile, createProfile
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from casefiles.archive_no import next_archive_no, retention_for
from casefiles.case_data import CaseInfo, doc_info, load_case, toc_key
from casefiles.checks import case_kind, check_case, is_major
from classify.labels import doc_type_label
from casefiles.models import CaseFile, CaseFileEntry
from classify.models import DocumentClassification
from casefiles.rules import rules_for, scheme_for
from casefiles.scoring import score_case
from earchive.errors import EarchiveError, ExitCode, NotFound
from records.models import Case, Document, utcnow
from store import ObjectStore

log = logging.getLogger(__name__)


class CaseFileError(EarchiveError):
    """A case file cannot be exported or archived as asked."""

    http_status = 409


class ArchiveRefused(CaseFileError):
    """The case file is incomplete or vetoed and no reason was given for archiving it all the same."""

    exit_code = ExitCode.bad_args

    def __init__(self, message: str, exceptions: list[str]):
        super().__init__(message)
        self.exceptions = exceptions


def case_file_of(session: Session, case_id: int) -> CaseFile:
    case_file = session.scalar(select(CaseFile).where(CaseFile.case_id == case_id))
    if case_file is None:
        case_file = CaseFile(case_id=case_id, status="open")
        session.add(case_file)
        session.flush()
    return case_file


def refresh_case_file(session: Session, case_id: int) -> CaseFile:
    """Rebuild the table of contents of a case's file from its documents."""
    case_file = case_file_of(session, case_id)
    docs = session.scalars(select(Document).where(Document.case_id == case_id, Document.status == "ok")).all()
    dates = dict(session.execute(select(DocumentClassification.document_id, DocumentClassification.doc_date)
                                 .where(DocumentClassification.document_id.in_([d.id for d in docs]))).all())
    infos = {d.id: d for d in docs}
    ordered = []
    for d in docs:
        info = doc_info(d, [], None)
        info.doc_date = dates.get(d.id)
        ordered.append(info)
    ordered.sort(key=toc_key)
    session.execute(delete(CaseFileEntry).where(CaseFileEntry.case_file_id == case_file.id))
    session.flush()
    page = 0
    for position, info in enumerate(ordered, 1):
        doc = infos[info.id]
        count = max(doc.page_count, 1)
        session.add(CaseFileEntry(case_file_id=case_file.id, position=position, document_id=doc.id,
                                  title=(doc.title or doc_type_label(doc.doc_type) or doc.source_name)[:300],
                                  doc_date=dates.get(doc.id), first_page=page + 1, last_page=page + count))
        page += count
    case_file.page_count = page
    case_file.assembled_at = utcnow()
    session.flush()
    return case_file


def toc(session: Session, case_id: int) -> list[CaseFileEntry]:
    case_file = session.scalar(select(CaseFile).where(CaseFile.case_id == case_id))
    if case_file is None:
        return []
    return list(session.scalars(select(CaseFileEntry).where(CaseFileEntry.case_file_id == case_file.id)
                                .order_by(CaseFileEntry.position)))


def archive_exceptions(info: CaseInfo, today: dt.date | None = None) -> list[str]:
    """What stands against archiving the case file as it is: documents it lacks, and a vetoed review score.

    Either may still be archived (a file that can never be completed is still filed, 000:28), but only
    with the archivist's reason, which is kept with the case file and in the access log.
    """
    rules = rules_for(info.agency_rules)
    findings = check_case(rules, info, today)
    score = score_case(scheme_for(info.agency_rules), findings)
    out = [f"不完整：{f.message}" for f in findings if f.kind in ("missing", "major")]
    if score.vetoed:
        items = "、".join(dict.fromkeys(line.name for line in score.lines if line.veto))
        out.append(f"评查一票否决（{items}），得分 {score.score} / {score.full_score}")
    return out


def archive_case_file(session: Session, case: Case, username: str, when: dt.datetime | None = None,
                      reason: str | None = None) -> CaseFile:
    """Close the case file: give it an archive number (DA/T 22) and the date it was archived.

    An incomplete or vetoed case file is refused (ArchiveRefused, naming what it lacks) unless `reason`
    says why it is archived all the same; the reason and what it lacked are kept with the case file.
    After archiving, no field of its documents can be confirmed or corrected (casefiles.review).
    """
    case_file = refresh_case_file(session, case.id)
    if case_file.status == "archived":
        raise CaseFileError(f"案卷 {case.case_no} 已于 {case_file.archived_at:%Y-%m-%d} 归档，档号 {case_file.archive_no}")
    info = load_case(session, case)
    exceptions = archive_exceptions(info, when.date() if when else None)
    reason = (reason or "").strip()
    if exceptions and not reason:
        raise ArchiveRefused(f"案卷 {case.case_no} 不能直接归档：" + "；".join(exceptions)
                             + "。如确需归档，请填写归档说明（将记入案卷备考表和调阅登记）", exceptions)
    case_file.archive_note = reason[:2000] or None
    case_file.archive_exceptions = exceptions or None
    rules = rules_for(info.agency_rules)
    kind = case_kind(rules, info)
    case_file.retention = retention_for(rules.archive_no, kind.code if kind else None, is_major(rules, info))
    when = when or utcnow()
    year = _case_year(case.case_no) or when.year
    case_file.archive_no = next_archive_no(session, rules.archive_no, year, case_file.retention, info.unit_code)
    case_file.status, case_file.archived_at, case_file.archived_by = "archived", when, username
    session.flush()
    log.info("archived case %s as %s", case.case_no, case_file.archive_no)
    return case_file


def _case_year(case_no: str) -> int | None:
    m = re.search(r"〔(\d{4})〕", case_no)
    return int(m.group(1)) if m else None


def export_case_pdf(session: Session, store: ObjectStore, case: Case, dest: Path | BinaryIO) -> Path | BinaryIO:
    """The case file as one PDF/A with a bookmark per document, in table-of-contents order.

    `dest` is a path, or a binary file open for writing (the web app passes an anonymous temporary
    file, so that no export is left behind on disk).
    """
    entries = toc(session, case.id)
    if not entries:
        refresh_case_file(session, case.id)
        entries = toc(session, case.id)
    if not entries:
        raise CaseFileError(f"案件 {case.case_no} 没有可导出的文书")
    docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_([e.document_id for e in entries])))}
    paths = [store.derived_path(docs[e.document_id].sha256, "document.pdf") for e in entries]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise NotFound(f"PDF/A 文件缺失：{', '.join(missing)}")
    # Imported here: case_file_pages brings fpdf, a quarter of a CPU-second of imports that every ingest,
    # which reaches this module through classification, would pay without building a case file.
    from casefiles.case_file_pages import back_matter, case_file_facts, front_matter

    facts = case_file_facts(session, case, entries)
    front_bytes, cover_pages = front_matter(facts)
    sources = [pikepdf.open(p) for p in paths[1:]]
    front, back = pikepdf.open(io.BytesIO(front_bytes)), pikepdf.open(io.BytesIO(back_matter(facts)))
    try:
        with pikepdf.open(paths[0]) as pdf:
            for src in sources:
                pdf.pages.extend(src.pages)
            document_pages = len(pdf.pages)
            for i, page in enumerate(front.pages):
                pdf.pages.insert(i, page)
            pdf.pages.extend(back.pages)
            _ensure_output_intent(pdf)
            parts = _Parts(cover_pages, len(front.pages) - cover_pages, document_pages)
            _outline(pdf, entries, parts)
            pdf.Root.PageLabels = _page_labels(parts)
            with pdf.open_metadata() as meta:
                meta["dc:title"] = f"{case.case_no} 案卷"
            if isinstance(dest, Path):
                dest.parent.mkdir(parents=True, exist_ok=True)
            pdf.save(dest)
    finally:
        for src in (*sources, front, back):
            src.close()
    return dest


def _ensure_output_intent(pdf: pikepdf.Pdf) -> None:
    """An sRGB PDF/A output intent when the first document brought none (ISO 19005-2 6.2.4.3).

    The pages drawn for the cover and the closing sheet use DeviceGray and DeviceRGB, which PDF/A allows
    only under an output intent; ocrmypdf's files carry one, and this keeps the export valid without it.
    """
    if "/OutputIntents" in pdf.Root and len(pdf.Root.OutputIntents):
        return
    profile = ImageCmsProfile(createProfile("sRGB")).tobytes()
    stream = pikepdf.Stream(pdf, profile)
    stream.N = 3
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"), Info=pikepdf.String("sRGB IEC61966-2.1"),
        DestOutputProfile=pdf.make_indirect(stream)))])


@dataclass(frozen=True)
class _Parts:
    """Page counts of the parts of an exported case file, in order; the 备考表 follows the documents."""

    cover: int
    toc: int
    documents: int

    @property
    def first_document(self) -> int:
        return self.cover + self.toc

    @property
    def closing_sheet(self) -> int:
        return self.first_document + self.documents


def _page_labels(parts: _Parts) -> pikepdf.Dictionary:
    """卷皮, 目录1…, then the documents' pages 1..n as the table of contents numbers them, then 备考表."""
    def label(**kw) -> pikepdf.Dictionary:
        return pikepdf.Dictionary({f"/{k}": v for k, v in kw.items()})
    return pikepdf.Dictionary(Nums=pikepdf.Array([
        0, label(P=pikepdf.String("卷皮")),
        parts.cover, label(P=pikepdf.String("目录"), S=pikepdf.Name.D),
        parts.first_document, label(S=pikepdf.Name.D),
        parts.closing_sheet, label(P=pikepdf.String("备考表")),
    ]))


def _outline(pdf: pikepdf.Pdf, entries: list[CaseFileEntry], parts: _Parts) -> None:
    with pdf.open_outline() as outline:
        outline.root.clear()
        outline.root.append(pikepdf.OutlineItem("卷皮", 0))
        outline.root.append(pikepdf.OutlineItem("卷内目录", parts.cover))
        for e in entries:
            when = f"（{e.doc_date:%Y-%m-%d}）" if e.doc_date else ""
            title = f"{e.position}. {e.title}{when} 第{e.first_page}-{e.last_page}页"
            outline.root.append(pikepdf.OutlineItem(title, parts.first_document + e.first_page - 1))
        outline.root.append(pikepdf.OutlineItem("备考表", parts.closing_sheet))
