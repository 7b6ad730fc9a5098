"""Linking media items to cases (#15 §3), in this order:

1. by number: a case number that the disc's label, a README/manifest on the disc or the item's folder names
   (stored on the item as named_case_nos at intake) links it to the case bearing that number, once the
   case exists (casefiles.numbers.find_cases: any written form, any of the case's numbers);
2. otherwise by officer and time: the act a case's document records (现场检查笔录's inspection time,
   询问笔录's interview time, 送达回证's service date …, rules/media.yaml `linking.acts`) against the
   item's recording time and officer (from its name, else from the device registry at that time).
   Document times are the agency's local time; recorded_at is an instant: both are compared as instants
   in the offset of the document's agency. Each case scores (officer + window, or officer + day); at
   `link_at` the item is linked without a person (several cases when each matched by time);
3. otherwise it waits in the archivist's review queue with its candidate cases, scored, until an archivist
   links it (`earchive media link`). An item may belong to several cases.

Linking runs at intake, after a document is classified (its act times, officers or case may have changed:
`relink_for_document`) and on `earchive media relink`. Links by number and by an archivist are never taken
back here; a link by officer and time that no longer holds after a correction is. A linked item is evidence
(retained as long as its case file, 002 记录办法:26); an item left with no case returns to routine.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from classify.dates import find_dates
from classify.labels import doc_type_label
from classify.models import DocumentOfficer, ExtractedField
from earchive.errors import EarchiveError, ExitCode, NotFound
from indexer.media_index import queue_media
from media.devices import officer_at
from media.models import Disc, DiscFile, MediaCaseLink, MediaItem
from media.retention import add_months, rules_for_unit
from media.rules import Act, MediaRules
from media.times import from_db, local_iso, offset_of
from records.models import Case, Document, Officer

BY_NUMBER = ("disc_label", "manifest", "folder")
OFFICER_TIME = "officer_time"
ARCHIVIST = "archivist"


class LinkRefused(EarchiveError):
    """An archivist's link that cannot be made as asked."""

    exit_code = ExitCode.bad_args
    http_status = 409


@dataclass(frozen=True)
class ActSpan:
    """When a document says its act took place: an instant span (timed) or a local day (untimed)."""

    document_id: int
    doc_type: str
    meaning: str
    start: dt.datetime  # aware
    end: dt.datetime  # aware; for a day, the next midnight
    timed: bool
    text: str  # as the document reads, for the archivist

    def with_slack(self, act: Act) -> tuple[dt.datetime, dt.datetime]:
        if not self.timed:
            return self.start, self.end
        return self.start - dt.timedelta(minutes=act.before_minutes), self.end + dt.timedelta(minutes=act.after_minutes)


@dataclass
class Candidate:
    case_id: int
    case_no: str
    score: float
    by_day: bool  # the best match rests on a day, not on a time
    reasons: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class LinkOutcome:
    item_id: int
    linked: list[dict] = field(default_factory=list)  # {case_id, case_no, how}
    unlinked: list[dict] = field(default_factory=list)  # officer_time links that no longer hold
    candidates: list[Candidate] = field(default_factory=list)  # when it waits for the archivist
    officer_from_registry: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.linked or self.unlinked or self.officer_from_registry)

    def to_json(self) -> dict:
        return {"item_id": self.item_id, "linked": self.linked, "unlinked": self.unlinked,
                "candidates": [c.to_json() for c in self.candidates],
                "officer_from_registry": self.officer_from_registry}


# -- the act a document records ---------------------------------------------------------------

def act_span(document_id: int, doc_type: str, meaning: str, value: str, raw: str | None, act: Act,
             tz: dt.tzinfo) -> ActSpan | None:
    """The act's span from a date field: '2024-03-02T09:30' (its raw text may give the end: 至10时30分)
    or '2024-03-02' (the local day)."""
    try:
        if "T" not in value:
            day = dt.date.fromisoformat(value[:10])
            start = dt.datetime.combine(day, dt.time(), tz)
            return ActSpan(document_id, doc_type, meaning, start, start + dt.timedelta(days=1), False, value[:10])
        start = dt.datetime.fromisoformat(value).replace(tzinfo=tz)
    except ValueError:
        return None
    end = start + dt.timedelta(minutes=act.untimed_minutes)
    reading = next(iter(find_dates(raw or "")), None)
    if reading is not None and (reading.date, reading.time) != (start.date(), start.time().replace(tzinfo=None)):
        reading = None  # a person corrected the value: what was read no longer says when it ended
    if reading is not None and reading.end_time is not None:
        ends = dt.datetime.combine(start.date(), reading.end_time, tz)
        if ends > start:
            end = ends
    shown = f"{start:%Y-%m-%d %H:%M}" + (f"至{end:%H:%M}" if reading and reading.end_time and end > start else "")
    return ActSpan(document_id, doc_type, meaning, start, end, True, shown)


def document_acts(session: Session, rules: MediaRules, document_ids: list[int] | None = None, *,
                  case_ids: list[int] | None = None, around: tuple[dt.date, dt.date] | None = None,
                  cache: dict | None = None) -> list[tuple[Document, ActSpan]]:
    """The acts that documents of cases record, with their spans, in their agencies' local time."""
    acts = {a.doc_type: a for a in rules.linking.acts}
    keys = {f"date.{a.meaning}" for a in rules.linking.acts}
    query = (select(Document, ExtractedField.key, ExtractedField.value, ExtractedField.raw)
             .join(ExtractedField, ExtractedField.document_id == Document.id)
             .where(Document.status == "ok", Document.case_id.is_not(None), Document.doc_type.in_(list(acts)),
                    ExtractedField.key.in_(sorted(keys)), ExtractedField.value.is_not(None)))
    if document_ids is not None:
        query = query.where(Document.id.in_(document_ids))
    if case_ids is not None:
        query = query.where(Document.case_id.in_(case_ids))
    if around is not None:  # ISO values sort as text: a cheap bound before parsing
        query = query.where(ExtractedField.value >= around[0].isoformat(),
                            ExtractedField.value < (around[1] + dt.timedelta(days=1)).isoformat())
    out = []
    for document, key, value, raw in session.execute(query.order_by(Document.id)):
        act = acts[document.doc_type]
        if key != f"date.{act.meaning}":
            continue
        tz = rules_for_unit(session, document.unit_id, cache).timezone
        span = act_span(document.id, document.doc_type, act.meaning, value, raw, act, tz)
        if span is not None:
            out.append((document, span))
    return out


def _officers(session: Session, document_ids: list[int]) -> dict[int, list[tuple[str | None, str]]]:
    """Per document, its officers' (执法证号, name)."""
    out: dict[int, list[tuple[str | None, str]]] = {}
    for doc_id, cert_no, name in session.execute(
            select(DocumentOfficer.document_id, Officer.cert_no, Officer.name)
            .join(Officer, Officer.id == DocumentOfficer.officer_id).where(DocumentOfficer.document_id.in_(document_ids))):
        out.setdefault(doc_id, []).append((cert_no, name))
    return out


# -- scoring one item against the acts around its recording ----------------------------------------

def item_span(item: MediaItem) -> tuple[dt.datetime, dt.datetime] | None:
    start = from_db(item.recorded_at)
    if start is None:
        return None
    return start, start + dt.timedelta(seconds=item.duration_s or 0)


def candidates(session: Session, item: MediaItem, cache: dict | None = None) -> list[Candidate]:
    """Cases whose documents record an act on the item's recording time or day, best first."""
    cache = {} if cache is None else cache
    span = item_span(item)
    if span is None:
        return []
    rules = rules_for_unit(session, item.unit_id, cache)
    local = span[0].astimezone(rules.timezone).date()
    found = document_acts(session, rules, around=(local - dt.timedelta(days=1), local + dt.timedelta(days=1)),
                          cache=cache)
    if item.unit_id is not None:
        found = [(d, s) for d, s in found if d.unit_id == item.unit_id]
    officers = _officers(session, [d.id for d, _ in found])
    officer_name = (session.scalar(select(Officer.name).where(Officer.cert_no == item.officer_no).limit(1))
                    if item.officer_no else None)
    weights = rules.linking.score
    best: dict[int, Candidate] = {}
    for document, act_span_ in found:
        act = rules.linking.act_for(document.doc_type)
        assert act is not None  # document_acts keeps only documents of the rules' acts
        start, end = act_span_.with_slack(act)
        overlaps = span[0] < end and span[1] >= start
        same_day = any(t.astimezone(act_span_.start.tzinfo).date() == act_span_.start.date() for t in span)
        if not (overlaps or same_day):
            continue
        time_score = (weights.window if overlaps else 0.0) if act_span_.timed else (weights.day if overlaps else 0.0)
        on_doc = officers.get(document.id, [])
        by_number = bool(item.officer_no) and any(cert == item.officer_no for cert, _ in on_doc)
        by_name = bool(officer_name) and any(name == officer_name and not cert for cert, name in on_doc)
        score = round(time_score + (weights.officer if by_number or by_name else 0.0), 3)
        if score < rules.linking.candidate_at:
            continue
        reason = {"document_id": document.id, "doc_type": document.doc_type,
                  "title": document.title or doc_type_label(document.doc_type), "act_time": act_span_.text,
                  "timed": act_span_.timed, "in_window": overlaps, "officer": by_number or by_name, "score": score}
        case = best.get(document.case_id)
        if case is None:
            number = session.scalar(select(Case.case_no).where(Case.id == document.case_id))
            case = best[document.case_id] = Candidate(document.case_id, number or "", 0.0, True)
        case.reasons.append(reason)
        if score > case.score:
            case.score, case.by_day = score, not act_span_.timed
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.case_id))
    return ranked[:rules.linking.max_candidates]


# -- linking ------------------------------------------------------------------------------------

def _links(session: Session, item_id: int) -> dict[int, MediaCaseLink]:
    return {link.case_id: link for link in session.scalars(select(MediaCaseLink).where(MediaCaseLink.item_id == item_id))}


def _number_how(session: Session, item: MediaItem, number: str) -> str:
    """Where the number was named: a disc's label, a README/manifest on it, else the item's folders."""
    from classify.case_no import find_case_numbers

    for label, disc_numbers in session.execute(select(Disc.volume_label, Disc.case_nos)
                                               .join(DiscFile, DiscFile.disc_id == Disc.id)
                                               .where(DiscFile.item_id == item.id)):
        if number in {n.canonical for n in find_case_numbers(label or "")}:
            return "disc_label"
        if number in (disc_numbers or []):
            return "manifest"
    return "folder"


def _add(session: Session, item: MediaItem, case: Case, how: str, evidence: str, outcome: LinkOutcome,
         created_by: str | None = None) -> MediaCaseLink:
    link = MediaCaseLink(item_id=item.id, case_id=case.id, how=how, evidence=evidence[:500], created_by=created_by)
    session.add(link)
    outcome.linked.append({"case_id": case.id, "case_no": case.case_no, "how": how})
    return link


def link_item(session: Session, item: MediaItem, cache: dict | None = None) -> LinkOutcome:
    """Link one item by number, else by officer and time; see the module docstring. Never commits."""
    from casefiles.numbers import find_cases

    cache = {} if cache is None else cache
    outcome = LinkOutcome(item.id)
    if item.officer_no is None and item.device_no and item.recorded_at is not None:
        registered = officer_at(session, item.device_no, from_db(item.recorded_at))
        if registered:  # the registry learnt of the issue after intake
            item.officer_no, item.officer_source = registered, "registry"
            item.flags = [f for f in item.flags or [] if f.get("code") != "no_officer"]
            outcome.officer_from_registry = registered
    have = _links(session, item.id)
    for number in item.named_case_nos or []:
        for case in find_cases(session, number, item.unit_id):
            if case.id not in have:
                have[case.id] = _add(session, item, case, _number_how(session, item, number), number, outcome)
    # Officer and time add links only where no number named a case, but they are checked again every
    # time, so a link they made that a corrected date or officer no longer supports is taken back.
    found = candidates(session, item, cache)
    keep = _to_link(found, rules_for_unit(session, item.unit_id, cache))
    for case_id, link in list(have.items()):
        if link.how == OFFICER_TIME and case_id not in keep:
            case_no = session.scalar(select(Case.case_no).where(Case.id == case_id))
            outcome.unlinked.append({"case_id": case_id, "case_no": case_no, "how": OFFICER_TIME})
            session.delete(link)
            del have[case_id]
    if any(link.how in BY_NUMBER for link in have.values()):
        keep = set()
    for c in found:
        if c.case_id in keep and c.case_id not in have:
            case = session.get(Case, c.case_id)
            best = max(c.reasons, key=lambda r: r["score"])
            evidence = (f"{best['title']}（文书 #{best['document_id']}）{best['act_time']}"
                        f"{'，执法人员 ' + item.officer_no if best['officer'] and item.officer_no else ''}，得分 {c.score}")
            have[c.case_id] = _add(session, item, case, OFFICER_TIME, evidence, outcome)
    if not have:
        outcome.candidates = found
    session.flush()
    if outcome.changed:
        _retain(session, item, bool(have), cache)
        queue_media(session, [item.id])
    return outcome


def _to_link(found: list[Candidate], rules: MediaRules) -> set[int]:
    """The cases to link without a person: every case at `link_at` when all of them matched by time;
    none when several did and any of them only by the day (which of them is not clear)."""
    top = [c for c in found if c.score >= rules.linking.link_at]
    if len(top) > 1 and any(c.by_day for c in top):
        return set()
    return {c.case_id for c in top}


def _retain(session: Session, item: MediaItem, linked: bool, cache: dict) -> None:
    """A linked item is evidence (kept as long as its case file); an item that lost its last link and
    names no case returns to routine with its date (002 记录办法:26). Long-term stays long-term."""
    rules = rules_for_unit(session, item.unit_id, cache)
    if linked and item.retention_class == "routine":
        numbers = sorted(set(session.scalars(select(Case.case_no).join(MediaCaseLink, MediaCaseLink.case_id == Case.id)
                                             .where(MediaCaseLink.item_id == item.id))))
        item.retention_class, item.dispose_after = "evidence", None
        item.retention_basis = f"{rules.retention.evidence.cite}：作为证据使用（{'、'.join(numbers)}），随案卷保管"[:200]
    elif not linked and item.retention_class == "evidence" and not item.named_case_nos:
        when = from_db(item.recorded_at) or from_db(item.stored_at)
        day = when.astimezone(offset_of(item.utc_offset_min)).date()
        item.retention_class, item.dispose_after = "routine", add_months(day, rules.retention.routine.months)
        item.retention_basis = (f"{rules.retention.routine.cite}：日常执法音像记录，保存 "
                                f"{rules.retention.routine.months} 个月")[:200]


def link_by_archivist(session: Session, item_id: int, case_id: int, username: str,
                      note: str | None = None) -> LinkOutcome:
    """An archivist links an item to a case (from the review queue, or to add a further case)."""
    item = session.get(MediaItem, item_id)
    if item is None:
        raise NotFound(f"没有编号为 {item_id} 的音像记录 / no media item {item_id}; `earchive media queue` lists "
                       "those waiting")
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"没有编号为 {case_id} 的案件 / no case {case_id}; `earchive cases list` lists them")
    if item.unit_id is not None and item.unit_id != case.unit_id:
        raise LinkRefused(f"音像记录 #{item_id} 属于另一执法单位，不能关联到案件 {case.case_no} / the item belongs to "
                          "another unit than the case")
    if case_id in _links(session, item_id):
        raise LinkRefused(f"音像记录 #{item_id} 已关联案件 {case.case_no} / item {item_id} is already linked to "
                          f"{case.case_no}")
    outcome = LinkOutcome(item_id)
    _add(session, item, case, ARCHIVIST, note or f"档案员 {username} 关联", outcome, created_by=username)
    session.flush()
    _retain(session, item, True, {})
    queue_media(session, [item.id])
    return outcome


# -- the archivist's review queue ---------------------------------------------------------------

def review_queue(session: Session, limit: int | None = None) -> list[dict]:
    """Items linked to no case, each with its candidate cases (scored, best first); those with
    candidates first, the best-scored first."""
    cache: dict = {}
    linked = select(MediaCaseLink.item_id)
    items = list(session.scalars(select(MediaItem).where(MediaItem.id.not_in(linked)).order_by(MediaItem.id)))
    out = []
    for item in items:
        found = candidates(session, item, cache)
        out.append({"id": item.id, "kind": item.kind, "path_on_disc": item.path_on_disc, "device_no": item.device_no,
                    "officer_no": item.officer_no, "recorded_at": local_iso(item.recorded_at, item.utc_offset_min),
                    "duration_s": item.duration_s, "named_case_nos": item.named_case_nos or [],
                    "candidates": [c.to_json() for c in found]})
    out.sort(key=lambda i: (not i["candidates"], -(i["candidates"][0]["score"] if i["candidates"] else 0), i["id"]))
    return out[:limit] if limit else out


# -- when linking runs again --------------------------------------------------------------------

def relink(session: Session, item_ids: list[int] | None = None) -> list[LinkOutcome]:
    """Link the items again (all of them when `item_ids` is None); returns those whose links changed."""
    cache: dict = {}
    query = select(MediaItem).order_by(MediaItem.id)
    if item_ids is not None:
        query = query.where(MediaItem.id.in_(item_ids))
    return [o for o in (link_item(session, item, cache) for item in session.scalars(query).all()) if o.changed]


def relink_for_document(session: Session, document: Document) -> list[LinkOutcome]:
    """After a document was classified: items recorded around its acts, and items that wait for a case
    number its case bears, are linked again."""
    from casefiles.numbers import numbers_of

    cache: dict = {}
    ids: set[int] = set()
    if document.doc_type and document.case_id is not None:
        rules = rules_for_unit(session, document.unit_id, cache)
        for _doc, span in document_acts(session, rules, [document.id], cache=cache):
            ids |= set(session.scalars(select(MediaItem.id).where(
                MediaItem.recorded_at >= span.start - dt.timedelta(days=1),
                MediaItem.recorded_at < span.end + dt.timedelta(days=1))))
    ids |= set(session.scalars(select(MediaCaseLink.item_id).join(Document, and_(
        Document.case_id == MediaCaseLink.case_id, Document.id == document.id)).where(MediaCaseLink.how == OFFICER_TIME)))
    if document.case_id is not None:
        numbers = numbers_of(session, document.case_id)
        case_no = session.scalar(select(Case.case_no).where(Case.id == document.case_id))
        numbers |= {case_no} if case_no else set()
        # An item naming a case was made evidence (or long-term) at intake: routine footage, the bulk of
        # the catalogue, is never read here.
        waiting = session.execute(select(MediaItem.id, MediaItem.named_case_nos).where(
            MediaItem.id.not_in(select(MediaCaseLink.item_id)), MediaItem.retention_class != "routine",
            or_(MediaItem.unit_id.is_(None), MediaItem.unit_id == document.unit_id)))
        ids |= {i for i, named in waiting if numbers.intersection(named or [])}
    return relink(session, sorted(ids)) if ids else []


# -- when cases merge or split ------------------------------------------------------------------

def move_links(session: Session, absorbed_id: int, survivor_id: int) -> dict:
    """A merge moves the absorbed case's media links onto the survivor (an item linked to both keeps
    the survivor's link); returns what moved, for the merge record and its undoing."""
    on_survivor = set(session.scalars(select(MediaCaseLink.item_id).where(MediaCaseLink.case_id == survivor_id)))
    moved: list[int] = []
    shared: list[dict] = []
    for link in session.scalars(select(MediaCaseLink).where(MediaCaseLink.case_id == absorbed_id)).all():
        if link.item_id in on_survivor:
            shared.append({"item_id": link.item_id, "how": link.how, "evidence": link.evidence,
                           "created_by": link.created_by})
            session.delete(link)
        else:
            link.case_id = survivor_id
            moved.append(link.id)
    session.flush()
    items = {i["item_id"] for i in shared} | set(session.scalars(select(MediaCaseLink.item_id)
                                                                 .where(MediaCaseLink.id.in_(moved))))
    if items:
        queue_media(session, items)
    return {"links": moved, "shared": shared}


def restore_links(session: Session, record: dict | None, survivor_id: int, restored_id: int) -> None:
    """Undoing a merge gives the restored case back the media links that moved (`move_links`' record)."""
    if not record:
        return
    links = list(session.scalars(select(MediaCaseLink).where(MediaCaseLink.id.in_(record.get("links", [])),
                                                             MediaCaseLink.case_id == survivor_id)))
    for link in links:
        link.case_id = restored_id
    for s in record.get("shared", []):
        session.add(MediaCaseLink(item_id=s["item_id"], case_id=restored_id, how=s["how"], evidence=s["evidence"],
                                  created_by=s["created_by"]))
    session.flush()
    items = {link.item_id for link in links} | {s["item_id"] for s in record.get("shared", [])}
    if items:
        queue_media(session, items)
