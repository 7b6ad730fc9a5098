"""OCR throughput and accuracy: each bare engine against the earchive pipeline, side by side.

Run by hand, never in tests (minutes of CPU):

    .venv/bin/python bench/ocr_throughput.py --n 20 --out bench/out/ocr [--repeat 2]

Generates N single-page degraded A4 scans (PNG, 200 and 300 dpi, skew, noise,
seals, tables) with their ground truth, then for each engine:
  a) the bare engine on the page images, in --jobs worker processes of one
     thread each: `tesseract IMG - -l chi_sim+eng` with OMP_THREAD_LIMIT=1, or
     RapidOCR (PP-OCR) with one intra-op and one inter-op thread;
  b) `earchive ingest DIR --jobs N --json --profile P` in a fresh
     EARCHIVE_DATA_DIR, then the normalised page text from `earchive show`;
     for PP-OCR once on each runtime (--runtimes: OpenVINO, the default, and
     ONNX Runtime through EARCHIVE_PPOCR_RUNTIME), in alternating order.
The bare PP-OCR run is rapidocr-onnxruntime, the reference every earchive
run is divided by. Wall times include worker start-up and model loading on
both sides. Compiled OpenVINO models are kept in OUT/model-cache and copied
into each fresh data dir, as a data dir that has run a batch before has
them; the first run (the cold fixed cost below) fills it. CER is
whitespace-free; "CER nfkc" also folds full-width and half-width forms, so
that a normaliser's punctuation choice does not count as an OCR error.

The per-batch fixed cost is the wall time of `earchive ingest` on a batch of
one small page (a strip of the first page, a few lines): start-up, the
workers' model loading and the one page. It is measured first with an empty
model cache (cold), then --repeat times with it filled (warm).

--split splits that one-page batch into its steps, from the timing marks the
CLI and its OCR workers print with EARCHIVE_TIMINGS set (earchive/timing.py):
interpreter and imports until the command starts, settings and worker spawn,
the CLI's ingest code and database, each worker's start, OCR imports and
model load, the wait until the engine starts on the page, the page's OCR,
and what follows (PDF/A, filing: classify, index, commit; the exit). Wall
and CPU seconds per step, with the load average, since the machine is shared:

    .venv/bin/python bench/ocr_throughput.py --split 6 --out bench/out/split [--trees OLD_TREE .]

"cold" is a batch into a fresh data dir (migrations, an empty model cache);
"warm" a batch into a data dir that has ingested before (copied from a
template per run, so every run starts from the same state). --trees runs the
same batches with the code of other source trees (PYTHONPATH, e.g. a `git
worktree` of the commit before a change), alternating tree by tree.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# The repository root first: the bench runs as a script, and samples is not installed.
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from samples import Degrade, build_case, build_document, cer, render_document  # noqa: E402
from samples.text import DOC_TYPES  # noqa: E402

ENGINES = ("rapidocr", "tesseract")
PROFILES = {"rapidocr": "office", "tesseract": "office-tesseract"}
RUNTIMES = ("openvino", "onnxruntime")  # what runs PP-OCR's models in earchive (EARCHIVE_PPOCR_RUNTIME)
ONE_THREAD_ENV = {"OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1"}


@dataclass(frozen=True)
class BenchPage:
    path: Path
    doc_type: str
    dpi: int
    ground_truth: str


@dataclass
class RunResult:
    """One engine run over the page set: timing, per-page text and errors."""

    wall_s: float | None = None
    cpu_s: float | None = None  # user+system CPU of the run's processes (waited-for children), load-independent
    texts: dict[str, str] = field(default_factory=dict)  # page file name -> OCR text
    errors: list[str] = field(default_factory=list)

    def summary(self, pages: list[BenchPage]) -> dict:
        scored = [p for p in pages if p.path.name in self.texts]
        cers = [cer(p.ground_truth, self.texts[p.path.name]) for p in scored]
        folded = [cer(p.ground_truth, self.texts[p.path.name], fold_width=True) for p in scored]
        per_min = len(scored) / self.wall_s * 60 if self.wall_s and scored else None
        cpu_per_page = self.cpu_s / len(scored) if self.cpu_s is not None and scored else None
        return {
            "pages": len(scored),
            "wall_s": None if self.wall_s is None else round(self.wall_s, 2),
            "pages_per_min": None if per_min is None else round(per_min, 2),
            "cpu_s_per_page": None if cpu_per_page is None else round(cpu_per_page, 3),
            "cer_mean": round(statistics.fmean(cers), 4) if cers else None,
            "cer_nfkc_mean": round(statistics.fmean(folded), 4) if folded else None,
            "cer_by_page": {p.path.name: round(c, 4) for p, c in zip(scored, cers)},
            "errors": self.errors,
        }


# --- page generation ------------------------------------------------------------------

def generate_pages(dest: Path, truth_path: Path, n: int, seed: int) -> list[BenchPage]:
    """n single-page scans cycling through every document type (tables, seals, forms).

    The ground truth goes to truth_path, outside dest: ingest takes every file in dest.
    """
    dest.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    doc_types = sorted(DOC_TYPES)
    pages = []
    for i in range(n):
        doc_type = doc_types[i % len(doc_types)]
        spec = build_document(doc_type, build_case(seed * 10_000 + i))
        spec.pages = spec.pages[:1]
        dpi = (200, 300)[i % 2]
        doc = render_document(spec, dpi=dpi, degrade=Degrade.scanned(rng), seed=seed * 10_000 + i,
                              mode=rng.choice(("L", "RGB")))
        path = dest / f"page_{i + 1:03d}_{doc_type}.png"
        doc.images[0].save(path, format="PNG", dpi=(dpi, dpi))
        pages.append(BenchPage(path, doc_type, dpi, doc.ground_truth[0]))
    truth = {p.path.name: {"doc_type": p.doc_type, "dpi": p.dpi, "text": p.ground_truth}
             for p in pages}
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=2),
                                            encoding="utf-8")
    return pages


# --- bare engines ---------------------------------------------------------------------

def _tesseract_page(path: Path, timeout_s: float) -> str:
    proc = subprocess.run(["tesseract", str(path), "-", "-l", "chi_sim+eng"],
                          env={**os.environ, **ONE_THREAD_ENV}, capture_output=True,
                          text=True, timeout=timeout_s, check=True)
    return proc.stdout


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bare_tesseract(pages: list[BenchPage], jobs: int, timeout_s: float) -> RunResult:
    result = RunResult()
    cpu_start = _children_cpu_s()
    start = time.perf_counter()
    # Threads suffice: each one only waits on its own tesseract process.
    with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_tesseract_page, p.path, timeout_s): p for p in pages}
        _collect(futures, result)
    result.wall_s = time.perf_counter() - start
    result.cpu_s = _children_cpu_s() - cpu_start
    return result


_RAPIDOCR = None


def _rapidocr_init() -> None:
    global _RAPIDOCR
    from rapidocr_onnxruntime import RapidOCR
    _RAPIDOCR = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


def _rapidocr_page(path: Path) -> str:
    lines, _elapsed = _RAPIDOCR(str(path))
    return "\n".join(text for _box, text, _score in lines or [])


def bare_rapidocr(pages: list[BenchPage], jobs: int) -> RunResult:
    result = RunResult()
    cpu_start = _children_cpu_s()
    start = time.perf_counter()
    # Fresh (spawned) processes, so that no ONNX Runtime state is shared by fork.
    context = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                initializer=_rapidocr_init) as pool:
        futures = {pool.submit(_rapidocr_page, p.path): p for p in pages}
        _collect(futures, result)
    result.wall_s = time.perf_counter() - start
    result.cpu_s = _children_cpu_s() - cpu_start
    return result


def _collect(futures: dict[cf.Future, BenchPage], result: RunResult) -> None:
    for future in cf.as_completed(futures):
        page = futures[future]
        try:
            result.texts[page.path.name] = future.result()
        except Exception as e:  # a failed page is reported, not fatal: the others still count
            result.errors.append(f"{page.path.name}: {type(e).__name__}: {e}")


# --- the earchive pipeline ------------------------------------------------------------

def _json_records(stdout: str) -> list[dict]:
    """The --json output: one object per line (a single JSON array is accepted too)."""
    text = stdout.strip()
    if text.startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


def earchive_pipeline(earchive: Path, pages_dir: Path, profile: str, jobs: int,
                      timeout_s: float, keep_dir: Path | None, runtime: str,
                      model_cache: Path | None) -> RunResult:
    """One `earchive ingest` of pages_dir; model_cache: compiled OpenVINO models to start with and to keep."""
    result = RunResult()
    data_dir = Path(tempfile.mkdtemp(prefix=f"earchive-bench-{profile}-"))
    cache_in_data_dir = data_dir / "cache" / "openvino"  # ocr.ppocr.model_cache_dir
    if model_cache is not None and model_cache.is_dir():
        shutil.copytree(model_cache, cache_in_data_dir)
    env = {**os.environ, "EARCHIVE_DATA_DIR": str(data_dir), "EARCHIVE_PPOCR_RUNTIME": runtime}
    try:
        cmd = [str(earchive), "ingest", str(pages_dir), "--jobs", str(jobs), "--json",
               "--profile", profile]
        cpu_start = _children_cpu_s()
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout_s)
        result.wall_s = time.perf_counter() - start
        result.cpu_s = _children_cpu_s() - cpu_start  # the CLI and its OCR workers, which it joins
        if proc.returncode != 0:
            result.errors.append(f"ingest exit {proc.returncode}: {proc.stderr.strip()[-2000:]}")
        for record in _json_records(proc.stdout):
            name = Path(record.get("source") or "").name
            if record.get("error") or not record.get("document_id"):
                result.errors.append(f"{name}: {record.get('status')}: {record.get('error')}")
                continue
            shown = subprocess.run([str(earchive), "show", str(record["document_id"]), "--json"],
                                   env=env, capture_output=True, text=True, timeout=120, check=True)
            doc_pages = sorted(json.loads(shown.stdout)["pages"], key=lambda p: p["page_no"])
            result.texts[name] = "\n".join(p.get("text_norm") or "" for p in doc_pages)
    except (subprocess.SubprocessError, json.JSONDecodeError, KeyError, OSError) as e:
        result.errors.append(f"{type(e).__name__}: {e}")
    finally:
        if model_cache is not None and cache_in_data_dir.is_dir():
            shutil.copytree(cache_in_data_dir, model_cache, dirs_exist_ok=True)
        if keep_dir is not None:
            shutil.copytree(data_dir, keep_dir, dirs_exist_ok=True)
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


def earchive_available(earchive: Path) -> str | None:
    """None when `earchive ingest --help` works, else why not."""
    if not earchive.exists():
        return f"{earchive} not found"
    proc = subprocess.run([str(earchive), "ingest", "--help"], capture_output=True, text=True,
                          timeout=60)
    if proc.returncode != 0:
        return f"`earchive ingest --help` exit {proc.returncode}: {proc.stderr.strip()[-500:]}"
    return None


# --- report ---------------------------------------------------------------------------

def _fmt(value: float | int | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def print_table(engine: str, bare: dict, pipelines: dict[str, dict | None], ratios: dict[str, float | None]) -> None:
    print(f"\n{engine}")
    print(f"  {'run':<22}{'pages':>6}{'wall s':>9}{'pages/min':>11}{'CPU-s/page':>11}{'CER':>8}{'CER nfkc':>10}")
    for label, row in (("bare", bare), *pipelines.items()):
        if row is None:
            print(f"  {label:<22}  not run")
            continue
        print(f"  {label:<22}{row['pages']:>6}{_fmt(row['wall_s'], '.1f'):>9}"
              f"{_fmt(row['pages_per_min'], '.2f'):>11}{_fmt(row['cpu_s_per_page'], '.2f'):>11}"
              f"{_fmt(row['cer_mean'], '.4f'):>8}"
              f"{_fmt(row['cer_nfkc_mean'], '.4f'):>10}")
        for error in row["errors"][:5]:
            print(f"    error: {error[:300]}")
    for label, ratio in ratios.items():
        print(f"  {label} wall / bare wall: {_fmt(ratio, '.2f')}")


def _variants(engine: str, args: argparse.Namespace) -> list[str]:
    """The earchive runs of a round, one per PP-OCR runtime (tesseract: the default runtime, for orientation)."""
    return [f"earchive-{runtime}" for runtime in (args.runtimes if engine == "rapidocr" else args.runtimes[:1])]


def run_engine(engine: str, pages: list[BenchPage], args: argparse.Namespace,
               earchive_problem: str | None) -> dict:
    """--repeat rounds of the bare engine then each earchive run, back to back: the machine is shared and
    noisy, so each round gives its own ratios and the median ratio is the figure to quote. The earchive
    runs alternate their order from round to round, so that neither always runs on a warmer machine."""
    rounds = []
    variants = _variants(engine, args)
    for n in range(1, args.repeat + 1):
        log(f"{engine} round {n}: bare engine on {len(pages)} pages, {args.jobs} workers")
        if engine == "tesseract":
            bare = bare_tesseract(pages, args.jobs, args.timeout)
        else:
            bare = bare_rapidocr(pages, args.jobs)
        _save_texts(args.out / "text" / f"{engine}-bare", bare)
        bare_summary = bare.summary(pages)
        pipelines: dict[str, dict | None] = {v: None for v in variants}
        for variant in (variants if n % 2 else variants[::-1]):
            if earchive_problem is not None:
                break
            runtime = variant.removeprefix("earchive-")
            log(f"{engine} round {n}: earchive ingest --profile {PROFILES[engine]} on {runtime}")
            keep = args.out / "data" / f"{engine}-{variant}" if args.keep_data else None
            pipeline = earchive_pipeline(args.earchive, args.out / "pages", PROFILES[engine],
                                         args.jobs, args.timeout * len(pages), keep, runtime,
                                         args.out / "model-cache")
            _save_texts(args.out / "text" / f"{engine}-{variant}", pipeline)
            pipelines[variant] = pipeline.summary(pages)
        ratios = {v: (round(row["wall_s"] / bare_summary["wall_s"], 3)
                      if row and row["wall_s"] and bare_summary["wall_s"] else None)
                  for v, row in pipelines.items()}
        cpu_ratios = {v: (round(row["cpu_s_per_page"] / bare_summary["cpu_s_per_page"], 3)
                          if row and row["cpu_s_per_page"] and bare_summary["cpu_s_per_page"] else None)
                      for v, row in pipelines.items()}
        rounds.append({"bare": bare_summary, "earchive": pipelines, "wall_ratio_over_bare": ratios,
                       "cpu_ratio_over_bare": cpu_ratios})
    medians = {}
    for v in variants:
        ratios = [r["wall_ratio_over_bare"][v] for r in rounds if r["wall_ratio_over_bare"][v]]
        per_min = [r["earchive"][v]["pages_per_min"] for r in rounds
                   if r["earchive"][v] and r["earchive"][v]["pages_per_min"]]
        cpu_ratios = [r["cpu_ratio_over_bare"][v] for r in rounds if r["cpu_ratio_over_bare"][v]]
        cpu = [r["earchive"][v]["cpu_s_per_page"] for r in rounds
               if r["earchive"][v] and r["earchive"][v]["cpu_s_per_page"]]
        medians[v] = {"wall_ratio_over_bare": round(statistics.median(ratios), 3) if ratios else None,
                      "cpu_ratio_over_bare": round(statistics.median(cpu_ratios), 3) if cpu_ratios else None,
                      "pages_per_min": round(statistics.median(per_min), 2) if per_min else None,
                      "cpu_s_per_page": round(statistics.median(cpu), 3) if cpu else None,
                      # what the machine's cores would read with nothing else running on them
                      "pages_per_min_at_full_cores": round(60 * args.jobs / statistics.median(cpu), 1) if cpu else None}
    return {"engine": engine, "profile": PROFILES[engine], "rounds": rounds,
            "earchive_not_run": earchive_problem, "medians": medians}


def fixed_cost(pages: list[BenchPage], args: argparse.Namespace) -> dict:
    """Wall time of a one-page batch (a strip of the first page), per runtime: cold model cache once, then warm."""
    from PIL import Image

    strip_dir = args.out / "strip"
    shutil.rmtree(strip_dir, ignore_errors=True)
    strip_dir.mkdir(parents=True)
    with Image.open(pages[0].path) as im:
        dpi = im.info.get("dpi", (pages[0].dpi, pages[0].dpi))
        im.crop((0, 0, im.width, im.height // 5)).save(strip_dir / "strip.png", dpi=dpi)
    shutil.rmtree(args.out / "model-cache", ignore_errors=True)  # cold: nothing compiled yet
    result: dict = {}
    for runtime in args.runtimes:
        label = f"earchive-{runtime}"
        walls = []
        for n in range(args.repeat + 1):  # the first fills the model cache
            log(f"fixed cost: one-page batch on {runtime} ({'cold' if n == 0 else 'warm'} model cache)")
            run = earchive_pipeline(args.earchive, strip_dir, PROFILES["rapidocr"], args.jobs, args.timeout,
                                    None, runtime, args.out / "model-cache")
            if run.errors:
                log(f"  errors: {run.errors[:2]}")
            walls.append(run.wall_s)
        result[label] = {"cold_s": round(walls[0], 2), "warm_s": [round(w, 2) for w in walls[1:]],
                         "warm_median_s": round(statistics.median(walls[1:]), 2)}
    return result


# --- the one-page batch, step by step (--split) --------------------------------------------

# Each step: (name, process, from mark, to mark). "t0" is the moment the bench starts `earchive ingest`;
# "exit" the moment it has exited. Marks are the first of their name in that process, except "last".
SPLIT_STEPS = (
    ("interpreter + CLI imports", "cli", "t0", "cli: command starts"),
    ("settings, sources, spawn", "cli", "cli: command starts", "cli: workers spawned"),
    ("CLI ingest imports", "cli", "cli: workers spawned", "cli: ingest code imported"),
    ("database + store open", "cli", "cli: ingest code imported", "cli: database and store open"),
    ("preflight (sniff, hash, store)", "cli", "ingest: preflight starts", "ingest: preflight done"),
    ("worker interpreter start", "worker", "cli: workers spawned", "worker: started"),
    ("worker OCR imports", "worker", "worker: started", "worker: OCR code imported"),
    ("worker model load", "worker", "worker: tool versions read", "worker: ready"),
    ("job until engine starts", "worker", "worker: job received", "worker: engine starts page 1"),
    ("page OCR (engine)", "worker", "worker: engine starts page 1", "worker: engine done page 1"),
    ("PDF/A after the page", "worker", "worker: engine done page 1", "worker: job done"),
    ("filing (classify, commit)", "cli", "ingest: OCR result received", "ingest: document filed"),
    ("index refresh", "cli", "ingest: document filed", "ingest: index refreshed"),
    ("workers close + exit", "cli", "ingest: index refreshed", "exit"),
)


def _timing_marks(stderr: str) -> list[tuple[int, float, float, str]]:
    """(pid, monotonic s, process CPU s, event) of each `timing` line (earchive/timing.py)."""
    marks = []
    for line in stderr.splitlines():
        if not line.startswith("timing pid="):
            continue
        pid, t, cpu, event = line.split(" ", 4)[1:]
        marks.append((int(pid.split("=")[1]), float(t.split("=")[1]), float(cpu.split("=")[1]), event))
    return marks


def split_run(earchive: Path, page_dir: Path, data_dir: Path, env_extra: dict[str, str],
              timeout_s: float) -> dict:
    """One `earchive ingest PAGE_DIR --json` in data_dir with timing marks on; its steps, wall and CPU."""
    env = {**os.environ, **env_extra, "EARCHIVE_DATA_DIR": str(data_dir), "EARCHIVE_TIMINGS": "1"}
    load_before = os.getloadavg()[0]
    cpu_start = _children_cpu_s()
    t0 = time.monotonic()
    proc = subprocess.run([str(earchive), "ingest", str(page_dir), "--json"], env=env, capture_output=True,
                          text=True, timeout=timeout_s)
    t_exit = time.monotonic()
    cpu = _children_cpu_s() - cpu_start
    marks = _timing_marks(proc.stderr)
    ok = proc.returncode == 0 and '"status": "ok"' in proc.stdout
    cli_pid = next((pid for pid, _t, _c, e in marks if e.startswith("cli:")), None)
    at: dict[tuple[str, str], tuple[float, float]] = {("cli", "t0"): (t0, 0.0), ("cli", "exit"): (t_exit, 0.0),
                                                      ("worker", "cli: workers spawned"): (0.0, 0.0)}
    worker_pid = next((pid for pid, _t, _c, e in marks if e.startswith("worker: job received")), None)
    for pid, t, c, event in marks:
        role = "cli" if pid == cli_pid else "worker" if pid == worker_pid else None
        if role and (role, event) not in at:
            at[(role, event)] = (t, c)
        if pid == cli_pid and event == "cli: workers spawned":
            at[("worker", event)] = (t, 0.0)  # the worker's CPU starts at 0
    cli_last_cpu = max((c for pid, _t, c, _e in marks if pid == cli_pid), default=0.0)
    steps = {}
    for name, role, start, end in SPLIT_STEPS:
        a, b = at.get((role, start)), at.get((role, end))
        if a is None or b is None:
            steps[name] = None
            continue
        b_cpu = cli_last_cpu if end == "exit" else b[1]
        steps[name] = {"wall_s": round(b[0] - a[0], 3), "cpu_s": round(b_cpu - a[1], 3)}
    engine_start = at.get(("worker", "worker: engine starts page 1"))
    engine_done = at.get(("worker", "worker: engine done page 1"))
    before = after = None
    if engine_start and engine_done:
        before, after = engine_start[0] - t0, t_exit - engine_done[0]
    return {"ok": ok, "exit": proc.returncode, "wall_s": round(t_exit - t0, 3), "cpu_s": round(cpu, 3),
            "before_first_page_s": None if before is None else round(before, 3),
            "after_last_page_s": None if after is None else round(after, 3),
            "fixed_s": None if before is None else round(before + after, 3),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
            "steps": steps, "error": None if ok else proc.stderr.strip()[-1500:]}


def fixed_cost_split(pages: list[BenchPage], args: argparse.Namespace) -> dict:
    """--split runs of a one-page batch per source tree, cold and warm, the trees alternating run by run."""
    from PIL import Image

    strip_dir, other_dir = args.out / "split-page", args.out / "split-template-page"
    for folder, top in ((strip_dir, 0), (other_dir, 1)):  # the template ingests another strip of the page
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        with Image.open(pages[0].path) as im:
            dpi = im.info.get("dpi", (pages[0].dpi, pages[0].dpi))
            im.crop((0, top * im.height // 5, im.width, (top + 1) * im.height // 5)).save(folder / "strip.png",
                                                                                          dpi=dpi)
    trees = args.trees or [None]
    runs: dict[str, dict[str, list[dict]]] = {}
    work = Path(tempfile.mkdtemp(prefix="earchive-split-"))
    try:
        templates = {}
        for tree in trees:  # a data dir that has ingested once (migrated, models compiled), per tree
            label = _tree_label(tree)
            runs[label] = {"cold": [], "warm": []}
            template = work / f"template-{len(templates)}"
            first = split_run(args.earchive, other_dir, template, _tree_env(tree), args.timeout)
            if not first["ok"]:
                raise SystemExit(f"one-page batch failed in {label}: {first['error']}")
            templates[label] = template
        for n in range(args.split):
            order = trees if n % 2 == 0 else trees[::-1]
            for kind in ("warm", "cold"):
                for tree in order:
                    label = _tree_label(tree)
                    data_dir = work / f"run-{n}-{kind}-{abs(hash(label))}"
                    if kind == "warm":
                        shutil.copytree(templates[label], data_dir)
                    log(f"split {n + 1}/{args.split}: {label} {kind}")
                    runs[label][kind].append(split_run(args.earchive, strip_dir, data_dir, _tree_env(tree),
                                                       args.timeout))
                    shutil.rmtree(data_dir, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {label: {kind: {"runs": rs, "median": _split_median(rs)} for kind, rs in by_kind.items()}
            for label, by_kind in runs.items()}


def _tree_label(tree: Path | None) -> str:
    return "installed" if tree is None else str(tree)


def _tree_env(tree: Path | None) -> dict[str, str]:
    """The code of `tree` ahead of the installed (editable) earchive; OCR workers inherit it."""
    return {} if tree is None else {"PYTHONPATH": str(tree.resolve())}


def _split_median(runs: list[dict]) -> dict:
    ok = [r for r in runs if r["ok"]]

    def med(values: list[float | None]) -> float | None:
        values = [v for v in values if v is not None]
        return round(statistics.median(values), 3) if values else None

    steps = {}
    for name, *_ in SPLIT_STEPS:
        rows = [r["steps"].get(name) for r in ok]
        steps[name] = {"wall_s": med([x and x["wall_s"] for x in rows]), "cpu_s": med([x and x["cpu_s"] for x in rows])}
    return {"runs_ok": len(ok), "runs": len(runs),
            **{k: med([r[k] for r in ok]) for k in ("wall_s", "cpu_s", "before_first_page_s", "after_last_page_s",
                                                    "fixed_s", "load_before", "load_after")},
            "steps": steps}


def print_split(split: dict) -> None:
    labels = [(label, kind) for label, by_kind in split.items() for kind in by_kind]
    print("\none-page batch, step by step (medians; wall s / CPU s of the process named):")
    header = "".join(f"{(label if len(label) < 14 else '…' + label[-13:]) + ' ' + kind:>22}" for label, kind in labels)
    print(f"  {'step':<36}{'proc':<7}{header}")
    for name, role, *_ in SPLIT_STEPS:
        cells = []
        for label, kind in labels:
            step = split[label][kind]["median"]["steps"][name]
            cells.append(f"{_fmt(step['wall_s'], '.2f')} / {_fmt(step['cpu_s'], '.2f')}")
        print(f"  {name:<36}{role:<7}" + "".join(f"{c:>22}" for c in cells))
    for key, title in (("before_first_page_s", "start until engine starts (wall)"),
                       ("after_last_page_s", "engine done until exit (wall)"), ("fixed_s", "fixed cost (wall)"),
                       ("wall_s", "whole batch (wall)"), ("cpu_s", "whole batch (CPU, all processes)"),
                       ("load_before", "load average (1 min) before")):
        print(f"  {title:<43}" + "".join(f"{_fmt(split[label][kind]['median'][key], '.2f'):>22}"
                                          for label, kind in labels))
    print("  runs ok: " + ", ".join(f"{label} {kind} {split[label][kind]['median']['runs_ok']}/"
                                    f"{split[label][kind]['median']['runs']}" for label, kind in labels))


def _save_texts(dest: Path, run: RunResult) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name, text in run.texts.items():
        (dest / f"{Path(name).stem}.txt").write_text(text, encoding="utf-8")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="pages to generate (default 20)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "ocr")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--runtimes", nargs="+", choices=RUNTIMES, default=list(RUNTIMES),
                        help="earchive's PP-OCR runtimes, each an earchive run of its own (default: both)")
    parser.add_argument("--skip-fixed-cost", action="store_true", help="no one-page batches")
    parser.add_argument("--split", type=int, default=0, metavar="N",
                        help="only the one-page batch, N times cold and warm, split into its steps (module docstring)")
    parser.add_argument("--trees", nargs="+", type=Path,
                        help="with --split: source trees whose code to run, alternating (default: the installed)")
    parser.add_argument("--earchive", type=Path, default=Path(sys.executable).parent / "earchive",
                        help="the earchive console script (default: beside this python)")
    parser.add_argument("--skip-earchive", action="store_true", help="bare engines only")
    parser.add_argument("--keep-data", action="store_true",
                        help="copy each engine's EARCHIVE_DATA_DIR into OUT/data")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per page")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of bare-then-earchive per engine; the median ratio is reported (default 1)")
    args = parser.parse_args(argv)
    if args.n < 1 or args.jobs < 1 or args.repeat < 1:
        parser.error("--n, --jobs and --repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out = args.out.resolve()
    if args.split:
        args.n = 1  # a strip of the first page is all the split batches read
    pages_dir = args.out / "pages"
    shutil.rmtree(pages_dir, ignore_errors=True)  # ingest must see exactly this run's pages
    log(f"generating {args.n} pages into {pages_dir}")
    start = time.perf_counter()
    pages = generate_pages(pages_dir, args.out / "ground_truth.json", args.n, args.seed)
    generation_s = time.perf_counter() - start
    if args.skip_earchive:
        problem: str | None = "skipped (--skip-earchive)"
    else:
        problem = earchive_available(args.earchive)
    if problem:
        log(f"earchive pipeline not run: {problem}")
    if args.split and not problem:
        split = fixed_cost_split(pages, args)
        print_split(split)
        report = {"cpu_count": os.cpu_count(), "split_runs": args.split, "split": split}
        (args.out / "split.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nwritten {args.out / 'split.json'}")
        return 0
    fixed = None if problem or args.skip_fixed_cost else fixed_cost(pages, args)
    results = [run_engine(engine, pages, args, problem) for engine in args.engines]
    for r in results:
        for n, round_ in enumerate(r["rounds"], start=1):
            print_table(f"{r['engine']} (round {n})", round_["bare"], round_["earchive"],
                        round_["wall_ratio_over_bare"])
        for variant, median in r["medians"].items():
            print(f"  {r['engine']} {variant}, medians over {len(r['rounds'])} round(s): wall / bare wall "
                  f"{_fmt(median['wall_ratio_over_bare'], '.2f')}, CPU / bare CPU "
                  f"{_fmt(median['cpu_ratio_over_bare'], '.2f')}, pages/min {_fmt(median['pages_per_min'], '.1f')} "
                  f"({_fmt(median['pages_per_min_at_full_cores'], '.1f')} from CPU time on {args.jobs} idle cores)")
    if fixed:
        print("\nper-batch fixed cost (one-page batch, wall s):")
        for variant, row in fixed.items():
            print(f"  {variant:<22} cold cache {row['cold_s']:.2f}  warm median {row['warm_median_s']:.2f} "
                  f"({', '.join(f'{w:.2f}' for w in row['warm_s'])})")
    report = {
        "pages": args.n, "seed": args.seed, "jobs": args.jobs,
        "dpi": sorted({p.dpi for p in pages}), "generation_s": round(generation_s, 1),
        "cpu_count": os.cpu_count(), "load_avg_at_end": os.getloadavg(),
        "fixed_cost": fixed, "results": results,
    }
    (args.out / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                           encoding="utf-8")
    print(f"\nwritten {args.out / 'results.json'} (page generation {generation_s:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
