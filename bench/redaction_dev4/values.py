"""Synthetic people, organisations and numbers for the held-out redaction set.

Every number is invented here and carries a check digit computed here (GB 11643 for
身份证号, GB 32100 / GB 11714 for 统一社会信用代码, Luhn for bank cards); mobile numbers
follow the 1380000xxxx pattern, e-mail lives under example.com/.net/.org, and the
cities do not exist.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

# -- check digits ----------------------------------------------------------------------------------

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def id_check(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def org_code_check(first8: str) -> str:
    v = 11 - sum(_CC_ALPHABET.index(c) * w for c, w in zip(first8, _ORG_WEIGHTS)) % 11
    return {10: "X", 11: "0"}.get(v, str(v))


def credit_check(first17: str) -> str:
    v = 31 - sum(_CC_ALPHABET.index(c) * w for c, w in zip(first17, _CC_WEIGHTS)) % 31
    return _CC_ALPHABET[0 if v == 31 else v]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_complete(body: str) -> str:
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d
    raise AssertionError


# -- invented geography ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    province: str        # plate prefix character
    city: str            # e.g. 澜州市
    districts: tuple[str, ...]
    region: str          # 6-digit region code used in ID and credit codes (not a real one)
    area_code: str       # fixed-line area code


PLACES = [
    Place("皖", "澜州市", ("滨江区", "望湖区", "青檀县"), "349102", "0569"),
    Place("赣", "栖鹭市", ("东坪区", "砚山区", "白沙县"), "369207", "0788"),
    Place("湘", "沅溪市", ("鹤汀区", "枫岭区", "石门坎县"), "439315", "0748"),
    Place("豫", "嵩阳市", ("北关区", "槐荫区", "芦川县"), "419508", "0386"),
    Place("黔", "雾岭市", ("云台区", "杉坪区", "梭罗县"), "529611", "0867"),
    Place("晋", "汾阴市", ("河东区", "柳巷区", "西岑县"), "149724", "0358"),
    Place("鄂", "蕲阳市", ("临江区", "桂山区", "兰溪县"), "429817", "0729"),
    Place("浙", "苕川市", ("南浔湾区", "竹墩区", "菱湖县"), "339902", "0577"),
    Place("川", "邛崃桥市", ("锦屏区", "青衣区", "峨溪县"), "519033", "0836"),
]

ROADS = ["春晖路", "棠梨街", "望江南路", "新桥巷", "紫荆大道", "梧桐里", "长乐西街", "金沙路", "鸣泉路",
         "柏林坡巷", "学府东路", "渔港路", "云杉大道", "石榴园路", "文昌北街", "枕流巷", "盐仓路", "双拥路"]
ESTATES = ["锦绣花园", "翠湖小区", "阳光里", "和园新村", "银杏苑", "临江公寓", "梧桐小区", "丰泽家园", "碧桂台"]
VILLAGES = ["大柳村", "石桥村", "红庙村", "上塘村", "沙埠村", "月亮湾村", "杏花岭村"]

SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "胡", "朱", "郭", "何", "罗",
            "高", "林", "郑", "梁", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曹", "彭", "曾", "萧", "田", "董", "潘",
            "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜",
            "崔", "谭", "陆", "范", "汪", "廖", "石", "金", "韦", "贾", "夏", "付", "方", "邹", "熊", "白", "孟", "秦",
            "邱", "侯", "江", "尹", "薛", "闫", "段", "雷", "龙", "黎", "史", "陶", "贺", "毛", "郝", "顾", "龚", "邵",
            "万", "覃", "武", "戴", "孔", "汤", "庞", "樊", "兰", "殷", "施", "向", "牛", "温", "柴", "卞", "阮"]
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "皇甫", "令狐", "东方", "慕容", "尉迟", "公孙", "南宫", "夏侯", "端木", "宇文"]
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红娟建国志军春梅海燕晓东丹亮成林宇浩然"
             "思雨嘉怡子涵梓轩一鸣欣悦佳琪博文雅婷俊辉晨曦振华德胜淑珍凤琴学文永福金凤秋菊冬生立新")

TLD = ["example.com", "example.net", "example.org", "mail.example.com", "corp.example.net"]

ORG_WORDS = ["恒岳", "瑞丰", "景泰", "宏图", "鑫源", "嘉禾", "安澜", "启航", "天弘", "润达", "博睿", "华拓", "远舟",
             "澄明", "汇川", "森茂", "九章", "青禾", "凯盛", "砺锋"]

BANKS = ["中国工商银行", "中国农业银行", "中国建设银行", "中国银行", "交通银行", "农村商业银行", "邮政储蓄银行"]


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in s)


@dataclass
class Person:
    name: str
    sex: str
    birth: tuple[int, int, int]
    id_number: str
    mobile: str                  # 11 digits, no separators
    address: str
    hukou: str
    email: str
    ethnic: str = "汉族"
    plate: str | None = None
    card: str | None = None
    bank: str | None = None
    account: str | None = None   # a personal account number that is not a card (no Luhn)
    role: str = "party"
    extra: dict = field(default_factory=dict)

    @property
    def age(self) -> int:
        return 2024 - self.birth[0]

    def birth_text(self) -> str:
        y, m, d = self.birth
        return f"{y}年{m}月{d}日"


class Forge:
    """All invented values of one generation run; one seeded random source."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_names: set[str] = set()
        self.used_numbers: set[str] = set()

    # names ---------------------------------------------------------------------------------------
    def name(self, size: int | None = None) -> str:
        r = self.rng
        while True:
            if size is None:
                size = r.choice([2, 3, 3, 3, 3, 4]) if r.random() < 0.85 else r.choice([3, 4])
            if size == 4 or (size == 3 and r.random() < 0.12):
                sur = r.choice(COMPOUND)
            else:
                sur = r.choice(SURNAMES)
            given = "".join(r.choice(GIVEN) for _ in range(max(1, size - len(sur))))
            n = sur + given
            if n not in self.used_names and len(n) == size:
                self.used_names.add(n)
                return n
            size = None

    # numbers ---------------------------------------------------------------------------------------
    def unique(self, make) -> str:
        while True:
            v = make()
            if v not in self.used_numbers:
                self.used_numbers.add(v)
                return v

    def id_number(self, place: Place, birth: tuple[int, int, int], sex: str, want_x: bool = False) -> str:
        r = self.rng

        def make():
            while True:
                seq = f"{r.randrange(0, 100):02d}{r.choice('13579' if sex == '男' else '02468')}"
                body = f"{place.region}{birth[0]:04d}{birth[1]:02d}{birth[2]:02d}{seq}"
                c = id_check(body)
                if (c == "X") == want_x:
                    return body + c
        return self.unique(make)

    def mobile(self) -> str:
        r = self.rng
        return self.unique(lambda: r.choice(["138", "139", "137", "136", "150", "151", "158", "186", "187", "188",
                                             "135", "159"]) + "0000" + f"{r.randrange(10000):04d}")

    def landline(self, place: Place) -> str:
        r = self.rng
        return self.unique(lambda: f"{place.area_code}-{r.choice('68')}{r.randrange(10 ** 6, 10 ** 7)}")

    def card(self) -> str:
        r = self.rng
        n = r.choice([16, 19, 19])
        return self.unique(lambda: luhn_complete("62" + r.choice(["17", "22", "28", "58", "84"]) +
                                                 "".join(str(r.randrange(10)) for _ in range(n - 5))))

    def account(self) -> str:
        r = self.rng

        def make():
            while True:
                v = r.choice(["1", "3", "4"]) + "".join(str(r.randrange(10)) for _ in range(r.choice([17, 18, 20])))
                if not luhn_ok(v):
                    return v
        return self.unique(make)

    def credit_code(self, place: Place, head: str) -> str:
        r = self.rng

        def make():
            org = "".join(r.choice(_CC_ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
            org += org_code_check(org)
            body = head + place.region + org
            return body + credit_check(body)
        return self.unique(make)

    def plate(self, place: Place, kind: str = "car") -> str:
        r = self.rng
        letter = r.choice("ABCDEFGHJK")
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"

        def make():
            if kind == "ev":
                return place.province + letter + r.choice("DF") + "".join(str(r.randrange(10)) for _ in range(5))
            if kind == "ev_big":
                return place.province + letter + "".join(str(r.randrange(10)) for _ in range(5)) + r.choice("DF")
            tail = [r.choice("0123456789") for _ in range(5)]
            if r.random() < 0.5:
                tail[r.randrange(5)] = r.choice(letters)
            return place.province + letter + "".join(tail)
        return self.unique(make)

    def enforcement_no(self, place: Place) -> str:
        r = self.rng
        if r.random() < 0.7:
            return self.unique(lambda: place.region[:2] + f"{r.randrange(10 ** 8, 10 ** 9)}")
        return self.unique(lambda: place.province + r.choice("ABC") + f"{r.randrange(10000, 99999)}")

    # places ----------------------------------------------------------------------------------------
    def street_address(self, place: Place, rural: bool = False) -> str:
        r = self.rng
        d = r.choice(place.districts)
        if rural or d.endswith("县") and r.random() < 0.5:
            return f"{place.city}{d}{r.choice(['城关镇', '新桥镇', '柳塘乡', '花溪镇'])}{r.choice(VILLAGES)}{r.randrange(1, 12)}组{r.randrange(1, 80)}号"
        road = r.choice(ROADS)
        num = r.randrange(1, 399)
        if r.random() < 0.7:
            return (f"{place.city}{d}{road}{num}号{r.choice(ESTATES)}{r.randrange(1, 30)}栋"
                    f"{r.randrange(1, 5)}单元{r.randrange(1, 28)}0{r.randrange(1, 5)}室")
        return f"{place.city}{d}{road}{num}号{r.randrange(1, 9)}幢{r.randrange(101, 1802)}室"

    def email(self) -> str:
        r = self.rng
        stem = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randrange(3, 7)))
        return self.unique(lambda: f"{stem}{r.choice(['', '_', '.'])}{r.randrange(10, 9999)}@{r.choice(TLD)}")

    def person(self, place: Place, role: str, *, age: tuple[int, int] = (22, 66), want_x: bool | None = None,
               size: int | None = None, sex: str | None = None) -> Person:
        r = self.rng
        sex = sex or r.choice(["男", "女"])
        birth = (2024 - r.randrange(*age), r.randrange(1, 13), r.randrange(1, 29))
        if want_x is None:
            want_x = r.random() < 0.2
        home = self.street_address(place)
        hukou = home if r.random() < 0.4 else self.street_address(r.choice(PLACES), rural=r.random() < 0.5)
        return Person(name=self.name(size), sex=sex, birth=birth,
                      id_number=self.id_number(place, birth, sex, want_x), mobile=self.mobile(), address=home,
                      hukou=hukou, email=self.email(), ethnic=r.choice(["汉族"] * 6 + ["回族", "土家族", "苗族", "壮族"]),
                      role=role)

    def company(self, place: Place, industry: str, suffix: str = "有限公司") -> str:
        r = self.rng
        return f"{place.city}{r.choice(ORG_WORDS)}{industry}{suffix}"


def phone_styles(number: str, style: str) -> str:
    """A mobile number as people write it."""
    if style == "space":
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style == "dash":
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if style == "full":
        return fullwidth(number)
    if style == "intl":
        return f"+86 {number}"
    return number


def landline_styles(number: str, style: str) -> str:
    area, local = number.split("-")
    if style == "paren":
        return f"({area}){local}"
    if style == "cnparen":
        return f"（{area}）{local}"
    if style == "space":
        return f"{area} {local}"
    return number


def card_styles(card: str, style: str) -> str:
    if style == "groups":
        return " ".join(card[i:i + 4] for i in range(0, len(card), 4))
    if style == "full":
        return fullwidth(card)
    return card
