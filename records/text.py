"""Normalisation of Chinese page text for search; the raw OCR text is always kept beside it.

Tesseract puts spaces between CJK characters and scans mix full- and
half-width forms (１２３ / 123, ：/ :). Search must not depend on either, so
page text and queries go through the same `normalise_text`.
"""
from __future__ import annotations

import re
import unicodedata

# CJK ideographs, CJK punctuation and full-width forms: characters between which a space is noise.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A space next to a CJK character is layout, not meaning (Chinese has no word spaces).
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=\S)|(?<=\S)[ \t]+(?=[{_CJK}])")
_RUNS_OF_SPACE = re.compile(r"[ \t]{2,}")
# Bracket variants used in case numbers, unified so 〔2024〕, [2024] and ［2024］ search alike.
_BRACKETS = str.maketrans({"［": "〔", "[": "〔", "【": "〔", "〖": "〔", "］": "〕", "]": "〕", "】": "〕", "〗": "〕"})


def normalise_text(raw: str) -> str:
    """Full-width ASCII → half-width, ideographic space → space, CJK-adjacent spaces removed."""
    text = unicodedata.normalize("NFKC", raw).translate(_BRACKETS)
    lines = []
    for line in text.splitlines():
        line = _SPACE_NEXT_TO_CJK.sub("", line)
        lines.append(_RUNS_OF_SPACE.sub(" ", line).strip())
    return "\n".join(line for line in lines if line)
