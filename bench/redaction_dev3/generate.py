"""Writes the third blind redaction development set: degraded scans of eight invented agencies' case documents
and labels.json (every PII span and every entity that must stay, with its ink boxes), for bench/redaction_eval.py.

    .venv/bin/python bench/redaction_dev3/generate.py --out bench/out/redaction_dev3/set --seed 3
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.redaction_dev3.agencies import AGENCIES
from bench.redaction_dev3.cases import make_case
from bench.redaction_dev3.documents import TEMPLATES
from bench.redaction_dev3.layout import SANS, SERIF, Doc
from bench.redaction_dev3.scan import degrade, pick_profile, skewed
from bench.redaction_dev3.values import Maker

CASE_A = ("decision", "inquiry", "receipt")
CASE_B_EXTRA = ("notice", "attorney", "evidence", "inquiry")


def save(images, path: Path, dpi: int, mode: str, rng: random.Random) -> Path:
    if len(images) > 1:
        path = path.with_suffix(".pdf")
        images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
    elif mode == "bw":
        if rng.random() < 0.6:
            path = path.with_suffix(".tif")
            images[0].save(path, compression="group4", dpi=(dpi, dpi))
        else:
            path = path.with_suffix(".png")
            images[0].save(path, dpi=(dpi, dpi))
    elif rng.random() < 0.7:
        path = path.with_suffix(".jpg")
        images[0].save(path, quality=rng.randint(72, 90), dpi=(dpi, dpi))
    else:
        path = path.with_suffix(".png")
        images[0].save(path, dpi=(dpi, dpi))
    return path


def generate(out: Path, seed: int) -> dict:
    rng = random.Random(seed)
    scans = out / "scans"
    scans.mkdir(parents=True, exist_ok=True)
    labels: dict = {"set": "redaction_dev3", "seed": seed, "units": {}, "files": {}}
    n = 0
    for a in AGENCIES:
        unit = f"{a['code']}-{a['unit']}"
        labels["units"][unit] = {"agency_code": a["code"], "unit_code": a["unit"], "unit_name": a["unit_name"],
                                 "agency_name": a["name"]}
        (scans / unit).mkdir(exist_ok=True)
        maker = Maker(rng, a["county"], a["city"])
        kinds = a["party_kinds"]
        plan = [(make_case(rng, a, maker, 1, kinds[0]), CASE_A),
                (make_case(rng, a, maker, 2, kinds[-1]),
                 ("filing", "inspection", CASE_B_EXTRA[AGENCIES.index(a) % len(CASE_B_EXTRA)],
                  CASE_B_EXTRA[(AGENCIES.index(a) + 1) % len(CASE_B_EXTRA)]))]
        for case, docs in plan:
            for tmpl in docs:
                n += 1
                dpi = rng.choice((200, 240, 300, 300))
                mode = rng.choices(("colour", "grey", "bw"), (0.35, 0.35, 0.3))[0]
                d = Doc(dpi, body_pt=rng.choice((11.5, 12, 12.5)), body_font=rng.choice((SERIF, SERIF, SANS)))
                kwargs = {"who": rng.choice(("emp1", "wit1", "wit2", "fam1"))} if tmpl == "inquiry" else {}
                doc_kind = TEMPLATES[tmpl](case, d, **kwargs)
                pages = d.finish()
                images, page_labels = [], []
                for i, page in enumerate(pages, 1):
                    prof = pick_profile(rng, mode)
                    img = degrade(page.img, prof, dpi, rng)
                    images.append(img)
                    spans = []
                    for s in page.spans:
                        s["boxes"] = [skewed(b, d.w, d.h, prof.skew) for b in s["boxes0"]]
                        spans.append(s)
                    page_labels.append({"page": i, "width": d.w, "height": d.h, "dpi": dpi, "skew_deg": prof.skew,
                                        "mode": mode, "spans": spans})
                path = save(images, scans / unit / f"{n:03d}_{doc_kind}", dpi, mode, rng)
                labels["files"][f"{unit}/{path.name}"] = {
                    "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "unit": unit, "doc_kind": doc_kind,
                    "kind": doc_kind, "case_no": case.no, "party_kind": case.kind, "pages": page_labels}
                print(f"{unit}/{path.name}: {len(pages)} page(s), {mode}, {dpi} dpi", file=sys.stderr)
    (out / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1))
    return labels


def summary(labels: dict) -> str:
    from collections import Counter
    pii, keep, neutral, broken, modes = Counter(), Counter(), Counter(), Counter(), Counter()
    pages = 0
    for f in labels["files"].values():
        for p in f["pages"]:
            pages += 1
            modes[p["mode"]] += 1
            for s in p["spans"]:
                c = neutral if s["neutral"] else (pii if s["pii"] else keep)
                c[s["type"]] += 1
                if s["pii"] and len(s["boxes0"]) > 1:
                    broken[s["type"]] += 1
    return (f"{len(labels['files'])} files, {pages} pages, modes {dict(modes)}\nPII spans {dict(pii)}\n"
            f"PII spans over 2+ lines {dict(broken)}\nkept {dict(keep)}\nneutral {dict(neutral)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    print(summary(generate(args.out, args.seed)))


if __name__ == "__main__":
    main()
