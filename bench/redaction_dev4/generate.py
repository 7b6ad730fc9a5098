"""Writes the held-out redaction set: scans under OUT/scans/<unit>/ and OUT/labels.json.

    .venv/bin/python bench/redaction_dev4/generate.py --out bench/out/redaction_dev4/set [--seed 23]

See README.md in this folder; the schema is the one bench/redaction_eval.py reads.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "bench.redaction_dev4"

from . import papers as P  # noqa: E402
from .degrade import scan, turn_box, write  # noqa: E402
from .papers import (ADDR, ACCT, BANK, CARD, ID, MAIL, PLATE, TEL, Agency, Case, Company, N, Officer,  # noqa: E402
                     date_text)
from .values import BANKS, PLACES, Forge, Person, luhn_complete  # noqa: E402

# the agencies of this set: (department, case-number word, unit, seal word)
DEPARTMENTS = [
    ("交通运输综合行政执法支队", "交执罚", "城区执法大队", "交通运输综合行政执法支队"),
    ("生态环境局", "环罚", "环境监察执法大队", "生态环境局"),
    ("应急管理局", "应急罚", "危化监管执法科", "应急管理局"),
    ("城市管理综合行政执法局", "城执罚", "第二执法中队", "城市管理综合行政执法局"),
    ("卫生健康委员会", "卫医罚", "卫生监督所", "卫生健康委员会"),
    ("文化市场综合行政执法支队", "文执罚", "网络文化执法科", "文化市场综合行政执法支队"),
    ("人力资源和社会保障局", "人社监罚", "劳动保障监察大队", "人力资源和社会保障局"),
    ("税务局稽查局", "税稽罚", "第一检查科", "税务局稽查局"),
    ("农业农村局", "农渔罚", "渔政执法大队", "农业农村局"),
]


def make_agency(fg: Forge, k: int) -> tuple[Agency, list[Officer]]:
    r = fg.rng
    place = PLACES[k]
    dept, abbr_word, unit, seal = DEPARTMENTS[k]
    name = place.city + dept
    addr = f"{place.city}{place.districts[0]}{r.choice(['政务中心路', '行政大道', '府前街', '人民中路'])}{r.randrange(1, 200)}号"
    agency = Agency(name=name, abbr=place.city[0] + abbr_word, address=addr, phone=fg.landline(place),
                    unit_name=unit, code=f"A{31 + k * 7:03d}", seal_text=name)
    officers = [Officer(fg.name(r.choice([2, 3, 3])), fg.enforcement_no(place)) for _ in range(3)]
    return agency, officers


def case_number(r: random.Random, abbr: str) -> str:
    n = r.randrange(11, 480)
    return r.choice([f"{abbr}〔2024〕{n}号", f"{abbr}字〔2024〕第{n:03d}号", f"{abbr}〔2024〕{n:04d}号"])


def treasury(fg: Forge, k: int) -> tuple[str, str, str]:
    r = fg.rng
    place = PLACES[k]
    body = "".join(str(r.randrange(10)) for _ in range(18))
    acct = luhn_complete(body) if r.random() < 0.5 else body + str(r.randrange(10))   # Luhn or not, it stays
    return place.city + "财政局", f"{r.choice(BANKS)}{place.city}分行营业部", acct


def company(fg: Forge, k: int, industry: str, rep: Person, *, getihu: bool = False, phone: bool = False) -> Company:
    place = PLACES[k]
    r = fg.rng
    if getihu:
        name = f"{place.city}{place.districts[1]}{rep.name[0]}记{industry}"
        return Company(name, fg.credit_code(place, "92"), fg.street_address(place), rep, getihu=True)
    return Company(fg.company(place, industry), fg.credit_code(place, r.choice(["91", "91", "91"])),
                   fg.street_address(place), rep, phone=fg.mobile() if phone else None)


def law_firm(fg: Forge, k: int, rep: Person) -> Company:
    place = PLACES[k]
    return Company(f"{place.city}{fg.rng.choice(['明衡', '正则', '持平', '衡言'])}律师事务所", fg.credit_code(place, "31"),
                   fg.street_address(place), rep)


# -- the cases ----------------------------------------------------------------------------------------

def build_cases(fg: Forge) -> list[tuple[Case, list]]:
    r = fg.rng
    out = []

    def base(k: int, party, date, place_text, facts, law, penalty, people, qa):
        agency, officers = make_agency(fg, k)
        c = Case(agency, case_number(r, agency.abbr), officers, party, date, place_text, facts, law, penalty,
                 people, qa, rng=r, treasury=treasury(fg, k))
        return c

    # 1 交通运输: an unlicensed ride-hailing driver
    k = 0
    pl = PLACES[k]
    drv = fg.person(pl, "party", want_x=True)
    drv.plate = fg.plate(pl, "ev")
    drv.card, drv.bank = fg.card(), r.choice(BANKS) + pl.city + "支行"
    wife = fg.person(pl, "family", sex="女")
    drv.extra.update(family=wife, relation="妻子")
    wife.extra["relation"] = "配偶"
    pax = fg.person(pl, "witness")
    bystander = fg.person(pl, "witness")
    facts = ["当事人", N(drv), "（身份证号", ID(drv), "）于2024年5月18日驾驶号牌为", PLATE(drv, True),
             "的纯电动小型轿车，在未取得网络预约出租汽车运输证和驾驶员证的情况下，通过手机软件接单，将乘客", N(pax),
             "从" + pl.city + "高铁站送至" + pl.districts[1] + "，收取车费人民币64元。其妻", N(wife), "系该车登记所有人。"]
    c = base(k, drv, (2024, 5, 18), pl.city + "高铁站东广场网约车候客区", facts,
             "《网络预约出租汽车经营服务管理暂行办法》第十三条、第十四条的规定，依据该办法第三十四条",
             "责令停止违法行为，处以罚款人民币一万元", {"wife": wife},
             [("这辆车是谁的？", ["车是我老婆", N(wife), "名下的，号牌", PLATE(drv), "，平时我开。"]),
              ("你今天拉的乘客是谁？怎么收的钱？", ["乘客姓", Span_text(pax.name[0]), "，手机尾号我不记得了，车费64元是在软件上付的，钱进了我的银行卡",
                                     CARD(drv, "groups"), "。"]),
              ("你有网约车驾驶员证吗？", ["没有，我去年报过名，还没考。"])])
    out.append((c, [lambda d: P.inspection(c, bystander, d), lambda d: P.interview(c, drv, d),
                    lambda d: P.witness_statement(c, d, pax, [
                        "2024年5月18日下午我在高铁站用手机叫车，来的是一辆白色电动车，车牌", PLATE(drv),
                        "，司机就是", N(drv), "。我的手机号是", TEL(pax, "space"), "，行程记录可以给你们看。"]),
                    lambda d: P.info_table(c, d, drv, "beside"), lambda d: P.decision(c, d),
                    lambda d: P.receipt(c, d, drv, wife, "行政处罚决定书"),
                    lambda d: P.defence(c, d, drv, ["我跑网约车是为了还房贷，第一次被查，家里老人住院，请求从轻处罚。"])]))

    # 2 生态环境: a company's waste water over the limit, a lawyer at the hearing
    k = 1
    pl = PLACES[k]
    rep = fg.person(pl, "legal_rep")
    co = company(fg, k, "精细化工", rep, phone=True)
    mgr = fg.person(pl, "interviewee", size=4)
    son = fg.person(pl, "family", age=(18, 30), sex="男")
    mgr.extra.update(family=son, relation="儿子")
    lawyer = fg.person(pl, "agent")
    lawyer.extra["firm"] = law_firm(fg, k, fg.person(pl, "other"))
    wit = fg.person(pl, "witness")
    facts = ["当事人", P.ORG(co), "在" + pl.districts[2] + "工业园区的生产车间废水总排口排放的废水中化学需氧量浓度为"
             "每升386毫克，超过《污水综合排放标准》规定的限值。车间主任", N(mgr), "在现场确认了采样过程。"]
    c2 = base(k, co, (2024, 6, 3), pl.city + pl.districts[2] + "工业园区纬三路18号厂区", facts,
              "《中华人民共和国水污染防治法》第十条，依据该法第八十三条第二项", "处以罚款人民币二十八万元",
              {"agent": lawyer},
              [("你在公司做什么工作？", ["我是车间主任，管废水处理站，公司法定代表人是", N(rep), "。"]),
               ("废水处理设施当天是否正常运行？", ["调节池的泵坏了两天，我跟老板打过电话，他的手机是", TEL(rep, "dash"),
                                     "，说等配件。"])])
    out.append((c2, [lambda d: P.inspection(c2, wit, d), lambda d: P.interview(c2, mgr, d),
                     lambda d: P.proxy_letter(c2, d, co, lawyer),
                     lambda d: P.hearing(c2, d, lawyer, ["采样时正值设备检修，数据不能代表正常排放情况；当事人已整改，"
                                                         "请求减轻处罚。联系人", N(rep), "可以作证。"]),
                     lambda d: P.decision(c2, d), lambda d: P.receipt(c2, d, lawyer, None, "行政处罚决定书")]))

    # 3 应急管理: hazardous chemicals stored in a dormitory building
    k = 2
    pl = PLACES[k]
    rep = fg.person(pl, "legal_rep", want_x=True)
    co3 = company(fg, k, "化工贸易", rep)
    keeper = fg.person(pl, "interviewee")
    mate = fg.person(pl, "witness")
    wife3 = fg.person(pl, "family", sex="女", size=2)
    keeper.extra.update(family=wife3, relation="爱人")
    facts = ["当事人", P.ORG(co3), "在其租用的仓库内违规存放甲醇、丙酮等危险化学品约6.5吨，仓库二楼设有员工宿舍，"
             "仓管员", N(keeper), "及其", "爱人", N(wife3), "居住其中，仓库与宿舍之间未设防火分隔。"]
    c3 = base(k, co3, (2024, 7, 9), pl.city + pl.districts[1] + "物流园C区7号仓库", facts,
              "《危险化学品安全管理条例》第二十四条，依据该条例第八十条第一款第四项",
              "责令限期改正，处以罚款人民币八万元", {},
              [("仓库里的化学品是谁让存放的？", ["是老板", N(rep), "安排的，货是从外地运来的，车牌",
                                       PLATE_text(fg, pl, keeper), "。"]),
               ("你住在仓库楼上多久了？", ["两年多了，我户口在", ADDR(keeper, "hukou"), "，在这边就住仓库。"])])
    out.append((c3, [lambda d: P.inspection(c3, mate, d), lambda d: P.interview(c3, keeper, d),
                     lambda d: P.witness_statement(c3, d, mate, ["我在隔壁公司上班，经常看到叉车往这个仓库搬蓝色的化工桶，"
                                                                "晚上仓库楼上还亮着灯，", N(keeper), "一家住在上面。"]),
                     lambda d: P.info_table(c3, d, rep, "above"), lambda d: P.decision(c3, d),
                     lambda d: P.receipt(c3, d, rep, None, "行政处罚决定书")]))

    # 4 城市管理: an individual business occupying the pavement
    k = 3
    pl = PLACES[k]
    owner = fg.person(pl, "party", size=2)
    son4 = fg.person(pl, "family", age=(18, 28), sex="男", size=3)
    owner.extra.update(family=son4, relation="儿子")
    son4.extra["relation"] = "儿子"
    gh = company(fg, k, "烧烤店", owner, getihu=True)
    owner.card, owner.bank = fg.card(), r.choice(BANKS)
    wit4 = fg.person(pl, "witness")
    facts = ["当事人", P.ORG(gh), "（经营者", N(owner), "）于2024年8月期间在店门前人行道上摆放桌椅、烤炉经营，"
             "占用人行道约42平方米，经多次劝导未改正。其子", N(son4), "负责夜间经营。"]
    c4 = base(k, gh, (2024, 8, 21), pl.city + pl.districts[1] + "美食街东段人行道", facts,
              "《城市市容和环境卫生管理条例》第十四条，依据该条例第三十六条第二项",
              "责令改正，处以罚款人民币二千元", {},
              [("这家店是谁开的？营业执照上的经营者是谁？", ["是我开的，营业执照上写的是我名字", N(owner), "，信用代码是",
                                              P.CC(gh), "。"]),
               ("店门口的桌椅是谁摆的？", ["晚上是我儿子看店，他摆出去的，他电话", TEL(son4, "full"), "。"])])
    out.append((c4, [lambda d: P.inspection(c4, wit4, d), lambda d: P.interview(c4, owner, d),
                     lambda d: P.defence(c4, d, owner, ["我的小店开了六年了，夏天晚上客人多，屋里坐不下才摆到外面。"
                                                         "我已经把桌椅收进去了，希望城管少罚一点，我一个人养活一家。"]),
                     lambda d: P.decision(c4, d), lambda d: P.receipt(c4, d, owner, son4, "行政处罚决定书"),
                     lambda d: P.info_table(c4, d, owner, "above")]))

    # 5 卫生健康: practising medicine without a licence
    k = 4
    pl = PLACES[k]
    doc = fg.person(pl, "party", age=(45, 70))
    doc.card, doc.bank = fg.card(), r.choice(BANKS)
    patient = fg.person(pl, "witness", size=3)
    mother = fg.person(pl, "family", age=(60, 80), sex="女")
    patient.extra.update(family=mother, relation="母亲")
    lawyer5 = fg.person(pl, "agent", size=4)
    lawyer5.extra["firm"] = law_firm(fg, k, fg.person(pl, "other"))
    facts = ["当事人", N(doc), "未取得医疗机构执业许可证，在其住所", ADDR(doc), "内擅自开展针灸、输液等诊疗活动。"
             "患者", N(patient), "之母", N(mother), "曾在该处接受输液治疗。现场查获药品及器械一批。"]
    c5 = base(k, doc, (2024, 4, 11), "当事人住所一楼", facts,
              "《医疗机构管理条例》第十四条，依据《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款",
              "没收违法所得人民币三千六百元及药品器械，并处罚款人民币五万元", {"agent": lawyer5},
              [("你在这里给人看病多久了？", ["大概三年，来的都是附近的老人，看一次收二三十块。"]),
               ("收费怎么收？", ["现金或者转账到我的卡上，", CARD(doc, "plain"), "。"])])
    out.append((c5, [lambda d: P.interview(c5, doc, d),
                     lambda d: P.witness_statement(c5, d, patient, ["我母亲", N(mother), "今年三月在", N(doc),
                                                                    "家里输了五天液，每天八十元。"
                                                                    "我母亲住在", ADDR(mother), "。"]),
                     lambda d: P.info_table(c5, d, doc, "beside"),
                     lambda d: P.hearing(c5, d, lawyer5, ["当事人年事已高，诊疗活动规模很小，且主动配合调查，"
                                                          "请求从轻处罚。"]),
                     lambda d: P.decision(c5, d), lambda d: P.receipt(c5, d, doc, None, "行政处罚决定书")]))

    # 6 文化市场: an internet café admitting minors
    k = 5
    pl = PLACES[k]
    rep6 = fg.person(pl, "legal_rep", size=4)
    co6 = company(fg, k, "网络科技", rep6)
    staff = fg.person(pl, "interviewee", age=(19, 30))
    guardian = fg.person(pl, "witness")
    guardian.extra["home_phone"] = fg.landline(pl)
    kid = fg.person(pl, "family", age=(14, 16), size=2)
    agent6 = fg.person(pl, "agent")
    wit6 = fg.person(pl, "witness")
    facts = ["当事人", P.ORG(co6), "经营的网吧于2024年3月2日晚接纳未成年人", N(kid), "等三人上网，"
             "未核对身份证件，网管", N(staff), "当班。"]
    c6 = base(k, co6, (2024, 3, 2), pl.city + pl.districts[0] + "南门商业街二楼网吧", facts,
              "《互联网上网服务营业场所管理条例》第二十一条，依据该条例第三十一条第二项",
              "给予警告，处以罚款人民币一万五千元", {},
              [("当晚的未成年人是怎么进来的？", ["他们用一个成年人的身份证开的机，证号是", ID(guardian), "，我没仔细看。"]),
               ("你的住址和电话？", ["我住", ADDR(staff), "，电话", TEL(staff, "dash"), "。"])])
    out.append((c6, [lambda d: P.inspection(c6, wit6, d), lambda d: P.interview(c6, staff, d),
                     lambda d: P.complaint_form(c6, d, guardian, ["我孩子", N(kid), "今年15岁，", "3月2日晚上没回家，"
                                                                  "在南门商业街的网吧里找到，网吧没查身份证。"]),
                     lambda d: P.proxy_letter(c6, d, co6, agent6), lambda d: P.decision(c6, d),
                     lambda d: P.receipt(c6, d, agent6, None, "行政处罚决定书")]))

    # 7 人社劳动保障监察: wages owed to workers
    k = 6
    pl = PLACES[k]
    rep7 = fg.person(pl, "legal_rep")
    co7 = company(fg, k, "建筑劳务", rep7, phone=True)
    workers = [fg.person(pl, "employee", want_x=(i % 4 == 1)) for i in range(r.randrange(6, 9))]
    for w in workers:
        w.card = fg.card()
    lead = workers[0]
    lead.extra["home_phone"] = fg.landline(pl)
    lead.account, lead.bank = fg.account(), r.choice(BANKS) + pl.city + "支行"
    w2 = workers[1]
    facts = ["当事人", P.ORG(co7), "拖欠", N(lead), "、", N(w2), "等" + str(len(workers)) + "名劳动者2023年10月至"
             "2024年1月工资共计人民币" + f"{r.randrange(120, 400) * 1000:,}" + "元，经本机关责令限期支付后逾期仍未支付。"]
    c7 = base(k, co7, (2024, 2, 26), pl.city + pl.districts[2] + "安置房二期项目部", facts,
              "《保障农民工工资支付条例》第十一条，依据该条例第五十七条",
              "处以罚款人民币五万元", {},
              [("你们的工资平时怎么发？", ["都是打到工资卡上，我的工资卡开户行是", BANK(lead), "，账号", ACCT(lead), "。"]),
               ("还有谁被拖欠了？", ["我们班组", N(w2), "、", N(workers[2]), "都没拿到，", N(w2), "的电话是",
                                TEL(w2, "space"), "。"])])
    out.append((c7, [lambda d: P.complaint_form(c7, d, lead, ["我们在", P.ORG(co7), "的工地干了四个月，老板",
                                                              N(rep7), "一直拖着工资不发，",
                                                              "大家的工资卡信息见附表。"]),
                     lambda d: P.interview(c7, lead, d),
                     lambda d: P.roster(c7, d, workers, "欠薪人员信息登记表"),
                     lambda d: P.witness_statement(c7, d, w2, ["我和", N(lead), "在一个班组，从去年十月开始就没发过工资，"
                                                               "项目经理说等甲方拨款。"]),
                     lambda d: P.decision(c7, d), lambda d: P.receipt(c7, d, rep7, None, "行政处罚决定书")]))

    # 8 税务: an online seller who hid income in personal accounts
    k = 7
    pl = PLACES[k]
    seller = fg.person(pl, "party", size=3, want_x=True)
    seller.card, seller.bank = fg.card(), r.choice(BANKS) + pl.city + "分行"
    seller.account = fg.account()
    husband = fg.person(pl, "family", sex="男")
    seller.extra.update(family=husband, relation="丈夫")
    husband.extra["relation"] = "丈夫"
    seller.plate = fg.plate(pl)
    agent8 = fg.person(pl, "agent")
    agent8.extra["firm"] = Company(f"{pl.city}致远税务师事务所有限公司", fg.credit_code(pl, "91"), fg.street_address(pl),
                                   fg.person(pl, "other"))
    facts = ["当事人", N(seller), "于2021年至2023年通过网络店铺销售服装，使用本人银行账户", ACCT(seller),
             "及其丈夫", N(husband), "的银行卡收取货款，少申报经营所得，少缴个人所得税人民币" + f"{r.randrange(80, 300) * 1000:,}" +
             "元。"]
    c8 = base(k, seller, (2024, 9, 5), "本局询问室", facts,
              "《中华人民共和国税收征收管理法》第六十三条第一款的规定",
              "追缴少缴税款及滞纳金，并处少缴税款百分之五十的罚款", {"agent": agent8},
              [("你的网店收款用哪些账户？", ["主要是我的卡", CARD(seller, "groups"), "，还有我老公的卡，他的号我记不住。"]),
               ("你名下有车吗？", ["有一辆，车牌", PLATE(seller), "，是用卖货的钱买的。"]),
               ("你的电子邮箱是什么？", ["平台通知都发到", MAIL(seller), "。"])])
    out.append((c8, [lambda d: P.interview(c8, seller, d),
                     lambda d: P.defence(c8, d, seller, ["我不懂税法，以为网店小额收入不用报税。查出来的钱我愿意补，"
                                                          "但罚款能不能少一点，孩子还在上学。"]),
                     lambda d: P.hearing(c8, d, agent8, ["当事人少缴税款系对政策理解有误，并非故意，"
                                                         "已主动补缴部分税款，请求按最低比例处罚。"]),
                     lambda d: P.info_table(c8, d, seller, "beside"), lambda d: P.decision(c8, d),
                     lambda d: P.receipt(c8, d, seller, husband, "税务行政处罚决定书")]))

    # 9 农业农村渔政: electric fishing in a closed season
    k = 8
    pl = PLACES[k]
    fisher = fg.person(pl, "party", age=(35, 65))
    fisher.plate = fg.plate(pl, "ev_big") if r.random() < 0.5 else fg.plate(pl)
    brother = fg.person(pl, "family", sex="男")
    fisher.extra.update(family=brother, relation="哥哥")
    wit9 = fg.person(pl, "witness")
    wit9b = fg.person(pl, "witness", size=2)
    facts = ["当事人", N(fisher), "于禁渔期内在" + pl.districts[2] + "青衣江河段使用电鱼器具捕捞，"
             "捕获渔获物约11公斤。其兄", N(brother), "驾驶号牌为", PLATE(fisher), "的货车在岸边接应。"]
    c9 = base(k, fisher, (2024, 5, 2), pl.districts[2] + "青衣江回水湾河段", facts,
              "《中华人民共和国渔业法》第三十条，依据该法第三十八条第一款",
              "没收渔获物和电鱼器具，处以罚款人民币三千元", {},
              [("电鱼的工具是哪里来的？", ["网上买的，寄到我家", ADDR(fisher), "。"]),
               ("岸上的车是谁的？", ["车是我的，", PLATE(fisher, True), "，那天我哥开过来的。"])])
    out.append((c9, [lambda d: P.inspection(c9, wit9, d), lambda d: P.interview(c9, fisher, d),
                     lambda d: P.witness_statement(c9, d, wit9b, ["那天傍晚我在河边散步，看到两个人背着电瓶在水里电鱼，"
                                                                  "岸上停着一辆货车，车牌", PLATE(fisher), "。"]),
                     lambda d: P.decision(c9, d), lambda d: P.receipt(c9, d, fisher, brother, "行政处罚决定书")]))
    return out


def Span_text(t: str):
    """A single surname on its own is not a name that identifies anyone: neutral."""
    from .typeset import Span
    return Span(t, "name", pii=False, neutral=True, role="witness")


def PLATE_text(fg: Forge, pl, owner: Person):
    """A truck plate that belongs to a carrier company (kept? no: plates are always private data)."""
    from .typeset import Span
    return Span(fg.plate(pl), "plate", role="other", name=None)


# -- writing -------------------------------------------------------------------------------------------

def span_label(mark, w: int, h: int, skew: float) -> dict:
    s = mark.span
    return {"type": s.type, "text": mark.text, "pii": s.pii, "neutral": s.neutral, "role": s.role,
            "whose": {"role": s.role, "name": s.name}, "lines": len(mark.boxes),
            "boxes0": mark.boxes, "boxes": [turn_box(b, w, h, skew) for b in mark.boxes]}


def generate(out: Path, seed: int) -> dict:
    rng = random.Random(seed)
    fg = Forge(rng)
    if out.exists():
        shutil.rmtree(out)
    (out / "scans").mkdir(parents=True)
    labels: dict = {"seed": seed, "generator": "bench/redaction_dev4/generate.py", "units": {}, "files": {}}
    used_names: set[str] = set()
    for ci, (case, makers) in enumerate(build_cases(fg)):
        a = case.agency
        unit = f"unit{rng.randrange(100, 999)}"
        labels["units"][unit] = {"agency_code": a.code, "unit_code": f"U{ci + 1:02d}", "unit_name": a.unit_name,
                                 "agency_name": a.name}
        (out / "scans" / unit).mkdir()
        for make in makers:
            dpi = rng.choice([200, 240, 300, 300])
            doc, kind = make(dpi)
            mode = rng.choices(["color", "gray", "bw"], [0.35, 0.35, 0.3])[0]
            multi = len(doc.sheets) > 1
            ext = rng.choice([".pdf", ".tif"]) if multi else rng.choice([".pdf", ".tif", ".png"])
            while True:
                fname = f"{rng.randrange(16 ** 8):08x}{ext}"
                if fname not in used_names:
                    used_names.add(fname)
                    break
            pages, images = [], []
            for i, sheet in enumerate(doc.sheets, 1):
                skew = round(rng.uniform(-2, 2), 2)
                images.append(scan(sheet.image, rng, mode, skew))
                w, h = sheet.image.size
                pages.append({"page": i, "width": w, "height": h, "dpi": dpi, "skew_deg": skew, "mode": mode,
                              "spans": [span_label(m, w, h, skew) for m in sheet.marks.values()]})
            path = out / "scans" / unit / fname
            write(path, images, dpi, rng)
            labels["files"][f"{unit}/{fname}"] = {
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "unit": unit, "doc_kind": kind,
                "case_no": case.case_no, "pages": pages}
    (out / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1))
    return labels


def summary(labels: dict) -> str:
    from collections import Counter
    files = labels["files"]
    pages = [p for f in files.values() for p in f["pages"]]
    pii, keep, neutral, broken = Counter(), Counter(), Counter(), 0
    for p in pages:
        for s in p["spans"]:
            (neutral if s["neutral"] else pii if s["pii"] else keep)[s["type"]] += 1
            broken += s["pii"] and len(s["boxes0"]) > 1
    modes = Counter(p["mode"] for p in pages)
    exts = Counter(Path(k).suffix for k in files)
    kinds = Counter(f["doc_kind"] for f in files.values())
    return (f"{len(files)} files, {len(pages)} pages, {len(labels['units'])} units\n"
            f"PII spans: {dict(pii)} (broken over lines: {broken})\nkept: {dict(keep)}\nneutral: {dict(neutral)}\n"
            f"modes: {dict(modes)}  files: {dict(exts)}\nkinds: {dict(kinds)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=23)
    args = ap.parse_args()
    print(summary(generate(args.out, args.seed)))


if __name__ == "__main__":
    main()
