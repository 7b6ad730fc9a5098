"""The exported case file (案卷) opens with its 卷皮 and 卷内目录 and closes with its 备考表 (DA/T 22 style),
and stays a valid PDF/A-2B (veraPDF, when EARCHIVE_TEST_VERAPDF_CP is set as scripts/test.sh does).

The text of each page is read back with pdftotext, as a person reading the file would see it.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select

from casefiles.case_file import archive_case_file, export_case_pdf
from test_cases_assembly import APPROVAL, DECISION, INQUIRY, ctx, file_document, unit_id  # noqa: F401 (fixtures)
from records.models import Case

NOTE = "当事人已注销，送达回证无法补正"


def _pages_text(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return ["".join(page.split()) for page in text.split("\f")[:-1]]


@pytest.fixture
def exported(ctx, tmp_path, unit_id) -> Path:  # noqa: F811 (fixtures)
    for i, pages in enumerate(([APPROVAL], [INQUIRY, ["答：没有了。"]], [DECISION])):
        file_document(ctx, tmp_path, unit_id, pages, f"{i}.pdf")
    with ctx.db.transaction() as s:
        archive_case_file(s, s.scalars(select(Case)).one(), "李档案", reason=NOTE)
    out = tmp_path / "case.pdf"
    with ctx.db.transaction() as s:
        export_case_pdf(s, ctx.store, s.scalars(select(Case)).one(), out)
    return out


def test_the_file_opens_with_its_cover_and_contents_and_closes_with_its_closing_sheet(exported):
    pages = _pages_text(exported)
    assert len(pages) == 1 + 1 + 4 + 1  # 卷皮, 卷内目录, the documents' four pages, 备考表
    cover, contents, closing = pages[0], pages[1], pages[-1]
    assert "行政执法案卷" in cover
    for words in ("测试市示例区住房和城乡建设局", "案号测住建罚〔2024〕12号", "案卷题名张测试未取得施工许可证擅自施工案", "案由未取得施工许可证擅自施工",
                  "当事人张测试", "立案日期2024年03月01日", "结案日期2024年03月20日", "保管期限30年",
                  "档号Z001-ZF·2024-D30-zf1-0001", "共3件4页"):
        assert words in cover, words
    assert "卷内目录" in contents and "序号文号责任者题名日期页号" in contents
    assert contents.count("测住建罚〔2024〕12号") == 3 and "立案审批表2024-03-011" in contents
    assert "询问笔录" in contents and "2-3" in contents and "行政处罚决定书2024-03-204" in contents
    assert "卷内备考表" in closing and "本卷共3件，4页" in closing
    assert f"归档说明：{NOTE}" in closing and "缺少送达回证" in closing
    assert "立卷人：李档案" in closing and "检查人：" in closing and "立卷时间：" in closing


def test_bookmarks_and_page_labels_follow_the_parts(exported):
    with pikepdf.open(exported) as pdf:
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert titles[:2] == ["卷皮", "卷内目录"] and titles[-1] == "备考表"
        assert titles[2].startswith("1. 立案审批表（2024-03-01）") and titles[3].endswith("第2-3页")
        nums = list(pdf.Root.PageLabels.Nums)
        assert [int(n) for n in nums[::2]] == [0, 1, 2, 6]
        assert str(nums[1].P) == "卷皮" and nums[5].S == pikepdf.Name.D and str(nums[7].P) == "备考表"
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")


def test_the_exported_file_is_valid_pdfa_2b(exported):
    classpath = os.environ.get("EARCHIVE_TEST_VERAPDF_CP")
    if not classpath:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("EARCHIVE_TEST_VERAPDF_CP is not set: CI must run the suite through scripts/test.sh")
        pytest.skip("EARCHIVE_TEST_VERAPDF_CP is not set; run scripts/test.sh to validate PDF/A with veraPDF")  # reason ok: CI fails above
    report = subprocess.run(["java", "-cp", classpath, "org.verapdf.apps.GreenfieldCliWrapper", "-f", "2b",
                             "--format", "text", str(exported)], capture_output=True, text=True, timeout=300)
    verdicts = [line for line in report.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert verdicts and verdicts[0].startswith("PASS"), report.stdout + report.stderr
