"""The auditor's pages: the access log filtered by person, case, slip, action and period; CSV and PDF export.

Reading and exporting the log are themselves logged.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for
from fpdf import FPDF
from fpdf.fonts import FontFace
from sqlalchemy import Select, func, select

from access_control.audit import ACTIONS, Event
from access_control.copies import cjk_font
from access_control.models import AccessLogRecord
from access_control.policy import Action
from casefiles.numbers import find_cases
from earchive.csv_export import csv_text
from earchive.errors import EarchiveError, ExitCode
from webapp.access import audit, require
from webapp.labels import local_time
from webapp.request_db import db_session

bp = Blueprint("auditlog", __name__, url_prefix="/audit")

PAGE_SIZE = 100
EXPORT_LIMIT = {"csv": 100_000, "pdf": 20_000}  # entries in one export; more are refused, never cut
OUTCOMES = {"allowed": "完成", "denied": "拒绝", "failed": "失败"}
COLUMNS = ("seq", "at", "username", "role", "unit_id", "action", "outcome", "slip_no", "purpose",
           "record_kind", "record_id", "case_id", "content_hash", "address", "detail", "hash")
HEADINGS = ("序号", "时间", "账户", "角色", "单位", "操作", "结果", "调用单号", "事由", "对象类型", "对象编号",
            "案件编号", "内容哈希", "来源地址", "详情", "记录哈希")


@dataclass(frozen=True)
class LogFilter:
    person: str = ""
    case_no: str = ""
    slip_no: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def from_args(cls, args) -> LogFilter:
        def day(name: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(args.get(name, "")) if args.get(name) else None
            except ValueError:
                return None
        return cls(person=args.get("person", "").strip()[:64], case_no=args.get("case_no", "").strip()[:100],
                   slip_no=args.get("slip_no", "").strip()[:40],
                   action=args.get("action", "") if args.get("action", "") in ACTIONS else "",
                   date_from=day("date_from"), date_to=day("date_to"))

    def as_args(self) -> dict[str, str]:
        values = {"person": self.person, "case_no": self.case_no, "slip_no": self.slip_no, "action": self.action,
                  "date_from": self.date_from.isoformat() if self.date_from else "",
                  "date_to": self.date_to.isoformat() if self.date_to else ""}
        return {k: v for k, v in values.items() if v}

    def apply(self, query: Select) -> Select:
        r = AccessLogRecord
        if self.person:
            query = query.where(r.username == self.person)
        if self.case_no:
            # Any written form of any of the case's numbers: 测住建罚（2023）0887号 finds 测住建罚〔2023〕887号.
            case_ids = [c.id for c in find_cases(db_session(), self.case_no)]
            query = query.where(r.case_id.in_(case_ids))
        if self.slip_no:
            query = query.where(r.slip_no == self.slip_no)
        if self.action:
            query = query.where(r.action == self.action)
        if self.date_from:
            query = query.where(r.at >= _local_midnight(self.date_from))
        if self.date_to:
            query = query.where(r.at < _local_midnight(self.date_to + dt.timedelta(days=1)))
        return query


def _local_midnight(day: dt.date) -> dt.datetime:
    """Periods are the server's local days; the log stores UTC."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.timezone.utc)


def _rows(f: LogFilter, limit: int, before: int | None = None) -> list[AccessLogRecord]:
    query = f.apply(select(AccessLogRecord))
    if before:
        query = query.where(AccessLogRecord.seq < before)
    return list(db_session().scalars(query.order_by(AccessLogRecord.seq.desc()).limit(limit)))


@bp.get("/")
def index():
    require(Action.audit)
    f = LogFilter.from_args(request.args)
    before = request.args.get("before", type=int)
    audit(Event("audit_view", record_kind="log", detail=f.as_args()))
    rows = _rows(f, PAGE_SIZE + 1, before)
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    next_url = url_for("auditlog.index", **f.as_args(), before=rows[-1].seq) if more else None
    return render_template("audit/index.html", rows=rows, f=f, actions=ACTIONS, outcomes=OUTCOMES,
                           next_url=next_url, export_args=f.as_args())


def _cell(row: AccessLogRecord, column: str) -> Any:
    value = getattr(row, column)
    if column == "at":
        return local_time(value, seconds=True)
    if column == "action":
        return ACTIONS.get(value, value)
    if column == "outcome":
        return OUTCOMES.get(value, value)
    if column == "detail":
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return "" if value is None else value


class ExportTooLarge(EarchiveError):
    """More entries match than one export holds: the auditor narrows the filter instead of getting a cut list."""

    exit_code = ExitCode.bad_args
    http_status = 400


def _export_rows(f: LogFilter, kind: str) -> list[AccessLogRecord]:
    """Every entry the filter matches, oldest first, or a refusal: an export never silently drops entries."""
    total = db_session().scalar(f.apply(select(func.count()).select_from(AccessLogRecord)))
    if total > EXPORT_LIMIT[kind]:
        raise ExportTooLarge(f"符合条件的记录有 {total} 条，超过单次导出上限 {EXPORT_LIMIT[kind]} 条；"
                             "请按日期或账户缩小范围后分批导出")
    return list(db_session().scalars(f.apply(select(AccessLogRecord)).order_by(AccessLogRecord.seq)))


@bp.get("/export.csv")
def export_csv():
    require(Action.audit)
    f = LogFilter.from_args(request.args)
    rows = _export_rows(f, "csv")
    audit(Event("export", record_kind="log", detail={**f.as_args(), "format": "csv", "rows": len(rows)}))
    body = csv_text(HEADINGS, ([_cell(row, c) for c in COLUMNS] for row in rows))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="access-log.csv"'
    return response


@bp.get("/export.pdf")
def export_pdf():
    require(Action.audit)
    f = LogFilter.from_args(request.args)
    rows = _export_rows(f, "pdf")
    audit(Event("export", record_kind="log", detail={**f.as_args(), "format": "pdf", "rows": len(rows)}))
    response = Response(_log_pdf(rows, f), mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="access-log.pdf"'
    return response


PDF_COLUMNS = (("seq", 40), ("at", 95), ("username", 70), ("action", 60), ("outcome", 35), ("slip_no", 90),
               ("record_kind", 45), ("record_id", 40), ("case_id", 40), ("address", 70), ("purpose", 180))
PDF_CELL_CHARS = 200  # a longer purpose is cut, marked with …; the CSV keeps it whole
PDF_MARGIN = 28.0  # points


class _LogPdf(FPDF):
    """A landscape A4 list with the title on the first page and "第 n / N 页" under every page."""

    def footer(self) -> None:
        self.set_y(-PDF_MARGIN + 6)
        self.set_font("cjk", size=7)
        self.cell(0, 10, f"访问日志导出  第 {self.page_no()} / {{nb}} 页", align="C")


def _text(value: Any) -> str:
    text = str(value)
    return text if len(text) <= PDF_CELL_CHARS else text[:PDF_CELL_CHARS - 1] + "…"


def _log_pdf(rows: list[AccessLogRecord], f: LogFilter) -> bytes:
    """Every row, over as many pages as it takes; the table's headings repeat on each page."""
    pdf = _LogPdf(unit="pt", orientation="landscape", format="A4")
    pdf.add_font("cjk", fname=str(cjk_font()))
    pdf.set_margins(PDF_MARGIN, PDF_MARGIN)
    pdf.set_auto_page_break(True, margin=PDF_MARGIN + 8)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("cjk", size=14)
    pdf.cell(0, 24, "访问日志（调阅登记）", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=8)
    conditions = "；".join(f"{k}={v}" for k, v in f.as_args().items()) or "全部"
    pdf.cell(0, 14, f"筛选条件：{conditions}    共 {len(rows)} 条    导出时间：{local_time(dt.datetime.now(dt.timezone.utc))}",
             new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=[w for _, w in PDF_COLUMNS], text_align="LEFT", line_height=10,
                   repeat_headings=1,
                   headings_style=FontFace(emphasis=None, fill_color=(230, 230, 230))) as table:
        header = table.row()
        for name, _ in PDF_COLUMNS:
            header.cell(HEADINGS[COLUMNS.index(name)])
        for row in rows:
            cells = table.row()
            for name, _ in PDF_COLUMNS:
                cells.cell(_text(_cell(row, name)))
    return bytes(pdf.output())
