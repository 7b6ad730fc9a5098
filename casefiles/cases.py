"""Case assembly: which case (案件) a document belongs to (#13 item 1).

A case is one matter with many numbers (casefiles.numbers). A document joins a case, in this order:

1. by a number: its own number or one it cites (a 决定书 its 告知书, a 送达回证 the document served) is
   already a number of a case of its unit. When its numbers reach several cases, those cases are one
   matter and are merged (casefiles.merges) — unless a person undid a merge of them before;
2. by a misread prefix character (测市监 / 测市蓝): it joins the near case but goes to review;
   A number places it in one case and its party's identity, cause and officers in exactly one other, and
   the two can be one matter (no series numbered twice, no 立案/告知/决定/结案 twice, steps in order):
   the two are merged (reason shared_identity; recorded, reviewable, undoable);
3. by a shared serial (测住建立〔2024〕12号 / 测住建罚决〔2024〕12号: one agency stem, year and serial, another
   series) backed by a shared party or the same cause (rules: case_numbers.serial_variants);
4. by the party's identity: a party's ID number or credit code shared with exactly one case of the
   unit, together with its cause or officers and a fitting date (a numbered document whose number is
   of a series the case already holds under another serial is another matter). A document without any
   number joins the one case sharing its party and either an officer or a fitting date.

A numbered document that reaches no case opens one; a shared serial without backing opens one too but
waits for review with the candidate case. Several candidates and no number to settle it: the document
waits, unfiled, in the review queue with the candidates — never in a silent new fragment. Waiting
documents are tried again whenever another document is filed (casefiles.filing) and by
`earchive classify --all`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.merges import CLASSIFIER, MergeRefused, merge_cases, undone_between
from casefiles.numbers import cases_holding, choose_case_no, numbers_of, requeue_case_documents, \
    set_document_numbers
from casefiles.rules import CaseRules, default_rules
from classify.case_no import (KIND_INFIXES, find_case_numbers, parse_canonical, same_case_fuzzy, same_series,
                              serial_variant)
from classify.fields import entities, row_of, value_of
from classify.models import DocumentClassification, DocumentOfficer, DocumentParty, ExtractedField
from records.models import Case, Document, Officer, Page, Party

DATE_SLACK = dt.timedelta(days=60)  # a document this far outside a case's dates still fits it
# A record made while a matter runs (询问, 检查) lies within its dates or close before its filing.
ONE_MATTER_SLACK = dt.timedelta(days=15)
# Documents a matter has once (立案, 事先告知, 决定, 结案 — 000:8, 000:12): two of a type with different
# numbers are two matters. Their order is the matter's: filed, notified, decided, closed.
ONCE_PER_MATTER = ("case_initiation_approval", "penalty_notice", "penalty_decision", "case_closing_report")
IDENTIFIERS = ("id_number", "credit_code")
# A name this short (two characters: 王芳) is too common a substring to be recognised in running text.
MIN_NAMED_IN_TEXT = 3
# A cited number whose prefix lost its first characters to OCR (建罚决 for 北建罚决) keeps at least this much.
MIN_TRUNCATED_PREFIX = 3


@dataclass(frozen=True)
class CaseLink:
    case: Case | None
    method: str | None  # number | cited | fuzzy | serial | identity | inferred | manual
    problem: str | None  # why the link needs review (or why there is none)
    candidates: tuple[int, ...] = ()  # the cases a person chooses from

    def reason(self) -> dict | None:
        if not self.problem:
            return None
        out: dict = {"key": "case_no.value", "reason": self.problem}
        if self.candidates:
            out["candidates"] = list(self.candidates)
        return out


@dataclass(frozen=True)
class _Reading:
    own: str | None
    own_human: bool
    cited: tuple[str, ...]
    party_keys: frozenset[str]
    officers: frozenset[str]
    cause: str | None
    doc_date: dt.date | None

    @property
    def numbers(self) -> list[str]:
        return ([self.own] if self.own else []) + [n for n in self.cited if n != self.own]


# Entities that name the matter's party, whatever role the reader gives them (当事人, 被询问人, 受送达人,
# 法定代表人 …); a witness or an officer says nothing about whose matter it is.
NOT_PARTY_KINDS = frozenset({"officer", "device", "cited_no", "witness", "case_no", "date"})


def _has_identifier(keys: Iterable[str]) -> bool:
    """Whether party keys ("id_number:…", "credit_code:…", "name:…") hold an ID number or credit code."""
    return any(k.split(":", 1)[0] in IDENTIFIERS for k in keys)


def _party_keys(rows: list[ExtractedField]) -> frozenset[str]:
    keys = set()
    kinds = {r.kind for r in rows if r.entity and r.kind not in NOT_PARTY_KINDS}
    for attrs in entities(rows, *kinds).values():
        for attr in (*IDENTIFIERS, "name"):
            row = attrs.get(attr)
            if row is not None and row.value:
                keys.add(f"{attr}:{row.value}")
    return frozenset(keys)


def _reading(rows: list[ExtractedField], doc_date: dt.date | None) -> _Reading:
    number = row_of(rows, "case_no.value")
    own = number.value if number is not None and number.value else None
    cited = tuple(sorted({r.value for r in rows if r.kind == "cited_no" and r.value} - {own}))
    officers = frozenset(a["name"].value for a in entities(rows, "officer").values()
                         if "name" in a and a["name"].value)
    return _Reading(own, bool(number is not None and number.human and own), cited, _party_keys(rows), officers,
                    value_of(rows, "cause.value"), doc_date)


# -- what the unit's other documents say ---------------------------------------------------------------

def _case_party_keys(session: Session, unit_id: int, document_id: int) -> dict[int, set[str]]:
    """Cases of the unit -> the party keys their documents (other than this one) name."""
    rows = session.execute(
        select(Document.case_id, Party.id_number, Party.credit_code, Party.name)
        .join(DocumentParty, DocumentParty.document_id == Document.id)
        .join(Party, Party.id == DocumentParty.party_id)
        .where(Document.unit_id == unit_id, Document.case_id.is_not(None), Document.status == "ok",
               Document.id != document_id, DocumentParty.role.not_in(sorted(NOT_PARTY_KINDS))))
    out: dict[int, set[str]] = {}
    for case_id, id_number, credit_code, name in rows:
        keys = out.setdefault(case_id, set())
        keys.add(f"name:{name}")
        if id_number:
            keys.add(f"id_number:{id_number}")
        if credit_code:
            keys.add(f"credit_code:{credit_code}")
    return out


def _case_identified_keys(session: Session, unit_id: int, document_id: int) -> dict[int, set[str]]:
    """Cases of the unit -> keys of their identified parties: the ID number or credit code, and the name
    of a party recorded with one. A name read without an identifier may be a phrase taken for a name
    (下列物品予以先行); one recorded beside a checked identifier is a party's."""
    rows = session.execute(
        select(Document.case_id, Party.id_number, Party.credit_code, Party.name)
        .join(DocumentParty, DocumentParty.document_id == Document.id)
        .join(Party, Party.id == DocumentParty.party_id)
        .where(Document.unit_id == unit_id, Document.case_id.is_not(None), Document.status == "ok",
               Document.id != document_id, DocumentParty.role.not_in(sorted(NOT_PARTY_KINDS)),
               (Party.id_number.is_not(None)) | (Party.credit_code.is_not(None))))
    out: dict[int, set[str]] = {}
    for case_id, id_number, credit_code, name in rows:
        keys = out.setdefault(case_id, set())
        if name:
            keys.add(f"name:{name}")
        if id_number:
            keys.add(f"id_number:{id_number}")
        if credit_code:
            keys.add(f"credit_code:{credit_code}")
    return out


def _document_text(session: Session, document_id: int) -> str:
    """The document's OCR text without whitespace: a name broken over a line end (某某物业服\n务有限公司) is whole."""
    texts = session.scalars(select(Page.text_norm).where(Page.document_id == document_id).order_by(Page.page_no))
    return re.sub(r"\s+", "", "".join(t or "" for t in texts))


def _named_in_text(session: Session, document: Document) -> frozenset[str]:
    """Name keys of the unit's identified parties that the document's text names anywhere.

    The addressee line of a letter (某某有限公司：), the party named in the prose of a 法制审核意见书 or a
    集体讨论记录, the suspect a witness speaks of: a reader may miss them, but the name of a party the unit
    already knows with its identifier, found in the text, says whose matter the document is.
    """
    names = {k.split(":", 1)[1] for keys in _case_identified_keys(session, document.unit_id, document.id).values()
             for k in keys if k.startswith("name:")}
    names = {n for n in names if len(n) >= MIN_NAMED_IN_TEXT}
    if not names:
        return frozenset()
    text = _document_text(session, document.id)
    return frozenset(f"name:{n}" for n in names if n in text)


def _officers_fit(session: Session, case_id: int, document_id: int, officers: frozenset[str]) -> bool:
    docs = select(Document.id).where(Document.case_id == case_id, Document.id != document_id)
    names = set(session.scalars(select(Officer.name).join(DocumentOfficer, DocumentOfficer.officer_id == Officer.id)
                                .where(DocumentOfficer.document_id.in_(docs))))
    return bool(officers & names)


def _date_fits(session: Session, case_id: int, document_id: int, doc_date: dt.date | None,
               slack: dt.timedelta = DATE_SLACK) -> bool | None:
    """Whether the date lies within the case's dates (with slack); None when either has no date."""
    if doc_date is None:
        return None
    docs = select(Document.id).where(Document.case_id == case_id, Document.id != document_id)
    dates = [d for d in session.scalars(select(DocumentClassification.doc_date)
                                        .where(DocumentClassification.document_id.in_(docs))) if d]
    if not dates:
        return None
    return min(dates) - slack <= doc_date <= max(dates) + slack


def _same_cause(a: str | None, b: str | None) -> bool:
    return bool(a and b) and (a == b or a in b or b in a)


# -- the ways to join ------------------------------------------------------------------------------------

def _serial_candidates(session: Session, document: Document, reading: _Reading,
                       rules: CaseRules) -> tuple[set[int], set[int]]:
    """Cases holding another series' number with this serial: (backed by party or cause, not backed)."""
    rule = rules.case_numbers.serial_variants
    parsed = parse_canonical(reading.own or "")
    if not rule.enabled or parsed is None:
        return set(), set()
    from casefiles.models import CaseNumber

    _prefix, year, serial = parsed
    like = session.execute(select(CaseNumber.case_id, CaseNumber.number)
                           .where(CaseNumber.unit_id == document.unit_id, CaseNumber.number.like(f"%〔{year}〕{serial}号"),
                                  CaseNumber.document_id != document.id))
    kinds = KIND_INFIXES | frozenset(rule.kinds)
    hits = {cid for cid, number in like
            if serial_variant(reading.own, number, rule.min_stem, rule.max_suffix, kinds)}
    if not hits:
        return set(), set()
    parties = _case_party_keys(session, document.unit_id, document.id) if "party" in rule.corroborate_by else {}
    backed = set()
    for case_id in hits:
        case = session.get(Case, case_id)
        if reading.party_keys & parties.get(case_id, set()) or (
                "cause" in rule.corroborate_by and _same_cause(reading.cause, case.cause)):
            backed.add(case_id)
    return backed, hits - backed


def _identity_candidates(session: Session, document: Document, reading: _Reading) -> list[int]:
    """Cases sharing the party's identity and its cause or officers, at a fitting date.

    A numbered document needs a shared ID number or credit code (with cause or officers), or a shared name
    with the same cause, shared officers and a fitting date, and must not carry a number of a series the
    case already holds under another serial (one matter has one number per series). A document
    without a number keeps the older, looser test: any shared party key (a name too) with an officer
    or a fitting date.
    """
    parties = _case_party_keys(session, document.unit_id, document.id)
    out = []
    for case_id, keys in sorted(parties.items()):
        shared = reading.party_keys & keys
        if not shared:
            continue
        if reading.own:
            if any(same_series(reading.own, n) for n in numbers_of(session, case_id)):
                continue
            if not _fits_matter(session, case_id, document, reading):
                continue
            case = session.get(Case, case_id)
            same_cause = _same_cause(reading.cause, case.cause)
            officers = _officers_fit(session, case_id, document.id, reading.officers)
            dated = _date_fits(session, case_id, document.id, reading.doc_date)
            if _has_identifier(shared):
                if not (same_cause or officers) or dated is False:
                    continue
            elif not (same_cause and officers and dated):
                # A name alone (the identifier unread on a poor scan) needs all three: the same cause, the
                # same officers and a date within the case's.
                continue
        elif not (_officers_fit(session, case_id, document.id, reading.officers)
                  or _date_fits(session, case_id, document.id, reading.doc_date)):
            # A paper with no number, no readable date and no officer (a party's 授权委托书 whose date a seal
            # took) has only its party to go by: their ID number or credit code, never a name alone.
            if reading.doc_date is not None or reading.officers \
                    or not _has_identifier(shared):
                continue
        out.append(case_id)
    return out


def _named_matter_candidates(session: Session, document: Document, reading: _Reading) -> list[int]:
    """Cases a numbered document, whose number no other case holds, may be one more number of (#13 item 1: a
    new number for a matter already known becomes one more number of that case): the case knows one of the
    document's parties with an identifier (read on the document or named in its text), holds no other
    number of the document's series, has room for its type in its steps' order (`_fits_matter`), its
    cause does not contradict the document's, and its dates hold the document's: within ONE_MATTER_SLACK
    of them, or within DATE_SLACK with the same cause or officers. A 先行登记保存通知书, a 责令改正通知书
    or a 法制审核意见书 numbered in a series of its own is filed with its matter, not in a fragment."""
    if reading.doc_date is None:
        return []
    out = []
    for case_id, keys in sorted(_case_identified_keys(session, document.unit_id, document.id).items()):
        if case_id == document.case_id or not reading.party_keys & keys:
            continue
        if any(same_series(reading.own, n) for n in numbers_of(session, case_id)):
            continue
        case = session.get(Case, case_id)
        if reading.cause and case.cause and not _same_cause(reading.cause, case.cause):
            continue
        if not _fits_matter(session, case_id, document, reading):
            continue
        near = _date_fits(session, case_id, document.id, reading.doc_date, ONE_MATTER_SLACK)
        if not near:
            backed = _same_cause(reading.cause, case.cause) or _officers_fit(session, case_id, document.id,
                                                                             reading.officers)
            if not (backed and _date_fits(session, case_id, document.id, reading.doc_date)):
                continue
        out.append(case_id)
    return out


def _alone(session: Session, case_id: int, document_id: int) -> bool:
    """Whether the document is the only one of its case (a case its own number opened)."""
    return session.scalar(select(Document.id).where(Document.case_id == case_id, Document.id != document_id)
                          .limit(1)) is None


def _one_matter(session: Session, a: int, b: int) -> bool:
    """Whether two cases can be one matter: no series holds two numbers across them, no document a matter
    has once is there twice under different numbers (or without one), and its steps keep their order."""
    from casefiles.models import CaseNumber

    if any(same_series(x, y) for x in numbers_of(session, a) for y in numbers_of(session, b)):
        return False
    rows = session.execute(
        select(Document.id, Document.doc_type, DocumentClassification.doc_date)
        .outerjoin(DocumentClassification, DocumentClassification.document_id == Document.id)
        .where(Document.case_id.in_([a, b]), Document.status == "ok")).all()
    own = dict(session.execute(select(CaseNumber.document_id, CaseNumber.number)
                               .where(CaseNumber.case_id.in_([a, b]), CaseNumber.source.in_(("own", "manual")))).all())
    steps: list[tuple[int, dt.date]] = []
    for doc_type in ONCE_PER_MATTER:
        docs = [r for r in rows if r.doc_type == doc_type]
        if len(docs) > 1 and (len({own.get(r.id) for r in docs}) > 1 or None in {own.get(r.id) for r in docs}):
            return False
        steps += [(ONCE_PER_MATTER.index(doc_type), r.doc_date) for r in docs if r.doc_date]
    return all(da <= db for ia, da in steps for ib, db in steps if ia < ib)


def _fragments_of_one_matter(session: Session, case_ids: list[int]) -> bool:
    """Whether every two of the cases may be one matter and no person has kept any two apart."""
    pairs = [(a, b) for i, a in enumerate(case_ids) for b in case_ids[i + 1:]]
    return all(_one_matter(session, a, b) and not undone_between(session, a, b) for a, b in pairs)


def _ties_fragments(session: Session, document: Document, reading: _Reading, case_ids: list[int]) -> bool:
    """Whether a document without a number ties fragments of one matter (its 先行登记保存 in one, its 告知书 and
    决定书 in the other, a 询问笔录 naming the party of both): it shares an ID number or credit code with one of
    them; its date lies within each one's (DATE_SLACK), since one party's two matters months apart share their
    officers too; each one without the identifier holds its officers or its date within ONE_MATTER_SLACK; and
    they can be one matter."""
    identified = _case_identified_keys(session, document.unit_id, document.id)
    by_identifier = [c for c in case_ids if _has_identifier(reading.party_keys & identified.get(c, set()))]
    if not by_identifier or not all(_date_fits(session, c, document.id, reading.doc_date) for c in case_ids):
        return False
    if not all(c in by_identifier or _officers_fit(session, c, document.id, reading.officers)
               or _date_fits(session, c, document.id, reading.doc_date, ONE_MATTER_SLACK) for c in case_ids):
        return False
    return _fragments_of_one_matter(session, case_ids)


def _fits_matter(session: Session, case_id: int, document: Document, reading: _Reading) -> bool:
    """Whether a document can be one more of the case's: not a second 立案/告知/决定/结案 under another number,
    and in its step's place among the case's dated steps (a 立案审批表 after the case's decision is another
    matter's)."""
    from casefiles.models import CaseNumber

    if document.doc_type not in ONCE_PER_MATTER:
        return True
    step = ONCE_PER_MATTER.index(document.doc_type)
    rows = session.execute(
        select(Document.id, Document.doc_type, DocumentClassification.doc_date)
        .outerjoin(DocumentClassification, DocumentClassification.document_id == Document.id)
        .where(Document.case_id == case_id, Document.id != document.id, Document.status == "ok",
               Document.doc_type.in_(ONCE_PER_MATTER))).all()
    for row in rows:
        if row.doc_type == document.doc_type:
            number = session.scalar(select(CaseNumber.number).where(CaseNumber.document_id == row.id,
                                                                   CaseNumber.source.in_(("own", "manual"))))
            if number is None or number != reading.own:
                return False
        other = ONCE_PER_MATTER.index(row.doc_type)
        if reading.doc_date and row.doc_date and (
                (other < step and row.doc_date > reading.doc_date) or (other > step and row.doc_date < reading.doc_date)):
            return False
    return True


def _identity_proves_one_matter(session: Session, document: Document, reading: _Reading, case_id: int,
                                other_id: int) -> bool:
    """A document filed by its number into one case, whose party's identity, cause and officers point to one
    other case, proves the two one matter: a 立案审批表 numbered in the 立 series and a 决定书 in the 罚决
    series, linked by nothing but who, what and by whom. Not when a person kept them apart, nor when the two
    hold what two matters hold (casefiles.cases._one_matter)."""
    other = session.get(Case, other_id)
    # A decision names no officers (the agency signs it): its party's ID number or credit code, shared with the
    # other case, stands in for them, as the two must still be one matter by their steps (_one_matter).
    identified = _has_identifier(reading.party_keys & _case_identified_keys(session, document.unit_id,
                                                                            document.id).get(other_id, set()))
    return (_same_cause(reading.cause, other.cause)
            and (_officers_fit(session, other_id, document.id, reading.officers)
                 or (identified and not reading.officers))
            and not undone_between(session, case_id, other_id)
            and _one_matter(session, case_id, other_id))


def _fuzzy_case(session: Session, unit_id: int, number: str) -> Case | None:
    """The first case of the unit with a number one misread character away (its 案号 or any other number)."""
    from casefiles.models import CaseNumber

    for other in session.scalars(select(Case).where(Case.unit_id == unit_id).order_by(Case.id)):
        if same_case_fuzzy(number, other.case_no):
            return other
    rows = session.execute(select(CaseNumber.case_id, CaseNumber.number).where(CaseNumber.unit_id == unit_id)
                           .order_by(CaseNumber.case_id, CaseNumber.number))
    for case_id, other in rows:
        if same_case_fuzzy(number, other):
            return session.get(Case, case_id)
    return None


def _join_all(session: Session, document: Document, case_ids: set[int], held: dict[int, set[str]],
              reason: str) -> CaseLink | None:
    """One case out of several the document's numbers reach: merged, or None when a person kept them apart."""
    ordered = sorted(case_ids)
    if any(undone_between(session, a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]):
        if document.case_id in case_ids:
            return CaseLink(session.get(Case, document.case_id), "number", None)
        return CaseLink(None, None, "case_ambiguous", tuple(ordered))
    survivor = session.get(Case, ordered[0])
    for other_id in ordered[1:]:
        other = session.get(Case, other_id)
        try:
            merge_cases(session, survivor, other, reason,
                        {"document_id": document.id, "numbers": {str(c): sorted(held.get(c, ())) for c in ordered}},
                        CLASSIFIER)
        except MergeRefused:
            return CaseLink(None, None, "case_ambiguous", tuple(ordered))
    return CaseLink(survivor, "number", None)


def _new_case(session: Session, document: Document, number: str, cause: str | None) -> Case:
    """A case for a number no case holds; a case the document alone made is renamed instead."""
    existing = session.scalar(select(Case).where(Case.unit_id == document.unit_id, Case.case_no == number))
    if existing is not None:
        return existing
    if document.case_id is not None:
        alone = session.scalar(select(Document.id).where(Document.case_id == document.case_id,
                                                         Document.id != document.id).limit(1)) is None
        if alone:
            case = session.get(Case, document.case_id)
            case.case_no = number
            return case
    case = Case(unit_id=document.unit_id, case_no=number, cause=cause)
    session.add(case)
    session.flush()
    return case


def _decide(session: Session, document: Document, reading: _Reading, rules: CaseRules) -> CaseLink:
    # Classified again, a document is not held in a case of others by the number it alone brought there; a case
    # it opened alone stays its own (merged on the record when its matter turns up).
    shared = document.case_id is not None and not _alone(session, document.case_id, document.id)
    held = cases_holding(session, document.unit_id, reading.numbers, besides=document.id if shared else None)
    backed, unbacked = (_serial_candidates(session, document, reading, rules)
                        if reading.own and not reading.own_human else (set(), set()))
    strong = set(held) | backed
    if strong:
        if len(strong) > 1:
            link = _join_all(session, document, strong, held, "shared_number" if len(held) > 1 else "shared_serial")
            if link.case is None:
                return link
            case = link.case
        else:
            case = session.get(Case, next(iter(strong)))
        if reading.own_human:
            return CaseLink(case, "manual", None)
        own_held = any(reading.own in held.get(c, set()) for c in held) if reading.own else False
        method = "number" if own_held or not reading.numbers else ("cited" if held else "serial")
        # Its number says one case, its party's identity (with cause or officers, at a fitting date)
        # another: the two may be one matter split earlier. Filed by the number, but never silently.
        others = sorted(set(_identity_candidates(session, document, reading)) - {case.id})
        if len(others) == 1 and _identity_proves_one_matter(session, document, reading, case.id, others[0]):
            link = _join_all(session, document, {case.id, others[0]}, held, "shared_identity")
            if link.case is not None:
                return CaseLink(link.case, method, None)
        if others:
            return CaseLink(case, method, "case_maybe_same", tuple([case.id, *others]))
        if reading.own and _alone(session, case.id, document.id):
            # The document opened this case alone (it came before the rest of its matter, or its party was
            # not known yet): now its party's matter is known, the two are one, merged on the record.
            named = _named_matter_candidates(session, document, reading)
            if len(named) == 1 and not undone_between(session, case.id, named[0]) \
                    and _one_matter(session, case.id, named[0]):
                link = _join_all(session, document, {case.id, named[0]}, held, "shared_identity")
                if link.case is not None:
                    return CaseLink(link.case, "identity", None)
            if len(named) > 1:
                return CaseLink(case, method, "case_maybe_same", tuple([case.id, *named]))
        return CaseLink(case, method, None)
    if reading.own_human:
        return CaseLink(_new_case(session, document, reading.own, reading.cause), "manual", None)
    if reading.own:
        near = _fuzzy_case(session, document.unit_id, reading.own)
        if near is not None:
            return CaseLink(near, "fuzzy", "case_no_fuzzy")
        identity = _identity_candidates(session, document, reading)
        if len(identity) == 1:
            return CaseLink(session.get(Case, identity[0]), "identity", None)
        if len(identity) > 1 and _fragments_of_one_matter(session, identity):
            # Two fragments of one matter (its 询问笔录 and 责令改正 in one, its 告知书 and 决定书 in the other), and
            # the document fits both: it is what ties them; merged on the record, undoable.
            link = _join_all(session, document, set(identity), {}, "shared_identity")
            if link.case is not None:
                return CaseLink(link.case, "identity", None)
        if len(identity) > 1:
            return CaseLink(None, None, "case_ambiguous", tuple(identity))
        named = _named_matter_candidates(session, document, reading)
        if len(named) == 1:
            return CaseLink(session.get(Case, named[0]), "identity", None)
        if len(named) > 1:
            return CaseLink(None, None, "case_ambiguous", tuple(named))
        case = _new_case(session, document, reading.own, reading.cause)
        if unbacked:
            return CaseLink(case, "number", "case_maybe_same", tuple(sorted(unbacked)))
        return CaseLink(case, "number", None)
    if not reading.party_keys:
        return CaseLink(None, None, "no_case")
    fitting = _identity_candidates(session, document, reading)
    if len(fitting) > 1:
        # One party, several matters: the one whose dates hold the document's own date (a record of a
        # matter is made while that matter runs); none or several, and a person chooses.
        if _ties_fragments(session, document, reading, fitting):
            link = _join_all(session, document, set(fitting), {}, "shared_identity")
            if link.case is not None:
                return CaseLink(link.case, "identity", None)
        dated = [c for c in fitting if _date_fits(session, c, document.id, reading.doc_date, ONE_MATTER_SLACK)]
        if len(dated) == 1:
            return CaseLink(session.get(Case, dated[0]), "inferred", None)
    if len(fitting) == 1:
        return CaseLink(session.get(Case, fitting[0]), "inferred", None)
    return CaseLink(None, None, "no_case", tuple(fitting))


def _truncated_match(session: Session, document: Document, number: str) -> str | None:
    """The unit's one known number that `number` is with the first characters of its prefix lost (OCR dropped
    the start of a line or a bracket's neighbour: 建罚决〔2023〕12号 for 北建罚决〔2023〕12号); None if none or several."""
    from casefiles.models import CaseNumber

    parsed = parse_canonical(number)
    if parsed is None or len(parsed[0]) < MIN_TRUNCATED_PREFIX:
        return None
    prefix, year, serial = parsed
    known = set(session.scalars(select(CaseNumber.number).where(
        CaseNumber.unit_id == document.unit_id, CaseNumber.document_id != document.id,
        CaseNumber.number.like(f"%{prefix}〔{year}〕{serial}号"))))
    known |= set(session.scalars(select(Case.case_no).where(Case.unit_id == document.unit_id,
                                                            Case.case_no.like(f"%{prefix}〔{year}〕{serial}号"))))
    # A known number the reader no longer reads whole (行政处罚决定书某罚字〔2024〕5号, stored by an older reading
    # that took a document's name into the prefix) is no longer prefix to restore.
    longer = {n for n in known if n != number and (p := parse_canonical(n)) and p[0].endswith(prefix)
              and p[1:] == (year, serial) and _reads_whole(n)}
    return next(iter(longer)) if len(longer) == 1 else None


def _reads_whole(number: str) -> bool:
    """Whether the number, read again, is itself (not a shorter number with words before it)."""
    found = find_case_numbers(number)
    return len(found) == 1 and found[0].canonical == number


def _resolved(session: Session, document: Document, reading: _Reading) -> _Reading:
    """The reading with its numbers made whole where OCR cut a prefix, and with the unit's known parties its
    text names among its party keys."""
    known = {n: m for n in reading.numbers if not set(cases_holding(session, document.unit_id, [n])) - {document.case_id}
             and (m := _truncated_match(session, document, n))}
    own = known.get(reading.own, reading.own) if reading.own and not reading.own_human else reading.own
    cited = tuple(sorted({known.get(n, n) for n in reading.cited} - {own}))
    return replace(reading, own=own, cited=cited, party_keys=reading.party_keys | _named_in_text(session, document))


def assign_case(session: Session, document: Document, rows: list[ExtractedField],
                doc_date: dt.date | None, rules: CaseRules | None = None) -> CaseLink:
    """Set document.case_id from its fields and record its numbers; the link says how, or why there is none."""
    rules = rules or default_rules()
    previous = document.case_id
    if document.unit_id is None:
        document.case_id = None
        set_document_numbers(session, document, None, None, "own", ())
        return CaseLink(None, None, "no_unit")
    number = row_of(rows, "case_no.value")
    reading = _reading(rows, doc_date)
    if number is not None and number.value and "conflict" in (number.problems or []) and not number.human:
        document.case_id = None
        set_document_numbers(session, document, None, None, "own", ())
        _settle(session, previous, None, rules, document.id)
        return CaseLink(None, None, "case_no_conflict")
    reading = _resolved(session, document, reading)
    link = _decide(session, document, reading, rules)
    case = link.case
    document.case_id = case.id if case else None
    before = numbers_of(session, case.id) if case else set()
    set_document_numbers(session, document, document.case_id, reading.own, "manual" if reading.own_human else "own",
                         reading.cited)
    if case is not None:
        if case.cause is None:
            case.cause = reading.cause
        renamed = choose_case_no(session, case, rules)
        if renamed or numbers_of(session, case.id) != before:
            requeue_case_documents(session, case.id, skip=[document.id])
    _settle(session, previous, document.case_id, rules, document.id)
    return link


def _settle(session: Session, previous: int | None, current: int | None, rules: CaseRules, document_id: int) -> None:
    """The case the document left takes its 案号 from the numbers it still holds."""
    if previous is None or previous == current:
        return
    case = session.get(Case, previous)
    if case is not None and choose_case_no(session, case, rules):
        requeue_case_documents(session, case.id, skip=[document_id])
