"""What a search query asks for: its plain terms, and the case numbers typed in it (#13 item 5).

A case number typed in any written form — （）/()/〔〕/[], with or without 第, with or without leading
zeros, even with spaces inside — is one canonical number (classify.case_no). It finds the documents of
every case bearing that number (IndexedDocument.case_numbers: all the case's documents, not only those
printing it), and also any page printing it as typed. Every other whitespace-separated term matches as
before: an exact substring of the page.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from classify.case_no import find_case_numbers

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class NumberTerm:
    canonical: str  # matched against the case's numbers
    typed: str  # the number as typed, spaces removed, matched against page text as a term


@dataclass(frozen=True)
class QueryTerms:
    terms: list[str]
    numbers: list[NumberTerm]


def parse_query(text: str) -> QueryTerms:
    """Split a query into case numbers (anywhere in it) and the remaining plain terms."""
    text = unicodedata.normalize("NFKC", text or "")
    numbers: list[NumberTerm] = []
    rest, pos = [], 0
    for n in find_case_numbers(text):
        if "short_prefix" in n.problems or n.canonical in {x.canonical for x in numbers}:
            continue
        numbers.append(NumberTerm(n.canonical, _SPACES.sub("", text[n.start:n.end])))
        rest.append(text[pos:n.start])
        pos = n.end
    rest.append(text[pos:])
    return QueryTerms(" ".join(rest).split(), numbers)
