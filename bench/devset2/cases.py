"""The held-out cases: thirteen matters of seven agencies, each with the papers its file holds.

Causes are written for this set. Numbers differ between the papers of a case
(立案 / 告知 / 决定 / 催告 each numbered on its own, sometimes with another
serial); some papers carry none. Two cases of one agency share a party, so a
party's identity alone never decides which case a paper belongs to.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from bench.devset2.agencies import BY_CODE
from bench.devset2.facts import CaseFacts, Cause
from bench.devset2.identity import make_credit, make_id, person_name
from bench.devset2.model import Officer, Organisation, Person

PLACES = ("XX省云渡市望江区柳岸路{n}号", "XX省南槿县城关镇槿花街{n}号", "XX省北梧市青岚区鹤鸣路{n}号",
          "XX省北梧市长庚区星河大道{n}号", "XX省云渡市白溪区白沙巷{n}号", "XX省南槿县龙泉乡石门村{n}组")

CAUSES = {
    "false_ad": Cause(
        "发布虚假商业宣传",
        "{party}自{day}起在其经营场所及网络店铺宣称所售净水器“可去除全部重金属、饮用可治疗结石”，"
        "经核实，上述宣传内容无任何检测报告或者科学依据支持",
        "《中华人民共和国反不正当竞争法》第八条第一款", "《中华人民共和国反不正当竞争法》第二十条第一款",
        ("责令停止违法行为", "罚款人民币{cap}（¥{fine}）"),
        (("店内宣传海报上的内容是谁设计的？", "是公司统一做的，我们按要求张贴。"),
         ("“可治疗结石”这个说法有没有依据？", "没有检测报告，是厂家业务员这样介绍的。"),
         ("这样宣传从什么时候开始的？", "从{day}开业那天就开始了。")),
        "宣传海报、网页截图、询问笔录、现场检查笔录"),
    "price_tag": Cause(
        "经营者不按规定明码标价",
        "{party}在{site}经营水果零售，{day}检查时发现其店内陈列销售的十二种商品均未标示价格",
        "《中华人民共和国价格法》第十三条第一款", "《中华人民共和国价格法》第四十二条",
        ("警告", "罚款人民币{cap}"),
        (("店里的商品为什么没有标价？", "价格天天变，标了又要改，就没标。"),
         ("你知道商品应当明码标价吗？", "知道，以后一定标上。")),
        "现场检查笔录、现场照片、询问笔录"),
    "assault": Cause(
        "殴打他人",
        "{day}20时许，{party}在{site}门前因琐事与他人发生争执，用拳头击打对方面部，致对方鼻部软组织挫伤",
        "《中华人民共和国治安管理处罚法》第四十三条第一款", "《中华人民共和国治安管理处罚法》第四十三条第一款",
        ("行政拘留五日", "并处罚款人民币{cap}"),
        (("当天晚上发生了什么事？", "我们因为停车的事吵了起来，我一时冲动打了他一拳。"),
         ("你打了对方几下？打在什么部位？", "就一拳，打在脸上。")),
        "受案登记表、询问笔录、证人证言、伤情照片"),
    "hotel": Cause(
        "旅馆未按规定登记住宿旅客信息",
        "{party}经营的旅馆于{day}接待住宿旅客三人，未查验身份证件，也未将住宿旅客信息录入旅馆业治安管理信息系统",
        "《旅馆业治安管理办法》第六条", "《XX省旅馆业治安管理条例》第三十一条第一款",
        ("警告", "罚款人民币{cap}"),
        (("那天晚上入住的三位客人登记了吗？", "没有登记，他们说只住一晚，我就没让他们出示身份证。"),
         ("前台有没有身份证读卡设备？", "有，那天晚上设备没开。")),
        "现场检查笔录、询问笔录、旅客登记簿"),
    "land_person": Cause(
        "未经批准非法占用土地建房",
        "{party}未经批准，自{day}起擅自占用{site}集体土地建设砖混结构住房一栋，占地面积一百八十六平方米，其中耕地一百二十平方米",
        "《中华人民共和国土地管理法》第四十四条第一款", "《中华人民共和国土地管理法》第七十七条第一款",
        ("责令退还非法占用的土地，限期十五日内拆除在非法占用的土地上新建的建筑物和其他设施",
         "并处罚款人民币{cap}"),
        (("这栋房子是谁建的？", "是我建的，给儿子结婚用。"),
         ("建房有没有办理用地审批手续？", "申请过，还没批下来就先建了。"),
         ("什么时候开工的？", "{day}开工的。")),
        "现场勘测笔录、勘测定界图、询问笔录、卫星图斑"),
    "land_company": Cause(
        "未经批准擅自占用土地建设仓储设施",
        "{party}未经批准，于{day}起在{site}占用集体土地建设钢结构仓库两栋，占地面积一千二百四十平方米",
        "《中华人民共和国土地管理法》第四十四条第一款", "《中华人民共和国土地管理法》第七十七条第一款",
        ("限期十五日内拆除在非法占用的土地上新建的建筑物和其他设施", "并处罚款人民币{cap}"),
        (("仓库是谁出资建设的？", "是公司出资建的，用来堆放建材。"),
         ("用地是否经过批准？", "和村里签了租地协议，没有办理审批。")),
        "现场勘测笔录、租地协议、询问笔录、测绘报告"),
    "elder_care": Cause(
        "民办非企业单位超出章程规定的宗旨和业务范围进行活动",
        "{party}自{day}起超出章程规定的业务范围，对外销售保健食品并收取费用，累计销售额四万六千元",
        "《民办非企业单位登记管理暂行条例》第十五条", "《民办非企业单位登记管理暂行条例》第二十五条第一款第（三）项",
        ("警告", "没收违法所得人民币{cap}"),
        (("中心有没有对外销售保健食品？", "有，主要卖给入住老人的家属。"),
         ("章程里有没有这项业务？", "没有，章程只有养老服务。")),
        "现场检查笔录、销售台账、询问笔录、章程"),
    "funeral": Cause(
        "擅自从事殡葬服务经营活动",
        "{party}未经批准，自{day}起在{site}租用民房开设殡葬服务店，承接遗体接运及丧葬礼仪服务",
        "《XX省殡葬管理条例》第二十一条", "《XX省殡葬管理条例》第四十条",
        ("责令停止违法活动", "罚款人民币{cap}"),
        (("你这个店开了多久了？", "从{day}开始做的，做了两个多月。"),
         ("有没有办理相关手续？", "没有办，不知道要审批。")),
        "现场检查笔录、询问笔录、收费单据"),
    "acceptance": Cause(
        "建设工程未经竣工验收擅自交付使用",
        "{party}建设的{site}商业综合楼项目，未组织竣工验收，于{day}擅自交付商户使用",
        "《建设工程质量管理条例》第十六条第一款", "《建设工程质量管理条例》第五十八条第（一）项",
        ("责令改正", "处工程合同价款百分之二的罚款，计人民币{cap}"),
        (("项目组织竣工验收了吗？", "消防验收还没过，所以没有组织竣工验收。"),
         ("商户是什么时候进场的？", "{day}就陆续交钥匙了。")),
        "现场检查笔录、施工合同、商铺交付清单、询问笔录"),
    "load_wall": Cause(
        "装修中擅自变动建筑主体和承重结构",
        "{party}在装修其位于{site}的住宅时，于{day}擅自拆除客厅与卧室之间的承重墙一段，长约三米",
        "《住宅室内装饰装修管理办法》第五条第一款第（一）项", "《住宅室内装饰装修管理办法》第三十八条第（一）项",
        ("责令改正", "罚款人民币{cap}"),
        (("客厅的墙是谁拆的？", "是我叫装修师傅拆的，想把客厅弄大一点。"),
         ("你知道那是承重墙吗？", "不知道，物业说了我才知道。")),
        "现场检查笔录、物业报告、询问笔录、现场照片"),
    "bulk_sale": Cause(
        "销售不合格电动自行车充电器",
        "{party}于{day}购进型号为XK-48V的电动自行车充电器二百台并对外销售，经抽样检验，该批次产品输出过压保护项目不合格",
        "《中华人民共和国产品质量法》第三十九条", "《中华人民共和国产品质量法》第五十条",
        ("没收不合格充电器一百二十台", "罚款人民币{cap}"),
        (("这批充电器是从哪里进的货？", "从外省一家批发商进的，有进货单。"),
         ("卖出去多少台了？", "卖了八十台，还剩一百二十台。")),
        "检验报告、进货单据、先行登记保存清单、询问笔录"),
    "property": Cause(
        "物业服务企业未按规定公示物业服务事项",
        "{party}承接{site}小区物业服务，自{day}起未在小区显著位置公示物业服务内容、收费标准及维修资金使用情况",
        "《XX省物业管理条例》第四十二条", "《XX省物业管理条例》第七十五条",
        ("警告", "罚款人民币{cap}"),
        (("小区公示栏里有没有公示物业服务事项？", "原来有，公示栏坏了以后就没再贴。"),
         ("业主反映的问题你们知道吗？", "知道，我们正在整改。")),
        "现场检查笔录、业主投诉材料、询问笔录"),
    "expired_permit": Cause(
        "未按规定办理年度检查仍继续开展活动",
        "{party}未按规定参加{day}前应当完成的年度检查，仍以原登记名义对外开展培训活动",
        "《民办非企业单位登记管理暂行条例》第二十三条", "《民办非企业单位登记管理暂行条例》第二十五条第一款第（四）项",
        ("警告",),
        (("中心今年参加年检了吗？", "材料没有准备齐，没有按时报。"),),
        "年检记录、询问笔录"),
}

# key, agency, cause, party kind, year, serials (None: the paper has no number), papers.
# Papers are (builder, options); options pick the variant the failure classes need.
CASES = (
    ("K01", "YDSJ", "false_ad", "company", 2024, {"filing": 8, "notice": 15, "decision": 15, "preserve": 3},
     [("filing", {}), ("inspection", {"cert_style": "each"}), ("inquiry", {"who": "staff"}), ("preserve", {}),
      ("notice", {"with_code": True}), ("decision", {"rep_id": True}), ("receipt", {})]),
    ("K02", "YDSJ", "price_tag", "person", 2023, {"filing": 41, "notice": 41, "decision": 41},
     [("inspection", {"cert_style": "both"}), ("inquiry", {"who": "party"}),
      ("notice", {}), ("decision", {}), ("receipt", {"certs_in_table": False})]),
    ("K03", "YDGA", "assault", "person", 2023, {"filing": 87, "notice": 87, "decision": 87},
     [("intake", {}), ("inquiry", {"who": "party"}), ("inquiry", {"who": "witness"}),
      ("notice", {}), ("decision", {})]),
    ("K04", "YDGA", "hotel", "company", 2023, {"filing": 112, "notice": 112, "decision": 112, "reminder": 9},
     [("inspection", {"cert_style": "both"}), ("inquiry", {"who": "staff"}), ("notice", {}),
      ("decision", {"rep_id": False}), ("receipt", {"method": "留置送达"}), ("reminder", {})]),
    ("K05", "NJZR", "land_person", "person", 2022, {"filing": 12, "notice": 12, "decision": 12, "reminder": 3,
                                                    "order": 7},
     [("filing", {}), ("inquiry", {"who": "party"}),
      ("notice", {"hearing": True}), ("decision", {}), ("receipt", {}), ("reminder", {}), ("application", {})]),
    ("K06", "NJZR", "land_company", "company", 2023, {"filing": 5, "notice": 6, "decision": 6},
     [("filing", {}), ("inspection", {"title": "现场勘验笔录", "cert_style": "each"}), ("inquiry", {"who": "staff"}),
      ("notice", {}), ("review", {}), ("discussion", {}), ("decision", {"rep_id": True})]),
    ("K07", "QLMZ", "elder_care", "npo", 2023, {"filing": 2, "notice": 2, "decision": 2},
     [("filing", {}), ("inquiry", {"who": "staff"}), ("notice", {}),
      ("decision", {"rep_id": True}), ("receipt", {}), ("closing", {})]),
    ("K08", "QLMZ", "funeral", "person", 2024, {"filing": 1, "notice": 1, "decision": 1},
     [("filing", {}), ("inspection", {"numbered": True}), ("inquiry", {"who": "party"}), ("rights", {}),
      ("notice", {}), ("decision", {}), ("receipt", {})]),
    ("K09", "BWZJ", "acceptance", "company", 2023, {"filing": 12, "notice": 12, "decision": 12, "reminder": 5,
                                                   "review": 30},
     [("filing", {}), ("inspection", {"cert_style": "both"}), ("inquiry", {"who": "agent"}), ("notice", {}),
      ("statement", {}), ("review", {}), ("approval", {}), ("decision", {"rep_id": True}), ("receipt", {}),
      ("reminder", {})]),
    ("K10", "BWZJ", "load_wall", "person", 2023, {"filing": 19, "notice": 19, "decision": 19},
     [("inspection", {}), ("inquiry", {"who": "party", "numbered": True}), ("notice", {}),
      ("decision", {}), ("receipt", {"served": "notice"}), ("receipt", {"method": "留置送达"})]),
    ("K11", "NJSJ", "bulk_sale", "company", 2024, {"filing": 31, "notice": 31, "decision": 31, "preserve": 14},
     [("inspection", {}), ("preserve", {}), ("inquiry", {"who": "party"}), ("notice", {}),
      ("decision", {"rep_id": False}), ("receipt", {})]),
    ("K12", "QLZJ", "property", "company", 2023, {"filing": 6, "notice": 6, "decision": 6, "order": 4},
     [("inspection", {"cert_style": "each"}), ("order", {}), ("inquiry", {"who": "staff"}),
      ("notice", {}), ("decision", {"rep_id": True}), ("receipt", {})]),
    ("K13", "QLMZ", "expired_permit", "same_npo", 2024, {"filing": 9, "notice": 9, "decision": 9},
     [("filing", {}), ("inquiry", {"who": "staff"}), ("notice", {}), ("decision", {"rep_id": True})]),
)

COMPANY_NAMES = {
    "false_ad": "云渡市清泉源净水设备有限公司", "hotel": "云渡市白溪区暮归客栈有限公司",
    "land_company": "南槿县恒固建材有限公司", "elder_care": "青岚区颐和居养老服务中心",
    "acceptance": "北梧市鼎盛置业有限公司", "bulk_sale": "南槿县迅行电动车商行有限公司",
    "property": "北梧市安居坊物业服务有限公司",
}
STAFF_TITLES = {"false_ad": "店长", "hotel": "前台主管", "land_company": "仓库负责人", "elder_care": "副院长",
                "acceptance": "项目经理", "property": "项目经理", "expired_permit": "办公室主任"}


def _person(rng: random.Random, taken: set[str]) -> Person:
    male = rng.random() < 0.6
    return Person(person_name(rng, taken), make_id(rng, male), male,
                  rng.choice(PLACES).format(n=rng.randint(1, 240)), f"1990000{rng.randint(1000, 9999)}")


def _officer(rng: random.Random, taken: set[str], digits: int, prefix: str) -> Officer:
    return Officer(person_name(rng, taken), prefix + "".join(str(rng.randint(0, 9)) for _ in range(digits - len(prefix))))


def _dates(rng: random.Random, year: int) -> dict[str, date]:
    step = lambda d, lo, hi: d + timedelta(days=rng.randint(lo, hi))  # noqa: E731
    occurred = date(year, rng.randint(2, 7), rng.randint(1, 28))
    d = {"occurred": occurred}
    d["inspected"] = step(occurred, 3, 30)
    d["filed"] = step(d["inspected"], 0, 3)
    d["inquired"] = step(d["filed"], 1, 6)
    d["notified"] = step(d["inquired"], 7, 20)
    d["statement"] = step(d["notified"], 2, 4)
    d["reviewed"] = step(d["statement"], 2, 5)
    d["discussed"] = step(d["reviewed"], 1, 3)
    d["approved"] = step(d["discussed"], 1, 2)
    d["decided"] = step(d["approved"], 0, 2)
    d["served"] = step(d["decided"], 1, 4)
    d["reminded"] = step(d["served"], 20, 40)
    d["applied"] = step(d["reminded"], 12, 25)
    d["paid"] = step(d["served"], 3, 12)
    d["closed"] = step(d["paid"], 5, 20)
    return d


def build_cases(seed: int) -> list[tuple[CaseFacts, list[tuple[str, dict]]]]:
    rng = random.Random(f"heldout-cases:{seed}")
    taken: set[str] = set()
    officers_of: dict[str, list[Officer]] = {}
    out = []
    npo: Organisation | None = None
    for key, code, cause_key, kind, year, serials, papers in CASES:
        agency = BY_CODE[code]
        pool = officers_of.setdefault(code, [_officer(rng, taken, agency.cert_digits, agency.cert_prefix)
                                             for _ in range(4)])
        pair = tuple(rng.sample(pool, 2))
        rep = _person(rng, taken)
        if kind in ("company", "npo"):
            authority = ("5", "2") if kind == "npo" else ("9", "1")
            party: Person | Organisation = Organisation(
                COMPANY_NAMES[cause_key], make_credit(rng, *authority), rep,
                rng.choice(PLACES).format(n=rng.randint(1, 240)), "法定代表人" if kind == "company" else "负责人")
            if kind == "npo":
                npo = party
        elif kind == "same_npo":
            assert npo is not None
            party = npo
        else:
            party = rep
        facts = CaseFacts(
            key=key, agency=agency, year=year, serials=serials, party=party, officers=pair,
            reviewer=_officer(rng, taken, agency.cert_digits, agency.cert_prefix),
            head=person_name(rng, taken), cause=CAUSES[cause_key],
            site=rng.choice(PLACES).format(n=rng.randint(1, 240)), dates=_dates(rng, year),
            fine=rng.choice((2000, 5000, 8000, 10000, 20000, 30000, 46000)),
            staff=_person(rng, taken) if cause_key in STAFF_TITLES else None,
            staff_title=STAFF_TITLES.get(cause_key, ""),
            agent=_person(rng, taken) if any(o.get("who") == "agent" for _, o in papers) else None,
            witness=_person(rng, taken),
            extra={"goods": (("XK-48V充电器", "48V/2A", "120台"),) if cause_key == "bulk_sale" else
                   (("净水器宣传海报", "A1", "6张"), ("产品说明书", "32开", "40份"))},
        )
        out.append((facts, papers))
    return out
