"""E-mail addresses; OCR reads @ as ＠ (NFKC makes it @) or ©, and may leave a space on either side."""
from __future__ import annotations

import re

from redaction.detect.labels import speaks_for_agency
from redaction.detect.scan import Found, Scan
from redaction.kinds import Kind

EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64} ?[@©] ?[A-Za-z0-9\-]+(?: ?\. ?[A-Za-z0-9\-]+)*"
                   r" ?\. ?[A-Za-z]{2,10}(?![A-Za-z0-9])")


def find(scan: Scan) -> list[Found]:
    out: list[Found] = []
    ctx = scan.ctx
    for vs in scan.each_view():
        for m in EMAIL.finditer(vs.view.text):
            pos = vs.line_pos[m.start()]
            # The agency's own published address stays, as its telephone does (002 公示办法:5).
            kind = None if speaks_for_agency(scan.text, pos, ctx.agency_names, ctx.officer_names) else Kind.email
            out.append(scan.found(vs, m.start(), m.end(), kind))
    return out
