"""Fictional cases: which agency, what happened, who took part, and when.

One CaseContext feeds every document of a case, so that the 立案审批表, the
笔录 and the 决定书 of one sample case agree on names, numbers and dates. The
agencies, regulations and the bank are invented ("测试市", "示例区").
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from samples.dates import format_date
from samples.identities import (
    Officer,
    Party,
    fake_address,
    fake_company,
    fake_device_no,
    fake_officer,
    fake_person,
    fake_person_name,
)


@dataclass(frozen=True)
class Cause:
    """案由 with the text fragments the documents quote.

    Templates use {party}, {site}, {start}, {area}, {qty}.
    """

    name: str
    facts: str
    evidence: str
    rule: str
    basis: str
    order: str
    qa: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Agency:
    name: str
    abbrev: str
    address: str
    phone: str
    causes: tuple[Cause, ...]


_CONSTRUCTION = (
    Cause(
        name="未取得施工许可证擅自施工",
        facts="{party}在未取得建筑工程施工许可证的情况下，自{start}起在{site}擅自组织施工，"
              "现场已完成基础开挖及部分主体结构施工，建筑面积约{area}平方米",
        evidence="现场检查笔录、询问笔录、现场照片",
        rule="《测试市建筑工程示例管理条例》第十二条第一款",
        basis="《测试市建筑工程示例管理条例》第四十五条第一款",
        order="立即停止施工，并在三十日内补办施工许可手续",
        qa=(("该工地是否办理了建筑工程施工许可证？", "还没有办下来，材料已经交了一部分。"),
            ("工地是什么时候开始施工的？", "{start}开始挖基础的，后来一直在干。"),
            ("目前施工到什么程度？面积有多大？", "基础做完了，主体起了一部分，大概{area}平方米。"),
            ("你是否知道未取得施工许可证不得施工？", "知道一些，想着先干着等手续下来。")),
    ),
    Cause(
        name="施工现场未按规定设置安全警示标志",
        facts="{party}在{site}施工现场的基坑周边、临边洞口等危险部位未按规定设置安全警示标志，"
              "现场共发现{qty}处未设置警示标志的危险部位",
        evidence="现场检查笔录、询问笔录、现场照片",
        rule="《测试市建设工程示例安全条例》第二十条",
        basis="《测试市建设工程示例安全条例》第五十二条",
        order="立即在危险部位设置明显的安全警示标志",
        qa=(("施工现场的安全警示标志由谁负责设置？", "由我们公司的安全员负责。"),
            ("检查时发现{qty}处危险部位没有警示标志，你是否认可？", "认可，前几天下雨被吹倒了，还没来得及重新设置。"),
            ("你对检查结果还有什么意见？", "没有意见，我们马上整改。")),
    ),
)

_MARKET = (
    Cause(
        name="销售超过保质期的食品",
        facts="{party}在其经营的位于{site}的门店内陈列并销售超过保质期的预包装食品，"
              "经现场清点，共有超过保质期的饮料及糕点{qty}件",
        evidence="现场检查笔录、询问笔录、现场照片、产品清单",
        rule="《测试市食品示例安全管理办法》第三十四条",
        basis="《测试市食品示例安全管理办法》第一百二十四条",
        order="立即下架并销毁超过保质期的食品",
        qa=(("货架上的这些食品是从哪里进的货？", "是从测试市样例食品批发部进的货。"),
            ("这些食品已经超过保质期，你是否知道？", "没注意到，平时检查不仔细。"),
            ("超过保质期的食品一共有多少件？", "刚才一起清点过，一共{qty}件。"),
            ("这些食品已经卖出去多少？", "具体记不清了，应该没卖出去多少。")),
    ),
)

_CITY = (
    Cause(
        name="擅自占用城市道路堆放物料",
        facts="{party}未经批准，自{start}起在{site}门前人行道上堆放建筑材料，"
              "占用城市道路面积约{area}平方米",
        evidence="现场检查笔录、询问笔录、现场照片、现场勘验图",
        rule="《测试市城市道路示例管理条例》第二十七条",
        basis="《测试市城市道路示例管理条例》第四十二条",
        order="在二十四小时内清除占道堆放的物料，恢复道路原状",
        qa=(("门前人行道上堆放的砖块、沙子是谁的？", "是我们的，店里装修用的。"),
            ("堆放物料是否经过有关部门批准？", "没有办手续，想着几天就用完了。"),
            ("从什么时候开始堆放的？占了多大面积？", "{start}开始的，大概有{area}平方米。")),
    ),
    Cause(
        name="未经批准设置户外广告设施",
        facts="{party}未经批准，于{start}在{site}建筑物外立面设置户外广告牌{qty}块",
        evidence="现场检查笔录、询问笔录、现场照片、测量记录",
        rule="《测试市户外广告示例管理办法》第九条",
        basis="《测试市户外广告示例管理办法》第三十一条",
        order="在七日内自行拆除未经批准设置的户外广告设施",
        qa=(("外立面上的广告牌是谁设置的？", "是我们店设置的。"),
            ("设置广告牌是否经过审批？", "没有审批，不知道需要审批。"),
            ("一共设置了几块广告牌？", "一共{qty}块。")),
    ),
)

_ENVIRONMENT = (
    Cause(
        name="餐饮油烟未经处理直接排放",
        facts="{party}在{site}经营餐饮服务，未安装油烟净化设施，"
              "厨房油烟经排风管道直接排入外环境",
        evidence="现场检查笔录、询问笔录、现场照片、监测报告",
        rule="《测试市大气污染示例防治条例》第四十六条",
        basis="《测试市大气污染示例防治条例》第七十八条",
        order="在三十日内安装油烟净化设施并保证正常使用",
        qa=(("店里是否安装了油烟净化设施？", "没有安装，只有一个排风扇。"),
            ("饭店是从什么时候开始营业的？", "{start}开始营业的。"),
            ("你对检查结果有什么意见？", "没有意见，我们尽快安装。")),
    ),
)

AGENCIES = (
    Agency("测试市示例区住房和城乡建设局", "测住建", "测试市示例区样本路1号", "0999-12345678", _CONSTRUCTION),
    Agency("测试市示例区市场监督管理局", "测市监", "测试市示例区示范街2号", "0999-22345678", _MARKET),
    Agency("测试市示例区综合行政执法局", "测综执", "测试市示例区测试大道3号", "0999-32345678", _CITY),
    Agency("测试市示例区生态环境局", "测环", "测试市示例区样例巷4号", "0999-42345678", _ENVIRONMENT),
)

CASE_SOURCES = ("日常巡查", "投诉举报", "上级交办", "其他部门移送")

# Fine amount in yuan -> the capitalised amount written on penalty documents.
FINES = {2000: "贰仟元整", 5000: "伍仟元整", 10000: "壹万元整", 20000: "贰万元整", 30000: "叁万元整"}

CASE_NO_BRACKETS = (("〔", "〕"), ("[", "]"), ("（", "）"))


@dataclass(frozen=True)
class CaseContext:
    """Everything the documents of one fictional case share."""

    seed: int
    agency: Agency
    cause: Cause
    case_no: str
    case_source: str
    party: Party
    interviewee: Party
    officers: tuple[Officer, Officer]
    reviewer: str
    head: str
    device_no: str
    site: str
    area: int
    qty: int
    fine: int
    dates: dict[str, date] = field(default_factory=dict)
    inspection_start: datetime = datetime(2024, 1, 1)
    inquiry_start: datetime = datetime(2024, 1, 1)

    def fill(self, template: str) -> str:
        """Fill a Cause template with this case's particulars."""
        return template.format(party=self.party.name, site=self.site,
                               start=format_date(self.dates["started"]),
                               area=self.area, qty=self.qty)


def make_case_no(rng: random.Random, abbrev: str, year: int) -> str:
    """e.g. 测住建罚〔2024〕第0123号, 测住建罚[2024]123号, 测住建罚（2024）第45号."""
    left, right = rng.choice(CASE_NO_BRACKETS)
    serial = rng.randint(1, 999)
    number = f"{serial:04d}" if rng.random() < 0.5 else str(serial)
    prefix = "第" if rng.random() < 0.6 else ""
    return f"{abbrev}罚{left}{year}{right}{prefix}{number}号"


def _case_dates(rng: random.Random) -> dict[str, date]:
    """Dates in procedural order.

    started < inspected = filed < inquired < notified < decided < served.
    """
    inspected = date(2023, 1, 2) + timedelta(days=rng.randrange(700))
    started = inspected - timedelta(days=rng.randint(5, 60))
    inquired = inspected + timedelta(days=rng.randint(1, 5))
    notified = inquired + timedelta(days=rng.randint(5, 20))
    decided = notified + timedelta(days=rng.randint(6, 20))
    served = decided + timedelta(days=rng.randint(1, 5))
    return {"started": started, "inspected": inspected, "filed": inspected,
            "inquired": inquired, "notified": notified, "decided": decided, "served": served}


def _office_hours(rng: random.Random, day: date) -> datetime:
    return datetime.combine(day, time(rng.choice((9, 10, 14, 15)), rng.choice((0, 15, 30, 45))))


def build_case(seed: int) -> CaseContext:
    """A fictional case, fully determined by seed."""
    rng = random.Random(seed)
    agency = rng.choice(AGENCIES)
    cause = rng.choice(agency.causes)
    taken: set[str] = set()
    interviewee = fake_person(rng, taken)
    party = interviewee if rng.random() < 0.6 else fake_company(rng, legal_rep=interviewee.name)
    officers = (fake_officer(rng, taken), fake_officer(rng, taken))
    dates = _case_dates(rng)
    return CaseContext(
        seed=seed,
        agency=agency,
        cause=cause,
        case_no=make_case_no(rng, agency.abbrev, dates["filed"].year),
        case_source=rng.choice(CASE_SOURCES),
        party=party,
        interviewee=interviewee,
        officers=officers,
        reviewer=fake_person_name(rng, taken),
        head=fake_person_name(rng, taken),
        device_no=fake_device_no(rng),
        site=fake_address(rng) if rng.random() < 0.5 else party.address,
        area=rng.randint(12, 480),
        qty=rng.randint(2, 36),
        fine=rng.choice(tuple(FINES)),
        dates=dates,
        inspection_start=_office_hours(rng, dates["inspected"]),
        inquiry_start=_office_hours(rng, dates["inquired"]),
    )
