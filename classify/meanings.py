"""What each date of a document means: inquiry time, inspection time, decision date, service date …

In order of trust: the date's own label (询问时间：, 送达时间), the officer or
opinion it follows on an approval form (审核人：某 2024-03-05 → reviewed), the
document's closing date (alone on its line under the agency's name and seal,
or its form's 日期 field), which means what the document type says (a
decision's closing date is its decision date, whatever date its body cites),
and last the phrase around a date in running text (于…立案调查, 于…送达了
《…告知书》, 自…起), which keeps its meaning there (告知日, 违法行为开始日 …).

A document's own date is the date of its own meaning (`document_date`); one
after the ingest (an OCR misread of 2023 as 2028) or out of the case's order
(classify.chronology) is never taken silently: it is tagged for review.
"""
from __future__ import annotations

import datetime as dt
import re

from classify.dates import DateReading, find_dates, yearless_closing_date
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
    (re.compile(r"^[^。；]{0,30}?(擅自|未经|未取得|违法|违规|无证)"), "violated"),
    (re.compile(r"^\s*起"), "started"),
)
_AGENCY_END = re.compile(r"(局|委员会|政府|大队|支队|中队|所|站|中心|办公室)$")
_ROLE_MEANING = {"handler": "proposed", "reviewer": "reviewed", "approver": "approved", "head": "approved"}
_SIGN_MEANING = {"sign:party": "served"}
# An opinion signed under its text dates the step its label names.
_OPINION_MEANING = {"承办人意见": "proposed", "承办机构意见": "proposed", "拟处理意见": "proposed",
                    "法制审核意见": "reviewed", "审核意见": "reviewed", "负责人审批意见": "approved",
                    "负责人意见": "approved", "审批意见": "approved"}
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
             signature: DateReading | None, next_start: int) -> tuple[str, float]:
    """(meaning, confidence factor) of one date."""
    hit = _label_for(d, hits)
    if hit is not None:
        if hit.key.startswith("date:"):
            meaning = hit.key.removeprefix("date:")
            return _TYPE_REMAP.get((doc_type, meaning), meaning), 1.0
        if hit.key == "date":
            return own_meaning(doc_type), 1.0
        if doc_type == "service_receipt" and hit.key in _SIGN_MEANING:
            return _SIGN_MEANING[hit.key], 0.9
        if hit.key in _ROLE_MEANING:
            return _ROLE_MEANING[hit.key], 0.9
        if hit.key == "cert_no" and (role := _role_before(hit, hits, text)) is not None:
            # 法制审核人员：某（执法证号：…）2024年4月2日 — the signer's date, after the signer's certificate.
            return _ROLE_MEANING[role], 0.9
        if hit.key == "opinion" and hit.label in _OPINION_MEANING:
            return _OPINION_MEANING[hit.label], 0.9
    # The closing date is the document's own, whatever the words after it (a footnote "…送达当事人" names
    # no service date): it is settled before the phrases of running text are read.
    if signature is not None and d.start == signature.start:
        return own_meaning(doc_type), 1.0
    after = text[d.end:min(d.end + 40, next_start)]  # a phrase belongs to the date before it, not to two
    before = text[max(0, d.start - 4):d.start]
    if before.endswith("自"):
        return "started", 0.85
    for pattern, meaning in _AFTER:
        if pattern.search(after):
            return meaning, 0.85
    return "mentioned", 0.5


def _role_before(hit: LabelHit, hits: list[LabelHit], text: str) -> str | None:
    """The officer role label that opens the line `hit` stands on, if any."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    role = None
    for h in hits:
        if h.start >= hit.start:
            break
        if h.start >= line_start and h.key in _ROLE_MEANING:
            role = h.key
    return role


def own_meaning(doc_type: str | None) -> str:
    """What a document's own (closing or form) date means: a decision's is its decision date."""
    return DOC_TYPES[doc_type].signature_meaning if doc_type in DOC_TYPES else "signed"


_SEAL_WORDS = re.compile(r"[(（]?(?:盖章|印章|公章|签章|签名|签字|落款日期|落款|日期)[)）]?[:：]?")


def _stands_alone(d: DateReading, text: str) -> bool:
    """A date alone on its line, or after the agency's name or a seal note: how a closing date is set."""
    line_start = text.rfind("\n", 0, d.start) + 1
    line_end = text.find("\n", d.end)
    before = text[line_start:d.start].strip(" \t:：")
    after = text[d.end:len(text) if line_end < 0 else line_end].strip(" \t:：。")
    rest = _SEAL_WORDS.sub("", before + after).strip(" \t:：")
    return len(rest) <= 3 or bool(_AGENCY_END.search(_SEAL_WORDS.sub("", before).strip(" \t:：")))


def signature_date(text: str, dates: list[DateReading], hits: list[LabelHit]) -> DateReading | None:
    """The document's closing date: the last date in the second half of the text that stands alone on its
    line (under the agency's name, by its seal) and that no label other than 日期 claims."""
    half = len(text) // 2
    for d in reversed(dates):
        if d.start < half:
            break
        hit = _label_for(d, hits)
        if hit is not None and hit.key != "date":
            continue
        if _stands_alone(d, text):
            return d
    return None


def extract_dates(text: str, hits: list[LabelHit], doc_type: str, not_after: dt.date | None = None) -> list[Found]:
    """One date per meaning; a labelled or closing date outranks one read from a phrase.

    A date after `not_after` (the day the document was ingested; today by default) cannot be right: it keeps
    what was read (raw) but no value, and the problem tag after_ingest sends it to review.
    """
    # A day's grace: the ingest time is stored in UTC, the document dated in China's time (UTC+8).
    not_after = (not_after or dt.date.today()) + dt.timedelta(days=1)
    dates = find_dates(text)
    signature = signature_date(text, dates, hits)
    if signature is None and (yearless := yearless_closing_date(text, dates)) is not None:
        dates = sorted([*dates, yearless], key=lambda d: d.start)
        signature = yearless
    best: dict[str, tuple[tuple[float, bool], Found]] = {}
    seen: dict[str, set[str]] = {}
    for i, d in enumerate(dates):
        next_start = dates[i + 1].start if i + 1 < len(dates) else len(text)
        meaning, factor = _meaning(d, text, hits, doc_type, signature, next_start)
        if meaning == "mentioned":
            continue
        confidence = round(d.confidence * factor, 2)
        value, problems = d.iso, d.problems
        if d.date is not None and d.date > not_after:
            value, problems, confidence = None, problems + ("after_ingest",), 0.2
        f = Found("date", meaning, value, d.raw, confidence, d.start, d.end, problems=problems)
        if value is not None and d.date is not None:
            seen.setdefault((meaning, factor), set()).add(d.date.isoformat())
        # Standing first: a labelled or closing date that cannot stand (unreadable, after the ingest) is
        # still the one of that meaning, for a person to settle, never replaced by a phrase of the body.
        rank = (factor, value is not None)
        if meaning not in best or rank > best[meaning][0]:
            best[meaning] = (rank, f)
    out = []
    for meaning, ((factor, _), f) in best.items():
        # Two dates of one meaning and of the same standing disagree; a phrase in the body that cites an
        # earlier act of the same kind does not contradict the document's own labelled or closing date.
        if len(seen.get((meaning, factor), ())) > 1:
            f.confidence = min(f.confidence, 0.6)
            f.problems += ("dates_disagree",)
        out.append(f)
    return out


# Forms that take effect when the head approves them: 立案 is the head's approval of the 立案审批表 (受案时间
# is when the matter came in), a case is closed when the head signs the 结案报告 (002 记录办法:19, 004:11).
# Their own date is the approval's, when it was read; otherwise the date of their own meaning.
APPROVAL_FORMS = frozenset({"case_initiation_approval", "head_approval", "case_closing_report"})
# Problems that keep a date from dating its document (they send it to review instead).
REFUSED_DATE_PROBLEMS = frozenset({"after_ingest", "incomplete_date", "impossible_date"})
# Dates a document may set ahead of itself: a hearing it announces, a deadline it orders.
_FUTURE_MEANINGS = frozenset({"hearing", "ordered"})
# Dates that date a document whose own kind of date is not in it at all: its own acts first.
# The steps a decision reports as done before it (002 记录办法:19, 004:11).
_BEFORE_DECISION = frozenset({"inquired", "inspected", "notified", "filed", "hearing", "reviewed", "approved"})
_FALLBACK = ("signed", "inquired", "inspected", "served", "notified", "decided", "filed", "hearing", "reviewed",
             "approved")


def document_date(doc_type: str | None, dates: dict[str, tuple[str | None, tuple[str, ...]]]) -> dt.date | None:
    """A document's own date from its dates by meaning ({meaning: (value, problems)}).

    The date of its own meaning (a decision's decided, a notice's notified). When that date was read but
    cannot stand (after the ingest, impossible, incomplete), the document stays undated for a
    person to settle, never dated by another date its body cites. Only a document with no date of its own
    meaning at all is dated by the first of the fallbacks.
    """
    own = own_meaning(doc_type)
    if doc_type in APPROVAL_FORMS:
        value, problems = dates.get("approved", (None, ()))
        if value is not None and not REFUSED_DATE_PROBLEMS.intersection(problems):
            return _date(value)
    if own in dates:
        value, problems = dates[own]
        return None if value is None or REFUSED_DATE_PROBLEMS.intersection(problems) else _date(value)
    # A fallback dates the document only when no act its body reports came later: a decision citing the day of
    # the inspection is not dated by it (it closes after every act it reports); undated, a person settles it.
    acts = [_date(v) for m, (v, p) in dates.items()
            if v and m not in _FUTURE_MEANINGS and not REFUSED_DATE_PROBLEMS.intersection(p)]
    latest = max((d for d in acts if d), default=None)
    for meaning in _FALLBACK:
        if own == "decided" and meaning in _BEFORE_DECISION:
            continue  # a decision closes the acts it cites (its 立案, its 告知): none of them is its date
        value, problems = dates.get(meaning, (None, ()))
        if value is not None and not REFUSED_DATE_PROBLEMS.intersection(problems):
            date = _date(value)
            return date if latest is None or date is None or date >= latest else None
    return None


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
