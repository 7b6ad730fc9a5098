"""The issuing agency (执法机关) and the cause of action (案由) of a document.

The agency is read where documents name it — the signature block (often
under the seal), the line above the title, "我们是…的执法人员" — and matched
against the agencies the system knows, which settles characters a seal or
OCR damaged. The cause is read from 案由 or from "涉嫌…一案/一事".
"""
from __future__ import annotations

import re

from classify.form import LabelHit
from classify.found import Found
from classify.fuzzy import closest, levenshtein

_AGENCY_TAIL = (r"(?:人民政府|委员会|监督管理局|管理局|执法局|执法大队|执法支队|执法中队|分局|局|大队|支队|中队|"
                r"办公室|派出所|管理所|资源所|所|管理站|站|中心|厅)")
# An agency's name opens a line of the head or the signature; under a seal its date (and a stray
# character or two of the seal's own text) may run into it.
_AGENCY_LINE = re.compile(rf"^(?P<name>[\u4e00-\u9fff()]{{2,30}}?{_AGENCY_TAIL})(?=.{{0,2}}$|.{{0,2}}[\d〇○零O一二三四五六七八九十])",
                          re.M)
_AGENCY_PROSE = re.compile(rf"(?:我们是|我是|本机关为)(?P<name>[\u4e00-\u9fff()]{{2,30}}?{_AGENCY_TAIL})(?:的|执法)")
_AGENCY_NAME = re.compile(rf"[\u4e00-\u9fff()]{{2,30}}?{_AGENCY_TAIL}")
_CAUSE_PHRASE = re.compile(r"涉嫌(?P<cause>[^，,。；;:：\n]{2,40}?)(?:一案|一事|案件|案|[，,。；;]|的行为)")
_CAUSE_TRIM = re.compile(r"^(涉嫌|因)|(一案|一事|案件|案|的行为)$")


def _candidates(text: str, hits: list[LabelHit]) -> list[tuple[str, int, float]]:
    """(name, offset, base confidence): labelled and clear prose mentions first, then header and signature lines."""
    found = []
    for hit in hits:
        m = _AGENCY_NAME.search(hit.value) if hit.key == "agency" else None
        if m:
            found.append((m.group(), hit.value_start + m.start(), 0.9))
    found += [(m.group("name"), m.start("name"), 0.9) for m in _AGENCY_PROSE.finditer(text)]
    lines = list(_AGENCY_LINE.finditer(text))
    head = [m for m in lines if m.start() < 200]
    tail = [m for m in lines if m.start() >= len(text) - 300]
    found += [(m.group("name"), m.start("name"), 0.92) for m in head]
    found += [(m.group("name"), m.start("name"), 0.9) for m in reversed(tail)]  # under the seal: least sure
    return found


def _known(name: str, known: list[str]) -> tuple[str, int] | None:
    """The known agency `name` was read from: nearly the same, or its end when a seal took its start."""
    match = closest(name, known, max_ratio=0.25)
    if match or len(name) < 5:
        return match
    tails = [k for k in known if len(k) > len(name) and levenshtein(name, k[-len(name):]) <= 1]
    return (tails[0], len(tails[0]) - len(name)) if len(tails) == 1 else None


def extract_agency(text: str, known_agencies: list[str], hits: list[LabelHit] = ()) -> list[Found]:
    best: Found | None = None
    for name, start, confidence in _candidates(text, list(hits)):
        match = _known(name, known_agencies) if known_agencies else None
        if match and match[1] == 0:
            f = Found("agency", "name", match[0], name, max(confidence, 0.95), start, start + len(name))
        elif match:
            f = Found("agency", "name", match[0], name, 0.85, start, start + len(name),
                      problems=("settled_by_registry",))
        else:
            f = Found("agency", "name", name, name, 0.6, start, start + len(name),
                      problems=("unknown_agency",) if known_agencies else ())
        if best is None or f.confidence > best.confidence:
            best = f
    return [best] if best else []


def _clean_cause(value: str) -> str:
    previous = None
    while previous != value:
        previous, value = value, _CAUSE_TRIM.sub("", value.strip(" ，,。"))
    return value


def extract_cause(text: str, hits: list[LabelHit]) -> list[Found]:
    for hit in hits:
        if hit.key == "cause" and hit.value.strip():
            cause = _clean_cause(hit.value)
            if len(cause) >= 2:
                return [Found("cause", "value", cause, hit.value, 0.93, hit.value_start, hit.value_end)]
    m = _CAUSE_PHRASE.search(text)
    if m:
        cause = _clean_cause(m.group("cause"))
        if len(cause) >= 2:
            return [Found("cause", "value", cause, m.group(), 0.8, m.start("cause"), m.end("cause"))]
    return []


def extract_case_source(hits: list[LabelHit]) -> list[Found]:
    for hit in hits:
        if hit.key == "case_source" and hit.value.strip():
            return [Found("case_source", "value", hit.value.strip(), hit.value, 0.9, hit.value_start, hit.value_end)]
    return []
