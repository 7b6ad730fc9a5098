"""The one place that decides who may do what with which record; deny by default, with a reason.

Every web view, download, search, the slip flows and the CLI ask here.
`decide` answers for one record; `permission_filter_for` expresses the same
rules as a search filter, so that search never returns a hit (nor counts one
in a total or facet) that `decide` would refuse to show.

The rules, in short:
- a role grants actions over a scope: its own unit (officers, plus the cases
  they handled), its agency (archivists, legal reviewers, heads), or no
  records at all (auditors read the access log, administrators manage
  accounts: separation of duties);
- an approved, unexpired retrieval slip grants its holder the approved
  records, for viewing or, for a copy slip, also for watermarked copies
  counted against the slip; a slip never releases the stored original
  (download, print), and a copy slip whose downloads are used up grants
  nothing more;
- the internal case-file review (案卷评查: scores, findings, statistics) is
  for the roles that review, over their agency;
- a record above the user's clearance is refused; records marked
  state_secret, or above the agency's applicant_max_classification, never
  reach an applicant;
- a refusal never names the level or secrecy mark of a record the user may
  not see; the precise reason goes to the access log only.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from records import classification
from access_control.roles import Role
from indexer.base import PermissionFilter


class Action(StrEnum):
    search = "search"
    view = "view"
    play = "play"
    download = "download"
    print = "print"
    copy = "copy"
    export = "export"
    approve = "approve"
    apply = "apply"
    ingest = "ingest"
    audit = "audit"
    administer = "administer"
    review = "review"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.search: "检索",
    Action.view: "调阅",
    Action.play: "播放音像记录",
    Action.download: "下载",
    Action.print: "打印",
    Action.copy: "复制",
    Action.export: "导出",
    Action.approve: "审批调用单",
    Action.apply: "申请调用",
    Action.ingest: "上传扫描件",
    Action.audit: "查阅访问日志",
    Action.administer: "系统管理",
    Action.review: "案卷评查",
}

# Actions about one record; the others are about the system (a record, if given, only narrows them).
RECORD_ACTIONS = frozenset({Action.view, Action.play, Action.download, Action.print, Action.copy, Action.export})


class Scope(Enum):
    system = "system"  # not about records
    own_unit = "own_unit"  # the user's unit and the cases the user handled
    agency = "agency"  # every unit of the user's agency


_STAFF_RECORD_ACTIONS = (Action.search, Action.view, Action.play, Action.download, Action.print)

# Which role may do which action, over which records. Anything absent is denied.
# Action.review (案卷评查: the case-file pages with scores, findings, checks and statistics) belongs to
# the roles that review case files: the archivist, the legal reviewer and the head (000:30).
GRANTS: dict[Role, dict[Action, Scope]] = {
    Role.archivist: {**{a: Scope.agency for a in (*_STAFF_RECORD_ACTIONS, Action.copy, Action.export,
                                                 Action.ingest, Action.review)}, Action.apply: Scope.agency},
    Role.officer: {**{a: Scope.own_unit for a in _STAFF_RECORD_ACTIONS}, Action.apply: Scope.agency},
    Role.legal_reviewer: {**{a: Scope.agency for a in (*_STAFF_RECORD_ACTIONS, Action.review)},
                          Action.apply: Scope.agency},
    Role.head: {**{a: Scope.agency for a in (*_STAFF_RECORD_ACTIONS, Action.review)}, Action.approve: Scope.agency,
                Action.apply: Scope.agency},
    Role.applicant: {Action.apply: Scope.system},
    Role.auditor: {Action.audit: Scope.system},
    Role.admin: {Action.administer: Scope.system},
}

# What an approved slip of each mode lets its holder do with its approved records. A copy is the
# watermarked copy made for the slip and counted against it (001:35, 002 记录办法:29); download and
# print hand out the stored original, which a slip never does.
SLIP_ACTIONS: dict[str, frozenset[Action]] = {
    "view": frozenset({Action.view, Action.play}),
    "copy": frozenset({Action.view, Action.play, Action.copy}),
}


@dataclass(frozen=True)
class SlipGrant:
    """An approved, unexpired retrieval slip as the policy sees it."""

    slip_id: int
    slip_no: str
    mode: str  # view | copy
    case_id: int
    document_ids: frozenset[int]
    valid_until: dt.datetime
    max_classification: str  # the agency's applicant ceiling for applicant slips, else the top level
    downloads_left: int = 0
    media_item_ids: frozenset[int] = frozenset()  # media items the slip names and the approver approved

    def covers(self, record: Any, action: Action, now: dt.datetime) -> bool:
        if now >= self.valid_until or action not in SLIP_ACTIONS.get(self.mode, ()):
            return False
        if action is Action.copy and self.downloads_left <= 0:
            return False
        if isinstance(record, MediaRecord):  # only by name: a slip for the case does not bring its clips
            return record.media_item_id in self.media_item_ids
        record_id = getattr(record, "id", None)
        if record_id is None:  # a case
            return getattr(record, "case_id", None) == self.case_id
        return record_id in self.document_ids


@dataclass(frozen=True)
class Subject:
    """A user as the policy sees them: the account's row plus what they hold (see access_control.subjects)."""

    id: int | None
    role: str
    unit_id: int | None
    clearance: str
    active: bool = True
    agency_unit_ids: frozenset[int] = frozenset()  # every unit of the user's agency
    handled_case_ids: frozenset[int] = frozenset()
    handled_document_ids: frozenset[int] = frozenset()  # the documents of those cases, for search
    slips: tuple[SlipGrant, ...] = ()
    is_authenticated: bool = True


@dataclass(frozen=True)
class CaseRecord:
    """A case as a record the policy decides on (its documents are decided one by one)."""

    case_id: int
    unit_id: int | None
    classification: str
    id: None = None
    secrecy: tuple[str, ...] = ()


@dataclass(frozen=True)
class MediaRecord:
    """A media item (音像记录) as a record the policy decides on, as a document is: its unit, its level
    and its cases (an item may belong to several; officers reach it through any case they handled).
    `id` stays None and a slip covers it only by `media_item_id`, so an item's id is never taken for a
    document's. Built by access_control.subjects.media_record."""

    media_item_id: int
    unit_id: int | None
    classification: str
    case_ids: frozenset[int] = frozenset()
    secrecy: tuple[str, ...] = ()
    id: None = None
    case_id: None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # shown to the user when denied, so it is in Chinese
    slip_no: str | None = None  # the approval it rests on, for the access log
    slip_id: int | None = None
    logged_reason: str = ""  # the precise reason, for the access log, where `reason` must not tell it

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def reason_for_log(self) -> str:
        return self.logged_reason or self.reason


def _deny(reason: str, logged_reason: str = "") -> Decision:
    return Decision(False, reason, logged_reason=logged_reason)


NOT_ON_A_SLIP = "没有经批准且在有效期内的调用单包含该文书"


_ALLOW = Decision(True, "")


def _role_and_action(user: Any, action: Action | str) -> tuple[Role | None, Action | None, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, None, "请先登录"
    if not getattr(user, "active", False):
        return None, None, "账户已停用"
    try:
        return Role(user.role), Action(action), ""
    except ValueError:
        return None, None, "未知的角色或操作"


def _in_scope(user: Subject, scope: Scope, record: Any) -> bool:
    unit_id = getattr(record, "unit_id", None)
    if scope is Scope.agency:
        return unit_id is not None and unit_id in user.agency_unit_ids
    if scope is Scope.own_unit:
        return (unit_id is not None and unit_id == user.unit_id) \
            or getattr(record, "case_id", None) in user.handled_case_ids \
            or not user.handled_case_ids.isdisjoint(getattr(record, "case_ids", ()))
    return False


def _level_reason(user: Any, record: Any, ceiling: str | None = None) -> str:
    """Why the record's classification is out of reach, or '' when it is not.

    The record's own level is not named: the user may not see it.
    """
    level = getattr(record, "classification", None) or ""
    doc_rank, user_rank = classification.rank(level), classification.rank(user.clearance)
    if doc_rank is None:
        return "文书密级无法识别，请联系档案管理员"
    if user_rank is None or user_rank < doc_rank:
        return f"该文书的密级超出您的密级权限（{classification.label(user.clearance)}）"
    ceiling_rank = classification.rank(ceiling) if ceiling else None
    if ceiling and (ceiling_rank is None or ceiling_rank < doc_rank):
        return "该文书的密级不向申请人提供"
    return ""


def decide(user: Any, action: Action | str, record: Any = None, *,
           now: dt.datetime | None = None) -> Decision:
    """May `user` (a Subject) do `action`, on `record` (a Document, a CaseRecord) where it names one?"""
    role, action, reason = _role_and_action(user, action)
    if role is None or action is None:
        return _deny(reason)
    if action in RECORD_ACTIONS and record is None:
        return _deny("未指定文书")
    scope = GRANTS.get(role, {}).get(action)
    if record is None:
        if scope is not None:
            return _ALLOW
        return _deny(f"{role.label}无{action.label}权限")
    if role is Role.applicant and "state_secret" in (getattr(record, "secrecy", None) or ()):
        # Told apart from any other record off the slip, the answer would reveal the mark itself.
        return _deny(NOT_ON_A_SLIP, "该文书涉及国家秘密，不予提供")
    if scope is not None and scope is not Scope.system and _in_scope(user, scope, record):
        reason = _level_reason(user, record)
        return _deny(reason) if reason else _ALLOW
    return _decide_by_slip(user, role, action, record, now or dt.datetime.now(dt.timezone.utc), scope)


def _decide_by_slip(user: Any, role: Role, action: Action, record: Any, now: dt.datetime,
                    scope: Scope | None) -> Decision:
    level_reason = ""
    for slip in getattr(user, "slips", ()):
        if slip.covers(record, action, now):
            ceiling = slip.max_classification if role is Role.applicant else None
            level_reason = _level_reason(user, record, ceiling)
            if not level_reason:
                return Decision(True, "", slip_no=slip.slip_no, slip_id=slip.slip_id)
    if level_reason:
        return _deny(NOT_ON_A_SLIP, level_reason) if role is Role.applicant else _deny(level_reason)
    if scope is Scope.own_unit:
        return _deny("该文书不属于您所在的执法单位，如需调阅请说明事由提出申请")
    if scope is Scope.agency:
        return _deny("该文书不属于您所在的执法机关")
    if role is Role.applicant:
        return _deny(NOT_ON_A_SLIP)
    return _deny(f"{role.label}无{action.label}权限")


def approvable(user: Any, record: Any) -> Decision:
    """May `user` approve releasing `record`: they approve for their agency and must be cleared to see it."""
    decision = decide(user, Action.approve)
    if not decision:
        return decision
    if not _in_scope(user, Scope.agency, record):
        return _deny("只能审批本机关的调用单")
    reason = _level_reason(user, record)
    return _deny(reason) if reason else _ALLOW


def may_see_slip(user: Any, slip: Any, case_unit_id: int | None) -> Decision:
    """Its applicant and whoever entered it see a slip; so do the archivists and heads of its agency."""
    role, _, reason = _role_and_action(user, Action.apply)
    if role is None:
        return _deny(reason)
    if user.id is not None and user.id in (slip.created_by_id, slip.applicant_user_id):
        return _ALLOW
    if role in (Role.archivist, Role.head) and case_unit_id is not None and case_unit_id in user.agency_unit_ids:
        return _ALLOW
    return _deny("无权查看该调用单")


def may_decide_slip(user: Any, slip: Any, case_unit_id: int | None) -> Decision:
    """The head of the slip's agency decides it, never on a slip they entered or asked for themselves."""
    decision = decide(user, Action.approve)
    if not decision:
        return decision
    if case_unit_id is None or case_unit_id not in user.agency_unit_ids:
        return _deny("只能审批本机关的调用单")
    if user.id in (slip.created_by_id, slip.applicant_user_id):
        return _deny("不能审批本人提交的调用单")
    return _ALLOW


def releasable_to_applicant(record: Any, max_classification: str) -> Decision:
    """Whether a record may go on an applicant's slip at all (001:35, 002 记录办法:29)."""
    if "state_secret" in (getattr(record, "secrecy", None) or ()):
        return _deny("涉及国家秘密，不予提供")
    level = getattr(record, "classification", "")
    rank, ceiling = classification.rank(level), classification.rank(max_classification)
    if rank is None or ceiling is None or rank > ceiling:
        return _deny(f"密级为{classification.label(level)}，不向申请人提供")
    return _ALLOW


def unit_ids_in_scope(user: Any, action: Action) -> frozenset[int]:
    """The units whose records (or batches, for ingest) `user` reaches for `action` by role, not by slip."""
    role, action, _ = _role_and_action(user, action)
    scope = GRANTS.get(role, {}).get(action) if role is not None and action is not None else None
    if scope is Scope.agency:
        return frozenset(user.agency_unit_ids)
    if scope is Scope.own_unit and user.unit_id is not None:
        return frozenset({user.unit_id})
    return frozenset()


def permission_filter_for(user: Any, now: dt.datetime | None = None) -> PermissionFilter:
    """The search-side form of `decide(user, "view", document)` for every document at once.

    `unit_ids` None would mean every unit; no role has that. Documents are
    visible up to the user's clearance; granted documents are those of handled
    cases and of approved slips that allow viewing.
    """
    lowest = classification.LEVELS[0]
    nothing = PermissionFilter(unit_ids=frozenset(), max_classification=lowest)
    if not decide(user, Action.search):
        return nothing
    if classification.rank(user.clearance) is None:
        return nothing
    scope = GRANTS[Role(user.role)][Action.search]
    if scope is Scope.agency:
        unit_ids, granted = user.agency_unit_ids, frozenset()
    else:
        unit_ids = frozenset() if user.unit_id is None else frozenset({user.unit_id})
        granted = user.handled_document_ids
    now = now or dt.datetime.now(dt.timezone.utc)
    granted |= frozenset(i for s in user.slips if now < s.valid_until and Action.view in SLIP_ACTIONS[s.mode]
                         for i in s.document_ids)
    return PermissionFilter(unit_ids=unit_ids, max_classification=user.clearance,
                            granted_document_ids=granted)


def visible_ids(user: Any, records: Iterable[Any], action: Action = Action.view) -> set[int]:
    """The ids of `records` that `user` may do `action` on."""
    now = dt.datetime.now(dt.timezone.utc)
    return {r.id for r in records if decide(user, action, r, now=now)}


__all__ = ["ACTION_LABELS", "Action", "CaseRecord", "Decision", "GRANTS", "MediaRecord", "RECORD_ACTIONS", "Scope",
           "NOT_ON_A_SLIP", "SlipGrant", "Subject", "approvable", "decide", "may_decide_slip", "may_see_slip",
           "permission_filter_for", "releasable_to_applicant", "unit_ids_in_scope", "visible_ids"]

