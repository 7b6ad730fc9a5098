"""The documents of this development set: each builder draws one document of a case onto pages and labels its spans.

Wording and layouts are this set's own: decisions in prose with the party's data run on (and broken over lines),
closing lines with the agency's address and telephone, payment into a treasury account; records of inquiry with a
header table and questions and answers; inspection records with witnesses and a translator; service receipts with
labels above or left of their values; identity tables; powers of attorney; witness statements; rectification
notices addressed by name; case approval forms.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.redaction_dev import world as W
from bench.redaction_dev.render import SANS, SERIF, SERIF_BOLD, S, Page


@dataclass
class Agency:
    code: str
    name: str
    unit_code: str
    unit_name: str
    short: str
    address: str
    phone: str
    mark: str  # 文号 prefix


@dataclass
class Person:
    name: str
    role: str
    sex: str
    id_number: str
    phone: str
    address: str
    birth: str


@dataclass
class Case:
    agency: Agency
    world: W.World
    case_no: str
    kind: str  # person | shop | company
    party: Person
    officers: list[tuple[str, str]]
    org: str = ""
    org_code: str = ""
    org_address: str = ""
    shop: str = ""
    shop_code: str = ""
    others: dict[str, Person] = field(default_factory=dict)
    contact_beside_signature: bool = False


def make_person(w: W.World, rng: random.Random, role: str, style: str | None = None) -> Person:
    female = rng.random() < 0.45
    ph = W.mobile(rng) if rng.random() < 0.85 else W.fixed_line(w, rng)
    return Person(W.person_name(rng, style), role, "女" if female else "男", W.id_number(rng, female), ph,
                  W.home_address(w, rng), W.birth(rng))


def fmt_phone(p: str, rng: random.Random) -> str:
    if "-" in p or rng.random() < 0.7:
        return p
    return rng.choice((f"{p[:3]} {p[3:7]} {p[7:]}", f"{p[:3]}-{p[3:7]}-{p[7:]}"))


# -- span shorthands -------------------------------------------------------------------------------------------

def nm(p: Person) -> S:
    return S(p.name, "name", role=p.role, whose=p.name)


def pid(p: Person) -> S:
    return S(p.id_number, "id_number", role=p.role, whose=p.name)


def ph(p: Person, rng: random.Random) -> S:
    return S(fmt_phone(p.phone, rng), "phone", role=p.role, whose=p.name)


def addr(p: Person, text: str | None = None) -> S:
    return S(text or p.address, "address", role=p.role, whose=p.name)


def keep(text: str, kind: str) -> S:
    return S(text, kind, pii=False)


def officer_line(c: Case) -> list:
    run: list = []
    for i, (o, cert) in enumerate(c.officers):
        run += (["、"] if i else []) + [keep(o, "officer"), "（执法证号：", keep(cert, "cert_no"), "）"]
    return run


def header(pg: Page, c: Case, title: str, numbered: bool = True) -> None:
    pg.title(c.agency.name, size_pt=16, font=SERIF_BOLD)
    pg.y -= pg.line_h // 2
    pg.title(title, size_pt=20)
    if numbered:
        pg.centred([keep(c.case_no, "case_no")])




def signature_block(pg: Page, c: Case, rng: random.Random, date: str) -> None:
    pg.skip(0.6)
    pg.right_line([keep(c.agency.name, "agency")])
    pg.right_line([date])
    pg.seal(pg.right - round(pg.dpi * 1.6), pg.y - pg.line_h * 2, c.agency.name)


def closing_contact(pg: Page, c: Case, rng: random.Random) -> None:
    """The agency's own address and telephone at the foot of a decision, in one of the forms agencies print."""
    a, p = keep(c.agency.address, "agency_address"), keep(c.agency.phone, "agency_phone")
    form = rng.randrange(4)
    if form == 0:
        pg.line(["本机关地址：", a])
        pg.line(["联系电话：", p, "    邮编：", f"4{rng.randint(10000, 99999)}"])
    elif form == 1:
        pg.line(["地址：", a, "  电话：", p])
    elif form == 2:
        pg.line(["联系人：", keep(c.officers[0][0], "officer"), "    联系电话：", p])
        pg.line(["通讯地址：", a])
    else:
        pg.line([keep(c.agency.name, "agency"), "  地址：", a])
        pg.line(["咨询电话：", p])


# -- documents ---------------------------------------------------------------------------------------------------

def decision(c: Case, rng: random.Random, dpi: int) -> list[Page]:
    pg = Page(dpi, font=rng.choice((SERIF, SANS)))
    pages = [pg]
    header(pg, c, "行政处罚决定书")
    p = c.party
    if c.kind == "person":
        lead = rng.choice(("住", "现住", "户籍地：", "住址：", "家庭住址："))
        pg.para(["当事人：", nm(p), f"，{p.sex}，{p.birth}出生，汉族，", rng.choice(("公民身份号码：", "身份证号码：")),
                 pid(p), f"，{lead}", addr(p), "，联系电话：", ph(p, rng), "。"], indent=False)
    elif c.kind == "shop":
        pg.para(["当事人：", S(c.shop, "organisation", pii=False, neutral=True), "（个体工商户）"], indent=False)
        pg.para(["统一社会信用代码：", S(c.shop_code, "credit_code", role="party", whose=p.name)], indent=False)
        pg.para(["经营者：", nm(p), f"，{p.sex}，身份证号：", pid(p)], indent=False)
        pg.para(["经营场所：", S(W.business_address(c.world, rng), "address", pii=False, neutral=True)], indent=False)
        pg.para([rng.choice(("经营者住址：", "家庭住址：", "居住地：")), addr(p)], indent=False)
        pg.para(["联系电话：", ph(p, rng)], indent=False)
    else:
        pg.para(["当事人：", keep(c.org, "organisation")], indent=False)
        pg.para(["统一社会信用代码：", keep(c.org_code, "org_code")], indent=False)
        pg.para(["住所：", keep(c.org_address, "org_address")], indent=False)
        pg.para(["法定代表人：", nm(p), "    联系电话：", ph(p, rng)], indent=False)
    w = c.others["witness"]
    when = f"2024年{rng.randint(1, 9)}月{rng.randint(1, 28)}日"
    who = [nm(p)] if c.kind != "company" else [keep(c.org, "organisation")]
    plate = S(W.plate(rng), "plate", role="party", whose=p.name)
    pg.para(["经查，", *who, f"于{when}在", c.world.district, "经营活动中，使用车牌号为", plate,
             "的货车运输未经检验的建筑材料，并拒绝提供进货凭证。上述事实有现场检查笔录、询问笔录、照片及证人",
             nm(w), "的证言等证据证实。", "案件调查终结后，本机关于" + when + "向当事人送达了行政处罚告知书，当事人"
             + rng.choice(("未提出陈述申辩意见。", "在法定期限内提出了陈述申辩，本机关经复核后不予采纳。"))])
    pg.para(["本机关认为，当事人的上述行为违反了《中华人民共和国产品质量法》第三十三条的规定，依据《中华人民共和国"
             "产品质量法》第五十条、《中华人民共和国行政处罚法》第二十八条的规定，本机关决定对当事人作出如下行政处罚："])
    pg.para([f"一、罚款人民币{rng.randint(2, 50)}000元；二、没收违法所得。"])
    bank = rng.choice(("中国农业银行", "中国工商银行", "中国建设银行"))
    acct = keep(W.bank_card(rng), "treasury_account")
    pg.para(["当事人应自收到本决定书之日起十五日内，将罚款缴至", c.world.city, "财政局非税收入汇缴结算户（开户银行：",
             bank, c.world.city, "分行，账号：", acct, "），逾期不缴纳的，每日按罚款数额的百分之三加处罚款。"])
    if rng.random() < 0.5:
        refund = S(W.bank_card(rng), "bank_card", role="party", whose=p.name)
        pg.para(["当事人申请退还多缴款项的，退款收款账户为", nm(p), "本人", bank, "账户，卡号：", refund, "。"])
    if rng.random() < 0.5:
        pages.append(pg := Page(dpi, font=pg.font_path))
    pg.para(["如不服本处罚决定，可以在收到本决定书之日起六十日内向", c.world.city, "人民政府申请行政复议，或者在六个月内"
             "依法向", c.world.district, "人民法院提起行政诉讼。"])
    date = f"2024年{rng.randint(9, 12)}月{rng.randint(1, 28)}日"
    if c.contact_beside_signature:
        # The agency's address and telephone at the left, on the lines of its signature and date, under its seal.
        pg.skip(0.6)
        name = keep(c.agency.name, "agency")
        w = pg.font.getlength(c.agency.name)
        pg.line(["地址：", keep(c.agency.address, "agency_address")])
        pg.y -= pg.line_h
        pg.line([name], x=round(pg.right - w - pg.size))
        pg.line(["联系电话：", keep(c.agency.phone, "agency_phone")])
        pg.y -= pg.line_h
        pg.line([date], x=round(pg.right - pg.font.getlength(date) - pg.size))
        pg.seal(pg.right - round(pg.dpi * 1.6), pg.y - pg.line_h * 2, c.agency.name)
        return pages
    signature_block(pg, c, rng, date)
    pg.skip(0.5)
    closing_contact(pg, c, rng)
    return pages


def inquiry(c: Case, rng: random.Random, dpi: int) -> list[Page]:
    pg = Page(dpi, size_pt=11)
    pages = [pg]
    pg.title("询问笔录", size_pt=20)
    i = c.others["interviewee"]
    (o1, cert1), (o2, _) = c.officers[0], c.officers[1]
    t = 0.18
    pg.table([
        [(t, ["询问时间"]), (1 - t, [f"2024年{rng.randint(1, 9)}月{rng.randint(1, 28)}日 9时10分至10时05分"])],
        [(t, ["询问地点"]), (1 - t, [c.agency.short, "第二询问室"])],
        [(t, ["询问人"]), (0.32, [keep(o1, "officer"), "、", keep(o2, "officer")]), (t, ["记录人"]),
         (1 - 0.32 - 2 * t, [keep(o2, "officer")])],
        [(t, ["被询问人"]), (0.32, [nm(i)]), (t, ["性别"]), (1 - 0.32 - 2 * t, [i.sex])],
        [(t, ["身份证号码"]), (1 - t, [pid(i)])],
        [(t, ["联系电话"]), (0.32, [ph(i, rng)]), (t, ["工作单位"]),
         (1 - 0.32 - 2 * t, [keep(c.org, "organisation") if c.kind == "company" else "无"])],
        [(t, [rng.choice(("住址", "现住址", "户籍地"))]), (1 - t, [addr(i)])],
    ])
    wife, emp = c.others["family"], c.others["employee"]
    qa = [
        ["问：我们是", c.agency.name, "的执法人员", keep(o1, "officer"), "、", keep(o2, "officer"),
         "，这是我们的执法证件，请你过目。你看清楚了吗？"],
        ["答：看清楚了。"],
        ["问：请讲一下你的基本情况。"],
        ["答：我叫", nm(i), f"，今年{rng.randint(25, 60)}岁，", rng.choice(("家住", "现住在", "住在", "户籍在")),
         addr(i, W.home_address(c.world, rng)), "，平时在店里帮忙。"],
        ["问：事发时还有谁在场？"],
        ["答：", rng.choice(("我妻子", "我爱人", "我丈夫")), nm(wife), "和店里的", rng.choice(("员工", "伙计", "师傅")),
         nm(emp), "都在场，", nm(emp), "负责卸货。"],
        ["问：运货车辆的车牌号和驾驶人是谁？"],
        ["答：车是", nm(emp), "开的，车牌号", S(W.plate(rng), "plate", role="employee", whose=emp.name),
         "，他的电话是", ph(emp, rng), "。"],
        ["问：以上所说是否属实？"],
        ["答：属实。"],
    ]
    for run in qa:
        if pg.full():
            pages.append(pg := Page(dpi, size_pt=11))
        pg.para(run, indent=False)
    if pg.y > pg.h - round(3 * pg.dpi):
        pages.append(pg := Page(dpi, size_pt=11))
    pg.skip(0.5)
    pg.line(["以上笔录我已看过，与我所说的一致。"])
    x = pg.left + round(pg.font.getlength("被询问人（签名）：")) + pg.size
    pg.line(["被询问人（签名）："])
    pg.handwritten(x, pg.y - pg.line_h, nm(i))
    pg.line(["询问人：", keep(o1, "officer"), "  ", keep(o2, "officer"), "    记录人：", keep(o2, "officer")])
    return pages


def inspection(c: Case, rng: random.Random, dpi: int) -> list[Page]:
    pg = Page(dpi, font=SANS, size_pt=11)
    header(pg, c, "现场检查笔录", numbered=False)
    p, wit, tr = c.party, c.others["witness"], c.others["translator"]
    boss = c.others["employee"]
    who = [keep(c.org, "organisation")] if c.kind == "company" else (
        [S(c.shop, "organisation", pii=False, neutral=True)] if c.kind == "shop" else [nm(p)])
    pg.line(["检查时间：", f"2024年{rng.randint(1, 9)}月{rng.randint(1, 28)}日"])
    pg.para(["被检查人：", *who], indent=False)
    pg.para(["现场负责人：", nm(boss), "    职务：店长    联系电话：", ph(boss, rng)], indent=False)
    pg.para(["执法人员：", *officer_line(c)], indent=False)
    pg.para(["见证人：", nm(wit), f"，{wit.sex}，身份证号：", pid(wit), "，住址：", addr(wit)], indent=False)
    pg.para(["翻译人员：", nm(tr), "（维吾尔语）    联系方式：", ph(tr, rng)], indent=False)
    pg.para(["检查情况：执法人员出示执法证件后，在", nm(boss), "的陪同下对经营场所进行了检查。现场存放未标注生产日期的"
             "商品若干，", nm(boss), "称系", nm(p), "从外地购进，", nm(wit), "在场见证。检查过程全程录音录像。"])
    pg.skip(0.5)
    for label, person in (("被检查人（签名）：", boss), ("见证人（签名）：", wit)):
        pg.line([label])
        pg.handwritten(pg.left + round(pg.font.getlength(label)) + pg.size, pg.y - pg.line_h, nm(person))
    pg.line(["执法人员（签名）：", keep(c.officers[0][0], "officer"), "  ", keep(c.officers[1][0], "officer")])
    return [pg]


def service_receipt(c: Case, rng: random.Random, dpi: int) -> list[Page]:
    pg = Page(dpi, size_pt=12)
    pg.title(c.agency.name, size_pt=16)
    pg.title("送达回证", size_pt=20)
    p, proxy = c.party, c.others["family"]
    t = 0.24
    above = rng.random() < 0.5
    rows = [[(t, ["受送达人"]), (1 - t, [nm(p)])]]
    if above:  # labels in one row, values in the row below
        rows.append([(0.5, ["送达地址"]), (0.5, ["送达方式"])])
        rows.append([(0.5, [addr(p)]), (0.5, ["直接送达"])])
    else:
        rows.append([(t, ["送达地址"]), (1 - t, [addr(p)])])
    rows += [
        [(t, ["送达文书名称及文号"]), (1 - t, ["行政处罚决定书 ", keep(c.case_no, "case_no")])],
        [(t, ["收件人签名"]), (0.26, [" "]), (t, ["送达时间"]), (1 - 0.26 - 2 * t, ["2024年10月8日"])],
        [(t, ["代收人及与受送达人关系"]), (1 - t, [nm(proxy), "（", rng.choice(("配偶", "父子", "母女", "兄弟")), "）"])],
        [(t, ["送达人"]), (1 - t, [keep(c.officers[0][0], "officer"), "  ", keep(c.officers[1][0], "officer")])],
        [(t, ["见证人"]), (1 - t, [nm(c.others["witness"])])],
        [(t, ["备注"]), (1 - t, ["受送达人不在家，由其家属代收。"])],
    ]
    sign_row = 3 if not above else 4
    tops = pg.table(rows)
    # the receiver's signature, handwritten into its cell
    pg.handwritten(pg.left + round(t * (pg.right - pg.left)) + pg.size, tops[sign_row] + round(pg.size * 0.45), nm(proxy))
    return [pg]


def identity_table(c: Case, rng: random.Random, dpi: int) -> list[Page]:
    pg = Page(dpi, font=SANS, size_pt=11.5)
    pg.title(rng.choice(("当事人身份信息表", "个人基本情况登记表")), size_pt=18)
    p, fam, son = c.party, c.others["family"], c.others["son"]
    q = 0.17
    pg.table([
        [(q, ["姓名"]), (0.33 - q + 0.16, [nm(p)]), (q, ["性别"]), (1 - 0.33 - 0.16 - q, [p.sex])],
        [(q, ["出生日期"]), (0.33 - q + 0.16, [p.birth]), (q, ["民族"]), (1 - 0.33 - 0.16 - q, ["汉族"])],
        [(q, ["身份证号码"]), (1 - q, [pid(p)])],
        [(q, ["户籍地"]), (1 - q, [addr(p, W.rural_address(c.world, rng))])],
        [(q, [rng.choice(("现居住地", "现住址", "经常居住地"))]), (1 - q, [addr(p)])],
        [(q, ["联系电话"]), (0.33 - q + 0.16, [ph(p, rng)]), (q, ["电子邮箱"]),
         (1 - 0.33 - 0.16 - q, [S(W.email(rng), "email", role=p.role, whose=p.name)])],
        [(q, ["家庭成员"]), (1 - q, ["配偶：", nm(fam), "；儿子：", nm(son)])],
        [(q, ["紧急联系人"]), (1 - q, [nm(fam), "  ", ph(fam, rng)])],
        [(q, ["填表人"]), (1 - q, [keep(c.officers[1][0], "officer")])],
    ])
    return [pg]


def attorney(c: Case, rng: random.Random, dpi: int) -> list[Page]:
    pg = Page(dpi, size_pt=12)
    pg.title("授权委托书", size_pt=20)
    p, agent = c.party, c.others["agent"]
    firm = keep(c.world.city + W.place(rng) + "律师事务所", "organisation")
    pg.para(["委托人：", nm(p), f"，{p.sex}，{p.birth}出生，身份证号：", pid(p), "，住址：", addr(p), "，联系电话：",
             ph(p, rng), "。"], indent=False)
    pg.para(["受托人：", nm(agent), "，", firm, "律师，联系电话：", ph(agent, rng), "。"], indent=False)
    pg.para(["现委托", nm(agent), "在", c.agency.name, "办理的", keep(c.case_no, "case_no"),
             "案件中，作为我的委托代理人。代理权限：代为陈述、申辩，代为签收法律文书。"])
    pg.skip(1)
    label = "委托人（签名）："
    pg.line([label])
    pg.handwritten(pg.left + round(pg.font.getlength(label)) + pg.size, pg.y - pg.line_h, nm(p))
    pg.line(["2024年10月2日"])
    return [pg]


def witness_statement(c: Case, rng: random.Random, dpi: int) -> list[Page]:
    pg = Page(dpi, font=SANS, size_pt=12)
    pg.title("证人证言", size_pt=20)
    w, p, son = c.others["witness"], c.party, c.others["son"]
    pg.para(["证人", nm(w), f"，{w.sex}，{rng.randint(30, 70)}岁，", rng.choice(("现住", "住", "居住于")), addr(w),
             "，身份证号码", pid(w), "，电话", ph(w, rng), "。"])
    pg.para(["我与", nm(p), "是邻居。", f"2024年{rng.randint(1, 9)}月的一天上午，我看见", nm(p), "和他儿子", nm(son),
             "从一辆货车上往店里搬东西，车停在店门口。", nm(son), "还跟我说这批货是便宜进的。"])
    pg.para(["以上情况属实。"])
    pg.skip(1)
    pg.line(["证人："])
    pg.handwritten(pg.left + round(pg.font.getlength("证人：")) + pg.size, pg.y - pg.line_h, nm(w))
    pg.line(["记录人：", keep(c.officers[1][0], "officer")])
    return [pg]


def rectification(c: Case, rng: random.Random, dpi: int) -> list[Page]:
    pg = Page(dpi, size_pt=12)
    header(pg, c, "责令改正通知书")
    p = c.party
    pg.line([nm(p), "："] if c.kind != "company" else [keep(c.org, "organisation"), "："])
    # where the building stands is a fact of the case, neither a home address to hide nor one to keep
    place = keep(c.org_address, "org_address") if c.kind == "company" else S(
        p.address if c.kind == "person" else W.business_address(c.world, rng), "address", pii=False, neutral=True)
    pg.para(["经查，你", "（单位）" if c.kind == "company" else "", "在", place,
             "擅自搭建建筑物，违反了《城乡规划法》第四十条的规定。现责令你", "（单位）" if c.kind == "company" else "",
             "于2024年11月30日前自行拆除。"])
    pg.para(["联系人：", keep(c.officers[0][0], "officer"), "  联系电话：", keep(c.agency.phone, "agency_phone")],
            indent=False)
    signature_block(pg, c, rng, "2024年11月1日")
    pg.skip(0.5)
    pg.line(["当事人签收：", "            日期："])
    pg.handwritten(pg.left + round(pg.font.getlength("当事人签收：")), pg.y - pg.line_h, nm(p))
    return [pg]


def approval(c: Case, rng: random.Random, dpi: int) -> list[Page]:
    pg = Page(dpi, size_pt=11)
    header(pg, c, "立案审批表")
    p = c.party
    t = 0.2
    rows = [[(t, ["案件来源"]), (1 - t, ["投诉举报"])]]
    if c.kind == "company":
        rows += [[(t, ["当事人"]), (1 - t, [keep(c.org, "organisation")])],
                 [(t, ["法定代表人"]), (0.3, [nm(p)]), (t, ["联系电话"]), (1 - 0.3 - 2 * t, [ph(p, rng)])]]
    else:
        rows += [[(t, ["当事人"]), (0.3, [nm(p)]), (t, ["身份证号"]), (1 - 0.3 - 2 * t, [pid(p)])],
                 [(t, ["住址"]), (1 - t, [addr(p)])],
                 [(t, ["联系电话"]), (1 - t, [ph(p, rng)])]]
    rows += [[(t, ["投诉人"]), (0.3, [nm(c.others["complainant"])]), (t, ["电话"]),
              (1 - 0.3 - 2 * t, [ph(c.others["complainant"], rng)])],
             [(t, ["案情摘要"]), (1 - t, ["投诉人", nm(c.others["complainant"]), "反映", *([nm(p)] if c.kind != "company"
                                                                                        else [keep(c.org, "organisation")]),
                                        "销售不合格商品，经初步核查情况属实。"])],
             [(t, ["承办人意见"]), (1 - t, ["建议立案调查。承办人：", keep(c.officers[0][0], "officer"), "、",
                                        keep(c.officers[1][0], "officer")])],
             [(t, ["负责人意见"]), (1 - t, ["同意立案。"])]]
    pg.table(rows)
    return [pg]


BUILDERS = {"行政处罚决定书": decision, "询问笔录": inquiry, "现场检查笔录": inspection, "送达回证": service_receipt,
            "当事人身份信息表": identity_table, "授权委托书": attorney, "证人证言": witness_statement,
            "责令改正通知书": rectification, "立案审批表": approval}
