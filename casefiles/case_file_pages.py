"""The pages a case file opens and closes with (DA/T 22, GB/T 9705): 卷皮, 卷内目录 and 备考表.

卷皮 (the cover) names the agency, the case number, the cause, the parties, the case's dates, the
retention period, the archive number and the page count. 卷内目录 lists each document with its number,
author, title, date and pages in the file, then the audio-visual records kept with the case on disc
(音像资料: kind, recording time, device, officer, duration, SHA-256; 000:28). 备考表 (the closing sheet) states what the file holds and
anything an examiner must know (a reason it was archived although incomplete), with 立卷人, 检查人 and
立卷时间. They are drawn with fpdf2 in a CJK font that is embedded, so the joined file stays PDF/A.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.fonts import FontFace
from sqlalchemy import select
from sqlalchemy.orm import Session

from access_control.copies import new_pdf
from casefiles.case_data import MediaInfo, load_case
from casefiles.models import CaseFile, CaseFileEntry, CaseNumber
from classify.models import DocumentParty
from records.models import Agency, Case, Party, Unit

A4 = (595.28, 841.89)
MARGIN = 56.0
_RETENTION_WORDS = {"Y": "永久"}
_STARTING_MEANINGS = ("filed", "accepted", "registered", "applied")
_CONCLUDING_MEANINGS = ("closed", "decided")


@dataclass
class CaseFileFacts:
    """What the cover, the table of contents and the closing sheet say about one case file."""

    agency: str
    unit: str
    case_no: str
    cause: str
    parties: list[str]
    started: dt.date | None
    concluded: dt.date | None
    retention: str | None
    archive_no: str | None
    archived_at: dt.datetime | None
    archived_by: str | None
    archive_note: str | None
    archive_exceptions: list[str]
    pages: int
    entries: list[CaseFileEntry]
    doc_numbers: dict[int, str] = field(default_factory=dict)  # document id -> its own 文号
    media: list[MediaInfo] = field(default_factory=list)  # audio-visual records linked to the case

    @property
    def title(self) -> str:
        """案卷题名: who, what, which case."""
        who = "、".join(self.parties[:3]) + ("等" if len(self.parties) > 3 else "")
        what = self.cause.removesuffix("案") + "案" if self.cause else "案件"
        return f"{who}{what}" if who else (what if self.cause else f"{self.case_no}案件")


def retention_words(code: str | None) -> str:
    """D30 → 30年, Y → 永久 (DA/T 22 retention codes)."""
    if not code:
        return "未定"
    if code in _RETENTION_WORDS:
        return _RETENTION_WORDS[code]
    return f"{code[1:]}年" if code.startswith("D") and code[1:].isdigit() else code


def case_file_facts(session: Session, case: Case, entries: list[CaseFileEntry]) -> CaseFileFacts:
    info = load_case(session, case, with_text=False)
    unit = session.get(Unit, case.unit_id)
    agency = session.get(Agency, unit.agency_id) if unit else None
    case_file = session.scalar(select(CaseFile).where(CaseFile.case_id == case.id))
    ids = [e.document_id for e in entries]
    parties = list(dict.fromkeys(session.scalars(
        select(Party.name).join(DocumentParty, DocumentParty.party_id == Party.id)
        .where(DocumentParty.document_id.in_(ids), DocumentParty.role == "party").order_by(Party.id))))
    numbers: dict[int, str] = {}
    for document_id, number in session.execute(select(CaseNumber.document_id, CaseNumber.number).where(
            CaseNumber.document_id.in_(ids), CaseNumber.source.in_(("own", "manual"))).order_by(CaseNumber.id)):
        numbers.setdefault(document_id, number)

    def first(meanings: tuple[str, ...], latest: bool = False) -> dt.date | None:
        found = [d.dates[m].date() for d in info.documents for m in meanings if m in d.dates]
        return (max(found) if latest else min(found)) if found else None

    return CaseFileFacts(
        agency=agency.name if agency else "", unit=unit.name if unit else "", case_no=case.case_no,
        cause=case.cause or "", parties=parties, started=first(_STARTING_MEANINGS),
        concluded=first(_CONCLUDING_MEANINGS, latest=True),
        retention=case_file.retention if case_file else None, archive_no=case_file.archive_no if case_file else None,
        archived_at=case_file.archived_at if case_file else None,
        archived_by=case_file.archived_by if case_file else None,
        archive_note=case_file.archive_note if case_file else None,
        archive_exceptions=list(case_file.archive_exceptions or []) if case_file else [],
        pages=sum(e.last_page - e.first_page + 1 for e in entries), entries=entries, doc_numbers=numbers,
        media=info.media)


def _day(value: dt.date | dt.datetime | None) -> str:
    return f"{value:%Y年%m月%d日}" if value else ""


def _page(pdf: FPDF, heading: str) -> None:
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_page(format=A4)
    pdf.set_font("cjk", size=22)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.cell(A4[0] - 2 * MARGIN, 40, heading, align="C")
    pdf.set_y(MARGIN + 64)


def _cover(pdf: FPDF, f: CaseFileFacts) -> None:
    _page(pdf, "行政执法案卷")
    pdf.set_font("cjk", size=13)
    pdf.cell(A4[0] - 2 * MARGIN, 24, f.agency + (f"　{f.unit}" if f.unit else ""), align="C")
    pdf.set_y(MARGIN + 120)
    rows = [("案卷题名", f.title), ("案　　号", f.case_no), ("案　　由", f.cause or "（未著录）"),
            ("当 事 人", "、".join(f.parties) or "（未著录）"), ("立案日期", _day(f.started)),
            ("结案日期", _day(f.concluded) or "尚无处理决定"), ("归档日期", _day(f.archived_at) or "尚未立卷归档"),
            ("保管期限", retention_words(f.retention)), ("档　　号", f.archive_no or "尚未编档号"),
            ("本卷页数", f"共 {len(f.entries)} 件 {f.pages} 页")]
    pdf.set_font("cjk", size=12)
    with pdf.table(col_widths=(90, A4[0] - 2 * MARGIN - 90), first_row_as_headings=False, line_height=22,
                   padding=6, text_align=("CENTER", "LEFT")) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label)
            row.cell(value)


def _toc(pdf: FPDF, f: CaseFileFacts) -> None:
    _page(pdf, "卷内目录")
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_font("cjk", size=10)
    width = A4[0] - 2 * MARGIN
    widths = (28, 124, 92, width - 28 - 124 - 92 - 66 - 40, 66, 40)
    heading = FontFace(emphasis=None, fill_color=(235, 235, 235))
    with pdf.table(col_widths=widths, headings_style=heading, line_height=16, padding=4,
                   text_align=("CENTER", "LEFT", "LEFT", "LEFT", "CENTER", "CENTER")) as table:
        head = table.row()
        for title in ("序号", "文号", "责任者", "题名", "日期", "页号"):
            head.cell(title)
        for e in f.entries:
            row = table.row()
            row.cell(str(e.position))
            row.cell(f.doc_numbers.get(e.document_id, ""))
            row.cell(f.agency)
            row.cell(e.title)
            row.cell(f"{e.doc_date:%Y-%m-%d}" if e.doc_date else "")
            row.cell(f"{e.first_page}" if e.first_page == e.last_page else f"{e.first_page}-{e.last_page}")
    if f.media:
        _media_toc(pdf, f.media, width, heading)
    pdf.set_auto_page_break(False)


_KIND_WORDS = {"video": "视频", "audio": "录音", "photo": "照片"}


def _media_toc(pdf: FPDF, media: list[MediaInfo], width: float, heading: FontFace) -> None:
    """音像资料: the recordings kept on disc with the case, each with the SHA-256 that identifies its bytes."""
    pdf.ln(14)
    pdf.set_font("cjk", size=11)
    pdf.cell(width, 18, "音像资料（光盘）")
    pdf.ln(20)
    pdf.set_font("cjk", size=8)
    widths = (24, 30, 74, 70, 62, 36, width - 24 - 30 - 74 - 70 - 62 - 36)
    with pdf.table(col_widths=widths, headings_style=heading, line_height=12, padding=3,
                   text_align=("CENTER", "CENTER", "LEFT", "LEFT", "LEFT", "CENTER", "LEFT")) as table:
        head = table.row()
        for title in ("序号", "类型", "录制时间", "设备", "执法人员", "时长", "SHA-256"):
            head.cell(title)
        for n, m in enumerate(media, 1):
            row = table.row()
            row.cell(str(n))
            row.cell(_KIND_WORDS.get(m.kind, m.kind))
            row.cell(f"{m.start:%Y-%m-%d %H:%M:%S}" if m.start else "")
            row.cell(m.device_no or "")
            row.cell(m.officer_no or "")
            row.cell(f"{m.duration_s:.0f}秒" if m.duration_s is not None else "")
            row.cell(m.sha256)


def _closing_sheet(pdf: FPDF, f: CaseFileFacts) -> None:
    _page(pdf, "卷内备考表")
    pdf.set_font("cjk", size=12)
    width = A4[0] - 2 * MARGIN
    notes = [f"本卷共 {len(f.entries)} 件，{f.pages} 页（不含卷皮、卷内目录和本表）。"]
    if f.media:
        notes.append(f"另有音像资料 {len(f.media)} 件，存于光盘，见卷内目录“音像资料”，以 SHA-256 核对。")
    if f.archive_exceptions:
        notes.append("立卷归档时案卷存在以下问题：" + "；".join(f.archive_exceptions) + "。")
    if f.archive_note:
        notes.append(f"归档说明：{f.archive_note}")
    pdf.set_x(MARGIN)
    pdf.cell(width, 22, "本卷情况说明：")
    pdf.ln(26)
    for note in notes:
        pdf.set_x(MARGIN + 24)
        pdf.multi_cell(width - 24, 20, note)
        pdf.ln(4)
    pdf.set_y(A4[1] - MARGIN - 110)
    for label, value in (("立卷人", f.archived_by or ""), ("检查人", ""), ("立卷时间", _day(f.archived_at))):
        pdf.set_x(A4[0] / 2)
        pdf.cell(70, 26, f"{label}：")
        pdf.cell(A4[0] / 2 - MARGIN - 70, 26, value, border="B")
        pdf.ln(32)


def front_matter(facts: CaseFileFacts) -> tuple[bytes, int]:
    """卷皮 and 卷内目录 as one PDF, and how many of its pages are the cover (1)."""
    pdf = new_pdf()
    _cover(pdf, facts)
    _toc(pdf, facts)
    return bytes(pdf.output()), 1


def back_matter(facts: CaseFileFacts) -> bytes:
    """备考表 as one PDF."""
    pdf = new_pdf()
    _closing_sheet(pdf, facts)
    return bytes(pdf.output())
