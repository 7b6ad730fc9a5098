"""Write devset3: scans in one folder per agency, and its truth in bench/casefiles_eval.py's format.

File names are random (they reveal neither type nor case); documents of all cases of an agency are
shuffled together, as loose scans of a records office are.
"""
from __future__ import annotations

import random
from pathlib import Path

from bench.devset3.documents import Doc, build_documents
from bench.devset3.world import AGENCIES, build_cases
from samples.degrade import Degrade
from samples.files import FileFormat, to_bilevel, write_rendered
from samples.render import RenderedDocument, render_document
from samples.text import DocumentSpec

UNIT = "ZF1"


def _spec(doc: Doc, agency: str) -> DocumentSpec:
    lines = doc.lines + doc.signature
    if doc.page_break and 1 < doc.page_break < len(doc.lines):
        pages = ["\n".join(lines[:doc.page_break]), "\n".join(lines[doc.page_break:])]
    else:
        pages = ["\n".join(lines)]
    own = doc.numbers[0] if doc.numbers and doc.numbers[0] in doc.lines[:3] else "\x00"
    return DocumentSpec(doc_type=doc.doc_type, title=doc.title, agency=agency, case_no=own, parties=[],
                        officers=[], device_no=None, dates={}, pages=pages, signature=doc.signature,
                        sealed=doc.sealed)


def write_set(dest: Path, seed: int) -> dict:
    rng = random.Random(seed * 7919 + 3)
    cases = build_cases(seed)
    by_agency: dict[str, list[tuple]] = {a.code: [] for a in AGENCIES}
    for c in cases:
        for doc in build_documents(c, random.Random(f"{seed}:{c.key}")):
            by_agency[c.agency.code].append((c, doc))
    documents: dict[str, dict] = {}
    n = 0
    for agency in AGENCIES:
        items = by_agency[agency.code]
        rng.shuffle(items)
        folder = dest / "scans" / agency.code.lower()
        folder.mkdir(parents=True, exist_ok=True)
        for c, doc in items:
            n += 1
            spec = _spec(doc, agency.name)
            dpi = rng.choice((200, 300, 300))
            degrade = Degrade.scanned(rng) if rng.random() < 0.85 else Degrade()
            rendered = render_document(spec, dpi=dpi, degrade=degrade, seed=seed * 1000 + n,
                                       mode=rng.choice(("L", "RGB")))
            bilevel = rng.random() < 0.3
            if bilevel:
                rendered = RenderedDocument([to_bilevel(im) for im in rendered.images], rendered.ground_truth, dpi)
            if len(rendered.images) > 1:
                fmt: FileFormat = rng.choice(("pdf", "tiff"))
            else:
                fmt = rng.choice(("pdf", "tiff", "png") if bilevel else ("pdf", "tiff", "jpeg", "png"))
            stem = folder / f"scan{rng.randrange(16 ** 6):06x}"
            paths = write_rendered(rendered, stem, fmt, "group4" if bilevel else "tiff_lzw",
                                   jpeg_quality=None if degrade.is_clean else 85)
            text = "\n".join(spec.pages)
            documents[paths[0].name] = {
                "case": c.key, "doc_type": doc.doc_type,
                "case_numbers": sorted({x for x in doc.numbers if x in text}),
                "parties": _dedup(doc.parties),
                "officers": _dedup_officers(doc.officers),
                "date": doc.own_date.isoformat(), "date_under_seal": doc.sealed,
                "date_readable": not (doc.sealed and bilevel),
                "agency": agency.code.lower(), "unit": f"{agency.code}/{UNIT}", "pages": len(spec.pages),
                "bilevel": bilevel,
            }
    units = {a.code: {"agency_name": a.name, "unit": UNIT, "unit_name": f"{a.name}执法一队",
                      "folder": a.code.lower()} for a in AGENCIES}
    return {"set": "devset3", "seed": seed, "roles": True, "units": units, "documents": documents}


def _dedup(parties: list[dict]) -> list[dict]:
    """One entry per role and name; a printed identifier anywhere in the document counts."""
    out: dict[tuple, dict] = {}
    for p in parties:
        key = (p["role"], p["name"])
        if key in out:
            out[key].update({k: v for k, v in p.items() if v})
        else:
            out[key] = dict(p)
    return list(out.values())


def _dedup_officers(officers: list[dict]) -> list[dict]:
    out: dict[str, dict] = {}
    for o in officers:
        if o["name"] in out:
            out[o["name"]]["cert_no"] = out[o["name"]]["cert_no"] or o["cert_no"]
        else:
            out[o["name"]] = dict(o)
    return list(out.values())
