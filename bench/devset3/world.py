"""The fictional world of devset3: agencies with their own number series, people, companies, cases.

Every name carries a placeholder character (测/样/试/例/某) and every identifier is clearly synthetic
(ID numbers with sequence 990-999 and a valid GB 11643 check digit, credit codes with an unassigned
organisation code 99xxxxxx and a valid GB 32100 check character, phones 1380000xxxx).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from samples.identities import fake_credit_code, fake_id_number, fake_phone

SURNAMES = ("王", "李", "赵", "钱", "孙", "周", "吴", "郑", "冯", "陈", "褚", "卫", "蒋", "沈", "韩", "杨",
            "朱", "秦", "许", "何", "吕", "施", "欧阳", "司马", "上官", "诸葛")
GIVEN = ("测明", "样华", "试军", "例芳", "测", "样", "测强", "样丽", "试平", "例勇", "测东", "样红", "试伟",
         "例霞", "测波", "样静", "试涛", "例敏", "测杰", "样燕")
TRADES = ("建材", "物流", "运输", "化工", "餐饮", "医疗器械", "广告传媒", "汽车修理", "再生资源", "装卸")
FIRM_FORMS = ("有限公司", "有限责任公司", "股份有限公司")
LAW_FIRMS = ("测试市样本律师事务所", "样例县示范律师事务所", "示例市测样律师事务所")


@dataclass(frozen=True)
class Person:
    name: str
    gender: str
    id_number: str
    phone: str
    address: str
    job: str = ""


@dataclass(frozen=True)
class Company:
    name: str
    credit_code: str
    address: str
    phone: str
    legal_rep: Person


@dataclass(frozen=True)
class Officer:
    name: str
    cert_no: str


@dataclass(frozen=True)
class NumberStyle:
    """How one agency writes its numbers: series words per document, bracket, 字/第, hyphenated serials."""

    stem: str
    filing: str      # 立案 series word
    notice: str      # 事先告知 series word
    decision: str    # 决定 series word
    reminder: str    # 催告 series word
    brackets: tuple[str, str] = ("〔", "〕")
    di: str = ""     # 第 before the serial
    zi: str = ""     # 字 after the series word
    hyphen: bool = False  # 2024-015号 instead of a bracketed year
    pad: int = 0

    def number(self, series: str, year: int, serial: int) -> str:
        word = {"filing": self.filing, "notice": self.notice, "decision": self.decision,
                "reminder": self.reminder}[series]
        s = f"{serial:0{self.pad}d}" if self.pad else str(serial)
        if self.hyphen:
            return f"{self.stem}{word}{self.zi}{year}-{s}号"
        left, right = self.brackets
        return f"{self.stem}{word}{self.zi}{left}{year}{right}{self.di}{s}号"


@dataclass(frozen=True)
class Cause:
    name: str           # 案由, as on the 立案审批表
    facts: str          # {party} {site} {date} {qty}
    rule: str
    basis: str
    penalty: str


@dataclass(frozen=True)
class Agency:
    code: str           # unit code (folder)
    name: str
    short: str          # 本机关 wording in letters
    address: str
    phone: str
    style: NumberStyle
    causes: tuple[Cause, ...]
    cert_label: str = "执法证号"
    review_gov: str = "测试市人民政府"


AGENCIES = (
    Agency("DTRAN", "测试市交通运输局", "本局", "测试市样本路88号", "027-50000011",
           NumberStyle("测交", "执立", "罚告", "罚决", "催"),
           (Cause("未取得道路运输经营许可擅自从事道路货物运输经营",
                  "{party}于{date}使用车辆在{site}从事道路货物运输经营，经查未取得道路运输经营许可证，共承运{qty}车次",
                  "《测试市道路运输示例条例》第十条", "《测试市道路运输示例条例》第六十三条",
                  "没收违法所得人民币{small}元，并处罚款人民币{fine}元"),
            Cause("道路运输车辆超限运输",
                  "{party}所属车辆于{date}在{site}超限运输，超出限定标准{qty}吨",
                  "《测试市公路示例管理办法》第二十二条", "《测试市公路示例管理办法》第四十一条",
                  "罚款人民币{fine}元"))),
    Agency("DSAFE", "样例县应急管理局", "本局", "样例县示范大道12号", "027-50000022",
           NumberStyle("样应急", "立", "告", "罚", "催", brackets=("[", "]"), di="第", zi="字"),
           (Cause("未按规定对从业人员进行安全生产教育和培训",
                  "{party}未按规定对{qty}名从业人员进行安全生产教育和培训，上述人员未经培训即在{site}上岗作业",
                  "《样例县安全生产示例规定》第二十八条", "《样例县安全生产示例规定》第九十七条第一项",
                  "责令限期改正，并处罚款人民币{fine}元"),
            Cause("未在有较大危险因素的生产经营场所设置明显的安全警示标志",
                  "{party}在{site}的{qty}处危险作业部位未设置明显的安全警示标志",
                  "《样例县安全生产示例规定》第三十五条", "《样例县安全生产示例规定》第九十九条第一项",
                  "罚款人民币{fine}元"))),
    Agency("DCITY", "示例市城市管理综合执法局东城分局", "本分局", "示例市东城区测样街5号", "027-50000033",
           NumberStyle("示城管（东）", "立", "罚", "罚决", "催", brackets=("（", "）"), di="第", zi="字"),
           (Cause("未经批准擅自占用城市道路堆放物料",
                  "{party}于{date}未经批准在{site}占用城市道路堆放建筑物料，占用面积约{qty}平方米",
                  "《示例市市容示例条例》第十九条", "《示例市市容示例条例》第五十五条",
                  "罚款人民币{fine}元"),
            Cause("擅自设置大型户外广告",
                  "{party}未经批准于{date}在{site}设置大型户外广告牌{qty}块",
                  "《示例市户外广告示例办法》第八条", "《示例市户外广告示例办法》第三十条",
                  "责令限期拆除，并处罚款人民币{fine}元"))),
    Agency("DENV", "测样市生态环境局", "本局", "测样市绿水路3号", "027-50000044",
           NumberStyle("测样环", "立", "罚告", "罚", "催", hyphen=True, pad=3),
           (Cause("未按规定设置危险废物识别标志",
                  "{party}在{site}贮存的危险废物约{qty}吨，贮存场所未按规定设置危险废物识别标志",
                  "《测样市固体废物示例条例》第三十二条", "《测样市固体废物示例条例》第七十条",
                  "罚款人民币{fine}元"),)),
    Agency("DHEAL", "样例市卫生健康委员会", "本委", "样例市健康路21号", "027-50000055",
           NumberStyle("样卫", "立", "罚告", "罚", "催", pad=4),
           (Cause("公共场所经营者未取得卫生许可证擅自营业",
                  "{party}在未取得公共场所卫生许可证的情况下，自{date}起在{site}经营，营业面积约{qty}平方米",
                  "《样例市公共场所卫生示例办法》第八条", "《样例市公共场所卫生示例办法》第三十五条",
                  "警告，并处罚款人民币{fine}元"),), cert_label="监督证号"),
)

SITES = ("测试市样本路与示范街交叉口", "样例县工业园区8号地块", "示例市东城区测样街北段", "测样市绿水路仓库",
         "样例市健康路商业广场", "测试市物流园B区")


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        n = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if n not in taken:
            taken.add(n)
            return n


def make_person(rng: random.Random, taken: set[str], job: str = "") -> Person:
    gender = rng.choice("男女")
    return Person(_name(rng, taken), gender, fake_id_number(rng, gender), fake_phone(rng),
                  f"测试市{rng.choice(('示例区', '样例区'))}{rng.choice(('样本路', '示范街', '测试巷'))}{rng.randint(1, 99)}号",
                  job)


def make_company(rng: random.Random, taken: set[str]) -> Company:
    while True:
        name = f"{rng.choice(('测试市', '样例县', '示例市', '测样市'))}{rng.choice(('测样', '样本', '示范', '试行'))}" \
               f"{rng.choice(TRADES)}{rng.choice(FIRM_FORMS)}"
        if name not in taken:
            taken.add(name)
            break
    return Company(name, fake_credit_code(rng), f"{rng.choice(SITES)}办公楼{rng.randint(1, 9)}层", fake_phone(rng),
                   make_person(rng, taken, "法定代表人"))


def make_officer(rng: random.Random, taken: set[str], prefix: str) -> Officer:
    return Officer(_name(rng, taken), f"{prefix}{rng.randrange(10 ** 7):07d}")


@dataclass
class Case:
    key: str
    agency: Agency
    cause: Cause
    party: Person | Company
    officers: tuple[Officer, Officer]
    recorder: Officer
    reviewer: Officer
    head: Officer
    agent: Person | None
    agent_firm: str | None
    staff: Person | None          # a company's employee interviewed
    witness: Person | None
    filing_no: str
    notice_no: str
    decision_no: str
    reminder_no: str
    dates: dict[str, date] = field(default_factory=dict)
    site: str = ""
    qty: int = 0
    fine: int = 0
    documents: tuple[str, ...] = ()

    @property
    def is_company(self) -> bool:
        return isinstance(self.party, Company)

    def facts(self) -> str:
        return self.cause.facts.format(party=self.party.name, site=self.site, qty=self.qty,
                                       date=f"{self.dates['offence'].year}年{self.dates['offence'].month}月"
                                            f"{self.dates['offence'].day}日")

    def penalty(self) -> str:
        return self.cause.penalty.format(fine=self.fine, small=self.fine // 10)


OPTIONAL = ("inspection_record", "inquiry_record", "inquiry_record2", "penalty_notice", "statement_record",
            "legal_review_opinion", "service_receipt_notice", "payment_reminder", "case_closing_report")


def build_cases(seed: int) -> list[Case]:
    """Eleven cases over five agencies; two of them against one company in one agency (kept apart)."""
    rng = random.Random(seed)
    taken: set[str] = set()
    plan = [0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 4]
    cases: list[Case] = []
    staff_by_agency = {a.code: ([make_officer(rng, taken, p) for _ in range(5)])
                       for a, p in zip(AGENCIES, ("4201", "4202", "4203", "4204", "4205"))}
    repeat_party = None
    serials = {a.code: (rng.randint(5, 40), rng.randint(20, 90), rng.randint(3, 15)) for a in AGENCIES}
    for i, ai in enumerate(plan):
        agency = AGENCIES[ai]
        pool = staff_by_agency[agency.code]
        o = rng.sample(pool[:4], 2)
        recorder = rng.choice([p for p in pool[:4] if p not in o])
        if ai == 0 and i == 2 and repeat_party is not None:
            party = repeat_party  # the same company, a second matter months later
        else:
            party = make_company(rng, taken) if rng.random() < 0.6 else make_person(rng, taken)
        if ai == 0 and i == 0:
            repeat_party = party if isinstance(party, Company) else None
            if repeat_party is None:
                party = repeat_party = make_company(rng, taken)
        filing, notice, reminder = serials[agency.code]
        step = rng.randint(1, 6)
        serials[agency.code] = (filing + step, notice + rng.randint(2, 9), reminder + rng.randint(1, 3))
        year = 2024 if i % 3 else 2025
        if ai == 0 and i == 2:  # the repeat matter: later in the first matter's year, a later serial
            year = cases[0].dates["filing"].year
            start = date(year, 10, rng.randint(1, 20))
            filing = int(''.join(ch for ch in cases[0].filing_no.split(str(year))[1] if ch.isdigit())) + step
            notice = notice + 7
        else:
            start = date(year, rng.randint(1, 8), rng.randint(1, 28))
        same_serial = agency.code in ("DSAFE",)  # this agency numbers all series of a matter alike
        dserial = filing if same_serial else notice
        d = {"offence": start - timedelta(days=rng.randint(3, 10))}
        d["inspection"] = start - timedelta(days=rng.randint(0, 2))
        d["filing"] = start
        d["approval"] = start + timedelta(days=rng.randint(0, 2))
        d["inquiry"] = start + timedelta(days=rng.randint(3, 8))
        d["inquiry2"] = d["inquiry"] + timedelta(days=rng.randint(1, 5))
        d["notice"] = d["inquiry2"] + timedelta(days=rng.randint(10, 20))
        d["notice_served"] = d["notice"] + timedelta(days=rng.randint(0, 2))
        d["statement"] = d["notice_served"] + timedelta(days=rng.randint(2, 4))
        d["review"] = d["statement"] + timedelta(days=rng.randint(3, 8))
        d["decision"] = d["review"] + timedelta(days=rng.randint(2, 6))
        d["decision_served"] = d["decision"] + timedelta(days=rng.randint(0, 3))
        d["reminder"] = d["decision_served"] + timedelta(days=rng.randint(16, 25))
        d["closing"] = d["reminder"] + timedelta(days=rng.randint(10, 30))
        company = isinstance(party, Company)
        agent = make_person(rng, taken, "律师") if rng.random() < 0.5 else None
        docs = ["case_initiation_approval", "penalty_decision", "service_receipt_decision"]
        docs += [t for t in OPTIONAL if rng.random() < 0.33]
        if "inquiry_record" not in docs and rng.random() < 0.7:
            docs.append("inquiry_record")
        if agent and "statement_record" not in docs:
            docs.append("statement_record")
        cases.append(Case(
            key=f"D3-{i + 1:02d}", agency=agency, cause=rng.choice(agency.causes), party=party,
            officers=(o[0], o[1]), recorder=recorder, reviewer=rng.choice([p for p in pool[:4] if p not in o]),
            head=pool[4], agent=agent, agent_firm=rng.choice(LAW_FIRMS) if agent else None,
            staff=make_person(rng, taken, rng.choice(("现场负责人", "驾驶员", "安全员", "店长"))) if company else None,
            witness=make_person(rng, taken, "见证人") if rng.random() < 0.6 else None,
            filing_no=agency.style.number("filing", year, filing),
            notice_no=agency.style.number("notice", year, dserial),
            decision_no=agency.style.number("decision", year, dserial),
            reminder_no=agency.style.number("reminder", year, reminder),
            dates=d, site=rng.choice(SITES), qty=rng.randint(2, 30), fine=rng.choice((3000, 5000, 8000, 12000, 20000)),
            documents=tuple(dict.fromkeys(docs))))
    return cases
