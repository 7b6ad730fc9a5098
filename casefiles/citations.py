"""A rule's citation in words: "000:28; 001:33" becomes the regulations' names and their articles.

Rules cite as "seed:article" (REQUIREMENTS.md); the names of the regulations
are data (rules/regulations.yaml, extended per agency in
Agency.rules["regulations"]), so a person reads "鹿泉区住建局行政执法全过程记录制度
第二十八条" and never a seed number.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from casefiles.rules import RuleError, read_rule_file, rules_dir

REGULATIONS_FILE = "regulations.yaml"
_PART = re.compile(r"\s*(?P<source>[0-9]{3}(?:\([^)]*\)|（[^）]*）)?)\s*[:：]\s*(?P<article>\d+)(?:\s*[-–]\s*(?P<to>\d+))?\s*")
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..999 in Chinese numerals as articles are numbered: 十, 十三, 二十八, 一百零五."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_DIGITS[ones] if ones else "")


def _source_key(source: str) -> str:
    return source.strip().replace("（", "(").replace("）", ")")


@lru_cache(maxsize=4)
def _default_names(directory: Path) -> dict[str, str]:
    path = directory / REGULATIONS_FILE
    names = read_rule_file(path).get("regulations")
    if not isinstance(names, dict):
        raise RuleError(f"rule file {path}: expected a mapping `regulations` of seed -> regulation name")
    return {_source_key(str(k)): str(v) for k, v in names.items()}


def regulations(agency_rules: dict[str, Any] | None = None) -> dict[str, str]:
    """Seed -> regulation name: the defaults with the agency's additions."""
    extra = (agency_rules or {}).get("regulations") or {}
    return {**_default_names(rules_dir()), **{_source_key(str(k)): str(v) for k, v in extra.items()}}


def cite_text(cite: str, names: dict[str, str] | None = None) -> str:
    """The citation in words; a part that is not "seed:article" is kept as written."""
    names = names if names is not None else regulations()
    parts: list[tuple[str, list[str]]] = []  # (regulation, its articles) in the order cited
    for part in re.split(r"[;；]", cite or ""):
        m = _PART.fullmatch(part)
        if not m:
            if part.strip():
                parts.append((part.strip(), []))
            continue
        source = _source_key(m.group("source"))
        article = f"第{chinese_number(int(m.group('article')))}条"
        if m.group("to"):
            article += f"至第{chinese_number(int(m.group('to')))}条"
        name = names.get(source, source)
        if parts and parts[-1][0] == name and parts[-1][1]:
            parts[-1][1].append(article)
        else:
            parts.append((name, [article]))
    return "；".join(f"{name} {'、'.join(articles)}" if articles else name for name, articles in parts)
