"""The invented world of the set: a city (檀溪市) and its county (泓阳县), seven agencies, their staff, the people
and firms they act against, and each case's plan (numbers, dates, who takes part).

Every identity is synthetic: 身份证号 with a fictional prefecture (99) and a valid GB 11643 check digit,
统一社会信用代码 with valid GB 32100 check characters, phones 1380000xxxx.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.devset2.identity import credit_check, id_check, org_check

REGIONS = ("359906", "459903", "619908", "359911")  # real province codes (福建 45 广西 61 陕西) + prefecture 99
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

SURNAMES = "邵简阮骆滕殷乔聂栾晏谭戚奚缪柯葛凌盛岑隋蓝麦"
GIVEN = ("立群", "文博", "慧琳", "启航", "若溪", "德顺", "海燕", "明杰", "秋实", "宏图", "晓岚", "振邦", "雨桐",
         "国梁", "子墨", "春生", "瑞芳", "锦程", "一鸣", "可馨", "永福", "佳怡", "少卿", "建勋", "梦瑶", "长庚")


@dataclass
class Person:
    name: str
    id_number: str
    male: bool
    phone: str
    address: str
    born: date


@dataclass
class Org:
    name: str
    credit: str
    address: str
    rep: Person
    rep_title: str  # 法定代表人 | 负责人 | 经营者
    kind: str  # company | branch | individual (个体工商户)


@dataclass
class Officer:
    name: str
    cert: str


@dataclass
class AgencySpec:
    code: str
    name: str
    unit_name: str
    prefix: str
    series: dict[str, str]  # series -> number template ({p} prefix, {y} year, {n} serial)
    cert_style: str  # template of 执法证号: {d} digits
    date_style: str  # cn | arabic
    face: str
    we: str  # how the agency names itself in prose (本局, 本办, 我局)


@dataclass
class Agency:
    spec: AgencySpec
    officers: list[Officer]
    head: Officer  # 负责人 who approves
    reviewer: Officer  # 法制审核
    counters: dict[str, int] = field(default_factory=dict)


@dataclass
class CaseSpec:
    agency: str
    cause: str
    violated: str
    penalty_basis: str
    penalty: str
    facts: str  # prose after the party's name: "于…" (a {d1} marks the date the violation happened)
    party: str  # company | branch | individual | person | joint
    docs: list[str]
    start: date
    staff: bool = False  # an employee of the party is interviewed
    agent: str | None = None  # lawyer | employee
    witness: bool = False
    same_party_as: int | None = None  # index of an earlier case whose party this is


# Per-agency rules are data: their numbering, officers' certificate shapes, date style and self-reference.
AGENCIES = [
    AgencySpec("HYRS", "泓阳县人力资源和社会保障局", "泓阳县劳动保障监察大队", "泓人社监",
               {"立案": "{p}立〔{y}〕{n}号", "告知": "{p}罚告〔{y}〕{n}号", "决定": "{p}罚〔{y}〕{n}号",
                "责令": "{p}责改〔{y}〕{n}号", "催告": "{p}催〔{y}〕{n}号"}, "4599{d7}", "cn", "serif", "本局"),
    AgencySpec("TXYJ", "檀溪市药品监督管理局", "檀溪市药品监督管理局稽查支队", "檀药监",
               {"立案": "{p}稽立[{y}]{n:03d}号", "告知": "{p}稽告[{y}]{n:03d}号", "决定": "{p}稽罚[{y}]{n:03d}号",
                "保存": "{p}稽存[{y}]{n:03d}号", "催告": "{p}稽催[{y}]{n:03d}号"}, "YJ{d6}", "arabic", "sans", "本局"),
    AgencySpec("HYRF", "泓阳县人民防空办公室", "泓阳县人防执法大队", "泓防办",
               {"立案": "{p}立字（{y}）第{n}号", "告知": "{p}告字（{y}）第{n}号", "决定": "{p}罚字（{y}）第{n}号",
                "责令": "{p}限字（{y}）第{n}号", "听证": "{p}听告字（{y}）第{n}号", "催告": "{p}催字（{y}）第{n}号"}, "{d8}", "cn", "serif", "本办"),
    AgencySpec("TXHS", "檀溪海事局", "檀溪海事局执法支队", "檀海事",
               {"立案": "{p}案〔{y}〕第{n:04d}号", "告知": "{p}罚告〔{y}〕第{n:04d}号",
                "决定": "{p}罚〔{y}〕第{n:04d}号", "催告": "{p}催〔{y}〕第{n:04d}号"}, "HS{d2}-{d4}", "arabic",
               "zenhei", "本局"),
    AgencySpec("TXYZ", "檀溪市邮政管理局", "檀溪市邮政管理局执法监督科", "檀邮管",
               {"立案": "{p}立〔{y}〕{n}号", "告知": "{p}告〔{y}〕{n}号", "决定": "{p}罚〔{y}〕{n}号",
                "责令": "{p}责〔{y}〕{n}号", "听证": "{p}听〔{y}〕{n}号", "催告": "{p}催〔{y}〕{n}号"}, "35{d9}", "cn", "serif", "本局"),
    AgencySpec("HYTY", "泓阳县体育局", "泓阳县体育市场执法大队", "泓体",
               {"立案": "{p}立[{y}]第{n:02d}号", "告知": "{p}罚告[{y}]第{n:02d}号", "决定": "{p}罚决[{y}]第{n:02d}号",
                "责令": "{p}责改[{y}]第{n:02d}号", "催告": "{p}催告[{y}]第{n:02d}号"}, "TY{d7}", "arabic", "sans",
               "我局"),
    AgencySpec("TXZC", "檀溪市知识产权局", "檀溪市知识产权执法支队", "檀知",
               {"立案": "{p}立〔{y}〕{n}号", "告知": "{p}执告〔{y}〕{n}号", "决定": "{p}执罚〔{y}〕{n}号",
                "保存": "{p}执存〔{y}〕{n}号", "催告": "{p}执催〔{y}〕{n}号"}, "{d11}", "cn", "serif", "本局"),
]

CASES = [
    CaseSpec("HYRS", "拖欠劳动者工资", "《保障农民工工资支付条例》第十五条", "《保障农民工工资支付条例》第五十四条",
             "责令限期支付劳动者工资，并处罚款人民币贰万元整",
             "自{d1}起拖欠其在泓阳县城东工业园区车间务工的十二名劳动者工资共计人民币叁拾肆万元，经责令限期支付逾期仍未支付",
             "company", ["立案审批表", "询问笔录", "询问笔录", "行政处罚事先告知书", "法制审核意见书", "行政处罚决定书",
                         "送达回证", "结案报告"], date(2025, 3, 10), staff=True),
    CaseSpec("HYRS", "未按规定建立职工名册", "《劳动合同法实施条例》第八条", "《劳动合同法实施条例》第三十三条",
             "责令限期改正，并处罚款人民币伍仟元整",
             "于{d1}被检查时未能提供职工名册，至检查之日尚有二十三名在岗职工未登记入册", "company",
             ["现场检查笔录", "询问笔录", "行政处罚事先告知书", "行政处罚决定书", "送达回证"], date(2025, 9, 22),
             same_party_as=0),
    CaseSpec("HYRS", "违法分包致拖欠农民工工资", "《保障农民工工资支付条例》第三十条", "《保障农民工工资支付条例》第五十五条",
             "处罚款人民币壹万伍仟元整", "于{d1}承接泓阳县某安置房项目劳务作业后，将劳务再分包给不具备用工主体资格的个人，致九名农民工工资未按时足额支付",
             "person", ["立案审批表", "询问笔录", "行政处罚事先告知书", "集体讨论记录", "行政处罚决定书", "催告书"],
             date(2024, 11, 4), witness=True),
    CaseSpec("TXYJ", "销售劣药", "《中华人民共和国药品管理法》第九十八条第一款", "《中华人民共和国药品管理法》第一百一十七条第一款",
             "没收违法所得人民币叁佰贰拾元，并处罚款人民币壹拾万元整",
             "于{d1}起销售的标示为某制药厂生产的复方甘草片（批号：HX240617）经檀溪市食品药品检验所检验含量测定不符合规定，为劣药",
             "individual", ["现场检查笔录", "证据先行登记保存通知书", "询问笔录", "行政处罚事先告知书", "法制审核意见书",
                            "行政处罚决定书", "送达回证"], date(2025, 5, 12), witness=True),
    CaseSpec("TXYJ", "未按照医疗器械说明书要求储存医疗器械", "《医疗器械监督管理条例》第四十五条",
             "《医疗器械监督管理条例》第八十九条第（一）项", "警告，并处罚款人民币叁万元整",
             "于{d1}在其仓库内将需冷藏储存的体外诊断试剂放置于常温货架，未按说明书要求储存", "company",
             ["立案审批表", "现场检查笔录", "询问笔录", "授权委托书", "行政处罚事先告知书", "陈述申辩笔录",
              "行政处罚决定书"], date(2026, 2, 16), staff=True, agent="lawyer"),
    CaseSpec("HYRF", "应建防空地下室而未建且未缴纳易地建设费", "《福建省人民防空条例》第二十条",
             "《福建省人民防空条例》第四十一条", "责令限期补缴易地建设费，并处罚款人民币伍万元整",
             "开发建设的泓阳县澄湖花园二期项目于{d1}取得施工许可，应按规定修建防空地下室而未修建，亦未缴纳防空地下室易地建设费",
             "company", ["立案审批表", "勘验笔录", "询问笔录", "授权委托书", "责令改正通知书", "听证告知书",
                         "集体讨论记录", "行政处罚决定书", "送达回证", "催告书"],
             date(2024, 6, 3), agent="employee"),
    CaseSpec("TXHS", "船舶未按规定配备足够的合格船员", "《中华人民共和国船员条例》第三十七条",
             "《中华人民共和国海上海事行政处罚规定》第三十七条", "对船长处罚款人民币贰仟元，对船舶所有人处罚款人民币叁万元",
             "的“泓运1168”轮于{d1}自檀溪港开航时，船上实际配员少于最低安全配员证书要求，缺少轮机长一名",
             "joint", ["现场检查笔录", "询问笔录", "询问笔录", "行政处罚事先告知书", "行政处罚决定书", "送达回证",
                       "送达回证"], date(2025, 7, 8), staff=True),
    CaseSpec("TXHS", "船舶进出港口未按规定办理进出港报告", "《中华人民共和国海上交通安全法》第四十九条",
             "《中华人民共和国海上交通安全法》第一百零八条", "处罚款人民币壹仟元整",
             "所有的“檀渔运32”轮于{d1}驶入檀溪港北岸作业区时，未按规定向海事管理机构报告", "person",
             ["询问笔录", "行政处罚事先告知书", "行政处罚决定书", "送达回证"], date(2026, 4, 20)),
    CaseSpec("TXYZ", "未按规定执行收寄实名制", "《中华人民共和国邮政法》第二十五条", "《快递暂行条例》第四十四条",
             "处罚款人民币壹万元整",
             "所属泓阳县城关营业部于{d1}收寄快件时，未查验寄件人身份并登记身份信息", "branch",
             ["立案审批表", "现场检查笔录", "询问笔录", "听证告知书", "行政处罚决定书", "送达回证"],
             date(2025, 10, 13), staff=True, witness=True),
    CaseSpec("TXYZ", "未经许可经营快递业务", "《中华人民共和国邮政法》第五十一条", "《中华人民共和国邮政法》第七十二条",
             "责令改正，没收违法所得人民币捌佰元，并处罚款人民币贰万元整",
             "自{d1}起未取得快递业务经营许可，以“泓阳速达驿站”名义揽收、投递快件", "individual",
             ["现场检查笔录", "责令改正通知书", "询问笔录", "行政处罚事先告知书", "行政处罚决定书", "催告书"],
             date(2024, 8, 26)),
    CaseSpec("HYTY", "未经许可经营高危险性体育项目", "《全民健身条例》第三十二条", "《全民健身条例》第三十六条",
             "责令改正，没收违法所得人民币陆仟伍佰元，并处罚款人民币叁万元整",
             "自{d1}起未取得游泳项目经营许可，在其经营的室内游泳池对外售票开放", "company",
             ["立案审批表", "现场检查笔录", "询问笔录", "行政处罚事先告知书", "行政处罚决定书", "送达回证",
              "结案报告"], date(2025, 6, 30), staff=True, witness=True),
    CaseSpec("TXZC", "假冒专利", "《中华人民共和国专利法》第六十八条", "《中华人民共和国专利法》第六十八条",
             "责令改正并予公告，没收违法所得人民币壹万贰仟元，并处罚款人民币陆万元整",
             "于{d1}起在其生产销售的智能保温杯外包装上标注已被宣告无效的专利号", "company",
             ["立案审批表", "证据先行登记保存通知书", "询问笔录", "授权委托书", "行政处罚事先告知书", "陈述申辩笔录",
              "集体讨论记录", "行政处罚决定书", "结案报告"], date(2026, 3, 2),
             agent="lawyer"),
    CaseSpec("TXZC", "假冒专利", "《中华人民共和国专利法》第六十八条", "《中华人民共和国专利法》第六十八条",
             "责令改正并予公告，并处罚款人民币伍仟元整",
             "于{d1}起在网店销售页面将未获授权的专利申请号标注为“专利号”销售折叠晾衣架", "person",
             ["询问笔录", "行政处罚事先告知书", "行政处罚决定书", "送达回证"], date(2025, 12, 1)),
]


class World:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()
        self.phones: set[str] = set()
        self.agencies = {}
        for spec in AGENCIES:
            staff = [Officer(self.name(), self.cert(spec.cert_style)) for _ in range(4)]
            head = Officer(self.name(), self.cert(spec.cert_style))
            self.agencies[spec.code] = Agency(spec, staff[:3], head, staff[3])

    # -- identities -----------------------------------------------------------------------------------
    def name(self, surname: str | None = None) -> str:
        while True:
            n = (surname or self.rng.choice(SURNAMES)) + self.rng.choice(GIVEN)
            if self.rng.random() < 0.15:
                n = n[:2]  # a two-character name
            if n not in self.taken:
                self.taken.add(n)
                return n

    def cert(self, style: str) -> str:
        out, i = "", 0
        while i < len(style):
            if style.startswith("{d", i):
                j = style.index("}", i)
                out += "".join(self.rng.choice("0123456789") for _ in range(int(style[i + 2:j])))
                i = j + 1
            else:
                out += style[i]
                i += 1
        return out

    def phone(self) -> str:
        while True:
            p = f"1380000{self.rng.randrange(10000):04d}"
            if p not in self.phones:
                self.phones.add(p)
                return p

    def person(self, surname: str | None = None, born_before: int = 2000) -> Person:
        male = self.rng.random() < 0.6
        born = date(1962, 1, 1) + timedelta(days=self.rng.randrange((born_before - 1962) * 365))
        seq = self.rng.randrange(100) * 10 + self.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
        first17 = f"{self.rng.choice(REGIONS)}{born:%Y%m%d}{seq:03d}"
        town = self.rng.choice(("泓阳县城关镇", "泓阳县溪口镇", "檀溪市青屿区", "檀溪市北岸区", "泓阳县石门乡"))
        road = self.rng.choice(("文昌路", "望江路", "梧桐巷", "新华街", "槐荫路", "沙洲村"))
        addr = f"{town}{road}{self.rng.randrange(3, 220)}号"
        return Person(self.name(surname), first17 + id_check(first17), male, self.phone(), addr, born)

    def credit(self, head: str) -> str:
        body = "".join(self.rng.choice(CODE_CHARS) for _ in range(8))
        first17 = f"{head}{self.rng.choice(REGIONS)}{body}{org_check(body)}"
        return first17 + credit_check(first17)

    def org(self, kind: str, trade: str, rep: Person) -> Org:
        place = self.rng.choice(("檀溪市", "泓阳县"))
        word = self.rng.choice(("澄源", "恒岳", "锦泓", "瑞川", "明溪", "汇丰岭", "嘉禾湾", "云栖", "蓝桥"))
        if kind == "individual":
            name, title, head = f"{place}{word}{trade}", "经营者", "92"
        elif kind == "branch":
            name, title, head = f"檀溪{word}速运有限公司泓阳分公司", "负责人", "91"
        else:
            name, title, head = f"{place}{word}{trade}有限公司", "法定代表人", "91"
        road = self.rng.choice(("滨江大道", "科创路", "工业园区纬三路", "迎宾路", "北岸港区"))
        return Org(name, self.credit(head), f"{place}{road}{self.rng.randrange(1, 400)}号", rep, title, kind)


TRADES = {"HYRS": "机械制造", "TXYJ": "医疗器械", "HYRF": "房地产开发", "TXHS": "航运", "TXYZ": "速运",
          "HYTY": "健身服务", "TXZC": "家居用品"}
INDIVIDUAL_TRADES = {"TXYJ": "康和大药房", "TXYZ": "速达快递驿站"}
