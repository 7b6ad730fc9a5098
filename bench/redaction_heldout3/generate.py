"""Write the third blind held-out redaction set: degraded scans of eight agencies' case files and their labels.

    .venv/bin/python bench/redaction_heldout3/generate.py --out bench/out/redaction_heldout3/set [--seed 33]

Writes OUT/scans/<unit>/<file> and OUT/labels.json in the format bench/redaction_eval.py reads.
Written blind (session 21): without reading the redaction code, its tests or any other set.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.redaction_heldout3 import documents as D
from bench.redaction_heldout3.agencies import AGENCIES
from bench.redaction_heldout3.cast import make_case
from bench.redaction_heldout3.layout import Typesetter
from bench.redaction_heldout3.scan import Scan, degrade, save, skewed_boxes
from bench.redaction_heldout3.values import Values

PARTY_KINDS = ("company", "sole_trader", "person")


def case_documents(case, rng: random.Random) -> list[tuple[str, list]]:
    second = rng.choice([(case.witness, "witness"), (case.party, case.party.role), (case.family, "family")])
    docs = [D.inspection(case, rng), D.interview(case, rng, case.employees[1], "employee"),
            D.interview(case, rng, *second), D.notice(case, rng), D.decision(case, rng), D.receipt(case, rng)]
    docs.append(D.roster(case, rng) if case.agency.code in ("RSJ", "GJJ") or rng.random() < 0.3
                else D.attorney(case, rng))
    return docs


def render(blocks: list, rng: random.Random, scan: Scan) -> tuple[list, list]:
    ts = Typesetter(scan.dpi, body_mm=rng.uniform(4.0, 4.9),
                    margins_mm=(rng.uniform(22, 30), rng.uniform(20, 30), rng.uniform(20, 27), rng.uniform(20, 28)),
                    line=rng.uniform(1.55, 2.0))
    ts.set(blocks)
    return ts.finish(), ts.placed


def span_record(sp, w: int, h: int, skew: float, split: bool) -> dict:
    lab = sp.label
    text = "".join(sp.pieces) if split else lab["text"]
    return {"pii": lab["pii"], "neutral": lab["neutral"], "type": lab["type"],
            "kind": lab["type"] if lab["pii"] else None, "text": text, "role": lab["role"], "whose": lab["whose"],
            "boxes0": sp.boxes, "boxes": skewed_boxes(sp.boxes, w, h, skew), "split_over_pages": split}


def generate(out: Path, seed: int) -> dict:
    rng = random.Random(seed)
    v = Values(rng)
    scans = out / "scans"
    labels: dict = {"set": "redaction_heldout3", "seed": seed, "units": {}, "files": {}}
    n = 0
    for ai, agency in enumerate(AGENCIES):
        unit = f"{agency.code}-{agency.unit_code}"
        labels["units"][unit] = {"agency_code": agency.code, "unit_code": agency.unit_code,
                                 "unit_name": agency.unit_name, "agency_name": agency.name}
        (scans / unit).mkdir(parents=True, exist_ok=True)
        case = make_case(agency, rng, v, rng.randint(3, 240), PARTY_KINDS[ai % 3])
        for kind, blocks in case_documents(case, rng):
            n += 1
            base = Scan.draw(rng)
            pages, placed = render(blocks, rng, base)
            images, page_labels = [], []
            for pno, page in enumerate(pages, start=1):
                scan = Scan(base.mode, base.dpi, base.skew_deg if pno == 1 else
                            (0.0 if rng.random() < 0.15 else round(rng.uniform(-2.4, 2.4), 2)),
                            base.blur, base.noise, base.threshold, base.jpeg_quality)
                images.append(degrade(page, scan, rng))
                on_page = [sp for sp in placed if sp.page == pno]
                spans = [span_record(sp, page.width, page.height, scan.skew_deg,
                                     sum(1 for o in placed if o.label is sp.label) > 1) for sp in on_page]
                page_labels.append({"page": pno, "width": page.width, "height": page.height, "dpi": scan.dpi,
                                    "skew_deg": scan.skew_deg, "mode": scan.mode, "spans": spans})
            fmt = _format(rng, len(images), base.mode)
            data = save(images, base, fmt)
            fname = f"{unit}/scan_{n:04d}.{ {'jpeg': 'jpg', 'tiff': 'tif'}.get(fmt, fmt) }"
            (scans / fname).write_bytes(data)
            labels["files"][fname] = {"sha256": hashlib.sha256(data).hexdigest(), "unit": unit, "doc_kind": kind,
                                      "kind": kind, "format": fmt, "case_no": case.case_no, "pages": page_labels}
    (out / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1))
    return labels


def _format(rng: random.Random, pages: int, mode: str) -> str:
    if pages > 1:
        return rng.choice(("pdf", "pdf", "tiff"))
    if mode == "bilevel":
        return rng.choice(("png", "tiff", "pdf"))
    return rng.choice(("jpeg", "png", "pdf", "tiff"))


def summary(labels: dict) -> dict:
    spans = [s for f in labels["files"].values() for p in f["pages"] for s in p["spans"]]
    return {
        "agencies": sorted(u["agency_name"] for u in labels["units"].values()),
        "files": len(labels["files"]),
        "pages": sum(len(f["pages"]) for f in labels["files"].values()),
        "modes": dict(Counter(p["mode"] for f in labels["files"].values() for p in f["pages"])),
        "formats": dict(Counter(f["format"] for f in labels["files"].values())),
        "pii_by_kind": dict(Counter(s["type"] for s in spans if s["pii"])),
        "kept_by_type": dict(Counter(s["type"] for s in spans if not s["pii"] and not s["neutral"])),
        "neutral": dict(Counter(s["type"] for s in spans if s["neutral"])),
        "pii_over_line_end": dict(Counter(s["type"] for s in spans if s["pii"] and len(s["boxes0"]) > 1)),
        "kept_over_line_end": sum(1 for s in spans if not s["pii"] and len(s["boxes0"]) > 1),
        "full_width_or_spaced_ids": sum(1 for s in spans if s["type"] == "id_number" and
                                        (re.search(r"\s", s["text"]) or re.search(r"[０-９]", s["text"]))),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=33)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    labels = generate(args.out, args.seed)
    print(json.dumps(summary(labels), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
