"""Redaction rules as data: rules/redaction.yaml, with an agency's Agency.rules["redaction"] laid over it."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from casefiles.rules import RuleError, merge, read_rule_file, rules_dir
from redaction.kinds import Kind

REDACTION_RULES = "redaction.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReleaseRules(_Strict):
    redact: tuple[Kind, ...]
    audience_sees_own: bool = True
    withhold_marked: tuple[str, ...] = ("state_secret",)
    trade_secret_without_terms: Literal["withhold", "keep"] = "withhold"


class PublicationRules(_Strict):
    doc_types: tuple[str, ...]
    mask_names: bool = True
    redact: tuple[Kind, ...]
    withhold_marked: tuple[str, ...] = ("state_secret", "trade_secret")


class VerifyRules(_Strict):
    reocr: bool = True


class RedactionRules(_Strict):
    version: int
    release: ReleaseRules
    publication: PublicationRules
    verify: VerifyRules = VerifyRules()


@lru_cache(maxsize=8)
def _defaults(directory: str) -> dict[str, Any]:
    return read_rule_file(rules_dir() / REDACTION_RULES)


def redaction_rules(agency_rules: dict[str, Any] | None) -> RedactionRules:
    """The defaults with the agency's `redaction` override applied; a malformed override is a RuleError naming it."""
    base = _defaults(str(rules_dir()))
    override = (agency_rules or {}).get("redaction")
    data = merge(base, override) if override else base
    try:
        return RedactionRules.model_validate(data)
    except ValidationError as e:
        where = "Agency.rules['redaction']" if override else str(rules_dir() / REDACTION_RULES)
        raise RuleError(f"redaction rules in {where} are not valid: {e}") from e
