"""The invented county of 云岚县: its agencies, the people and businesses they deal with, and their cases.

Every identity is synthetic: ID numbers with GB 11643 check digits in fictional prefectures (98),
credit codes with GB 32100 checks, phones 1380000xxxx. Per-agency habits (number series, bracket
style, certificate format, titles) are data in AGENCIES.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.devset2.identity import credit_check, id_check, org_check

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
REGIONS = ("149802", "359806", "449803", "619801", "229804")
SURNAMES = ("欧阳", "司马", "练", "甘", "邝", "骆", "蓝", "龚", "阮", "谭", "覃", "莫", "卢", "钟", "温", "黎", "祁", "符",
            "聂", "凌", "罗", "易", "岑", "田")
GIVEN_M = ("建川", "振岳", "国栋", "守仁", "立峰", "长青", "德胜", "晓东", "海涛", "志远", "文斌", "永康", "子豪")
GIVEN_F = ("秀兰", "丽娟", "雨桐", "晓燕", "佩玲", "慧敏", "春梅", "婉清", "嘉怡", "素芬", "玉珍", "梦瑶")
TOWNS = ("青禾镇", "石湾乡", "落霞镇", "龙溪街道", "桂岭乡", "白沙镇")
ROADS = ("迎宾路", "长乐街", "河西大道", "新华路", "和平巷", "滨江路")


@dataclass
class Person:
    name: str
    male: bool
    id_number: str
    phone: str
    address: str
    born: date
    job: str = ""  # 职务


@dataclass
class Org:
    name: str
    credit_code: str
    address: str
    phone: str
    legal_rep: Person  # 法定代表人, 负责人 or 经营者
    rep_title: str  # 法定代表人 | 负责人 | 经营者
    kind: str  # company | sole (个体工商户) | school | clinic


@dataclass
class Officer:
    name: str
    cert_no: str


@dataclass
class Agency:
    code: str
    name: str
    short: str  # number prefix
    unit_name: str
    series: dict[str, str]  # series -> the word in the number (立, 罚告, 罚, 催, 存, 法审, 改)
    brackets: tuple[str, str]
    di: bool  # 第 before the serial
    pad: int  # zero padding of the serial
    cert: str  # a format with {n}
    titles: dict[str, str] = field(default_factory=dict)  # generic title -> the agency's own
    officers: list[Officer] = field(default_factory=list)
    head: Officer | None = None
    reviewer: Officer | None = None


AGENCIES = [
    Agency("YLNY", "云岚县农业农村局", "云农", "云岚县农业综合行政执法大队",
           {"立": "立", "告": "罚告", "决": "罚", "催": "催", "改": "责改"}, ("〔", "〕"), False, 0, "NY9802{n:04d}"),
    Agency("YLSW", "国家税务总局云岚县税务局", "云税", "第一税务分局（稽查）",
           {"立": "稽立", "告": "罚告", "决": "罚", "催": "催", "改": "限改"}, ("〔", "〕"), False, 0,
           "4498010{n:03d}",
           titles={"行政处罚事先告知书": "税务行政处罚事项告知书", "行政处罚决定书": "税务行政处罚决定书",
                   "责令改正通知书": "责令限期改正通知书"}),
    Agency("YLYC", "云岚县烟草专卖局", "云烟", "云岚县烟草专卖局专卖稽查大队",
           {"立": "立字", "告": "罚告字", "决": "罚字", "存": "存字", "催": "催字"}, ("（", "）"), True, 4,
           "YC{n:06d}"),
    Agency("YLJY", "云岚县教育局", "云教", "云岚县教育行政执法大队",
           {"立": "立", "告": "罚告", "决": "罚决", "改": "责改"}, ("[", "]"), False, 0, "JY-98-{n:03d}"),
    Agency("YLYB", "云岚县医疗保障局", "云医保", "云岚县医疗保障基金监管中队",
           {"立": "立", "告": "罚告", "决": "罚", "法审": "法审", "催": "催告"}, ("〔", "〕"), False, 2,
           "YB98{n:05d}"),
    Agency("YLLS", "云岚县粮食和物资储备局", "云粮储", "云岚县粮食行政执法大队",
           {"立": "立", "告": "罚告", "决": "罚", "改": "责改"}, ("（", "）"), True, 0, "LS2598{n:03d}"),
]


class People:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()
        self.phones: set[str] = set()

    def name(self, male: bool, surname: str | None = None) -> str:
        while True:
            s = surname or self.rng.choice(SURNAMES)
            n = s + self.rng.choice(GIVEN_M if male else GIVEN_F)
            if len(n) < 4 and self.rng.random() < 0.2:
                n = s + self.rng.choice("一二三四五") + self.rng.choice("明华林")[:1]
            if n not in self.taken:
                self.taken.add(n)
                return n

    def phone(self) -> str:
        while True:
            p = f"1380000{self.rng.randrange(10000):04d}"
            if p not in self.phones:
                self.phones.add(p)
                return p

    def address(self) -> str:
        r = self.rng
        return f"云岚县{r.choice(TOWNS)}{r.choice(ROADS)}{r.randint(1, 188)}号"

    def person(self, male: bool | None = None, surname: str | None = None, job: str = "") -> Person:
        male = self.rng.random() < 0.6 if male is None else male
        born = date(1962, 1, 1) + timedelta(days=self.rng.randrange(14000))
        seq = self.rng.randrange(0, 100) * 10 + self.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
        first17 = f"{self.rng.choice(REGIONS)}{born:%Y%m%d}{seq:03d}"
        return Person(self.name(male, surname), male, first17 + id_check(first17), self.phone(), self.address(),
                      born, job)

    def credit(self, head: str) -> str:
        body = "".join(self.rng.choice(CREDIT_CHARS[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
        first17 = head + self.rng.choice(REGIONS) + body + org_check(body)
        return first17 + credit_check(first17)

    def org(self, name: str, kind: str, rep: Person | None = None) -> Org:
        head, title = {"company": ("91", "法定代表人"), "sole": ("92", "经营者"), "school": ("52", "法定代表人"),
                       "clinic": ("91", "负责人")}[kind]
        return Org(name, self.credit(head), self.address(), self.phone(), rep or self.person(), title, kind)


def officers_for(agency: Agency, people: People, rng: random.Random, shared_surname: str) -> None:
    base = rng.randrange(100, 900)
    for i in range(4):
        # Same-surname officers and parties are common in a county; one officer per agency shares a party's surname.
        p = people.person(surname=shared_surname if i == 1 else None)
        agency.officers.append(Officer(p.name, agency.cert.format(n=base + i * rng.randint(3, 40))))
    agency.head = Officer(people.person(male=True).name, agency.cert.format(n=base + 97))
    agency.reviewer = Officer(people.person().name, agency.cert.format(n=base + 61))


def number(agency: Agency, series: str, year: int, serial: int) -> str:
    left, right = agency.brackets
    return f"{agency.short}{agency.series[series]}{left}{year}{right}{'第' if agency.di else ''}{serial:0{agency.pad}d}号"


_CN = "〇一二三四五六七八九"


def cn_date(d: date) -> str:
    def small(n: int) -> str:
        if n < 10:
            return _CN[n]
        return ("" if n < 20 else _CN[n // 10]) + "十" + ("" if n % 10 == 0 else _CN[n % 10])
    return "".join(_CN[int(c)] for c in str(d.year)) + f"年{small(d.month)}月{small(d.day)}日"


def ar_date(d: date, pad: bool = False) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日" if pad else f"{d.year}年{d.month}月{d.day}日"
