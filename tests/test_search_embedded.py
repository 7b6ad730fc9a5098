"""Requirements of the embedded search backend (SQLite FTS5 with CJK bigrams)."""
from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from earchive.errors import SearchUnavailable
from earchive.settings import Settings
from indexer import make_backend
from indexer.base import (
    IndexedDocument,
    IndexedPage,
    InvalidSearchQuery,
    PermissionFilter,
    SearchBackend,
    SearchFilters,
    SearchQuery,
    SearchResult,
)
from indexer.embedded import EmbeddedBackend

EVERYTHING = PermissionFilter(unit_ids=None, max_classification="top_secret")

RECORD = ("询问笔录：当事人张三丰，身份证号110101199003071234，于2024年3月5日在A8型执法记录仪前接受询问，"
          "执法人员李四、王五在场。")


def make_doc(document_id: int, *pages: str, version: int = 1, **meta) -> IndexedDocument:
    fields = dict(title=f"文书{document_id}", source_name=f"scan-{document_id}.pdf", case_no=None,
                  doc_type="询问笔录", stage="investigation", unit_id=1, classification="internal",
                  parties=[], officers=[], devices=[], doc_date=None)
    fields.update(meta)
    return IndexedDocument(document_id=document_id, version=version,
                           pages=[IndexedPage(page_no=i, text=t) for i, t in enumerate(pages, 1)], **fields)


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[EmbeddedBackend]:
    b = EmbeddedBackend(tmp_path / "search.db")
    yield b
    b.close()


def search(backend: SearchBackend, text: str, permission: PermissionFilter = EVERYTHING,
           **kw) -> SearchResult:
    return backend.search(SearchQuery(text, permission=permission, **kw))


def found(backend: SearchBackend, text: str, **kw) -> set[tuple[int, int]]:
    return {(h.document_id, h.page_no) for h in search(backend, text, limit=500, **kw).hits}


# -- Chinese text matching ----------------------------------------------------------------

def _cjk_substrings(text: str, lengths: range) -> set[str]:
    runs = "".join(c if "\u4e00" <= c <= "\u9fff" else " " for c in text).split()
    return {run[i:i + n] for run in runs for n in lengths for i in range(len(run) - n + 1)}


def test_every_chinese_substring_of_two_or_more_characters_finds_its_page(backend):
    backend.upsert([make_doc(1, RECORD, "第二页：没有相关内容。")])
    substrings = _cjk_substrings(RECORD, range(2, 9))
    assert {"张三", "李四", "王五", "三丰", "执法记录仪", "接受询问"} <= substrings
    missed = sorted(s for s in substrings if found(backend, s) != {(1, 1)})
    assert missed == []


@pytest.mark.parametrize("absent", ["张四", "三张", "丰三", "李王", "询问当事人", "记录仪后", "赵六"])
def test_a_string_not_on_the_page_finds_nothing(backend, absent):
    backend.upsert([make_doc(1, RECORD)])
    assert found(backend, absent) == set()


def test_a_single_character_finds_pages_containing_it(backend):
    backend.upsert([make_doc(1, "张三在场"), make_doc(2, "李四在场")])
    assert found(backend, "张") == {(1, 1)}
    assert found(backend, "场") == {(1, 1), (2, 1)}  # also as the last character of a run


def test_a_string_split_across_pages_is_not_found(backend):
    backend.upsert([make_doc(1, "当事人张", "三丰到场")])
    assert found(backend, "张三") == set()


def test_punctuation_in_the_query_matches_punctuation_in_the_text(backend):
    backend.upsert([make_doc(1, "执法人员李四、王五在场")])
    assert found(backend, "李四、王五") == {(1, 1)}
    assert found(backend, "李四王五") == set()  # not a substring of the text


def test_whitespace_separated_terms_must_all_match(backend):
    backend.upsert([make_doc(1, "张三到场", "张三与王五到场"), make_doc(2, "王五到场")])
    assert found(backend, "张三 王五") == {(1, 2)}


def test_numbers_and_latin_words_match_case_insensitively(backend):
    backend.upsert([make_doc(1, "记录设备DSJ-A8-2024，京交执罚〔2024〕12号")])
    for query in ["dsj-a8", "DSJ A8 2024", "〔2024〕12号", "12号", "2024"]:
        assert found(backend, query) == {(1, 1)}, query
    assert found(backend, "202") == set()  # words match whole


def test_full_width_query_input_matches_normalised_text(backend):
    backend.upsert([make_doc(1, "设备编号DSJ-A8，2024年")])
    assert found(backend, "ＤＳＪ－Ａ８") == {(1, 1)}
    assert found(backend, "２０２４年") == {(1, 1)}


@pytest.mark.parametrize("hostile", ['张三"', '"张三', "张三*", "NEAR(张三 李四)", "-张三", "张三 OR 李四",
                                     "张三 AND", "^张三", "{张三}", "张三:", "'; DROP TABLE page; --"])
def test_query_syntax_characters_are_plain_text(backend, hostile):
    backend.upsert([make_doc(1, "张三到场"), make_doc(2, "李四到场")])
    result = search(backend, hostile)  # never an FTS5 syntax error
    assert {h.document_id for h in result.hits} <= {1}
    assert found(backend, "到场") == {(1, 1), (2, 1)}  # the index is intact


def test_a_query_without_letters_or_digits_finds_nothing(backend):
    backend.upsert([make_doc(1, "张三到场。")])
    assert search(backend, "。，！").total == 0


def test_an_empty_query_lists_every_visible_page(backend):
    backend.upsert([make_doc(1, "甲", "乙"), make_doc(2, "丙", classification="secret")])
    internal = PermissionFilter(unit_ids=None, max_classification="internal")
    assert found(backend, "", permission=internal) == {(1, 1), (1, 2)}


# -- snippets -------------------------------------------------------------------------------

def test_snippet_marks_every_match_in_a_window_and_escapes_html(backend):
    text = "前言" * 60 + "当事人<张三>称：张三&李四到场。" + "后记" * 60
    backend.upsert([make_doc(1, text)])
    snippet = search(backend, "张三 李四").hits[0].snippet
    assert "&lt;<mark>张三</mark>&gt;称：<mark>张三</mark>&amp;<mark>李四</mark>到场" in snippet
    assert snippet.count("<mark>") == 3
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) < 120


def test_snippet_of_raw_html_in_text_is_escaped(backend):
    backend.upsert([make_doc(1, "<script>alert(1)</script>张三")])
    snippet = search(backend, "张三").hits[0].snippet
    assert snippet == "&lt;script&gt;alert(1)&lt;/script&gt;<mark>张三</mark>"


# -- filters and facets ---------------------------------------------------------------------

@pytest.fixture
def catalogue(backend) -> EmbeddedBackend:
    backend.upsert([
        make_doc(1, "现场检查笔录", case_no="京交罚〔2024〕1号", doc_type="现场笔录", stage="investigation",
                 unit_id=1, parties=["张三"], officers=["李四"], devices=["DSJ-001"], doc_date=dt.date(2024, 1, 5)),
        make_doc(2, "现场检查笔录", "现场检查照片", case_no="京交罚〔2024〕1号", doc_type="询问笔录",
                 stage="investigation", unit_id=1, parties=["张三", "某某公司"], officers=["王五"],
                 doc_date=dt.date(2024, 2, 1)),
        make_doc(3, "现场检查结论", case_no="京交罚〔2024〕2号", doc_type="处罚决定书", stage="decision",
                 unit_id=2, parties=["某某公司"], officers=["李四"], devices=["DSJ-002"],
                 doc_date=dt.date(2024, 3, 9)),
    ])
    return backend


@pytest.mark.parametrize(("filters", "expected"), [
    (SearchFilters(case_no="京交罚〔2024〕1号"), {1, 2}),
    (SearchFilters(doc_type="处罚决定书"), {3}),
    (SearchFilters(stage="investigation"), {1, 2}),
    (SearchFilters(unit_id=2), {3}),
    (SearchFilters(party="某某公司"), {2, 3}),
    (SearchFilters(officer="李四"), {1, 3}),
    (SearchFilters(device="DSJ-002"), {3}),
    (SearchFilters(date_from=dt.date(2024, 2, 1)), {2, 3}),
    (SearchFilters(date_to=dt.date(2024, 2, 1)), {1, 2}),
    (SearchFilters(party="张三", officer="王五"), {2}),
    (SearchFilters(party="无此人"), set()),
])
def test_filters_narrow_the_hits(catalogue, filters, expected):
    assert {h.document_id for h in search(catalogue, "现场检查", filters=filters).hits} == expected


def test_facets_count_matching_pages(catalogue):
    result = search(catalogue, "现场检查", facets=("doc_type", "party", "unit_id", "case_no"))
    assert result.total == 4
    assert result.facets == {
        "doc_type": [("询问笔录", 2), ("处罚决定书", 1), ("现场笔录", 1)],
        "party": [("张三", 3), ("某某公司", 3)],  # ties by value
        "unit_id": [("1", 3), ("2", 1)],
        "case_no": [("京交罚〔2024〕1号", 3), ("京交罚〔2024〕2号", 1)],
    }


def test_sort_by_date_puts_the_newest_document_first(catalogue):
    hits = search(catalogue, "现场检查", sort="date").hits
    assert [(h.document_id, h.page_no) for h in hits] == [(3, 1), (2, 1), (2, 2), (1, 1)]


def test_relevance_puts_the_page_with_more_matches_first(backend):
    backend.upsert([make_doc(1, "张三到场。" + "其他内容" * 5), make_doc(2, "张三、张三、张三到场。" + "其他内容" * 5)])
    hits = search(backend, "张三").hits
    assert [h.document_id for h in hits] == [2, 1] and hits[0].score > hits[1].score > 0


def test_unknown_facet_sort_or_limit_is_rejected():
    for bad in [dict(facets=("secret_field",)), dict(sort="random"), dict(limit=0), dict(limit=10_000)]:
        with pytest.raises(InvalidSearchQuery):
            SearchQuery("张三", permission=EVERYTHING, **bad)


def test_an_unknown_clearance_is_rejected_rather_than_guessed():
    with pytest.raises(ValueError):
        PermissionFilter(unit_ids=None, max_classification="top-secret")


# -- permission trimming --------------------------------------------------------------------

# (document id, unit, classification, case number); every page says 现场检查 and its own code word.
ARCHIVE = [
    (1, 1, "public", "案-1"),
    (2, 1, "internal", "案-1"),
    (3, 1, "secret", "案-2"),
    (4, 2, "internal", "案-3"),
    (5, 2, "top_secret", "案-3"),
    (6, 3, "internal", "案-4"),
    (7, 3, "public", "案-5"),
    (8, 3, "secret", "案-4"),
    (9, None, "internal", None),
]
CODE_WORDS = {1: "甲子", 2: "乙丑", 3: "丙寅", 4: "丁卯", 5: "戊辰", 6: "己巳", 7: "庚午", 8: "辛未", 9: "壬申"}

# Unit 1 officer, cleared for internal.
CLERK = PermissionFilter(unit_ids=frozenset({1}), max_classification="internal")
CLERK_SEES, CLERK_MISSES = {1, 2}, {3, 4, 5, 6, 7, 8, 9}
# Unit 2 reviewer, cleared for secret, granted case 案-4 and document 7.
REVIEWER = PermissionFilter(unit_ids=frozenset({2}), max_classification="secret",
                            granted_case_nos=frozenset({"案-4"}), granted_document_ids=frozenset({7}))
REVIEWER_SEES, REVIEWER_MISSES = {4, 6, 7, 8}, {1, 2, 3, 5, 9}


@pytest.fixture
def archive(backend) -> EmbeddedBackend:
    backend.upsert([make_doc(i, f"现场检查记录{CODE_WORDS[i]}", unit_id=unit, classification=level, case_no=case,
                             doc_type=f"类型{i}") for i, unit, level, case in ARCHIVE])
    return backend


@pytest.mark.parametrize(("user", "visible", "hidden"), [
    (CLERK, CLERK_SEES, CLERK_MISSES),
    (REVIEWER, REVIEWER_SEES, REVIEWER_MISSES),
    (EVERYTHING, set(CODE_WORDS), set()),
])
def test_each_user_sees_exactly_their_records(archive, user, visible, hidden):
    assert visible | hidden == set(CODE_WORDS) and not visible & hidden
    result = search(archive, "现场检查", permission=user, facets=("doc_type", "unit_id", "classification"))
    assert result.total == len(visible)
    assert {h.document_id for h in result.hits} == visible
    assert {v for v, _ in result.facets["doc_type"]} == {f"类型{i}" for i in visible}
    assert sum(n for _, n in result.facets["unit_id"]) <= len(visible)
    snippets = " ".join(h.snippet for h in result.hits)
    assert all(CODE_WORDS[i] in snippets for i in visible)
    assert not any(CODE_WORDS[i] in snippets for i in hidden)


@pytest.mark.parametrize(("user", "hidden"), [(CLERK, CLERK_MISSES), (REVIEWER, REVIEWER_MISSES)])
def test_searching_for_hidden_text_reveals_nothing(archive, user, hidden):
    for i in hidden:
        result = search(archive, CODE_WORDS[i], permission=user, facets=("doc_type", "case_no"))
        assert (result.total, result.hits, result.facets) == (0, [], {"doc_type": [], "case_no": []}), i


def test_permission_applies_to_browsing_and_filters(archive):
    assert {h.document_id for h in search(archive, "", permission=REVIEWER).hits} == REVIEWER_SEES
    assert search(archive, "", permission=CLERK, filters=SearchFilters(unit_id=2)).total == 0


def test_unknown_classification_is_visible_to_nobody(backend):
    backend.upsert([make_doc(1, "张三", classification="绝密")])
    assert search(backend, "张三").total == 0


# -- versions -------------------------------------------------------------------------------

def test_an_older_version_never_overwrites_a_newer_one(backend):
    backend.upsert([make_doc(1, "新版本张三", version=3)])
    backend.upsert([make_doc(1, "旧版本李四", version=2)])
    assert backend.versions() == {1: 3}
    assert found(backend, "张三") == {(1, 1)} and found(backend, "李四") == set()


def test_a_newer_version_replaces_all_pages(backend):
    backend.upsert([make_doc(1, "旧版本李四", "第二页李四", version=1)])
    backend.upsert([make_doc(1, "新版本张三", version=2)])
    assert backend.versions() == {1: 2}
    assert found(backend, "李四") == set() and found(backend, "张三") == {(1, 1)}


def test_upserting_the_same_version_again_changes_nothing(backend):
    doc = make_doc(1, "张三到场", "李四到场")
    backend.upsert([doc])
    backend.upsert([doc])
    assert backend.versions() == {1: 1}
    assert search(backend, "到场").total == 2


def test_delete_removes_unless_a_newer_version_is_indexed(backend):
    backend.upsert([make_doc(1, "张三", version=2), make_doc(2, "张三", version=2)])
    backend.delete(1, version=1)  # older than indexed: ignored
    backend.delete(2, version=2)
    assert backend.versions() == {1: 2}
    assert found(backend, "张三") == {(1, 1)}


def test_a_late_older_upsert_cannot_bring_back_a_deleted_document(backend):
    backend.upsert([make_doc(1, "张三", version=1)])
    backend.delete(1, version=2)
    backend.upsert([make_doc(1, "张三", version=2)])
    assert backend.versions() == {}
    backend.upsert([make_doc(1, "张三", version=3)])
    assert backend.versions() == {1: 3}


def test_clear_empties_the_index(backend):
    backend.upsert([make_doc(1, "张三")])
    backend.clear()
    assert backend.versions() == {} and search(backend, "张三").total == 0


# -- pagination -----------------------------------------------------------------------------

@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_following_cursors_returns_every_hit_exactly_once(backend, sort):
    backend.upsert([make_doc(i, *["张三" * (1 + (i + p) % 4) + "到场" for p in range(3)],
                             doc_date=dt.date(2024, 1, 1 + i % 5) if i % 3 else None) for i in range(1, 16)])
    everything = [(h.document_id, h.page_no) for h in search(backend, "张三", sort=sort, limit=500).hits]
    assert len(everything) == 45
    paged, cursor, pages = [], None, 0
    while True:
        result = search(backend, "张三", sort=sort, limit=7, after=cursor)
        assert result.total == 45
        paged += [(h.document_id, h.page_no) for h in result.hits]
        pages += 1
        cursor = result.next_cursor
        if cursor is None:
            break
    assert paged == everything and pages == 7


def test_the_last_page_has_no_cursor(backend):
    backend.upsert([make_doc(1, "张三", "张三")])
    assert search(backend, "张三", limit=2).next_cursor is None


@pytest.mark.parametrize("cursor", ["not-a-cursor", "eyJzb3J0IjoiZGF0ZSIsImtleSI6WzEsMiwzXX0", ""])
def test_a_malformed_or_foreign_cursor_is_rejected(backend, cursor):
    backend.upsert([make_doc(1, "张三")])
    if cursor == "":
        assert search(backend, "张三", after=cursor).total == 1  # empty means "from the start"
        return
    with pytest.raises(InvalidSearchQuery):
        search(backend, "张三", after=cursor)


# -- concurrency ----------------------------------------------------------------------------

def test_threads_search_while_another_thread_writes(backend):
    backend.upsert([make_doc(i, f"张三第{i}次到场") for i in range(1, 11)])
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(30):
                assert search(backend, "张三").total >= 10
        except BaseException as e:  # noqa: BLE001 - handed to the main thread
            errors.append(e)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    for i in range(11, 41):
        backend.upsert([make_doc(i, f"张三第{i}次到场")])
    for t in readers:
        t.join()
    assert errors == [] and search(backend, "张三").total == 40


# -- the index file -------------------------------------------------------------------------

def test_index_survives_reopening(tmp_path):
    first = EmbeddedBackend(tmp_path / "search.db")
    first.upsert([make_doc(1, "张三")])
    first.close()
    again = EmbeddedBackend(tmp_path / "search.db")
    assert again.versions() == {1: 1} and found(again, "张三") == {(1, 1)}
    again.close()


def test_a_changed_tokenizer_rebuilds_the_text_index(tmp_path):
    first = EmbeddedBackend(tmp_path / "search.db")
    first.upsert([make_doc(1, "张三到场")])
    first.close()
    with sqlite3.connect(tmp_path / "search.db") as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'tokenizer_version'")
    again = EmbeddedBackend(tmp_path / "search.db")
    assert found(again, "张三") == {(1, 1)}
    again.upsert([make_doc(1, "李四到场", version=2)])  # old rows are removable again
    assert found(again, "张三") == set() and found(again, "李四") == {(1, 1)}
    again.close()


def test_an_unusable_index_file_raises_search_unavailable(tmp_path):
    damaged = tmp_path / "search.db"
    damaged.write_bytes(b"this is not a database" * 100)
    with pytest.raises(SearchUnavailable, match="search.db"):
        EmbeddedBackend(damaged)


def test_an_unreachable_index_directory_raises_search_unavailable(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(SearchUnavailable, match="EARCHIVE_SEARCH_INDEX_PATH"):
        EmbeddedBackend(tmp_path / "file" / "search.db")


def test_make_backend_builds_the_embedded_backend(tmp_path):
    backend = make_backend(Settings(data_dir=tmp_path))
    try:
        assert isinstance(backend, EmbeddedBackend) and isinstance(backend, SearchBackend)
        assert backend.path == tmp_path.resolve() / "search.db"
    finally:
        backend.close()


def test_an_index_file_of_another_schema_must_be_rebuilt(tmp_path):
    conn = sqlite3.connect(tmp_path / "search.db")
    conn.execute("CREATE TABLE something_else(x)")
    conn.commit()
    conn.close()
    with pytest.raises(SearchUnavailable, match="re-index"):
        EmbeddedBackend(tmp_path / "search.db")
