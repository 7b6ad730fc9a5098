"""Resident ID numbers (GB 11643) and unified social credit codes (GB 32100), read from OCR text.

OCR confusions that the format settles are repaired: in a position that must
be a digit, O is 0 and l is 1; the check character then confirms or refuses
the whole number. A number whose check character fails is never accepted,
and nothing is guessed: it goes to review as read.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Shapes OCR gives a digit; only used where the format allows a digit and nothing else.
DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1",
                                  "|": "1", "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "b": "6",
                                  "G": "6", "g": "9"})
# In a credit code the letters I, O, S, V, Z are never used (GB 32100), so they can only be digits.
CREDIT_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5", "o": "0", "l": "1", "|": "1"})

_ID_CHARS = "0-9OoDQlIi|ZzSsBbGg"
ID_CANDIDATE = re.compile(rf"(?<![0-9A-Za-z])(?:[{_ID_CHARS}] ?){{16,18}}[{_ID_CHARS}Xx×](?![0-9A-Za-z])")
CREDIT_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(?:[0-9A-Za-z|] ?){17,19}[0-9A-Za-z](?![0-9A-Za-z])")


def id_check_char(first17: str) -> str:
    """GB 11643 check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"need 17 digits, got {first17!r}")
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def _birth_date(number: str) -> dt.date | None:
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return born if dt.date(1900, 1, 1) <= born <= dt.date.today() else None


def is_valid_id_number(value: str) -> bool:
    """18 characters, a real birth date, a plausible region and the right check digit."""
    return (len(value) == 18 and value[:17].isdigit() and value[0] in "12345678"
            and _birth_date(value) is not None and id_check_char(value[:17]) == value[17])


def sex_from_id_number(value: str) -> str:
    """The sex the sequence number carries: odd for men (男), even for women (女)."""
    return "男" if int(value[16]) % 2 else "女"


def credit_check_char(first17: str) -> str:
    """GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """GB 11714 check character of the organisation code inside a credit code."""
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first8, ORG_CODE_WEIGHTS))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def is_valid_credit_code(value: str) -> bool:
    return (len(value) == 18 and all(c in CREDIT_CHARSET for c in value)
            and value[2:8].isdigit() and credit_check_char(value[:17]) == value[17])


@dataclass(frozen=True)
class NumberReading:
    """What an 18-character number on the page turned out to be."""

    raw: str
    value: str  # the repaired number (accepted only when `valid`)
    valid: bool
    repaired: bool
    problems: tuple[str, ...] = field(default=())

    @property
    def confidence(self) -> float:
        if not self.valid:
            return 0.2
        return 0.93 if self.repaired else 0.99


def read_id_number(raw: str) -> NumberReading:
    compact = raw.replace(" ", "")
    body, last = compact[:-1].translate(DIGIT_LOOKALIKES), compact[-1:]
    last = "X" if last in "xX×" else last.translate(DIGIT_LOOKALIKES)
    value = body + last
    repaired = value != compact
    if len(value) != 18:
        return NumberReading(raw, value, False, repaired, ("wrong_length",))
    if not value.isdigit() and not (value[:17].isdigit() and value[17] == "X"):
        return NumberReading(raw, value, False, repaired, ("not_a_number",))
    if _birth_date(value) is None or value[0] not in "12345678":
        return NumberReading(raw, value, False, repaired, ("bad_birth_date_or_region",))
    if id_check_char(value[:17]) != value[17]:
        return NumberReading(raw, value, False, repaired, ("check_digit_failed",))
    return NumberReading(raw, value, True, repaired)


def read_credit_code(raw: str) -> NumberReading:
    compact = raw.replace(" ", "")
    upper = compact.translate(CREDIT_LOOKALIKES).upper()
    # Positions 3-8 are a region code: digits only, so any look-alike there is a digit.
    value = upper[:2] + upper[2:8].translate(DIGIT_LOOKALIKES) + upper[8:]
    repaired = value != compact
    if len(value) != 18:
        return NumberReading(raw, value, False, repaired, ("wrong_length",))
    if any(c not in CREDIT_CHARSET for c in value) or not value[2:8].isdigit():
        return NumberReading(raw, value, False, repaired, ("not_a_credit_code",))
    if credit_check_char(value[:17]) != value[17]:
        return NumberReading(raw, value, False, repaired, ("check_character_failed",))
    return NumberReading(raw, value, True, repaired)


def looks_like_credit_code(raw: str) -> bool:
    """Letters where an ID number has digits: read it as a credit code."""
    compact = raw.replace(" ", "")
    return len(compact) >= 17 and any(c in "ABCDEFGHJKLMNPQRTUWXY" for c in compact[:17])
