"""`earchive redact` and `earchive publish` on real scans through real OCR (#14 §5, §6).

A person's penalty decision and a witness statement are rendered as scans and
ingested. The redacted copy hides the party's and the witness's name, ID number,
phone and address and keeps the officers and the agency; the publication shows
the party as 张某某 and is listed; a plan that hides nothing is blocked by the
verification, which names the page and the kind of data, never the data.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner
from pdfminer.high_level import extract_text
from sqlalchemy import select

from access_control.models import AccessLogRecord
from context import open_context
from earchive.settings import Settings
from ingest.service import ingest_sources
from ingest.sources import collect_sources
from ocr.engines import rapidocr_page
from records.admin import ensure_unit
from samples import build_case, build_document, render_document, write_rendered
from samples.identities import fake_id_number
from shell.cli import main
from tests.scans import render_page, save

WITNESS = "赵见证"
WITNESS_ID = fake_id_number(random.Random(7), "male")
WITNESS_PHONE = "13800007311"


def _person_case():
    return next(c for c in (build_case(seed) for seed in range(100)) if c.party.is_person)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("redact")
    settings = Settings(data_dir=root / "var")
    ctx = open_context(settings)
    with ctx.db.transaction() as s:
        unit_id = ensure_unit(s, "ZJJ", "测试市示例区住房和城乡建设局", "zf1", "执法一中队").id
    scans = root / "scans"
    scans.mkdir()
    case = _person_case()
    write_rendered(render_document(build_document("penalty_decision", case), dpi=200, seed=3),
                   scans / "decision", "pdf")
    statement = ["证人证言", f"案号：{case.case_no}", f"证人：{WITNESS}，身份证号：{WITNESS_ID}",
                 f"联系电话：{WITNESS_PHONE}", f"执法人员：{case.officers[0].name}，执法证号：{case.officers[0].cert_no}"]
    save(render_page(statement, size=(1900, 700)), scans / "statement.png")
    _, results = ingest_sources(ctx, collect_sources([scans]), jobs=2, unit_id=unit_id)
    ids = {r.source.rsplit(".", 1)[0]: r.document_id for r in results}
    ctx.close()
    return {"root": root, "env": {"EARCHIVE_DATA_DIR": str(settings.data_dir)}, "ids": ids, "case": case}


def _run(ingested: dict, *args: str):
    return CliRunner().invoke(main, list(args), env=ingested["env"], catch_exceptions=False)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() or ch in "Xx")


def _reocr(pdf: Path) -> str:
    """What the project's engine reads on the released pages (rendered at 200 dpi)."""
    text = []
    document = pypdfium2.PdfDocument(str(pdf))
    for i in range(len(document)):
        image = document[i].render(scale=200 / 72).to_pil()
        path = pdf.with_suffix(f".p{i}.png")
        image.save(path)
        page = rapidocr_page(path, 200)
        text.append("".join(w.text for line in page.lines for w in line.words))
    return "\n".join(text)


def test_redact_hides_every_natural_persons_data_and_keeps_the_officers(ingested):
    out = ingested["root"] / "statement-redacted.pdf"
    result = _run(ingested, "redact", str(ingested["ids"]["statement"]), "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    kinds = {e["kind"] for e in report["plan"]["entries"]}
    assert {"name", "id_number", "phone"} <= kinds
    assert all(len(e["box"]) == 4 and e["reason"] == "privacy" for e in report["plan"]["entries"])
    assert "text" not in json.dumps(report["plan"]["entries"])  # the plan printed never carries what it hides
    assert WITNESS_ID not in result.output and WITNESS not in result.output  # nor whose data it is, by name
    assert _digits(WITNESS_ID) not in _digits(extract_text(str(out)))
    seen = _reocr(out)
    assert WITNESS_ID[:10] not in _digits(seen) and WITNESS_PHONE not in _digits(seen)
    assert WITNESS not in seen
    officer = ingested["case"].officers[0]
    assert officer.name in seen and officer.cert_no in _digits(seen)


def test_publication_masks_the_party_as_surname_mouMou_and_is_listed(ingested):
    case = ingested["case"]
    out = ingested["root"] / "decision-public.pdf"
    result = _run(ingested, "publish", str(ingested["ids"]["decision"]), "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    seen = _reocr(out)
    assert case.party.name not in seen
    assert f"{case.party.name[0]}某某" in seen
    assert _digits(case.party.id_number)[:12] not in _digits(seen)
    assert case.party.phone not in _digits(seen)
    assert case.agency.name[:6] in seen
    listed = json.loads(_run(ingested, "publications", "--json").output)
    assert [p["document_id"] for p in listed] == [ingested["ids"]["decision"]]
    assert listed[0]["sha256"] == json.loads(result.output)["sha256"]


def test_a_plan_that_hides_nothing_is_blocked_naming_page_and_kind_not_the_data(ingested):
    document_id = ingested["ids"]["statement"]
    plan = ingested["root"] / "empty-plan.json"
    plan.write_text(json.dumps({"purpose": "redact", "document_ids": [document_id], "entries": []}))
    out = ingested["root"] / "leaky.pdf"
    result = CliRunner().invoke(
        main, ["redact", str(document_id), "--out", str(out), "--plan", str(plan)], env=ingested["env"])
    assert result.exit_code != 0
    assert not out.exists()
    message = result.stderr
    assert "第 1 页" in message and "身份证号" in message
    assert WITNESS_ID not in message and WITNESS not in message and WITNESS_PHONE not in message
    ctx = open_context(Settings(data_dir=Path(ingested["env"]["EARCHIVE_DATA_DIR"])), migrate=False)
    with ctx.db.session() as s:
        failed = s.scalars(select(AccessLogRecord).where(AccessLogRecord.outcome == "failed",
                                                         AccessLogRecord.record_id == document_id)).all()
        assert failed and all(WITNESS_ID not in json.dumps(r.detail, ensure_ascii=False) for r in failed)
    ctx.close()
