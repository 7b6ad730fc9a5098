"""A slip's redaction plan (#14 §2): stored and loaded back, edited by the agency's reviewers while the slip is
pending and frozen once it is decided, a re-proposal never bringing back what a person removed, every edit in
the access log without what a box hides; through the web app, a head cannot approve an applicant's slip before
its plan is reviewed.

The world is small: one case with one witness statement (synthetic names, an ID number with a valid check
digit made by code, a 1380000xxxx phone), stored as ingest leaves it (tests/test_web_flow.add_document).
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from access_control.audit import AccessLog, Actor
from access_control.models import AccessLogRecord, RetrievalSlip
from access_control.slips import Applicant, create_slip, decide_slip
from access_control.subjects import load_subject
from access_control.users import create_user
from context import AppContext
from earchive.errors import Forbidden
from records.models import Agency, Case, Page, Unit, User
from redaction.kinds import Kind, Reason
from redaction.models import RedactionEntry, RedactionPlan
from redaction.plan import Entry, Plan
from redaction.plans import (
    Drawn,
    PlanError,
    PlanFrozen,
    add_box,
    change_reason,
    load_plan,
    mark_reviewed,
    merge_proposal,
    plan_for_slip,
    remove_entry,
    restore,
    save_plan,
    stored_plan,
    withhold,
)
from samples.identities import fake_id_number
from test_web_flow import PASSWORD, add_document, fast_password_hashing, login, make_app  # noqa: F401

WITNESS = "测试乙"
WITNESS_ID = fake_id_number(random.Random(14), "female")
WITNESS_PHONE = "13800001414"
STATEMENT = ["证人证言", f"证人：{WITNESS}，身份证号：{WITNESS_ID}", f"联系电话：{WITNESS_PHONE}",
             "执法人员：李样例，执法证号：13010012345", "当事人于二〇二四年三月在工地擅自施工。"]
ACCOUNTS = {  # username: (role, agency key or None)
    "archivist_a": ("archivist", "a"), "legal_a": ("legal_reviewer", "a"), "head_a": ("head", "a"),
    "officer_a": ("officer", "a"), "archivist_b": ("archivist", "b"), "applicant": ("applicant", None),
}


@dataclass
class World:
    case_id: int
    document_id: int
    users: dict[str, int]
    page_size: tuple[int, int]


def seed_redaction_world(ctx: AppContext, tmp: Path) -> World:
    with ctx.db.transaction() as s:
        units = {}
        for key, name in (("a", "测试市住建局"), ("b", "测试县公安局")):
            agency = Agency(code=f"t{key}", name=name, rules={})
            units[key] = Unit(agency=agency, code=f"zf{key}", name="执法一中队")
            s.add(units[key])
        s.flush()
        case = Case(unit_id=units["a"].id, case_no="测住建罚〔2024〕14号", cause="未取得施工许可证擅自施工")
        s.add(case)
        s.flush()
        users = {name: create_user(s, name, PASSWORD, f"{name}名", role, units[agency].id if agency else None,
                                   "secret").id for name, (role, agency) in ACCOUNTS.items()}
        case_id, unit_id = case.id, units["a"].id
    document = add_document(ctx, tmp, unit_id=unit_id, case_id=case_id, title="证人证言", lines=STATEMENT)
    with ctx.db.session() as s:
        page = s.scalar(select(Page).where(Page.document_id == document.id))
        size = (page.width_px, page.height_px)
    return World(case_id, document.id, users, size)


def new_slip(ctx: AppContext, world: World, mode: str = "copy") -> int:
    with ctx.db.transaction() as s:
        applicant = load_subject(s, s.get(User, world.users["applicant"]))
        slip = create_slip(s, AccessLog(ctx.settings), Actor(applicant.id, "applicant"), applicant,
                           case=s.get(Case, world.case_id), mode=mode, purpose="申请行政复议需要",
                           delivery="download", applicant=Applicant("测试甲", None, "party", user_id=applicant.id))
        return slip.id


def line_box(world: World, ctx: AppContext, line: int) -> tuple[int, int, int, int]:
    with ctx.db.session() as s:
        page = s.scalar(select(Page).where(Page.document_id == world.document_id))
        return tuple(page.words[line]["box"])


@pytest.fixture
def world(ctx: AppContext, tmp_path: Path) -> World:
    return seed_redaction_world(ctx, tmp_path)


class Editor:
    """One person editing a slip's plan, each call in its own transaction, as a request would be."""

    def __init__(self, ctx: AppContext, world: World, username: str, slip_id: int):
        self.ctx, self.world, self.username, self.slip_id = ctx, world, username, slip_id
        self.log = AccessLog(ctx.settings)

    def __call__(self, op, *args, **kwargs):
        with self.ctx.db.transaction() as s:
            user = s.get(User, self.world.users[self.username])
            subject = load_subject(s, user)
            return op(s, self.log, Actor(user.id, self.username, user.role), subject,
                      s.get(RetrievalSlip, self.slip_id), *args, **kwargs)


def _planted(ctx: AppContext, world: World, slip_id: int) -> Plan:
    """A plan made by hand (as a detector would): the witness's ID number and phone, one of them split in two."""
    id_box, phone_box = line_box(world, ctx, 1), line_box(world, ctx, 2)
    plan = Plan("release", [world.document_id], entries=[
        Entry(world.document_id, Kind.id_number, Reason.privacy, page_no=1,
              box=(id_box[0] + 400, id_box[1], id_box[2], id_box[3]), text=WITNESS_ID, subject="person:测试乙"),
        Entry(world.document_id, Kind.phone, Reason.privacy, page_no=1,
              box=(phone_box[0] + 200, phone_box[1], phone_box[0] + 300, phone_box[3]), text=WITNESS_PHONE[:6],
              group="g1"),
        Entry(world.document_id, Kind.phone, Reason.privacy, page_no=1,
              box=(phone_box[0] + 300, phone_box[1], phone_box[2], phone_box[3]), text=WITNESS_PHONE[6:],
              group="g1"),
        Entry(world.document_id, Kind.manual, Reason.privacy, start_s=1.5, end_s=4.0, text="一段录音"),
    ])
    with ctx.db.transaction() as s:
        save_plan(s, plan, created_by="archivist_a", slip_id=slip_id)
    return plan


def _log(ctx: AppContext, **where) -> list[AccessLogRecord]:
    with ctx.db.session() as s:
        query = select(AccessLogRecord).order_by(AccessLogRecord.seq)
        for name, value in where.items():
            query = query.where(getattr(AccessLogRecord, name) == value)
        return list(s.scalars(query))


def _assert_log_hides(ctx: AppContext, hidden: list[str]) -> None:
    for entry in _log(ctx):
        dumped = json.dumps({"detail": entry.detail, "purpose": entry.purpose}, ensure_ascii=False)
        for text in hidden:
            assert text not in dumped, f"access-log entry {entry.seq} ({entry.action}) carries a hidden string"


# -- storing and loading --------------------------------------------------------------------------

def test_a_plan_is_stored_and_loaded_back_with_what_its_boxes_hide(ctx: AppContext, world: World) -> None:
    slip_id = new_slip(ctx, world)
    plan = _planted(ctx, world, slip_id)
    with ctx.db.transaction() as s:
        row = s.scalar(select(RedactionPlan).where(RedactionPlan.slip_id == slip_id))
        row.withholdings  # noqa: B018
        loaded = load_plan(s, row)
        slip_no = s.get(RetrievalSlip, slip_id).slip_no
    assert loaded.entries == plan.entries  # ids, boxes, clip range, groups, subjects and hidden text
    assert loaded.document_ids == [world.document_id] and loaded.slip_no == slip_no
    assert loaded.purpose == "release" and not loaded.mask_names and row.status == "proposed"


def test_a_removed_entry_stays_in_the_table_but_not_in_the_plan(ctx: AppContext, world: World) -> None:
    slip_id = new_slip(ctx, world)
    plan = _planted(ctx, world, slip_id)
    Editor(ctx, world, "archivist_a", slip_id)(remove_entry, plan.entries[0].id)
    with ctx.db.session() as s:
        row = s.scalar(select(RedactionPlan).where(RedactionPlan.slip_id == slip_id))
        kept = {e.key: e.removed for e in s.scalars(select(RedactionEntry).where(RedactionEntry.plan_id == row.id))}
        loaded = load_plan(s, row)
    assert kept[plan.entries[0].id] is True and len(kept) == len(plan.entries)
    assert [e.id for e in loaded.entries] == [e.id for e in plan.entries[1:]]


# -- edits and their log --------------------------------------------------------------------------

def test_every_edit_is_logged_with_what_and_why_never_the_hidden_text(ctx: AppContext, world: World) -> None:
    slip_id = new_slip(ctx, world)
    plan = _planted(ctx, world, slip_id)
    edit = Editor(ctx, world, "archivist_a", slip_id)
    name_box = line_box(world, ctx, 1)
    drawn = edit(add_box, Drawn(world.document_id, 1, (name_box[0], name_box[1], name_box[2], name_box[3]),
                                Kind.name, Reason.privacy))
    edit(change_reason, plan.entries[0].id, Reason.trade_secret, Kind.trade_secret)
    edit(remove_entry, plan.entries[3].id)
    held = edit(withhold, document_id=world.document_id, page_no=1, reason=Reason.privacy,
                note="含第三人家庭情况")
    edit(restore, held.id)
    edit(mark_reviewed)

    assert drawn.source == "manual" and WITNESS in drawn.text  # read from the OCR words, for the verification
    entries = _log(ctx, action="redaction")
    ops = [e.detail["op"] for e in entries]
    assert ops == ["add", "change", "remove", "withhold", "restore", "reviewed"]
    assert {e.username for e in entries} == {"archivist_a"} and all(e.outcome == "allowed" for e in entries)
    assert all(e.record_kind == "redaction_plan" and e.case_id == world.case_id and e.slip_no for e in entries)
    add, change, _, held_entry, _, reviewed = entries
    assert add.detail["box"] == list(drawn.box) and add.detail["kind"] == "name" and add.detail["page"] == 1
    assert change.detail["reason"] == "trade_secret" and change.detail["was"] == {"kind": "id_number",
                                                                                   "reason": "privacy"}
    assert held_entry.detail["note"] == "含第三人家庭情况" and held_entry.detail["reason"] == "privacy"
    assert reviewed.detail["entries"] == 4 and reviewed.detail["removed"] == 1
    _assert_log_hides(ctx, [WITNESS, WITNESS_ID, WITNESS_PHONE[:6], WITNESS_PHONE[6:], "一段录音", drawn.text])
    with ctx.db.session() as s:
        row = s.scalar(select(RedactionPlan).where(RedactionPlan.slip_id == slip_id))
        assert row.status == "reviewed" and row.reviewed_by == "archivist_a" and row.withholdings == []


def test_a_change_after_review_asks_for_a_new_review(ctx: AppContext, world: World) -> None:
    slip_id = new_slip(ctx, world)
    plan = _planted(ctx, world, slip_id)
    edit = Editor(ctx, world, "legal_a", slip_id)  # a legal reviewer of the agency reviews too
    edit(mark_reviewed)
    edit(withhold, document_id=world.document_id, page_no=None, reason=Reason.trade_secret, note="涉及配方")
    with ctx.db.session() as s:
        row = s.scalar(select(RedactionPlan).where(RedactionPlan.slip_id == slip_id))
        assert row.status == "proposed" and row.reviewed_by is None
        assert load_plan(s, row).withheld_reason(world.document_id, 1).reason is Reason.trade_secret
    with pytest.raises(PlanError, match="整份文书已不予提供"):
        edit(withhold, document_id=world.document_id, page_no=1, reason=Reason.privacy, note="重复")
    with pytest.raises(PlanError, match="理由说明"):
        edit(withhold, document_id=world.document_id, page_no=1, reason=Reason.privacy, note="  ")
    with pytest.raises(PlanError, match="太小或在页面之外"):
        edit(add_box, Drawn(world.document_id, 1, (world.page_size[0] + 5, 0, world.page_size[0] + 50, 40),
                            Kind.manual, Reason.privacy))
    assert plan.entries


@pytest.mark.parametrize("username", ["officer_a", "archivist_b", "applicant"])
def test_only_the_agencys_reviewers_edit_a_plan(ctx: AppContext, world: World, username: str) -> None:
    slip_id = new_slip(ctx, world)
    plan = _planted(ctx, world, slip_id)
    with pytest.raises(Forbidden, match="只有本机关的档案管理员"):
        Editor(ctx, world, username, slip_id)(remove_entry, plan.entries[0].id)
    with pytest.raises(Forbidden):
        Editor(ctx, world, username, slip_id)(mark_reviewed)
    assert _log(ctx, action="redaction") == []


def test_a_decided_slips_plan_is_frozen(ctx: AppContext, world: World) -> None:
    slip_id = new_slip(ctx, world)
    plan = _planted(ctx, world, slip_id)
    edit = Editor(ctx, world, "archivist_a", slip_id)
    edit(mark_reviewed)
    with ctx.db.transaction() as s:
        head = load_subject(s, s.get(User, world.users["head_a"]))
        decide_slip(s, AccessLog(ctx.settings), Actor(head.id, "head_a"), head, s.get(RetrievalSlip, slip_id),
                    approve=True, approved_ids=None, comment="同意")
    with pytest.raises(PlanFrozen, match="调用单已批准，遮盖方案随审批锁定"):
        edit(remove_entry, plan.entries[0].id)
    with pytest.raises(PlanFrozen):
        edit(add_box, Drawn(world.document_id, 1, (10, 10, 100, 100), Kind.manual, Reason.privacy))


def test_a_new_proposal_does_not_bring_back_what_a_person_removed(ctx: AppContext, world: World) -> None:
    slip_id = new_slip(ctx, world)
    plan = _planted(ctx, world, slip_id)
    edit = Editor(ctx, world, "archivist_a", slip_id)
    edit(remove_entry, plan.entries[0].id)
    edit(change_reason, plan.entries[1].id, Reason.trade_secret)
    id_box, name_box = plan.entries[0].box, line_box(world, ctx, 0)
    newer = Plan("release", [world.document_id], entries=[
        # the removed ID number again, found by a newer detector with a slightly different box
        Entry(world.document_id, Kind.id_number, Reason.privacy, page_no=1,
              box=(id_box[0] + 6, id_box[1] - 2, id_box[2] - 4, id_box[3] + 1), text=WITNESS_ID),
        # the edited phone half again: kept as the person left it
        Entry(world.document_id, Kind.phone, Reason.privacy, page_no=1, box=plan.entries[1].box, text="x"),
        # something new
        Entry(world.document_id, Kind.name, Reason.privacy, page_no=1, box=name_box, text=WITNESS),
    ])
    with ctx.db.transaction() as s:
        row = s.scalar(select(RedactionPlan).where(RedactionPlan.slip_id == slip_id))
        assert merge_proposal(row, newer) == 1
        merged = load_plan(s, row)
    kinds = sorted(str(e.kind) for e in merged.entries)
    assert kinds == ["manual", "name", "phone", "phone"]
    assert next(e for e in merged.entries if e.id == plan.entries[1].id).reason is Reason.trade_secret


def test_plan_for_slip_proposes_once_and_logs_it(ctx: AppContext, world: World) -> None:
    slip_id = new_slip(ctx, world)
    log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        first = plan_for_slip(s, log, Actor(None, "archivist_a"), s.get(RetrievalSlip, slip_id))
    with ctx.db.transaction() as s:
        again = plan_for_slip(s, log, Actor(None, "archivist_a"), s.get(RetrievalSlip, slip_id))
        assert stored_plan(s, s.get(RetrievalSlip, slip_id)).status == "proposed"
    assert [e.id for e in again.entries] == [e.id for e in first.entries]
    assert Kind.id_number in {e.kind for e in first.entries}  # the witness's
    proposed = _log(ctx, action="redaction")
    assert [e.detail["op"] for e in proposed] == ["propose"]
    _assert_log_hides(ctx, [WITNESS, WITNESS_ID, WITNESS_PHONE])


# -- through the web app ---------------------------------------------------------------------------

@pytest.fixture
def client_for(ctx: AppContext, world: World) -> Iterator:
    app = make_app(ctx)

    def _client(username: str) -> FlaskClient:
        client = app.test_client()
        assert login(client, username).status_code == 302
        return client
    yield _client


def test_a_head_cannot_approve_before_the_plan_is_reviewed(ctx: AppContext, world: World, client_for) -> None:
    slip_id = new_slip(ctx, world)
    head, archivist = client_for("head_a"), client_for("archivist_a")
    page = head.get(f"/slips/{slip_id}")
    assert "尚未生成遮盖方案" in page.text and "审核遮盖方案" in page.text
    refused = head.post(f"/slips/{slip_id}/decide", data={"decision": "approve", "comment": "同意",
                                                          "document_ids": [str(world.document_id)]})
    assert refused.status_code == 400 and "遮盖方案尚未审核" in refused.text and "审核完成" in refused.text

    review = archivist.get(f"/slips/{slip_id}/redaction")
    assert review.status_code == 200 and "审核完成" in review.text
    for text in (WITNESS_ID, WITNESS_PHONE):
        assert text not in review.text  # boxes and labels, not what they hide
    box = line_box(world, ctx, 4)
    added = archivist.post(f"/slips/{slip_id}/redaction/entries", headers={"Accept": "application/json"},
                           data={"document_id": world.document_id, "page": 1, "x0": box[0], "y0": box[1],
                                 "x1": box[2], "y1": box[3], "kind": "manual", "reason": "privacy"})
    assert added.status_code == 200 and added.json["entry"]["source"] == "manual" and "text" not in added.json["entry"]
    held = archivist.post(f"/slips/{slip_id}/redaction/withholdings",
                          data={"document_id": world.document_id, "page": 1, "scope": "page", "reason": "privacy",
                                "note": "第三人信息"})
    assert held.status_code == 303
    assert archivist.post(f"/slips/{slip_id}/redaction/reviewed").status_code == 303

    page = head.get(f"/slips/{slip_id}")
    assert "已审核" in page.text and "第 1 页：个人隐私，第三人信息" in page.text and "人工添加 1 处" in page.text
    assert head.get(f"/slips/{slip_id}/redaction/plan.json").json["status"] == "reviewed"
    approved = head.post(f"/slips/{slip_id}/decide", data={"decision": "approve", "comment": "同意",
                                                           "document_ids": [str(world.document_id)]})
    assert approved.status_code == 303
    frozen = archivist.post(f"/slips/{slip_id}/redaction/reviewed", headers={"Accept": "application/json"})
    assert frozen.status_code == 409 and "锁定" in frozen.json["error"]
    assert client_for("officer_a").get(f"/slips/{slip_id}/redaction").status_code == 403
    assert client_for("applicant").get(f"/slips/{slip_id}/redaction").status_code == 403
    steps = [(e.username, e.action, e.outcome, e.detail.get("op")) for e in _log(ctx, record_kind="redaction_plan")]
    assert ("archivist_a", "redaction", "allowed", "add") in steps
    assert ("archivist_a", "redaction", "denied", "reviewed") in steps
    assert ("officer_a", "view", "denied", None) in steps
    _assert_log_hides(ctx, [WITNESS, WITNESS_ID, WITNESS_PHONE])


def test_a_slip_approved_without_a_reviewed_plan_gives_no_copy(ctx: AppContext, world: World, client_for) -> None:
    """A slip approved before plans were asked for (straight through the service) has no reviewed plan, and a
    decided slip's plan can no longer be reviewed: no copy leaves, and the applicant is told what to do. The
    page image shown under it is still burned with the plan proposed for it."""
    slip_id = new_slip(ctx, world)
    with ctx.db.transaction() as s:
        head = load_subject(s, s.get(User, world.users["head_a"]))
        decide_slip(s, AccessLog(ctx.settings), Actor(head.id, "head_a"), head, s.get(RetrievalSlip, slip_id),
                    approve=True, approved_ids=None, comment="同意")
    applicant = client_for("applicant")
    refused = applicant.post(f"/slips/{slip_id}/package.pdf")
    assert refused.status_code == 400 and "批准时遮盖方案未经审核" in refused.text and "重新提交" in refused.text
    with ctx.db.session() as s:
        assert s.get(RetrievalSlip, slip_id).downloads_used == 0
    assert applicant.get(f"/documents/{world.document_id}/pages/1/image").status_code == 200
    assert [e.detail["op"] for e in _log(ctx, action="redaction")] == ["propose"]
    assert [e.outcome for e in _log(ctx, action="copy")] == ["denied"]
