"""Write the held-out set: scans in one folder per agency under neutral names, and truth.json.

    .venv/bin/python -m bench.devset2 OUTDIR [--seed N]

Deterministic in --seed. The set is kept as this generator, never as committed
scans: write it outside the repository or under bench/out (ignored by git).
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from bench.devset2.agencies import BY_CODE
from bench.devset2.cases import build_cases
from bench.devset2.documents import BUILDERS
from bench.devset2.layout import typeset
from bench.devset2.model import Doc
from bench.devset2.scan import ScanSettings, degrade, write_scan

UNIT = "ZD1"  # every agency files the set under one unit of this code
MODE_WEIGHTS = (("colour", 0.4), ("grey", 0.33), ("bilevel", 0.27))


def build_docs(seed: int) -> list[Doc]:
    docs: list[Doc] = []
    for facts, papers in build_cases(seed):
        if not any(kind == "statement" for kind, _ in papers):
            facts.dates.pop("statement")
        for i, (kind, options) in enumerate(papers):
            docs.append(BUILDERS[kind](facts, random.Random(f"{seed}:{facts.key}:{i}"), **options))
    return docs


def write_set(dest: Path, seed: int) -> dict:
    """Render every document as a scan into dest/scans/AGENCY/, write dest/truth.json; returns the truth."""
    rng = random.Random(f"heldout-scan:{seed}")
    docs = build_docs(seed)
    order = list(range(len(docs)))
    rng.shuffle(order)  # the files of a case are not written together
    modes = [m for m, w in MODE_WEIGHTS for _ in range(round(w * len(docs)))]
    modes = (modes + ["colour"] * len(docs))[:len(docs)]
    rng.shuffle(modes)
    truth: dict[str, dict] = {}
    for i in order:
        doc = docs[i]
        agency = BY_CODE[doc.agency_code]
        s = ScanSettings.draw(rng, modes[i])
        drawn = typeset(doc.blocks, agency.house, s.dpi, rng)
        pages = [degrade(p, s, rng) for p in drawn.pages]
        folder = dest / "scans" / agency.code
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{rng.getrandbits(48):012x}"
        path = write_scan(pages, s, folder / name)
        t = doc.truth_json()
        t.update(agency=agency.code, unit=f"{agency.code}/{UNIT}", pages=len(pages),
                 scan={"mode": s.mode, "dpi": s.dpi, "format": s.fmt, "skew_deg": round(s.skew_deg, 2)},
                 date_readable=not (doc.truth.date_under_seal and s.mode == "bilevel"))
        truth[path.name] = t
    out = {"set": "heldout", "seed": seed,
           "units": {a.code: {"agency_name": a.name, "unit": UNIT, "unit_name": a.unit}
                     for a in (BY_CODE[c] for c in sorted({d.agency_code for d in docs}))},
           "documents": dict(sorted(truth.items()))}
    (dest / "truth.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return out
