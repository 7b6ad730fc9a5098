"""devset5: the set written to disk: scans per agency folder, and truth.json saying what each one shows."""
from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path

from bench.devset5.cases import build_cases
from bench.devset5.docs import Doc, write_documents
from bench.devset5.render import Line, Para, Sign, Table, Title, render
from bench.devset5.scan import degrade, save

NUMBER_TAIL = re.compile(r"[〔\[（(]20\d\d[〕\]）)]第?\d+号")


def _text(doc: Doc) -> str:
    out = []
    for b in doc.blocks:
        if isinstance(b, (Title, Line, Para)):
            out.append(b.text)
        elif isinstance(b, Table):
            out += ["".join(row) for row in b.rows]
        elif isinstance(b, Sign):
            out += b.lines + [b.date_text]
    return "\n".join(out)


def _check(doc: Doc) -> None:
    """The truth says only what the page prints: every name, identifier and number in it is on the page."""
    text = _text(doc)
    flat = text.replace("\n", "")
    for p in doc.parties:
        for key in ("name", "id_number", "credit_code"):
            assert p.get(key) is None or p[key] in flat, (doc.title, key, p)
    for o in doc.officers:
        assert o["name"] in flat and (o["cert_no"] is None or o["cert_no"] in flat), (doc.title, o)
    for n in doc.numbers:
        assert n in flat, (doc.title, n)
    for m in NUMBER_TAIL.finditer(flat):
        assert any(n.endswith(m.group(0)) for n in doc.numbers), (doc.title, m.group(0))
    assert doc.date <= date.today()


def _scan_profile(rng: random.Random) -> dict:
    mode = rng.choices(["colour", "grey", "bilevel"], [0.4, 0.3, 0.3])[0]
    return {"mode": mode, "dpi": rng.choice([200, 240, 300, 300]), "format": "",
            "skew_deg": round(rng.uniform(-1.5, 1.5), 2)}


def _format(rng: random.Random, mode: str, pages: int) -> str:
    if pages > 1:
        return rng.choice(["pdf", "tif"])
    return rng.choice(["pdf", "tif", "png"] + ([] if mode == "bilevel" else ["jpg"]))


def write_set(dest: Path, seed: int) -> dict:
    rng = random.Random(seed)
    cases = build_cases(rng)
    scans = dest / "scans"
    units, documents = {}, {}
    for c in cases:
        a = c.agency
        units[a.code] = {"agency_name": a.name, "unit": "ZD1", "unit_name": a.unit_name}
        for doc in write_documents(c, rng):
            _check(doc)
            style = {"face": rng.choice(["serif", "serif", "sans", "wqy"]), "pt": rng.choice([11.5, 12, 12.5, 13]),
                     "leading": rng.uniform(1.6, 1.9), "margin_mm": rng.uniform(20, 27)}
            profile = _scan_profile(rng)
            pages = render(doc.blocks, profile["dpi"], style, rng)
            profile["format"] = _format(rng, profile["mode"], len(pages))
            pages = [degrade(p, profile["mode"], profile["skew_deg"] + rng.uniform(-0.15, 0.15), rng) for p in pages]
            name = f"{rng.getrandbits(48):012x}.{profile['format']}"
            save(pages, scans / a.code / name, profile["dpi"])
            documents[name] = {
                "case": c.key, "doc_type": doc.title, "case_numbers": list(dict.fromkeys(doc.numbers)),
                "parties": doc.parties, "officers": doc.officers, "date": doc.date.isoformat(),
                "date_under_seal": doc.under_seal,
                "date_readable": not (doc.under_seal and profile["mode"] == "bilevel"),
                "body_dates": doc.body_dates, "agency": a.code, "unit": f"{a.code}/ZD1", "pages": len(pages),
                "scan": profile}
    truth = {"set": "devset5", "seed": seed, "units": units, "documents": documents}
    (dest / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth
