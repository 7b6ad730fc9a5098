"""A document's parties and officers cross-checked against its case and its unit (#13 item 2).

One document cannot tell an OCR misread name from another person, nor an interviewee in their own case from a
witness. The case can:

- a party name without an identifier that differs by one character from exactly one person of the case known
  with an identifier (or is that name cut short by its last character) is that person's name; a name read with
  an identifier takes the name most documents of the case read with that identifier when they differ by one
  character;
- an officer's name read with a 执法证号 takes the name the unit's documents read most often with that number when
  the two differ by one character or one is the other cut short; a name without a number that is a known
  officer's name cut short, or one character from exactly one, is that officer;
- an interviewee whose 身份证号 is the case's 当事人's is also the 当事人 (a person interviewed in their own case);
- a 受送达人 person without a number, served together with the company, whom the case records as that company's
  法定代表人 received it as its 法定代表人.

Two different identifiers (ID numbers or 执法证号) are never merged into one person.

Every change keeps the reading: a corrected name's `machine_value` stays as read and its `problems` carry
`settled_by_case` or `settled_by_officers`; a role taken from the case is written as new rows without a
machine value, tagged `role_from_case`, or (受送达人 -> 法定代表人) as the same rows under the new role with
`role_from_case`, their key still naming the role as read. Fields a person confirmed or corrected are never
touched. The corrections are derived only from values as read, so re-running them gives the same result, and
each is logged.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from classify.fuzzy import levenshtein
from classify.labels import PARTY_ROLES
from classify.models import ExtractedField
from records.models import Document

log = logging.getLogger(__name__)

PARTY_KINDS = tuple(PARTY_ROLES)
NAME_FROM_CASE = "settled_by_case"
NAME_FROM_OFFICERS = "settled_by_officers"
ROLE_FROM_CASE = "role_from_case"
TAGS = frozenset({NAME_FROM_CASE, NAME_FROM_OFFICERS, ROLE_FROM_CASE})


@dataclass(frozen=True)
class Reading:
    """One entity of one document as read: role (from its key), name, and its identifier if any."""

    document_id: int
    group: str  # the entity's key prefix as read, e.g. "interviewee:1101..."
    role: str
    name: str
    identifier: str | None  # 身份证号, 统一社会信用代码 or 执法证号
    represents: str | None = None


@dataclass(frozen=True)
class NameFix:
    document_id: int
    group: str
    name: str  # the name it is settled to
    tag: str
    why: str


def one_char_apart(a: str, b: str) -> bool:
    """Same length, same first character (the surname), one character different: an OCR misread."""
    return len(a) == len(b) >= 2 and a[0] == b[0] and levenshtein(a, b) == 1


def cut_short(short: str, full: str) -> bool:
    """`short` is `full` without its last character: a seal or a line end took it (柳子 for 柳子衿)."""
    return len(short) >= 2 and len(full) == len(short) + 1 and full.startswith(short)


def _majority(names: Counter) -> str | None:
    """The name read most often, if strictly more often than any other."""
    ranked = names.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _settle_by_identifier(readings: list[Reading], related) -> dict[tuple[int, str], str]:
    """Readings with one identifier but names that differ slightly: the name most documents read."""
    by_id: dict[str, Counter] = defaultdict(Counter)
    for r in readings:
        if r.identifier:
            by_id[r.identifier][r.name] += 1
    out: dict[tuple[int, str], str] = {}
    for r in readings:
        if not r.identifier or len(by_id[r.identifier]) < 2:
            continue
        best = _majority(by_id[r.identifier])
        if best and best != r.name and related(r.name, best):
            out[(r.document_id, r.group)] = best
    return out


def _unique_known(name: str, known: set[str], related) -> str | None:
    if name in known:
        return None
    matches = [k for k in known if related(name, k)]
    return matches[0] if len(matches) == 1 else None


def party_name_fixes(readings: list[Reading]) -> list[NameFix]:
    """Names of the case's persons settled by the case's other documents (see the module docstring)."""
    persons = [r for r in readings if r.identifier]  # read with a 身份证号
    out = [NameFix(d, g, name, NAME_FROM_CASE, "same ID number, the name most documents of the case read")
           for (d, g), name in _settle_by_identifier(persons, one_char_apart).items()]
    names_by_id: dict[str, Counter] = defaultdict(Counter)
    for r in persons:
        names_by_id[r.identifier][r.name] += 1
    known = {_majority(c) or c.most_common(1)[0][0] for c in names_by_id.values()}
    for r in readings:
        if r.identifier:
            continue
        # A name some other reading of the case holds as its own (with or without a number) is a person.
        match = _unique_known(r.name, known, lambda a, b: one_char_apart(a, b) or cut_short(a, b))
        if match:
            out.append(NameFix(r.document_id, r.group, match, NAME_FROM_CASE,
                               "one character from, or cut short of, the case's person with an ID number"))
    return out


def officer_name_fixes(readings: list[Reading]) -> list[NameFix]:
    """Officers' names settled by the unit's officer list (all officers read with a 执法证号)."""
    related = lambda a, b: one_char_apart(a, b) or cut_short(a, b) or cut_short(b, a)  # noqa: E731
    out = [NameFix(d, g, name, NAME_FROM_OFFICERS, "same 执法证号, the name most of the unit's documents read")
           for (d, g), name in _settle_by_identifier(readings, related).items()]
    by_cert: dict[str, Counter] = defaultdict(Counter)
    for r in readings:
        if r.identifier:
            by_cert[r.identifier][r.name] += 1
    known = {best for c in by_cert.values() if (best := _majority(c) or (c.most_common(1)[0][0] if len(c) == 1
                                                                        else None))}
    for r in readings:
        if r.identifier:
            continue
        match = _unique_known(r.name, known, lambda a, b: one_char_apart(a, b) or cut_short(a, b))
        if match:
            out.append(NameFix(r.document_id, r.group, match, NAME_FROM_OFFICERS,
                               "one character from, or cut short of, an officer the unit knows by 执法证号"))
    return out


# -- the database side --------------------------------------------------------------------------------

def _as_read(row: ExtractedField) -> str | None:
    """The value as read: a person's value for a field they decided, else the machine's reading."""
    return row.value if row.human else row.machine_value


def _role_of(row: ExtractedField) -> str:
    return row.key.split(":", 1)[0]


def _group_of(row: ExtractedField) -> str:
    return row.key.rsplit(".", 1)[0]


def _readings(rows: list[ExtractedField], kinds: tuple[str, ...], id_attrs: tuple[str, ...]) -> list[Reading]:
    groups: dict[tuple[int, str], dict[str, ExtractedField]] = defaultdict(dict)
    for r in rows:
        if r.entity and _role_of(r) in kinds and (r.machine_value is not None or r.human):
            groups[(r.document_id, _group_of(r))][r.attr] = r
    out = []
    for (doc_id, group), attrs in groups.items():
        name = attrs.get("name")
        if name is None or not _as_read(name):
            continue
        ident = next((_as_read(attrs[a]) for a in id_attrs if a in attrs and _as_read(attrs[a])), None)
        rep = attrs.get("represents")
        out.append(Reading(doc_id, group, group.split(":", 1)[0], _as_read(name), ident,
                           _as_read(rep) if rep is not None else None))
    return out


def _rows(session: Session, document_ids: list[int]) -> list[ExtractedField]:
    if not document_ids:
        return []
    return list(session.scalars(select(ExtractedField).where(ExtractedField.document_id.in_(document_ids))
                                .order_by(ExtractedField.id)))


def _officer_rows(session: Session, unit_id: int | None, case_docs: list[int]) -> list[ExtractedField]:
    """The officers read on the unit's documents and the case's: only their rows, as this runs for every
    document filed and a unit holds thousands of documents."""
    in_scope = Document.id.in_(case_docs)
    if unit_id:
        in_scope = or_(in_scope, and_(Document.unit_id == unit_id, Document.status == "ok"))
    return list(session.scalars(select(ExtractedField).join(Document, Document.id == ExtractedField.document_id)
                                .where(ExtractedField.key.startswith("officer:"), in_scope)
                                .order_by(ExtractedField.id)))


def _without_tag(problems: list | None, tag: str) -> list:
    return [p for p in (problems or []) if p != tag]


def _reset(rows: list[ExtractedField], session: Session) -> None:
    """Undo earlier cross-checks on automatic rows, so they are derived again from the readings."""
    for r in rows:
        if r.human or not TAGS.intersection(r.problems or []):
            continue
        if r.machine_value is None:  # a row the cross-check added
            session.delete(r)
            continue
        r.value = r.machine_value
        role = _role_of(r)
        r.kind, r.entity = (role if role in PARTY_KINDS else r.kind), _group_of(r)
        r.problems = [p for p in r.problems if p not in TAGS]


def _apply_name(rows_by_group: dict[tuple[int, str], dict[str, ExtractedField]], fix: NameFix) -> bool:
    row = rows_by_group.get((fix.document_id, fix.group), {}).get("name")
    if row is None or row.human or row.value == fix.name:
        return False
    log.info("document %d: %s name %r settled to %r (%s)", fix.document_id, fix.group, row.value, fix.name, fix.why)
    row.value = fix.name
    row.problems = _without_tag(row.problems, fix.tag) + [fix.tag]
    return True


def _add_party_role(session: Session, attrs: dict[str, ExtractedField], role: str, identifier: str) -> bool:
    """The interviewee's rows again, as the case's 当事人 (rows without a machine value: not read as such)."""
    group = f"{role}:{identifier}"
    document_id = attrs["name"].document_id
    existing = session.scalar(select(ExtractedField.id).where(ExtractedField.document_id == document_id,
                                                              ExtractedField.key.like(f"{role}:%"),
                                                              ExtractedField.value == attrs["name"].value))
    if existing is not None:
        return False
    for attr in ("name", "id_number", "kind"):
        source = attrs.get(attr)
        if source is None:
            continue
        session.add(ExtractedField(document_id=document_id, key=f"{group}.{attr}", kind=role, attr=attr,
                                   entity=group, value=source.value, machine_value=None, raw=source.raw,
                                   confidence=source.confidence, page_no=source.page_no, boxes=source.boxes,
                                   problems=[ROLE_FROM_CASE], status="auto"))
    log.info("document %d: interviewee %s is the case's 当事人 (same ID number)", document_id, attrs["name"].value)
    return True


def _settle_roles(session: Session, parties: list[Reading],
                  rows_by_group: dict[tuple[int, str], dict[str, ExtractedField]]) -> set[int]:
    changed: set[int] = set()
    party_ids = {r.identifier for r in parties if r.role == "party" and r.identifier}
    reps: dict[str, set[str]] = defaultdict(set)  # representative's name -> organisations they represent
    for r in parties:
        if r.role == "legal_rep" and r.represents:
            reps[r.name].add(r.represents)
    for r in parties:
        attrs = rows_by_group.get((r.document_id, r.group), {})
        if "name" not in attrs or attrs["name"].human:
            continue
        if r.role == "interviewee" and r.identifier in party_ids:
            if _add_party_role(session, attrs, "party", r.identifier):
                changed.add(r.document_id)
        elif r.role == "recipient" and not r.identifier and len(reps.get(r.name, ())) == 1:
            organisation = next(iter(reps[r.name]))
            served = {x.name for x in parties if x.document_id == r.document_id and x.role in ("recipient", "party")}
            if organisation not in served:
                continue
            for row in attrs.values():
                row.kind, row.entity = "legal_rep", "legal_rep:" + r.group.split(":", 1)[1]
                row.problems = _without_tag(row.problems, ROLE_FROM_CASE) + [ROLE_FROM_CASE]
            session.add(ExtractedField(document_id=r.document_id, key=f"{r.group}.represents", kind="legal_rep",
                                       attr="represents", entity="legal_rep:" + r.group.split(":", 1)[1],
                                       value=organisation, machine_value=None, raw=organisation, confidence=0.8,
                                       page_no=attrs["name"].page_no, boxes=[], problems=[ROLE_FROM_CASE],
                                       status="auto"))
            log.info("document %d: 受送达人 %s is the 法定代表人 of %s the case records", r.document_id, r.name,
                     organisation)
            changed.add(r.document_id)
    return changed


def _snapshot(session: Session, document_ids: list[int]) -> dict[int, set[tuple]]:
    out: dict[int, set[tuple]] = defaultdict(set)
    for r in _rows(session, document_ids):
        out[r.document_id].add((r.key, r.value, r.kind, r.entity, tuple(r.problems or ())))
    return out


def cross_check_case(session: Session, case_id: int | None, unit_id: int | None) -> set[int]:
    """Settle the names and roles of the case's documents and its unit's officers; the documents changed."""
    if case_id is None:
        return set()
    case_docs = sorted(session.scalars(select(Document.id).where(Document.case_id == case_id,
                                                                 Document.status == "ok")))
    before = _snapshot(session, case_docs)
    _reset(_rows(session, case_docs), session)
    session.flush()
    case_rows = _rows(session, case_docs)
    rows_by_group: dict[tuple[int, str], dict[str, ExtractedField]] = defaultdict(dict)
    for r in case_rows:
        if r.entity:
            rows_by_group[(r.document_id, _group_of(r))][r.attr] = r
    parties = _readings(case_rows, PARTY_KINDS, ("id_number",))
    officers = _readings(_officer_rows(session, unit_id, case_docs), ("officer",), ("cert_no",))
    for fix in party_name_fixes(parties):
        _apply_name(rows_by_group, fix)
    for fix in officer_name_fixes(officers):
        _apply_name(rows_by_group, fix)  # only the case's documents are in rows_by_group
    _settle_roles(session, parties, rows_by_group)
    session.flush()
    after = _snapshot(session, case_docs)
    return {d for d in case_docs if before.get(d, set()) != after.get(d, set())}
