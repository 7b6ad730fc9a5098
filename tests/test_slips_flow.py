"""Retrieval slips through the web app on SQLite and PostgreSQL: apply, approve (narrowed), watermarked
copies counted against the slip, rejections, expiry, secrecy, internal cross-unit views, the printed form,
and the access-log entry of every step.

`seed_world` builds the two agencies, three units, cases, documents and accounts that
tests/test_access_matrix.py and tests/test_web_browser.py use too.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest
from flask import Flask
from flask.testing import FlaskClient
from pdfminer.high_level import extract_text
from sqlalchemy import select, update

from access_control.audit import AccessLog, Actor, verify
from access_control.models import AccessLogRecord, RetrievalSlip
from access_control.rules import AccessRules
from access_control.slips import Applicant, create_slip, decide_slip
from access_control.subjects import load_subject
from access_control.users import create_user
from context import AppContext, open_context
from earchive.settings import Settings
from records.classification import LEVELS as CLASSIFICATION_LEVELS
from indexer.outbox import load_indexed_documents
from records.models import Agency, Case, Unit, User, utcnow
from test_web_flow import PASSWORD, SeededDocument, add_document, fast_password_hashing, login, make_app  # noqa: F401

INTERNAL = "internal"
ABOVE_INTERNAL = CLASSIFICATION_LEVELS[CLASSIFICATION_LEVELS.index(INTERNAL) + 1]
TOP = CLASSIFICATION_LEVELS[-1]
PNG_AUTHORISATION = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # magic bytes are all the slip form checks

# username: (role, unit key or None, clearance)
ACCOUNTS = {
    "archivist_a": ("archivist", "A1", TOP),
    "officer_a1": ("officer", "A1", INTERNAL),
    "officer_a2": ("officer", "A2", ABOVE_INTERNAL),
    "legal_a": ("legal_reviewer", "A2", INTERNAL),
    "head_a": ("head", "A1", TOP),
    "officer_b": ("officer", "B1", TOP),
    "officer_h": ("officer", "B1", INTERNAL),  # handled case A2 before moving to unit B1
    "archivist_b": ("archivist", "B1", INTERNAL),
    "head_b": ("head", "B1", TOP),
    "applicant": ("applicant", None, INTERNAL),
    "applicant2": ("applicant", None, INTERNAL),
    "auditor": ("auditor", None, TOP),
    "admin": ("admin", None, TOP),
}
UNITS = {"A1": ("lq", "执法一中队"), "A2": ("lq", "执法二中队"), "B1": ("yx", "治安大队")}
AGENCIES = {"lq": "鹿泉区住建局", "yx": "易县公安局"}


@dataclass
class Doc:
    key: str
    seeded: SeededDocument
    unit: str
    case: str
    classification: str
    secrecy: list[str]
    token: str  # a string only this document's text has

    @property
    def id(self) -> int:
        return self.seeded.id


@dataclass
class World:
    agencies: dict[str, int]
    units: dict[str, int]
    cases: dict[str, int]
    case_nos: dict[str, str]
    docs: dict[str, Doc]
    users: dict[str, int]
    handled: dict[str, set[str]] = field(default_factory=dict)  # username -> case keys

    def unit_of(self, username: str) -> str | None:
        return ACCOUNTS[username][1]


def seed_world(ctx: AppContext, tmp: Path) -> World:
    with ctx.db.transaction() as s:
        agencies = {code: Agency(code=code, name=name, rules={}) for code, name in AGENCIES.items()}
        s.add_all(agencies.values())
        s.flush()
        units = {key: Unit(agency_id=agencies[a].id, code=key.lower(), name=name) for key, (a, name) in UNITS.items()}
        s.add_all(units.values())
        s.flush()
        case_nos = {key: f"{'鹿住建' if key[0] == 'A' else '易公'}罚〔2024〕{n}号" for n, key in enumerate(units, 10)}
        cases = {key: Case(unit_id=units[key].id, case_no=case_nos[key], cause="未取得施工许可证擅自施工")
                 for key in units}
        s.add_all(cases.values())
        s.flush()
        users = {}
        for username, (role, unit, clearance) in ACCOUNTS.items():
            users[username] = create_user(s, username, PASSWORD, f"{username}名", role,
                                          units[unit].id if unit else None, clearance).id
        ids = ({k: a.id for k, a in agencies.items()}, {k: u.id for k, u in units.items()},
               {k: c.id for k, c in cases.items()})
    world = World(agencies=ids[0], units=ids[1], cases=ids[2], case_nos=case_nos, docs={}, users=users,
                  handled={"officer_h": {"A2"}})
    n = 0
    specs = [(unit, level, []) for unit in UNITS for level in CLASSIFICATION_LEVELS]
    specs += [("A1", INTERNAL, ["state_secret"]), ("A1", INTERNAL, ["privacy"])]
    for unit, level, secrecy in specs:
        n += 1
        key = f"{unit}-{secrecy[0] if secrecy else level}"
        token = f"DOC{n:03d}"
        seeded = add_document(ctx, tmp, unit_id=world.units[unit], case_id=world.cases[unit],
                              title=f"{unit}处罚决定书{n}", classification=level, secrecy=secrecy,
                              lines=["行政处罚决定书", f"罚款人民币{n}佰元 {token}"])
        world.docs[key] = Doc(key, seeded, unit, unit, level, secrecy, token)
    with ctx.db.transaction() as s:
        from access_control.models import CaseHandler

        s.add(CaseHandler(case_id=world.cases["A2"], user_id=users["officer_h"]))
    with ctx.db.session() as s:
        ctx.search.upsert(list(load_indexed_documents(s, [d.id for d in world.docs.values()]).values()))
    return world


@pytest.fixture(params=["sqlite", "postgresql"])
def world_settings(request: pytest.FixtureRequest) -> Settings:
    return request.getfixturevalue("settings" if request.param == "sqlite" else "pg_settings")


@pytest.fixture
def wctx(world_settings: Settings) -> Iterator[AppContext]:
    context = open_context(world_settings, migrate=False)
    yield context
    context.close()


@pytest.fixture
def world(wctx: AppContext, tmp_path: Path) -> World:
    return seed_world(wctx, tmp_path)


@pytest.fixture
def wapp(wctx: AppContext, world: World) -> Flask:
    return make_app(wctx)


@pytest.fixture
def client_for(wapp: Flask):
    def _client(username: str) -> FlaskClient:
        client = wapp.test_client()
        assert login(client, username).status_code == 302
        return client
    return _client


def log_entries(ctx: AppContext, **where) -> list[AccessLogRecord]:
    with ctx.db.session() as s:
        query = select(AccessLogRecord).order_by(AccessLogRecord.seq)
        for name, value in where.items():
            query = query.where(getattr(AccessLogRecord, name) == value)
        return list(s.scalars(query))


def apply_as_applicant(client: FlaskClient, world: World, case: str = "A1", mode: str = "copy",
                       relation: str = "agent", authorisation: bytes = PNG_AUTHORISATION) -> int:
    form = {"agency": str(world.agencies["lq"]), "case_no": world.case_nos[case], "mode": mode,
            "purpose": "申请行政复议需要", "delivery": "download", "id_number": "11010519491231002X",
            "relation": relation, "party_name": "张三"}
    if relation == "agent":
        form["authorisation"] = (io.BytesIO(authorisation), "授权委托书.png")
    response = client.post("/slips/new", data=form, content_type="multipart/form-data")
    assert response.status_code == 303, response.text
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def review_plan(head: FlaskClient, ctx: AppContext, slip_id: int) -> None:
    """An applicant's slip waits for its redaction plan to be reviewed (#14): an archivist of the agency opens
    it and marks it reviewed. An internal slip has none."""
    if slip_row(ctx, slip_id).kind != "applicant":
        return
    archivist = head.application.test_client()
    assert login(archivist, "archivist_a").status_code == 302
    assert archivist.get(f"/slips/{slip_id}/redaction").status_code == 200
    assert archivist.post(f"/slips/{slip_id}/redaction/reviewed").status_code == 303


def released(ctx: AppContext, data: bytes, slip_no: str) -> int:
    """A copy is the slip's verified release (#14): its SHA-256 is on a Release row and on the slip's copy
    entry in the access log. Returns its number of pages."""
    import hashlib

    from redaction.models import Release

    sha256 = hashlib.sha256(data).hexdigest()
    with ctx.db.session() as s:
        release = s.scalar(select(Release).where(Release.sha256 == sha256))
        slip = s.scalar(select(RetrievalSlip).where(RetrievalSlip.slip_no == slip_no))
        assert release is not None and release.slip_id == slip.id and release.verified
    assert sha256 in {e.content_hash for e in log_entries(ctx, slip_no=slip_no, action="copy", outcome="allowed")}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def approve_all(head: FlaskClient, ctx: AppContext, slip_id: int, comment: str = "同意"):
    """The head approves everything asked for (the form arrives with every box ticked)."""
    review_plan(head, ctx, slip_id)
    ids = [str(i.document_id) for i in slip_row(ctx, slip_id).items]
    return head.post(f"/slips/{slip_id}/decide", data={"decision": "approve", "comment": comment,
                                                       "document_ids": ids})


def slip_row(ctx: AppContext, slip_id: int) -> RetrievalSlip:
    with ctx.db.session() as s:
        slip = s.get(RetrievalSlip, slip_id)
        slip.items  # noqa: B018 - loaded before the session closes
        return slip


def package_text(data: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    return [extract_text(io.BytesIO(data), page_numbers=[i]) for i in range(pages)]


def test_apply_approve_narrowed_download_watermarked_copies(wctx: AppContext, world: World, client_for) -> None:
    applicant, head = client_for("applicant"), client_for("head_a")
    slip_id = apply_as_applicant(applicant, world)
    slip = slip_row(wctx, slip_id)
    requested = {i.document_id for i in slip.items}
    # Never on an applicant's slip: state secrets, and anything above the agency's ceiling (internal).
    assert world.docs["A1-state_secret"].id not in requested
    assert world.docs[f"A1-{ABOVE_INTERNAL}"].id not in requested
    assert {world.docs["A1-internal"].id, world.docs["A1-privacy"].id} <= requested
    assert slip.authorisation_sha256 and not wctx.store.has_original(slip.authorisation_sha256)  # not yet
    assert slip.slip_no.startswith("lq-")

    assert applicant.post(f"/slips/{slip_id}/package.pdf").status_code == 403  # not approved yet
    assert applicant.get(f"/documents/{world.docs['A1-internal'].id}").status_code == 403
    assert applicant.get(f"/slips/{slip_id}/authorisation").status_code == 403
    assert head.get(f"/slips/{slip_id}/authorisation").data == PNG_AUTHORISATION
    assert slip.slip_no in head.get("/slips/").text  # waiting for the head

    approved = [world.docs["A1-internal"].id, world.docs[f"A1-{CLASSIFICATION_LEVELS[0]}"].id]
    review_plan(head, wctx, slip_id)
    response = head.post(f"/slips/{slip_id}/decide", data={"decision": "approve", "comment": "同意复制",
                                                            "document_ids": [str(i) for i in approved]})
    assert response.status_code == 303
    slip = slip_row(wctx, slip_id)
    assert slip.status == "approved" and slip.downloads_allowed == AccessRules().slip_downloads
    assert wctx.store.has_original(slip.authorisation_sha256)  # approved: kept with the records, write-once
    assert wctx.store.original_path(slip.authorisation_sha256).stat().st_mode & 0o222 == 0
    assert {i.document_id for i in slip.items if i.approved} == set(approved)

    for n in range(1, slip.downloads_allowed + 1):
        download = applicant.post(f"/slips/{slip_id}/package.pdf")
        assert download.status_code == 200 and download.mimetype == "application/pdf"
        assert released(wctx, download.data, slip.slip_no) == len(approved)  # the approved records, a page each
    refused = applicant.post(f"/slips/{slip_id}/package.pdf")
    assert refused.status_code == 403 and "下载次数已用完" in refused.text
    assert slip_row(wctx, slip_id).downloads_used == slip.downloads_allowed

    # A used-up copy slip grants nothing more, not even a view; records never approved were never visible.
    assert applicant.get(f"/documents/{approved[0]}").status_code == 403
    not_approved = (requested - set(approved)).pop()
    assert applicant.get(f"/documents/{not_approved}").status_code == 403

    copies = log_entries(wctx, slip_no=slip.slip_no, action="copy")
    # refused before approval, the allowance, refused after it
    assert [e.outcome for e in copies] == ["denied"] + ["allowed"] * slip.downloads_allowed + ["denied"]
    assert all(e.username == "applicant" and e.purpose == "申请行政复议需要" for e in copies[1:-1])
    assert all(e.content_hash and len(e.content_hash) == 64 for e in copies[1:-1])
    actions = [e.action for e in log_entries(wctx, slip_no=slip.slip_no)]
    assert actions[:1] == ["slip_create"] and "slip_decide" in actions
    decision = log_entries(wctx, slip_no=slip.slip_no, action="slip_decide")[0]
    assert decision.username == "head_a" and decision.detail["documents"] == sorted(approved)
    with wctx.db.session() as s:
        assert verify(s).ok


def test_rejected_and_expired_slips_give_nothing(wctx: AppContext, world: World, client_for) -> None:
    applicant, head = client_for("applicant"), client_for("head_a")
    rejected = apply_as_applicant(applicant, world, relation="party")
    assert head.post(f"/slips/{rejected}/decide", data={"decision": "reject", "comment": ""}).status_code == 400
    assert head.post(f"/slips/{rejected}/decide", data={"decision": "reject",
                                                        "comment": "与本案无关"}).status_code == 303
    assert applicant.post(f"/slips/{rejected}/package.pdf").status_code == 403
    assert "不予批准" in applicant.get(f"/slips/{rejected}").text
    again = head.post(f"/slips/{rejected}/decide", data={"decision": "approve"})
    assert again.status_code == 400  # decided once

    expired = apply_as_applicant(applicant, world, relation="party")
    assert approve_all(head, wctx, expired).status_code == 303
    doc = world.docs["A1-internal"].id
    assert applicant.get(f"/documents/{doc}").status_code == 200
    with wctx.db.transaction() as s:
        s.execute(update(RetrievalSlip).where(RetrievalSlip.id == expired)
                  .values(valid_until=utcnow() - dt.timedelta(seconds=1)))
    response = applicant.post(f"/slips/{expired}/package.pdf")
    assert response.status_code == 403 and "已过期" in response.text
    assert applicant.get(f"/documents/{doc}").status_code == 403  # the next request already counts
    assert [e.outcome for e in log_entries(wctx, action="copy")] == ["denied", "denied"]


def test_who_may_decide(wctx: AppContext, world: World, client_for) -> None:
    slip_id = apply_as_applicant(client_for("applicant"), world, relation="party")
    for username in ("archivist_a", "officer_a1", "head_b", "applicant"):
        response = client_for(username).post(f"/slips/{slip_id}/decide", data={"decision": "approve"})
        assert response.status_code == 403, username
    assert slip_row(wctx, slip_id).status == "pending"
    denied = log_entries(wctx, action="slip_decide", outcome="denied")
    assert {e.username for e in denied} == {"archivist_a", "officer_a1", "head_b", "applicant"}
    head = client_for("head_a")
    secret_doc = world.docs["A1-state_secret"].id
    response = head.post(f"/slips/{slip_id}/decide", data={"decision": "approve", "document_ids": [str(secret_doc)]})
    assert response.status_code == 400 and "申请的范围" in response.text  # cannot widen the scope


def test_slips_are_private_to_their_people(wctx: AppContext, world: World, client_for) -> None:
    slip_id = apply_as_applicant(client_for("applicant"), world, relation="party")
    for method, path in (("GET", f"/slips/{slip_id}"), ("GET", f"/slips/{slip_id}/print"),
                         ("POST", f"/slips/{slip_id}/package.pdf"), ("GET", f"/slips/{slip_id}/authorisation")):
        for username in ("applicant2", "officer_a1", "head_b", "archivist_b", "auditor", "admin"):
            assert client_for(username).open(path, method=method).status_code == 403, (username, path)
    assert client_for("archivist_a").get(f"/slips/{slip_id}").status_code == 200
    assert client_for("applicant").get(f"/slips/{slip_id + 1000}").status_code == 404


def test_printed_slip_is_one_signable_page(wctx: AppContext, world: World, client_for) -> None:
    applicant, head = client_for("applicant"), client_for("head_a")
    slip_id = apply_as_applicant(applicant, world)
    approve_all(head, wctx, slip_id)
    slip = slip_row(wctx, slip_id)
    page = applicant.get(f"/slips/{slip_id}/print").text
    for expected in ("行政执法全过程记录调用单", slip.slip_no, "applicant名", "张三", "申请行政复议需要",
                     world.case_nos["A1"], "head_a名", "同意", "申请人（签名）", "负责人（签名）", "有效期至"):
        assert expected in page, expected
    assert "print.css" in page and "<script" not in page
    assert log_entries(wctx, action="print", slip_no=slip.slip_no)


def test_archivist_registers_a_slip_for_an_applicant(wctx: AppContext, world: World, client_for) -> None:
    archivist = client_for("archivist_a")
    case_page = archivist.get(f"/cases/{world.cases['A1']}").text
    assert "代申请人登记调用单" in case_page
    wanted = world.docs["A1-internal"].id
    response = archivist.post(f"/slips/new?case_id={world.cases['A1']}", content_type="multipart/form-data", data={
        "applicant_name": "李四", "applicant_username": "applicant2", "id_number": "11010519491231002X",
        "relation": "party", "mode": "copy", "delivery": "paper", "purpose": "当事人到窗口申请复印",
        "document_ids": [str(wanted), str(world.docs["A1-state_secret"].id)]})
    assert response.status_code == 200 and "涉及国家秘密，不予提供" in response.text
    response = archivist.post(f"/slips/new?case_id={world.cases['A1']}", content_type="multipart/form-data", data={
        "applicant_name": "李四", "applicant_username": "applicant2", "id_number": "11010519491231002X",
        "relation": "party", "mode": "copy", "delivery": "paper", "purpose": "当事人到窗口申请复印",
        "document_ids": [str(wanted)]})
    assert response.status_code == 303
    slip_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    slip = slip_row(wctx, slip_id)
    assert (slip.applicant_name, slip.kind, slip.delivery) == ("李四", "applicant", "paper")
    assert [i.document_id for i in slip.items] == [wanted]
    assert client_for("applicant2").get(f"/slips/{slip_id}").status_code == 200  # linked to the account
    approve_all(client_for("head_a"), wctx, slip_id)
    paper = archivist.post(f"/slips/{slip_id}/package.pdf")  # the archivist prints the copy for the counter
    assert paper.status_code == 200 and released(wctx, paper.data, slip.slip_no) == 1


def test_officer_views_another_units_case_with_purpose_and_approval(wctx: AppContext, world: World,
                                                                    client_for) -> None:
    officer = client_for("officer_a1")
    doc = world.docs["A2-internal"].id
    refused = officer.get(f"/documents/{doc}")
    assert refused.status_code == 403 and f"/slips/new?case_id={world.cases['A2']}" in refused.text
    response = officer.post(f"/slips/new?case_id={world.cases['A2']}", data={"purpose": "关联案件比对"})
    assert response.status_code == 303
    slip_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    assert officer.get(f"/documents/{doc}").status_code == 403  # pending
    approve_all(client_for("head_a"), wctx, slip_id)
    assert officer.get(f"/documents/{doc}").status_code == 200
    assert officer.get(f"/documents/{doc}/download").status_code == 403  # viewing only
    assert officer.get(f"/documents/{world.docs[f'A2-{ABOVE_INTERNAL}'].id}").status_code == 403  # clearance
    found = set(re.findall(r'href="/documents/(\d+)\?', officer.get("/search?q=罚款").text))
    assert str(doc) in found
    view = [e for e in log_entries(wctx, action="view", record_id=doc) if e.outcome == "allowed"][0]
    assert view.slip_no == slip_row(wctx, slip_id).slip_no and view.purpose == "关联案件比对"


def test_agency_rule_lets_a_stated_purpose_suffice(wctx: AppContext, world: World, client_for) -> None:
    with wctx.db.transaction() as s:
        s.get(Agency, world.agencies["lq"]).rules = {"access": {"cross_unit_view_requires_approval": False,
                                                                "cross_unit_view_days": 2}}
    officer = client_for("officer_a1")
    response = officer.post(f"/slips/new?case_id={world.cases['A2']}", data={"purpose": "关联案件比对"})
    slip = slip_row(wctx, int(response.headers["Location"].rsplit("/", 1)[-1]))
    assert slip.status == "approved" and slip.decided_by_id is None
    remaining = slip.valid_until.replace(tzinfo=slip.valid_until.tzinfo or dt.timezone.utc) - utcnow()
    assert dt.timedelta(days=1) < remaining <= dt.timedelta(days=2)
    assert officer.get(f"/documents/{world.docs['A2-internal'].id}").status_code == 200
    assert client_for("officer_b").post(f"/slips/new?case_id={world.cases['A2']}",
                                        data={"purpose": "跨机关调阅"}).status_code == 403


def test_slip_service_refuses_what_the_policy_refuses(wctx: AppContext, world: World) -> None:
    log = AccessLog(wctx.settings)
    with wctx.db.transaction() as s:
        applicant = load_subject(s, s.get(User, world.users["applicant"]))
        head_b = load_subject(s, s.get(User, world.users["head_b"]))
        case = s.get(Case, world.cases["A1"])
        slip = create_slip(s, log, Actor(applicant.id, "applicant"), applicant, case=case, mode="view",
                           purpose="查阅本人案件", delivery="onsite",
                           applicant=Applicant("张三", None, "party", user_id=applicant.id))
        from earchive.errors import Forbidden

        with pytest.raises(Forbidden):
            decide_slip(s, log, Actor(head_b.id, "head_b"), head_b, slip, approve=True, approved_ids=None,
                        comment="")
        assert slip.status == "pending"


# -- what a slip holder gets (issue 16, §0 item 1 and item 9) ---------------------------------------

def _approved_copy_slip(ctx: AppContext, world: World, client_for) -> tuple[FlaskClient, int, list[int]]:
    applicant, head = client_for("applicant"), client_for("head_a")
    slip_id = apply_as_applicant(applicant, world, relation="party")
    approved = [world.docs["A1-internal"].id, world.docs[f"A1-{CLASSIFICATION_LEVELS[0]}"].id]
    review_plan(head, ctx, slip_id)
    response = head.post(f"/slips/{slip_id}/decide", data={"decision": "approve", "comment": "同意",
                                                            "document_ids": [str(i) for i in approved]})
    assert response.status_code == 303
    return applicant, slip_id, approved


def _stored_pdfa(world: World, document_id: int) -> bytes:
    return next(d.seeded.pdf for d in world.docs.values() if d.id == document_id)


def test_a_slip_holder_never_gets_the_stored_original(wctx: AppContext, world: World, client_for) -> None:
    """Download and print under a copy slip give the watermarked copy, counted, by POST only; a GET of
    either is refused and spends nothing; when the downloads are used up, everything is refused."""
    applicant, slip_id, approved = _approved_copy_slip(wctx, world, client_for)
    slip = slip_row(wctx, slip_id)
    doc = approved[0]
    for path in (f"/documents/{doc}/download", f"/documents/{doc}/print"):
        refused = applicant.get(path)
        assert refused.status_code == 403 and "带水印的复制件" in refused.text, path
        assert _stored_pdfa(world, doc) not in refused.data
    assert slip_row(wctx, slip_id).downloads_used == 0

    page = applicant.get(f"/documents/{doc}").text
    assert "下载 PDF/A" not in page and "下载复制件" in page and slip.slip_no in page

    copies = [applicant.post(f"/documents/{doc}/download"), applicant.post(f"/documents/{doc}/print")]
    for n, copy in enumerate(copies, start=1):
        assert copy.status_code == 200 and copy.mimetype == "application/pdf"
        assert copy.data != _stored_pdfa(world, doc)
        assert released(wctx, copy.data, slip.slip_no) == 1
    assert copies[1].headers["Content-Disposition"].startswith("inline")
    assert slip_row(wctx, slip_id).downloads_used == 2
    assert applicant.post(f"/slips/{slip_id}/package.pdf").status_code == 200  # the third and last
    assert slip_row(wctx, slip_id).downloads_used == slip.downloads_allowed == 3

    for path in (f"/documents/{doc}/download", f"/documents/{doc}/print"):
        assert applicant.post(path).status_code == 403, path  # used up
    assert applicant.get(f"/documents/{doc}").status_code == 403
    assert slip_row(wctx, slip_id).downloads_used == 3

    entries = log_entries(wctx, slip_no=slip.slip_no, action="copy")
    # each a release for the slip (#14), naming the documents it holds
    assert [(e.record_kind, e.record_id, e.detail["documents"]) for e in entries] == \
        [("slip", slip_id, [doc])] * 2 + [("slip", slip_id, sorted(approved))]
    assert all(e.outcome == "allowed" and e.purpose == "申请行政复议需要" for e in entries)
    refusals = [e for e in log_entries(wctx, username="applicant", outcome="denied")
                if e.action in ("download", "print")]
    assert len(refusals) == 4  # two GETs before, two POSTs after the allowance


def test_spending_a_download_takes_a_post(wctx: AppContext, world: World, client_for) -> None:
    """A plain GET (a link or an image on any site) cannot use up a slip's downloads."""
    applicant, slip_id, approved = _approved_copy_slip(wctx, world, client_for)
    assert applicant.get(f"/slips/{slip_id}/package.pdf").status_code == 405
    assert applicant.get(f"/documents/{approved[0]}/download").status_code == 403
    assert slip_row(wctx, slip_id).downloads_used == 0
    show = applicant.get(f"/slips/{slip_id}").text
    assert re.search(rf'<form method="post" action="/slips/{slip_id}/package.pdf"', show)


def test_page_images_shown_under_a_slip_are_watermarked(wctx: AppContext, world: World, client_for) -> None:
    import numpy
    from PIL import Image, ImageChops

    applicant, slip_id, approved = _approved_copy_slip(wctx, world, client_for)
    doc = approved[0]
    staff = client_for("archivist_a").get(f"/documents/{doc}/pages/1/image")
    held = applicant.get(f"/documents/{doc}/pages/1/image")
    assert staff.status_code == held.status_code == 200
    with wctx.db.session() as s:
        from records.models import Document

        stored = wctx.store.derived_dir(s.get(Document, doc).sha256) / "page-0001.png"
    assert staff.data == stored.read_bytes()  # staff behaviour is unchanged
    original = Image.open(io.BytesIO(staff.data)).convert("RGB")
    marked = Image.open(io.BytesIO(held.data)).convert("RGB")
    assert marked.size == original.size
    difference = ImageChops.difference(original, marked).getbbox()
    assert difference is not None and (difference[2] - difference[0]) > original.width // 2  # across the page
    pixels = numpy.asarray(marked).astype(int)
    red = int(((pixels[..., 0] - pixels[..., 1]) > 40).sum())
    assert red > 1000  # the red mark, not a re-encoding


# -- the agent's authorisation (issue 16, §0 item 6) ---------------------------------------------------

def _pending_authorisations(ctx: AppContext) -> list[Path]:
    folder = ctx.settings.data_dir / "pending" / "authorisations"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _stored_originals(ctx: AppContext) -> set[str]:
    return set(ctx.store.iter_originals())


def _apply_with(client: FlaskClient, world: World, data: bytes, name: str):
    return client.post("/slips/new", content_type="multipart/form-data", data={
        "agency": str(world.agencies["lq"]), "case_no": world.case_nos["A1"], "mode": "copy",
        "purpose": "申请行政复议需要", "delivery": "download", "id_number": "11010519491231002X",
        "relation": "agent", "party_name": "张三", "authorisation": (io.BytesIO(data), name)})


def test_an_oversized_or_wrong_type_authorisation_is_refused_and_kept_nowhere(wctx: AppContext, world: World,
                                                                            client_for) -> None:
    """The form says what is wrong and what to do; no slip is made, and no byte stays on the server."""
    applicant = client_for("applicant")
    limit = wctx.settings.authorisation_max_bytes
    assert limit == 5 * 2**20  # the default: a scanned letter, not a case file
    originals = _stored_originals(wctx)
    refusals = {
        "over the limit": (PNG_AUTHORISATION + b"\x00" * (limit + 1 - len(PNG_AUTHORISATION)), "委托书.png",
                           "不能超过 5 MB"),
        "a Word file named .pdf": (b"PK\x03\x04" + b"\x00" * 200, "委托书.pdf", "所传文件是Word 文档"),
        "an iPhone photo": (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 200, "IMG_0001.jpg", "HEIC"),
        "a program renamed .png": (b"MZ\x90\x00" + b"\x00" * 200, "委托书.png", "不是这三种格式"),
        "an empty file": (b"", "委托书.pdf", "空文件"),
        "a PDF's name on a text file": (b"%PD not really", "委托书.pdf", "不是这三种格式"),
    }
    for case, (data, name, said) in refusals.items():
        response = _apply_with(applicant, world, data, name)
        assert response.status_code == 200 and said in response.text, case
        assert "PDF、JPEG 或 PNG" in response.text and "重新上传" in response.text, case
    # Far past the limit, the request itself is refused before it is read.
    response = _apply_with(applicant, world, PNG_AUTHORISATION + b"\x00" * (limit + 2**20), "委托书.png")
    assert response.status_code == 413 and "超过 5 MB" in response.text and "重新填写提交" in response.text
    with wctx.db.session() as s:
        assert s.scalars(select(RetrievalSlip)).all() == []
    assert log_entries(wctx, action="slip_create") == []
    assert _pending_authorisations(wctx) == [] and _stored_originals(wctx) == originals
    # The same form with a real PDF goes through.
    assert _apply_with(applicant, world, b"%PDF-1.7\n%synthetic authorisation\n", "委托书.pdf").status_code == 303


def test_a_rejected_slips_authorisation_is_deleted_and_an_approved_ones_is_stored(wctx: AppContext, world: World,
                                                                                  client_for) -> None:
    applicant, head = client_for("applicant"), client_for("head_a")
    rejected_bytes, approved_bytes = PNG_AUTHORISATION + b"rejected", PNG_AUTHORISATION + b"approved"
    rejected = apply_as_applicant(applicant, world, authorisation=rejected_bytes)
    approved = apply_as_applicant(applicant, world, authorisation=approved_bytes)
    rejected_sha = slip_row(wctx, rejected).authorisation_sha256
    approved_sha = slip_row(wctx, approved).authorisation_sha256
    # Pending: held outside the write-once store, where the head who decides can read it.
    assert len(_pending_authorisations(wctx)) == 2
    assert not wctx.store.has_original(rejected_sha) and not wctx.store.has_original(approved_sha)
    assert head.get(f"/slips/{rejected}/authorisation").data == rejected_bytes

    assert head.post(f"/slips/{rejected}/decide", data={"decision": "reject",
                                                        "comment": "委托书未签字"}).status_code == 303
    assert not wctx.store.has_original(rejected_sha)
    assert [p.name for p in _pending_authorisations(wctx)] == [f"{approved}-{approved_sha}"]
    gone = head.get(f"/slips/{rejected}/authorisation")
    assert gone.status_code == 404 and "删除" in gone.text
    assert "文件已删除" in head.get(f"/slips/{rejected}").text
    decision = log_entries(wctx, action="slip_decide", record_id=rejected)[0]
    assert decision.detail["authorisation"] == "deleted" and decision.content_hash == rejected_sha

    assert approve_all(head, wctx, approved).status_code == 303
    assert wctx.store.has_original(approved_sha) and _pending_authorisations(wctx) == []
    assert wctx.store.original_path(approved_sha).read_bytes() == approved_bytes
    assert head.get(f"/slips/{approved}/authorisation").data == approved_bytes
    assert log_entries(wctx, action="slip_decide", record_id=approved)[0].detail["authorisation"] == "stored"


def test_authorisations_no_slip_holds_are_swept_and_pending_ones_kept(wctx: AppContext, world: World,
                                                                      client_for) -> None:
    """A file left by a request that failed after the upload (its slip never committed) is deleted once
    older than any request; a pending slip's file is kept however old."""
    import os
    import time

    from access_control.authorisations import ORPHAN_GRACE, AuthorisationArea

    slip_id = apply_as_applicant(client_for("applicant"), world)
    area = AuthorisationArea.for_settings(wctx.settings, wctx.store)
    [held] = _pending_authorisations(wctx)
    orphan = area.pending_dir / f"{slip_id + 1}-{'0' * 64}"
    unfinished = area.pending_dir / ".receiving-abc123"
    for path in (orphan, unfinished):
        path.write_bytes(PNG_AUTHORISATION)
    with wctx.db.session() as s:
        assert area.sweep(s) == {}  # young: perhaps a request still running
        later = time.time() + ORPHAN_GRACE.total_seconds() + 60
        os.utime(held, (later - 10**6, later - 10**6))
        assert area.sweep(s, now=later) == {"orphan_deleted": 2}
    assert _pending_authorisations(wctx) == [held]
