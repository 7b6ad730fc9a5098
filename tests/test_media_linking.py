"""Linking media items to cases (#15 §3): by the case number a disc names, once the case's scans arrive; by
officer (from the device registry) and the time of the act a case's document records; the archivist's review
queue with scored candidates and `earchive media link`; and links taken back when a correction moves the act.

Documents are classified by the real classifier from typed text (tests/test_cases_assembly.file_document, no
OCR); clips are real MP4s on real ISO images or folders (tests/media_discs). SQLite and PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from access_control.models import AccessLogRecord
from casefiles.review import Reviewer, correct_field
from classify.models import ExtractedField
from context import AppContext, open_context
from earchive import settings as settings_module
from earchive.settings import Settings
from media.devices import issue_device, register_device
from media.intake import ingest_media
from media.linking import LinkRefused, link_by_archivist, review_queue
from media.models import MediaCaseLink
from media.queries import item_as_json
from records.admin import ensure_unit
from records.models import Case
from shell.cli import main
from tests.media_discs import clip, xorriso_iso
from tests.test_cases_assembly import APPROVAL, INQUIRY, RECEIPT_WITHOUT_NUMBER, file_document

CST = dt.timezone(dt.timedelta(hours=8))
CASE_12 = "测住建罚〔2024〕12号"
OFFICER = "13010000001"  # 李样例, the inquiry's 询问人 and the receipt's 送达人


@pytest.fixture
def ctx(db_url: str, tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(Settings(data_dir=tmp_path / "var", database_url=db_url))
    yield context
    context.close()


@pytest.fixture
def unit_id(ctx: AppContext) -> int:
    with ctx.db.transaction() as s:
        return ensure_unit(s, "ZJJ", "测试市示例区住房和城乡建设局", "zf1", "执法一中队").id


def _issue(ctx: AppContext, device: str, officer: str, unit_id: int, start: dt.datetime, end: dt.datetime) -> None:
    with ctx.db.transaction() as s:
        register_device(s, device, unit_id=unit_id, model="TEST-DSJ")
        issue_device(s, device, officer, start, end, tz=CST)


def _item(ctx: AppContext, item_id: int) -> dict:
    with ctx.db.session() as s:
        return item_as_json(s, item_id)


def _links(ctx: AppContext, item_id: int) -> dict[str, str]:
    with ctx.db.session() as s:
        return dict(s.execute(select(Case.case_no, MediaCaseLink.how).join(Case, Case.id == MediaCaseLink.case_id)
                              .where(MediaCaseLink.item_id == item_id)).all())


def _ingest_one(ctx: AppContext, folder: Path, unit_id: int | None) -> int:
    [result] = ingest_media(ctx, [folder], unit_id=unit_id)
    [item_id] = [f.item_id for f in result.files if f.item_id]
    return item_id


def test_a_disc_naming_a_case_not_yet_scanned_links_when_the_case_arrives(ctx, tmp_path, unit_id):
    src = tmp_path / "burn"
    clip(src / "DSJ0100_20240301100000_13010000001.mp4")
    (src / "说明.txt").write_bytes("测住建罚（2024）第0012号 立案调查录像\r\n".encode("gbk"))
    [result] = ingest_media(ctx, [xorriso_iso(src, tmp_path / "early.iso", label="EARLY")], unit_id=unit_id)
    item_id = next(f.item_id for f in result.files if f.item_id)
    assert _links(ctx, item_id) == {}  # no case of that number yet
    with ctx.db.session() as s:
        waiting = {i["id"]: i for i in review_queue(s)}
    assert waiting[item_id]["named_case_nos"] == [CASE_12]

    file_document(ctx, tmp_path, unit_id, [APPROVAL], "approval.png")  # classifying it files the case

    assert _links(ctx, item_id) == {CASE_12: "manifest"}
    item = _item(ctx, item_id)
    assert (item["case_nos"], item["retention_class"], item["dispose_after"]) == ([CASE_12], "evidence", None)
    with ctx.db.session() as s:
        assert item_id not in {i["id"] for i in review_queue(s)}


def test_a_clip_without_an_officer_links_by_the_registry_and_the_interview_time(ctx, tmp_path, unit_id):
    """The clip's name gives device and local time only; the registry says who held the device then; the
    询问笔录 of case 12 was taken by that officer from 9:30 to 10:30 local time (01:30-02:30 UTC)."""
    file_document(ctx, tmp_path, unit_id, [APPROVAL], "approval.png")
    file_document(ctx, tmp_path, unit_id, [INQUIRY], "inquiry.png")
    _issue(ctx, "DSJ0101", OFFICER, unit_id, dt.datetime(2024, 3, 1), dt.datetime(2024, 4, 1))
    during = _ingest_one(ctx, _folder(tmp_path / "a", "DSJ0101/20240302/093500.mp4"), unit_id)
    # Outside the window however the time zone is taken: 10:50 local is 20 minutes after the interview
    # ended (its slack is 15); read as UTC it would be 18:50 local, read as local it stays outside.
    after = _ingest_one(ctx, _folder(tmp_path / "b", "DSJ0101/20240302/105000.mp4"), unit_id)

    item = _item(ctx, during)
    assert (item["officer_no"], item["officer_source"]) == (OFFICER, "registry")
    assert item["recorded_at"] == "2024-03-02T09:35:00+08:00"
    assert _links(ctx, during) == {CASE_12: "officer_time"}
    assert (item["retention_class"], item["dispose_after"]) == ("evidence", None)
    with ctx.db.session() as s:
        evidence = s.scalar(select(MediaCaseLink.evidence).where(MediaCaseLink.item_id == during))
    assert "询问笔录" in evidence and "2024-03-02 09:30至10:30" in evidence and OFFICER in evidence

    assert _links(ctx, after) == {}  # same officer, same day, outside the act: a candidate only
    with ctx.db.session() as s:
        [waiting] = [i for i in review_queue(s) if i["id"] == after]
    [candidate] = waiting["candidates"]
    assert (candidate["case_no"], candidate["score"]) == (CASE_12, 0.5)
    assert candidate["reasons"][0]["officer"] and not candidate["reasons"][0]["in_window"]


def test_a_receipt_that_gives_only_the_day_links_the_officers_clip_of_that_day(ctx, tmp_path, unit_id):
    for name, lines in (("approval.png", APPROVAL), ("inquiry.png", INQUIRY), ("receipt.png", RECEIPT_WITHOUT_NUMBER)):
        file_document(ctx, tmp_path, unit_id, [lines], name)
    # Named with its officer; 送达时间：2024年3月22日 has no time, so the local day is the window.
    served = _ingest_one(ctx, _folder(tmp_path / "a", "DSJ0102_20240322153000_13010000001.mp4"), unit_id)
    other_day = _ingest_one(ctx, _folder(tmp_path / "b", "DSJ0102_20240323000500_13010000001.mp4"), unit_id)
    assert _links(ctx, served) == {CASE_12: "officer_time"}
    assert _links(ctx, other_day) == {}


def test_the_archivist_links_a_queued_clip_from_the_command_line_and_it_is_logged(ctx, tmp_path, unit_id, db_url,
                                                                                  monkeypatch):
    file_document(ctx, tmp_path, unit_id, [APPROVAL], "approval.png")
    file_document(ctx, tmp_path, unit_id, [INQUIRY], "inquiry.png")
    # A device issued to nobody: the time matches, the officer is unknown, so it waits.
    item_id = _ingest_one(ctx, _folder(tmp_path / "a", "DSJ0103/20240302/094000.mp4"), unit_id)
    with ctx.db.session() as s:
        case_id = s.scalar(select(Case.id).where(Case.case_no == CASE_12))
    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("EARCHIVE_DATABASE_URL", db_url)
    settings_module.get_settings.cache_clear()
    runner = CliRunner()

    queued = runner.invoke(main, ["media", "queue", "--json"])
    assert queued.exit_code == 0, queued.output
    [entry] = [i for i in json.loads(queued.stdout) if i["id"] == item_id]
    assert [(c["case_id"], c["score"]) for c in entry["candidates"]] == [(case_id, 0.5)]
    assert entry["candidates"][0]["reasons"][0]["in_window"] and not entry["candidates"][0]["reasons"][0]["officer"]

    shown = runner.invoke(main, ["media", "queue"])
    assert shown.exit_code == 0 and f"候选 案件 #{case_id} {CASE_12}  得分 0.50" in shown.output

    linked = runner.invoke(main, ["media", "link", str(item_id), str(case_id), "--note", "询问现场录像"])
    assert linked.exit_code == 0, linked.output
    assert f"关联 {CASE_12}（档案员）" in linked.output
    assert _links(ctx, item_id) == {CASE_12: "archivist"}
    again = runner.invoke(main, ["media", "link", str(item_id), str(case_id)])
    assert again.exit_code == 3 and "已关联" in again.output
    assert item_id not in {i["id"] for i in json.loads(runner.invoke(main, ["media", "queue", "--json"]).stdout)}
    listed = runner.invoke(main, ["media", "list", "--case-no", "测住建罚[2024]第0012号", "--json"])
    assert [i["id"] for i in json.loads(listed.stdout)] == [item_id]
    with ctx.db.session() as s:
        logged = s.scalars(select(AccessLogRecord).where(AccessLogRecord.record_kind.in_(("media_item", "media_queue")))
                           .order_by(AccessLogRecord.seq)).all()
    assert [(e.action, e.record_kind) for e in logged] == [("view", "media_queue"), ("view", "media_queue"),
                                                           ("review", "media_item"), ("view", "media_queue")]
    assert (logged[2].record_id, logged[2].case_id, logged[2].detail["how"]) == (item_id, case_id, "archivist")


def test_an_item_may_belong_to_several_cases_but_not_to_another_units(ctx, tmp_path, unit_id):
    with ctx.db.transaction() as s:
        other_unit = ensure_unit(s, "ZJJ", "测试市示例区住房和城乡建设局", "zf2", "执法二中队").id
        s.add_all([Case(unit_id=unit_id, case_no="测住建罚〔2024〕21号"), Case(unit_id=unit_id, case_no="测住建罚〔2024〕22号"),
                   Case(unit_id=other_unit, case_no="测住建罚〔2024〕23号")])
    item_id = _ingest_one(ctx, _folder(tmp_path / "a", "DSJ0104_20240305100000_13010000009.mp4"), unit_id)
    with ctx.db.transaction() as s:
        ids = dict(s.execute(select(Case.case_no, Case.id)).all())
        link_by_archivist(s, item_id, ids["测住建罚〔2024〕21号"], "archivist1")
        link_by_archivist(s, item_id, ids["测住建罚〔2024〕22号"], "archivist1")
    with pytest.raises(LinkRefused, match="另一执法单位"), ctx.db.transaction() as s:
        link_by_archivist(s, item_id, ids["测住建罚〔2024〕23号"], "archivist1")
    assert _item(ctx, item_id)["case_nos"] == ["测住建罚〔2024〕21号", "测住建罚〔2024〕22号"]


def test_a_corrected_interview_time_takes_the_link_back_and_relink_restores_it(ctx, tmp_path, unit_id, db_url,
                                                                             monkeypatch):
    file_document(ctx, tmp_path, unit_id, [APPROVAL], "approval.png")
    inquiry = file_document(ctx, tmp_path, unit_id, [INQUIRY], "inquiry.png")
    item_id = _ingest_one(ctx, _folder(tmp_path / "a", "DSJ0105_20240302093500_13010000001.mp4"), unit_id)
    assert _links(ctx, item_id) == {CASE_12: "officer_time"}
    reviewer = Reviewer(None, "reviewer1")
    with ctx.db.transaction() as s:
        field = s.scalar(select(ExtractedField).where(ExtractedField.document_id == inquiry.id,
                                                      ExtractedField.key == "date.inquired"))
        correct_field(s, inquiry.id, field.id, "2024-03-02 14:00", reviewer)  # the interview was in the afternoon

    assert _links(ctx, item_id) == {}
    item = _item(ctx, item_id)
    assert (item["retention_class"], item["dispose_after"]) == ("routine", "2024-09-02")

    with ctx.db.transaction() as s:
        correct_field(s, inquiry.id, field.id, "2024-03-02 09:20", reviewer)
    assert _links(ctx, item_id) == {CASE_12: "officer_time"}
    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("EARCHIVE_DATABASE_URL", db_url)
    settings_module.get_settings.cache_clear()
    run = CliRunner().invoke(main, ["media", "relink", "--json"])
    assert run.exit_code == 0 and json.loads(run.stdout) == []  # nothing left to change
    text = CliRunner().invoke(main, ["media", "relink", str(item_id)])
    assert text.exit_code == 0 and "0 条音像记录的案件关联有变化" in text.output


def _folder(root: Path, relative: str) -> Path:
    clip(root / relative)
    return root


def test_a_merge_takes_the_absorbed_cases_clips_along_and_an_unmerge_brings_them_back(ctx, tmp_path, unit_id):
    from access_control.audit import Actor
    from casefiles.merges import merge_cases, unmerge

    with ctx.db.transaction() as s:
        s.add_all([Case(unit_id=unit_id, case_no="测住建罚〔2024〕31号"), Case(unit_id=unit_id, case_no="测住建罚〔2024〕32号")])
    only_absorbed = _ingest_one(ctx, _folder(tmp_path / "a", "DSJ0106_20240305100000_13010000009.mp4"), unit_id)
    on_both = _ingest_one(ctx, _folder(tmp_path / "b", "DSJ0106_20240305110000_13010000009.mp4"), unit_id)
    with ctx.db.transaction() as s:
        ids = dict(s.execute(select(Case.case_no, Case.id)).all())
        survivor, absorbed = ids["测住建罚〔2024〕31号"], ids["测住建罚〔2024〕32号"]
        link_by_archivist(s, only_absorbed, absorbed, "archivist1")
        link_by_archivist(s, on_both, absorbed, "archivist1")
        link_by_archivist(s, on_both, survivor, "archivist1")
    with ctx.db.transaction() as s:
        outcome = merge_cases(s, s.get(Case, survivor), s.get(Case, absorbed), "manual", {}, Actor.operator(),
                              by_person=True)
        merge_id = outcome.merge.id
    assert _links(ctx, only_absorbed) == {"测住建罚〔2024〕31号": "archivist"}
    assert _links(ctx, on_both) == {"测住建罚〔2024〕31号": "archivist"}
    with ctx.db.transaction() as s:
        unmerge(s, merge_id, Actor.operator(), "误合并")
    assert _links(ctx, only_absorbed) == {"测住建罚〔2024〕32号": "archivist"}
    assert _links(ctx, on_both) == {"测住建罚〔2024〕31号": "archivist", "测住建罚〔2024〕32号": "archivist"}
