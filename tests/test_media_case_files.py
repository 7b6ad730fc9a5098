"""Media in case files (#15 §3): the completeness check sees whether a mandatory audio-visual record is
recorded (a linked clip on the act), not merely declared, and the table of contents lists the case's
media with kind, recording time, device, officer, duration and SHA-256 (report, CLI and exported PDF).
"""
from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdfminer.high_level import extract_text
from sqlalchemy import select

from casefiles.case_data import CaseInfo, DocInfo, MediaInfo
from casefiles.case_file import export_case_pdf
from casefiles.checks import check_case
from casefiles.report import case_report
from casefiles.rules import default_rules, rules_for
from context import AppContext, open_context
from earchive import settings as settings_module
from earchive.settings import Settings
from media.intake import ingest_media
from records.admin import ensure_unit
from records.models import Case
from shell.cli import main
from tests.media_discs import clip, photo
from tests.test_cases_assembly import APPROVAL, file_document

RULES = default_rules()
T = dt.datetime
CASE_12 = "测住建罚〔2024〕12号"


def _act(doc_type: str, when: T, meaning: str, **kw) -> DocInfo:
    return DocInfo(id=7, doc_type=doc_type, stage=None, title=doc_type, doc_date=when.date(), dates={meaning: when}, **kw)


def _clip(start: T, seconds: float = 600, kind: str = "video") -> MediaInfo:
    return MediaInfo(id=1, kind=kind, start=start, end=start + dt.timedelta(seconds=seconds), duration_s=seconds)


def _codes(doc: DocInfo, media: list[MediaInfo], agency_rules: dict | None = None) -> list[str]:
    case = CaseInfo(1, CASE_12, 1, None, [doc], agency_rules=agency_rules or {}, media=media)
    return [f.code for f in check_case(rules_for(agency_rules), case, dt.date(2024, 4, 1)) if f.code.startswith("av_")]


INSPECTED = T(2024, 3, 3, 14, 0)
DECLARED = {"devices": ["DSJ0200"]}


@pytest.mark.parametrize("media, declared, expected", [
    ([_clip(T(2024, 3, 3, 14, 5))], DECLARED, []),  # recorded: a clip on the act
    ([_clip(T(2024, 3, 3, 14, 5))], {}, []),  # recorded although the record does not say so
    ([], DECLARED, ["av_unarchived:inspection"]),  # declared, not in the archive
    ([_clip(T(2024, 3, 3, 9, 0))], DECLARED, ["av_unarchived:inspection"]),  # the same day, not the act
    ([_clip(T(2024, 3, 4, 14, 5))], DECLARED, ["av_unarchived:inspection"]),  # the same hour, the next day
    ([_clip(T(2024, 3, 3, 14, 5), kind="photo")], DECLARED, ["av_unarchived:inspection"]),  # a photo records no process
    ([], {}, ["av_missing:inspection"]),
    ([_clip(T(2024, 3, 3, 13, 35), seconds=60)], DECLARED, []),  # within the 30 minutes' slack before it
])
def test_an_inspection_is_recorded_only_by_a_clip_on_its_time(media, declared, expected):
    assert _codes(_act("inspection_record", INSPECTED, "inspected", **declared), media) == expected


def test_a_left_service_that_gives_only_its_day_is_recorded_by_a_clip_of_that_day():
    left = _act("service_receipt", T(2024, 3, 14), "served", service_method="left", devices=["DSJ0200"])
    assert _codes(left, [_clip(T(2024, 3, 14, 16, 20))]) == []
    assert _codes(left, [_clip(T(2024, 3, 15, 0, 10))]) == ["av_unarchived:service_left"]


def test_an_agency_may_take_a_declared_record_as_enough():
    rules = {"case_rules": {"av_evidence": {"require_recording": False}}}
    assert _codes(_act("inspection_record", INSPECTED, "inspected", **DECLARED), [], rules) == []
    assert _codes(_act("inspection_record", INSPECTED, "inspected"), [], rules) == ["av_missing:inspection"]


def test_the_act_windows_are_the_agencys_media_rules():
    doc = _act("inspection_record", INSPECTED, "inspected", **DECLARED)
    early = [_clip(T(2024, 3, 3, 13, 0), seconds=60)]  # an hour before: outside the default 30 minutes
    assert _codes(doc, early) == ["av_unarchived:inspection"]
    wider = {"media_rules": {"linking": {"acts": [{"doc_type": "inspection_record", "meaning": "inspected",
                                                   "before_minutes": 90, "after_minutes": 30,
                                                   "untimed_minutes": 180}]}}}
    assert _codes(doc, early, wider) == []


INSPECTION = ["现场检查笔录", "案号：测住建罚〔2024〕第0012号", "检查时间：2024年3月3日14时00分至15时00分",
              "检查地点：测试市示例区建设路1号工地", "检查人员：李样例　执法证号：13010000001",
              "记录人：马样二　执法证号：13010000002", "现场检查情况：执法人员使用执法记录仪全程录像，工地正在施工。",
              "当事人：张测试"]


@pytest.fixture
def ctx(db_url: str, tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(Settings(data_dir=tmp_path / "var", database_url=db_url))
    yield context
    context.close()


def test_the_case_file_lists_its_media_and_counts_the_inspection_recorded(ctx, tmp_path, db_url, monkeypatch):
    with ctx.db.transaction() as s:
        unit_id = ensure_unit(s, "ZJJ", "测试市示例区住房和城乡建设局", "zf1", "执法一中队").id
    file_document(ctx, tmp_path, unit_id, [APPROVAL], "approval.png")
    file_document(ctx, tmp_path, unit_id, [INSPECTION], "inspection.png")
    with ctx.db.session() as s:
        case = s.scalar(select(Case).where(Case.case_no == CASE_12))
        before = case_report(s, case)
    assert "av_unarchived:inspection" in [f["code"] for f in before["findings"]]  # declared only
    assert before["media"] == []

    clip(tmp_path / "disc" / "DSJ0200_20240303141000_13010000001.mp4", creation_time="2024-03-03T06:10:00Z")
    photo(tmp_path / "disc" / "DSJ0200_20240303143000_13010000001.jpg", taken="2024:03:03 14:30:00")
    [result] = ingest_media(ctx, [tmp_path / "disc"], unit_id=unit_id)
    shas = {f.kind: f.sha256 for f in result.files if f.item_id}

    with ctx.db.session() as s:
        case = s.scalar(select(Case).where(Case.case_no == CASE_12))
        report = case_report(s, case)
        restricted = case_report(s, case, visible={e["document_id"] for e in report["toc"]})
    assert not [f for f in report["findings"] if f["code"].startswith("av_")]
    assert [(m["kind"], m["recorded_at"], m["device_no"], m["officer_no"], m["sha256"], m["how"])
            for m in report["media"]] == [
        ("video", "2024-03-03T14:10:00+08:00", "DSJ0200", "13010000001", shas["video"], "officer_time"),
        ("photo", "2024-03-03T14:30:00+08:00", "DSJ0200", "13010000001", shas["photo"], "officer_time")]
    assert report["media"][0]["duration_s"] == pytest.approx(1.0, abs=0.1)
    assert restricted["media"] == []  # a caller shown some documents is shown media only as it names them

    out = io.BytesIO()
    with ctx.db.session() as s:
        export_case_pdf(s, ctx.store, s.scalar(select(Case).where(Case.case_no == CASE_12)), out)
    flat = "".join(extract_text(io.BytesIO(out.getvalue())).split())  # table cells wrap the hashes
    assert "音像资料（光盘）" in flat and shas["video"] in flat and shas["photo"] in flat
    assert "2024-03-0314:10:00" in flat and "2024-03-0314:30:00" in flat
    assert "另有音像资料2件" in flat

    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("EARCHIVE_DATABASE_URL", db_url)
    settings_module.get_settings.cache_clear()
    shown = CliRunner().invoke(main, ["cases", "show", "测住建罚[2024]第12号"])
    assert shown.exit_code == 0, shown.output
    assert "音像资料" in shown.output and shas["video"] in shown.output
    as_json = json.loads(CliRunner().invoke(main, ["cases", "show", CASE_12, "--json"]).stdout)
    assert [m["item_id"] for m in as_json["media"]] == [m["item_id"] for m in report["media"]]
