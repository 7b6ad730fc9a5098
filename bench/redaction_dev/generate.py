"""A development set for redaction, independent of the held-out one: scans and labels in the format
bench/redaction_eval.py reads.

    .venv/bin/python bench/redaction_dev/generate.py --out bench/out/redaction_dev/set --seed 1
    .venv/bin/python bench/redaction_eval.py --set bench/out/redaction_dev/set --out bench/out/redaction_dev/eval

Four invented agencies, ten cases (a person, an 个体工商户 with its 92… code, or a company with its legal
representative), each with its 行政处罚决定书 and three other documents (records of inquiry and inspection, service
receipts, identity tables, powers of attorney, witness statements, rectification notices, case approval forms).
What it stresses: natural persons' addresses in many forms and positions (after 住/现住/住在/家住, labels left of
or above their value, continuing on the next line, rural 县镇村组 addresses), names in tables, signatures,
prose, Q&A and lists (compound surnames, two-character and ethnic names with ·), and decisions as published,
with the agency's address and telephone in their closing lines and the treasury account for fines.

`--publish` makes decisions only, with the agency's address and telephone printed at the left on the lines of
its signature and date, under its seal (a layout that put the agency's own number on its name's OCR line).

Scans: 200/240/300 dpi, skew up to ±1.5°, blur, noise, JPEG, grey, colour and 1-bit; red seals over the agency's
name; PDF, TIFF and PNG under names that say nothing. Deterministic for a seed; nothing generated is committed.
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

from bench.redaction_dev import world as W  # noqa: E402
from bench.redaction_dev.documents import BUILDERS, Agency, Case, make_person  # noqa: E402
from samples.degrade import Degrade, degrade_image  # noqa: E402
from samples.files import to_bilevel, write_pdf, write_tiff  # noqa: E402

AGENCY_KINDS = (("DVMKT", "市场监督管理局", "执法稽查科", "市监"), ("DVCITY", "城市管理综合执法局", "执法一大队", "城管"),
                ("DVLAND", "自然资源和规划局", "执法监察大队", "自然资源"), ("DVHOUSE", "住房和城乡建设局", "建设执法科", "住建"))
CASES_PER_AGENCY = (3, 3, 2, 2)
OTHERS = ("询问笔录", "现场检查笔录", "送达回证", "当事人身份信息表", "授权委托书", "证人证言", "责令改正通知书", "立案审批表")


def make_cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    n = 0
    for (code, kind_name, unit, short), count in zip(AGENCY_KINDS, CASES_PER_AGENCY):
        w = W.World.make(rng)
        agency = Agency(code=code, name=w.city + kind_name, unit_code="ZF1", unit_name=unit, short=w.city + short,
                        address=W.business_address(w, rng), phone=W.fixed_line(w, rng),
                        mark=w.city[:2] + short)
        officers = [(W.person_name(rng, "three"), f"4201{rng.randint(1000000, 9999999)}") for _ in range(3)]
        for k in range(count):
            n += 1
            kind = ("person", "shop", "company")[n % 3]
            party = make_person(w, rng, "legal_rep" if kind == "company" else "party",
                                style="compound" if n % 4 == 0 else "ethnic" if n % 7 == 0 else None)
            c = Case(agency=agency, world=w, case_no=f"{agency.mark}罚〔2024〕{rng.randint(10, 299)}号", kind=kind,
                     party=party, officers=rng.sample(officers, 2))
            if kind == "company":
                c.org, c.org_code, c.org_address = W.organisation(w, rng), W.credit_code(rng, False), \
                    W.business_address(w, rng)
            elif kind == "shop":
                c.shop, c.shop_code = W.shop(w, rng), W.credit_code(rng, True)
            for role, style in (("witness", None), ("interviewee", None), ("family", "two" if n % 2 else None),
                                ("employee", None), ("translator", "ethnic"), ("son", None), ("agent", None),
                                ("complainant", "compound" if n % 3 == 0 else None)):
                c.others[role] = make_person(w, rng, role, style)
            cases.append(c)
    return cases


def scan_pages(pages, rng: random.Random, seed: int) -> tuple[list, list[dict], str, float]:
    mode = rng.choice(("L", "L", "RGB", "1"))
    skew = round(rng.uniform(-1.5, 1.5), 2) if rng.random() < 0.7 else 0.0
    degrade = Degrade(skew_deg=skew, background=round(rng.uniform(0, 0.12), 3), blur_radius=round(rng.uniform(0, 0.8), 2),
                      noise_sigma=round(rng.uniform(0, 10), 1), jpeg_quality=rng.choice((None, 75, 90)))
    images, labels = [], []
    for i, pg in enumerate(pages):
        im = pg.image if mode == "RGB" else pg.image.convert("L")
        im = degrade_image(im, degrade, seed * 100 + i)
        if mode == "1":
            im = to_bilevel(im)
        images.append(im)
        labels.append({"page": i + 1, "width": pg.w, "height": pg.h, "dpi": pg.dpi, "skew_deg": skew, "mode": mode,
                       "spans": [s.label(pg.w, pg.h, skew) for s in pg.spans if s.boxes0]})
    return images, labels, mode, skew


def write_file(images: list, dest: Path, dpi: int, rng: random.Random) -> Path:
    fmt = rng.choice(("pdf", "pdf", "tiff", "png") if len(images) == 1 else ("pdf", "tiff"))
    if fmt == "pdf":
        return write_pdf(images, dest.with_suffix(".pdf"), dpi)
    if fmt == "tiff":
        return write_tiff(images, dest.with_suffix(".tif"), dpi)
    path = dest.with_suffix(".png")
    images[0].save(path, dpi=(dpi, dpi))
    return path


def generate(out: Path, seed: int, publish_only: bool = False) -> dict:
    rng = random.Random(seed * 7727 + 14)
    cases = make_cases(rng)
    for c in cases:
        c.contact_beside_signature = publish_only
    labels: dict = {"seed": seed, "units": {}, "files": {}}
    n = 0
    for c in cases:
        unit = c.agency.code.lower()
        labels["units"][unit] = {"agency_code": c.agency.code, "unit_code": c.agency.unit_code,
                                 "unit_name": c.agency.unit_name, "agency_name": c.agency.name}
        kinds = ["行政处罚决定书", *rng.sample(OTHERS, 3)]
        if publish_only:
            kinds = kinds[:1]
        for kind in kinds:
            n += 1
            dpi = rng.choice((200, 240, 300, 300))
            doc_rng = random.Random(f"{seed}:{n}")
            pages = BUILDERS[kind](c, doc_rng, dpi)
            images, page_labels, _, _ = scan_pages(pages, doc_rng, seed * 1000 + n)
            folder = out / "scans" / unit
            folder.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha1(f"{seed}-{n}".encode()).hexdigest()[:10]
            path = write_file(images, folder / name, dpi, doc_rng)
            labels["files"][f"{unit}/{path.name}"] = {
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "unit": unit, "doc_kind": kind,
                "case_no": c.case_no, "pages": page_labels}
    (out / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1))
    return labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--publish", action="store_true",
                    help="decisions only, the agency's address and telephone printed beside its sealed signature")
    args = ap.parse_args()
    labels = generate(args.out, args.seed, args.publish)
    pages = sum(len(f["pages"]) for f in labels["files"].values())
    spans = sum(len(p["spans"]) for f in labels["files"].values() for p in f["pages"])
    print(f"{len(labels['files'])} files, {pages} pages, {spans} labelled spans in {args.out}")


if __name__ == "__main__":
    main()
