"""Pages per second to plan, burn in and verify a release, beside the ingest's pages per second, in one run.

Run by hand, never in tests:

    .venv/bin/python bench/redaction.py --n 20 --out bench/out/redaction-bench

N degraded scanned pages are generated (bench/redaction_dev2's generator,
its own seed, so these are not the evaluation set's pages), ingested with
`earchive ingest` into a fresh data directory, classified, and then each
document is redacted with `earchive redact ID --out --json`, which proposes the
plan, burns it in and verifies the release (text extraction and re-OCR). Both
are timed on the same machine in the same run; the ratio is what a release
costs against what ingest costs per page.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.redaction_eval import env_for, ingest_set, run  # noqa: E402
from bench.redaction_dev2.generate import generate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20, help="pages (about; whole documents)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1401)
    args = ap.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    set_dir = args.out / "set"
    set_dir.mkdir(parents=True)
    labels = generate(set_dir, args.seed, n_cases=max(1, args.n // 6 + 1), max_pages=args.n)
    env = env_for(args.out / "data")
    state = ingest_set(set_dir, labels, args.out / "data", env)
    ingest_pages = state["pages"]
    redact_s, redact_pages, blocked = 0.0, 0, 0
    for f in labels["files"].values():
        doc_id = state["documents"].get(f["sha256"])
        if doc_id is None:
            continue
        t0 = time.monotonic()
        p = run(["redact", str(doc_id), "--out", str(args.out / "redacted" / f"{doc_id}.pdf"), "--json"], env,
                check=False)
        redact_s += time.monotonic() - t0
        redact_pages += len(f["pages"])
        blocked += p.returncode != 0
    ingest_rate = ingest_pages / state["ingest_s"]
    redact_rate = redact_pages / redact_s
    result = {"pages_ingested": ingest_pages, "ingest_s": round(state["ingest_s"], 1),
              "ingest_pages_per_s": round(ingest_rate, 3), "pages_redacted": redact_pages,
              "redact_s": round(redact_s, 1), "redact_pages_per_s": round(redact_rate, 3),
              "redact_blocked_documents": blocked, "ratio_redact_to_ingest": round(redact_rate / ingest_rate, 2)}
    (args.out / "bench.json").write_text(json.dumps(result, indent=1))
    print(f"ingest (earchive ingest, OCR + PDF/A): {ingest_pages} pages in {state['ingest_s']:.1f} s = "
          f"{ingest_rate:.3f} pages/s")
    print(f"release (earchive redact: plan, burn-in, verify): {redact_pages} pages in {redact_s:.1f} s = "
          f"{redact_rate:.3f} pages/s ({blocked} documents blocked)")
    print(f"redact / ingest speed: {redact_rate / ingest_rate:.2f}")


if __name__ == "__main__":
    main()
