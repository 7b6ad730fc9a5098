"""Case-file rules and review schemes as data: loading, per-agency overrides, and errors that name the rule.

The defaults are rules/default.yaml and rules/review_scheme.yaml (or the
files in EARCHIVE_RULES_DIR). An agency overrides any part of them in
Agency.rules["case_rules"] and Agency.rules["review_scheme"]: mappings merge
key by key, lists of rules merge by `code`, and `disabled: true` drops a rule.
A mistake fails loudly with the file, the rule's code and what is wrong.
"""
from __future__ import annotations

import copy
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from classify.labels import DATE_MEANINGS, DOC_TYPES, SERVICE_METHODS
from classify.measures import MEASURES
from earchive.errors import ConfigError

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
DEFAULT_RULES = "default.yaml"
DEFAULT_SCHEME = "review_scheme.yaml"


class RuleError(ConfigError):
    """A rule file or an agency's override is malformed; the message names the rule."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Requirement(_Strict):
    code: str
    name: str
    any_of: list[str]
    cite: str


class CaseKind(_Strict):
    code: str
    name: str
    when_any: list[str]
    required: list[Requirement] = []


class AvRule(_Strict):
    code: str
    name: str
    doc_types: list[str]
    service_methods: list[str] = []
    text_any: list[str] = []
    cite: str


class AvEvidence(_Strict):
    phrases: list[str] = []
    same_day_note: bool = True
    require_recording: bool = True  # declared but no linked recording is a finding (av_unarchived)


class MajorDecision(_Strict):
    cite: str
    requires_any: list[str]
    doc_types: list[str] = []
    fine_at_least: int | None = Field(default=None, ge=0)
    measures: list[str] = []


class Deadline(_Strict):
    days: int | None = Field(default=None, ge=0)
    hours: int | None = Field(default=None, ge=0)
    cite: str

    @model_validator(mode="after")
    def _one_unit(self) -> Deadline:
        if (self.days is None) == (self.hours is None):
            raise ValueError("give either days or hours")
        return self

    @property
    def total_hours(self) -> int:
        return self.hours if self.hours is not None else self.days * 24


class DateOrder(_Strict):
    cite: str
    pairs: list[tuple[str, str]]


class OfficerRule(_Strict):
    min_on_inquiry: int = Field(ge=1)
    inquiry_types: list[str]
    cite: str


class Retention(_Strict):
    default: str
    major: str | None = None
    by_kind: dict[str, str] = {}


class ArchiveNoRule(_Strict):
    fonds: str = Field(min_length=1, max_length=20)
    category: str = Field(min_length=1, max_length=10)
    org: str = "unit"
    piece_digits: int = Field(default=4, ge=1, le=8)
    retention: Retention


class Review(_Strict):
    threshold: float = Field(ge=0, le=1)


class SerialVariants(_Strict):
    """When numbers of two series with one serial (某立〔2023〕12号 / 某罚决〔2023〕12号) are one matter."""

    enabled: bool = True
    min_stem: int = Field(default=2, ge=1)  # characters of the agency's abbreviation the prefixes share
    max_suffix: int = Field(default=3, ge=0)  # at most this many series characters after the stem
    corroborate_by: list[Literal["party", "cause"]] = ["party", "cause"]  # any one of these must be shared
    # The agency's own document-kind words, besides the common ones (classify.case_no.KIND_INFIXES)
    kinds: list[str] = []


class CaseNumberRule(_Strict):
    """Which of a case's numbers is its 案号, and when a shared serial joins two numbers."""

    case_no_from: list[str] = ["case_initiation_approval", "penalty_decision", "non_penalty_decision",
                               "summary_penalty_decision", "seizure_decision", "enforcement_decision",
                               "penalty_notice"]
    serial_variants: SerialVariants = SerialVariants()


class CaseRules(_Strict):
    version: int
    review: Review
    case_kinds: list[CaseKind]
    av_required: list[AvRule]
    av_evidence: AvEvidence
    major_decision: MajorDecision
    deadlines: dict[str, Deadline]
    date_order: DateOrder
    officers: OfficerRule
    archive_no: ArchiveNoRule
    case_numbers: CaseNumberRule = CaseNumberRule()


class SchemeItem(_Strict):
    code: str
    name: str
    findings: list[str]
    points: int = Field(default=0, ge=0)
    max: int | None = Field(default=None, ge=0)


class ReviewScheme(_Strict):
    name: str
    full_score: int = Field(gt=0)
    pass_score: int = Field(ge=0)
    veto: list[SchemeItem]
    deductions: list[SchemeItem]


# -- loading -------------------------------------------------------------------------------------

def rules_dir() -> Path:
    return Path(os.environ.get("EARCHIVE_RULES_DIR") or RULES_DIR)


def read_rule_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise RuleError(f"rule file {path}: cannot be read as YAML ({e})") from e
    if not isinstance(data, dict):
        raise RuleError(f"rule file {path}: expected a mapping of sections, got {type(data).__name__}")
    return data


def merge(base: Any, override: Any) -> Any:
    """`override` over `base`: mappings by key, lists of {code: …} by code (disabled: true drops one)."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    if isinstance(base, list) and isinstance(override, list) and all(isinstance(i, dict) and "code" in i
                                                                     for i in base + override):
        out = [dict(i) for i in base]
        for item in override:
            match = next((i for i, b in enumerate(out) if b["code"] == item["code"]), None)
            if match is None:
                out.append(dict(item))
            else:
                out[match] = merge(out[match], item)
        return [{k: v for k, v in i.items() if k != "disabled"} for i in out if not i.get("disabled")]
    return copy.deepcopy(override)


def _rule_name(data: Any, loc: tuple[Any, ...]) -> str:
    """'av_required[service_left].doc_types' for a pydantic error location."""
    parts, node = [], data
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            code = node.get("code") if isinstance(node, dict) else None
            parts[-1] += f"[{code}]" if code else f"[{step}]"
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts) or "(file)"


def _validated(model: type[BaseModel], data: dict[str, Any], source: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(f"rule {_rule_name(data, tuple(err['loc']))}: {err['msg']} (got {err.get('input')!r})"
                             for err in e.errors())
        raise RuleError(f"{source}: {problems}") from e


def _check_names(rules: CaseRules, source: str) -> None:
    """Document types, meanings, methods and measures must be ones the classifier knows."""
    def unknown(rule: str, what: str, values: list[str], known: Any) -> None:
        bad = [v for v in values if v not in known]
        if bad:
            raise RuleError(f"{source}: rule {rule} names unknown {what} {', '.join(map(repr, bad))}; "
                            f"known: {', '.join(sorted(known))}")

    for kind in rules.case_kinds:
        unknown(f"case_kinds[{kind.code}]", "document type", kind.when_any, DOC_TYPES)
        for req in kind.required:
            unknown(f"case_kinds[{kind.code}].required[{req.code}]", "document type", req.any_of, DOC_TYPES)
    for av in rules.av_required:
        unknown(f"av_required[{av.code}]", "document type", av.doc_types, DOC_TYPES)
        unknown(f"av_required[{av.code}]", "service method", av.service_methods, SERVICE_METHODS)
    major = rules.major_decision
    unknown("major_decision", "document type", major.requires_any + major.doc_types, DOC_TYPES)
    unknown("major_decision", "measure", major.measures, set(MEASURES.values()))
    unknown("officers", "document type", rules.officers.inquiry_types, DOC_TYPES)
    unknown("case_numbers.case_no_from", "document type", rules.case_numbers.case_no_from, DOC_TYPES)
    for earlier, later in rules.date_order.pairs:
        unknown(f"date_order[{earlier}, {later}]", "date meaning", [earlier, later], DATE_MEANINGS)
    missing = {"archive", "av_storage", "emergency_approval"} - set(rules.deadlines)
    if missing:
        raise RuleError(f"{source}: rule deadlines lacks {', '.join(sorted(missing))}")
    for code, value in rules.archive_no.retention.by_kind.items():
        if not re.fullmatch(r"Y|D\d{1,3}", value):
            raise RuleError(f"{source}: rule archive_no.retention.by_kind[{code}]: retention {value!r} "
                            "is not Y (永久) or D<years> (定期), e.g. D30")


def parse_rules(data: dict[str, Any], source: str) -> CaseRules:
    rules = _validated(CaseRules, data, source)
    _check_names(rules, source)
    return rules


def parse_scheme(data: dict[str, Any], source: str) -> ReviewScheme:
    scheme = _validated(ReviewScheme, data, source)
    for item in scheme.veto + scheme.deductions:
        for pattern in item.findings:
            if not re.fullmatch(r"[a-z_]+:(\*|[a-z_0-9]+)", pattern):
                raise RuleError(f"{source}: rule {item.code}: finding pattern {pattern!r} is not "
                                "'kind:code' or 'kind:*'")
    return scheme


@lru_cache(maxsize=4)
def _default_data(directory: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    return read_rule_file(directory / DEFAULT_RULES), read_rule_file(directory / DEFAULT_SCHEME)


def default_rules() -> CaseRules:
    directory = rules_dir()
    return parse_rules(_default_data(directory)[0], str(directory / DEFAULT_RULES))


def rules_for(agency_rules: dict[str, Any] | None) -> CaseRules:
    """The defaults with an agency's `case_rules` override applied."""
    directory = rules_dir()
    base = _default_data(directory)[0]
    override = (agency_rules or {}).get("case_rules")
    if not override:
        return parse_rules(base, str(directory / DEFAULT_RULES))
    return parse_rules(merge(base, override), "Agency.rules['case_rules'] over " + str(directory / DEFAULT_RULES))


def scheme_for(agency_rules: dict[str, Any] | None) -> ReviewScheme:
    directory = rules_dir()
    base = _default_data(directory)[1]
    override = (agency_rules or {}).get("review_scheme")
    source = str(directory / DEFAULT_SCHEME)
    if override:
        return parse_scheme(merge(base, override), "Agency.rules['review_scheme'] over " + source)
    return parse_scheme(base, source)


def load_rule_file(path: Path) -> CaseRules:
    """A complete rule file, validated (for `earchive cases check --rules FILE`)."""
    return parse_rules(read_rule_file(path), str(path))
