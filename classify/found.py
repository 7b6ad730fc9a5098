"""What an extractor returns: one value, where it was read, how sure we are, and what is wrong with it."""
from __future__ import annotations

from dataclasses import dataclass, field

# Problems that always send a document to review, whatever the confidence.
BLOCKING_PROBLEMS = frozenset({
    "check_digit_failed", "check_character_failed", "wrong_length", "not_a_number", "not_a_credit_code",
    "bad_birth_date_or_region", "conflict", "incomplete_date", "impossible_date", "amount_mismatch",
    "sex_mismatch", "after_ingest", "out_of_order", "year_inferred",
})


@dataclass
class Found:
    """One extracted value. `start`/`end` are offsets in the extractor's view of the text.

    kind: what the value is about (case_no, party, officer, date …); group: which
    entity it belongs to when one entity has several values (a party's name and
    ID number share a group); attr: which of the entity's values this is.
    """

    kind: str
    attr: str
    value: str | None
    raw: str
    confidence: float
    start: int = -1
    end: int = -1
    group: str | None = None
    problems: tuple[str, ...] = ()
    page_no: int | None = None
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Stable identity within a document: the same reading on a re-run has the same key."""
        return f"{self.group}.{self.attr}" if self.group else f"{self.kind}.{self.attr}"

    @property
    def blocking(self) -> bool:
        return bool(BLOCKING_PROBLEMS.intersection(self.problems))
