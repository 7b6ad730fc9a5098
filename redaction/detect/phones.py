"""Mobile and fixed-line telephone numbers.

phonenumbers (region CN) finds what it can on the digit-normalised text; a
fallback finds mobile numbers (1[3-9] and nine digits) and fixed lines (an
area code 0xx/0xxx, seven or eight digits, an extension) in the groupings and
separators OCR leaves, and seven- or eight-digit local numbers after a
telephone label. The agency's own published numbers stay (002 公示办法:5): a
number on a line that names the agency or speaks for it.
"""
from __future__ import annotations

import re

import phonenumbers

from redaction.detect.labels import PHONE_LABELS, label_before, officer_number_label, on_agency_line
from redaction.detect.numbers import compact_digits, lookalike_count
from redaction.detect.scan import Found, Scan, ViewScan
from redaction.kinds import Kind

_S = r"[ \-]?"
MOBILE = re.compile(rf"(?<![0-9])(?:\+?86{_S})?1[3-9]\d{_S}\d{{4}}{_S}\d{{4}}(?!\d)")
FIXED = re.compile(rf"(?<![0-9])(?:[(（]0\d{{2,3}}[)）]|0\d{{2,3}}){_S}\d{{3,4}}{_S}\d{{4}}"
                   rf"(?:\s?(?:转|-|分机|ext\.?|x)\s?\d{{1,6}})?(?!\d)")
LOCAL = re.compile(rf"(?<![0-9])\d{{3,4}}{_S}\d{{4}}(?!\d)")
# After a telephone label, any run of 6-13 digits is the number, one OCR read a digit too few or too many of: a
# damaged number is still someone's (and a re-OCR that reads it whole would find it left visible).
LABELLED_RUN = re.compile(r"(?<![0-9])\d(?:[ \-]?\d){5,12}(?!\d)")


def find(scan: Scan) -> list[Found]:
    out: list[Found] = []
    for vs in scan.each_view():
        spans: set[tuple[int, int]] = set()
        if vs.name == "lines":
            for match in phonenumbers.PhoneNumberMatcher(vs.digits, "CN"):
                if len(compact_digits(match.raw_string)) >= 7:
                    spans.add((match.start, match.end))
        for pattern in (MOBILE, FIXED):
            spans.update((m.start(), m.end()) for m in pattern.finditer(vs.digits))
        for m in LOCAL.finditer(vs.digits):
            if label_before(scan.text, vs.line_pos[m.start()], PHONE_LABELS) is not None:
                spans.add((m.start(), m.end()))
        damaged: set[tuple[int, int]] = set()
        for m in LABELLED_RUN.finditer(vs.digits):
            if not any(a <= m.start() < b for a, b in spans) \
                    and label_before(scan.text, vs.line_pos[m.start()], PHONE_LABELS) is not None:
                damaged.add((m.start(), m.end()))
        for start, end in spans | damaged:
            out.append(_judged(scan, vs, start, end, (start, end) in damaged))
    return out


def _judged(scan: Scan, vs: ViewScan, start: int, end: int, damaged: bool = False) -> Found:
    pos = vs.line_pos[start]
    number = compact_digits(vs.digits[start:end])
    ctx = scan.ctx
    if officer_number_label(scan.text, pos) or number in ctx.officer_cert_nos \
            or on_agency_line(scan.text, pos, ctx.agency_names, ctx.officer_names):
        return scan.found(vs, start, end, None)
    return scan.found(vs, start, end, Kind.phone,
                      valid=not damaged and lookalike_count(vs.view.text[start:end], vs.digits[start:end]) == 0)
