"""The kinds of paper in a case file, each typeset with its labelled spans.

What is PII and what must stay follows the shared policy of issue #14: natural persons'
names, ID numbers, phones, cards and personal accounts, 92… codes, e-mail, plates and
home addresses are PII; officers and their 执法证号, the agency (name, address, its own
phone), organisations with their non-92 codes and registered addresses, case numbers and
the treasury account for fines are kept. A 个体工商户's trade name and a bank branch
named for a person are neutral (counted neither way).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .typeset import Doc, Span
from .values import Person, card_styles, fullwidth, landline_styles, phone_styles

# -- the case a paper belongs to ---------------------------------------------------------------------


@dataclass
class Officer:
    name: str
    cert: str


@dataclass
class Agency:
    name: str
    abbr: str          # case number prefix, e.g. 澜环罚
    address: str
    phone: str         # 0xxx-xxxxxxxx
    unit_name: str
    code: str
    seal_text: str


@dataclass
class Company:
    name: str
    credit_code: str
    address: str
    legal_rep: Person
    phone: str | None = None
    getihu: bool = False   # a natural-person business: its code (92…) is PII, its trade name neutral


@dataclass
class Case:
    agency: Agency
    case_no: str
    officers: list[Officer]
    party: Person | Company
    date: tuple[int, int, int]
    place_text: str                       # where the thing happened (not a home)
    facts: list                           # runs: what was found, in prose
    law: str                              # the rule broken and the basis
    penalty: str
    people: dict[str, Person] = field(default_factory=dict)
    qa: list[tuple[str, list]] = field(default_factory=list)
    extra_org: Company | None = None      # a third organisation named in the file (kept)
    treasury: tuple[str, str, str] = ("", "", "")   # who collects fines, its bank, its account (kept)
    rng: random.Random | None = None


# -- span makers ---------------------------------------------------------------------------------------

def N(p: Person, role: str | None = None) -> Span:
    return Span(p.name, "name", role=role or p.role, name=p.name)


def ID(p: Person) -> Span:
    return Span(p.id_number, "id_number", role=p.role, name=p.name)


def TEL(p: Person, style: str = "plain") -> Span:
    return Span(phone_styles(p.mobile, style), "phone", role=p.role, name=p.name)


def ADDR(p: Person, which: str = "address") -> Span:
    return Span(getattr(p, which), "address", role=p.role, name=p.name)


def MAIL(p: Person) -> Span:
    return Span(p.email, "email", role=p.role, name=p.name)


def PLATE(p: Person, dot: bool = False) -> Span:
    t = p.plate if not dot else p.plate[:2] + "·" + p.plate[2:]
    return Span(t, "plate", role=p.role, name=p.name)


def CARD(p: Person, style: str = "plain") -> Span:
    return Span(card_styles(p.card, style), "bank_card", role=p.role, name=p.name)


def ACCT(p: Person) -> Span:
    return Span(p.account, "bank_card", role=p.role, name=p.name)


def BANK(p: Person) -> Span:
    return Span(p.bank, "bank_branch", pii=False, neutral=True, role=p.role, name=p.name)


def K(kind: str, text: str, role: str = "agency", name: str | None = None) -> Span:
    return Span(text, kind, pii=False, role=role, name=name)


def OFF(o: Officer) -> Span:
    return K("officer", o.name, "officer", o.name)


def CERT(o: Officer) -> Span:
    return K("officer_id", o.cert, "officer", o.name)


def AG(a: Agency) -> Span:
    return K("agency", a.name)


def CASENO(c: Case) -> Span:
    return K("case_number", c.case_no, "case")


def ORG(co: Company) -> Span:
    if co.getihu:
        return Span(co.name, "trade_name", pii=False, neutral=True, role="party", name=co.legal_rep.name)
    return K("organisation", co.name, "organisation", co.name)


def CC(co: Company) -> Span:
    if co.getihu:
        return Span(co.credit_code, "credit_code", pii=True, role="party", name=co.legal_rep.name)
    return K("credit_code", co.credit_code, "organisation", co.name)


def ORGADDR(co: Company) -> Span:
    if co.getihu:   # a natural person's business premises are where they live and work
        return Span(co.address, "address", role="party", name=co.legal_rep.name)
    return K("org_address", co.address, "organisation", co.name)


def date_text(d: tuple[int, int, int], style: int = 0) -> str:
    y, m, dd = d
    if style == 1:
        return f"{y}.{m:02d}.{dd:02d}"
    return f"{y}年{m}月{dd}日"


def shift(d: tuple[int, int, int], days: int) -> tuple[int, int, int]:
    y, m, dd = d
    dd += days
    while dd > 28:
        dd -= 28
        m += 1
        if m > 12:
            m, y = 1, y + 1
    return (y, m, dd)


# -- page furniture ----------------------------------------------------------------------------------

def new_doc(c: Case, dpi: int, *, face: str | None = None, pt: float | None = None) -> Doc:
    r = c.rng
    return Doc(dpi, r, body_face=face or r.choice(["serif", "serif", "sans", "hei"]),
               body_pt=pt or r.choice([10.5, 11, 11.5, 12]), line_factor=r.uniform(1.5, 1.85),
               margins_mm=(r.uniform(20, 28), r.uniform(16, 24), r.uniform(18, 25), r.uniform(18, 24)))


def letterhead(d: Doc, c: Case, title: str, *, red: bool = False, number: bool = True) -> None:
    r = c.rng
    colour = (200, 25, 30) if red else d.ink
    d.para([AG(c.agency)] + (["行政处罚决定书"] if red and r.random() < 0.3 else []), pt=20 if red else 15,
           face="serif_bold" if red else "sans_bold", indent=0, align="center", fill=colour, after_mm=1)
    if red:
        d.gap(1)
        d.rule(width_px=max(3, d.dpi // 70), color=colour)
        d.gap(1.2)
        d.rule(width_px=max(1, d.dpi // 200), color=colour)
        d.gap(4)
    if not (red and r.random() < 0.3):
        d.para([title], pt=18, face="serif_bold" if r.random() < 0.6 else "sans_bold", indent=0, align="center",
               after_mm=2)
    if number:
        d.para([CASENO(c)], indent=0, align=r.choice(["center", "right"]), after_mm=3)


def page_numbers(d: Doc) -> None:
    n = len(d.sheets)
    if n < 2:
        return
    from .typeset import font
    for i, s in enumerate(d.sheets):
        f = font(d.body_face, d.px(9))
        from PIL import ImageDraw
        t = f"第 {i + 1} 页  共 {n} 页"
        ImageDraw.Draw(s.image).text(((d.w - f.getlength(t)) / 2, d.h - d.mm(14)), t, font=f, fill=d.ink)


def sign_line(d: Doc, label: str, who: Span | None, when: tuple[int, int, int] | None, *, x: int | None = None,
              handwritten_date: bool = False) -> None:
    """`label` printed, then a handwritten name (and date) after it."""
    f = d.font()
    lh = round(f.size * 2.2)
    d.need(lh)
    x = d.left if x is None else x
    w = d.line_at([label], x, d.y)
    cx = x + w + d.mm(3)
    if who is not None:
        cx = d.hand(who.text, cx, d.y - d.px(3), who)
    if when is not None:
        t = date_text(when, 1 if handwritten_date else 0)
        if handwritten_date:
            d.hand(t, cx + d.mm(8), d.y - d.px(2), None, pt=12)
        else:
            d.line_at([t], max(cx + d.mm(8), d.right - f.getlength(t) - d.mm(2)), d.y)
    d.y += lh


def agency_footer(d: Doc, c: Case, *, with_contact: str = "") -> None:
    a = c.agency
    runs = [with_contact or "本机关地址：", K("agency_address", a.address), "；联系电话：",
            K("agency_phone", landline_styles(a.phone, c.rng.choice(["plain", "paren", "cnparen"])))]
    d.para(runs, pt=d.body_pt - 1, indent=0)


def officer_runs(c: Case, k: int = 2, joiner: str = "、") -> list:
    runs = []
    for i, o in enumerate(c.officers[:k]):
        if i:
            runs.append(joiner)
        runs += [OFF(o), "（执法证号：", CERT(o), "）"]
    return runs


# -- person blocks in several presentations -------------------------------------------------------

def person_fields(p: Person, r: random.Random, *, label: str = "姓名") -> list[list]:
    """Labelled field lines, a few per line."""
    tel = r.choice(["plain", "space", "dash", "full"])
    lines = [[f"{label}：", N(p), f"    性别：{p.sex}    民族：{p.ethnic}    年龄：{p.age}岁"],
             ["公民身份号码：" if r.random() < 0.5 else "身份证号：", ID(p)],
             ["联系电话：" if r.random() < 0.6 else "手机：", TEL(p, tel)],
             [r.choice(["住址：", "现住址：", "家庭住址：", "居住地："]), ADDR(p)]]
    if p.hukou != p.address and r.random() < 0.6:
        lines.append([r.choice(["户籍地：", "户籍所在地："]), ADDR(p, "hukou")])
    return lines


def person_prose(p: Person, r: random.Random, lead: str = "当事人") -> list:
    tel = r.choice(["plain", "space", "dash"])
    return [lead, N(p), f"，{p.sex}，{p.birth_text()}出生，{p.ethnic}，身份证号码", ID(p), "，住", ADDR(p),
            "，联系电话", TEL(p, tel), "。"]


def company_block(d: Doc, co: Company, r: random.Random, lead: str = "当事人") -> None:
    lr = co.legal_rep
    if co.getihu:
        d.para([f"{lead}：", ORG(co), "（个体工商户）"], indent=0)
        d.para(["统一社会信用代码：", CC(co)], indent=0)
        d.para(["经营者：", N(lr), f"，{lr.sex}，身份证号：", ID(lr)], indent=0)
        d.para(["经营场所：", ORGADDR(co)], indent=0)
        d.para(["联系电话：", TEL(lr, r.choice(["plain", "dash"]))], indent=0)
    else:
        d.para([f"{lead}：", ORG(co)], indent=0)
        d.para(["统一社会信用代码：", CC(co)], indent=0)
        d.para(["住所：", ORGADDR(co)], indent=0)
        d.para([r.choice(["法定代表人：", "法定代表人（负责人）："]), N(lr), "    职务：" + r.choice(["执行董事", "总经理", "董事长"])],
               indent=0)
        if co.phone:
            d.para(["联系电话：", Span(co.phone, "phone", role="party", name=co.name)], indent=0)


# -- the papers ---------------------------------------------------------------------------------------

def interview(c: Case, p: Person, dpi: int, *, nth: int = 1) -> tuple[Doc, str]:
    r = c.rng
    d = new_doc(c, dpi)
    t0 = c.date
    letterhead(d, c, "询问笔录", number=r.random() < 0.5)
    d.para([f"时间：{date_text(t0)} {r.randint(8, 15)}时{r.choice(['00', '10', '25', '40'])}分至"
            f"{r.randint(15, 17)}时{r.choice(['05', '30', '50'])}分    第{nth}次询问"], indent=0)
    d.para([f"地点：{c.agency.unit_name}询问室"], indent=0)
    d.para(["询问人："] + officer_runs(c, 2), indent=0)
    d.para(["记录人：", OFF(c.officers[-1])], indent=0)
    for line in person_fields(p, r, label="被询问人"):
        d.para(line, indent=0)
    work = c.party if isinstance(c.party, Company) and p.role != "party" else None
    if work is not None and not work.getihu:
        d.para(["工作单位及职务：", ORG(work), "  " + r.choice(["仓库主管", "安全员", "车间主任", "店长", "司机"])], indent=0)
    d.gap(1)
    o = c.officers[0]
    d.para(["问：我们是", AG(c.agency), "的执法人员", OFF(o), "、", OFF(c.officers[1]),
            "，这是我们的执法证件（出示证件），你看清楚了吗？"], indent=0)
    d.para(["答：看清楚了。"], indent=0)
    d.para(["问：你有申请执法人员回避的权利，是否申请回避？"], indent=0)
    d.para(["答：不申请。"], indent=0)
    fam = p.extra.get("family")
    if fam is not None:
        rel = p.extra.get("relation", "妻子")
        d.para(["问：你家里还有什么人？"], indent=0)
        d.para([f"答：我{rel}叫", N(fam), "，" + ("她" if fam.sex == "女" else "他") + "的电话是", TEL(fam, r.choice(["plain", "space"])),
                "，我们住在一起。"], indent=0)
    for q, a in c.qa:
        d.para(["问：" + q], indent=0)
        d.para(["答："] + a, indent=0)
    for q, a in r.sample(_common_qa(c, p), r.randint(4, 7)):
        d.para(["问：" + q], indent=0)
        d.para(["答："] + a, indent=0)
    d.para(["问：以上所说是否属实？还有什么补充的？"], indent=0)
    d.para(["答：属实，没有补充。"], indent=0)
    d.gap(3)
    d.para(["（以上笔录我已看过，与我说的相符。）"], indent=0, face="hei")
    sign_line(d, "被询问人签名：", N(p), t0, handwritten_date=True)
    sign_line(d, "询问人签名：", OFF(c.officers[0]), None)
    page_numbers(d)
    return d, "询问笔录"


def _common_qa(c: Case, p: Person) -> list[tuple[str, list]]:
    """Questions any interview may hold; some repeat the person's data in the answer."""
    r = c.rng
    return [
        ("请把你的身份证号码再报一遍。", ["我的身份证号是", ID(p), "。"]),
        ("你现在住哪里？", ["我住在", ADDR(p), "，住了" + str(r.randint(2, 15)) + "年了。"]),
        ("以后怎么联系你？", ["打我手机", TEL(p, r.choice(["space", "dash", "plain"])), "就行，白天一般都在。"]),
        ("你知道这种行为是违法的吗？", ["以前不太清楚，今天你们讲了我才知道。"]),
        ("你对今天的检查过程有没有意见？", ["没有意见，执法人员态度很好。"]),
        ("你的文化程度和职业？", [r.choice(["初中", "高中", "大专", "本科"]) + "文化，" +
                            r.choice(["个体经营", "务工", "公司职员", "自由职业"]) + "。"]),
        ("你以前有没有因为同样的事情被处理过？", ["没有，这是第一次。"]),
        ("这件事还有谁知道？", ["家里人都知道，别的人不清楚。"]),
        ("你是否愿意配合后续调查？", ["愿意，需要什么材料我都提供。"]),
    ]


def inspection(c: Case, witness: Person, dpi: int) -> tuple[Doc, str]:
    r = c.rng
    d = new_doc(c, dpi)
    letterhead(d, c, r.choice(["现场检查笔录", "现场检查（勘验）笔录"]), number=True)
    rows = [[["检查时间"], ({"runs": [date_text(c.date) + " 9时20分至10时45分"], "span": 3})],
            [["检查地点"], ({"runs": [c.place_text], "span": 3})]]
    party = c.party
    if isinstance(party, Company):
        rows.append([["被检查单位"], {"runs": [ORG(party)], "span": 3}])
        rows.append([["统一社会信用代码"], [CC(party)], ["经营场所" if party.getihu else "住所"], [ORGADDR(party)]])
        rows.append([["负责人"], [N(party.legal_rep)], ["联系电话"], [TEL(party.legal_rep, r.choice(["dash", "plain"]))]])
    else:
        rows.append([["被检查人"], [N(party)], ["身份证号"], [ID(party)]])
        rows.append([["联系电话"], [TEL(party, r.choice(["space", "plain"]))], ["住址"], [ADDR(party)]])
    rows.append([["检查人员"], {"runs": officer_runs(c, 2, "；"), "span": 3}])
    rows.append([["见证人"], [N(witness)], ["身份证号"], [ID(witness)]])
    rows.append([["见证人电话"], [TEL(witness, r.choice(["plain", "full"]))], ["见证人住址"], [ADDR(witness)]])
    d.table(rows, [28, 55, 28, 60])
    d.para(["检查情况："], indent=0, face="sans_bold")
    d.para(["执法人员出示执法证件，告知检查事由后，在见证人", N(witness), "的见证下进行检查。"] + c.facts)
    d.para(["现场拍摄照片" + str(r.randint(4, 16)) + "张，制作视听资料一份。"])
    d.gap(4)
    lead = party.legal_rep if isinstance(party, Company) else party
    sign_line(d, "当事人（签名）：", N(lead), c.date)
    sign_line(d, "见证人（签名）：", N(witness), c.date)
    sign_line(d, "检查人员（签名）：", OFF(c.officers[1]), None)
    page_numbers(d)
    return d, "现场检查笔录"


def decision(c: Case, dpi: int) -> tuple[Doc, str]:
    r = c.rng
    d = new_doc(c, dpi, face=r.choice(["serif", "serif", "sans"]))
    letterhead(d, c, "行政处罚决定书", red=True)
    party = c.party
    if isinstance(party, Company):
        company_block(d, party, r)
    else:
        if r.random() < 0.5:
            for line in person_fields(party, r, label="当事人"):
                d.para(line, indent=0)
        else:
            d.para(person_prose(party, r))
    d.gap(1)
    who = ["你单位"] if isinstance(party, Company) and not party.getihu else ["你"]
    d.para([f"本机关于{date_text(shift(c.date, -3))}对"] + who + ["涉嫌违法一案立案调查。经查，"] + c.facts)
    agent = c.people.get("agent")
    if agent is not None:
        d.para(["当事人委托", N(agent), "（身份证号", ID(agent), "）为委托代理人参加听证。"])
    d.para([f"本机关于{date_text(shift(c.date, 6))}向当事人送达了行政处罚事先告知书，当事人在法定期限内"
            + r.choice(["提出了陈述申辩，经复核，申辩理由不成立。", "未提出陈述申辩。"])])
    d.para(["上述事实，有下列证据证明："])
    for i, ev in enumerate(r.sample(["现场检查笔录一份", "询问笔录两份", "证人证言一份", "现场照片若干张", "视听资料光盘一张",
                                     "当事人身份证明材料", "检测报告一份", "银行交易流水", "营业执照复印件"], 5), 1):
        d.para([f"{i}. {ev}；"], indent=2, after_mm=0)
    d.para(["本机关认为，当事人的违法行为事实清楚，证据确凿。综合考虑违法行为的性质、情节、社会危害程度以及当事人"
            "在调查中的配合情况，依照本机关行政处罚裁量基准，" + r.choice(["给予一般处罚", "予以从轻处罚", "不予减轻"]) + "。"])
    d.para(["当事人的上述行为违反了" + c.law + "。依据上述规定，本机关决定" + c.penalty + "。"])
    d.para(["罚款应自收到本决定书之日起十五日内缴至", K("organisation", c.treasury[0], "treasury", c.treasury[0]),
            "非税收入代收账户（开户行：" + c.treasury[1] + "，账号：",
            K("treasury_account", c.treasury[2], "treasury"), "）。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。"])
    d.para(["如不服本决定，可在收到本决定书之日起六十日内向" + r.choice(["本级人民政府", "上一级主管部门"]) +
            "申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"])
    d.gap(8)
    f = d.font()
    d.need(round(f.size * 6))
    name_y = d.y
    d.para([AG(c.agency)], indent=0, align="right", x1=d.right - d.mm(8))
    d.para([date_text(shift(c.date, 20))], indent=0, align="right", x1=d.right - d.mm(8))
    d.seal(d.right - d.mm(8) - f.getlength(c.agency.name) / 2, name_y + f.size, c.agency.seal_text)
    d.gap(4)
    agency_footer(d, c, with_contact=r.choice(["本机关地址：", "执法机关地址："]))
    if r.random() < 0.6:
        d.para(["联系人：", OFF(c.officers[0]), "  联系电话：", K("agency_phone", c.agency.phone)], pt=d.body_pt - 1,
               indent=0)
    page_numbers(d)
    return d, "行政处罚决定书"


def receipt(c: Case, dpi: int, recipient: Person, proxy: Person | None, paper: str) -> tuple[Doc, str]:
    r = c.rng
    d = new_doc(c, dpi)
    d.para([AG(c.agency)], pt=14, face="sans_bold", indent=0, align="center")
    d.para(["送 达 回 证"], pt=20, face="serif_bold", indent=0, align="center", after_mm=4)
    when = shift(c.date, 21)
    how = r.choice(["直接送达", "直接送达", "留置送达", "邮寄送达"])
    rows = [[{"runs": ["送达文书名称及文号"], "center": True}, {"runs": [paper + "（", CASENO(c), "）"], "span": 3}],
            [{"runs": ["受送达人"], "center": True}, {"runs": [N(recipient)], "span": 3}],
            [{"runs": ["送达地点"], "center": True}, {"runs": [ADDR(recipient, "address")], "span": 3}],
            [{"runs": ["送达方式"], "center": True}, [how], {"runs": ["送达时间"], "center": True}, [date_text(when)]],
            [{"runs": ["受送达人签名"], "center": True}, {"runs": [" "], "span": 3}]]
    if proxy is not None and how != "留置送达":
        rows.append([{"runs": ["代收人及与受送达人关系"], "center": True},
                     {"runs": [N(proxy), "（" + proxy.extra.get("relation", "配偶") + "）  电话：",
                               TEL(proxy, r.choice(["dash", "space"]))], "span": 3}])
    rows.append([{"runs": ["送达人"], "center": True}, {"runs": [OFF(c.officers[0]), "、", OFF(c.officers[1])], "span": 3}])
    rows.append([{"runs": ["备注"], "center": True},
                 {"runs": ["受送达人拒绝签收，送达人在见证人见证下留置送达。" if how == "留置送达" else ""], "span": 3}])
    cols = [38, 50, 30, 52]
    d.table(rows, cols, min_row_mm=16)
    f = d.font()
    if how != "留置送达":   # the recipient signs in the signature cell drawn above
        top, bottom = d.last_rows[4]
        d.hand(recipient.name, d.left + d.mm(75), top + (bottom - top) / 2 - d.px(9), N(recipient))
    d.gap(10)
    d.para(["填发机关：", AG(c.agency), "（印章）"], indent=0, align="right")
    d.seal(d.right - d.mm(30), d.y - f.size, c.agency.seal_text, radius_mm=19)
    page_numbers(d)
    return d, "送达回证"


def proxy_letter(c: Case, dpi: int, principal: Person | Company, agent: Person) -> tuple[Doc, str]:
    r = c.rng
    d = new_doc(c, dpi)
    d.para(["授权委托书"], pt=20, face="serif_bold", indent=0, align="center", after_mm=5)
    d.para([AG(c.agency), "："], indent=0)
    if isinstance(principal, Company):
        d.para(["委托单位：", ORG(principal)], indent=0)
        d.para(["统一社会信用代码：", CC(principal)], indent=0)
        d.para(["法定代表人：", N(principal.legal_rep), "  职务：总经理"], indent=0)
    else:
        d.para(["委托人：", N(principal), "  身份证号：", ID(principal)], indent=0)
        d.para(["住址：", ADDR(principal)], indent=0)
    d.para(["受托人：", N(agent), f"  性别：{agent.sex}  出生日期：{agent.birth_text()}"], indent=0)
    d.para(["身份证号码：", ID(agent)], indent=0)
    firm = agent.extra.get("firm")
    if firm is not None:
        d.para(["工作单位：", ORG(firm), "  职务：律师"], indent=0)
    d.para(["联系电话：", TEL(agent, r.choice(["plain", "dash", "space"])), "   电子邮箱：", MAIL(agent)], indent=0)
    d.gap(2)
    d.para(["现委托上列受托人在", CASENO(c), "一案中，作为" + ("我单位" if isinstance(principal, Company) else "我")
            + "的委托代理人，代为参加询问、听证，提交及签收相关文书。代理权限为：" +
            r.choice(["一般代理。", "特别授权，包括代为陈述、申辩，代为签收法律文书。"])])
    d.para([f"委托期限：自{date_text(c.date)}起至本案办结之日止。"])
    d.gap(8)
    lead = principal.legal_rep if isinstance(principal, Company) else principal
    sign_line(d, "委托人（签名或盖章）：", N(lead), shift(c.date, 1), x=d.left + d.mm(60))
    sign_line(d, "受托人（签名）：", N(agent), shift(c.date, 1), x=d.left + d.mm(60))
    if isinstance(principal, Company):
        d.seal(d.left + d.mm(95), d.y - d.mm(20), principal.name[-10:], radius_mm=17)
    page_numbers(d)
    return d, "授权委托书"


def info_table(c: Case, dpi: int, p: Person, layout: str) -> tuple[Doc, str]:
    r = c.rng
    d = new_doc(c, dpi, face=r.choice(["sans", "hei", "serif"]))
    title = r.choice(["当事人身份信息表", "当事人基本情况登记表", "涉案人员信息登记表"])
    d.para([AG(c.agency)], pt=13, indent=0, align="center")
    d.para([title], pt=18, face="sans_bold", indent=0, align="center", after_mm=2)
    d.para(["案件编号：", CASENO(c)], indent=0, align="right")
    tel_style = r.choice(["plain", "space", "dash", "full"])
    fields = [("姓名", [N(p)]), ("性别", [p.sex]), ("民族", [p.ethnic]), ("出生日期", [p.birth_text()]),
              ("身份证件号码", [ID(p)]), ("联系电话", [TEL(p, tel_style)]), ("电子邮箱", [MAIL(p)]),
              ("户籍地址", [ADDR(p, "hukou")]), ("现居住地址", [ADDR(p)])]
    if p.plate:
        fields.append(("机动车号牌", [PLATE(p, r.random() < 0.5)]))
    if p.card:
        fields.append(("开户银行", [BANK(p)]))
        fields.append(("银行卡号", [CARD(p, r.choice(["plain", "groups"]))]))
    fam = p.extra.get("family")
    if fam is not None:
        fields.append(("紧急联系人", [N(fam), "（" + p.extra.get("relation", "配偶") + "） ", TEL(fam)]))
    if layout == "beside":
        rows, cur = [], []
        for lab, val in fields:
            wide = any(isinstance(v, Span) and v.type in ("address", "email", "bank_card") for v in val) or len(val) > 1
            if wide:
                if cur:
                    rows.append(cur + [[""], [""]] if len(cur) == 2 else cur)
                    cur = []
                rows.append([{"runs": [lab], "center": True}, {"runs": val, "span": 3}])
            else:
                cur += [{"runs": [lab], "center": True}, val]
                if len(cur) == 4:
                    rows.append(cur)
                    cur = []
        if cur:
            rows.append(cur + [[""], [""]])
        d.table(rows, [30, 55, 30, 55])
    else:   # the label above its value, three to a row
        for i in range(0, len(fields), 3):
            group = fields[i:i + 3]
            while len(group) < 3:
                group.append(("", [""]))
            d.table([[{"runs": [lab], "center": True} for lab, _ in group], [val for _, val in group]], [56, 56, 58],
                    min_row_mm=8)
            d.y -= d.mm(2)
    d.gap(6)
    d.para(["填表人：", OFF(c.officers[-1]), f"      填表日期：{date_text(c.date)}"], indent=0)
    d.para(["本人确认以上信息真实。"], indent=0)
    sign_line(d, "当事人签名：", N(p), None, x=d.left + d.mm(80))
    page_numbers(d)
    return d, "当事人身份信息表"


def witness_statement(c: Case, dpi: int, w: Person, story: list) -> tuple[Doc, str]:
    r = c.rng
    d = new_doc(c, dpi)
    letterhead(d, c, "证人证言", number=r.random() < 0.6)
    if r.random() < 0.5:
        d.para(["证人：", N(w), f"，{w.sex}，{w.age}岁，身份证号码：", ID(w), "，现住", ADDR(w), "，手机",
                TEL(w, r.choice(["space", "dash", "full"])), "。"], indent=0)
    else:
        for line in person_fields(w, r, label="证人姓名"):
            d.para(line, indent=0)
    d.gap(2)
    d.para(["我叫", N(w), "。"] + story)
    d.para(["以上内容是我亲眼所见，我愿意承担法律责任。"])
    d.gap(6)
    sign_line(d, "证人：", N(w), shift(c.date, 1), x=d.left + d.mm(70), handwritten_date=True)
    d.para(["收集人：", OFF(c.officers[0]), "（执法证号", CERT(c.officers[0]), "）"], indent=0)
    page_numbers(d)
    return d, "证人证言"


def hearing(c: Case, dpi: int, agent: Person, speech: list) -> tuple[Doc, str]:
    r = c.rng
    d = new_doc(c, dpi)
    letterhead(d, c, "听证笔录", number=True)
    d.para([f"时间：{date_text(shift(c.date, 12))}  14时30分"], indent=0)
    d.para([f"地点：{c.agency.unit_name}听证室"], indent=0)
    d.para(["主持人：", OFF(c.officers[-1]), "    听证员：", OFF(c.officers[2 % len(c.officers)]), "    记录员：",
            OFF(c.officers[1])], indent=0)
    d.para(["案件调查人员：", OFF(c.officers[0]), "（执法证号", CERT(c.officers[0]), "）"], indent=0)
    party = c.party
    if isinstance(party, Company):
        d.para(["当事人：", ORG(party), "，法定代表人", N(party.legal_rep)], indent=0)
    else:
        d.para(["当事人：", N(party), "，身份证号", ID(party), "，住", ADDR(party)], indent=0)
    firm = agent.extra.get("firm")
    d.para(["委托代理人：", N(agent)] + ([ "，", ORG(firm), "律师"] if firm else []) + ["，联系电话",
            TEL(agent, r.choice(["plain", "dash"]))], indent=0)
    d.gap(1)
    d.para(["主持人：现在开始听证。请案件调查人员提出当事人违法的事实、证据和处罚建议。"], indent=0)
    d.para(["调查人员", OFF(c.officers[0]), "：经查，"] + c.facts + ["建议" + c.penalty + "。"], indent=0)
    d.para(["主持人：请当事人或者代理人进行申辩。"], indent=0)
    d.para(["代理人", N(agent), "："] + speech, indent=0)
    d.para(["主持人：调查人员是否有新的意见？"], indent=0)
    d.para(["调查人员：坚持原处罚建议。"], indent=0)
    d.para(["主持人：听证结束，笔录交当事人及代理人核对后签名。"], indent=0)
    d.gap(4)
    lead = party.legal_rep if isinstance(party, Company) else party
    sign_line(d, "当事人：", N(lead), None)
    sign_line(d, "委托代理人：", N(agent), None)
    sign_line(d, "记录员：", OFF(c.officers[1]), shift(c.date, 12))
    page_numbers(d)
    return d, "听证笔录"


def defence(c: Case, dpi: int, p: Person, words: list) -> tuple[Doc, str]:
    r = c.rng
    d = new_doc(c, dpi, face=r.choice(["hei", "sans"]), pt=12)
    d.para([r.choice(["陈述申辩书", "陈述、申辩意见书"])], pt=18, face="sans_bold", indent=0, align="center", after_mm=4)
    d.para([AG(c.agency), "："], indent=0)
    d.para(["我是", N(p), "，身份证", ID(p), "，家住", ADDR(p), "。"] + words)
    if p.card:
        d.para(["如果要退还保证金，请打到我的卡上：", BANK(p), "，卡号", CARD(p, r.choice(["groups", "plain", "full"])),
                "，户名", N(p), "。"])
    d.para(["有事可以打我电话", TEL(p, r.choice(["space", "plain", "dash"])), "，或者发邮件到", MAIL(p), "。"])
    d.para(["此致"], indent=2)
    d.gap(6)
    sign_line(d, "申辩人：", N(p), shift(c.date, 9), x=d.left + d.mm(75), handwritten_date=True)
    page_numbers(d)
    return d, "陈述申辩书"


def roster(c: Case, dpi: int, people: list[Person], title: str) -> tuple[Doc, str]:
    r = c.rng
    d = new_doc(c, dpi, face=r.choice(["sans", "hei"]), pt=9.5)
    d.para([AG(c.agency)], pt=12, indent=0, align="center")
    d.para([title], pt=16, face="sans_bold", indent=0, align="center", after_mm=1)
    party = c.party
    if isinstance(party, Company):
        d.para(["用人单位：", ORG(party), "    统一社会信用代码：", CC(party)], indent=0, pt=10)
    rows = [[{"runs": [h], "center": True} for h in ("序号", "姓名", "身份证号码", "联系电话", "工资卡号", "欠发金额（元）")]]
    for i, p in enumerate(people, 1):
        rows.append([{"runs": [str(i)], "center": True}, [N(p)], [ID(p)],
                     [TEL(p, r.choice(["plain", "plain", "dash"]))], [CARD(p, "plain")],
                     {"runs": [f"{r.randrange(3, 40) * 500:,}.00"], "center": True}])
    d.table(rows, [10, 20, 46, 32, 50, 22], min_row_mm=8, pad_mm=1.0)
    d.para(["制表：", OFF(c.officers[-1]), "    核对：", OFF(c.officers[0]), f"    {date_text(c.date)}"], indent=0)
    sign_line(d, "用人单位负责人签字：", N(party.legal_rep if isinstance(party, Company) else party), None)
    page_numbers(d)
    return d, "登记表"


def complaint_form(c: Case, dpi: int, p: Person, text: list) -> tuple[Doc, str]:
    r = c.rng
    d = new_doc(c, dpi, face="sans")
    d.para([AG(c.agency)], pt=13, indent=0, align="center")
    d.para([r.choice(["投诉举报登记表", "举报受理登记表"])], pt=17, face="sans_bold", indent=0, align="center")
    d.para(["登记编号：", CASENO(c)], indent=0, align="right")
    rows = [[{"runs": ["投诉人"], "center": True}, [N(p)], {"runs": ["身份证号"], "center": True}, [ID(p)]],
            [{"runs": ["联系方式"], "center": True},
             [TEL(p, r.choice(["plain", "space"])), " / ", Span(landline_styles(p.extra["home_phone"], "paren"), "phone",
                                                                   role=p.role, name=p.name)],
             {"runs": ["电子邮箱"], "center": True}, [MAIL(p)]],
            [{"runs": ["通讯地址"], "center": True}, {"runs": [ADDR(p)], "span": 3}],
            [{"runs": ["被投诉对象"], "center": True},
             {"runs": [ORG(c.party) if isinstance(c.party, Company) else N(c.party)], "span": 3}],
            [{"runs": ["投诉内容"], "center": True}, {"runs": text, "span": 3}],
            [{"runs": ["受理人"], "center": True}, [OFF(c.officers[1])], {"runs": ["受理时间"], "center": True},
             [date_text(shift(c.date, -5))]]]
    d.table(rows, [28, 60, 26, 56], min_row_mm=12)
    page_numbers(d)
    return d, "登记表"
