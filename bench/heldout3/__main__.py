"""python -m bench.heldout3 OUTDIR [--seed N]: write the scans and truth.json under OUTDIR."""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from bench.heldout3.build import write_set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=31)
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    truth = write_set(args.outdir, args.seed)
    docs = truth["documents"].values()
    print(f"{len(truth['documents'])} documents, {sum(d['pages'] for d in docs)} pages, "
          f"{len({d['case'] for d in docs})} cases, {len(truth['units'])} agencies")
    print(dict(Counter(d["scan"]["mode"] for d in docs)), dict(Counter(d["scan"]["format"] for d in docs)))


if __name__ == "__main__":
    main()
