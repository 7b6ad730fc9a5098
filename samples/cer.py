"""Character error rate between a reference text and an OCR hypothesis.

Whitespace is removed first: OCR engines put spaces between CJK characters
and break lines where they like, neither of which is an error in Chinese.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np

_WHITESPACE = re.compile(r"\s+")


def strip_whitespace(text: str) -> str:
    return _WHITESPACE.sub("", text)


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insert, delete, substitute, each cost 1).

    One numpy pass per character of the shorter string: insertions along a row
    are resolved with a running minimum, since cur[j] = j + min_k<=j(tmp[k] - k).
    """
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    target = _codes(a)
    offsets = np.arange(len(a) + 1, dtype=np.int64)
    prev = offsets.copy()
    for i, ch in enumerate(_codes(b), start=1):
        tmp = np.empty_like(prev)
        tmp[0] = i
        # substitution (or match) from the diagonal, deletion from above
        np.minimum(prev[:-1] + (target != ch), prev[1:] + 1, out=tmp[1:])
        prev = np.minimum.accumulate(tmp - offsets) + offsets
    return int(prev[-1])


def cer(reference: str, hypothesis: str, *, fold_width: bool = False) -> float:
    """Edit distance over the reference length, whitespace removed.

    fold_width applies NFKC to both sides first, so that full-width and
    half-width forms of the same punctuation or digit count as equal.
    An empty reference gives 0.0 for an empty hypothesis and 1.0 otherwise.
    """
    if fold_width:
        reference = unicodedata.normalize("NFKC", reference)
        hypothesis = unicodedata.normalize("NFKC", hypothesis)
    ref, hyp = strip_whitespace(reference), strip_whitespace(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return levenshtein(ref, hyp) / len(ref)
