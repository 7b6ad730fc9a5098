"""A digit-normalised copy of page text, of the same length, for the number detectors to match on.

OCR reads a digit as a letter of its shape (O for 0, l or I for 1) and a
hyphen as 一 or a dash. Inside a run of digits, where nothing but a digit can
stand, the look-alike is read as the digit; a letter at the edge of a run
that touches a word (the l of "Tel13800001234") is left alone. Every
position keeps its place, so a match in the copy is a match in the text.
"""
from __future__ import annotations

import re

# A narrower set than classify.ids.DIGIT_LOOKALIKES: here any run of digits is read, not only an
# 18-character field, so only the shapes OCR really swaps for digits in print are taken.
LOOKALIKES = {"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1", "|": "1", "Z": "2",
              "S": "5", "B": "8"}
DASHES = "一—–－―‐-"
_RUN = re.compile(r"[0-9OoDQlIi|ZSB](?:[ \-一—–－―‐]?[0-9OoDQlIi|ZSB])*")
MIN_DIGITS = 6
MAX_LOOKALIKES = 4


def digitise(text: str) -> str:
    chars = list(text)
    for m in _RUN.finditer(text):
        start, end = m.start(), m.end()
        # A look-alike that touches a letter outside the run belongs to that word.
        while start < end and text[start] in LOOKALIKES and start > 0 and text[start - 1].isascii() \
                and text[start - 1].isalpha():
            start += 1
        while end > start and text[end - 1] in LOOKALIKES and end < len(text) and text[end].isascii() \
                and text[end].isalpha():
            end -= 1
        run = text[start:end]
        digits = sum(c.isdigit() for c in run)
        lookalikes = sum(c in LOOKALIKES for c in run)
        if digits < MIN_DIGITS:
            continue
        if lookalikes <= MAX_LOOKALIKES and lookalikes < digits:
            for i in range(start, end):
                if text[i] in LOOKALIKES:
                    chars[i] = LOOKALIKES[text[i]]
        for i in range(start + 1, end - 1):
            if text[i] in DASHES:
                chars[i] = "-"
    return "".join(chars)


def compact_digits(text: str) -> str:
    """The digits (and a final X) of a matched number, without its separators."""
    return re.sub(r"[^0-9Xx]", "", text).upper()


def lookalike_count(original: str, digitised: str) -> int:
    return sum(1 for a, b in zip(original, digitised) if a != b and b.isdigit())
