"""Synthetic people, organisations and numbers with valid check digits, computed here.

Everything is fictional: phone numbers carry 0000 in the middle (1380000xxxx
and the like), bank cards start 62220000, e-mail addresses use example.com /
example.cn, cities are invented. Check digits are computed, never copied.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ("建国", "秀英", "志强", "丽娟", "海燕", "春生", "桂兰", "德明", "晓东", "玉梅", "文杰", "红霞", "永福",
         "淑珍", "国平", "美玲", "振华", "翠萍", "世杰", "慧敏", "家豪", "雪梅", "宏伟", "凤英", "少军", "静怡",
         "光辉", "月娥", "立新", "佳琪", "云飞", "小芳", "长青", "素琴", "俊杰", "婉清", "学文", "金凤", "树林",
         "晨曦", "子涵", "宇航", "梓萱", "明远", "若兰", "天佑", "秋菊", "新民", "丹", "伟", "敏", "磊", "静",
         "涛", "芳", "军", "洁", "勇", "艳", "斌", "娜", "超", "婷", "鹏", "琳")
REGIONS = ("422822", "422823", "422825", "422826", "433122", "433123", "430121", "430122", "110101", "120102",
           "310104", "510421", "520201")  # codes python-stdnum knows for births 1950-2005
CITY_PARTS = ("青禾", "东陵", "南屿", "西岭", "北泉")
STREETS = ("和平", "建设", "解放", "新华", "人民", "胜利", "光明", "友谊", "长江", "沿河", "青年", "振兴", "朝阳",
           "文化", "滨江", "桂花", "翠柳", "丰收", "安居", "荷塘")
ROAD_KINDS = ("路", "大道", "街", "巷")
COMMUNITIES = ("幸福里小区", "锦绣花园", "滨江苑", "翠竹园", "金桂苑", "怡和家园", "东方新村", "丽景湾")
VILLAGES = ("石桥村", "柳树湾村", "大塘村", "新庄村", "白沙村")
PLATE_PROV = "鄂湘赣豫皖川"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
MOBILE_PREFIX = ("1380000", "1390000", "1350000", "1500000", "1860000", "1770000", "1590000", "1880000")


def id_check(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def org_check(first8: str) -> str:
    """GB 11714 organisation code check character."""
    v = 11 - sum(CREDIT_CHARS.index(c) * w for c, w in zip(first8, ORG_WEIGHTS)) % 11
    return {10: "X", 11: "0"}.get(v, str(v))


def credit_check(first17: str) -> str:
    """GB 32100 統一社会信用代码 check character."""
    return CREDIT_CHARS[(31 - sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS)) % 31) % 31]


def luhn_complete(prefix: str) -> str:
    total = 0
    for i, c in enumerate(reversed(prefix)):
        d = int(c)
        if i % 2 == 0:  # these are doubled once the check digit is appended
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return prefix + str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    return luhn_complete(number[:-1]) == number


@dataclass
class Person:
    name: str
    sex: str
    birth: date
    id_number: str
    phone: str
    address: str
    email: str = ""
    plate: str = ""
    bank_card: str = ""


@dataclass
class Org:
    name: str
    credit_code: str
    address: str        # registered 住所 (kept)
    individual: bool    # 个体工商户: its "92…" code is the owner's data


@dataclass
class Officer:
    name: str
    cert_no: str


@dataclass
class Agency:
    key: str            # zj | ga | mz | zr | sj
    city: str
    name: str
    short: str          # in case numbers
    address: str
    phone: str
    officers: list[Officer] = field(default_factory=list)


class Faker:
    """Draws synthetic values from one random stream; names never repeat within one set."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_names: set[str] = set()
        self.used_numbers: set[str] = set()

    def name(self) -> str:
        for _ in range(10000):
            n = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            # no name inside another one, so a name found in text is that person's
            if n not in self.used_names and not any(n in u or u in n for u in self.used_names):
                self.used_names.add(n)
                return n
        raise RuntimeError("ran out of synthetic names")

    def _unique(self, make) -> str:
        while True:
            v = make()
            if v not in self.used_numbers:
                self.used_numbers.add(v)
                return v

    def id_number(self, birth: date, sex: str, with_x: bool = False) -> str:
        for _ in range(1000):
            seq = self.rng.randint(0, 99)
            sex_digit = self.rng.choice("13579" if sex == "男" else "02468")
            first = f"{self.rng.choice(REGIONS)}{birth:%Y%m%d}{seq:02d}{sex_digit}"
            full = first + id_check(first)
            if (full[-1] == "X") == with_x and full not in self.used_numbers:
                self.used_numbers.add(full)
                return full
        raise RuntimeError("no ID number of the wanted form")

    def mobile(self) -> str:
        return self._unique(lambda: self.rng.choice(MOBILE_PREFIX) + f"{self.rng.randint(0, 9999):04d}")

    def landline(self, city_code: str) -> str:
        return self._unique(lambda: f"{city_code}-{self.rng.choice('3568')}{self.rng.randint(0, 999):03d}0000")

    def bank_card(self) -> str:
        length = self.rng.choice((16, 19))
        return self._unique(lambda: luhn_complete("62220000" + "".join(
            str(self.rng.randint(0, 9)) for _ in range(length - 9))))

    def treasury_account(self) -> str:
        return self._unique(lambda: "1812" + "".join(str(self.rng.randint(0, 9)) for _ in range(15)))

    def credit_code(self, individual: bool) -> str:
        def make() -> str:
            body = "".join(self.rng.choice(CREDIT_CHARS[:10] + "ABCDEFGH") for _ in range(8))
            org = body + org_check(body)
            first = ("92" if individual else "91") + self.rng.choice(REGIONS) + org
            return first + credit_check(first)
        return self._unique(make)

    def plate(self) -> str:
        def make() -> str:
            p = self.rng.choice(PLATE_PROV) + self.rng.choice(PLATE_LETTERS)
            if self.rng.random() < 0.3:  # new-energy: D/F then five more
                return p + self.rng.choice("DF") + f"{self.rng.randint(0, 99999):05d}"
            tail = self.rng.choice((f"{self.rng.randint(10000, 99999)}",
                                    f"{self.rng.choice(PLATE_LETTERS)}{self.rng.randint(1000, 9999)}",
                                    f"{self.rng.randint(100, 999)}{self.rng.choice(PLATE_LETTERS)}{self.rng.randint(0, 9)}"))
            return p + tail
        return self._unique(make)

    def email(self) -> str:
        user = self.rng.choice(("ceshi", "test", "demo", "sample", "user")) + f"{self.rng.randint(1, 999)}"
        return self._unique(lambda: f"{user}@{self.rng.choice(('example.com', 'example.cn', 'example.org'))}")

    def address(self, city: str) -> str:
        r = self.rng
        if r.random() < 0.2:
            return f"{city}市{r.choice(CITY_PARTS)}县{r.choice(('城关', '新店', '马坪'))}镇{r.choice(VILLAGES)}{r.randint(1, 12)}组{r.randint(1, 80)}号"
        road = r.choice(STREETS) + r.choice(ROAD_KINDS)
        tail = f"{r.randint(1, 399)}号"
        if r.random() < 0.6:
            tail += f"{r.choice(COMMUNITIES)}{r.randint(1, 30)}栋{r.randint(1, 6)}单元{r.randint(1, 32)}{r.randint(1, 4):02d}室"
        return f"{city}市{r.choice(('江岸', '城中', '高新', '东湖', '开发'))}区{road}{tail}"

    def person(self, city: str, sex: str | None = None, with_x: bool | None = None) -> Person:
        sex = sex or self.rng.choice("男女")
        birth = date(1950, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 55))
        x = with_x if with_x is not None else self.rng.random() < 0.2
        return Person(self.name(), sex, birth, self.id_number(birth, sex, x), self.mobile(), self.address(city),
                      email=self.email(), plate=self.plate(), bank_card=self.bank_card())

    def org(self, city: str, individual: bool) -> Org:
        r = self.rng
        stem = r.choice(("恒远", "鑫达", "盛和", "华通", "宏图", "天禾", "福源", "金诚", "顺昌", "嘉联"))
        if individual:
            name = f"{city}市{r.choice(('城中', '高新', '东湖'))}区{stem}{r.choice(('便利店', '小吃店', '五金店', '理发店', '建材经营部'))}"
        else:
            name = f"{city}{stem}{r.choice(('建筑工程', '房地产开发', '物业服务', '商贸', '食品', '养老服务'))}有限公司"
        addr = f"{city}市{r.choice(('高新', '开发', '城中'))}区{r.choice(STREETS)}{r.choice(ROAD_KINDS)}{r.randint(1, 500)}号"
        return Org(name, self.credit_code(individual), addr, individual)
