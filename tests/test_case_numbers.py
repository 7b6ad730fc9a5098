"""A case is one matter with many numbers (#13 item 1): aliases, citations, shared serials, merges and their undo,
ambiguity to review, and the same cases whatever order the documents arrive in.

Documents are made as ingest leaves them (tests/test_cases_assembly.file_document: page image, PDF/A, OCR
words from typed text) and classified by the real classifier; the texts are synthetic (测住建 is the made-up
测试市 housing bureau).
"""
from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from access_control.models import AccessLogRecord
from casefiles.filing import classify_document
from casefiles.merges import MergeRefused, unmerge
from casefiles.models import CaseMerge, CaseNumber
from casefiles.numbers import find_cases
from casefiles.review import review_queue
from access_control.audit import Actor
from classify.models import DocumentClassification
from records.models import Agency, Case, Document
from tests.test_cases_assembly import ctx, file_document, unit_id  # noqa: F401 - fixtures

ZHANG = "11010519491231002X"
WANG = "110105198001011238"
OFFICERS = ["承办人：李样例　执法证号：13010000001", "马样二　执法证号：13010000002"]


def matter(serial: int, name: str, id_number: str, cause: str, month: int) -> dict[str, list[str]]:
    """The documents of one synthetic penalty matter; its documents carry numbers of four series."""
    party = f"当事人：{name}　身份证号：{id_number}"
    return {
        "approval": ["立案审批表", f"案号：测住建立〔2024〕{serial}号", f"受案时间：2024年{month}月1日",
                     f"案由：涉嫌{cause}案", party, "承办人：李样例、马样二", f"2024年{month}月1日"],
        "inquiry": ["询问笔录", f"询问时间：2024年{month}月3日9时至10时", "询问人：李样例　执法证号：13010000001",
                    "记录人：马样二　执法证号：13010000002", f"被询问人：{name}　身份证号：{id_number}",
                    "问：你是否知道违法？", "答：知道。"],
        "notice": ["行政处罚事先告知书", f"测住建罚告〔2024〕{serial}号", party,
                   f"你（单位）{cause}一案，本机关拟作出罚款的行政处罚。", "测试市示例区住房和城乡建设局",
                   f"2024年{month}月10日"],
        "decision": ["行政处罚决定书", f"测住建罚决〔2024〕{serial}号", party,
                     f"本机关已于2024年{month}月10日以测住建罚告（2024）第0{serial}号告知书告知你拟作出的处罚。",
                     "本机关决定对你（单位）作出如下行政处罚：", "（一）罚款人民币伍仟元整（5000元）。",
                     "测试市示例区住房和城乡建设局", f"2024年{month}月20日"],
        "reminder": ["催告书", f"测住建催〔2024〕{serial + 100}号", party,
                     f"本机关于2024年{month}月20日作出的测住建罚决〔2024〕{serial}号行政处罚决定书已送达，你至今未履行。",
                     "测试市示例区住房和城乡建设局", f"2024年{month + 1}月25日"],
    }


A = matter(31, "张测试", ZHANG, "未取得施工许可证擅自施工", 3)
B = matter(32, "王样本", WANG, "擅自改变房屋用途", 5)


def _file(ctx, tmp_path, unit_id, docs: dict[str, list[str]], prefix: str) -> dict[str, int]:
    return {f"{prefix}{k}": file_document(ctx, tmp_path, unit_id, [lines], f"{prefix}{k}.png").id
            for k, lines in docs.items()}


def _grouping(ctx) -> set[tuple[str | None, frozenset[str]]]:
    """The cases as (案号, the source names of their documents): independent of ids and order."""
    with ctx.db.session() as s:
        by_case: dict[int | None, set[str]] = {}
        for doc in s.scalars(select(Document)):
            by_case.setdefault(doc.case_id, set()).add(doc.source_name)
        return {(s.get(Case, cid).case_no if cid else None, frozenset(names)) for cid, names in by_case.items()}


def _queued(session) -> list[int]:
    """Ids of the documents in the archivist's review queue (entries or (document, record) pairs)."""
    return [(e.document if hasattr(e, "document") else e[0]).id for e in review_queue(session)]


def _numbers(ctx, case_id: int) -> set[str]:
    with ctx.db.session() as s:
        return set(s.scalars(select(CaseNumber.number).where(CaseNumber.case_id == case_id)))


def test_every_number_of_a_matter_is_one_number_of_its_case(ctx, tmp_path, unit_id):
    ids = _file(ctx, tmp_path, unit_id, A, "a-")
    with ctx.db.session() as s:
        cases = list(s.scalars(select(Case)))
        assert len(cases) == 1
        case = cases[0]
        assert {s.get(Document, i).case_id for i in ids.values()} == {case.id}
        # The agency rule (rules/default.yaml case_numbers.case_no_from): the 立案审批表's number is the 案号.
        assert case.case_no == "测住建立〔2024〕31号"
    assert _numbers(ctx, case.id) == {"测住建立〔2024〕31号", "测住建罚告〔2024〕31号", "测住建罚决〔2024〕31号",
                                      "测住建催〔2024〕131号"}
    with ctx.db.session() as s:
        # Any of the numbers, written any way, finds the case.
        for typed in ("测住建罚决（2024）第031号", "测住建罚告[2024]31号", "(2024)测住建催131号"):
            assert [c.id for c in find_cases(s, typed)] == [case.id]


def test_a_decision_joins_by_the_notice_it_cites_and_a_reminder_by_the_decision(ctx, tmp_path, unit_id):
    notice = file_document(ctx, tmp_path, unit_id, [A["notice"]], "notice.png").id
    decision = file_document(ctx, tmp_path, unit_id, [A["decision"]], "decision.png").id
    reminder = file_document(ctx, tmp_path, unit_id, [A["reminder"]], "reminder.png").id
    with ctx.db.session() as s:
        docs = [s.get(Document, i) for i in (notice, decision, reminder)]
        assert len({d.case_id for d in docs}) == 1
        links = [s.get(DocumentClassification, i).case_link for i in (decision, reminder)]
        # The 告知书 is this matter's first number: the 决定书 joins by citing it (no serial rule needed).
        assert links == ["cited", "cited"]
        # Without a 立案审批表, the decision's number is the 案号.
        assert s.get(Case, docs[0].case_id).case_no == "测住建罚决〔2024〕31号"


def test_the_case_number_rule_is_agency_data(ctx, tmp_path, unit_id):
    with ctx.db.transaction() as s:
        agency = s.scalars(select(Agency)).one()
        agency.rules = {"case_rules": {"case_numbers": {"case_no_from": ["penalty_decision"]}}}
    _file(ctx, tmp_path, unit_id, A, "a-")
    with ctx.db.session() as s:
        assert s.scalars(select(Case.case_no)).one() == "测住建罚决〔2024〕31号"


def test_a_shared_serial_joins_only_with_a_shared_party_or_cause(ctx, tmp_path, unit_id):
    file_document(ctx, tmp_path, unit_id, [A["approval"]], "approval.png")
    # 罚告〔2024〕31号 of the same agency and year, same party: one matter.
    notice = file_document(ctx, tmp_path, unit_id, [A["notice"]], "notice.png").id
    # The same serial of another series, but another party and cause: a case of its own, waiting for review
    # with the candidate, never joined on the serial alone.
    stranger = [line.replace("张测试", "赵路人").replace(ZHANG, WANG).replace("未取得施工许可证擅自施工", "违法占道")
                for line in A["decision"] if "告知书" not in line]
    other = file_document(ctx, tmp_path, unit_id, [stranger], "stranger.png").id
    with ctx.db.session() as s:
        first = s.get(Document, notice)
        assert s.get(DocumentClassification, notice).case_link == "serial"
        second, record = s.get(Document, other), s.get(DocumentClassification, other)
        assert second.case_id not in (None, first.case_id)
        assert {"key": "case_no.value", "reason": "case_maybe_same", "candidates": [first.case_id]} \
            in record.review_reasons
        assert other in _queued(s)


def test_a_numbered_document_between_two_cases_of_its_party_waits_for_review(ctx, tmp_path, unit_id):
    # Two matters of one person with the same officers and cause, a month apart.
    first = matter(41, "张测试", ZHANG, "未取得施工许可证擅自施工", 3)
    second = matter(42, "张测试", ZHANG, "未取得施工许可证擅自施工", 4)
    file_document(ctx, tmp_path, unit_id, [first["approval"]], "a41.png")
    file_document(ctx, tmp_path, unit_id, [second["approval"]], "a42.png")
    # A record with a number of its own series (测住建询), no citation: it matches both by identity.
    lines = ["询问笔录", "测住建询〔2024〕7号", *second["inquiry"][1:]]
    lines[2] = "询问时间：2024年3月28日9时至10时"
    doc_id = file_document(ctx, tmp_path, unit_id, [lines], "inquiry.png").id
    with ctx.db.session() as s:
        doc, record = s.get(Document, doc_id), s.get(DocumentClassification, doc_id)
        both = sorted(s.scalars(select(Case.id)))
        assert doc.case_id is None and len(both) == 2  # no silent new fragment
        assert {"key": "case_no.value", "reason": "case_ambiguous", "candidates": both} in record.review_reasons


ORDERS = 5


@pytest.mark.parametrize("seed", range(ORDERS))
def test_the_same_documents_in_any_order_make_the_same_cases(ctx, tmp_path, unit_id, seed):
    docs = [(f"a-{k}", v) for k, v in A.items()] + [(f"b-{k}", v) for k, v in B.items()]
    expected = {("测住建立〔2024〕31号", frozenset(f"a-{k}.png" for k in A)),
                ("测住建立〔2024〕32号", frozenset(f"b-{k}.png" for k in B))}
    order = list(reversed(docs)) if seed == 0 else random.Random(seed).sample(docs, len(docs))
    for name, lines in order:
        file_document(ctx, tmp_path, unit_id, [lines], f"{name}.png")
    assert _grouping(ctx) == expected, [n for n, _ in order]
    with ctx.db.transaction() as s:  # `earchive classify --all` changes nothing
        for doc in s.scalars(select(Document).order_by(Document.id)):
            classify_document(s, doc)
    assert _grouping(ctx) == expected


def test_documents_waiting_without_a_case_are_filed_when_their_case_arrives(ctx, tmp_path, unit_id):
    # An inquiry without a number arrives first: nothing to join, it waits.
    inquiry = file_document(ctx, tmp_path, unit_id, [A["inquiry"]], "inquiry.png").id
    with ctx.db.session() as s:
        assert s.get(Document, inquiry).case_id is None
    for name in ("decision", "approval"):
        file_document(ctx, tmp_path, unit_id, [A[name]], f"{name}.png")
    with ctx.db.session() as s:
        doc = s.get(Document, inquiry)
        assert doc.case_id is not None and s.get(Case, doc.case_id).case_no == "测住建立〔2024〕31号"


def _two_cases_then_a_receipt(ctx, tmp_path, unit_id) -> tuple[int, int, int, int]:
    """A notice and a decision with unrelated serials open two cases; a receipt naming both joins them.

    The decision is dated five months after the notice: its party's identity alone does not make it one
    more number of the notice's matter (casefiles.cases._named_matter_candidates)."""
    notice_lines = [line.replace("31号", "50号") for line in A["notice"]]
    decision_lines = [line for line in A["decision"] if "告知书" not in line]
    decision_lines = [line.replace("31号", "51号").replace("2024年3月20日", "2024年8月20日") for line in decision_lines]
    notice = file_document(ctx, tmp_path, unit_id, [notice_lines], "notice.png").id
    decision = file_document(ctx, tmp_path, unit_id, [decision_lines], "decision.png").id
    with ctx.db.session() as s:
        first, second = s.get(Document, notice).case_id, s.get(Document, decision).case_id
        assert first != second
    receipt = ["送达回证", "送达文书名称：行政处罚事先告知书（测住建罚告〔2024〕50号）、行政处罚决定书（测住建罚决〔2024〕51号）",
               "受送达人：张测试", f"身份证号：{ZHANG}", "送达方式：直接送达", "送达时间：2024年3月22日"]
    receipt_id = file_document(ctx, tmp_path, unit_id, [receipt], "receipt.png").id
    return first, second, decision, receipt_id


def test_a_document_naming_two_cases_merges_them_on_the_record_for_review(ctx, tmp_path, unit_id):
    first, second, decision, receipt = _two_cases_then_a_receipt(ctx, tmp_path, unit_id)
    with ctx.db.session() as s:
        merge = s.scalars(select(CaseMerge)).one()
        assert (merge.survivor_id, merge.absorbed_id, merge.status) == (first, second, "merged")
        assert merge.moved["documents"] == [decision] and merge.merged_by == "earchive:classify"
        assert merge.evidence["document_id"] == receipt and merge.reason == "shared_number"
        assert s.get(Case, second) is None
        assert {d.case_id for d in s.scalars(select(Document))} == {first}
        assert _numbers(ctx, first) == {"测住建罚告〔2024〕50号", "测住建罚决〔2024〕51号"}
        assert s.get(Case, first).case_no == "测住建罚决〔2024〕51号"  # the decision's number, by rule
        # The archivist sees the moved document in the review queue, with the merge to check.
        record = s.get(DocumentClassification, decision)
        assert {"key": "case_no.value", "reason": "case_merged", "merge_id": merge.id, "case_id": first} \
            in record.review_reasons
        assert decision in _queued(s)
        entry = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "case_merge")).one()
        assert (entry.record_kind, entry.record_id, entry.case_id) == ("case_merge", merge.id, first)


def test_an_unmerge_restores_exactly_what_moved_and_the_cases_stay_apart(ctx, tmp_path, unit_id):
    first, second, decision, receipt = _two_cases_then_a_receipt(ctx, tmp_path, unit_id)
    with ctx.db.session() as s:
        merge_id = s.scalars(select(CaseMerge.id)).one()
    with ctx.db.transaction() as s, pytest.raises(MergeRefused, match="理由"):
        unmerge(s, merge_id, Actor(None, "archivist"), "")
    with ctx.db.transaction() as s:
        unmerge(s, merge_id, Actor(None, "archivist"), "告知书与决定书属于两起案件")
    with ctx.db.session() as s:
        assert s.get(Case, second).case_no == "测住建罚决〔2024〕51号"
        assert s.get(Case, first).case_no == "测住建罚告〔2024〕50号"
        assert s.get(Document, decision).case_id == second
        assert _numbers(ctx, second) == {"测住建罚决〔2024〕51号"}
        merge = s.get(CaseMerge, merge_id)
        assert (merge.status, merge.undone_by) == ("undone", "archivist")
        assert "case_merged" not in {r["reason"] for r in s.get(DocumentClassification, decision).review_reasons}
        actions = list(s.scalars(select(AccessLogRecord.action).order_by(AccessLogRecord.seq)))
        assert actions[-2:] == ["case_merge", "case_unmerge"]
    with ctx.db.transaction() as s:  # re-reading every document does not merge them again
        for doc in s.scalars(select(Document).order_by(Document.id)):
            classify_document(s, doc)
    with ctx.db.session() as s:
        assert s.get(Document, decision).case_id == second and s.get(Case, second) is not None
        assert s.get(Document, receipt).case_id == first
        assert len(list(s.scalars(select(CaseMerge)))) == 1
    with ctx.db.transaction() as s, pytest.raises(MergeRefused, match="已于"):
        unmerge(s, merge_id, Actor(None, "archivist"), "again")


def test_cli_merges_and_unmerges_cases_by_any_number(ctx, tmp_path, unit_id, monkeypatch):
    from shell.cli import main

    for name, lines in (("notice", [x.replace("31号", "60号") for x in A["notice"]]),
                        ("approval", [x.replace("32号", "61号") for x in B["approval"]])):
        file_document(ctx, tmp_path, unit_id, [lines], f"{name}.png")
    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(ctx.settings.data_dir))
    monkeypatch.setenv("EARCHIVE_DATABASE_URL", ctx.settings.database_url)
    runner = CliRunner()
    refused = runner.invoke(main, ["cases", "merge", "测住建立（2024）第061号", "测住建罚告[2024]60号"])
    assert refused.exit_code != 0 and "--reason" in refused.output
    done = runner.invoke(main, ["cases", "merge", "测住建立（2024）第061号", "测住建罚告[2024]60号",
                                "--reason", "同一当事人同一违法行为"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    with ctx.db.session() as s:
        merge = s.scalars(select(CaseMerge)).one()
        assert (merge.reason, merge.status, merge.evidence) == ("manual", "confirmed",
                                                               {"reason": "同一当事人同一违法行为"})
        assert len(list(s.scalars(select(Case)))) == 1
    undone = runner.invoke(main, ["cases", "unmerge", str(merge.id), "--reason", "误并"], catch_exceptions=False)
    assert undone.exit_code == 0, undone.output
    with ctx.db.session() as s:
        assert sorted(s.scalars(select(Case.case_no))) == ["测住建立〔2024〕61号", "测住建罚告〔2024〕60号"]
        actions = list(s.scalars(select(AccessLogRecord.action).order_by(AccessLogRecord.seq)))
        assert actions[-2:] == ["case_merge", "case_unmerge"]


def test_orders_cover_reversal_and_shuffles():
    # The order test above is only as good as its orders: they must differ from each other.
    docs = list(itertools.chain((f"a-{k}" for k in A), (f"b-{k}" for k in B)))
    orders = {tuple(reversed(docs))} | {tuple(random.Random(seed).sample(docs, len(docs))) for seed in range(1, ORDERS)}
    assert len(orders) == ORDERS


def test_a_case_number_finds_all_the_documents_of_its_case_after_it_gained_it(ctx, tmp_path, unit_id):
    """Filed through the database and the index outbox: when the case gains a number, its documents are
    re-queued, so a search for the new number finds the documents that arrived before it."""
    from indexer.base import PermissionFilter, SearchQuery
    from indexer.embedded import EmbeddedBackend
    from indexer.outbox import drain_outbox, load_indexed_documents, verify_index

    ids = _file(ctx, tmp_path, unit_id, {k: A[k] for k in ("approval", "inquiry", "notice")}, "a-")
    backend = EmbeddedBackend(tmp_path / "search.db")
    try:
        drain_outbox(ctx.db.session, backend)
        decision = file_document(ctx, tmp_path, unit_id, [A["decision"]], "a-decision.png").id
        with ctx.db.session() as s:
            indexed = load_indexed_documents(s, [*ids.values(), decision])
            assert all("测住建罚决〔2024〕31号" in d.case_numbers for d in indexed.values())
        with ctx.db.transaction() as s:  # ingest queues its own document; the others were queued by filing
            from records.models import IndexOutbox
            s.add(IndexOutbox(document_id=decision, version=s.get(Document, decision).version, op="upsert"))
        drain_outbox(ctx.db.session, backend)
        with ctx.db.session() as s:
            assert verify_index(s, backend).clean
        everyone = PermissionFilter(None, "top_secret")
        for typed in ("测住建罚决（2024）第031号", "测住建罚决〔2024〕31号", "测住建立[2024]31号"):
            hits = backend.search(SearchQuery(typed, permission=everyone)).hits
            assert {h.document_id for h in hits} == {*ids.values(), decision}, typed
    finally:
        backend.close()


# -- agencies' own numbering styles (#13): a made-up police sub-unit 衡公（东） ---------------------------------

def police_matter(serial: str, name: str, id_number: str, cause: str) -> dict[str, list[str]]:
    party = f"违法行为人：{name}　身份证号：{id_number}"
    return {
        "accept": ["受案登记表", f"衡公(东)行受字[2023]{serial}号", party, f"案由：{cause}",
                   "受案民警：李样例　执法证号：13010000001", "2023年5月1日"],
        "notice": ["行政处罚告知笔录", f"衡公（东）行罚告字【2023】第{serial}号", party,
                   f"告知内容：你{cause}一案，公安机关拟作出罚款的行政处罚。", "告知人：李样例　执法证号：13010000001",
                   "2023年5月8日"],
        "decision": ["行政处罚决定书", f"衡公（东）行罚决字〔2023〕{serial}号", party,
                     f"现查明{cause}。", "根据《中华人民共和国治安管理处罚法》，决定给予罚款五百元的处罚。",
                     "衡某市公安局东区分局", "2023年5月10日"],
    }


def test_a_police_matter_numbered_in_three_series_with_a_sub_unit_is_one_case(ctx, tmp_path, unit_id):
    docs = police_matter("0112", "张测试", ZHANG, "殴打他人")
    ids = _file(ctx, tmp_path, unit_id, dict(reversed(list(docs.items()))), "p-")
    with ctx.db.session() as s:
        cases = {s.get(Document, i).case_id for i in ids.values()}
        assert len(cases) == 1 and None not in cases
        (case_id,) = cases
        assert {"衡公（东）行受字〔2023〕112号", "衡公（东）行罚告字〔2023〕112号",
                "衡公（东）行罚决字〔2023〕112号"} <= _numbers(ctx, case_id)
        # typed any way, any number of the matter finds it
        for typed in ("衡公(东)行罚决字[2023]0112号", "衡公（东）行受字（2023）第112号"):
            assert [c.id for c in find_cases(s, typed)] == [case_id]


def test_another_station_with_the_same_serial_is_another_case(ctx, tmp_path, unit_id):
    east = police_matter("0112", "张测试", ZHANG, "殴打他人")
    west = {k: [ln.replace("(东)", "(西)").replace("（东）", "（西）") for ln in v]
            for k, v in police_matter("0112", "王样本", WANG, "盗窃").items()}
    _file(ctx, tmp_path, unit_id, east, "e-")
    _file(ctx, tmp_path, unit_id, west, "w-")
    groups = {names for _no, names in _grouping(ctx)}
    assert groups == {frozenset(f"e-{k}.png" for k in east), frozenset(f"w-{k}.png" for k in west)}


def test_a_new_number_of_a_known_partys_matter_becomes_one_more_number_of_its_case(ctx, tmp_path, unit_id):
    # A notice under a misread serial arrives first, naming no officer: a case of its own.
    misread = [ln.replace("31号", "37号") for ln in A["notice"]]
    notice = file_document(ctx, tmp_path, unit_id, [misread], "misread-notice.png").id
    # The 立案审批表 of the matter names the same party with her ID number, is dated before the notice and
    # numbers a series the case does not hold: one more number of that case, not a second case.
    approval = file_document(ctx, tmp_path, unit_id, [A["approval"]], "a-approval.png").id
    receipt = ["送达回证", "送达文书：行政处罚事先告知书（测住建罚告〔2024〕37号）", f"受送达人：张测试　身份证号：{ZHANG}",
               "送达人：李样例　执法证号：13010000001", "送达时间：2024年3月11日"]
    doc_id = file_document(ctx, tmp_path, unit_id, [receipt], "receipt.png").id
    with ctx.db.session() as s:
        case = s.get(Document, notice).case_id
        assert {s.get(Document, i).case_id for i in (approval, doc_id)} == {case}
        assert s.get(DocumentClassification, approval).case_link == "identity"
        assert _numbers(ctx, case) == {"测住建罚告〔2024〕37号", "测住建立〔2024〕31号"}
        assert s.get(Case, case).case_no == "测住建立〔2024〕31号"  # by the agency's rule, whatever came first
        assert s.get(DocumentClassification, doc_id).review_reasons == []


def test_a_record_without_a_number_joins_by_party_and_date_window(ctx, tmp_path, unit_id):
    file_document(ctx, tmp_path, unit_id, [A["approval"]], "a-approval.png")
    # A 现场检查笔录 with no number and other officers, dated within the case's window: joins by the party.
    check = ["现场检查笔录", "检查时间：2024年3月2日10时", "检查人：周样三　执法证号：13010000009",
             f"当事人：张测试　身份证号：{ZHANG}", "检查情况：现场正在施工。", "2024年3月2日"]
    near = file_document(ctx, tmp_path, unit_id, [check], "check.png").id
    # The same party's record two years earlier, by another officer, fits no case's dates: it is not filed.
    late = [ln.replace("2024年3月2日", "2022年9月2日").replace("周样三", "吴样四").replace("13010000009", "13010000008")
            for ln in check]
    far = file_document(ctx, tmp_path, unit_id, [late], "check-late.png").id
    with ctx.db.session() as s:
        case_id = s.scalars(select(Case.id)).one()
        assert s.get(Document, near).case_id == case_id
        assert s.get(Document, far).case_id is None


# -- devset3 (#13): a matter numbered in series that share no serial, linked by who, what and by whom --------

def _filing_and_decision(serial_decision: int, month: int) -> tuple[list[str], list[str], list[str]]:
    party = f"当事人：张测试　身份证号：{ZHANG}"
    approval = ["立案审批表", "立案编号：测住建立〔2024〕12号", "案由：涉嫌未取得施工许可证擅自施工", party,
                "承办人：李样例、马样二", f"负责人：周局长　2024年{month}月2日"]
    # The 催告书 knows the decision only by its number and the party only by name: a case of its own.
    reminder = ["催告书", f"测住建催〔2024〕{serial_decision + 5}号", "张测试：",
                f"本机关于2024年{month + 1}月20日作出测住建罚决〔2024〕{serial_decision}号行政处罚决定书，你至今未履行。",
                "测试市示例区住房和城乡建设局", f"2024年{month + 2}月25日"]
    decision = ["行政处罚决定书", f"测住建罚决〔2024〕{serial_decision}号", party,
                "你涉嫌未取得施工许可证擅自施工一案，经查属实。", "本机关决定对你作出罚款人民币伍仟元整（5000元）的行政处罚。",
                "执法人员：李样例（执法证号：13010000001）、马样二（执法证号：13010000002）",
                "测试市示例区住房和城乡建设局", f"2024年{month + 1}月20日"]
    return approval, reminder, decision


def test_a_decision_proves_its_filing_and_its_reminder_one_matter_by_party_cause_and_officers(ctx, tmp_path, unit_id):
    approval, reminder, decision = _filing_and_decision(57, 3)
    a = file_document(ctx, tmp_path, unit_id, [approval], "approval.png").id
    r = file_document(ctx, tmp_path, unit_id, [reminder], "reminder.png").id
    with ctx.db.session() as s:
        assert s.get(Document, a).case_id != s.get(Document, r).case_id  # nothing links them yet
    d = file_document(ctx, tmp_path, unit_id, [decision], "decision.png").id
    with ctx.db.session() as s:
        cases = {s.get(Document, i).case_id for i in (a, r, d)}
        assert len(cases) == 1 and None not in cases
        merge = s.scalars(select(CaseMerge)).one()  # on the record, for an archivist to confirm or undo
        assert merge.reason == "shared_identity"
        assert {"测住建立〔2024〕12号", "测住建罚决〔2024〕57号", "测住建催〔2024〕62号"} <= _numbers(ctx, cases.pop())


def test_two_decisions_of_one_party_are_two_matters_and_never_merged_by_identity(ctx, tmp_path, unit_id):
    approval, reminder, decision = _filing_and_decision(57, 3)
    earlier = [ln.replace("罚决〔2024〕57号", "罚决〔2024〕40号").replace("4月20日", "3月25日") for ln in decision]
    a = file_document(ctx, tmp_path, unit_id, [approval], "approval.png").id
    e = file_document(ctx, tmp_path, unit_id, [earlier], "earlier-decision.png").id
    r = file_document(ctx, tmp_path, unit_id, [reminder], "reminder.png").id
    d = file_document(ctx, tmp_path, unit_id, [decision], "decision.png").id
    with ctx.db.session() as s:
        assert s.get(Document, e).case_id == s.get(Document, a).case_id
        assert s.get(Document, d).case_id == s.get(Document, r).case_id != s.get(Document, a).case_id
        assert s.scalars(select(CaseMerge)).first() is None  # one series numbered twice: two matters


def test_a_record_without_a_number_joins_the_matter_of_its_party_whose_dates_hold_it(ctx, tmp_path, unit_id):
    first = matter(41, "张测试", ZHANG, "未取得施工许可证擅自施工", 3)
    second = matter(42, "张测试", ZHANG, "未取得施工许可证擅自施工", 8)
    for k in ("approval", "decision"):
        file_document(ctx, tmp_path, unit_id, [first[k]], f"first-{k}.png")
        file_document(ctx, tmp_path, unit_id, [second[k]], f"second-{k}.png")
    inquiry = file_document(ctx, tmp_path, unit_id, [second["inquiry"]], "inquiry.png").id
    with ctx.db.session() as s:
        approval_two = s.scalar(select(Document.case_id).where(Document.source_name == "second-approval.png"))
        assert s.get(Document, inquiry).case_id == approval_two


def test_a_second_filing_of_one_party_after_its_decision_is_another_matter(ctx, tmp_path, unit_id):
    approval, _reminder, decision = _filing_and_decision(57, 3)
    d = file_document(ctx, tmp_path, unit_id, [decision], "decision.png").id
    # The same party, cause and officers filed again after the decision, under a number of the 立 series the
    # case does not hold: a new matter (a repeat offence), not one more document of the decided one.
    later = [ln.replace("12号", "19号").replace("2024年3月2日", "2024年4月25日") for ln in approval]
    a = file_document(ctx, tmp_path, unit_id, [later], "later-approval.png").id
    with ctx.db.session() as s:
        assert s.get(Document, a).case_id not in (None, s.get(Document, d).case_id)


def test_a_closing_report_printing_the_filing_and_the_decision_numbers_makes_them_one_case(ctx, tmp_path, unit_id):
    """A 结案报告 whose 案号 (立 series) and 处罚决定书文号 (罚决 series, another serial) name two cases: one matter."""
    approval = ["立案审批表", "案号：测住建立〔2024〕7号", "案由：涉嫌测试违法行为案", "当事人：测试甲",
                "2024年3月1日"]
    decision = ["行政处罚决定书", "测住建罚决〔2024〕15号", "当事人：测试乙有限公司", "本机关决定罚款伍仟元。",
                "2024年3月20日"]
    closing = ["结案报告", "案号：测住建立〔2024〕7号", "处罚决定书文号：测住建罚决〔2024〕15号", "执行情况：已缴清罚款。",
               "负责人意见：同意结案。", "2024年4月9日"]
    ids = [file_document(ctx, tmp_path, unit_id, [lines], f"c{i}.png").id
           for i, lines in enumerate((approval, decision, closing))]
    with ctx.db.session() as s:
        cases = {s.get(Document, i).case_id for i in ids}
        assert len(cases) == 1 and None not in cases
        assert s.get(Case, cases.pop()).case_no == "测住建立〔2024〕7号"
