"""Check the set's labels against its scans: every box holds ink, and drawn overlays for a look by eye.

    .venv/bin/python bench/redaction_heldout3/check_labels.py --set OUT [--draw N --to DIR]

A box with (almost) no dark pixels inside it in the scan is reported; red
boxes are PII, green kept entities, blue neutral text.
"""
from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageSequence


def page_images(path: Path, dpi: int) -> list[Image.Image]:
    if path.suffix == ".pdf":
        doc = pdfium.PdfDocument(str(path))
        out = [p.render(scale=dpi / 72).to_pil() for p in doc]  # may differ by a pixel from rounding
        doc.close()
        return out
    return [im.copy() for im in ImageSequence.Iterator(Image.open(path))]


def check(set_dir: Path, draw: int, to: Path | None) -> int:
    labels = json.loads((set_dir / "labels.json").read_text())
    bad = drawn = 0
    for fname, f in sorted(labels["files"].items()):
        images = page_images(set_dir / "scans" / fname, f["pages"][0]["dpi"])
        assert len(images) == len(f["pages"]), fname
        for lp, im in zip(f["pages"], images):
            assert abs(im.width - lp["width"]) <= 2 and abs(im.height - lp["height"]) <= 2, (fname, im.size)
            im = im.resize((lp["width"], lp["height"])) if im.size != (lp["width"], lp["height"]) else im
            grey = np.asarray(im.convert("L"))
            for s in lp["spans"]:
                if not s["split_over_pages"]:
                    # the label's text is the span's own text, whatever its line breaks
                    assert re.sub(r"\s", "", unicodedata.normalize("NFKC", s["text"])), fname
                for b in s["boxes"]:
                    x0, y0, x1, y1 = b
                    region = grey[y0:y1, x0:x1]
                    if region.size == 0 or (region < 150).mean() < 0.02:
                        bad += 1
                        print(f"no ink: {fname} p{lp['page']} {s['type']} box {b}")
            if to is not None and drawn < draw:
                over = im.convert("RGB")
                d = ImageDraw.Draw(over)
                for s in lp["spans"]:
                    colour = (0, 90, 255) if s["neutral"] else (230, 0, 0) if s["pii"] else (0, 170, 0)
                    for b in s["boxes"]:
                        d.rectangle(b, outline=colour, width=2)
                to.mkdir(parents=True, exist_ok=True)
                over.save(to / f"{fname.replace('/', '_')}-p{lp['page']}.png")
                drawn += 1
    print(f"{bad} boxes without ink")
    return bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", dest="set_dir", type=Path, required=True)
    ap.add_argument("--draw", type=int, default=0)
    ap.add_argument("--to", type=Path)
    args = ap.parse_args()
    raise SystemExit(1 if check(args.set_dir, args.draw, args.to) else 0)


if __name__ == "__main__":
    main()
