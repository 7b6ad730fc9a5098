"""Completeness and deadline checks of a case file against the rules; every finding cites its article.

Finding codes are "kind:rule" — missing:decision, av_missing:service_left,
major:legal_review, late:archive, overdue:archive, order:decided>served,
quality:cert_missing — and the review scheme (scoring.py) refers to them.

An audio-visual record of an act is *recorded* when a media item linked to the
case (a clip from a disc, media.linking) falls on the act: on its time with the
slack of rules/media.yaml `linking.acts`, or on its day when the document gives
no time. Failing that it may be *declared*: the document names a recording device
number (执法记录仪编号 / 记录设备编号), its text states the recording (the rule's
`phrases`), or the case file holds an audio-visual record note (av_record_note)
of the same day. Neither is av_missing (a veto in the review scheme); declared
but not in the archive is av_unarchived (000:28: the record goes to the archive
with its case), unless the agency's `av_evidence.require_recording` is off.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

from casefiles.case_data import CaseInfo, DocInfo, MediaInfo
from casefiles.citations import cite_text
from classify.labels import DATE_MEANINGS
from casefiles.rules import CaseKind, CaseRules

KIND_LABELS = {"missing": "缺失", "av_missing": "缺少音像记录", "av_unarchived": "音像记录未归档",
               "major": "缺少法制审核", "late": "超期",
               "overdue": "超期未归档", "order": "日期矛盾", "quality": "记录不规范"}
ACT_END_MEANINGS = ("served", "closed", "checked", "decided", "reviewed")
INVESTIGATION_ACTS = ("inspected", "inquired", "sampled", "seized", "hearing")
# A case is concluded (终结) only by a decision or a closing report; before that it is open, whatever else it holds.
CONCLUDING_MEANINGS = ("decided", "closed")


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    cite: str
    document_id: int | None = None

    @property
    def kind(self) -> str:
        return self.code.split(":", 1)[0]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def basis(self, regulations: dict[str, str] | None = None) -> str:
        """The rule it rests on in words: the regulations' names and articles."""
        return cite_text(self.cite, regulations)

    def to_json(self, regulations: dict[str, str] | None = None) -> dict:
        return {"code": self.code, "kind": self.kind, "kind_label": self.kind_label, "message": self.message,
                "cite": self.cite, "basis": self.basis(regulations), "document_id": self.document_id}


def case_kind(rules: CaseRules, case: CaseInfo) -> CaseKind | None:
    types = {d.doc_type for d in case.documents}
    return next((k for k in rules.case_kinds if types.intersection(k.when_any)), None)


def _completeness(rules: CaseRules, case: CaseInfo) -> list[Finding]:
    kind = case_kind(rules, case)
    if kind is None:
        return []
    types = {d.doc_type for d in case.documents}
    return [Finding(f"missing:{req.code}", f"{kind.name}案卷缺少{req.name}", req.cite)
            for req in kind.required if not types.intersection(req.any_of)]


# Kinds of media item that record an act's process (a photo alone does not, 000:10).
RECORDING_KINDS = ("video", "audio")
UNARCHIVED_CITE = "000:28; 002(记录):25"


@lru_cache(maxsize=64)
def _linking(media_rules_json: str):  # noqa: ANN202 - media.rules.Linking, imported late
    from media.rules import media_rules_for

    override = json.loads(media_rules_json)
    return media_rules_for({"media_rules": override} if override else None).linking


def act_window(case: CaseInfo, doc: DocInfo) -> tuple[dt.datetime, dt.datetime] | None:
    """When the act a document records took place, in local time: its time with the slack of the
    media linking rules, or its whole day when the document gives no time."""
    linking = _linking(json.dumps(case.agency_rules.get("media_rules") or {}, sort_keys=True, ensure_ascii=False))
    act = linking.act_for(doc.doc_type)
    when = doc.dates.get(act.meaning) if act else None
    if act is not None and when is not None and when.time() != dt.time():
        return (when - dt.timedelta(minutes=act.before_minutes),
                when + dt.timedelta(minutes=act.untimed_minutes + act.after_minutes))
    day = when.date() if when else doc.doc_date
    if day is None:
        return None
    start = dt.datetime.combine(day, dt.time())
    return start, start + dt.timedelta(days=1)


def av_recorded(case: CaseInfo, doc: DocInfo) -> MediaInfo | None:
    """A recording linked to the case that falls on the act the document records."""
    window = act_window(case, doc)
    if window is None:
        return None
    return next((m for m in case.media if m.kind in RECORDING_KINDS and m.start is not None
                 and m.start < window[1] and (m.end or m.start) >= window[0]), None)


def av_declared(rules: CaseRules, case: CaseInfo, doc: DocInfo) -> bool:
    """The case file says the act was recorded: a device number, the words, a note of the same day."""
    if doc.devices or any(p in doc.text for p in rules.av_evidence.phrases):
        return True
    if rules.av_evidence.same_day_note and doc.doc_date:
        return any(n.doc_date == doc.doc_date or any(w.date() == doc.doc_date for w in n.dates.values())
                   for n in case.of_type("av_record_note"))
    return False


def _av(rules: CaseRules, case: CaseInfo) -> list[Finding]:
    out = []
    for rule in rules.av_required:
        for doc in case.of_type(*rule.doc_types):
            if rule.service_methods and doc.service_method not in rule.service_methods:
                continue
            if rule.text_any and not any(t in doc.text for t in rule.text_any):
                continue
            if av_recorded(case, doc) is not None:
                continue
            if not av_declared(rules, case, doc):
                out.append(Finding(f"av_missing:{rule.code}", f"{rule.name}依法应当音像记录，但《{doc.title}》"
                                   "未载明记录设备编号，案卷中也没有同日的音像记录", rule.cite, doc.id))
            elif rules.av_evidence.require_recording:
                out.append(Finding(f"av_unarchived:{rule.code}", f"《{doc.title}》载明{rule.name}已音像记录，但档案中"
                                   "没有与本案关联、时间相符的音像记录（光盘未导入或未关联本案）", UNARCHIVED_CITE, doc.id))
    return out


def is_major(rules: CaseRules, case: CaseInfo) -> bool:
    major = rules.major_decision
    if case.of_type(*major.doc_types):
        return True
    for doc in case.documents:
        if set(doc.measures).intersection(major.measures):
            return True
        fine = doc.measures.get("fine")
        if major.fine_at_least is not None and fine is not None and fine >= major.fine_at_least \
                and doc.doc_type != "penalty_notice":
            return True
    return False


def _major(rules: CaseRules, case: CaseInfo) -> list[Finding]:
    if not is_major(rules, case) or case.of_type(*rules.major_decision.requires_any):
        return []
    return [Finding("major:legal_review", "重大行政执法决定案卷缺少法制审核意见书", rules.major_decision.cite)]


def _dates(case: CaseInfo, meaning: str) -> list[tuple[dt.datetime, DocInfo]]:
    return sorted(((d.dates[meaning], d) for d in case.documents if meaning in d.dates), key=lambda p: p[0])


def concluded(case: CaseInfo) -> bool:
    """The case holds its decision or closing report (the only things that conclude it)."""
    return any(m in d.dates for d in case.documents for m in CONCLUDING_MEANINGS)


def _requires_decision(rules: CaseRules, case: CaseInfo) -> bool:
    kind = case_kind(rules, case)
    return kind is not None and any(req.code == "decision" for req in kind.required)


def _act_end(rules: CaseRules, case: CaseInfo) -> tuple[dt.datetime, DocInfo] | None:
    """When the enforcement act ended, which starts the archiving deadline (000:28).

    A concluded case ends with its last decision, service or follow-up. A case of a kind that needs a
    decision and has none has not ended (its missing decision is a finding of its own). A case of a kind
    without a decision (an inspection) ends with its last recorded act.
    """
    if concluded(case):
        meanings: tuple[str, ...] = ACT_END_MEANINGS
    elif _requires_decision(rules, case):
        return None
    else:
        meanings = tuple(m for m in ACT_END_MEANINGS if m not in CONCLUDING_MEANINGS) + INVESTIGATION_ACTS
    ends = [pair for m in meanings for pair in _dates(case, m)]
    return max(ends, key=lambda p: p[0]) if ends else None


def _ended_words(case: CaseInfo, end: tuple[dt.datetime, DocInfo]) -> str:
    if concluded(case):
        return f"案件于{end[0]:%Y-%m-%d}终结（《{end[1].title}》）"
    return f"案件尚无处理决定，最近一项执法活动（《{end[1].title}》）在{end[0]:%Y-%m-%d}"


def _archived(case: CaseInfo) -> dt.datetime | None:
    if case.archived_at:
        return case.archived_at.replace(tzinfo=None)
    notes = _dates(case, "archived")
    return notes[0][0] if notes else None


def _deadlines(rules: CaseRules, case: CaseInfo, today: dt.date) -> list[Finding]:
    out = []
    archive = rules.deadlines["archive"]
    end = _act_end(rules, case)
    archived = _archived(case)
    if end:
        limit = end[0].date() + dt.timedelta(hours=archive.total_hours)
        if archived and archived.date() > limit:
            out.append(Finding("late:archive", f"{_ended_words(case, end)}，{archived:%Y-%m-%d}才立卷归档，"
                               f"超过{archive.total_hours // 24}日期限", archive.cite, end[1].id))
        elif archived is None and today > limit:
            out.append(Finding("overdue:archive", f"{_ended_words(case, end)}，至今未立卷归档，"
                               f"已超过{archive.total_hours // 24}日期限", archive.cite, end[1].id))
    storage = rules.deadlines["av_storage"]
    for note in case.of_type("av_record_note"):
        recorded, stored = note.dates.get("recorded"), note.dates.get("stored")
        if recorded and stored and stored - recorded > dt.timedelta(hours=storage.total_hours):
            out.append(Finding("late:av_storage", f"音像记录{recorded:%Y-%m-%d %H:%M}形成，{stored:%Y-%m-%d %H:%M}"
                               f"才存储，超过{storage.total_hours}小时", storage.cite, note.id))
    approval = rules.deadlines["emergency_approval"]
    filed = _dates(case, "filed")
    acts = [pair for m in INVESTIGATION_ACTS for pair in _dates(case, m)]
    if filed and acts:
        first_act = min(acts, key=lambda p: p[0])
        late_days = (filed[0][0].date() - first_act[0].date()).days
        if late_days * 24 > approval.total_hours:  # dates without times: a day counts 24 hours
            out.append(Finding("late:emergency_approval", f"调查取证始于{first_act[0]:%Y-%m-%d}，立案审批于"
                               f"{filed[0][0]:%Y-%m-%d}才补办，超过{approval.total_hours}小时", approval.cite,
                               filed[0][1].id))
    return out


def _order(rules: CaseRules, case: CaseInfo) -> list[Finding]:
    out = []
    for earlier, later in rules.date_order.pairs:
        first, last = _dates(case, earlier), _dates(case, later)
        if first and last and first[0][0].date() > last[-1][0].date():
            (a, doc_a), (b, doc_b) = first[0], last[-1]
            out.append(Finding(f"order:{earlier}>{later}", f"{DATE_MEANINGS[earlier]}（{a:%Y-%m-%d}，《{doc_a.title}》）"
                               f"晚于{DATE_MEANINGS[later]}（{b:%Y-%m-%d}，《{doc_b.title}》）",
                               rules.date_order.cite, doc_b.id))
    return out


def _officers(rules: CaseRules, case: CaseInfo) -> list[Finding]:
    rule = rules.officers
    out = []
    for doc in case.of_type(*rule.inquiry_types):
        acting = [o for o in doc.officers if not set(o.roles) <= {"approver", "reviewer"}]
        if len({o.name for o in acting}) < rule.min_on_inquiry:
            out.append(Finding("quality:too_few_officers", f"《{doc.title}》只载明{len(acting)}名执法人员，"
                               f"应不少于{rule.min_on_inquiry}名", rule.cite, doc.id))
        missing = [o.name for o in acting if not o.cert_no]
        if missing:
            roles = "、".join(missing)
            out.append(Finding("quality:cert_missing", f"《{doc.title}》未载明{roles}的执法证号", rule.cite, doc.id))
    return out


def check_case(rules: CaseRules, case: CaseInfo, today: dt.date | None = None) -> list[Finding]:
    """Every missing, late or inconsistent item of a case file, each citing its rule."""
    today = today or dt.date.today()
    return (_completeness(rules, case) + _av(rules, case) + _major(rules, case) + _deadlines(rules, case, today)
            + _order(rules, case) + _officers(rules, case))

