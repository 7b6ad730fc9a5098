"""Fictional identities with valid check characters: 身份证号 (GB 11643), 统一社会信用代码 (GB 32100).

The region codes are shape-valid but fictional (prefecture 99 inside a real
province code), so no number here can be a real person's or organisation's.
Names come from short made-up lists; many persons are written 姓某某 as the
public versions of real decisions do.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Real province codes (13 河北, 21 辽宁, 42 湖北, 36 江西, 52 贵州) with the fictional prefecture 99.
FICTIONAL_REGIONS = ("139901", "139903", "219902", "429905", "369907", "529904")

SURNAMES = "林郑钱冯褚卫蒋沈韩秦尤许何吕施孔曹严华金魏陶姜谢邹喻柏窦章苏潘葛范彭鲁韦昌马苗方俞任袁柳"
GIVEN = ("望舒", "晓禾", "知远", "清越", "砚秋", "南乔", "一帆", "书宁", "若谷", "子衿", "云起", "听澜",
         "静姝", "明川", "嘉树", "亦舟", "怀瑾", "思齐", "星野", "岱宗", "某某", "某")


def id_check(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def valid_id(value: str) -> bool:
    return len(value) == 18 and value[:17].isdigit() and id_check(value[:17]) == value[17]


def org_check(first8: str) -> str:
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first8, ORG_WEIGHTS))
    r = 11 - total % 11
    return {10: "X", 11: "0"}.get(r, str(r))


def credit_check(first17: str) -> str:
    return CREDIT_CHARS[(31 - sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS)) % 31) % 31]


def valid_credit(value: str) -> bool:
    if len(value) != 18 or any(c not in CREDIT_CHARS for c in value):
        return False
    return credit_check(value[:17]) == value[17] and org_check(value[8:16]) == value[16]


def make_id(rng: random.Random, male: bool) -> str:
    born = date(1958, 1, 1) + timedelta(days=rng.randrange(16000))
    seq = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    first17 = f"{rng.choice(FICTIONAL_REGIONS)}{born:%Y%m%d}{seq:03d}"
    return first17 + id_check(first17)


def make_credit(rng: random.Random, authority: str = "9", kind: str = "1") -> str:
    """authority+kind: 91 enterprise (市场监管), 52 民办非企业单位 (民政), 12 public institution."""
    body = "".join(rng.choice(CREDIT_CHARS[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = body + org_check(body)
    first17 = f"{authority}{kind}{rng.choice(FICTIONAL_REGIONS)}{org}"
    return first17 + credit_check(first17)


def person_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in taken:
            taken.add(name)
            return name
