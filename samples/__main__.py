"""python -m samples OUTDIR [--n N] [--seed S]: write a sample set with its ground truth."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from samples.files import write_sample_set


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples",
                                     description="Write fictional scanned case-file documents.")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--n", type=int, default=6, help="number of documents (default 6)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--page-budget", type=int, default=10,
                        help="at most this many pages in all, unless --n is larger (default 10)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    for path in write_sample_set(args.outdir, args.n, args.seed, args.page_budget):
        print(path)
    print(args.outdir / "ground_truth.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
