"""Write the held-out redaction set: degraded scans of enforcement documents and their labels.

    .venv/bin/python bench/redaction_dev2/generate.py --out DIR --seed 14

DIR/scans/<unit>/<random name>.pdf|.tif|.png, one document per file, and
DIR/labels.json: per file its SHA-256, unit, agency, kind of document and
pages (width, height, dpi, skew, mode) with every labelled span: `pii` spans
(kind, text, whose: role and name) and spans that must stay, each with its
boxes (one per line it is drawn on). `boxes` are the axis-aligned bounds of
the box turned with the page's skew, in the scan's pixels; `boxes0` are the
same boxes before the skew (the evaluator turns these by what remains after
OCR levelled the page). Deterministic for a seed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# run as a script, this folder would come first on the path; its modules are imported as a package instead
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.redaction_dev2.cases import CITIES, Case, build_case  # noqa: E402
from bench.redaction_dev2.documents import DOCUMENTS  # noqa: E402
from bench.redaction_dev2.synthetic import Faker  # noqa: E402
from bench.redaction_dev2.scan import ScanSettings, rotate_box, scan, write  # noqa: E402

AGENCY_ORDER = ("zj", "ga", "mz", "zr", "sj")
ALWAYS = ("询问笔录", "行政处罚决定书", "送达回证")
SOMETIMES = ("现场检查笔录", "立案审批表", "授权委托书", "当事人身份信息表", "证人证言", "责令改正通知书")


def build_cases(seed: int, n_cases: int) -> tuple[Faker, list[Case]]:
    fk = Faker(random.Random(seed))
    cities = list(CITIES)
    cases = [build_case(AGENCY_ORDER[i % 5], cities[(i + i // 5) % 5], 10 + 7 * i + fk.rng.randint(0, 6), fk)
             for i in range(n_cases)]
    return fk, cases


def plan_documents(cases: list[Case], rng: random.Random, max_pages: int | None = None) -> list[tuple[Case, str]]:
    out = []
    for c in cases:
        kinds = list(ALWAYS) + rng.sample(SOMETIMES, 3)
        rng.shuffle(kinds)
        out += [(c, k) for k in kinds]
    return out


def generate(out: Path, seed: int, n_cases: int = 10, max_pages: int | None = None) -> dict:
    """Render the set into `out`; returns the labels (also written to out/labels.json)."""
    fk, cases = build_cases(seed, n_cases)
    rng = random.Random(seed * 7919 + 1)
    units = {}
    files: dict[str, dict] = {}
    total = 0
    for case, kind in plan_documents(cases, rng):
        if max_pages is not None and total >= max_pages:
            break
        unit = f"u{AGENCY_ORDER.index(case.agency.key)}{list(CITIES).index(case.agency.city)}"
        units[unit] = {"agency_code": f"RH{unit[1:]}",
                       "agency_name": case.agency.name, "unit_code": "ZF1", "unit_name": "执法一中队"}
        dpi = rng.choice((200, 240, 300, 300))
        pages = DOCUMENTS[kind](case, rng, dpi)
        settings = ScanSettings.draw(rng)
        images, page_labels = [], []
        for n, page in enumerate(pages, 1):
            s = replace(settings, skew_deg=settings.skew_deg if n == 1 else
                        round(max(-2.0, min(2.0, settings.skew_deg + rng.uniform(-0.6, 0.6))), 2))
            images.append(scan(page, case.agency.name, s, rng))
            spans = []
            for sp in page.spans:
                if not sp.boxes:
                    continue
                spans.append({"type": sp.tag.type, "pii": sp.tag.pii, "neutral": sp.tag.neutral,
                              "role": sp.tag.role or None, "owner": sp.tag.owner or None, "text": sp.text,
                              "boxes0": [list(b) for b in sp.boxes],
                              "boxes": [rotate_box(b, page.width, page.height, s.skew_deg) for b in sp.boxes]})
            page_labels.append({"page": n, "width": page.width, "height": page.height, "dpi": dpi,
                                "skew_deg": s.skew_deg, "mode": s.mode, "spans": spans})
        folder = out / "scans" / unit
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / hashlib.sha256(f"{seed}:{len(files)}".encode()).hexdigest()[:12]
        fmt = rng.choice(("pdf", "pdf", "tiff")) if len(pages) > 1 else rng.choice(("pdf", "pdf", "tiff", "png"))
        path = write(images, dpi, stem, fmt, settings.jpeg_quality)
        total += len(pages)
        files[str(path.relative_to(out))] = {
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "unit": unit, "doc_kind": kind,
            "agency": case.agency.name, "case_no": case.case_no, "pages": page_labels}
    labels = {"seed": seed, "note": "held out from detector development: nobody tunes on this set",
              "units": units, "files": files}
    (out / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1))
    return labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--cases", type=int, default=10, help="cases (about seven pages each)")
    ap.add_argument("--max-pages", type=int, default=None, help="stop after about this many pages")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    labels = generate(args.out, args.seed, args.cases, args.max_pages)
    pages = sum(len(f["pages"]) for f in labels["files"].values())
    spans = [s for f in labels["files"].values() for p in f["pages"] for s in p["spans"]]
    by_type: dict[str, int] = {}
    for s in spans:
        key = s["type"] if s["pii"] else f"keep:{s['type']}"
        by_type[key] = by_type.get(key, 0) + 1
    modes: dict[str, int] = {}
    for f in labels["files"].values():
        for p in f["pages"]:
            modes[p["mode"]] = modes.get(p["mode"], 0) + 1
    print(f"{len(labels['files'])} files, {pages} pages {modes}")
    for k in sorted(by_type):
        print(f"  {k:22} {by_type[k]}")


if __name__ == "__main__":
    main()
