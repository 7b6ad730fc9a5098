"""Write the set: scans in one folder per agency under names that reveal nothing, and truth.json.

    .venv/bin/python -m bench.devset6 OUTDIR [--seed N]

Deterministic in the seed. Keep the output out of the repository (bench/out is
ignored by git).
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from bench.devset6.matters import build_matters
from bench.devset6.papers import BUILDERS
from bench.devset6.press import Press, Style
from bench.devset6.scanner import ScanSettings, degrade, write_scan
from bench.devset6.sheet import Sheet

DEFAULT_SEED = 41
UNIT = "FJ1"
MODES = (("colour", 0.38), ("grey", 0.34), ("bilevel", 0.28))


def build_sheets(seed: int) -> list[tuple[Sheet, str]]:
    """Every paper of every case, checked: what the truth says is printed is in the text. Returns (sheet, face)."""
    out = []
    for m in build_matters(seed):
        for i, (kind, options) in enumerate(m.papers):
            sheet = BUILDERS[kind](m, random.Random(f"heldout2:{seed}:{m.key}:{i}"), **options)
            sheet.check()
            out.append((sheet, m.agency.house.face))
    return out


def _units(seed: int) -> dict:
    agencies = {m.agency.code: m.agency for m in build_matters(seed)}
    return {code: {"agency_name": a.name, "unit": UNIT, "unit_name": a.unit_name, "folder": code}
            for code, a in sorted(agencies.items())}


def write_set(dest: Path, seed: int = DEFAULT_SEED) -> dict:
    """Render every paper as a scan into dest/scans/AGENCY/, write dest/truth.json; returns the truth."""
    rng = random.Random(f"heldout2-scan:{seed}")
    sheets = build_sheets(seed)
    modes = [mode for mode, share in MODES for _ in range(round(share * len(sheets)))]
    modes = (modes + ["grey"] * len(sheets))[:len(sheets)]
    rng.shuffle(modes)
    order = list(range(len(sheets)))
    rng.shuffle(order)
    truth: dict[str, dict] = {}
    for i in order:
        sheet, face = sheets[i]
        s = ScanSettings.draw(rng, modes[i])
        pages = [degrade(p, s, rng) for p in Press(Style(face, s.dpi), rng).set(sheet.blocks)]
        folder = dest / "scans" / sheet.agency
        folder.mkdir(parents=True, exist_ok=True)
        path = write_scan(pages, s, folder / f"{rng.getrandbits(40):010x}")
        t = sheet.truth()
        t.update(agency=sheet.agency, unit=f"{sheet.agency}/{UNIT}", pages=len(pages),
                 scan={"mode": s.mode, "dpi": s.dpi, "format": s.fmt, "skew_deg": round(s.skew_deg, 2)},
                 date_readable=not (sheet.under_seal and s.mode == "bilevel"))
        truth[path.name] = t
    out = {"set": "devset6", "seed": seed, "roles": True, "units": _units(seed),
           "documents": dict(sorted(truth.items()))}
    (dest / "truth.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return out
