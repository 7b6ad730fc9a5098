"""Resident ID numbers (居民身份证号码, GB 11643), checked with stdnum.cn.ric.

An 18-character run that passes the check as read is a valid ID number. One
that needed look-alike repairs (O for 0, l for 1) or fails the check is
still an ID number when it is labelled as one or has an ID number's shape
(region, birth year, month and day where they belong): OCR damage must not let
a number out (002 记录办法:29). A 15-digit number is an old ID only when
labelled. Runs an officer's certificate label or the treasury's account
claims are not read here.
"""
from __future__ import annotations

import re

from stdnum import luhn
from stdnum.cn import ric, uscc

from redaction.detect.labels import BANK_LABELS, CREDIT_LABELS, ID_LABELS, label_before, officer_number_label
from redaction.detect.numbers import compact_digits
from redaction.detect.scan import Found, Scan
from redaction.detect.subjects import subject_of_id_number
from redaction.kinds import Kind

_SEP = r"[ \-]?"
ID_18 = re.compile(rf"(?<![0-9A-Za-z])\d{{6}}{_SEP}\d{{4}}{_SEP}\d{{4}}{_SEP}\d{{3}}{_SEP}[0-9Xx×](?![0-9A-Za-z])")
# A labelled run one or two characters short or long: OCR dropped or doubled a digit.
ID_NEAR = re.compile(r"(?<![0-9A-Za-z])\d(?:[ ]?\d){13,18}[ ]?[0-9Xx×]?(?![0-9A-Za-z])")


def _has_id_shape(value: str) -> bool:
    """At least three of: a region's first digit, a birth year 18xx-20xx, a month, a day."""
    score = (value[0] in "12345678") + (value[6:8] in ("18", "19", "20")) \
        + (value[10:12].isdigit() and 1 <= int(value[10:12]) <= 12) \
        + (value[12:14].isdigit() and 1 <= int(value[12:14]) <= 31)
    return score >= 3


def id_number_valid(value: str) -> bool:
    """The check digit and the birth date, as stdnum.cn.ric checks them; not its table of region codes, which
    misses districts that exist (420102 among them) and would call a correct number damaged."""
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        return False
    try:
        ric.get_birth_date(value)
    except ValueError:
        return False
    return ric.calc_check_digit(value) == value[17]


def _old_id_valid(value: str) -> bool:
    try:
        import datetime as dt
        dt.date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    except ValueError:
        return False
    return True


def find(scan: Scan) -> list[Found]:
    out: list[Found] = []
    for vs in scan.each_view():
        seen: set[int] = set()
        for m in ID_18.finditer(vs.digits):
            seen.update(range(m.start(), m.end()))
            value = compact_digits(m.group())
            read_as = compact_digits(vs.view.text[m.start():m.end()].replace("×", "X"))
            repaired = read_as != value
            pos = vs.line_pos[m.start()]
            # "身份证号（统一社会信用代码）：" labels an ID number too: each label set is asked on its own.
            id_labelled = label_before(scan.text, pos, ID_LABELS) is not None
            other_label = label_before(scan.text, pos, BANK_LABELS + CREDIT_LABELS)
            if officer_number_label(scan.text, pos):
                out.append(scan.found(vs, m.start(), m.end(), None))
                continue
            subject = subject_of_id_number(value, scan.ctx.persons)
            if id_number_valid(value):
                out.append(scan.found(vs, m.start(), m.end(), Kind.id_number, valid=not repaired,
                                      subject=subject, subject_fixed=subject is not None))
                continue
            if not id_labelled and (uscc.is_valid(value) or other_label):
                continue  # the credit-code or bank-card detector reads it
            if id_labelled or (_has_id_shape(value) and not (value.isdigit() and luhn.is_valid(value))):
                out.append(scan.found(vs, m.start(), m.end(), Kind.id_number, valid=False,
                                      subject=subject, subject_fixed=subject is not None))
        for m in ID_NEAR.finditer(vs.digits):
            if m.start() in seen:
                continue
            pos = vs.line_pos[m.start()]
            if label_before(scan.text, pos, ID_LABELS) is None or officer_number_label(scan.text, pos):
                continue
            value = compact_digits(m.group())
            if len(value) == 15 and value.isdigit():
                out.append(scan.found(vs, m.start(), m.end(), Kind.id_number, valid=_old_id_valid(value)))
            elif 16 <= len(value) <= 20:
                out.append(scan.found(vs, m.start(), m.end(), Kind.id_number, valid=False))
    return out
