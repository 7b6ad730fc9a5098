"""Redaction on the held-out labelled set (issue #14, "Measured"), through the command line only.

Run by hand, never in tests (OCR of ~70 pages, then a redaction with its re-OCR verification per document):

    .venv/bin/python bench/redaction_dev2/generate.py --out bench/out/redaction_dev2/set --seed 14
    .venv/bin/python bench/redaction_eval.py --set bench/out/redaction_dev2/set --out bench/out/redaction_dev2/eval
    .venv/bin/python bench/redaction_dev3/generate.py --out bench/out/redaction_dev3/set --seed 3   # third blind dev set
    .venv/bin/python bench/redaction_heldout3/generate.py --out bench/out/redaction_heldout3/set   # seed 33; written
        # blind in session 21 as a HELD-OUT set: run once at a session's end, never tuned on
    .venv/bin/python bench/redaction_eval.py --set ... --out ... --reuse     # keep the ingested data, redact again
    .venv/bin/python bench/redaction_eval.py --set ... --out ... --reuse --detect-only   # plans only (quick)

--detect-only proposes each document's `earchive redact` plan in this process
(redaction.propose, the same call the command makes) and scores recall,
precision and non-PII kept; it builds no PDF and runs no verification, so it
reports nothing recoverable and nothing blocked (seconds instead of minutes).

A fresh data directory (OUT/data, EARCHIVE_DATA_DIR) gets the set's units
(`earchive unit add`), its scans (`earchive ingest --unit`), `earchive classify
--all`, then `earchive redact ID --out --json` per document and `earchive
publish` per 行政处罚决定书. Documents are matched to label files by SHA-256.

Label boxes are in the scan's pixels; the plan's boxes in the page image OCR
read, which OCR may have levelled. A label box is turned by what is left of the
scan's skew after levelling (the page's levelled_deg in its OCR JSON; where
that is 0 the residual skew of the page image is measured with ocr.deskew) and
scaled to the page image's size.

Figures (OUT/report.json and a table):
- recall per PII kind, over spans OCR read correctly (the span's text, NFKC and
  without whitespace, occurs in the page's OCR text) and over all spans; a span
  is covered when the plan's boxes cover >= 90% of each of its line boxes;
- precision: a plan box counts as right when >= 50% of its area lies inside
  labelled PII boxes (each widened by a quarter of its height, for the padding
  a plan box may add); boxes over neutral spans count neither way;
- non-PII kept: a labelled entity that must stay is kept when < 10% of it is covered;
- recoverable: labelled PII strings found in the output PDFs by text extraction
  (pdfminer, PDFium, every decoded object stream and string via pikepdf,
  metadata) and by re-OCR of the rendered pages with the project's engine.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.redaction_dev2.scan import rotate_box  # noqa: E402

EARCHIVE = str(REPO / ".venv" / "bin" / "earchive")
PII_KINDS = ("id_number", "phone", "bank_card", "credit_code", "email", "plate", "address", "name")
NUMERIC = {"id_number", "phone", "bank_card", "credit_code"}


# -- running earchive ----------------------------------------------------------------------------------

def env_for(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EARCHIVE_")}
    env["EARCHIVE_DATA_DIR"] = str(data_dir.resolve())
    # the checkout's packages first: an editable install made before a package was added does not list it
    env["PYTHONPATH"] = os.pathsep.join([str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


def run(args: list[str], env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    p = subprocess.run([EARCHIVE, *args], env=env, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise SystemExit(f"earchive {' '.join(args)} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    return p


def ingest_set(set_dir: Path, labels: dict, data_dir: Path, env: dict[str, str]) -> dict:
    """Units, ingest, classify; returns {sha256: document_id} and the ingest's wall time and pages."""
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    run(["init"], env)
    for unit, u in sorted(labels["units"].items()):
        run(["unit", "add", u["agency_code"], u["unit_code"], "--name", u["unit_name"], "--agency-name",
             u["agency_name"]], env)
    docs: dict[str, int] = {}
    t0 = time.monotonic()
    for unit, u in sorted(labels["units"].items()):
        p = run(["ingest", "--json", "--unit", f"{u['agency_code']}/{u['unit_code']}", str(set_dir / "scans" / unit)],
                env, check=False)
        for line in p.stdout.splitlines():
            r = json.loads(line)
            if r.get("document_id") and r.get("status") in ("ok", "duplicate"):
                docs[r["sha256"]] = r["document_id"]
            else:
                print(f"  ingest: {r.get('source')} {r.get('status')} {r.get('error')}", file=sys.stderr)
    ingest_s = time.monotonic() - t0
    t1 = time.monotonic()
    run(["classify", "--all"], env)
    return {"documents": docs, "ingest_s": ingest_s, "classify_s": time.monotonic() - t1,
            "pages": sum(len(f["pages"]) for f in labels["files"].values() if f["sha256"] in docs)}


# -- geometry ---------------------------------------------------------------------------------------------

def page_residual(data_dir: Path, sha: str, page_no: int, skew: float) -> float:
    """Degrees the page image is still turned from the upright page (counter-clockwise)."""
    from ocr.artefacts import page_image, page_json
    from ocr.deskew import estimate_deskew

    derived = _derived_dir(data_dir, sha)
    levelled = 0.0
    pj = page_json(derived, page_no)
    if pj.is_file():
        levelled = float(json.loads(pj.read_text()).get("levelled_deg", 0.0))
    if levelled:
        return skew + levelled
    img = page_image(derived, page_no)
    if img is None:
        return skew
    measured = -estimate_deskew(img)
    return measured if abs(measured - skew) > 0.3 else skew


_CTX = {}


def _derived_dir(data_dir: Path, sha: str) -> Path:
    if "ctx" not in _CTX:
        from context import open_context
        from earchive.settings import Settings

        _CTX["ctx"] = open_context(Settings(data_dir=data_dir))
    return _CTX["ctx"].store.derived_dir(sha)


def map_boxes(boxes0: list, lp: dict, width: int, height: int, angle: float) -> list[list[int]]:
    sx, sy = width / lp["width"], height / lp["height"]
    out = []
    for b in boxes0:
        x0, y0, x1, y1 = rotate_box(b, lp["width"], lp["height"], angle)
        out.append([round(x0 * sx), round(y0 * sy), round(x1 * sx), round(y1 * sy)])
    return out


def covered_share(box, plan_boxes) -> float:
    x0, y0, x1, y1 = box
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    mask = np.zeros((h, w), dtype=bool)
    for px0, py0, px1, py1 in plan_boxes:
        ix0, iy0, ix1, iy1 = max(x0, px0), max(y0, py0), min(x1, px1), min(y1, py1)
        if ix1 > ix0 and iy1 > iy0:
            mask[iy0 - y0:iy1 - y0, ix0 - x0:ix1 - x0] = True
    return float(mask.mean())


def widened(box, share: float = 0.25) -> list[int]:
    m = max(3, round((box[3] - box[1]) * share))
    return [box[0] - m, box[1] - m, box[2] + m, box[3] + m]


# -- text ---------------------------------------------------------------------------------------------------

def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def key_of(kind: str, text: str) -> str:
    t = norm(text).upper()
    if kind in ("id_number", "credit_code"):
        return re.sub(r"[^0-9A-Z]", "", t)
    if kind in ("phone", "bank_card"):
        return re.sub(r"[^0-9]", "", t)
    if kind == "plate":
        return re.sub(r"[·.•\-]", "", t)
    if kind == "email":
        return t.lower()
    return t


def haystacks(text: str) -> dict[str, str]:
    t = norm(text)
    return {"plain": t, "alnum": re.sub(r"[^0-9A-Z]", "", t.upper()), "digits": re.sub(r"[^0-9]", "", t),
            "plate": re.sub(r"[·.•\-]", "", t.upper()), "lower": t.lower()}


def found(kind: str, text: str, hay: dict[str, str]) -> bool:
    k = key_of(kind, text)
    if not k:
        return False
    where = {"id_number": "alnum", "credit_code": "alnum", "phone": "digits", "bank_card": "digits",
             "plate": "plate", "email": "lower"}.get(kind, "plain")
    return k in hay[where]


def pdf_texts(path: Path) -> str:
    """Everything text extraction gets out of a PDF: text layers, decoded streams, strings, metadata."""
    import pikepdf
    import pypdfium2 as pdfium
    from pdfminer.high_level import extract_text

    parts: list[str] = []
    try:
        parts.append(extract_text(str(path)) or "")
    except Exception as e:  # a damaged text layer is itself worth knowing; keep going with the others
        parts.append(f"<pdfminer failed: {e}>")
    doc = pdfium.PdfDocument(str(path))
    for page in doc:
        tp = page.get_textpage()
        parts.append(tp.get_text_range())
    doc.close()
    with pikepdf.open(path) as pdf:
        parts.append(str(dict(pdf.docinfo)) if pdf.docinfo is not None else "")
        try:
            parts.append(str(pdf.open_metadata()))
        except Exception:
            pass
        for obj in pdf.objects:
            try:
                if isinstance(obj, pikepdf.Stream):
                    data = obj.read_bytes()
                    if obj.get("/Subtype") == "/Image":
                        continue
                    parts += [data.decode("latin-1"), data.decode("utf-8", "ignore"),
                              data.decode("utf-16-be", "ignore")]
                elif isinstance(obj, (pikepdf.String, pikepdf.Dictionary, pikepdf.Array)):
                    parts.append(str(obj))
            except Exception:
                continue
    parts.append(path.read_bytes().decode("latin-1"))
    return "\n".join(parts)


def reocr_text(path: Path, dpi: float) -> str:
    import pypdfium2 as pdfium

    from ocr.engines import rapidocr_page

    doc = pdfium.PdfDocument(str(path))
    out = []
    for i, page in enumerate(doc):
        img = page.render(scale=dpi / 72).to_pil()
        tmp = path.with_name(f".{path.stem}-{i + 1}.png")
        img.save(tmp)
        out.append(rapidocr_page(tmp, dpi).text_raw)
        tmp.unlink()
    doc.close()
    return "\n".join(out)


# -- evaluation ----------------------------------------------------------------------------------------

def plan_entries(summary: dict) -> list[dict]:
    plan = summary.get("plan", summary)
    return [e for e in plan.get("entries", []) if e.get("box") is not None]


def detect_only_plan(data_dir: Path, doc_id: int) -> dict:
    """The plan `earchive redact DOC` would apply, proposed in this process, without burn-in or verification."""
    from records.models import Document
    from redaction.propose import propose

    _derived_dir(data_dir, "")  # opens the context once
    ctx = _CTX["ctx"]
    with ctx.db.session() as s:
        document = s.get(Document, doc_id)
        return {"plan": propose(s, [document], purpose="redact").plan.to_json(public=True)}


def evaluate(set_dir: Path, out: Path, reuse: bool, detect_only: bool = False) -> dict:
    labels = json.loads((set_dir / "labels.json").read_text())
    data_dir = out / "data"
    env = env_for(data_dir)
    state_file = out / "ingest.json"
    if reuse and state_file.is_file():
        state = json.loads(state_file.read_text())
    else:
        out.mkdir(parents=True, exist_ok=True)
        state = ingest_set(set_dir, labels, data_dir, env)
        state_file.write_text(json.dumps(state, indent=1))
    docs = state["documents"]

    recall = {k: {"read": 0, "read_cov": 0, "all": 0, "all_cov": 0} for k in PII_KINDS}
    misses: dict[str, list[dict]] = defaultdict(list)
    kept = defaultdict(lambda: [0, 0])
    prec = {"boxes": 0, "right": 0, "neutral": 0, "wrong_by_kind": defaultdict(int), "wrong_over": defaultdict(int)}
    recov = {"redact": defaultdict(int), "publish": defaultdict(int), "checked": defaultdict(int)}
    recov_where: list[dict] = []
    blocked: list[dict] = []
    timing = {"redact_s": 0.0, "redact_pages": 0, "publish_s": 0.0, "publish_pages": 0}
    (out / "redacted").mkdir(parents=True, exist_ok=True)
    (out / "published").mkdir(parents=True, exist_ok=True)

    for fname, f in sorted(labels["files"].items()):
        doc_id = docs.get(f["sha256"])
        if doc_id is None:
            print(f"  not ingested: {fname}", file=sys.stderr)
            continue
        shown = json.loads(run(["show", str(doc_id), "--json"], env).stdout)
        pages = {p["page_no"]: p for p in shown["pages"]}
        pdf_out = out / "redacted" / f"{doc_id}.pdf"
        t0 = time.monotonic()
        if detect_only:
            p = subprocess.CompletedProcess([], 0, json.dumps(detect_only_plan(data_dir, doc_id)), "")
        else:
            p = run(["redact", str(doc_id), "--out", str(pdf_out), "--json"], env, check=False)
        timing["redact_s"] += time.monotonic() - t0
        timing["redact_pages"] += len(f["pages"])
        if p.returncode != 0:
            blocked.append({"document": doc_id, "file": fname, "kind": f["doc_kind"], "exit": p.returncode,
                            "message": p.stderr.strip()[-400:]})
            entries = None
        else:
            entries = plan_entries(json.loads(p.stdout))
        by_page: dict[int, list] = defaultdict(list)
        for e in entries or []:
            by_page[e["page"]].append(e)
        doc_pii: list[dict] = []
        for lp in f["pages"]:
            op = pages.get(lp["page"])
            if op is None:
                continue
            angle = page_residual(data_dir, f["sha256"], lp["page"], lp["skew_deg"])
            hay = norm(op.get("text_raw") or "")
            plan_boxes = [e["box"] for e in by_page.get(lp["page"], [])]
            pii_boxes, neutral_boxes = [], []
            for s in lp["spans"]:
                boxes = map_boxes(s["boxes0"], lp, op["width_px"], op["height_px"], angle)
                s["_boxes"] = boxes
                if s["neutral"]:
                    neutral_boxes += boxes
                    continue
                if s["pii"]:
                    pii_boxes += boxes
                    doc_pii.append(s)
                    if entries is None:
                        continue
                    r = recall[s["type"]]
                    ok = all(covered_share(b, plan_boxes) >= 0.9 for b in boxes)
                    read = norm(s["text"]) in hay
                    r["all"] += 1
                    r["all_cov"] += ok
                    r["read"] += read
                    r["read_cov"] += ok and read
                    if not ok:
                        misses[s["type"]].append({"document": doc_id, "page": lp["page"], "doc_kind": f["doc_kind"],
                                                  "read": read, "role": s["role"], "mode": lp["mode"],
                                                  "lines": len(boxes), "text": s["text"],
                                                  "cover": round(min(covered_share(b, plan_boxes) for b in boxes), 2)})
                else:
                    if entries is None:
                        continue
                    k = kept[s["type"]]
                    k[0] += 1
                    k[1] += all(covered_share(b, plan_boxes) < 0.1 for b in boxes)
                    if not all(covered_share(b, plan_boxes) < 0.1 for b in boxes):
                        misses[f"keep:{s['type']}"].append({"document": doc_id, "page": lp["page"],
                                                            "doc_kind": f["doc_kind"], "text": s["text"]})
            for e in by_page.get(lp["page"], []):
                b = e["box"]
                prec["boxes"] += 1
                inside = covered_share(b, [widened(x) for x in pii_boxes])
                if inside >= 0.5:
                    prec["right"] += 1
                elif covered_share(b, [widened(x) for x in neutral_boxes]) >= 0.5:
                    prec["neutral"] += 1
                else:
                    prec["wrong_by_kind"][e["kind"]] += 1
                    over = [s["type"] for s in lp["spans"] if not s["pii"] and any(
                        covered_share(x, [b]) > 0.3 for x in s["_boxes"])]
                    prec["wrong_over"][",".join(sorted(set(over))) or "unlabelled text"] += 1
                    under = "".join(w["text"] for w in op.get("words") or [] if covered_share(w["box"], [b]) >= 0.5)
                    misses["false_positive"].append({"document": doc_id, "page": lp["page"], "doc_kind": f["doc_kind"],
                                                     "kind": e["kind"], "over": over, "ocr_text": under})
        # recoverable PII: distinct strings of this document
        dpi = f["pages"][0]["dpi"]
        strings = {(s["type"], key_of(s["type"], s["text"])): s for s in doc_pii}
        outputs = [("redact", pdf_out)] if entries is not None and not detect_only else []
        if f["doc_kind"] == "行政处罚决定书" and not detect_only:
            pub = out / "published" / f"{doc_id}.pdf"
            t0 = time.monotonic()
            pp = run(["publish", str(doc_id), "--out", str(pub)], env, check=False)
            timing["publish_s"] += time.monotonic() - t0
            timing["publish_pages"] += len(f["pages"])
            if pp.returncode == 0:
                outputs.append(("publish", pub))
            else:
                blocked.append({"document": doc_id, "file": fname, "kind": "publish", "exit": pp.returncode,
                                "message": pp.stderr.strip()[-400:]})
        for purpose, path in outputs:
            extracted = haystacks(pdf_texts(path))
            reocr = haystacks(reocr_text(path, dpi))
            for (kind, _), s in strings.items():
                recov["checked"][purpose] += 1
                how = [n for n, hay in (("text", extracted), ("re-OCR", reocr)) if found(kind, s["text"], hay)]
                if how:
                    recov[purpose][kind] += 1
                    recov_where.append({"purpose": purpose, "document": doc_id, "kind": kind, "how": how,
                                        "text": s["text"]})
        print(f"  #{doc_id} {f['doc_kind']}: {len(entries or [])} boxes" + (" BLOCKED" if entries is None else ""),
              file=sys.stderr)

    report = {
        "set": str(set_dir), "files": len(labels["files"]), "documents": len(docs), "pages": state["pages"],
        "recall": {k: {**v, "recall_read": v["read_cov"] / v["read"] if v["read"] else None,
                       "recall_all": v["all_cov"] / v["all"] if v["all"] else None} for k, v in recall.items()},
        "precision": {"boxes": prec["boxes"], "right": prec["right"], "neutral": prec["neutral"],
                      "precision": prec["right"] / max(1, prec["boxes"] - prec["neutral"]),
                      "wrong_by_kind": dict(prec["wrong_by_kind"]), "wrong_over": dict(prec["wrong_over"])},
        "kept": {k: {"n": n, "kept": ok, "share": ok / n} for k, (n, ok) in sorted(kept.items())},
        "kept_total": (sum(ok for _, ok in kept.values()) / max(1, sum(n for n, _ in kept.values()))),
        "recoverable": {"redact": dict(recov["redact"]), "publish": dict(recov["publish"]),
                        "checked": dict(recov["checked"])},
        "blocked": blocked,
        "timing": {**timing, "ingest_s": state["ingest_s"], "classify_s": state["classify_s"]},
    }
    # the strings themselves stay in a separate file of this output folder (synthetic, but not for the detectors' eyes)
    suffix = "-detect" if detect_only else ""
    (out / f"failures{suffix}.json").write_text(json.dumps({"misses": misses, "recoverable": recov_where},
                                                           ensure_ascii=False, indent=1))
    (out / f"report{suffix}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return report


def print_table(r: dict) -> None:
    def pct(v):
        return "   —  " if v is None else f"{100 * v:5.1f}%"

    print(f"\n{r['documents']} documents, {r['pages']} pages; {len(r['blocked'])} blocked")
    print(f"{'kind':12} {'read':>5} {'recall(read)':>13} {'all':>5} {'recall(all)':>12}")
    for k, v in r["recall"].items():
        print(f"{k:12} {v['read']:5} {pct(v['recall_read']):>13} {v['all']:5} {pct(v['recall_all']):>12}")
    p = r["precision"]
    print(f"precision: {pct(p['precision'])} ({p['right']} of {p['boxes'] - p['neutral']} boxes; "
          f"{p['neutral']} over neutral text)  wrong by kind {p['wrong_by_kind']}, over {p['wrong_over']}")
    print(f"non-PII kept: {pct(r['kept_total'])}  " + ", ".join(f"{k} {v['kept']}/{v['n']}" for k, v in r["kept"].items()))
    rec = r["recoverable"]
    print(f"recoverable PII strings: redact {sum(rec['redact'].values())} of {rec['checked'].get('redact', 0)} "
          f"{rec['redact']}; publish {sum(rec['publish'].values())} of {rec['checked'].get('publish', 0)} {rec['publish']}")
    t = r["timing"]
    if t["redact_pages"]:
        print(f"time: ingest {t['ingest_s']:.0f} s, classify {t['classify_s']:.0f} s, redact {t['redact_s']:.0f} s "
              f"({t['redact_pages'] / t['redact_s']:.2f} pages/s), publish {t['publish_s']:.0f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", dest="set_dir", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--reuse", action="store_true", help="keep OUT/data from an earlier run (no ingest)")
    ap.add_argument("--detect-only", action="store_true",
                    help="score the proposed plans only: no burn-in, verification, publication or recoverable strings")
    args = ap.parse_args()
    report = evaluate(args.set_dir, args.out, args.reuse, args.detect_only)
    print_table(report)


if __name__ == "__main__":
    main()
