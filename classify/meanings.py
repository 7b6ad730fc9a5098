"""What each date of a document means: inquiry time, inspection time, decision date, service date …

In order of trust: the date's own label (询问时间：, 送达时间), the phrase
around it in running text (于…立案调查, 于…送达了《…告知书》, 自…起), the
officer it follows on an approval form (审核人：某 2024-03-05 → reviewed),
and last the date under the signature, which means what the document type
says it means (a decision's signature date is its decision date).
"""
from __future__ import annotations

import re

from classify.dates import DateReading, find_dates
from classify.form import LabelHit
from classify.found import Found
from classify.labels import DOC_TYPES

_AFTER = (  # (pattern on the 40 characters after the date, meaning)
    (re.compile(r"^[^。；]{0,30}?立案"), "filed"),
    (re.compile(r"^[^。；]{0,30}?送达了?《[^》]*(告知|通知)书》"), "notified"),
    (re.compile(r"^[^。；]{0,30}?作出[^。；]{0,10}决定"), "decided"),
    (re.compile(r"^[^。；]{0,20}?(举行)?听证"), "hearing"),
    (re.compile(r"^[^。；]{0,20}?(进行了?)?(现场)?检查"), "inspected"),
    (re.compile(r"^[^。；]{0,20}?(进行了?)?询问"), "inquired"),
    (re.compile(r"^[^。；]{0,30}?(抽样|取样)"), "sampled"),
    (re.compile(r"^[^。；]{0,30}?(查封|扣押)"), "seized"),
    (re.compile(r"^[^。；]{0,30}?先行登记保存"), "preserved"),
    (re.compile(r"^[^。；]{0,20}?送达"), "served"),
    (re.compile(r"^\s*起"), "started"),
)
_AGENCY_END = re.compile(r"(局|委员会|政府|大队|支队|中队|所|站|中心|办公室)$")
_ROLE_MEANING = {"handler": "proposed", "reviewer": "reviewed", "approver": "approved", "head": "approved"}
_SIGN_MEANING = {"sign:party": "served"}
# A label whose meaning depends on the document: 检查时间 on a performance check is when it was checked.
_TYPE_REMAP = {("performance_check", "inspected"): "checked", ("rectification_review", "inspected"): "reviewed"}


def _label_for(d: DateReading, hits: list[LabelHit]) -> LabelHit | None:
    for hit in hits:
        if hit.value_start <= d.start <= hit.value_end:
            return hit
        if hit.start > d.start:
            break
    return None


def _meaning(d: DateReading, text: str, hits: list[LabelHit], doc_type: str,
             signature_start: int) -> tuple[str, float]:
    """(meaning, confidence factor) of one date."""
    hit = _label_for(d, hits)
    if hit is not None:
        if hit.key.startswith("date:"):
            meaning = hit.key.removeprefix("date:")
            return _TYPE_REMAP.get((doc_type, meaning), meaning), 1.0
        if hit.key == "date":
            return DOC_TYPES[doc_type].signature_meaning if doc_type in DOC_TYPES else "signed", 0.9
        if doc_type == "service_receipt" and hit.key in _SIGN_MEANING:
            return _SIGN_MEANING[hit.key], 0.9
        if hit.key in _ROLE_MEANING:
            return _ROLE_MEANING[hit.key], 0.9
    after = text[d.end:d.end + 40]
    before = text[max(0, d.start - 4):d.start]
    if before.endswith("自"):
        return "started", 0.85
    for pattern, meaning in _AFTER:
        if pattern.search(after):
            return meaning, 0.85
    if doc_type in DOC_TYPES and _is_signature_date(d, text, signature_start):
        return DOC_TYPES[doc_type].signature_meaning, 0.85
    return "mentioned", 0.5


def _signature_start(text: str) -> int:
    """Where the closing lines (agency name and date) begin: the last four lines."""
    pos = len(text)
    for _ in range(4):
        pos = text.rfind("\n", 0, max(0, pos - 1))
        if pos < 0:
            return 0
    return pos + 1


def _is_signature_date(d: DateReading, text: str, signature_start: int) -> bool:
    """A date of the closing lines that stands alone on its line, or after the agency's name."""
    if d.start < signature_start:
        return False
    line_start = text.rfind("\n", 0, d.start) + 1
    line_end = text.find("\n", d.end)
    rest = (text[line_start:d.start] + text[d.end:len(text) if line_end < 0 else line_end]).strip()
    return len(rest) <= 3 or bool(_AGENCY_END.search(rest))


def extract_dates(text: str, hits: list[LabelHit], doc_type: str) -> list[Found]:
    """One date per meaning; a labelled date outranks a signature date with the same meaning."""
    signature_start = _signature_start(text)
    best: dict[str, tuple[float, Found]] = {}
    seen: dict[str, set[str]] = {}
    for d in find_dates(text):
        meaning, factor = _meaning(d, text, hits, doc_type, signature_start)
        if meaning == "mentioned":
            continue
        confidence = round(d.confidence * factor, 2)
        f = Found("date", meaning, d.iso, d.raw, confidence, d.start, d.end, problems=d.problems)
        if d.date is not None:
            seen.setdefault(meaning, set()).add(d.date.isoformat())
        rank = factor + (1.0 if d.date is not None else 0.0)
        if meaning not in best or rank > best[meaning][0]:
            best[meaning] = (rank, f)
    out = []
    for meaning, (_, f) in best.items():
        if len(seen.get(meaning, ())) > 1:
            f.confidence = min(f.confidence, 0.6)
            f.problems += ("dates_disagree",)
        out.append(f)
    return out
