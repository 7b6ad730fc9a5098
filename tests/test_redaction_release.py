"""A copy released on a 调用单 shows the applicant their own data and never a witness's (#14 §2, 001:35, 002 记录办法:29).

A person's penalty decision and a witness statement of the same case are scanned
and ingested through real OCR. The party applies for a copy; the plan proposed for
the slip leaves the party's own name and ID number visible and hides the witness's;
the archivist marks it reviewed, the head approves, and `earchive release` writes a
copy whose pages, read again by the OCR engine, carry the party's ID number and not
the witness's, with the release's SHA-256 in the access log with the slip.
"""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from access_control.audit import AccessLog, Actor
from access_control.models import AccessLogRecord, RetrievalSlip
from access_control.slips import Applicant, create_slip, decide_slip
from access_control.subjects import load_subject
from access_control.users import create_user
from context import open_context
from earchive.settings import Settings
from ingest.service import ingest_sources
from ingest.sources import collect_sources
from ocr.engines import rapidocr_page
from records.admin import ensure_unit
from records.models import Case, Document, User
from redaction.plans import mark_reviewed, plan_for_slip
from samples import build_case, build_document, render_document, write_rendered
from samples.identities import fake_id_number
from shell.cli import main
from tests.scans import render_page, save

PASSWORD = "Zk8#river-lamp-42"
WITNESS = "赵见证"
WITNESS_ID = fake_id_number(random.Random(11), "female")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() or ch in "Xx")


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("release")
    settings = Settings(data_dir=root / "var")
    ctx = open_context(settings)
    with ctx.db.transaction() as s:
        unit_id = ensure_unit(s, "ZJJ", "测试市示例区住房和城乡建设局", "zf1", "执法一中队").id
        for username, role, unit in (("archivist", "archivist", unit_id), ("head", "head", unit_id),
                                     ("party", "applicant", None)):
            create_user(s, username, PASSWORD, f"{username}名", role, unit, "internal")
    case = next(c for c in (build_case(seed) for seed in range(100)) if c.party.is_person)
    scans = root / "scans"
    scans.mkdir()
    write_rendered(render_document(build_document("penalty_decision", case), dpi=200, seed=5), scans / "decision", "pdf")
    save(render_page(["证人证言", f"案号：{case.case_no}", f"证人：{WITNESS}，身份证号：{WITNESS_ID}",
                      f"当事人{case.party.name}在场。"], size=(1900, 600)), scans / "statement.png")
    _, results = ingest_sources(ctx, collect_sources([scans]), jobs=2, unit_id=unit_id)
    ids = {r.source.rsplit(".", 1)[0]: r.document_id for r in results}
    access_log = AccessLog(settings)
    with ctx.db.transaction() as s:
        decision = s.get(Document, ids["decision"])
        assert decision.case_id is not None and s.get(Document, ids["statement"]).case_id == decision.case_id
        users = {u.username: u for u in s.scalars(select(User))}
        applicant = load_subject(s, users["party"])
        slip = create_slip(s, access_log, Actor(users["party"].id, "party", "applicant"), applicant,
                           case=s.get(Case, decision.case_id), mode="copy", purpose="申请行政复议需要",
                           delivery="download", applicant=Applicant(case.party.name, case.party.id_number, "party"))
        archivist = Actor(users["archivist"].id, "archivist", "archivist", unit_id)
        plan = plan_for_slip(s, access_log, archivist, slip)
        mark_reviewed(s, access_log, archivist, load_subject(s, users["archivist"]), slip)
        decide_slip(s, access_log, Actor(users["head"].id, "head", "head", unit_id), load_subject(s, users["head"]),
                    slip, approve=True, approved_ids=None, comment="同意")
        slip_no = slip.slip_no
    access_log.committed()
    ctx.close()
    return {"root": root, "settings": settings, "case": case, "slip_no": slip_no, "plan": plan}


def test_the_proposed_plan_leaves_the_partys_own_data_and_hides_the_witnesss(world):
    plan = world["plan"]
    hidden = {e.text for e in plan.entries}
    assert not any(_digits(world["case"].party.id_number) == _digits(t) for t in hidden)
    assert any(_digits(WITNESS_ID) == _digits(t) for t in hidden)
    assert WITNESS in hidden


def test_the_released_copy_carries_the_partys_id_and_not_the_witnesss_and_is_logged_with_the_slip(world):
    out = world["root"] / "release"
    result = CliRunner().invoke(main, ["release", world["slip_no"], "--out", str(out), "--json"],
                                env={"EARCHIVE_DATA_DIR": str(world["settings"].data_dir)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    pdf = out / f"{world['slip_no']}.pdf"
    sha256 = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert json.loads((out / f"{world['slip_no']}.json").read_text())["sha256"] == sha256
    read = []
    document = pypdfium2.PdfDocument(str(pdf))
    for i in range(len(document)):
        path = out / f"page{i}.png"
        document[i].render(scale=200 / 72).to_pil().save(path)
        read.append("".join(w.text for line in rapidocr_page(path, 200).lines for w in line.words))
    seen = "\n".join(read)
    assert _digits(world["case"].party.id_number) in _digits(seen)
    assert _digits(WITNESS_ID)[:10] not in _digits(seen) and WITNESS not in seen
    assert world["slip_no"] in seen  # the slip's watermark
    ctx = open_context(world["settings"], migrate=False)
    with ctx.db.session() as s:
        logged = s.scalars(select(AccessLogRecord).where(AccessLogRecord.slip_no == world["slip_no"],
                                                         AccessLogRecord.content_hash == sha256)).all()
        assert [r.action for r in logged] == ["copy"]
        assert s.scalar(select(RetrievalSlip).where(RetrievalSlip.slip_no == world["slip_no"])).status == "approved"
    ctx.close()
