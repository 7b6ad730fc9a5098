"""python -m bench.devset6 OUTDIR [--seed N]: write the held-out scans and truth.json."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.devset6.build import DEFAULT_SEED, write_set


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.devset6", description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    truth = write_set(args.outdir, args.seed)
    docs = truth["documents"]
    print(f"{len(docs)} documents, {sum(d['pages'] for d in docs.values())} pages, "
          f"{len({d['case'] for d in docs.values()})} cases, {len(truth['units'])} agencies -> {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
