"""Synthetic personal and organisational values, each valid in shape and check digit, none a real one.

Region codes use the fictional prefecture 99 inside real province codes; phones
are 1380000xxxx-like; e-mails are on example.com/.org/.net; places are invented.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.devset2.identity import credit_check, id_check, org_check

REGIONS = ("359902", "449906", "619903", "459908", "349905", "649901")
SINGLE_SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高罗郭梁宋郑谢唐冯董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "端木", "皇甫", "令狐", "慕容", "东方", "尉迟", "公孙", "夏侯")
GIVEN_ONE = "敏静磊强军洋勇艳杰娟涛明超秀霞平刚桂英华芳燕丹玲萍红鹏飞斌宇浩凯健俊帆帅旭宁颖琳晨亮"
GIVEN_TWO = ("建国", "秀兰", "志强", "海燕", "春梅", "德明", "玉珍", "国庆", "晓东", "丽娜", "文博", "子涵",
             "雨桐", "家豪", "思远", "振华", "桂芳", "永红", "立新", "慧敏", "俊杰", "淑贞", "宏伟", "金凤",
             "梓萱", "浩然", "美玲", "学军", "佳怡", "天佑", "红梅", "明辉", "少华", "凤英", "晓燕", "卫东")

CITIES = ("梧桐市", "青禾市", "柘川市", "云岭市", "泮溪市", "澜沧湾市")
DISTRICTS = ("枫林区", "栖霞湾区", "北岸区", "新桥区", "望江区", "东湖新区", "临溪县", "石门坎县")
STREETS = ("柳荫街", "望江路", "杏坛大道", "南塘巷", "石榴路", "翠屏西路", "鹤鸣街", "龙泉北路", "桑园路",
           "荷塘东路", "银杏巷", "金沙大道", "朝阳里", "永宁街")
TOWNS = ("白鹭镇", "长岭乡", "清水镇", "桃源乡", "双溪镇")
VILLAGES = ("上坪村", "杨柳村", "大湾村", "石桥村", "新屋村")
BANKS = ("梧桐农村商业银行柳荫支行", "中国工商银行青禾市杏坛支行", "中国建设银行柘川分行营业部",
         "中国农业银行云岭市北岸支行", "中国邮政储蓄银行泮溪市望江支行", "交通银行澜沧湾分行")
PLATE_PROVINCES = "赣黔湘皖闽桂"
TRADE_WORDS = ("恒信", "鑫源", "华泰", "永安", "瑞丰", "金鼎", "润禾", "嘉和", "宏图", "安康", "正德", "博远")


def luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(digits: str) -> bool:
    return luhn_digit(digits[:-1]) == digits[-1]


@dataclass
class Values:
    rng: random.Random
    taken: set[str] = field(default_factory=set)

    # -- persons ------------------------------------------------------------------------------------
    def name(self, compound: float = 0.12, two_char: float = 0.3) -> str:
        while True:
            r = self.rng.random()
            if r < compound:
                n = self.rng.choice(COMPOUND_SURNAMES) + self.rng.choice(GIVEN_ONE + "".join(GIVEN_TWO))
            elif r < compound + two_char:
                n = self.rng.choice(SINGLE_SURNAMES) + self.rng.choice(GIVEN_ONE)
            else:
                n = self.rng.choice(SINGLE_SURNAMES) + self.rng.choice(GIVEN_TWO)
            if n not in self.taken:
                self.taken.add(n)
                return n

    def id_number(self, male: bool, want_x: bool = False, born_before: int = 2003) -> tuple[str, date]:
        for _ in range(500):
            born = date(1950, 1, 1) + timedelta(days=self.rng.randrange((date(born_before, 1, 1) - date(1950, 1, 1)).days))
            seq = self.rng.randrange(0, 100) * 10 + self.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
            first17 = f"{self.rng.choice(REGIONS)}{born:%Y%m%d}{seq:03d}"
            value = first17 + id_check(first17)
            if value.endswith("X") == want_x:
                return value, born
        raise RuntimeError("no ID number with the wanted check character")

    def mobile(self) -> str:
        return self.rng.choice(("1380000", "1390000", "1590000", "1870000", "1770000", "1860000")) + \
            f"{self.rng.randrange(10000):04d}"

    def fixed_line(self) -> str:
        return f"0{self.rng.choice(('791', '851', '731', '551', '591', '771'))}-5550{self.rng.randrange(10000):04d}"

    def bank_card(self, length: int | None = None) -> str:
        length = length or self.rng.choice((16, 19, 19))
        body = self.rng.choice(("622299", "621799", "623099", "625999")) + \
            "".join(str(self.rng.randrange(10)) for _ in range(length - 7))
        return body + luhn_digit(body)

    def plain_account(self) -> str:
        """A 开户行 account number that is not Luhn-valid (only its label says what it is)."""
        while True:
            v = "".join(str(self.rng.randrange(10)) for _ in range(self.rng.choice((17, 20))))
            if v[0] != "0" and not luhn_ok(v):
                return v

    def plate(self, new_energy: bool = False, dot: bool = False) -> str:
        p = self.rng.choice(PLATE_PROVINCES) + self.rng.choice("ABCDEFGH")
        if new_energy:
            tail = self.rng.choice("DF") + "".join(str(self.rng.randrange(10)) for _ in range(5))
        else:
            chars = [self.rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(5)]
            chars[0] = str(self.rng.randrange(10))
            tail = "".join(chars)
        return p + ("·" if dot else "") + tail

    def email(self) -> str:
        user = "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(self.rng.randint(4, 8)))
        return f"{user}{self.rng.randrange(10, 99)}@{self.rng.choice(('example.com', 'example.org', 'example.net'))}"

    def home_address(self) -> str:
        city, district = self.rng.choice(CITIES), self.rng.choice(DISTRICTS)
        if self.rng.random() < 0.3:
            return f"{city}{district}{self.rng.choice(TOWNS)}{self.rng.choice(VILLAGES)}{self.rng.randint(1, 9)}组" \
                   f"{self.rng.randint(1, 88)}号"
        return f"{city}{district}{self.rng.choice(STREETS)}{self.rng.randint(1, 399)}号" \
               f"{self.rng.randint(1, 24)}栋{self.rng.randint(1, 4)}单元{self.rng.randint(1, 28)}0{self.rng.randint(1, 6)}室"

    # -- organisations ----------------------------------------------------------------------------
    def credit_code(self, prefix: str) -> str:
        body = "".join(self.rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
        org = body + org_check(body)
        first17 = prefix + self.rng.choice(REGIONS) + org
        return first17 + credit_check(first17)

    def company(self, industry: str) -> str:
        return f"{self.rng.choice(CITIES)}{self.rng.choice(TRADE_WORDS)}{industry}有限公司"

    def business_address(self) -> str:
        return f"{self.rng.choice(CITIES)}{self.rng.choice(DISTRICTS)}{self.rng.choice(STREETS)}" \
               f"{self.rng.randint(1, 399)}号{self.rng.choice(('一楼门面', '201室', 'A座5楼', '商铺8号'))}"

    def bank(self) -> str:
        return self.rng.choice(BANKS)


@dataclass
class Person:
    name: str
    male: bool
    id_number: str
    born: date
    mobile: str
    address: str
    role: str

    @classmethod
    def make(cls, v: Values, role: str, want_x: bool | None = None) -> Person:
        male = v.rng.random() < 0.6
        want_x = v.rng.random() < 0.12 if want_x is None else want_x
        idn, born = v.id_number(male, want_x)
        return cls(v.name(), male, idn, born, v.mobile(), v.home_address(), role)

    @property
    def sex(self) -> str:
        return "男" if self.male else "女"


def spaced_id(value: str) -> str:
    return f"{value[:6]} {value[6:14]} {value[14:]}"


def full_width(value: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)


def spaced_mobile(value: str, sep: str) -> str:
    return f"{value[:3]}{sep}{value[3:7]}{sep}{value[7:]}"


def grouped(value: str) -> str:
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))
