"""统一社会信用代码 (GB 32100), checked with stdnum.cn.uscc.

Only a natural-person business's code (个体工商户, registration-authority
and kind "92") is personal data; every other organisation's code stays,
as 公示办法 第五条 publishes it, and claims its characters so that no other
detector reads it as a number. OCR look-alikes are repaired as
classify.ids.read_credit_code does; a labelled "92…" code that fails its
check is still hidden.
"""
from __future__ import annotations

import re

from stdnum.cn import uscc

from classify.ids import read_credit_code
from redaction.detect.labels import CREDIT_LABELS, ID_LABELS, label_before
from redaction.detect.scan import Found, Scan
from redaction.kinds import Kind

CODE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z|](?:[ ]?[0-9A-Za-z|]){17}(?![0-9A-Za-z])")
NATURAL_PERSON_BUSINESS = "92"


def find(scan: Scan) -> list[Found]:
    out: list[Found] = []
    for vs in scan.each_view():
        for m in CODE.finditer(vs.view.text):
            raw = m.group().replace(" ", "")
            reading = read_credit_code(raw)
            label = label_before(scan.text, vs.line_pos[m.start()], CREDIT_LABELS + ID_LABELS)
            # Under an ID label a run is an ID number's, unless it is a checked code with letters an ID number never
            # holds: the value of a combined label ("身份证号或信用代码", often broken over the cell's lines).
            if label in ID_LABELS and not (uscc.is_valid(reading.value) and re.search(r"[A-WYZa-wyz]", raw)):
                continue
            labelled = label is not None
            if not labelled and not any(c.isalpha() for c in raw) and not uscc.is_valid(reading.value):
                continue  # a plain digit run: an ID or a card, for their detectors
            valid = uscc.is_valid(reading.value)
            if not valid and not (labelled and any(c.isalpha() for c in raw)):
                continue  # an all-digit run failing the check is an ID number's or a card's
            if reading.value.startswith(NATURAL_PERSON_BUSINESS):
                out.append(scan.found(vs, m.start(), m.end(), Kind.credit_code, valid=valid and not reading.repaired))
            else:
                out.append(scan.found(vs, m.start(), m.end(), None))
    return out
