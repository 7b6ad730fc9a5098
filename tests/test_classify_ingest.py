"""Classification inside the real ingest pipeline, and the command line over what it filed.

Two narrow scans go through OCR (ingest.service.ingest_sources) and come out
typed, filed under one case, with fields traced to their boxes; the CLI then
shows, lists, checks, exports and re-classifies them. A classifier failure
never costs a scan its ingest.
"""
from __future__ import annotations

import json

import pikepdf
import pytest
from click.testing import CliRunner
from sqlalchemy import select

import casefiles.filing
from classify.models import DocumentClassification, ExtractedField
from casefiles.filing import classify_in_ingest
from shell.cli import main
from context import open_context
from earchive.settings import Settings
from ingest.service import ingest_sources
from ingest.sources import collect_sources
from records.admin import ensure_unit
from records.models import Case, Document
from test_cases_assembly import APPROVAL, file_document
from tests.scans import render_page, save

PARTY_ID = "110101199003070011"
INQUIRY = ["询问笔录", "案号：测住建罚〔2024〕第0099号", "询问人：李样例　执法证号：13010012345",
           f"被询问人：张测试　身份证号：{PARTY_ID}"]
RECEIPT = ["送达回证", "案号：测住建罚[2024]99号", "送达方式：留置送达", "送达人：李样例　执法证号：13010012345"]


@pytest.fixture(scope="module")
def filed(tmp_path_factory) -> dict:
    """The two scans, OCR'd and classified once for the whole module (OCR takes seconds per page)."""
    root = tmp_path_factory.mktemp("ingest")
    settings = Settings(data_dir=root / "var")
    ctx = open_context(settings)
    with ctx.db.transaction() as s:
        unit_id = ensure_unit(s, "ZJJ", "测试市示例区住房和城乡建设局", "zf1", "执法一中队").id
    scans = root / "scans"
    scans.mkdir()
    save(render_page(INQUIRY), scans / "inquiry.png")
    save(render_page(RECEIPT), scans / "receipt.png")
    _, results = ingest_sources(ctx, collect_sources([scans]), jobs=2, unit_id=unit_id)
    ids = {r.source: r.document_id for r in results}
    ctx.close()
    return {"data_dir": settings.data_dir, "ids": ids, "root": root}


def _ctx(filed: dict):
    return open_context(Settings(data_dir=filed["data_dir"]), migrate=False)


def test_ingest_classifies_and_files_both_documents_under_one_case(filed):
    ctx = _ctx(filed)
    with ctx.db.session() as s:
        inquiry = s.get(Document, filed["ids"]["inquiry.png"])
        receipt = s.get(Document, filed["ids"]["receipt.png"])
        assert (inquiry.doc_type, receipt.doc_type) == ("inquiry_record", "service_receipt")
        assert (inquiry.stage, receipt.stage) == ("investigation", "service_enforcement")
        assert inquiry.case_id == receipt.case_id
        assert s.get(Case, inquiry.case_id).case_no == "测住建罚〔2024〕99号"
        id_field = s.scalar(select(ExtractedField).where(ExtractedField.document_id == inquiry.id,
                                                         ExtractedField.attr == "id_number"))
        assert id_field.value == PARTY_ID and id_field.page_no == 1
        (x0, y0, x1, y1), = id_field.boxes
        assert 0 < x0 < x1 < 1700 and y0 > 250  # on the ID line, not the whole page
        assert s.get(Document, inquiry.id).version == 2  # created as 1; ingest bumped it once, classifying did not
    ctx.close()


def _run(filed: dict, *args: str):
    result = CliRunner().invoke(main, list(args), env={"EARCHIVE_DATA_DIR": str(filed["data_dir"])},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_show_json_has_the_fields_with_confidence_and_where_they_were_read(filed):
    data = json.loads(_run(filed, "show", str(filed["ids"]["inquiry.png"]), "--json"))
    assert (data["doc_type"], data["stage"], data["case_no"]) == ("inquiry_record", "investigation",
                                                                  "测住建罚〔2024〕99号")
    officer = data["officers"][0]
    assert (officer["name"], officer["cert_no"], officer["role"]) == ("李样例", "13010012345", "interviewer")
    assert officer["fields"]["cert_no"]["page_no"] == 1 and officer["fields"]["cert_no"]["boxes"]
    assert data["parties"][0]["id_number"] == PARTY_ID and data["parties"][0]["role"] == "interviewee"
    assert 0 < data["case_no_field"]["confidence"] <= 1


def test_cases_commands(filed, tmp_path):
    listed = json.loads(_run(filed, "cases", "list", "--json"))
    assert [(c["case_no"], c["documents"]) for c in listed] == [("测住建罚〔2024〕99号", 2)]
    shown = json.loads(_run(filed, "cases", "show", "测住建罚（2024）第99号", "--json"))
    assert [e["title"] for e in shown["toc"]] == ["询问笔录", "送达回证"]
    checked = json.loads(_run(filed, "cases", "check", "--case", "测住建罚[2024]99号", "--json"))
    codes = {f["code"]: f["cite"] for f in checked[0]["findings"]}
    assert codes["av_missing:service_left"] == "001:26; 000:19"  # left at the door, and no recording named
    assert "依据：易县公安局行政执法全过程记录实施办法 第二十六条" in _run(filed, "cases", "check")
    out = tmp_path / "case.pdf"
    _run(filed, "cases", "export", "测住建罚〔2024〕99号", "-o", str(out))
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2 + 3 and "pdfaid" in str(pdf.open_metadata())  # with 卷皮, 卷内目录, 备考表
        with pdf.open_outline() as outline:
            assert [i.title for i in outline.root] == ["卷皮", "卷内目录", "1. 询问笔录 第1-1页", "2. 送达回证 第2-2页",
                                                       "备考表"]


def test_classify_command_reruns_and_queues_the_index(filed):
    before = json.loads(_run(filed, "show", str(filed["ids"]["receipt.png"]), "--json"))["version"]
    out = _run(filed, "classify", str(filed["ids"]["receipt.png"]), "--json")
    assert json.loads(out)["doc_type"] == "service_receipt"
    assert json.loads(_run(filed, "show", str(filed["ids"]["receipt.png"]), "--json"))["version"] == before + 1
    assert "service_receipt" in _run(filed, "classify", "--all")


def test_a_classifier_failure_leaves_the_document_for_review(tmp_path, monkeypatch):
    ctx = open_context(Settings(data_dir=tmp_path / "var"))
    with ctx.db.transaction() as s:
        unit_id = ensure_unit(s, "ZJJ", "测试市示例区住房和城乡建设局", "zf1", "执法一中队").id
    doc_id = file_document(ctx, tmp_path, unit_id, [APPROVAL], "a.png", classify=False).id

    def broken(session, document, rules=None):
        session.add(ExtractedField(document_id=document.id, key="half.written", kind="x", attr="y", confidence=0,
                                   boxes=[], problems=[], status="auto"))
        session.flush()
        raise RuntimeError("a classifier bug")

    monkeypatch.setattr(casefiles.filing, "classify_document", broken)
    with ctx.db.transaction() as s:
        document = s.get(Document, doc_id)
        document.status = "ok"
        classify_in_ingest(s, document)
    with ctx.db.session() as s:
        record = s.get(DocumentClassification, doc_id)
        assert record.needs_review and record.review_reasons[0]["reason"] == "classification_failed"
        assert s.scalars(select(ExtractedField).where(ExtractedField.document_id == doc_id)).all() == []
        assert s.get(Document, doc_id).status == "ok"
    ctx.close()
