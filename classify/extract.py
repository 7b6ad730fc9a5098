"""Classification of one document: its type and stage, and every field, with confidence and provenance.

The recipe: rebuild the text from the OCR words → undo the form layout →
find the labels → classify the type → run each field extractor → map every
value back to its page and boxes. Pure: no database, no files.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from classify.agency import extract_agency, extract_case_source, extract_cause
from classify.case_no import CaseNumber, find_case_numbers, other_series_of_agency
from classify.doc_type import DocTypeResult, classify_doc_type
from classify.form import LABEL_ONLY, LABEL_TAIL, LabelHit, label_hits
from classify.found import Found
from classify.labels import DOC_TYPES
from classify.meanings import extract_dates
from classify.measures import extract_measures, extract_service_method
from classify.officers import extract_devices, extract_officers
from classify.parties import PARTY_ROLE_KINDS, extract_parties
from classify.places import local_places, mend_places
from classify.text import DocText, View

CLASSIFIER_VERSION = "2"  # 2: parties in roles, name shapes, closing dates, dates after the ingest
MEASURE_TYPES = frozenset({"penalty_decision", "non_penalty_decision", "summary_penalty_decision", "other_decision",
                           "penalty_notice", "seizure_decision", "enforcement_decision", "head_approval"})
HEADER_REACH = 400  # a number standing on its own line this close to the top is the document's own number


@dataclass
class Extraction:
    doc_type: DocTypeResult
    fields: list[Found] = field(default_factory=list)
    text: str = ""  # the view the extractors read: table rows in order, label cells joined to their values

    def first(self, kind: str, attr: str = "value") -> Found | None:
        return next((f for f in self.fields if f.kind == kind and f.attr == attr), None)

    def of_kind(self, *kinds: str) -> list[Found]:
        return [f for f in self.fields if f.kind in kinds]


def _line_of(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:len(text) if end < 0 else end]


def _opens_field(text: str, pos: int) -> bool:
    """Whether a label at `pos` opens its line or a table cell: a form's field. A label inside a sentence
    ("…立案调查（立案编号：某立〔2024〕12号）") quotes another document's number."""
    before = text[text.rfind("\n", 0, pos) + 1:pos]
    return not before.strip() or before.rstrip(" ")[-1:] in "\t|丨｜"


def _number_found(n: CaseNumber, confidence: float, problems: tuple[str, ...]) -> Found:
    return Found("case_no", "value", n.canonical, n.raw, confidence, n.start, n.end, problems=problems)


def extract_case_no(text: str, hits: list[LabelHit]) -> list[Found]:
    """The document's case number: a labelled one, else one standing in the header, else a quoted one.

    Two different numbers in labelled or header positions are a conflict for review.
    """
    numbers = find_case_numbers(text)
    if not numbers:
        return []
    labelled = [n for n in numbers if any(h.key == "case_no" and h.value_start <= n.start < h.value_end + 2
                                          and _opens_field(text, h.start) for h in hits)]
    header = [n for n in numbers if n not in labelled and n.start < HEADER_REACH
              and len(_line_of(text, n.start)) <= len(n.raw) + 2]
    strong = labelled + header
    primary = strong[0] if strong else numbers[0]
    problems = primary.problems
    confidence = primary.confidence if strong else primary.confidence - 0.15
    # Two numbers of one agency's two series (案号 and 处罚决定书文号 on a 结案报告) are one matter's: the first is
    # the document's, the other one it cites. Two of one series, or of unrelated prefixes, conflict.
    distinct = sorted({n.canonical for n in strong})
    if any(not other_series_of_agency(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1:]):
        problems, confidence = problems + ("conflict",), min(confidence, 0.4)
    return [_number_found(primary, round(confidence, 2), problems)]


# A cited number must be read this surely: a doubtful one would join a document to a wrong case.
CITED_MIN_CONFIDENCE = 0.8


def extract_cited_numbers(text: str, own: list[Found]) -> list[Found]:
    """Numbers of other documents this one names: a 决定书 its 告知书 ("根据…〔2023〕12号告知书"), a 送达回证
    the document served, a 催告书 the decision. Each is one more number of the same matter (#13)."""
    seen = {f.value for f in own}
    out = []
    for n in find_case_numbers(text):
        if n.canonical in seen or "short_prefix" in n.problems or n.confidence < CITED_MIN_CONFIDENCE:
            continue
        seen.add(n.canonical)
        out.append(Found("cited_no", "value", n.canonical, n.raw, n.confidence, n.start, n.end,
                         group=f"cited_no:{n.canonical}"))
    return out


def _doc_type_fields(result: DocTypeResult, view: View) -> list[Found]:
    start = end = -1
    if result.title_line is not None:
        lines = view.text.split("\n")
        start = sum(len(ln) + 1 for ln in lines[:result.title_line])
        end = start + len(lines[result.title_line])
    problems = ("low_confidence",) if result.confidence < 0.7 else ()
    return [Found("doc_type", "value", result.code, result.code, result.confidence, start, end, problems=problems),
            Found("stage", "value", result.stage, result.stage or "", result.confidence, start, end)]


def extract(doc: DocText, known_agencies: Sequence[str] = (), doc_type: str | None = None,
            received: dt.date | None = None) -> Extraction:
    """Everything the classifier reads from one document. `doc_type` fixes the type (a person's correction);
    `received` is the day it was ingested (today if not given): no date of it can be later."""
    view = doc.view(LABEL_ONLY, LABEL_TAIL)
    text = view.text
    hits = label_hits(text)
    result = classify_doc_type(text)
    if doc_type and doc_type != result.code:
        result = DocTypeResult(doc_type, DOC_TYPES[doc_type].stage if doc_type in DOC_TYPES else None, 1.0,
                               None, result.ranking)
    fields = _doc_type_fields(result, view)
    own_number = extract_case_no(text, hits)
    fields += own_number
    fields += extract_cited_numbers(text, own_number)
    fields += extract_agency(text, list(known_agencies), hits)
    fields += extract_cause(text, hits)
    fields += extract_case_source(hits)
    officers = extract_officers(text, hits, result.code)
    officer_names = {f.value for f in officers if f.attr == "name" and f.value}
    agencies = [f.value for f in fields if f.kind == "agency" and f.value] + list(known_agencies)
    fields += extract_parties(text, hits, officer_names, result.code, agencies)
    fields += officers
    fields += extract_devices(text, hits)
    fields += extract_dates(text, hits, result.code, received)
    if result.code in MEASURE_TYPES:
        fields += extract_measures(text)
    if result.code == "service_receipt":
        fields += extract_service_method(text, hits)
    _mend_places(fields, local_places(tuple(known_agencies)))  # cached: the same list for a whole batch
    for f in fields:
        if f.start >= 0 and f.end > f.start:
            f.page_no, f.boxes = view.locate(f.start, f.end)
    return Extraction(result, fields, text)


def _mend_places(fields: list[Found], places: frozenset[str]) -> None:
    """Parties' names with a misread character of a local place name mended (classify.places); the field's
    `raw` keeps what OCR read."""
    if not places:
        return
    groups: dict[str, str] = {}  # an entity's group names it where it has no identifier: rename all its fields
    for f in fields:
        if f.kind in PARTY_ROLE_KINDS and f.attr in ("name", "represents", "address") and f.value:
            mended = mend_places(f.value, places)
            if mended != f.value:
                if f.attr == "name" and f.group and f.value in f.group:
                    groups[f.group] = f.group.replace(f.value, mended)
                f.value = mended
    for f in fields:
        if f.group in groups:
            f.group = groups[f.group]
