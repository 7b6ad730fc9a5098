"""Synthetic personal and organisational data with valid check characters, shaped as real case files write them.

Every value is invented: phones are 1380000xxxx-like, e-mails at example.com/.org/.net,
ID and credit codes use prefecture 98 (not issued) inside a real province code, places
are made-up names. Check characters come from bench.devset2.identity (GB 11643, GB 32100).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.devset2.identity import credit_check, id_check, org_check

# Real province codes with the unissued prefecture 98 and a county digit pair.
REGIONS = ("429802", "439805", "369803", "529801", "139806", "219804", "459807")
PLATE_PROVINCES = "鄂湘赣黔冀辽桂"

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "尉迟", "公孙", "南宫", "夏侯", "端木", "长孙")
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红鹏飞建国文斌海燕志宏春梅金凤德胜学林永福成俊晓峰雪琴慧"\
        "新宇浩然思雨梓涵子轩一鸣雅婷佳怡欣怡博文振兴长江守仁立新秋菊翠花大山小兵光荣桂香玉兰凤霞"

TOWNS = ("柳湾镇", "石门乡", "青苇镇", "白鹭镇", "枫桥乡", "双河镇", "芦塘乡", "杏花镇", "龙潭乡", "东坪镇")
VILLAGES = ("石门村", "曹家湾村", "新民村", "杨柳村", "官塘村", "茶园村", "庙前村", "黄泥岗村", "三岔村", "桂花村")
ROADS = ("金穗路", "滨江大道", "文昌街", "桐荫路", "光明巷", "建设南路", "解放东街", "朝阳路", "长乐街", "翠微路")
ESTATES = ("锦绣花园", "翠湖小区", "书香苑", "阳光新城", "枫林雅居", "滨河公寓")
BANKS = ("中国农业银行", "中国工商银行", "中国建设银行", "农村商业银行", "邮政储蓄银行", "中国银行")
CARD_BINS = ("622848", "621700", "622202", "623668", "621799", "622188", "621226")


def luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in s)


@dataclass
class Person:
    name: str
    male: bool
    born: date
    id_number: str
    mobile: str
    address: str
    hukou: str
    extra: dict = field(default_factory=dict)

    @property
    def sex(self) -> str:
        return "男" if self.male else "女"

    def age(self, on: date) -> int:
        return on.year - self.born.year - ((on.month, on.day) < (self.born.month, self.born.day))


class Maker:
    """All values of one generated set, unique within it."""

    def __init__(self, rng: random.Random, county: str, city: str):
        self.rng = rng
        self.county, self.city = county, city
        self.taken: set[str] = set()

    def _unique(self, make) -> str:
        for _ in range(1000):
            v = make()
            if v not in self.taken:
                self.taken.add(v)
                return v
        raise RuntimeError("value space exhausted")

    # -- names --------------------------------------------------------------------------------------
    def name(self, compound: bool | None = None, length: int | None = None) -> str:
        r = self.rng

        def make() -> str:
            use_compound = compound if compound is not None else r.random() < 0.12
            sur = r.choice(COMPOUND) if use_compound else r.choice(SURNAMES)
            n = length if length is not None else (1 if r.random() < 0.3 else 2)
            return sur + "".join(r.choice(GIVEN) for _ in range(n))
        return self._unique(make)

    # -- identity numbers ----------------------------------------------------------------------------
    def id_number(self, male: bool, born: date, want_x: bool = False) -> str:
        r = self.rng
        for _ in range(2000):
            seq = r.randrange(0, 100) * 10 + r.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
            first17 = f"{r.choice(REGIONS)}{born:%Y%m%d}{seq:03d}"
            v = first17 + id_check(first17)
            if (v.endswith("X") == want_x) and v not in self.taken:
                self.taken.add(v)
                return v
        raise RuntimeError("no id")

    def person(self, **kw) -> Person:
        r = self.rng
        male = r.random() < 0.55
        born = date(1952, 1, 1) + timedelta(days=r.randrange(0, 365 * 50))
        name = self.name(**kw)
        return Person(name, male, born, self.id_number(male, born, want_x=r.random() < 0.18), self.mobile(),
                      self.address(), self.address(rural=True))

    def mobile(self) -> str:
        r = self.rng
        return self._unique(lambda: r.choice(("138", "139", "150", "186", "177", "159")) + "0000"
                            + f"{r.randrange(10000):04d}")

    def fixed(self, area: str) -> str:
        r = self.rng
        return self._unique(lambda: f"{area}-555{r.randrange(10000):04d}")

    def bank_card(self, length: int | None = None) -> str:
        r = self.rng

        def make() -> str:
            n = length or r.choice((16, 19, 19))
            body = r.choice(CARD_BINS) + "".join(str(r.randrange(10)) for _ in range(n - 7))
            return body + luhn_digit(body)
        return self._unique(make)

    def credit(self, head: str) -> str:
        """head: '92' 个体工商户, '91' enterprise, '52' 民办非企业单位, '12' public institution."""
        r = self.rng

        def make() -> str:
            body = "".join(r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
            first17 = f"{head}{r.choice(REGIONS)}{body}{org_check(body)}"
            return first17 + credit_check(first17)
        return self._unique(make)

    def plate(self, new_energy: bool = False) -> str:
        r = self.rng

        def make() -> str:
            head = r.choice(PLATE_PROVINCES) + r.choice("QRTWZ")
            if new_energy:
                return head + r.choice("DF") + f"{r.randrange(100000):05d}"
            tail = "".join(r.choice("0123456789" * 3 + "ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(5))
            return head + tail
        return self._unique(make)

    def email(self, name_hint: str = "") -> str:
        r = self.rng
        return self._unique(lambda: "".join(r.choice("abcdefghjkmnpqrstwxyz") for _ in range(r.randint(4, 8)))
                            + str(r.randrange(10, 9999)) + "@" + r.choice(("example.com", "example.org",
                                                                           "example.net")))

    def address(self, rural: bool | None = None) -> str:
        r = self.rng
        rural = r.random() < 0.5 if rural is None else rural
        if rural:
            return self._unique(lambda: f"{self.county}{r.choice(TOWNS)}{r.choice(VILLAGES)}"
                                        f"{r.choice('一二三四五六七八')}组{r.randint(1, 120)}号")
        return self._unique(lambda: f"{self.city}{r.choice(ROADS)}{r.randint(1, 399)}号{r.choice(ESTATES)}"
                                    f"{r.randint(1, 18)}栋{r.randint(1, 4)}单元{r.randint(1, 28)}0{r.randint(1, 4)}室")

    def org_address(self) -> str:
        r = self.rng
        return f"{self.city}{r.choice(ROADS)}{r.randint(1, 999)}号{r.choice(('', '一楼', '201室', '综合楼3层'))}"

    def cert_no(self, style: str) -> str:
        """执法证号 as agencies print them: long digit runs, letter prefixes, and plate-like shapes."""
        r = self.rng
        if style == "digits":
            return self._unique(lambda: r.choice(REGIONS)[:2] + "".join(str(r.randrange(10))
                                                                        for _ in range(r.choice((9, 11, 12)))))
        if style == "plate":
            return self._unique(lambda: r.choice(PLATE_PROVINCES) + r.choice("ABCDEFGH") + f"{r.randrange(100000):05d}")
        if style == "letters":
            return self._unique(lambda: r.choice(("NY", "SW", "RF", "YC", "JY", "YB", "HS", "YZ"))
                                + f"{r.randrange(1000000):06d}")
        return self._unique(lambda: f"{r.randrange(10**7):07d}")

    def money(self, lo: int, hi: int) -> int:
        return self.rng.randrange(lo, hi, 100)


def spaced_id(v: str, rng: random.Random) -> str:
    return rng.choice((f"{v[:6]} {v[6:14]} {v[14:]}", " ".join(v[i:i + 4] for i in range(0, 18, 4))))


def grouped_card(v: str) -> str:
    return " ".join(v[i:i + 4] for i in range(0, len(v), 4))


def styled_mobile(v: str, rng: random.Random) -> str:
    return rng.choice((v, v, f"{v[:3]} {v[3:7]} {v[7:]}", f"{v[:3]}-{v[3:7]}-{v[7:]}", fullwidth(v)))


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def cn_amount(n: int) -> str:
    digits = "零壹贰叁肆伍陆柒捌玖"
    units = [(10000, "万"), (1000, "仟"), (100, "佰"), (10, "拾"), (1, "")]
    out, zero = "", False
    for u, name in units:
        q = n // u % (10 if u < 10000 else 10**9)
        if u == 10000:
            q = n // 10000
            if q:
                out += cn_amount(q).rstrip("元整") + "万"
            continue
        if q:
            if zero and out:
                out += "零"
            out += digits[q] + name
            zero = False
        else:
            zero = True
    return (out or "零") + "元整"
