"""Case-file review score (案卷评查) against a configurable scheme.

A veto item that matches any finding sets the score to 0; each deduction
item takes its points once per matching finding, up to its cap. Every line
of the result names the item and the document (or absence) behind it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from casefiles.checks import Finding
from casefiles.rules import ReviewScheme, SchemeItem


@dataclass(frozen=True)
class ScoreLine:
    item: str  # the scheme item's code
    name: str
    points: int  # deducted; 0 for a veto line
    veto: bool
    finding: Finding

    def to_json(self) -> dict:
        return {"item": self.item, "name": self.name, "points": self.points, "veto": self.veto,
                "finding": self.finding.to_json()}


@dataclass
class ReviewScore:
    scheme: str
    full_score: int
    pass_score: int
    score: int
    vetoed: bool
    lines: list[ScoreLine] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_score

    def to_json(self) -> dict:
        return {"scheme": self.scheme, "full_score": self.full_score, "score": self.score, "vetoed": self.vetoed,
                "passed": self.passed, "lines": [line.to_json() for line in self.lines]}


def _matches(item: SchemeItem, finding: Finding) -> bool:
    return any(fnmatchcase(finding.code, pattern) for pattern in item.findings)


def score_case(scheme: ReviewScheme, findings: list[Finding]) -> ReviewScore:
    lines: list[ScoreLine] = []
    vetoed = False
    for item in scheme.veto:
        for f in findings:
            if _matches(item, f):
                vetoed = True
                lines.append(ScoreLine(item.code, item.name, 0, True, f))
    deducted = 0
    vetoed_findings = {id(line.finding) for line in lines}
    for item in scheme.deductions:
        taken = 0
        for f in findings:
            if id(f) in vetoed_findings or not _matches(item, f):
                continue
            points = item.points if item.max is None else min(item.points, item.max - taken)
            if points <= 0:
                continue
            taken += points
            lines.append(ScoreLine(item.code, item.name, points, False, f))
        deducted += taken
    score = 0 if vetoed else max(0, scheme.full_score - deducted)
    return ReviewScore(scheme.name, scheme.full_score, scheme.pass_score, score, vetoed, lines)
