"""The one place that decides who may do what with which record; deny by default.

Every web view and every search asks here. `decide` answers for one record;
`permission_filter_for` expresses the same rules as a search filter, so that
search never returns a hit that `decide` would refuse to show.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Protocol

from access_control import classification
from access_control.roles import Role
from indexer.base import PermissionFilter


class Action(StrEnum):
    search = "search"
    view = "view"
    download = "download"
    ingest = "ingest"
    administer = "administer"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.search: "检索",
    Action.view: "调阅",
    Action.download: "下载",
    Action.ingest: "上传扫描件",
    Action.administer: "系统管理",
}


class Scope(Enum):
    all_units = "all_units"
    own_unit = "own_unit"


# Which role may do which action, over which records. Anything absent is denied.
_GRANTS: dict[Role, dict[Action, Scope]] = {
    Role.admin: {a: Scope.all_units for a in Action},
    Role.archivist: {a: Scope.all_units for a in (Action.search, Action.view, Action.download,
                                                    Action.ingest)},
    Role.officer: {a: Scope.own_unit for a in (Action.search, Action.view, Action.download)},
}


class Subject(Protocol):
    role: str
    unit_id: int | None
    clearance: str
    active: bool


class Record(Protocol):
    unit_id: int | None
    classification: str


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # shown to the user when denied, so it is in Chinese

    def __bool__(self) -> bool:
        return self.allowed


def _deny(reason: str) -> Decision:
    return Decision(False, reason)


def _scope(user: Subject | None, action: Action | str) -> tuple[Scope | None, str]:
    """The scope the user holds for `action`, or None with the reason why not."""
    if user is None or not getattr(user, "is_authenticated", True):
        return None, "请先登录"
    if not user.active:
        return None, "账户已停用"
    try:
        action = Action(action)
        role = Role(user.role)
    except ValueError:
        return None, "未知的角色或操作"
    scope = _GRANTS.get(role, {}).get(action)
    if scope is None:
        return None, f"{role.label}无{action.label}权限"
    return scope, ""


def decide(user: Subject | None, action: Action | str, document: Record | None = None) -> Decision:
    """May `user` do `action` (on `document`, for record actions)?"""
    scope, reason = _scope(user, action)
    if scope is None:
        return _deny(reason)
    if document is None:
        if action in (Action.view, Action.download):
            return _deny("未指定文书")
        return Decision(True, "")
    if scope is Scope.own_unit and (user.unit_id is None or document.unit_id != user.unit_id):
        return _deny("该文书不属于您所在的执法单位")
    doc_rank = classification.rank(document.classification)
    user_rank = classification.rank(user.clearance)
    if doc_rank is None:
        return _deny(f"文书密级“{document.classification}”无法识别，请联系档案管理员")
    if user_rank is None or user_rank < doc_rank:
        return _deny(f"文书密级为{classification.label(document.classification)}，"
                     f"超出您的密级权限（{classification.label(user.clearance)}）")
    return Decision(True, "")


def permission_filter_for(user: Subject | None) -> PermissionFilter:
    """The search-side form of `decide(user, "search", document)`.

    `unit_ids` None means every unit; an empty set means none. Documents are
    visible up to `max_classification` (see access_control.classification).
    """
    scope, _ = _scope(user, Action.search)
    clearance = getattr(user, "clearance", classification.LEVELS[0])
    if scope is None or classification.rank(clearance) is None:
        unit_ids: frozenset[int] | None = frozenset()
        clearance = classification.LEVELS[0]
    elif scope is Scope.all_units:
        unit_ids = None
    else:
        unit_ids = frozenset() if user.unit_id is None else frozenset({user.unit_id})
    return PermissionFilter(unit_ids=unit_ids, max_classification=clearance,
                            granted_case_nos=frozenset(), granted_document_ids=frozenset())
