"""Case assembly in the database: one case per canonical number, linking without a number, the case file.

Documents are made the way ingest leaves them (rows, page image, PDF/A with
PDF/A metadata, OCR words with boxes) but from typed text, so no OCR runs
here; tests/test_classify_ingest.py runs the real pipeline. The helpers are
shared with the review tests.
"""
from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select

from casefiles.case_file import CaseFileError, archive_case_file, export_case_pdf, toc
from classify.models import DocumentClassification, ExtractedField
from casefiles.review import Reviewer, correct_field
from casefiles.filing import classify_document
from context import AppContext, open_context
from earchive.settings import Settings
from records.admin import ensure_unit
from records.models import Case, Document, Officer, Page, Party

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CELL, LINE = 34, 52
PARTY_ID = "11010519491231002X"

APPROVAL = ["立案审批表", "案号：测住建罚〔2024〕第0012号", "案件来源：日常巡查　受案时间：2024年3月1日",
            "案由：涉嫌未取得施工许可证擅自施工案", f"当事人：张测试　身份证号：{PARTY_ID}",
            "承办人：李样例、马样二　2024年3月1日"]
INQUIRY = ["询问笔录", "案号：测住建罚[2024]12号", "询问时间：2024年3月2日9时30分至10时30分",
           "询问人：李样例　执法证号：13010000001", "记录人：马样二　执法证号：13010000002",
           f"被询问人：张测试　性别：女　身份证号：{PARTY_ID}", "问：你是否办理了施工许可证？", "答：没有。"]
DECISION = ["行政处罚决定书", "测住建罚（2024）0012号", f"当事人：张测试　身份证号：{PARTY_ID}",
            "本机关决定对你（单位）作出如下行政处罚：", "（一）罚款人民币伍仟元整（5000元）。",
            "如不服本处罚决定，可以在收到本决定书之日起六十日内申请行政复议。", "测试市示例区住房和城乡建设局", "2024年3月20日"]
RECEIPT_WITHOUT_NUMBER = ["送达回证", "送达文书名称：行政处罚决定书", "受送达人：张测试",
                          f"身份证号：{PARTY_ID}", "送达方式：直接送达",
                          "送达人：李样例　执法证号：13010000001", "送达时间：2024年3月22日"]


@dataclass
class Filed:
    id: int
    sha256: str


def _render(lines: list[str]) -> tuple[bytes, list[dict], int, int]:
    """A page with one character per cell, and OCR words whose boxes are those cells."""
    width = 120 + CELL * max(len(line) for line in lines) + 120
    height = 120 + LINE * len(lines) + 120
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 30)
    words = []
    for n, line in enumerate(lines):
        y = 100 + LINE * n
        for i, ch in enumerate(line):
            x = 120 + CELL * i
            draw.text((x, y), ch, font=font, fill=0)
            if ch.strip():
                words.append({"text": ch, "box": [x, y, x + CELL - 4, y + 36], "conf": 0.98, "line": n})
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(150, 150))
    return buf.getvalue(), words, width, height


def _pdfa(png: bytes) -> bytes:
    """A one-page PDF that says it is PDF/A-2B, as ocrmypdf's output does."""
    pdf = pikepdf.open(io.BytesIO(img2pdf.convert(png)))
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def file_document(ctx: AppContext, tmp: Path, unit_id: int | None, pages: list[list[str]],
                  name: str, classify: bool = True) -> Filed:
    """One finished document as ingest leaves it, classified in the same transaction."""
    rendered = [_render(lines) for lines in pages]
    content = b"".join(r[0] for r in rendered) + name.encode()
    sha = hashlib.sha256(content).hexdigest()
    original = tmp / f"{sha}.bin"
    original.write_bytes(content)
    ctx.store.put_original(original, sha)
    staging = tmp / f"staging-{sha}"
    staging.mkdir()
    merged = pikepdf.new()
    for n, (png, *_rest) in enumerate(rendered, 1):
        (staging / f"page-{n:04d}.png").write_bytes(png)
        merged.pages.extend(pikepdf.open(io.BytesIO(_pdfa(png))).pages)
    merged.save(staging / "page-all.pdf")
    (staging / "document.pdf").write_bytes(_pdfa(rendered[0][0]) if len(rendered) == 1
                                           else (staging / "page-all.pdf").read_bytes())
    ctx.store.publish_derived(sha, staging)
    with ctx.db.transaction() as s:
        doc = Document(sha256=sha, source_name=name, media_type="image/png", size_bytes=1, status="ok",
                       unit_id=unit_id, profile="office", page_count=len(pages))
        s.add(doc)
        s.flush()
        for n, (lines, (_png, words, width, height)) in enumerate(zip(pages, rendered), 1):
            text = "\n".join(lines)
            s.add(Page(document_id=doc.id, page_no=n, width_px=width, height_px=height, dpi=150, text_raw=text,
                       text_norm=text, words=words))
        s.flush()
        if classify:
            classify_document(s, doc)
        return Filed(doc.id, sha)


@pytest.fixture
def ctx(db_url: str, tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(Settings(data_dir=tmp_path / "var", database_url=db_url))
    yield context
    context.close()


@pytest.fixture
def unit_id(ctx: AppContext) -> int:
    with ctx.db.transaction() as s:
        return ensure_unit(s, "ZJJ", "测试市示例区住房和城乡建设局", "zf1", "执法一中队").id


def _case_nos(ctx: AppContext) -> list[str]:
    with ctx.db.session() as s:
        return list(s.scalars(select(Case.case_no).order_by(Case.id)))


def _doc(ctx: AppContext, doc_id: int) -> tuple[Document, DocumentClassification]:
    with ctx.db.session() as s:
        return s.get(Document, doc_id), s.get(DocumentClassification, doc_id)


def test_the_same_number_written_three_ways_is_one_case(ctx, tmp_path, unit_id):
    ids = [file_document(ctx, tmp_path, unit_id, [lines], f"{i}.png").id
           for i, lines in enumerate((APPROVAL, INQUIRY, DECISION))]
    assert _case_nos(ctx) == ["测住建罚〔2024〕12号"]
    docs = [_doc(ctx, i)[0] for i in ids]
    assert {d.case_id for d in docs} == {docs[0].case_id}
    assert [d.doc_type for d in docs] == ["case_initiation_approval", "inquiry_record", "penalty_decision"]
    assert [d.stage for d in docs] == ["initiation", "investigation", "decision"]
    with ctx.db.session() as s:
        case = s.scalars(select(Case)).one()
        assert case.cause == "未取得施工许可证擅自施工"
        party = s.scalars(select(Party)).one()  # one party, filed once, from three documents
        assert (party.name, party.id_number) == ("张测试", PARTY_ID)
        assert {o.name: o.cert_no for o in s.scalars(select(Officer))} == {"李样例": "13010000001",
                                                                           "马样二": "13010000002"}


def test_a_document_without_a_number_joins_the_one_case_sharing_party_and_officer(ctx, tmp_path, unit_id):
    for i, lines in enumerate((APPROVAL, INQUIRY)):
        file_document(ctx, tmp_path, unit_id, [lines], f"{i}.png")
    receipt = file_document(ctx, tmp_path, unit_id, [RECEIPT_WITHOUT_NUMBER], "receipt.png")
    doc, record = _doc(ctx, receipt.id)
    assert doc.case_id is not None and record.case_link == "inferred" and not record.needs_review


POWER_OF_ATTORNEY = ["授权委托书", "委托人：张测试", f"身份证号：{PARTY_ID}", "受托人：钱样三",
                     "现委托钱样三为我在本案中的委托代理人。", "代理权限：一般授权"]


def test_a_paper_with_no_number_date_or_officer_is_filed_by_its_partys_identity(ctx, tmp_path, unit_id):
    for i, lines in enumerate((APPROVAL, INQUIRY)):
        file_document(ctx, tmp_path, unit_id, [lines], f"{i}.png")
    attorney = file_document(ctx, tmp_path, unit_id, [POWER_OF_ATTORNEY], "attorney.png")
    doc, record = _doc(ctx, attorney.id)
    assert doc.doc_type == "power_of_attorney" and record.doc_date is None
    assert doc.case_id is not None and record.case_link == "inferred"
    # With the same party in two matters, it waits for a person to choose.
    other = [line.replace("12号", "13号") for line in INQUIRY]
    file_document(ctx, tmp_path, unit_id, [other], "b.png")
    second = file_document(ctx, tmp_path, unit_id, [POWER_OF_ATTORNEY + ["（复印件）"]], "attorney2.png")
    doc, record = _doc(ctx, second.id)
    assert doc.case_id is None and record.needs_review


def test_an_ambiguous_document_waits_for_review(ctx, tmp_path, unit_id):
    file_document(ctx, tmp_path, unit_id, [INQUIRY], "a.png")
    other = [line.replace("12号", "13号") for line in INQUIRY]
    file_document(ctx, tmp_path, unit_id, [other], "b.png")  # the same party and officers, another case
    receipt = file_document(ctx, tmp_path, unit_id, [RECEIPT_WITHOUT_NUMBER], "receipt.png")
    doc, record = _doc(ctx, receipt.id)
    assert doc.case_id is None and record.needs_review
    with ctx.db.session() as s:
        both = sorted(s.scalars(select(Case.id)))
    # It waits with the cases a person chooses from, never in a case of its own.
    assert {"key": "case_no.value", "reason": "no_case", "candidates": both} in record.review_reasons
    assert len(both) == 2


def test_a_misread_prefix_joins_the_near_case_but_goes_to_review(ctx, tmp_path, unit_id):
    file_document(ctx, tmp_path, unit_id, [APPROVAL], "a.png")
    damaged = [line.replace("测住建罚", "测住逮罚") for line in INQUIRY]
    doc_id = file_document(ctx, tmp_path, unit_id, [damaged], "b.png").id
    doc, record = _doc(ctx, doc_id)
    assert _case_nos(ctx) == ["测住建罚〔2024〕12号"]
    assert doc.case_id is not None and record.case_link == "fuzzy" and record.needs_review


def test_without_a_unit_a_document_is_not_filed_but_waits(ctx, tmp_path):
    doc_id = file_document(ctx, tmp_path, None, [APPROVAL], "a.png").id
    doc, record = _doc(ctx, doc_id)
    assert doc.case_id is None and {"key": "case_no.value", "reason": "no_unit"} in record.review_reasons


def test_table_of_contents_orders_by_stage_then_date_and_numbers_pages(ctx, tmp_path, unit_id):
    decision = file_document(ctx, tmp_path, unit_id, [DECISION], "decision.png")
    inquiry = file_document(ctx, tmp_path, unit_id, [INQUIRY, ["答：没有了。", "被询问人签名：张测试"]], "inq.pdf")
    approval = file_document(ctx, tmp_path, unit_id, [APPROVAL], "approval.png")
    with ctx.db.session() as s:
        case = s.scalars(select(Case)).one()
        entries = [(e.document_id, e.title, e.first_page, e.last_page) for e in toc(s, case.id)]
    assert entries == [(approval.id, "立案审批表", 1, 1), (inquiry.id, "询问笔录", 2, 3),
                       (decision.id, "行政处罚决定书", 4, 4)]


def test_export_is_one_pdfa_with_a_bookmark_per_document(ctx, tmp_path, unit_id):
    for i, pages in enumerate(([APPROVAL], [INQUIRY, ["答：没有了。"]], [DECISION])):
        file_document(ctx, tmp_path, unit_id, pages, f"{i}.pdf")
    out = tmp_path / "case.pdf"
    with ctx.db.transaction() as s:
        export_case_pdf(s, ctx.store, s.scalars(select(Case)).one(), out)
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1 + 1 + 4 + 1  # 卷皮, 卷内目录, the documents, 备考表 (tests/test_case_file_export.py)
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root][2:-1]
        assert titles[0].startswith("1. 立案审批表（2024-03-01）") and titles[1].endswith("第2-3页")
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert meta["dc:title"] == "测住建罚〔2024〕12号 案卷"
        assert pdf.Root.PageLabels.Nums[4] == 2 and pdf.Root.PageLabels.Nums[5].S == pikepdf.Name.D


def test_archiving_gives_a_da_t_22_number_once(ctx, tmp_path, unit_id):
    file_document(ctx, tmp_path, unit_id, [APPROVAL], "a.png")
    file_document(ctx, tmp_path, unit_id, [DECISION], "b.png")
    with ctx.db.transaction() as s:  # incomplete (no inquiry, notice, service): archived only with a reason
        case_file = archive_case_file(s, s.scalars(select(Case)).one(), "archivist", reason="当事人下落不明，无法送达")
        assert case_file.archive_no == "Z001-ZF·2024-D30-zf1-0001"
    with ctx.db.transaction() as s, pytest.raises(CaseFileError, match="已于"):
        archive_case_file(s, s.scalars(select(Case)).one(), "archivist", reason="再次归档")


def test_rerunning_classification_never_undoes_a_correction(ctx, tmp_path, unit_id):
    doc_id = file_document(ctx, tmp_path, unit_id, [INQUIRY], "a.png").id
    with ctx.db.transaction() as s:
        name = s.scalar(select(ExtractedField).where(ExtractedField.document_id == doc_id,
                                                     ExtractedField.key == "officer:李样例.cert_no"))
        correct_field(s, doc_id, name.id, "13010000009", Reviewer(None, "archivist"))
    with ctx.db.transaction() as s:
        for _ in range(2):
            classify_document(s, s.get(Document, doc_id))
    with ctx.db.session() as s:
        row = s.get(ExtractedField, name.id)
        assert (row.value, row.machine_value, row.status) == ("13010000009", "13010000001", "corrected")
        assert s.scalar(select(func.count()).select_from(Officer).where(Officer.cert_no == "13010000009")) == 1


def test_correcting_the_case_number_moves_the_document(ctx, tmp_path, unit_id):
    doc_id = file_document(ctx, tmp_path, unit_id, [INQUIRY], "a.png").id
    with ctx.db.transaction() as s:
        row = s.scalar(select(ExtractedField).where(ExtractedField.document_id == doc_id,
                                                    ExtractedField.key == "case_no.value"))
        correct_field(s, doc_id, row.id, "测住建罚［2024］第99号", Reviewer(None, "archivist"))
    doc, record = _doc(ctx, doc_id)
    with ctx.db.session() as s:
        assert s.get(Case, doc.case_id).case_no == "测住建罚〔2024〕99号"
    assert record.case_link == "manual"


def test_a_document_that_came_before_its_case_is_filed_when_the_case_arrives(ctx, tmp_path, unit_id):
    receipt = file_document(ctx, tmp_path, unit_id, [RECEIPT_WITHOUT_NUMBER], "receipt.png")
    doc, record = _doc(ctx, receipt.id)
    assert doc.case_id is None and record.needs_review
    file_document(ctx, tmp_path, unit_id, [INQUIRY], "inquiry.png")
    doc, record = _doc(ctx, receipt.id)
    assert doc.case_id is not None and record.case_link == "inferred" and not record.needs_review
    assert doc.version == 2  # its new case number goes to the search index


def test_a_batch_settles_a_document_read_before_the_rest_of_its_matter(ctx, tmp_path, unit_id):
    from casefiles.filing import classify_batch

    ids = [file_document(ctx, tmp_path, unit_id, [lines], f"{i}.png", classify=False).id
           for i, lines in enumerate((RECEIPT_WITHOUT_NUMBER, APPROVAL, INQUIRY))]
    outcomes = []
    classify_batch(ctx.db.transaction, ids, outcomes.append)
    # The receipt came first, when no case knew its party; the batch files it once its matter is there, and
    # reports each document once, with its final outcome.
    assert sorted(o.document_id for o in outcomes) == sorted(ids)
    receipt = next(o for o in outcomes if o.document_id == ids[0])
    assert receipt.case_no == "测住建罚〔2024〕12号" and outcomes[-1] is receipt



def test_a_party_named_before_its_number_is_known_stays_one_party_once_identified(ctx, tmp_path, unit_id):
    from classify.ids import credit_check_char

    code = "91110105MA01AB2C3" + credit_check_char("91110105MA01AB2C3")
    inquiry = ["询问笔录", "案号：测住建罚[2024]12号", "询问人：李样例　执法证号：13010000001",
               "被询问人：孙样二（测试市样例建材有限公司法定代表人）", "问：你公司是否办理了施工许可证？", "答：没有。"]
    decision = ["行政处罚决定书", "测住建罚（2024）0012号", "当事人：测试市样例建材有限公司",
                f"统一社会信用代码：{code}", "法定代表人：孙样二", "本机关决定对你单位罚款人民币伍仟元整。",
                "测试市示例区住房和城乡建设局", "2024年3月20日"]
    for i, lines in enumerate((inquiry, decision)):
        file_document(ctx, tmp_path, unit_id, [lines], f"{i}.png")
    with ctx.db.session() as s:
        companies = s.scalars(select(Party).where(Party.name == "测试市样例建材有限公司")).all()
        assert [(p.kind, p.credit_code) for p in companies] == [("organisation", code)]
