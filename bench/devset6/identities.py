"""Fictional persons and organisations whose identifiers pass their check characters.

身份证号: GB 11643 (ISO 7064 MOD 11-2). 统一社会信用代码: GB 32100 (MOD 31 over
17 characters), with its organisation-code part (characters 9-17) carrying
its own GB 11714 check. Region codes use the fictional prefecture 98 inside
real province codes, so no number can be a real person's or organisation's.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

_ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_W = (3, 7, 9, 10, 5, 8, 4, 2)
REGIONS = ("459801", "459802", "459805", "459811")  # 45 广西 + fictional prefecture 98

_SURNAMES = "陶冯邵齐骆晏庞甘戚柯简覃阮卜商闵岑薛蓝滕龚邬鲍殷祁詹翟严程尹蒲霍卢黎汤"
_GIVEN_1 = "嘉泽宇晨佳雨子明建国志海文春秀丽桂玉振德立永思俊晓红慧婉书逸成家伟雪"
_GIVEN_2 = "航辰涛琳峰霞平军杰华宁颖楠斌敏强鹏琪浩娜瑶欣博磊芳洁凯昕睿"


def id_check(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, _ID_W)) % 11]


def id_ok(value: str) -> bool:
    return len(value) == 18 and value[:17].isdigit() and id_check(value[:17]) == value[17]


def _org_check(first8: str) -> str:
    r = 11 - sum(_CODE_CHARS.index(c) * w for c, w in zip(first8, _ORG_W)) % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


def _code_check(first17: str) -> str:
    return _CODE_CHARS[(31 - sum(_CODE_CHARS.index(c) * w for c, w in zip(first17, _CODE_W)) % 31) % 31]


def code_ok(value: str) -> bool:
    return (len(value) == 18 and all(c in _CODE_CHARS for c in value)
            and _code_check(value[:17]) == value[17] and _org_check(value[8:16]) == value[16])


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    male: bool
    born: date
    address: str
    phone: str

    @property
    def sex(self) -> str:
        return "男" if self.male else "女"


@dataclass(frozen=True)
class Organisation:
    name: str
    credit_code: str
    address: str
    head: Person  # its 法定代表人, or the 经营者 of an 个体工商户
    head_title: str = "法定代表人"

    @property
    def is_sole_trader(self) -> bool:
        return self.credit_code.startswith("92")


class Registry:
    """Draws unique names and identifiers from one seeded random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.phones: set[str] = set()

    def name(self) -> str:
        while True:
            r = self.rng
            given = r.choice(_GIVEN_1) + (r.choice(_GIVEN_2) if r.random() < 0.8 else "")
            name = r.choice(_SURNAMES) + given
            if name not in self.names:
                self.names.add(name)
                return name

    def phone(self) -> str:
        while True:
            p = f"1380000{self.rng.randrange(10000):04d}"
            if p not in self.phones:
                self.phones.add(p)
                return p

    def person(self, address: str, male: bool | None = None, name: str | None = None) -> Person:
        r = self.rng
        male = r.random() < 0.6 if male is None else male
        born = date(1962, 1, 1) + timedelta(days=r.randrange(14000))
        seq = r.randrange(100) * 10 + r.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
        first17 = f"{r.choice(REGIONS)}{born:%Y%m%d}{seq:03d}"
        if name:
            self.names.add(name)
        return Person(name or self.name(), first17 + id_check(first17), male, born, address, self.phone())

    def credit_code(self, sole_trader: bool = False) -> str:
        r = self.rng
        body = "".join(r.choice(_CODE_CHARS) for _ in range(8))
        first17 = ("92" if sole_trader else "91") + r.choice(REGIONS) + body + _org_check(body)
        return first17 + _code_check(first17)

    def organisation(self, name: str, address: str, head: Person, sole_trader: bool = False) -> Organisation:
        return Organisation(name, self.credit_code(sole_trader), address, head,
                            "经营者" if sole_trader else "法定代表人")
