"""The documents of a case, each in one of this set's own layouts: letterheads, ruled tables, two-column forms, prose.

Every string that names a natural person or carries their numbers is drawn as a
PII run (canvas.Tag pii=True: its kind, and whose it is); case numbers,
officers and their certificate numbers, the agency, its phone, organisations,
their "91…" codes and registered addresses, and the treasury account are drawn
as runs that must stay. The shared PII policy of issue #14 decides which is which.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from bench.redaction_dev2.canvas import Page, Run, Tag
from bench.redaction_dev2.cases import Case
from bench.redaction_dev2.synthetic import Officer, Person

FULL = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
RED = (205, 35, 35)
INK_HAND = (25, 35, 110)


def pii(kind: str, role: str, person: Person) -> Tag:
    return Tag(kind, True, role, person.name)


def keep(kind: str) -> Tag:
    return Tag(kind, False)


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class Writer:
    """Formats one case's values as runs, with the variety scans show (full-width digits, spaced phones)."""

    def __init__(self, case: Case, rng: random.Random):
        self.c, self.r = case, rng

    def name(self, p: Person, role: str) -> Run:
        return (p.name, pii("name", role, p))

    def id(self, p: Person, role: str) -> Run:
        s = p.id_number.translate(FULL) if self.r.random() < 0.15 else p.id_number
        return (s, pii("id_number", role, p))

    def phone(self, p: Person, role: str) -> Run:
        n, x = p.phone, self.r.random()
        s = (f"{n[:3]} {n[3:7]} {n[7:]}" if x < 0.3 else f"{n[:3]}-{n[3:7]}-{n[7:]}" if x < 0.4
             else n.translate(FULL) if x < 0.55 else n)
        return (s, pii("phone", role, p))

    def card(self, p: Person, role: str) -> Run:
        n = p.bank_card
        s = " ".join(n[i:i + 4] for i in range(0, len(n), 4)) if self.r.random() < 0.5 else n
        return (s, pii("bank_card", role, p))

    def addr(self, p: Person, role: str) -> Run:
        return (p.address, pii("address", role, p))

    def plate(self, p: Person, role: str) -> Run:
        s = p.plate
        if self.r.random() < 0.3 and len(s) == 7:
            s = s[:2] + "·" + s[2:]
        return (s, pii("plate", role, p))

    def email(self, p: Person, role: str) -> Run:
        return (p.email, pii("email", role, p))

    def officer(self, o: Officer, with_cert: bool = True) -> list[Run]:
        runs: list[Run] = [(o.name, keep("officer"))]
        if with_cert:
            runs += ["（执法证号：", (o.cert_no, keep("cert_no")), "）"]
        return runs

    def agency(self) -> Run:
        return (self.c.agency.name, keep("agency"))

    def case_no(self) -> Run:
        return (self.c.case_no, keep("case_no"))

    def org(self) -> Run:
        return (self.c.org.name, keep("org") if not self.c.org.individual else Tag("org", False, neutral=True))

    def credit(self) -> Run:
        o = self.c.org
        if o.individual:  # a natural-person business: its code is the operator's data
            return (o.credit_code, pii("credit_code", "legal_rep", self.c.rep))
        return (o.credit_code, keep("org_credit_code"))

    def party_role(self) -> str:
        return "party" if self.c.party else "legal_rep"

    def age(self, p: Person) -> int:
        return self.c.day.year - p.birth.year


# -- page furniture -----------------------------------------------------------------------------------

def new_page(dpi: int, rng: random.Random) -> Page:
    return Page(dpi, face=rng.choice(("serif", "serif", "sans", "hei")), size_pt=rng.choice((10.5, 11, 11.5, 12)))


def letterhead(p: Page, w: Writer, y: float) -> float:
    y = p.text(20, y, [w.agency()], width_mm=170, size_pt=21, face="serif_bold", align="center", colour=RED)
    p.line(20, y + 1, 190, y + 1, width_px=max(2, p.dpi // 60), colour=RED)
    return y + 5


def title(p: Page, text: str, y: float, size: float = 17) -> float:
    return p.text(20, y, [text], width_mm=170, size_pt=size, face="serif_bold" if p.face == "serif" else "sans_bold",
                  align="center") + 3


def table(p: Page, x: float, y: float, widths: list[float], rows: list[list[list[Run]]], pad: float = 1.8,
          min_h: float = 9) -> float:
    """Ruled cells: each row a list of cells (runs), one per column width; a row with fewer cells spans the last."""
    top = y
    for row in rows:
        cx, bottom = x, y + min_h
        spans = widths[:len(row) - 1] + [sum(widths[len(row) - 1:])]
        for cell, width in zip(row, spans):
            bottom = max(bottom, p.text(cx + pad, y + pad, cell, width_mm=width - 2 * pad) + pad - 1)
            cx += width
        cx = x
        for width in spans:
            p.rect(cx, y, cx + width, bottom)
            cx += width
        y = bottom
    p.rect(x, top, x + sum(widths), y, width_px=3)
    return y


def footer(p: Page, w: Writer, y: float, d: date, seal: bool = True) -> float:
    y = p.text(110, y + 6, [w.agency()], width_mm=80, align="center")
    y = p.text(110, y, [cn_date(d)], width_mm=80, align="center")
    if seal:
        p.seal(150 + w.r.uniform(-8, 8), y - 10 + w.r.uniform(-4, 4))
    return y


def hand(p: Page, x: float, y: float, label: str, run: Run, size: float = 15) -> float:
    """A label and a handwritten-looking name beside it."""
    f = p.font()
    lx = x + f.getlength(label) / p.dpi * 25.4 + 2
    p.text(x, y, [label])
    return p.text(lx, y - 1.5, [run], size_pt=size, face="hei", colour=INK_HAND)


# -- the documents ------------------------------------------------------------------------------------

def inquiry_record(c: Case, r: random.Random, dpi: int) -> list[Page]:
    """询问笔录: header lines, the officers' notice, questions and answers over two pages."""
    w = Writer(c, r)
    who = c.person if r.random() < 0.7 else c.employee
    role = w.party_role() if who is c.person else "interviewee"
    o1, o2, o3 = c.officers
    p = new_page(dpi, r)
    y = title(p, "询 问 笔 录", 18)
    y = p.text(140, y, ["第1页 共2页"], width_mm=50, size_pt=9)
    t0 = r.randint(8, 15)
    lines: list[list[Run]] = [
        [f"时间：{cn_date(c.day)}{t0}时{r.randint(0, 5)}0分至{t0 + 1}时{r.randint(0, 5)}5分"],
        [f"地点：{c.agency.city}市", w.agency(), f"{r.randint(1, 6)}0{r.randint(1, 9)}询问室"],
        ["询问人：", *w.officer(o1), "、", *w.officer(o2)],
        ["记录人：", *w.officer(o3, with_cert=False)],
        ["被询问人：", w.name(who, role), f"    性别：{who.sex}    年龄：{w.age(who)}岁"],
        ["身份证号码：", w.id(who, role), "    联系电话：", w.phone(who, role)],
        ["住址：", w.addr(who, role)],
        ["工作单位：", w.org() if c.org else "无"],
    ]
    for runs in lines:
        y = p.text(20, y, runs, width_mm=170)
    y += 2
    qa: list[list[Run]] = [
        ["问：我们是", w.agency(), "的执法人员，这是我们的执法证件，请你过目。你是否看清楚了？"],
        ["答：看清楚了。"],
        ["问：根据法律规定，你有如实回答询问、协助调查的义务，也有陈述、申辩和申请回避的权利。你是否申请回避？"],
        ["答：不申请。"],
        ["问：请介绍一下你的家庭情况。"],
        ["答：我家里还有", f"{c.relation}", w.name(c.family, "family"), "，平时住在一起，", f"{c.relation}的电话是",
         w.phone(c.family, "family"), "。"],
        ["问：请讲一下", f"{c.matter[0]}", "的经过。"],
        ["答：", f"{cn_date(c.day - timedelta(days=r.randint(5, 40)))}前后，", w.name(c.person, w.party_role()),
         f"安排人做的这件事，当时", w.name(c.employee, "employee"), "也在场，具体我记不太清了。"],
    ]
    for runs in qa:
        y = p.text(20, y, runs, width_mm=170, indent_chars=0)
    hand(p, 120, 272, "被询问人：", w.name(who, role))
    p2 = new_page(dpi, r)
    p2.face, p2.size_pt = p.face, p.size_pt
    y = p2.text(140, 15, ["第2页 共2页"], width_mm=50, size_pt=9)
    qa2: list[list[Run]] = [
        ["问：当天你是怎么去现场的？"],
        ["答：我开自己的车去的，车牌号是", w.plate(who, role), "，车就停在门口。"],
        ["问：你是否知道这一行为违反了", c.matter[1], "的规定？"],
        ["答：现在知道了，我愿意配合调查并改正。"],
        ["问：今后如何与你联系？"],
        ["答：打我手机", w.phone(who, role), "就可以，也可以发邮件到", w.email(who, role),
         "。如有罚款，可以从我尾号为", (who.bank_card[-4:], Tag("bank_card_tail", False, neutral=True)),
         "的银行卡里交，卡号是", w.card(who, role), "。"],
        ["问：你还有什么要补充的吗？"],
        ["答：没有了。"],
        ["（以下空白）"],
    ]
    for runs in qa2:
        y = p2.text(20, y, runs, width_mm=170)
    y = p2.text(20, y + 6, ["被询问人意见：以上笔录我已看过，与我说的一致。"], width_mm=170)
    hand(p2, 20, y + 4, "被询问人签名：", w.name(who, role))
    y = p2.text(20, y + 16, ["询问人签名：", *w.officer(o1, False), "  ", *w.officer(o2, False),
                             "    记录人签名：", *w.officer(o3, False)], width_mm=170)
    p2.text(120, y + 4, [cn_date(c.day)], width_mm=70)
    return [p, p2]


def site_inspection(c: Case, r: random.Random, dpi: int) -> list[Page]:
    """现场检查笔录 as a ruled two-column table."""
    w = Writer(c, r)
    p = new_page(dpi, r)
    y = title(p, "现 场 检 查 笔 录", 16)
    y = p.text(20, y, ["案号：", w.case_no()], width_mm=170, align="right")
    lab = [30, 55, 30, 55]
    who = c.person
    role = w.party_role()
    rows: list[list[list[Run]]] = []
    if c.org:
        rows += [[["被检查单位"], [w.org()]],
                 [["统一社会信用代码"], [w.credit()], ["住所"], [(c.org.address, keep("org_address"))]],
                 [["法定代表人（负责人）"], [w.name(who, role)], ["联系电话"], [w.phone(who, role)]]]
    else:
        rows += [[["被检查人"], [w.name(who, role)], ["性别"], [who.sex]],
                 [["身份证号码"], [w.id(who, role)], ["联系电话"], [w.phone(who, role)]],
                 [["住址"], [w.addr(who, role)]]]
    o1, o2, _ = c.officers
    rows += [
        [["检查时间"], [f"{cn_date(c.day)}{r.randint(8, 16)}时{r.randint(10, 50)}分"], ["检查地点"],
         [(c.org.address, keep("org_address"))] if c.org else [w.addr(who, role)]],
        [["执法人员"], [*w.officer(o1), "；", *w.officer(o2)]],
        [["现场负责人"], [w.name(c.employee, "employee")], ["身份证号码"], [w.id(c.employee, "employee")]],
        [["见证人"], [w.name(c.witness, "witness"), "，电话", w.phone(c.witness, "witness")]],
        [["检查情况"], ["执法人员出示执法证件，表明身份，告知检查事由。经现场检查，发现", w.org() if c.org else w.name(who, role),
                        f"存在{c.matter[0]}的情况。现场停放车辆一辆，号牌为", w.plate(c.employee, "employee"),
                        f"，系现场负责人", w.name(c.employee, "employee"), "所有。现场拍摄照片", f"{r.randint(4, 18)}张，",
                        "现场负责人对检查情况无异议。\n\n\n"]],
    ]
    y = table(p, 20, y + 1, lab, rows)
    y = hand(p, 20, y + 8, "被检查人（负责人）签名：", w.name(who if not c.org else c.employee,
                                                      role if not c.org else "employee"))
    y = hand(p, 20, y + 4, "见证人签名：", w.name(c.witness, "witness"))
    p.text(20, y + 4, ["执法人员签名：", *w.officer(o1, False), "、", *w.officer(o2, False), f"    {cn_date(c.day)}"],
           width_mm=170)
    return [p]


def penalty_decision(c: Case, r: random.Random, dpi: int) -> list[Page]:
    """行政处罚决定书 on the agency's letterhead, one or two pages."""
    w = Writer(c, r)
    p = new_page(dpi, r)
    y = letterhead(p, w, 14)
    y = title(p, "行政处罚决定书", y + 2)
    y = p.text(20, y, [w.case_no()], width_mm=170, align="center") + 3
    who, role = c.person, w.party_role()
    if c.org:
        head: list[list[Run]] = [
            ["当事人：", w.org()],
            ["统一社会信用代码：", w.credit()],
            ["住所：", (c.org.address, keep("org_address"))],
            ["法定代表人" if not c.org.individual else "经营者", "：", w.name(who, role), "，身份证号码：", w.id(who, role),
             "，联系电话：", w.phone(who, role)],
        ]
    else:
        head = [["当事人：", w.name(who, role), f"，{who.sex}，{who.birth.year}年{who.birth.month}月出生，身份证号码：",
                 w.id(who, role), "，住", w.addr(who, role), "，联系电话：", w.phone(who, role), "。"]]
    for runs in head:
        y = p.text(20, y, runs, width_mm=170)
    amt = f"{c.amount:,}".replace(",", "")
    body: list[list[Run]] = [
        [f"{cn_date(c.day - timedelta(days=30))}，本机关接到群众", w.name(c.witness, "witness"), "（联系电话：",
         w.phone(c.witness, "witness"), f"）举报，反映当事人存在{c.matter[0]}的行为。经立案调查查明：当事人于",
         f"{cn_date(c.day - timedelta(days=60))}起{c.matter[0]}，现场负责人为", w.name(c.employee, "employee"),
         "。以上事实有现场检查笔录、询问笔录、证人", w.name(c.witness, "witness"), "的证言及现场照片等证据证实。"],
        [f"本机关认为，当事人的上述行为违反了{c.matter[1]}的规定。依据{c.matter[2]}的规定，本机关决定对当事人作出如下行政处罚：",
         c.matter[3].format(amt=amt, ill=r.randint(100, 900)), "。"],
        ["当事人应当自收到本决定书之日起十五日内，将罚款缴至", (c.treasury_name, keep("fine_account_name")), "（账号：",
         (c.treasury_account, keep("fine_account")), "，开户行：中国工商银行", f"{c.agency.city}分行）。逾期不缴纳的，"
         "每日按罚款数额的百分之三加处罚款。"],
        [f"当事人如不服本决定，可以在收到本决定书之日起六十日内向{c.agency.city}市人民政府申请行政复议，"
         f"或者在六个月内向{c.agency.city}市人民法院提起行政诉讼。"],
    ]
    pages = [p]
    for i, runs in enumerate(body):
        if y > 230 and len(pages) == 1:
            p = new_page(dpi, r)
            pages.append(p)
            y = 20
        y = p.text(20, y + 1, runs, width_mm=170, indent_chars=2)
    y = p.text(20, y + 2, ["本机关地址：", (c.agency.address, keep("agency_address")), "，", w.agency(), "联系电话：",
                           (c.agency.phone, keep("agency_phone"))], width_mm=170, indent_chars=2)
    footer(p, w, y + 4, c.day)
    return pages


def service_receipt(c: Case, r: random.Random, dpi: int) -> list[Page]:
    """送达回证 as a ruled form, sometimes received by a family member."""
    w = Writer(c, r)
    p = new_page(dpi, r)
    y = letterhead(p, w, 16) if r.random() < 0.5 else 18
    y = title(p, "送 达 回 证", y + 2)
    who, role = c.person, w.party_role()
    by_family = r.random() < 0.5
    o1, o2, _ = c.officers
    rows: list[list[list[Run]]] = [
        [["送达文书名称及文号"], ["《行政处罚决定书》（", w.case_no(), "）"]],
        [["受送达人"], [w.org() if c.org else w.name(who, role)]],
        [["送达地点"], [(c.org.address, keep("org_address"))] if c.org else [w.addr(who, role)]],
        [["送达方式"], ["直接送达" if not by_family else "由同住成年家属代收"]],
        [["收件人签名"], [w.name(c.family if by_family else who, "family" if by_family else role),
                        f"（系受送达人{c.relation}）" if by_family else "", "  电话：",
                        w.phone(c.family if by_family else who, "family" if by_family else role)]],
        [["送达时间"], [f"{cn_date(c.day + timedelta(days=2))}{r.randint(9, 17)}时"]],
        [["见证人"], [w.name(c.witness, "witness"), "  身份证号：", w.id(c.witness, "witness")]],
        [["送达人"], [*w.officer(o1), "\n", *w.officer(o2)]],
        [["备注"], ["\n\n"]],
    ]
    y = table(p, 20, y + 2, [45, 125], rows, min_h=12)
    footer(p, w, y + 4, c.day + timedelta(days=2), seal=r.random() < 0.7)
    return [p]


def filing_approval(c: Case, r: random.Random, dpi: int) -> list[Page]:
    """立案审批表: a ruled four-column table."""
    w = Writer(c, r)
    p = new_page(dpi, r)
    y = p.text(20, 15, [w.agency()], width_mm=170, align="center", size_pt=14)
    y = title(p, "立 案 审 批 表", y)
    y = p.text(20, y, ["编号：", (c.filing_no, keep("case_no"))], width_mm=170, align="right")
    who, role = c.person, w.party_role()
    o1, o2, o3 = c.officers
    widths = [28, 57, 28, 57]
    rows: list[list[list[Run]]] = [
        [["案件来源"], ["群众举报"], ["受案时间"], [cn_date(c.day - timedelta(days=35))]],
        [["举报人"], [w.name(c.witness, "complainant")], ["联系方式"], [w.phone(c.witness, "complainant")]],
    ]
    if c.org:
        rows += [[["当事人"], [w.org()], ["信用代码"], [w.credit()]],
                 [["法定代表人"], [w.name(who, role)], ["身份证号"], [w.id(who, role)]],
                 [["住所"], [(c.org.address, keep("org_address"))]]]
    else:
        rows += [[["当事人"], [w.name(who, role)], ["身份证号"], [w.id(who, role)]],
                 [["现住址"], [w.addr(who, role)]],
                 [["联系电话"], [w.phone(who, role)], ["电子邮箱"], [w.email(who, role)]]]
    rows += [
        [["案情摘要"], [f"经初步核查，当事人涉嫌{c.matter[0]}，违反{c.matter[1]}的规定。举报人", w.name(c.witness, "complainant"),
                        "提供了现场照片。\n"]],
        [["承办人意见"], ["建议立案调查。\n承办人：", *w.officer(o1), "、", *w.officer(o2)]],
        [["审核意见"], ["同意立案，由执法一中队办理。\n审核人：", *w.officer(o3, False), f"  {cn_date(c.day - timedelta(days=33))}"]],
        [["负责人意见"], ["同意。\n负责人：", (c.agency.officers[3].name, keep("officer")),
                         f"  {cn_date(c.day - timedelta(days=32))}"]],
    ]
    table(p, 20, y + 1, widths, rows)
    return [p]


def authorisation(c: Case, r: random.Random, dpi: int) -> list[Page]:
    """授权委托书 as a two-column form (委托人 left, 受托人 right), then the mandate in prose."""
    w = Writer(c, r)
    p = new_page(dpi, r)
    y = title(p, "授 权 委 托 书", 20)
    who, role = c.person, w.party_role()
    top = y + 2

    def block(x: float, head: str, person: Person, prole: str, org: bool) -> float:
        yy = p.text(x, top, [head], width_mm=80, face="sans_bold" if p.face != "serif" else "serif_bold")
        items: list[list[Run]] = []
        if org:
            items += [["单位名称：", w.org()], ["统一社会信用代码：", w.credit()], ["法定代表人：", w.name(person, prole)]]
        else:
            items += [["姓名：", w.name(person, prole)], [f"性别：{person.sex}"]]
        items += [["身份证号：", w.id(person, prole)], ["联系电话：", w.phone(person, prole)],
                  ["住址：", w.addr(person, prole)]]
        for runs in items:
            yy = p.text(x, yy + 0.5, runs, width_mm=80)
        return yy

    y = max(block(20, "委托人", who, role, bool(c.org)), block(110, "受托人", c.agent, "agent", False))
    p.line(105, top, 105, y, width_px=1)
    y = p.text(20, y + 6, ["现委托", w.name(c.agent, "agent"), "为我方在", w.agency(), "办理的", w.case_no(),
                           "一案中的代理人，代理权限为：代为陈述、申辩，代为签收法律文书，代为申请听证。受托人系委托人的",
                           r.choice(("朋友", "亲属", "同事")), "。委托期限自即日起至本案终结止。"], width_mm=170, indent_chars=2)
    y = hand(p, 20, y + 10, "委托人（签名或盖章）：", w.name(who, role))
    y = hand(p, 20, y + 6, "受托人（签名）：", w.name(c.agent, "agent"))
    p.text(120, y + 6, [cn_date(c.day + timedelta(days=5))], width_mm=70)
    return [p]


def identity_sheet(c: Case, r: random.Random, dpi: int) -> list[Page]:
    """当事人身份信息表: one ruled table of a natural person's particulars."""
    w = Writer(c, r)
    p = new_page(dpi, r)
    y = title(p, "当事人身份信息表", 18)
    y = p.text(20, y, ["案号：", w.case_no()], width_mm=170)
    who, role = c.person, w.party_role()
    rows: list[list[list[Run]]] = [
        [["姓名"], [w.name(who, role)], ["性别"], [who.sex]],
        [["出生日期"], [f"{who.birth.year}年{who.birth.month}月{who.birth.day}日"], ["民族"], ["汉族"]],
        [["公民身份号码"], [w.id(who, role)]],
        [["户籍地"], [w.addr(who, role)]],
        [["联系电话"], [w.phone(who, role)], ["电子邮箱"], [w.email(who, role)]],
        [["机动车号牌"], [w.plate(who, role)], ["开户银行"], ["农村商业银行"]],
        [["银行卡号"], [w.card(who, role)]],
        [["紧急联系人"], [w.name(c.family, "family"), f"（{c.relation}）"], ["电话"], [w.phone(c.family, "family")]],
        [["工作单位"], [w.org()] if c.org else ["个体"]],
    ]
    y = table(p, 20, y + 2, [32, 53, 28, 57], rows, min_h=11)
    y = hand(p, 20, y + 8, "本人确认签名：", w.name(who, role))
    p.text(20, y + 4, ["核对人：", *w.officer(c.officers[0])], width_mm=170)
    return [p]


def witness_statement(c: Case, r: random.Random, dpi: int) -> list[Page]:
    """证人证言 in free prose."""
    w = Writer(c, r)
    p = new_page(dpi, r)
    y = title(p, "证 人 证 言", 20)
    wt = c.witness
    y = p.text(20, y + 2, ["证人：", w.name(wt, "witness"), f"，{wt.sex}，{w.age(wt)}岁，身份证号码", w.id(wt, "witness"),
                           "，住", w.addr(wt, "witness"), "，联系电话", w.phone(wt, "witness"), "。"], width_mm=170)
    y = p.text(20, y + 2, ["调查人：", *w.officer(c.officers[0]), "；", *w.officer(c.officers[1])], width_mm=170)
    y = p.text(20, y + 4, [f"我与当事人是邻居关系。{cn_date(c.day - timedelta(days=50))}左右，我看见", w.name(c.person, w.party_role()),
                           f"家在{c.matter[0].replace('擅自', '')}，找来干活的人里有", w.name(c.employee, "employee"),
                           "，他开一辆号牌为", w.plate(c.employee, "employee"), "的车拉材料。当时",
                           w.name(c.person, w.party_role()), "的", c.relation, w.name(c.family, "family"),
                           "也在旁边。我把这个情况打电话向", w.agency(), "反映了。以上是我亲眼所见，情况属实。"],
               width_mm=170, indent_chars=2)
    y = hand(p, 110, y + 14, "证人签名：", w.name(wt, "witness"))
    p.text(110, y + 3, [cn_date(c.day - timedelta(days=20))], width_mm=70)
    return [p]


def rectification_notice(c: Case, r: random.Random, dpi: int) -> list[Page]:
    """责令改正通知书 on a letterhead, addressed to the party."""
    w = Writer(c, r)
    p = new_page(dpi, r)
    y = letterhead(p, w, 14)
    y = title(p, "责令改正通知书", y + 2)
    no = c.case_no.replace("罚决", "责改").replace("行罚决字", "责改字").replace("处罚", "责改").replace("罚字", "责改字")
    y = p.text(20, y, [(no, keep("case_no"))], width_mm=170, align="center") + 3
    who, role = c.person, w.party_role()
    y = p.text(20, y, [w.org() if c.org else w.name(who, role), "："], width_mm=170)
    y = p.text(20, y + 1, [f"经查，你{'单位' if c.org else ''}于", cn_date(c.day - timedelta(days=20)),
                           f"在{c.agency.city}市实施了{c.matter[0]}的行为，违反了{c.matter[1]}的规定。根据有关规定，"
                           f"现责令你{'单位' if c.org else ''}于{cn_date(c.day + timedelta(days=15))}前改正上述违法行为。"],
               width_mm=170, indent_chars=2)
    if not c.org:
        y = p.text(20, y + 1, ["本通知书送达地址：", w.addr(who, role), "；送达联系电话：", w.phone(who, role), "。"],
                   width_mm=170, indent_chars=2)
    o = c.officers[0]
    y = p.text(20, y + 1, ["逾期不改正的，本机关将依法处理。联系人：", (o.name, keep("officer")), "，",
                           "本机关联系电话：", (c.agency.phone, keep("agency_phone")), "。"], width_mm=170, indent_chars=2)
    y = footer(p, w, y + 6, c.day)
    y = hand(p, 20, y + 10, "当事人签收：", w.name(who, role))
    return [p]


DOCUMENTS = {
    "询问笔录": inquiry_record, "现场检查笔录": site_inspection, "行政处罚决定书": penalty_decision,
    "送达回证": service_receipt, "立案审批表": filing_approval, "授权委托书": authorisation,
    "当事人身份信息表": identity_sheet, "证人证言": witness_statement, "责令改正通知书": rectification_notice,
}
