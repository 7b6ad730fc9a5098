"""The matters: who, what, when, and which numbers each series gave them."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.devset5.world import (
    AGENCIES,
    Agency,
    Officer,
    Org,
    People,
    Person,
    number,
    officers_for,
)

# Per agency: (business name pattern, kind, cause, fact, legal basis, penalty, place where inspected).
MATTERS = {
    "YLNY": [("云岚县{t}丰收农资店", "sole", "经营假农药", "在其经营场所销售标签标注有效成分与登记不符的“草甘膦”除草剂共计{q}瓶",
              "《农药管理条例》第五十五条第一款", "没收违法所得{m}元，并处罚款{f}元", "经营门店"),
             ("云岚县{t}绿源农资店", "sole", "经营未取得登记证的肥料", "销售未取得肥料登记证的“速效壮根”水溶肥{q}袋",
              "《肥料登记管理办法》第二十六条", "罚款{f}元", "仓库")],
    "YLSW": [("云岚县瑞通商贸有限公司", "company", "未按照规定期限办理纳税申报", "2025年第二季度增值税未在申报期内申报，逾期{q}日",
              "《中华人民共和国税收征收管理法》第六十二条", "罚款{f}元", "经营场所"),
             ("云岚县{t}顺达汽车修理部", "sole", "未按规定开具发票", "收取修理费后未开具发票共计{q}笔",
              "《中华人民共和国发票管理办法》第三十五条", "罚款{f}元", "修理车间")],
    "YLYC": [("", "person", "无烟草专卖零售许可证经营烟草制品零售业务", "在其租住的门面内摆放并销售卷烟{q}条",
              "《中华人民共和国烟草专卖法实施条例》第五十七条", "没收违法所得{m}元，并处罚款{f}元", "门面"),
             ("云岚县{t}好运来便利店", "sole", "从无烟草专卖批发企业许可证的单位购进卷烟", "从非指定渠道购进卷烟{q}条",
              "《中华人民共和国烟草专卖法实施条例》第五十六条", "罚款{f}元", "便利店")],
    "YLJY": [("云岚县启明文化培训学校", "school", "超出办学许可范围招收学员", "在未经批准的情况下开设学科类培训班{q}个",
              "《中华人民共和国民办教育促进法》第六十二条", "责令限期改正，并处罚款{f}元", "教学点"),
             ("", "person", "擅自举办校外培训机构", "在其住所内组织中小学生开展学科类培训，收取费用{m}元",
              "《中华人民共和国民办教育促进法》第六十四条", "退还所收费用{m}元，并处罚款{f}元", "住所")],
    "YLYB": [("云岚县康宁大药房有限公司", "company", "串换药品套取医保基金", "将{q}盒保健品串换为医保目录内药品进行结算",
              "《医疗保障基金使用监督管理条例》第三十八条", "责令退回医保基金{m}元，并处罚款{f}元", "药房"),
             ("云岚县{t}仁心诊所", "clinic", "重复收费造成医保基金损失", "对{q}人次的诊查费重复收取并结算",
              "《医疗保障基金使用监督管理条例》第三十八条", "责令退回医保基金{m}元，并处罚款{f}元", "诊所")],
    "YLLS": [("云岚县{t}金穗粮食购销有限公司", "company", "未按规定备案从事粮食收购", "未向粮食和储备行政管理部门备案即收购玉米{q}吨",
              "《粮食流通管理条例》第四十五条", "罚款{f}元", "收购点"),
             ("", "person", "以欺骗手段收购粮食", "在收购稻谷时使用不合格计量器具，涉及粮食{q}吨",
              "《粮食流通管理条例》第四十六条", "罚款{f}元", "晒场")],
}

DOC_KINDS = ("立案审批表", "询问笔录", "现场检查笔录", "证据先行登记保存通知书", "责令改正通知书", "授权委托书",
             "行政处罚事先告知书", "陈述申辩笔录", "听证告知书", "法制审核意见书", "集体讨论记录", "行政处罚决定书",
             "送达回证", "催告书", "结案报告")


@dataclass
class Case:
    key: str
    agency: Agency
    party: Person | Org
    joint: Person | None
    agent: Person | None
    firm: str | None  # the agent's law firm, or None for an employee entrusted
    staff: Person | None  # an employee interviewed
    witness: Person
    handlers: list[Officer]
    recorder: Officer
    cause: str
    fact: str
    basis: str
    penalty: str
    place: str
    dates: dict[str, date]
    numbers: dict[str, str]
    kinds: list[str] = field(default_factory=list)


def build_cases(rng: random.Random) -> list[Case]:
    people = People(rng)
    cases: list[Case] = []
    for agency in AGENCIES:
        officers_for(agency, people, rng, rng.choice(["练", "谭", "钟"]))
        serials = {s: rng.randint(3, 60) for s in agency.series}
        matters = list(MATTERS[agency.code])
        if agency.code == "YLNY":
            # One shop, two matters in two years: the same party at one agency.
            matters.insert(1, matters[0])
        repeat: Org | Person | None = None
        for i, (pattern, kind, cause, fact, basis, penalty, place) in enumerate(matters):
            if repeat is not None and pattern == matters[0][0] and i > 0:
                party = repeat
            elif kind == "person":
                party = people.person()
            else:
                rep_surname = rng.choice(["练", "谭", "钟"]) if rng.random() < 0.4 else None
                party = people.org(pattern.format(t=rng.choice(TOWN_SHORT)), kind, people.person(surname=rep_surname))
            repeat = repeat or party
            start = date(2025, 1, 6) + timedelta(days=rng.randrange(560)) if i != 1 or agency.code != "YLNY" \
                else cases[-1].dates["结案"] + timedelta(days=rng.randint(40, 120))
            d = _timeline(start, rng)
            nums = {}
            for s in agency.series:
                serials[s] += rng.randint(1, 9)
                when = {"立": "立案", "存": "存", "告": "告知", "决": "决定", "催": "催告", "法审": "法审", "改": "改"}[s]
                nums[s] = number(agency, s, d[when].year, serials[s])
            q, m, f = rng.randint(6, 240), rng.randint(3, 90) * 100, rng.choice([2000, 5000, 8000, 10000, 20000])
            joint = people.person(surname=party.name[0] if isinstance(party, Person) else None) \
                if kind == "person" and rng.random() < 0.5 else None
            lawyer = rng.random() < 0.5
            agent = None
            if rng.random() < 0.55 or (isinstance(party, Org) and agency.code in ("YLSW", "YLYB")):
                agent = people.person(job="律师" if lawyer else "员工")
            staff = people.person(job=rng.choice(["店长", "会计", "收银员", "仓库管理员", "教务主任"])) \
                if isinstance(party, Org) and party.kind != "sole" else None
            hs = rng.sample(agency.officers, 2)
            cases.append(Case(
                key=f"{agency.code}-{i + 1}", agency=agency, party=party, joint=joint, agent=agent,
                firm=rng.choice(["岚川明理律师事务所", "云岚县正衡律师事务所"]) if agent and lawyer else None,
                staff=staff, witness=people.person(), handlers=hs,
                recorder=rng.choice([hs[1], next(o for o in agency.officers if o not in hs)]),
                cause=cause, fact=fact.format(q=q, m=m, f=f), basis=basis, penalty=penalty.format(q=q, m=m, f=f),
                place=place, dates=d, numbers=nums))
    for c in cases:
        c.kinds = _kinds(c, rng)
    return cases


TOWN_SHORT = ("青禾", "石湾", "落霞", "龙溪", "桂岭", "白沙")


def _timeline(start: date, rng: random.Random) -> dict[str, date]:
    d: dict[str, date] = {"违法": start - timedelta(days=rng.randint(5, 60)), "发现": start}
    steps = [("立案", 0, 3), ("检查", 0, 2), ("询问", 1, 6), ("询问2", 1, 5), ("存", 0, 0), ("改", 1, 4),
             ("告知", 5, 20), ("委托", 1, 3), ("陈述", 1, 4), ("法审", 2, 8), ("讨论", 1, 6), ("决定", 1, 5),
             ("送达", 0, 4), ("催告", 16, 30), ("结案", 3, 30)]
    cur = start
    for name, lo, hi in steps:
        cur = cur + timedelta(days=rng.randint(lo, hi))
        d[name] = cur
    d["存"] = d["检查"]
    d["送达2"] = d["告知"] + timedelta(days=rng.randint(0, 2))
    return d


def _kinds(c: Case, rng: random.Random) -> list[str]:
    """What of the case file was scanned: the core of every penalty file, and one to three of the rest."""
    ks = ["询问笔录", "行政处罚事先告知书", "行政处罚决定书", "送达回证"]
    if rng.random() < 0.7:
        ks.insert(0, "立案审批表")
    optional = {"现场检查笔录": 4, "询问笔录": 3 if c.staff else 1, "结案报告": 2, "法制审核意见书": 2,
                "集体讨论记录": 1, "送达回证": 2, "听证告知书": 1}
    if "存" in c.agency.series:
        optional["证据先行登记保存通知书"] = 5
    if "改" in c.agency.series:
        optional["责令改正通知书"] = 2
    if "催" in c.agency.series:
        optional["催告书"] = 2
    if c.agent:
        optional["授权委托书"] = 3
        optional["陈述申辩笔录"] = 3
    for _ in range(rng.choice([1, 2, 2, 3])):
        kind = rng.choices(list(optional), list(optional.values()))[0]
        optional.pop(kind)
        ks.append(kind)
    return ks
