"""One fictional enforcement case: the agency and its officers, the party, and everyone else the papers name."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.redaction_dev2.synthetic import Agency, Faker, Officer, Org, Person

AGENCY_KINDS = {
    # key: (name pattern, short, case-number style)
    "zj": ("{city}市住房和城乡建设局", "{c}住建", "{short}罚决〔{y}〕{n}号"),
    "ga": ("{city}市公安局城东分局", "{c}公(东)", "{short}行罚决字〔{y}〕{n:04d}号"),
    "mz": ("{city}市民政局", "{c}民", "{short}罚字〔{y}〕第{n}号"),
    "zr": ("{city}市自然资源和规划局", "{c}自然资规", "{short}罚〔{y}〕{n}号"),
    "sj": ("{city}市市场监督管理局", "{c}市监", "{short}处罚〔{y}〕{n}号"),
}
CITIES = {"青禾": "0711", "东陵": "0712", "南屿": "0713", "西岭": "0714", "北泉": "0715"}

MATTERS = {
    "zj": [("未取得施工许可证擅自施工", "《中华人民共和国建筑法》第六十四条", "《建设工程质量管理条例》第五十七条",
            "责令停止施工，处工程合同价款百分之一的罚款计人民币{amt}元"),
           ("擅自改变房屋承重结构进行装修", "《住宅室内装饰装修管理办法》第五条", "《住宅室内装饰装修管理办法》第三十八条",
            "责令改正，处罚款人民币{amt}元")],
    "ga": [("殴打他人", "《中华人民共和国治安管理处罚法》第四十三条第一款", "《中华人民共和国治安管理处罚法》第四十三条第一款",
            "处行政拘留五日，并处罚款人民币{amt}元"),
           ("驾驶机动车违反规定停放妨碍他人通行", "《中华人民共和国道路交通安全法》第五十六条", "《中华人民共和国道路交通安全法》第九十三条",
            "处罚款人民币{amt}元")],
    "mz": [("未经登记擅自以社会组织名义开展活动", "《社会组织登记管理条例》第三条", "《取缔非法民间组织暂行办法》第二条",
            "予以取缔，没收非法财产人民币{amt}元"),
           ("擅自从事殡葬服务经营活动", "《殡葬管理条例》第十五条", "《殡葬管理条例》第二十条", "责令改正，处罚款人民币{amt}元")],
    "zr": [("未经批准非法占用集体土地建房", "《中华人民共和国土地管理法》第四十四条", "《中华人民共和国土地管理法》第七十七条",
            "责令退还非法占用的土地，限期拆除新建建筑物，并处罚款人民币{amt}元")],
    "sj": [("销售超过保质期的食品", "《中华人民共和国食品安全法》第三十四条第十项", "《中华人民共和国食品安全法》第一百二十四条",
            "没收违法所得人民币{ill}元，并处罚款人民币{amt}元"),
           ("使用未经检定的计量器具", "《中华人民共和国计量法》第九条", "《中华人民共和国计量法实施细则》第四十三条",
            "责令停止使用，处罚款人民币{amt}元")],
}


@dataclass
class Case:
    agency: Agency
    case_no: str
    filing_no: str
    matter: tuple[str, str, str, str]
    amount: int
    party: Person | None            # a natural person, or
    org: Org | None                 # an organisation (its legal representative / operator is `rep`)
    rep: Person | None
    agent: Person
    witness: Person
    family: Person                  # a family member of the party / rep
    employee: Person
    relation: str                   # the family member's relation
    day: date
    officers: list[Officer] = field(default_factory=list)
    treasury_account: str = ""
    treasury_name: str = ""

    @property
    def person(self) -> Person:
        """The natural person at the centre: the party, or the organisation's representative."""
        return self.party or self.rep


def build_agency(key: str, city: str, fk: Faker) -> Agency:
    pattern, short, _ = AGENCY_KINDS[key]
    code = CITIES[city]
    r = fk.rng
    officers = []
    for _ in range(4):
        style = r.randrange(3)
        digits = f"{r.randint(0, 99999):05d}"
        cert = {0: f"42{code[2:]}{r.randint(10, 99)}{digits}", 1: f"鄂{code[1:]}{digits}",
                2: f"E{r.randint(1000, 9999)}{digits[:3]}"}[style]
        officers.append(Officer(fk.name(), cert))
    return Agency(key, city, pattern.format(city=city), short.format(c=city[0]),
                  f"{city}市{r.choice(('行政中心', '市民之家'))}{r.choice('ABCD')}座{r.randint(2, 12)}楼",
                  f"{code}-{r.choice('6789')}{r.randint(100, 999)}{r.randint(1000, 9999)}", officers)


def build_case(key: str, city: str, serial: int, fk: Faker, with_org: bool | None = None) -> Case:
    r = fk.rng
    agency = build_agency(key, city, fk)
    _, _, style = AGENCY_KINDS[key]
    year = r.choice((2023, 2024))
    if with_org is None:
        with_org = key == "sj" or (key in ("zj", "mz") and r.random() < 0.5)
    # market supervision mostly meets 个体工商户, whose "92…" code is the operator's data
    org = fk.org(city, individual=r.random() < (0.75 if key == "sj" else 0.4)) if with_org else None
    party = None if org else fk.person(city)
    rep = fk.person(city) if org else None
    family_relation = r.choice(("妻子", "丈夫", "儿子", "女儿", "母亲", "哥哥"))
    matter = r.choice(MATTERS[key])
    c = Case(agency=agency, case_no=style.format(short=agency.short, y=year, n=serial),
             filing_no=f"{agency.short}立〔{year}〕{serial + r.randint(1, 40)}号", matter=matter,
             amount=r.choice((500, 2000, 5000, 8000, 20000, 35000)), party=party, org=org, rep=rep,
             agent=fk.person(city), witness=fk.person(city), family=fk.person(city), employee=fk.person(city),
             relation=family_relation, day=date(year, 1, 1) + timedelta(days=r.randint(20, 300)),
             officers=r.sample(agency.officers, 3))
    c.treasury_account = fk.treasury_account()
    c.treasury_name = f"{city}市财政局非税收入汇缴结算户"
    return c
