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

from redaction.detect.labels import PHONE_LABELS, label_before, officer_number_label, speaks_for_agency
from redaction.detect.numbers import compact_digits, lookalike_count
from redaction.detect.scan import Found, Scan, ViewScan
from redaction.kinds import Kind

_S = r"[ \-]?"
_MOBILE = rf"(?:\+?86{_S})?1[3-9]\d{_S}\d{{4}}{_S}\d{{4}}"
_FIXED = rf"(?:[(（]0[1-9]\d{{1,2}}[)）]|0[1-9]\d{{1,2}}){_S}\d{{3,4}}{_S}\d{{4}}(?:\s?(?:转|-|分机|ext\.?|x)\s?\d{{1,6}})?"
MOBILE = re.compile(rf"(?<![0-9]){_MOBILE}(?!\d)")
FIXED = re.compile(rf"(?<![0-9]){_FIXED}(?!\d)")
# An area code is 0 and a digit not 0 (00 opens an international number). Every place a number's shape starts, overlapping, for the view without line breaks: there the digits of the
# next line follow a number that ended its own ("联系电话：139" / "00004556" / "2024年…"), and only the break
# itself tells where it ends.
_SHAPES_AT = tuple(re.compile(rf"(?=({core}))") for core in (_MOBILE, _FIXED))
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
        if vs.name == "compact":
            spans.update(_across_breaks(scan, vs))
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


def _across_breaks(scan: Scan, vs: ViewScan) -> set[tuple[int, int]]:
    """Numbers read across a line break whose edge is a line's start or end, with digits beyond it on the next
    line (or the one before): a number OCR broke over two lines and the date that opens the next paragraph."""
    text, digits = scan.text, vs.digits

    def break_before(i: int) -> bool:
        p = vs.line_pos[i]
        return p > 0 and text[p - 1] == "\n"

    def break_after(i: int) -> bool:
        p = vs.line_pos[i]
        return p + 1 < len(text) and text[p + 1] == "\n"

    out: set[tuple[int, int]] = set()
    for shape in _SHAPES_AT:
        for m in shape.finditer(digits):
            start, end = m.start(1), m.end(1)
            if len(scan.page.lines_of(vs.view.span_refs(start, end))) < 2:
                continue  # on one line the usual edges hold
            if (start == 0 or not digits[start - 1].isdigit() or break_before(start)) \
                    and (end == len(digits) or not digits[end].isdigit() or break_after(end - 1)) \
                    and (start == 0 or not digits[start - 1].isdigit() or end == len(digits)
                         or not digits[end].isdigit()):
                out.add((start, end))
    return out


def _judged(scan: Scan, vs: ViewScan, start: int, end: int, damaged: bool = False) -> Found:
    pos = vs.line_pos[start]
    number = compact_digits(vs.digits[start:end])
    ctx = scan.ctx
    if officer_number_label(scan.text, pos) or number in ctx.officer_cert_nos \
            or speaks_for_agency(scan.text, pos, ctx.agency_names, ctx.officer_names):
        return scan.found(vs, start, end, None)
    return scan.found(vs, start, end, Kind.phone,
                      valid=not damaged and lookalike_count(vs.view.text[start:end], vs.digits[start:end]) == 0)
