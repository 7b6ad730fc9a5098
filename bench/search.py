"""Search backends side by side: indexing speed, query latency per query shape, index size.

Run by hand, never in tests (minutes of CPU), with the test Elasticsearch node up:

    bash scripts/elasticsearch.sh start
    .venv/bin/python bench/search.py --n 100000 --out bench/out/search

Generates N pages of fictional case-file text (samples/: invented agencies,
names marked 测试/样例/某, case numbers like 测住建罚〔2024〕第0123号), 1-3 KB
each, and indexes the same documents into both backends through `upsert` in
batches of 200 documents, as the outbox drain does; Elasticsearch also through
`reindex` (a bulk build of a fresh index, refresh off). Then five query shapes
run --queries times each on each backend, as an officer who sees 5 of 20 units
up to "secret":

    name         a two-character name (张某)
    case_no      a case number, as text
    phrase       a phrase from the facts of a case
    filtered     a word + doc_type and unit filters + stage and officer facets
    date_sorted  a word + a 90-day date range, newest first

Index size is on disk after indexing: the SQLite file (after a WAL checkpoint),
and Elasticsearch's primary store of the live index.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

# The repository root first: the bench runs as a script, and samples is not installed.
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.base import (  # noqa: E402
    IndexedDocument,
    IndexedPage,
    PermissionFilter,
    SearchBackend,
    SearchFilters,
    SearchQuery,
)
from indexer.elasticsearch import ElasticsearchBackend  # noqa: E402
from indexer.embedded import EmbeddedBackend  # noqa: E402
from indexer.rebuild import batched  # noqa: E402
from samples import build_case, build_document  # noqa: E402
from samples.text import DOC_TYPES  # noqa: E402

STAGES = {"case_initiation_approval": "立案", "inspection_record": "调查", "inquiry_record": "调查",
          "rectification_order": "调查", "penalty_notice": "告知", "penalty_decision": "决定",
          "service_receipt": "执行"}
UNITS = 20
PHRASES = ("未取得建筑工程施工许可证", "超过保质期", "擅自占用城市道路", "户外广告牌", "油烟净化设施",
           "安全警示标志", "责令改正", "依法作出行政处罚")
WORDS = ("罚款", "现场检查", "当事人", "违法行为", "陈述申辩")
OFFICER = PermissionFilter(frozenset(range(1, 6)), "secret")
BATCH = 200


def _classification(rng: random.Random) -> str:
    roll = rng.random()
    return "public" if roll < 0.15 else "secret" if roll > 0.95 else "internal"


def case_documents(seed: int) -> list[IndexedDocument]:
    """The documents of one fictional case; short pages are filled up to 1-3 KB with the case's other text."""
    case = build_case(seed)
    rng = random.Random(seed)
    specs = [build_document(t, case) for t in DOC_TYPES]
    filler = "\n".join(p for s in specs for p in s.pages)
    docs = []
    for n, (doc_type, spec) in enumerate(zip(DOC_TYPES, specs)):
        pages = []
        for page_no, text in enumerate(spec.pages, start=1):
            target = rng.randint(1024, 3072)
            start = rng.randrange(len(filler))
            while len(text.encode()) < target:
                text += "\n" + filler[start:start + 200]
                start = (start + 200) % len(filler)
            pages.append(IndexedPage(page_no, text.encode()[:target].decode(errors="ignore")))
        dates = [d for d in spec.dates.values() if isinstance(d, dt.date)]
        docs.append(IndexedDocument(
            document_id=seed * 10 + n + 1, version=1, title=spec.title, source_name=f"{spec.case_no}-{doc_type}.pdf",
            case_no=spec.case_no, doc_type=spec.title, stage=STAGES[doc_type], unit_id=1 + seed % UNITS,
            classification=_classification(rng), parties=[p.name for p in spec.parties],
            officers=[o.name for o in spec.officers], devices=[spec.device_no] if spec.device_no else [],
            doc_date=max(d if not isinstance(d, dt.datetime) else d.date() for d in dates) if dates else None,
            pages=pages))
    return docs


def corpus(n_pages: int) -> Iterator[IndexedDocument]:
    """Documents, case by case, until n_pages pages; the same every time."""
    left, seed = n_pages, 1
    while left > 0:
        for doc in case_documents(seed):
            if left <= 0:
                return
            doc = doc if len(doc.pages) <= left else replace(doc, pages=doc.pages[:left])
            left -= len(doc.pages)
            yield doc
        seed += 1


def query_plan(n_pages: int, count: int, rng: random.Random) -> dict[str, list[SearchQuery]]:
    """`count` queries per shape, their values drawn from the corpus."""
    names, case_nos, types, dates = set(), [], set(), []
    for doc in corpus(min(n_pages, 5000)):
        names.update(n for n in doc.parties + doc.officers if len(n) == 2)
        case_nos.append(doc.case_no)
        types.add(doc.doc_type)
        if doc.doc_date:
            dates.append(doc.doc_date)
    names_l, types_l = sorted(names), sorted(types)

    def q(text: str, **kw) -> SearchQuery:
        return SearchQuery(text, permission=OFFICER, limit=20, **kw)

    def date_range() -> SearchFilters:
        start = rng.choice(dates)
        return SearchFilters(date_from=start, date_to=start + dt.timedelta(days=90))

    return {
        "name": [q(rng.choice(names_l)) for _ in range(count)],
        "case_no": [q(rng.choice(case_nos)) for _ in range(count)],
        "phrase": [q(rng.choice(PHRASES)) for _ in range(count)],
        "filtered": [q(rng.choice(WORDS), filters=SearchFilters(doc_type=rng.choice(types_l),
                                                                 unit_id=rng.randint(1, 5)),
                       facets=("stage", "officer")) for _ in range(count)],
        "date_sorted": [q(rng.choice(WORDS), filters=date_range(), sort="date") for _ in range(count)],
    }


def index_all(backend: SearchBackend, n_pages: int) -> float:
    """Seconds to upsert the corpus in batches of BATCH documents."""
    start = time.perf_counter()
    for docs in batched(corpus(n_pages), BATCH):
        backend.upsert(docs)
    return time.perf_counter() - start


def latencies(backend: SearchBackend, queries: list[SearchQuery]) -> dict[str, float]:
    for q in queries[:10]:  # warm caches and connections
        backend.search(q)
    times, hits = [], 0
    for q in queries:
        start = time.perf_counter()
        result = backend.search(q)
        times.append((time.perf_counter() - start) * 1000)
        hits += result.total
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
            "mean_total": round(hits / len(queries), 1)}


def embedded_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def run_backend(name: str, backend: SearchBackend, n: int, plan: dict[str, list[SearchQuery]],
                size: Callable[[], int], log: Callable[[str], None]) -> dict:
    seconds = index_all(backend, n)
    log(f"{name}: indexed {n} pages in {seconds:.1f} s ({n / seconds:.0f} pages/s)")
    result = {"index_s": round(seconds, 1), "pages_per_s": round(n / seconds), "queries": {}}
    if isinstance(backend, ElasticsearchBackend):
        backend.versions()  # refreshes, so the queries see every page
        start = time.perf_counter()
        backend.reindex(lambda: batched(corpus(n), BATCH))
        rebuild_s = time.perf_counter() - start
        result |= {"reindex_s": round(rebuild_s, 1), "reindex_pages_per_s": round(n / rebuild_s)}
        log(f"{name}: reindex (bulk into a fresh index) {rebuild_s:.1f} s ({n / rebuild_s:.0f} pages/s)")
    result["size_mb"] = round(size() / 2**20, 1)
    for shape, queries in plan.items():
        result["queries"][shape] = latencies(backend, queries)
        log(f"{name}: {shape:12} {result['queries'][shape]}")
    return result


def table(n: int, results: dict[str, dict]) -> str:
    names = list(results)
    lines = [f"N = {n} pages", "",
             "| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names),
             "| indexing (upsert, pages/s) | " + " | ".join(str(results[b]["pages_per_s"]) for b in names) + " |"]
    if "elasticsearch" in results and "reindex_pages_per_s" in results["elasticsearch"]:
        lines.append("| rebuild (pages/s) | " + " | ".join(
            str(results[b].get("reindex_pages_per_s", "—")) for b in names) + " |")
    lines.append("| index size (MB) | " + " | ".join(str(results[b]["size_mb"]) for b in names) + " |")
    for shape in results[names[0]]["queries"]:
        cells = [f'{results[b]["queries"][shape]["p50_ms"]} / {results[b]["queries"][shape]["p95_ms"]}' for b in names]
        lines.append(f"| {shape} p50 / p95 (ms) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="pages to generate and index")
    parser.add_argument("--queries", type=int, default=200, help="runs of each query shape")
    parser.add_argument("--es-url", default=os.environ.get("EARCHIVE_TEST_ES_URL", "http://127.0.0.1:29200"))
    parser.add_argument("--backends", default="embedded,elasticsearch")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "search")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    def log(line: str) -> None:
        print(line, flush=True)

    plan = query_plan(args.n, args.queries, random.Random(7))
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="earchive-bench-") as tmp:
        if "embedded" in args.backends:
            path = Path(tmp) / "search.db"
            embedded = EmbeddedBackend(path)
            try:
                results["embedded"] = run_backend("embedded", embedded, args.n, plan,
                                                  lambda: _checkpointed_size(embedded, path), log)
            finally:
                embedded.close()
        if "elasticsearch" in args.backends:
            es = ElasticsearchBackend(args.es_url, index_prefix="earchive-bench", replicas=0, timeout_s=60)
            es.drop()
            try:
                results["elasticsearch"] = run_backend("elasticsearch", es, args.n, plan, es.size_bytes, log)
            finally:
                es.drop()
                es.close()
    report = table(args.n, results)
    print("\n" + report)
    (args.out / f"search-{args.n}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    (args.out / f"search-{args.n}.md").write_text(report + "\n")


def _checkpointed_size(backend: EmbeddedBackend, path: Path) -> int:
    backend.close()  # the last connection closing checkpoints the WAL into the file
    return embedded_size(path)


if __name__ == "__main__":
    main()
