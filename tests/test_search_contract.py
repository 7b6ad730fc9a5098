"""The SearchBackend contract, once per backend: the same data, queries and expectations.

Expected results come from a small oracle over the fixture data (substring
matching, the permission rule, counting facet values), never from the other
backend. Where the backends must differ it is said in the test: scores (BM25
over different tokens), and punctuation inside a Chinese word.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from indexer.base import (
    FACET_FIELDS,
    IndexedDocument,
    IndexedMedia,
    IndexedPage,
    InvalidSearchQuery,
    PermissionFilter,
    SearchBackend,
    SearchFilters,
    SearchQuery,
    SearchResult,
)
from indexer.embedded import EmbeddedBackend
from records.classification import require_rank as classification_rank
from tests.es_node import es_test_backend

CASE_101, CASE_102, CASE_201, CASE_301 = (f"测罚〔2024〕{n}号" for n in (101, 102, 201, 301))


def _doc(document_id: int, *, unit_id: int | None, case_no: str | None, classification: str, pages: list[str],
         parties: tuple[str, ...] = (), officers: tuple[str, ...] = (), devices: tuple[str, ...] = (),
         doc_type: str | None = None, stage: str | None = None, doc_date: dt.date | None = None,
         version: int = 1) -> IndexedDocument:
    return IndexedDocument(
        document_id=document_id, version=version, title=f"文书{document_id}", source_name=f"scan-{document_id}.pdf",
        case_no=case_no, doc_type=doc_type, stage=stage, unit_id=unit_id, classification=classification,
        parties=list(parties), officers=list(officers), devices=list(devices), doc_date=doc_date,
        pages=[IndexedPage(page_no=n, text=t) for n, t in enumerate(pages, start=1)])


# Fictional records. 张三 appears on pages of every document, so one query shows what each user may see.
DOCS = [
    _doc(1, unit_id=1, case_no=CASE_101, classification="public", parties=("张三",), officers=("王警官",),
         devices=("DV-0001",), doc_type="询问笔录", stage="调查", doc_date=dt.date(2024, 3, 1),
         pages=[f"询问笔录。案号：{CASE_101}。被询问人张三，男，住测试市示例区。张三称未取得许可证。",
                "执法人员王警官出示执法证件，记录仪编号DV-0001。"]),
    _doc(2, unit_id=1, case_no=CASE_101, classification="internal", parties=("张三", "李四"), officers=("王警官",),
         doc_type="现场检查笔录", stage="调查", doc_date=dt.date(2024, 3, 5),
         pages=["现场检查笔录：当事人张三丰与李四在场，检查发现未设置警示标志，责令罚款整改。"]),
    _doc(3, unit_id=1, case_no=CASE_102, classification="secret", parties=("赵六",), officers=("孙警官",),
         doc_type="行政处罚决定书", stage="决定", doc_date=dt.date(2024, 5, 20),
         pages=["行政处罚决定书：当事人赵六，证人张三。机密线索甲乙丙。"]),
    _doc(4, unit_id=2, case_no=CASE_201, classification="internal", parties=("钱七",), officers=("周警官",),
         doc_type="询问笔录", stage="调查", doc_date=dt.date(2024, 4, 10),
         pages=["询问笔录：被询问人钱七，称张三曾到现场。", "钱七陈述罚款已缴纳。"]),
    _doc(5, unit_id=3, case_no=CASE_301, classification="internal", parties=("孙八",), officers=("吴警官",),
         devices=("DV-0301",), doc_type="行政处罚决定书", stage="决定", doc_date=dt.date(2023, 12, 31),
         pages=["决定书：当事人孙八，证人张三，罚款人民币贰仟元。"]),
    _doc(6, unit_id=3, case_no=CASE_301, classification="confidential", parties=("周九",),
         doc_type="内部报告", stage="决定", pages=["内部报告：张三举报，周九涉嫌违法。"]),
    _doc(7, unit_id=None, case_no=None, classification="public", doc_type="其他",
         pages=["无单位归属的公开材料，张三留存。"]),
]

# Who sees what, spelt out; the oracle below must agree with these lists.
USERS = {
    # unit 1 up to internal, plus case 301 granted (but not its confidential document 6)
    "officer_unit1": (PermissionFilter(frozenset({1}), "internal", granted_case_nos=frozenset({CASE_301})),
                      {1, 2, 5}, {3, 4, 6, 7}),
    # unit 2 up to secret, plus documents 3 (secret, unit 1) and 7 (no unit) granted
    "officer_unit2": (PermissionFilter(frozenset({2}), "secret", granted_document_ids=frozenset({3, 7})),
                      {3, 4, 7}, {1, 2, 5, 6}),
    "public_everywhere": (PermissionFilter(None, "public"), {1, 7}, {2, 3, 4, 5, 6}),
    "archivist": (PermissionFilter(None, "top_secret"), {1, 2, 3, 4, 5, 6, 7}, set()),
    "no_unit": (PermissionFilter(frozenset(), "top_secret"), set(), {1, 2, 3, 4, 5, 6, 7}),
}
ALL = USERS["archivist"][0]


@contextmanager
def _open(kind: str, request: pytest.FixtureRequest, directory: Path) -> Iterator[SearchBackend]:
    if kind == "embedded":
        embedded = EmbeddedBackend(directory / "search.db")
        yield embedded
        embedded.close()
    else:
        with es_test_backend(request.getfixturevalue("es_server_url")) as es:
            yield es


@pytest.fixture(params=["embedded", "elasticsearch"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    """An empty backend of each kind in turn."""
    with _open(request.param, request, tmp_path) as b:
        yield b


@pytest.fixture
def indexed(backend: SearchBackend) -> SearchBackend:
    """DOCS indexed, for tests that change the index."""
    backend.upsert(DOCS)
    return backend


@pytest.fixture(scope="module", params=["embedded", "elasticsearch"])
def searchable(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchBackend]:
    """DOCS indexed once per backend, shared by the tests that only search (index creation is slow)."""
    with _open(request.param, request, tmp_path_factory.mktemp(request.param)) as b:
        b.upsert(DOCS)
        yield b


# -- the oracle -----------------------------------------------------------------------------

def _visible(doc: IndexedDocument, perm: PermissionFilter) -> bool:
    reach = (perm.unit_ids is None or doc.unit_id in perm.unit_ids or doc.case_no in perm.granted_case_nos
             or doc.document_id in perm.granted_document_ids)
    return reach and classification_rank(doc.classification) <= perm.max_rank


def _passes(doc: IndexedDocument, f: SearchFilters) -> bool:
    return all([
        f.case_no is None or doc.case_no == f.case_no, f.party is None or f.party in doc.parties,
        f.officer is None or f.officer in doc.officers, f.device is None or f.device in doc.devices,
        f.doc_type is None or doc.doc_type == f.doc_type, f.stage is None or doc.stage == f.stage,
        f.unit_id is None or doc.unit_id == f.unit_id,
        f.date_from is None or (doc.doc_date is not None and doc.doc_date >= f.date_from),
        f.date_to is None or (doc.doc_date is not None and doc.doc_date <= f.date_to)])


def expected_pages(text: str, perm: PermissionFilter = ALL, filters: SearchFilters = SearchFilters(),
                   docs: list[IndexedDocument] = DOCS) -> set[tuple[int, int]]:
    """Pages whose text contains every term as an exact substring, visible and passing the filters."""
    return {(d.document_id, p.page_no) for d in docs if _visible(d, perm) and _passes(d, filters)
            for p in d.pages if all(term in p.text for term in text.split())}


def expected_facets(pages: set[tuple[int, int]]) -> dict[str, list[tuple[str, int]]]:
    by_id = {d.document_id: d for d in DOCS}
    values = {"case_no": lambda d: [d.case_no], "doc_type": lambda d: [d.doc_type], "stage": lambda d: [d.stage],
              "unit_id": lambda d: [d.unit_id], "classification": lambda d: [d.classification],
              "party": lambda d: d.parties, "officer": lambda d: d.officers, "device": lambda d: d.devices,
              "kind": lambda d: ["document"]}
    out = {}
    for name in FACET_FIELDS:
        counts = Counter(str(v) for doc_id, _ in pages for v in values[name](by_id[doc_id]) if v is not None)
        # Most frequent first, then by value: numbers compare as numbers.
        key = (lambda kv: (-kv[1], int(kv[0]))) if name == "unit_id" else (lambda kv: (-kv[1], kv[0]))
        out[name] = sorted(counts.items(), key=key)
    return out


def pages_of(result: SearchResult) -> set[tuple[int, int]]:
    return {(h.document_id, h.page_no) for h in result.hits}


def run(backend: SearchBackend, text: str, perm: PermissionFilter = ALL, **kw) -> SearchResult:
    return backend.search(SearchQuery(text, permission=perm, limit=kw.pop("limit", 500), **kw))


# -- permissions ----------------------------------------------------------------------------

@pytest.mark.parametrize("user", sorted(USERS))
def test_permission_trims_totals_facets_and_snippets(searchable: SearchBackend, user: str) -> None:
    perm, visible_ids, hidden_ids = USERS[user]
    assert {d.document_id for d in DOCS if _visible(d, perm)} == visible_ids  # the lists above are right
    result = run(searchable, "张三", perm, facets=FACET_FIELDS)
    want = expected_pages("张三", perm)
    assert pages_of(result) == want
    assert result.total == len(want)
    assert {h.document_id for h in result.hits} <= visible_ids
    assert not {h.document_id for h in result.hits} & hidden_ids
    assert result.facets == expected_facets(want)
    hidden_words = {w for d in DOCS if d.document_id in hidden_ids for w in (*d.parties, d.case_no or "")} - {
        w for d in DOCS if d.document_id in visible_ids for w in (*d.parties, d.case_no or "")} - {"", "张三"}
    shown = " ".join(h.snippet for h in result.hits) + repr(result.facets)
    assert not [w for w in hidden_words if w in shown]
    assert all("<mark>张三</mark>" in h.snippet for h in result.hits)


def test_permission_applies_to_browsing_without_text(searchable: SearchBackend) -> None:
    perm, visible_ids, _ = USERS["officer_unit2"]
    result = run(searchable, "", perm, facets=("case_no",))
    assert pages_of(result) == expected_pages("", perm)
    assert {h.document_id for h in result.hits} == visible_ids
    assert result.facets["case_no"] == expected_facets(expected_pages("", perm))["case_no"]


# -- matching -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["张三", "李四", "钱七", "赵六", "孙八", "罚款", "张三丰", "示例区", "证人张三",
                                  "〔2024〕101号", "DV-0301", "张三 罚款", "罚款 缴纳", "款", "不存在的词"])
def test_terms_match_as_exact_substrings(searchable: SearchBackend, text: str) -> None:
    result = run(searchable, text)
    assert pages_of(result) == expected_pages(text)
    assert result.total == len(expected_pages(text))


def test_two_character_name_finds_longer_names_too(searchable: SearchBackend) -> None:
    # 张三 is inside 张三丰 (document 2): a substring match, as a clerk expects.
    assert (2, 1) in pages_of(run(searchable, "张三"))
    assert pages_of(run(searchable, "张三丰")) == {(2, 1)}


def test_query_without_letters_or_digits_finds_nothing(searchable: SearchBackend) -> None:
    result = run(searchable, "， 。", facets=("case_no",))
    assert (result.total, result.hits, result.facets, result.next_cursor) == (0, [], {"case_no": []}, None)


def test_punctuation_inside_a_name_is_where_backends_differ(backend: SearchBackend) -> None:
    """The embedded index treats punctuation as a break: 张三 does not match 张，三. Elasticsearch's
    standard analyzer drops punctuation between single characters, so there it does match."""
    backend.upsert([_doc(50, unit_id=1, case_no=None, classification="public", pages=["名单：张，三。"])])
    found = pages_of(run(backend, "张三")) == {(50, 1)}
    assert found is (not isinstance(backend, EmbeddedBackend))


FILTERS = [
    SearchFilters(case_no=CASE_101), SearchFilters(party="李四"), SearchFilters(officer="王警官"),
    SearchFilters(device="DV-0301"), SearchFilters(doc_type="询问笔录"), SearchFilters(stage="决定"),
    SearchFilters(unit_id=3), SearchFilters(date_from=dt.date(2024, 3, 5)), SearchFilters(date_to=dt.date(2024, 3, 5)),
    SearchFilters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 4, 30), stage="调查"),
    SearchFilters(case_no="不存在"),
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(
    f"{k}={v}" for k, v in vars(f).items() if v is not None))
@pytest.mark.parametrize("text", ["", "张三"])
def test_filters_are_anded_with_text_and_permission(searchable: SearchBackend, filters: SearchFilters,
                                                    text: str) -> None:
    perm = USERS["officer_unit1"][0]
    for p in (ALL, perm):
        result = run(searchable, text, p, filters=filters, facets=("party", "unit_id"))
        want = expected_pages(text, p, filters)
        assert pages_of(result) == want and result.total == len(want)
        assert result.facets == {k: v for k, v in expected_facets(want).items() if k in ("party", "unit_id")}


def test_facets_without_text_count_every_visible_page(searchable: SearchBackend) -> None:
    result = run(searchable, "", facets=FACET_FIELDS)
    assert result.facets == expected_facets(expected_pages(""))


# -- snippets and scores --------------------------------------------------------------------

def test_snippets_are_html_escaped(backend: SearchBackend) -> None:
    backend.upsert([_doc(60, unit_id=1, case_no=None, classification="public",
                         pages=['附件<script>alert("x")</script>当事人张三签字 & 按印'])])
    snippet = run(backend, "张三").hits[0].snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet and "&amp;" in snippet
    assert "<mark>张三</mark>" in snippet


def test_relevance_scores_rank_but_are_not_comparable_across_backends(searchable: SearchBackend) -> None:
    # BM25 over bigram tokens (embedded) and over single characters (Elasticsearch's
    # standard analyzer) give different numbers: only the invariants are checked.
    hits = run(searchable, "张三").hits
    scores = [h.score for h in hits]
    assert all(s > 0 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_browsing_scores_zero_and_orders_by_document_and_page(searchable: SearchBackend) -> None:
    hits = run(searchable, "").hits
    assert {h.score for h in hits} == {0.0}
    assert [(h.document_id, h.page_no) for h in hits] == sorted(expected_pages(""))


def test_date_sort_puts_newest_first_and_undated_last(searchable: SearchBackend) -> None:
    hits = run(searchable, "", sort="date").hits
    by_id = {d.document_id: d for d in DOCS}
    want = sorted(expected_pages(""), key=lambda p: (by_id[p[0]].doc_date is None,
                                                     -(by_id[p[0]].doc_date or dt.date.min).toordinal(),
                                                     -p[0], p[1]))
    assert [(h.document_id, h.page_no) for h in hits] == want
    assert {h.score for h in run(searchable, "张三", sort="date").hits} == {0.0}  # not ranked: no score


def test_hits_carry_document_metadata(searchable: SearchBackend) -> None:
    hit = next(h for h in run(searchable, "王警官").hits if h.document_id == 1)
    assert (hit.page_no, hit.title, hit.source_name, hit.case_no, hit.doc_type) == (
        2, "文书1", "scan-1.pdf", CASE_101, "询问笔录")


# -- pagination -----------------------------------------------------------------------------

MANY = [_doc(100 + i, unit_id=1 + i % 2, case_no=None, classification="internal",
             doc_date=None if i % 5 == 0 else dt.date(2024, 1, 1 + i % 7),
             pages=[f"分页测试第{i}号卷宗{'张三' * (1 + i % 3)}", f"分页测试续页{i}"]) for i in range(30)]


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("text", ["分页测试", ""])
def test_cursor_pagination_returns_every_hit_once(backend: SearchBackend, sort: str, text: str) -> None:
    backend.upsert(MANY)
    perm = PermissionFilter(frozenset({1}), "internal")
    whole = run(backend, text, perm, sort=sort)
    seen, after, pages = [], None, 0
    while True:
        result = backend.search(SearchQuery(text, permission=perm, sort=sort, limit=7, after=after))
        assert result.total == whole.total
        seen += [(h.document_id, h.page_no) for h in result.hits]
        pages += 1
        after = result.next_cursor
        if after is None:
            break
    assert seen == [(h.document_id, h.page_no) for h in whole.hits]  # same order, no repeats, no gaps
    assert set(seen) == expected_pages(text, perm, docs=MANY)
    assert pages == -(-len(seen) // 7)


def test_cursor_must_match_its_sort(searchable: SearchBackend) -> None:
    cursor = run(searchable, "张三", limit=1).next_cursor
    assert cursor is not None
    with pytest.raises(InvalidSearchQuery):
        searchable.search(SearchQuery("张三", permission=ALL, sort="date", after=cursor))
    with pytest.raises(InvalidSearchQuery):
        searchable.search(SearchQuery("张三", permission=ALL, after="not-a-cursor"))


# -- versions -------------------------------------------------------------------------------

def test_older_versions_never_overwrite_newer(indexed: SearchBackend) -> None:
    newer = replace(DOCS[0], version=3, pages=[IndexedPage(1, "第三版：张三补充陈述。")])
    indexed.upsert([newer])
    indexed.upsert([replace(DOCS[0], version=2, pages=[IndexedPage(1, "第二版过期内容")])])
    assert indexed.versions()[1] == 3
    assert pages_of(run(indexed, "补充陈述")) == {(1, 1)}
    assert run(indexed, "过期内容").total == 0
    indexed.upsert([newer])  # a replay of the same version changes nothing
    assert indexed.versions()[1] == 3 and pages_of(run(indexed, "补充陈述")) == {(1, 1)}


def test_pages_a_document_lost_are_removed(indexed: SearchBackend) -> None:
    assert pages_of(run(indexed, "", filters=SearchFilters(case_no=CASE_201))) == {(4, 1), (4, 2)}
    indexed.upsert([replace(DOCS[3], version=2, pages=[IndexedPage(1, "改写后只剩一页")])])
    assert pages_of(run(indexed, "", filters=SearchFilters(case_no=CASE_201))) == {(4, 1)}
    assert run(indexed, "缴纳").total == 0


def test_deletes_respect_versions_and_block_older_upserts(indexed: SearchBackend) -> None:
    indexed.upsert([replace(DOCS[1], version=2)])
    indexed.delete(2, 1)  # older than indexed: ignored
    assert indexed.versions()[2] == 2
    indexed.delete(2, 3)
    assert 2 not in indexed.versions()
    assert not [h for h in run(indexed, "张三").hits if h.document_id == 2]
    indexed.upsert([replace(DOCS[1], version=2)])  # a late replay must not bring it back
    assert 2 not in indexed.versions()
    indexed.upsert([replace(DOCS[1], version=4)])  # a newer version may
    assert indexed.versions()[2] == 4 and (2, 1) in pages_of(run(indexed, "张三"))


def test_versions_and_clear(indexed: SearchBackend) -> None:
    assert indexed.versions() == {d.document_id: d.version for d in DOCS}
    indexed.clear()
    assert indexed.versions() == {}
    assert run(indexed, "").total == 0
    indexed.upsert(DOCS[:1])
    assert indexed.versions() == {1: 1}


# -- what a query means (#13 item 5) ---------------------------------------------------------

CASE_887 = "测住建罚〔2023〕887号"  # the 案号; the case's other numbers below
NUMBERS_887 = [CASE_887, "测住建立〔2023〕887号", "测住建罚告〔2023〕887号"]
NUMBERED = [
    # prints its number with a leading zero in （）
    _doc(60, unit_id=1, case_no=CASE_887, classification="public", pages=["行政处罚决定书\n测住建罚（2023）0887号\n罚款。"]),
    # prints the 告知书's number only; its second page prints nothing
    _doc(61, unit_id=1, case_no=CASE_887, classification="public",
         pages=["行政处罚事先告知书\n测住建罚告〔2023〕887号", "当事人陈述申辩。"]),
    # prints no number at all (a 送达回证 on which it was not read)
    _doc(62, unit_id=1, case_no=CASE_887, classification="public", pages=["送达回证\n受送达人签收。罚款"]),
    # another case printing a number that only looks alike
    _doc(63, unit_id=1, case_no="测住建罚〔2023〕88号", classification="public", pages=["测住建罚〔2023〕88号 罚款"]),
]
NUMBERED = [replace(d, case_numbers=NUMBERS_887) if d.case_no == CASE_887 else replace(d, case_numbers=[d.case_no])
            for d in NUMBERED]
CASE_887_FIRST_PAGES = {(60, 1), (61, 1), (62, 1)}


@pytest.mark.parametrize("typed", [
    "测住建罚〔2023〕887号", "测住建罚（2023）0887号", "测住建罚(2023)第887号", "测住建罚[2023]第0887号",
    "(2023)测住建罚887号", "测住建罚 （2023） 887号", "测住建罚告[2023]887号", "测住建立（2023）第887号",
])
def test_a_case_number_in_any_form_finds_every_document_of_its_case(backend: SearchBackend, typed: str) -> None:
    """Any number of the case, in any bracket, with or without 第 or leading zeros: one hit per document of
    the case (its first page, or the page printing the number), none of the look-alike case."""
    backend.upsert(NUMBERED)
    found = pages_of(run(backend, typed))
    assert CASE_887_FIRST_PAGES <= found and {d for d, _ in found} == {60, 61, 62}
    assert found - CASE_887_FIRST_PAGES <= {(61, 1)}  # no second page without the number


def test_a_case_number_with_other_terms_narrows_to_pages_of_its_case(backend: SearchBackend) -> None:
    backend.upsert(NUMBERED)
    assert pages_of(run(backend, "罚款 测住建罚（2023）第0887号")) == {(60, 1), (62, 1)}
    assert pages_of(run(backend, "测住建罚〔2023〕887号", filters=SearchFilters(case_no="测住建罚告〔2023〕887号"))) \
        == CASE_887_FIRST_PAGES  # the case filter takes any number of the case too


IDENTIFIED = [
    _doc(70, unit_id=1, case_no=None, classification="public",
         pages=["当事人：张测试 身份证号：11010519491231002X 统一社会信用代码91110105MA01C3D42K"]),
    _doc(71, unit_id=1, case_no=None, classification="public",
         pages=["编号911010519491231002X7 记录仪DSJ202400125"]),  # longer runs around the same digits
    _doc(72, unit_id=1, case_no=None, classification="public", pages=["执法记录仪编号：DSJ20240012，全程录像。"]),
]


@pytest.mark.parametrize("query, expected", [
    ("11010519491231002X", {70}), ("11010519491231002x", {70}), ("91110105MA01C3D42K", {70}),
    ("DSJ20240012", {72}),
    ("1101051949123100", set()), ("19491231002X", set()), ("91110105MA01", set()), ("DSJ2024", set()),
])
def test_identifiers_match_whole(backend: SearchBackend, query: str, expected: set[int]) -> None:
    """An ID number, credit code or device number matches only as a whole identifier: not inside a longer
    run, and a part of one is not a hit for it."""
    backend.upsert(IDENTIFIED)
    assert {d for d, _ in pages_of(run(backend, query))} == expected


def test_a_phrase_matches_across_a_line_end(backend: SearchBackend) -> None:
    """OCR breaks a paragraph into lines where the page wrapped: 先行 / 登记保存 is still the phrase."""
    backend.upsert([_doc(80, unit_id=1, case_no=None, classification="public",
                         pages=["经批准，对涉案物品予以先行\n登记保存，保存期限为七日。\n当事人签名"]),
                    _doc(81, unit_id=1, case_no=None, classification="public", pages=["先行处理。登记保存另行通知。"])])
    result = run(backend, "先行登记保存")
    assert pages_of(result) == {(80, 1)}
    assert "<mark>" in result.hits[0].snippet
    assert pages_of(run(backend, "予以先行登记")) == {(80, 1)}
    assert pages_of(run(backend, "保存期限")) == {(80, 1)}


# A public-security matter: a sub-unit in parentheses inside the stem, 字, series words that differ
# (行受字 / 行罚告字 / 行罚决字); and a look-alike of another police station with the same serial.
CASE_PSB = "衡公（东）行罚决字〔2023〕112号"
NUMBERS_PSB = [CASE_PSB, "衡公（东）行受字〔2023〕112号", "衡公（东）行罚告字〔2023〕112号"]
CASE_HYPHEN = "衡综执罚〔2024〕3-12号"
POLICE = [
    _doc(90, unit_id=1, case_no=CASE_PSB, classification="public",
         pages=["行政处罚决定书\n衡公(东)行罚决字[2023]0112号\n罚款五百元。"]),
    _doc(91, unit_id=1, case_no=CASE_PSB, classification="public",
         pages=["行政处罚告知笔录\n衡公（东）行罚告字〔2023〕第112号"]),
    _doc(92, unit_id=1, case_no=CASE_PSB, classification="public", pages=["询问笔录\n问：你叫什么名字？"]),
    _doc(93, unit_id=1, case_no="衡公（西）行罚决字〔2023〕112号", classification="public",
         pages=["衡公（西）行罚决字〔2023〕112号 罚款"]),
    _doc(94, unit_id=1, case_no=CASE_HYPHEN, classification="public", pages=["衡综执罚〔2024〕3-12号\n责令改正。"]),
    _doc(95, unit_id=1, case_no="衡综执罚〔2024〕3-13号", classification="public", pages=["衡综执罚〔2024〕3-13号"]),
]
POLICE = [replace(d, case_numbers=NUMBERS_PSB) if d.case_no == CASE_PSB else replace(d, case_numbers=[d.case_no])
          for d in POLICE]


@pytest.mark.parametrize("typed", [
    "衡公（东）行罚决字〔2023〕112号", "衡公(东)行罚决字[2023]0112号", "衡公（东）行罚决字【2023】第112号",
    "衡公（东）行罚决字（2023）第0112号", "衡公(东)行罚决字[ 2023 ]112号", "衡公（东）行罚告字[2023]112号",
    "衡公（东）行受字〔2023〕0112号", "(2023)衡公(东)行罚决字第112号",
])
def test_a_police_number_with_its_sub_unit_finds_its_case_only(backend: SearchBackend, typed: str) -> None:
    backend.upsert(POLICE)
    assert {d for d, _ in pages_of(run(backend, typed))} == {90, 91, 92}


@pytest.mark.parametrize("typed", ["衡综执罚〔2024〕3-12号", "衡综执罚[2024]03-012号", "衡综执罚（2024）第3－12号"])
def test_a_hyphenated_serial_is_one_number(backend: SearchBackend, typed: str) -> None:
    backend.upsert(POLICE)
    assert {d for d, _ in pages_of(run(backend, typed))} == {94}


# -- media items as a kind of record (#15 §7) -------------------------------------------------

CST = dt.timezone(dt.timedelta(hours=8))


def _media(item_id: int, *, unit_id: int | None, classification: str, case_nos: tuple[str, ...] = (),
           parties: tuple[str, ...] = (), officers: tuple[str, ...] = (), devices: tuple[str, ...] = (),
           recorded: dt.datetime | None = None, duration_s: float | None = 60.0, kind: str = "video",
           version: int = 1, words: str = "") -> IndexedMedia:
    name = f"{devices[0] if devices else 'NODEV'}_{recorded:%Y%m%d%H%M%S}.mp4" if recorded else f"clip{item_id}.mp4"
    text = "\n".join([f"视频 {name}", *(f"设备 {d}" for d in devices), *(f"执法人员 {o}" for o in officers),
                      *case_nos, *parties, words])
    return IndexedMedia(item_id=item_id, version=version, title=f"视频 {name}", source_name=f"DISC/{name}",
                        media_kind=kind, unit_id=unit_id, classification=classification, case_nos=list(case_nos),
                        case_numbers=list(case_nos), parties=list(parties), officers=list(officers),
                        devices=list(devices), recorded_at=recorded, recorded_date=recorded.date() if recorded else None,
                        duration_s=duration_s, text=text)


# Item 1 shares its number with document 1 on purpose: the two id spaces never meet.
MEDIA = [
    _media(1, unit_id=1, classification="internal", case_nos=(CASE_101,), parties=("张三",), officers=("王警官",),
           devices=("DV-0001",), recorded=dt.datetime(2024, 3, 1, 9, 30, tzinfo=CST), duration_s=65.0),
    _media(2, unit_id=2, classification="secret", case_nos=(CASE_201,), parties=("钱七",), officers=("周警官",),
           devices=("DV-0201",), recorded=dt.datetime(2024, 4, 10, 15, 0, tzinfo=CST), kind="photo", duration_s=None),
    _media(3, unit_id=None, classification="internal", devices=("DV-0001",),
           recorded=dt.datetime(2024, 3, 5, 23, 50, tzinfo=CST), kind="audio", duration_s=12.5, words="巡查 张三在场"),
    _media(4, unit_id=3, classification="internal", case_nos=(CASE_301, CASE_101), parties=("孙八", "张三"),
           officers=("吴警官",), devices=("DV-0301",), duration_s=30.0),  # no recording time; two cases
]
BOTH = ("document", "media")


@pytest.fixture(scope="module", params=["embedded", "elasticsearch"])
def with_media(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchBackend]:
    with _open(request.param, request, tmp_path_factory.mktemp(f"media-{request.param}")) as b:
        b.upsert(DOCS)
        b.upsert_media(MEDIA)
        yield b


def _media_visible(m: IndexedMedia, perm: PermissionFilter) -> bool:
    reach = (perm.unit_ids is None or m.unit_id in perm.unit_ids or bool(set(m.case_nos) & perm.granted_case_nos)
             or m.item_id in perm.granted_media_ids)
    return reach and classification_rank(m.classification) <= perm.max_rank


def _media_passes(m: IndexedMedia, f: SearchFilters) -> bool:
    return all([
        f.case_no is None or f.case_no in m.case_numbers, f.party is None or f.party in m.parties,
        f.officer is None or f.officer in m.officers, f.device is None or f.device in m.devices,
        f.doc_type is None, f.stage is None, f.unit_id is None or m.unit_id == f.unit_id,
        f.date_from is None or (m.recorded_date is not None and m.recorded_date >= f.date_from),
        f.date_to is None or (m.recorded_date is not None and m.recorded_date <= f.date_to)])


def expected_records(text: str, perm: PermissionFilter = ALL, filters: SearchFilters = SearchFilters(),
                     kinds: tuple[str, ...] = BOTH) -> set[tuple]:
    """("document", id, page) and ("media", id): the oracle over DOCS and MEDIA."""
    out: set[tuple] = set()
    if "document" in kinds:
        out |= {("document", d, p) for d, p in expected_pages(text, perm, filters)}
    if "media" in kinds:
        out |= {("media", m.item_id) for m in MEDIA if _media_visible(m, perm) and _media_passes(m, filters)
                and all(term in m.text for term in text.split())}
    return out


def records_of(result: SearchResult) -> set[tuple]:
    return {("media", h.media_id) if h.kind == "media" else ("document", h.document_id, h.page_no)
            for h in result.hits}


def test_media_items_are_searched_only_when_asked_for(with_media: SearchBackend) -> None:
    assert pages_of(run(with_media, "张三")) == expected_pages("张三")  # documents' callers see no change
    both = run(with_media, "张三", kinds=BOTH, facets=("kind", "device", "officer", "case_no"))
    want = expected_records("张三")
    assert records_of(both) == want and both.total == len(want)
    assert {("media", 1), ("media", 3), ("media", 4)} <= want
    docs = expected_pages("张三")
    assert both.facets["kind"] == sorted([("document", len(docs)), ("media", 3)], key=lambda kv: (-kv[1], kv[0]))
    assert ("DV-0001", 2 + sum(1 for d, _ in docs if d == 1)) in both.facets["device"]
    assert ("吴警官", 1 + sum(1 for d, _ in docs if d == 5)) in both.facets["officer"]
    # An item of two cases counts under each of them.
    assert dict(both.facets["case_no"])[CASE_301] == 1 + sum(1 for d, _ in docs if d in (5, 6))
    assert records_of(run(with_media, "张三", kinds=("media",))) == {("media", 1), ("media", 3), ("media", 4)}


def test_a_media_hit_carries_its_kind_time_and_duration(with_media: SearchBackend) -> None:
    [hit] = run(with_media, "DV-0201", kinds=BOTH).hits
    assert (hit.kind, hit.media_id, hit.document_id, hit.page_no, hit.media_kind) == ("media", 2, None, 0, "photo")
    assert (hit.case_no, hit.duration_s, hit.doc_type) == (CASE_201, None, None)
    assert dt.datetime.fromisoformat(hit.recorded_at) == dt.datetime(2024, 4, 10, 15, 0, tzinfo=CST)
    assert hit.title == "视频 DV-0201_20240410150000.mp4" and "<mark>DV-0201</mark>" in hit.snippet
    [clip] = [h for h in run(with_media, "王警官", kinds=("media",)).hits]
    assert (clip.media_id, clip.duration_s, clip.media_kind) == (1, 65.0, "video")


MEDIA_USERS = {
    # unit 1 up to internal: item 1; not item 3 (no unit), not 2 (unit 2), not 4 (unit 3)
    "unit1": (PermissionFilter(frozenset({1}), "internal"), {1}),
    # document ids 1-4 granted: documents only, never the media items of the same numbers
    "documents_granted": (PermissionFilter(frozenset(), "top_secret", granted_document_ids=frozenset({1, 2, 3, 4})),
                          set()),
    "item_granted": (PermissionFilter(frozenset(), "top_secret", granted_media_ids=frozenset({2, 3})), {2, 3}),
    "case_granted": (PermissionFilter(frozenset(), "top_secret", granted_case_nos=frozenset({CASE_101})), {1, 4}),
    "unit2_not_cleared": (PermissionFilter(frozenset({2}), "confidential"), set()),  # item 2 is secret
    "everywhere_internal": (PermissionFilter(None, "internal"), {1, 3, 4}),
}


@pytest.mark.parametrize("user", sorted(MEDIA_USERS))
def test_media_items_are_permission_filtered_like_documents(with_media: SearchBackend, user: str) -> None:
    perm, visible = MEDIA_USERS[user]
    assert {m.item_id for m in MEDIA if _media_visible(m, perm)} == visible
    result = run(with_media, "", perm, kinds=BOTH, facets=("kind", "party", "case_no"))
    want = expected_records("", perm)
    assert records_of(result) == want and result.total == len(want)
    assert {r[1] for r in want if r[0] == "media"} == visible
    shown_text = " ".join([m.text for m in MEDIA if m.item_id in visible]
                          + [p.text for d in DOCS if _visible(d, perm) for p in d.pages]
                          + [w for d in DOCS if _visible(d, perm) for w in d.parties])
    hidden = {p for m in MEDIA if m.item_id not in visible for p in m.parties if p not in shown_text}
    assert not [p for p in hidden if p in repr(result.facets) or any(p in h.snippet for h in result.hits)]


MEDIA_FILTERS = [
    SearchFilters(device="DV-0001"), SearchFilters(officer="周警官"), SearchFilters(case_no=CASE_101),
    SearchFilters(party="张三"), SearchFilters(date_from=dt.date(2024, 3, 2), date_to=dt.date(2024, 3, 31)),
    SearchFilters(doc_type="询问笔录"), SearchFilters(unit_id=3),
]


@pytest.mark.parametrize("filters", MEDIA_FILTERS, ids=lambda f: ",".join(
    f"{k}={v}" for k, v in vars(f).items() if v is not None))
@pytest.mark.parametrize("text", ["", "张三"])
def test_filters_apply_to_media_items_too(with_media: SearchBackend, filters: SearchFilters, text: str) -> None:
    result = run(with_media, text, kinds=BOTH, filters=filters, facets=("kind",))
    want = expected_records(text, ALL, filters)
    assert records_of(result) == want and result.total == len(want)


def test_media_sort_by_recording_day_and_page_through_both_kinds(with_media: SearchBackend) -> None:
    dated = [h.media_id for h in run(with_media, "", kinds=("media",), sort="date").hits]
    assert dated == [2, 3, 1, 4]  # newest recording first, the undated last
    whole = run(with_media, "", kinds=BOTH, sort="date")
    seen, after = [], None
    while True:
        page = with_media.search(SearchQuery("", permission=ALL, kinds=BOTH, sort="date", limit=3, after=after))
        seen += [(h.kind, h.media_id or h.document_id, h.page_no) for h in page.hits]
        if (after := page.next_cursor) is None:
            break
    assert seen == [(h.kind, h.media_id or h.document_id, h.page_no) for h in whole.hits]
    assert len(seen) == len(set(seen)) == len(expected_records(""))


def test_media_versions_only_move_forward_and_clear_removes_them(backend: SearchBackend) -> None:
    backend.upsert(DOCS[:1])
    backend.upsert_media([replace(MEDIA[0], version=5, text="第五版 王警官", parties=["张三"])])
    backend.upsert_media([replace(MEDIA[0], version=4, text="第四版过期")])
    assert backend.media_versions() == {1: 5} and backend.versions() == {1: 1}
    assert records_of(run(backend, "第五版", kinds=BOTH)) == {("media", 1)}
    assert run(backend, "过期", kinds=BOTH).total == 0
    backend.upsert_media([replace(MEDIA[0], version=6, text="第六版", case_nos=[CASE_102],
                                  case_numbers=[CASE_102])])  # linked to another case now
    assert records_of(run(backend, "", kinds=("media",), filters=SearchFilters(case_no=CASE_102))) == {("media", 1)}
    assert run(backend, "", kinds=("media",), filters=SearchFilters(case_no=CASE_101)).total == 0
    backend.clear()
    assert backend.media_versions() == {} and run(backend, "", kinds=BOTH).total == 0


def test_unknown_record_kinds_are_refused() -> None:
    with pytest.raises(InvalidSearchQuery, match="kinds"):
        SearchQuery("", permission=ALL, kinds=("video",))
    with pytest.raises(InvalidSearchQuery, match="kinds"):
        SearchQuery("", permission=ALL, kinds=())
