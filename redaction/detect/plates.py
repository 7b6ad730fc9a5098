"""机动车号牌: a province's character, the issuing office's letter, an optional dot, and five characters (six on a
new-energy plate: 鄂AD12345), or four and 挂/学/警. OCR may read the letter O for 0, and drop the dot or read it as
another mark.

Some agencies number their officers' certificates the same way (鄂A12345); such a run labelled 执法证号, or known
as one of the case's officers' numbers, stays like any officer's number (公示办法 第五条)."""
from __future__ import annotations

import re

from redaction.detect.labels import officer_number_label
from redaction.detect.scan import Found, Scan
from redaction.kinds import Kind

# The plates' characters, and the provinces' other short names a writer may put in their place (黔 for 贵, 滇 for 云,
# 蜀 for 川, 陇 for 甘, 秦 for 陕).
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领黔滇蜀陇秦"
# A plate's five characters hold at least three digits, or two where the words before say it is a vehicle's.
_MIN_DIGITS, _MIN_DIGITS_NAMED = 3, 2
_VEHICLE_WORDS = re.compile(r"车|牌")
_VEHICLE_WINDOW = 8
# The dot between the office's letter and the number, as OCR reads it on a degraded scan (a colon, a quote, a
# dash, 、 or 一).
_DOT = "·•・.\\-:：'’‘、一–—_˙‧∙⋅"
PLATE = re.compile(rf"[{PROVINCES}] ?[A-Za-z] ?[{_DOT}]? ?(?:[A-Za-z0-9]{{5,6}}|[A-Za-z0-9]{{4}}[挂学警])"
                   rf"(?![A-Za-z0-9])")


def _plain(text: str) -> str:
    return re.sub(rf"[\s{_DOT}]", "", text).upper()


def find(scan: Scan) -> list[Found]:
    out: list[Found] = []
    officer_numbers = {_plain(n) for n in scan.ctx.officer_cert_nos}
    for vs in scan.each_view():
        for m in PLATE.finditer(vs.view.text):
            tail = re.sub(r"[^A-Za-z0-9]", "", m.group()[1:])[1:]
            pos = vs.line_pos[m.start()]
            digits = sum(c.isdigit() for c in tail)
            named = _VEHICLE_WORDS.search(scan.text, max(0, pos - _VEHICLE_WINDOW), pos) is not None
            if digits < (_MIN_DIGITS_NAMED if named else _MIN_DIGITS):
                continue
            officers = officer_number_label(scan.text, pos) or _plain(m.group()) in officer_numbers
            out.append(scan.found(vs, m.start(), m.end(), None if officers else Kind.plate))
    return out
