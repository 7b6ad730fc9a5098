"""Classification accuracy per field on OCR'd degraded scans, and the cost of classifying a page.

Run by hand, never in tests (about ten minutes of OCR on two cores the first time):

    .venv/bin/python bench/classification.py --out bench/out/classification
    .venv/bin/python bench/classification.py --out bench/out/classification --reuse   # classify afresh, no OCR

The evaluation set is fictional and deterministic (--seed): six cases whose
documents cover every document type of the label set (REQUIREMENTS.md §2),
service receipts in every service method, case numbers written in several
styles, and a share of pages with a seal stamped over the title. Each
document is rendered as a degraded scan (samples.render_document with
Degrade.scanned) and ingested by the real pipeline (ingest.service.
ingest_sources, which OCRs and classifies) into a scratch data directory.
The truth comes from the generator; a value counts as readable when it is in
the document's text at all. A second table runs hand-written edge cases
(OCR damage typed in) through the extractor directly.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from classify.extract import extract  # noqa: E402
from classify.labels import DOC_TYPES  # noqa: E402
from classify.text import DocText  # noqa: E402
from samples import Degrade, build_case, build_document, render_document, write_rendered  # noqa: E402
from samples.cases import AGENCIES, CaseContext  # noqa: E402
from samples.more_documents import MORE_DOC_TYPES, build_more_document, restyle_case_no, service_receipt  # noqa: E402
from samples.more_documents import as_spec  # noqa: E402
from samples.render import FACES  # noqa: E402
from samples.seal import mm_to_px, seal_mask, stamp  # noqa: E402
from samples.text import DocumentSpec  # noqa: E402

STANDARD = ("case_initiation_approval", "inspection_record", "inquiry_record", "rectification_order",
            "penalty_notice", "penalty_decision", "service_receipt")
ID_RE = re.compile(r"(?<![0-9A-Z])(\d{17}[\dX]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])")
CASE_RE = re.compile(r"(?P<prefix>[\u4e00-\u9fff]+?)[〔\[（［(](?P<year>\d{4})[〕\]）］)]第?(?P<serial>\d+)号")


@dataclass
class EvalDoc:
    name: str
    spec: DocumentSpec
    agency: str
    truth: dict = field(default_factory=dict)
    seal_on_title: bool = False


# -- the evaluation set ----------------------------------------------------------------------------

def _canonical(case_no: str) -> str:
    m = CASE_RE.search(case_no)
    return f"{m.group('prefix')}〔{m.group('year')}〕{int(m.group('serial'))}号"


def _truth(spec: DocumentSpec, extra: dict) -> dict:
    text = "\n".join(spec.pages)
    flat = text.replace("\t", " ")
    numbers = set(ID_RE.findall(flat))
    return {
        "doc_type": spec.doc_type,
        "stage": DOC_TYPES[spec.doc_type].stage,
        "case_no": _canonical(spec.case_no),
        "case_no_in_text": bool(CASE_RE.search(text)),
        "ids": sorted(numbers),
        "pairs": sorted([o.name, o.cert_no] for o in spec.officers if o.cert_no in text and o.name in text),
        "dates": {k: v.isoformat() for k, v in spec.dates.items()},
        "agency": spec.agency if spec.agency in text else None,
        "service_method": extra.get("service_method"),
    }


def _restyled(spec: DocumentSpec, rng: random.Random) -> DocumentSpec:
    """The sample's own case number written another common way in this document."""
    styled = restyle_case_no(spec.case_no, rng)
    spec.pages = [p.replace(spec.case_no, styled) for p in spec.pages]
    return spec


def build_eval_set(seed: int) -> list[EvalDoc]:
    rng = random.Random(seed)
    cases: list[CaseContext] = []
    candidate = seed * 1000
    while len(cases) < 6:  # six cases, the first four one per agency
        candidate += 1
        case = build_case(candidate)
        if len(cases) < len(AGENCIES) and case.agency != AGENCIES[len(cases)]:
            continue
        cases.append(case)
    docs: list[EvalDoc] = []

    def add(spec: DocumentSpec, case: CaseContext, extra: dict | None = None) -> None:
        if spec.doc_type not in ("service_receipt",) and rng.random() < 0.35:
            spec = _restyled(spec, rng)
        name = f"{len(docs) + 1:03d}_{spec.doc_type}"
        docs.append(EvalDoc(name, spec, case.agency.name, _truth(spec, extra or {}),
                            seal_on_title=rng.random() < 0.15))

    for case in cases[:4]:
        for doc_type in STANDARD:
            add(build_document(doc_type, case), case)
    for i, doc_type in enumerate(t for t in MORE_DOC_TYPES if t != "service_receipt"):
        case = cases[i % len(cases)]
        more = build_more_document(doc_type, case, seed)
        add(more.spec, case, more.extra)
    for i, method in enumerate(("direct", "left", "post", "notice", "entrusted", "electronic")):
        case = cases[(i + 2) % len(cases)]
        more = as_spec("service_receipt", service_receipt(case, random.Random(f"{seed}:{method}"), method,
                                                          witness=i % 2 == 0), case)
        add(more.spec, case, more.extra)
    return docs


def _seal_over_title(img, spec: DocumentSpec, dpi: int, seed: int):
    """A seal stamped over the title, as when a document was sealed at its head."""
    rgb = img.convert("RGB")
    mask = seal_mask(spec.agency, dpi, *FACES["sans_bold"], np.random.default_rng(seed))
    center = (rgb.width // 2 + mm_to_px(random.Random(seed).uniform(-15, 15), dpi), mm_to_px(32, dpi))
    return stamp(rgb, mask, center, random.Random(seed).uniform(-20, 20))


def render_eval_set(docs: list[EvalDoc], dest: Path, seed: int) -> dict[str, dict]:
    """Scans of every document, in mixed formats, grouped by agency: folder per agency."""
    rng = random.Random(seed)
    truth = {}
    for i, d in enumerate(docs):
        folder = dest / f"agency{[a.name for a in AGENCIES].index(d.agency)}"
        folder.mkdir(parents=True, exist_ok=True)
        dpi = rng.choice((200, 300))
        rendered = render_document(d.spec, dpi=dpi, degrade=Degrade.scanned(rng), seed=seed * 1000 + i,
                                   mode=rng.choice(("L", "RGB")))
        if d.seal_on_title:
            rendered.images[0] = _seal_over_title(rendered.images[0], d.spec, dpi, seed + i)
        fmt = rng.choice(("pdf", "tiff")) if len(rendered.images) > 1 else rng.choice(("pdf", "tiff", "jpeg", "png"))
        paths = write_rendered(rendered, folder / d.name, fmt, rng.choice(("group4", "tiff_lzw")), jpeg_quality=85)
        truth[paths[0].name] = {**d.truth, "agency_unit": folder.name, "seal_on_title": d.seal_on_title}
    return truth


# -- OCR through the real pipeline -----------------------------------------------------------------

def ingest_eval_set(scans: Path, data_dir: Path, jobs: int):
    from context import open_context
    from earchive.settings import Settings
    from ingest.service import ingest_sources
    from ingest.sources import collect_sources
    from records.admin import ensure_unit

    ctx = open_context(Settings(data_dir=data_dir))
    for i, agency in enumerate(AGENCIES):
        with ctx.db.transaction() as s:
            unit_id = ensure_unit(s, f"A{i}", agency.name, f"agency{i}", f"{agency.abbrev}执法队").id
        folder = scans / f"agency{i}"
        if folder.is_dir():
            sources = sorted(collect_sources([folder]), key=lambda s: s.name)
            ingest_sources(ctx, sources, jobs=jobs, unit_id=unit_id, created_by="bench")
    return ctx


# -- scoring ---------------------------------------------------------------------------------------

@dataclass
class Tally:
    n: int = 0
    ok: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str = "") -> None:
        self.n += 1
        self.ok += bool(ok)
        if not ok and what:
            self.failures.append(what)

    @property
    def rate(self) -> float:
        return self.ok / self.n if self.n else float("nan")


def _fields(ctx, document_id: int) -> dict:
    from classify.queries import classification_as_json

    with ctx.db.session() as s:
        return classification_as_json(s, document_id)


def evaluate(ctx, truth: dict[str, dict]) -> dict[str, object]:
    from sqlalchemy import select

    from records.models import Document

    tallies = {k: Tally() for k in ("doc_type", "stage", "case_no", "case_assignment", "agency", "service_method",
                                    "dates", "dates_readable")}
    ids = {"readable": 0, "correct": 0, "invalid_accepted": 0, "missed": []}
    pairs = {"tp": 0, "fp": 0, "fn": 0, "errors": []}
    review = 0
    with ctx.db.session() as s:
        docs = {d.source_name: d.id for d in s.scalars(select(Document).where(Document.status == "ok"))}
    for name, t in sorted(truth.items()):
        if name not in docs:
            tallies["doc_type"].add(False, f"{name}: not ingested")
            continue
        got = _fields(ctx, docs[name])
        review += bool(got["needs_review"])
        tallies["doc_type"].add(got["doc_type"] == t["doc_type"], f"{name}: {got['doc_type']}")
        tallies["stage"].add(got["stage"] == t["stage"], f"{name}: {got['stage']}")
        case_no = (got["case_no_field"] or {}).get("value")
        if t["case_no_in_text"]:
            tallies["case_no"].add(case_no == t["case_no"], f"{name}: {case_no} ≠ {t['case_no']}")
        tallies["case_assignment"].add(got["case_no"] == t["case_no"], f"{name}: filed under {got['case_no']}")
        if t["agency"]:
            agency = (got["agency"] or {}).get("value")
            tallies["agency"].add(agency == t["agency"], f"{name}: {agency}")
        if t["service_method"]:
            method = (got["service_method"] or {}).get("value")
            tallies["service_method"].add(method == t["service_method"], f"{name}: {method}")
        readable = _dates_in_text(ctx, docs[name])
        for meaning, when in t["dates"].items():
            value = (got["dates"].get(meaning) or {}).get("value") or ""
            tallies["dates"].add(value[:10] == when, f"{name}: {meaning} {value or '—'} ≠ {when}"
                                 + ("" if when in readable else " (not in the OCR text)"))
            if when in readable:
                tallies["dates_readable"].add(value[:10] == when, f"{name}: {meaning} {value or '—'} ≠ {when}")
        _score_ids(t, got, ids, name)
        _score_pairs(t, got, pairs, name)
    p = pairs["tp"] / max(1, pairs["tp"] + pairs["fp"])
    r = pairs["tp"] / max(1, pairs["tp"] + pairs["fn"])
    return {"tallies": tallies, "ids": ids, "pairs": {**pairs, "precision": p, "recall": r,
                                                       "f1": 2 * p * r / max(1e-9, p + r)},
            "review_rate": review / max(1, len(truth))}


def _dates_in_text(ctx, document_id: int) -> set[str]:
    """Every date the OCR text still holds, read in any style (lines joined, in case one wrapped)."""
    from sqlalchemy import select

    from classify.dates import find_dates
    from records.models import Page

    with ctx.db.session() as s:
        text = "".join(s.scalars(select(Page.text_norm).where(Page.document_id == document_id)))
    return {d.date.isoformat() for d in find_dates(text.replace("\n", "")) if d.date}


def _score_ids(t: dict, got: dict, ids: dict, name: str) -> None:
    read = {f["value"] for f in got["fields"] if f["key"].rsplit(".", 1)[-1] in ("id_number", "credit_code")
            and f["value"]}
    ids["readable"] += len(t["ids"])
    ids["correct"] += len(read & set(t["ids"]))
    ids["invalid_accepted"] += len(read - set(t["ids"]))
    ids["missed"] += [f"{name}: {n}" for n in set(t["ids"]) - read]


def _score_pairs(t: dict, got: dict, pairs: dict, name: str) -> None:
    read = {(o.get("name"), o.get("cert_no")) for o in got["officers"] if o.get("cert_no")}
    want = {tuple(p) for p in t["pairs"]}
    pairs["tp"] += len(read & want)
    pairs["fp"] += len(read - want)
    pairs["fn"] += len(want - read)
    pairs["errors"] += [f"{name}: extra {p}" for p in read - want] + [f"{name}: missed {p}" for p in want - read]


def timing(ctx) -> dict:
    """Milliseconds per page: the extractor alone, and classify_document with its database work
    (fields, case, links, table of contents; rolled back afterwards)."""
    from sqlalchemy import select

    from casefiles.filing import classify_document, document_text, known_agency_names
    from records.models import Document

    extract_ms, service_ms = [], []
    with ctx.db.session() as s:
        agencies = known_agency_names(s)
        for doc in s.scalars(select(Document).where(Document.status == "ok")).all():
            text = document_text(s, doc.id)
            start = time.perf_counter()
            extract(text, agencies)
            extract_ms.append((time.perf_counter() - start) * 1000 / max(1, doc.page_count))
            start = time.perf_counter()
            classify_document(s, doc)
            s.flush()
            service_ms.append((time.perf_counter() - start) * 1000 / max(1, doc.page_count))
        s.rollback()

    def summary(values: list[float]) -> dict:
        return {"mean_ms": statistics.mean(values), "p95_ms": sorted(values)[int(len(values) * 0.95) - 1],
                "max_ms": max(values)}

    return {"extract": summary(extract_ms), "classify_document": summary(service_ms)}


# -- hand-written edge cases -----------------------------------------------------------------------

EDGE_CASES: list[tuple[str, list[str], dict]] = [
    ("title lost under a seal", ["行政处 书", "测住建罚〔2024〕第0012号", "当事人：张测试", "经查明：……",
                                 "本机关决定对你（单位）作出如下行政处罚：", "（一）罚款人民币伍仟元整（5000元）。",
                                 "如不服本处罚决定，可以在收到本决定书之日起六十日内申请行政复议。"],
     {"doc_type": "penalty_decision", "case_no": "测住建罚〔2024〕12号"}),
    ("no title at all", ["问：你的姓名？", "答：李样例。", "问：你是否知道……", "答：知道。",
                         "询问人：王测试　执法证号：13010000001", "记录人：赵样例　执法证号：13010000002"],
     {"doc_type": "inquiry_record", "pairs": [["王测试", "13010000001"], ["赵样例", "13010000002"]]}),
    ("case number with O for 0 and bracket read as 1", ["送达回证", "案号：测市监罚12O23〕O642号"],
     {"doc_type": "service_receipt", "case_no": "测市监罚〔2023〕642号"}),
    ("year-first court style", ["行政处罚决定书", "(2024)测环罚字第7号"],
     {"doc_type": "penalty_decision", "case_no": "测环罚字〔2024〕7号"}),
    ("ID with O for 0 is settled by its check digit", ["询问笔录", "被询问人：张测试　身份证号：11O1O5194912310O2X"],
     {"ids": ["11010519491231002X"]}),
    ("ID with a wrong digit is never accepted", ["询问笔录", "被询问人：张测试　身份证号：110105194912310021"],
     {"ids": [], "invalid": True}),
    ("credit code with O and I for 0 and 1", ["现场检查笔录", "当事人：测试市样例商贸有限公司",
                                              "统一社会信用代码：91110101MAO0I1234Y"],
     {"doc_type": "inspection_record", "ids": ["91110101MA0011234Y"]}),
    ("date in Chinese numerals under a seal", ["行政处罚决定书", "测市监罚〔2023〕642号", "……",
                                               "测试市示例区市场监督管理局", "〇二三年三月六日"],
     {"dates": {"decided": "2023-03-06"}}),
    ("dotted date with time", ["询问笔录", "询问时间：2024.3.5 9:30至10:15"], {"dates": {"inquired": "2024-03-05T09:30"}}),
    ("certificate on the next table row", ["送达回证", "送达人", "李样例", "执法证号", "13018199892", "送达方式", "邮寄送达"],
     {"pairs": [["李样例", "13018199892"]], "service_method": "post"}),
]


def edge_case_results() -> list[tuple[str, bool, str]]:
    out = []
    for name, lines, expect in EDGE_CASES:
        ex = extract(DocText.from_strings(["\n".join(lines)]))
        got = {"doc_type": ex.doc_type.code, "case_no": (ex.first("case_no") or _Null).value,
               "ids": sorted(f.value for f in ex.fields if f.attr in ("id_number", "credit_code") and f.value),
               "pairs": sorted([g["name"], g["cert_no"]] for g in _officers(ex) if "cert_no" in g),
               "dates": {f.attr: f.value for f in ex.fields if f.kind == "date"},
               "service_method": (ex.first("service", "method") or _Null).value}
        ok = all(got[k] == v if k != "dates" else all(got["dates"].get(m) == d for m, d in v.items())
                 for k, v in expect.items() if k != "invalid")
        out.append((name, ok, json.dumps({k: got[k] for k in expect if k != "invalid"}, ensure_ascii=False)))
    return out


class _Null:
    value = None


def _officers(ex) -> list[dict]:
    groups: dict[str, dict] = {}
    for f in ex.fields:
        if f.kind == "officer":
            groups.setdefault(f.group, {})[f.attr] = f.value
    return list(groups.values())


# -- report ----------------------------------------------------------------------------------------

def print_report(result: dict, times: dict, edges: list, n_docs: int, n_pages: int) -> None:
    t = result["tallies"]
    ids, pairs = result["ids"], result["pairs"]
    rows = [
        ("document type", t["doc_type"].ok, t["doc_type"].n, "≥ 97%"),
        ("stage", t["stage"].ok, t["stage"].n, ""),
        ("canonical case number (read)", t["case_no"].ok, t["case_no"].n, "≥ 98%"),
        ("case assignment (incl. inferred)", t["case_assignment"].ok, t["case_assignment"].n, ""),
        ("ID numbers + credit codes", ids["correct"], ids["readable"], "≥ 99%"),
        ("dates with their meaning", t["dates"].ok, t["dates"].n, "≥ 95%"),
        ("  … of those the OCR text still holds", t["dates_readable"].ok, t["dates_readable"].n, ""),
        ("agency", t["agency"].ok, t["agency"].n, ""),
        ("service method", t["service_method"].ok, t["service_method"].n, ""),
    ]
    print(f"\nClassification on OCR'd degraded scans: {n_docs} documents, {n_pages} pages\n")
    print(f"{'field':36} {'correct':>8} {'of':>5} {'accuracy':>9}  target")
    for name, ok, n, target in rows:
        print(f"{name:36} {ok:>8} {n:>5} {100 * ok / max(1, n):>8.1f}%  {target}")
    print(f"{'officer name + certificate pairs':36} P {pairs['precision']:.3f}  R {pairs['recall']:.3f}  "
          f"F1 {100 * pairs['f1']:.1f}%  ≥ 95%")
    print(f"{'invalid numbers accepted':36} {ids['invalid_accepted']:>8}  (target 0)")
    print(f"{'documents sent to review':36} {100 * result['review_rate']:>8.1f}%")
    for what, label in (("extract", "classification per page (extractor)"),
                        ("classify_document", "  … with database work (SQLite)")):
        t_ = times[what]
        print(f"{label:36} mean {t_['mean_ms']:.1f} ms, p95 {t_['p95_ms']:.1f} ms, max {t_['max_ms']:.1f} ms"
              + ("  (target < 50 ms)" if what == "extract" else ""))
    print("\nWhat fails:")
    for key in ("doc_type", "case_no", "case_assignment", "dates", "agency", "service_method"):
        for f in t[key].failures[:30]:
            print(f"  [{key}] {f}")
    for f in ids["missed"][:10]:
        print(f"  [ids] missed {f}")
    for f in pairs["errors"][:10]:
        print(f"  [pairs] {f}")
    print("\nHand-written edge cases (extractor on typed-in OCR damage):")
    for name, ok, got in edges:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}: {got}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "classification")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reuse", action="store_true",
                        help="Keep the OCR'd pages; drop every classification and classify afresh in ingest order.")
    parser.add_argument("--json", action="store_true", help="Also write result.json into --out.")
    args = parser.parse_args(argv)
    scans, data = args.out / "scans", args.out / "var"
    truth_path = args.out / "truth.json"
    ingested = args.out / "ingested"  # written once ingest finished: a run cut short is not reused
    if not args.reuse or not truth_path.exists() or not ingested.exists():
        shutil.rmtree(args.out, ignore_errors=True)
        docs = build_eval_set(args.seed)
        print(f"rendering {len(docs)} documents into {scans}", flush=True)
        truth = render_eval_set(docs, scans, args.seed)
        truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        start = time.perf_counter()
        ctx = ingest_eval_set(scans, data, args.jobs)
        print(f"ingested (OCR + classification) in {time.perf_counter() - start:.0f} s", flush=True)
        ingested.touch()
    else:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        ctx = _reclassify(data)
    result = evaluate(ctx, truth)
    times = timing(ctx)
    from sqlalchemy import func, select

    from records.models import Document
    with ctx.db.session() as s:
        pages = s.scalar(select(func.sum(Document.page_count))) or 0
    edges = edge_case_results()
    print_report(result, times, edges, len(truth), pages)
    if args.json:
        (args.out / "result.json").write_text(json.dumps(
            {"tallies": {k: {"ok": v.ok, "n": v.n} for k, v in result["tallies"].items()},
             "ids": {k: v for k, v in result["ids"].items() if k != "missed"},
             "pairs": {k: v for k, v in result["pairs"].items() if k != "errors"},
             "review_rate": result["review_rate"], "timing": times,
             "edge_cases": [{"name": n, "ok": ok} for n, ok, _ in edges]}, ensure_ascii=False, indent=1))
    ctx.close()
    return 0


def _reclassify(data: Path):
    """Classify every stored document again from a clean slate, in ingest order (the OCR stays)."""
    from sqlalchemy import delete, select, update

    from casefiles.models import CaseFile, CaseFileEntry
    from classify.models import (
        DocumentClassification,
        DocumentDevice,
        DocumentOfficer,
        DocumentParty,
        ExtractedField,
        FieldCorrection,
    )
    from casefiles.filing import classify_document
    from context import open_context
    from earchive.settings import Settings
    from records.models import Case, Device, Document, Officer, Party

    ctx = open_context(Settings(data_dir=data))
    with ctx.db.transaction() as s:
        s.execute(update(Document).values(case_id=None))
        for table in (FieldCorrection, ExtractedField, DocumentClassification, DocumentParty, DocumentOfficer,
                      DocumentDevice, CaseFileEntry, CaseFile, Case, Party, Officer, Device):
            s.execute(delete(table))
    for doc_id in _ids(ctx):
        with ctx.db.transaction() as s:
            classify_document(s, s.get(Document, doc_id))
    return ctx


def _ids(ctx) -> list[int]:
    from sqlalchemy import select

    from records.models import Document

    with ctx.db.session() as s:
        return list(s.scalars(select(Document.id).where(Document.status == "ok").order_by(Document.id)))


if __name__ == "__main__":
    sys.exit(main())
