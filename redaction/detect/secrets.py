"""Trade-secret terms (商业秘密) of the case, found wherever they stand: compared after NFKC, without spaces or line
breaks and without case, so that a term OCR read in full-width or across two lines is still found (001:35-36)."""
from __future__ import annotations

import re
import unicodedata

from redaction.detect.scan import Found, Scan
from redaction.kinds import Kind


def _key(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).casefold()


def find(scan: Scan) -> list[Found]:
    compact = scan.page.compact
    haystack = compact.text.casefold()
    if len(haystack) != len(compact.text):
        haystack = "".join(c.casefold()[:1] or c for c in compact.text)  # keep positions when casefold grows
    out: list[Found] = []
    for term in scan.ctx.trade_secret_terms:
        needle = _key(term)
        if not needle:
            continue
        i = haystack.find(needle)
        while i >= 0:
            out.append(Found(Kind.trade_secret, compact.span_refs(i, i + len(needle))))
            i = haystack.find(needle, i + 1)
    return out
