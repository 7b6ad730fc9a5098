"""Chinese labels for stored codes, used by the templates."""
from __future__ import annotations

import datetime as dt

from records import classification
from access_control.roles import Role

STAGES = {
    "initiation": "程序启动",
    "investigation": "调查取证",
    "decision": "审查决定",
    "service_enforcement": "送达执行",
    "archiving": "归档管理",
}

ITEM_STATUSES = {
    "queued": "排队中",
    "processing": "处理中",
    "ok": "已完成",
    "duplicate": "重复文件",
    "rejected": "已拒收",
}
PENDING_STATUSES = frozenset({"queued", "processing"})

FACET_TITLES = {
    "doc_type": "文书类型",
    "stage": "阶段",
    "case_no": "案号",
    "unit_id": "执法单位",
    "classification": "密级",
    "party": "当事人",
    "officer": "执法人员",
    "device": "记录设备",
}


RECORD_KINDS = {"document": "文书", "case": "案件", "slip": "调用单", "user": "账户", "unit": "单位",
                "agency": "机关", "log": "访问日志"}

SECRECY = {"state_secret": "国家秘密", "trade_secret": "商业秘密", "privacy": "个人隐私"}


def secrecy_labels(marks: list[str] | None) -> str:
    return "、".join(SECRECY.get(m, m) for m in marks or [])


def stage_label(code: str | None) -> str:
    return STAGES.get(code or "", code or "")


def item_status_label(code: str) -> str:
    return ITEM_STATUSES.get(code, code)


def local_time(value: dt.datetime | None, seconds: bool = False) -> str:
    """A stored timestamp in the server's local time zone; naive values are UTC (SQLite)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def role_label(code: str | None) -> str:
    try:
        return Role(code).label if code else ""
    except ValueError:
        return code or ""


def public_title(document) -> str:
    """A document's name where an applicant may read it: its title or type, never the scan's file name, which an
    archivist may have typed with a person's name in it (#14: nothing of another person reaches an applicant)."""
    from classify.labels import doc_type_label

    return document.title or (doc_type_label(document.doc_type) if document.doc_type else "") or f"文书 #{document.id}"


def register(app) -> None:
    app.jinja_env.filters.update(
        stage=stage_label,
        item_status=item_status_label,
        local_time=local_time,
        classification=classification.label,
        role=role_label,
        secrecy=secrecy_labels,
        record_kind=lambda code: RECORD_KINDS.get(code or "", code or ""),
        public_title=public_title,
    )
    app.jinja_env.globals.update(facet_titles=FACET_TITLES)
