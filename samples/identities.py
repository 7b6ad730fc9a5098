"""Clearly fictional identities: names, ID numbers, credit codes, phones, officers.

Every value has the right shape and a valid check character, so that the
project's detectors and redaction treat it like the real thing, yet each one
carries a marker that no real record has ("测试"/"样例" in names, sequence
990-999 in ID numbers, 1380000xxxx phones, "TEST" in device numbers).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

SURNAMES = "张李王刘陈杨赵黄周吴徐孙马朱胡"
# Given names that read as placeholders to any Chinese reader.
GIVEN_NAMES = ("测试", "样例", "示例", "某某", "某", "试一", "样二", "例三", "测甲", "样乙")

# County-level region codes in the real format; the fake part is the sequence.
REGION_CODES = ("110101", "310104", "440106", "330106", "510107", "420102")
TEST_SEQUENCE = range(990, 1000)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

COMPANY_STEMS = ("测试", "样例", "示例", "测样")
COMPANY_TRADES = ("商贸", "建筑工程", "餐饮管理", "物业服务", "装饰工程")
STREETS = ("样本路", "示范街", "测试大道", "样例巷", "示例东路")
DISTRICTS = ("示例区", "样例区", "测试新区")


@dataclass(frozen=True)
class Party:
    """当事人: a natural person (id_number) or an organisation (credit_code)."""

    name: str
    address: str
    phone: str
    id_number: str | None = None
    gender: str | None = None
    credit_code: str | None = None
    legal_rep: str | None = None

    @property
    def is_person(self) -> bool:
        return self.id_number is not None


@dataclass(frozen=True)
class Officer:
    """执法人员 with 执法证号 (cert_no)."""

    name: str
    cert_no: str


def id_check_char(first17: str) -> str:
    """GB 11643 check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"need 17 digits, got {first17!r}")
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


def is_valid_id_number(value: str) -> bool:
    return (len(value) == 18 and value[:17].isdigit()
            and id_check_char(value[:17]) == value[17].upper())


def org_code_check_char(first8: str) -> str:
    """GB 11714 check character of the 9-character organisation code."""
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first8, ORG_CODE_WEIGHTS))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_check_char(first17: str) -> str:
    """GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def is_valid_credit_code(value: str) -> bool:
    return (len(value) == 18 and all(c in CREDIT_CHARSET for c in value)
            and credit_check_char(value[:17]) == value[17])


def fake_id_number(rng: random.Random, gender: str) -> str:
    region = rng.choice(REGION_CODES)
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
    sequence = rng.choice(TEST_SEQUENCE)
    # The sequence's last digit carries the gender: odd for men, even for women.
    if (sequence % 2 == 1) != (gender == "男"):
        sequence = sequence - 1 if sequence > 990 else sequence + 1
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def fake_credit_code(rng: random.Random) -> str:
    # 9 = market regulator, 1 = enterprise; organisation code 99xxxxxx is unassigned.
    org8 = "99" + "".join(rng.choice("0123456789") for _ in range(6))
    first17 = "91" + rng.choice(REGION_CODES) + org8 + org_code_check_char(org8)
    return first17 + credit_check_char(first17)


def fake_phone(rng: random.Random) -> str:
    return f"1380000{rng.randrange(10_000):04d}"


def fake_person_name(rng: random.Random, taken: set[str]) -> str:
    """A name not yet in taken (which it is added to)."""
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        if name not in taken:
            taken.add(name)
            return name


def fake_address(rng: random.Random) -> str:
    return f"测试市{rng.choice(DISTRICTS)}{rng.choice(STREETS)}{rng.randint(1, 99)}号"


def fake_person(rng: random.Random, taken: set[str]) -> Party:
    gender = rng.choice("男女")
    return Party(name=fake_person_name(rng, taken), address=fake_address(rng),
                 phone=fake_phone(rng), id_number=fake_id_number(rng, gender),
                 gender=gender)


def fake_company(rng: random.Random, legal_rep: str) -> Party:
    name = f"测试市{rng.choice(COMPANY_STEMS)}{rng.choice(COMPANY_TRADES)}有限公司"
    return Party(name=name, address=fake_address(rng), phone=fake_phone(rng),
                 credit_code=fake_credit_code(rng), legal_rep=legal_rep)


def fake_officer(rng: random.Random, taken: set[str]) -> Officer:
    return Officer(name=fake_person_name(rng, taken),
                   cert_no=f"1301{rng.randrange(10_000_000):07d}")


def fake_device_no(rng: random.Random) -> str:
    return f"DSJ-TEST-{rng.randrange(1, 10_000):04d}"
