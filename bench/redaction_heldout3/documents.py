"""The documents of a case, written as real enforcement files are: forms with fill-ins, prose, tables.

Each function returns (document kind, blocks). Wording varies by chance (the
label before an address, the form of a number) so no one phrasing carries the set.
"""
from __future__ import annotations

import random
import re

from bench.redaction_heldout3.cast import Case
from bench.redaction_heldout3.layout import (
    Gap,
    Para,
    Seal,
    Seg,
    T,
    Table,
    keep,
    neutral,
    pii,
)
from bench.redaction_heldout3.values import (
    Person,
    full_width,
    grouped,
    spaced_id,
    spaced_mobile,
)

KIN = {"妻": "妻子", "夫": "丈夫", "子": "儿子", "女": "女儿", "母": "母亲", "父": "父亲", "兄": "哥哥", "妹": "妹妹"}
ETHNIC = ("汉族", "汉族", "汉族", "苗族", "侗族", "壮族", "回族")


# -- how values are written ------------------------------------------------------------------------

def id_seg(rng: random.Random, p: Person, role: str, pen: bool = False) -> Seg:
    r = rng.random()
    text = spaced_id(p.id_number) if r < 0.1 else full_width(p.id_number) if r < 0.18 else p.id_number
    return pii("id_number", text, role, p.name, pen)


def mobile_seg(rng: random.Random, p: Person, role: str, pen: bool = False) -> Seg:
    r = rng.random()
    text = spaced_mobile(p.mobile, " ") if r < 0.2 else spaced_mobile(p.mobile, "-") if r < 0.35 else p.mobile
    return pii("phone", text, role, p.name, pen)


def name_seg(p: Person, role: str, pen: bool = False) -> Seg:
    return pii("name", p.name, role, p.name, pen)


def addr_seg(p: Person, role: str, pen: bool = False) -> Seg:
    return pii("address", p.address, role, p.name, pen)


def addr_label(rng: random.Random) -> str:
    return rng.choice(("住址", "家庭住址", "现住址", "户籍地", "居住地", "联系地址", "现住"))


def names_list(people: list[Person], role: str) -> list[Seg]:
    out: list[Seg] = []
    for i, p in enumerate(people):
        if i:
            out.append(T("、"))
        out.append(name_seg(p, role))
    return out


def fill(template: str, **parts: list[Seg]) -> list[Seg]:
    out: list[Seg] = []
    for piece in re.split(r"(\{[A-Z]\})", template):
        if re.fullmatch(r"\{[A-Z]\}", piece):
            out += parts[piece[1]]
        elif piece:
            out.append(T(piece))
    return out


def officers_segs(c: Case, with_cert: bool = True) -> list[Seg]:
    segs: list[Seg] = []
    for i, o in enumerate(c.officers):
        if i:
            segs.append(T("、"))
        segs.append(keep("officer", o.name, "officer"))
        if with_cert:
            segs += [T("（执法证号："), keep("cert_no", o.cert, "officer"), T("）")]
    return segs


def party_segs(c: Case) -> list[Seg]:
    """The party as the facts name it: the organisation, or the person."""
    if c.party_kind == "company":
        return [keep("org", c.org)]
    if c.party_kind == "sole_trader":
        return [neutral("sole_trader_name", c.org), T("（经营者"), name_seg(c.party, "operator"), T("）")]
    return [T("当事人"), name_seg(c.party, "party")]


def title(text: str, agency: str) -> list:
    return [Para([keep("agency", agency)], size=1.15, align="center", indent=0, face="sans", after=0.1),
            Para([T(text)], size=1.45, align="center", indent=0, face="sans_bold", after=0.5)]


def signoff(c: Case, day: int) -> list:
    return [Gap(6), Para([keep("agency", c.agency.name)], align="right", indent=0, after=0.1),
            Para([keep("date", c.date(day))], align="right", indent=0, after=0.2), Seal(c.agency.seal)]


# -- the documents -----------------------------------------------------------------------------------

def inspection(c: Case, rng: random.Random) -> tuple[str, list]:
    a = c.agency
    boss = c.party
    on_site = c.employees[0]
    rows = [
        [[T("检查时间")], [keep("date", c.date(0)), T(" 9时30分至11时10分")]],
        [[T("检查地点")], [neutral("business_address", c.org_address) if c.party_kind == "sole_trader"
                          else keep("org_address", c.org_address) if c.org_address else addr_seg(boss, "party")]],
        [[T("被检查单位（人）")], party_segs(c)],
    ]
    if c.org_code:
        rows.append([[T("统一社会信用代码")], [pii("credit_code", c.org_code, "operator", boss.name)
                                        if c.party_kind == "sole_trader" else keep("org_credit_code", c.org_code)]])
    rows += [
        [[T("法定代表人（负责人）" if c.party_kind == "company" else "经营者（当事人）")],
         [name_seg(boss, boss.role), T("  联系电话："), mobile_seg(rng, boss, boss.role)]],
        [[T("现场负责人")], [name_seg(on_site, "employee"), T("  身份证号："), id_seg(rng, on_site, "employee")]],
        [[T("检查人员及执法证号")], officers_segs(c)],
        [[T("记录人")], [keep("officer", c.officers[1].name, "officer")]],
    ]
    plate = c.v.plate(new_energy=rng.random() < 0.4, dot=rng.random() < 0.3)
    body = fill("现场检查情况：执法人员出示执法证件，表明身份后，在现场负责人{A}的陪同下进行检查。"
                "检查时现场有{B}等人正在作业，门口停放一辆车牌号为{C}的厢式货车，据{D}称该车登记在{F}名下。",
                A=[name_seg(on_site, "employee")], B=names_list(c.employees[1:], "employee"),
                C=[pii("plate", plate, "party", boss.name)], D=[name_seg(on_site, "employee")],
                F=[name_seg(boss, boss.role)])
    witness = c.witness
    wit = fill("见证人{A}，{B}，身份证号{C}，家住{D}，联系电话{E}，全程见证了检查过程。",
               A=[name_seg(witness, "witness")], B=[T(witness.sex)], C=[id_seg(rng, witness, "witness")],
               D=[addr_seg(witness, "witness")], E=[mobile_seg(rng, witness, "witness")])
    blocks = title("现场检查笔录", a.name) + [
        Table([38, 122], rows), Para(body), Para(wit),
        Para([T("被检查人签名："), name_seg(boss, boss.role, pen=True), T("      见证人签名："),
              name_seg(witness, "witness", pen=True)], indent=0),
        Para([T("执法人员签名：")] + officers_segs(c, with_cert=False) + [T("      "), keep("date", c.date(0))],
             indent=0)]
    return "现场检查笔录", blocks


def interview(c: Case, rng: random.Random, who: Person, role: str) -> tuple[str, list]:
    a = c.agency
    o1, o2 = c.officers
    head = [
        Para([T("时间："), keep("date", c.date(3)), T(" 14时05分至15时40分")], indent=0, after=0.1),
        Para([T("地点："), keep("agency", a.name), T("询问室")], indent=0, after=0.1),
        Para([T("询问人："), keep("officer", o1.name, "officer"), T("  执法证号："), keep("cert_no", o1.cert, "officer"),
              T("  记录人："), keep("officer", o2.name, "officer"), T("  执法证号："),
              keep("cert_no", o2.cert, "officer")], indent=0, after=0.1),
        Para([T("被询问人："), name_seg(who, role, pen=True), T("  性别："), T(who.sex), T("  民族："),
              T(rng.choice(ETHNIC)), T("  出生日期："), T(f"{who.born.year}年{who.born.month}月{who.born.day}日")],
             indent=0, after=0.1),
        Para([T(rng.choice(("身份证号码：", "公民身份号码：", "身份证号："))), id_seg(rng, who, role, pen=True),
              T("  联系电话："), mobile_seg(rng, who, role, pen=True)], indent=0, after=0.1),
        Para([T(addr_label(rng) + "："), addr_seg(who, role, pen=True)], indent=0, after=0.1),
        Para([T("工作单位："), keep("org", c.org) if c.party_kind == "company" else
              neutral("sole_trader_name", c.org) if c.org else T("无"), T("  职务："),
              T("员工" if role == "employee" else "负责人" if role in ("legal_rep", "operator") else "无")],
             indent=0, after=0.1),
    ]
    if c.translator:
        head.append(Para([T("翻译人员："), name_seg(c.translator, "translator"), T("（侗语翻译，身份证号"),
                          id_seg(rng, c.translator, "translator"), T("）")], indent=0, after=0.1))
    others = [p for p in c.employees if p is not who]
    card = c.v.bank_card()
    card_text = grouped(card) if rng.random() < 0.4 else card
    fam = c.family
    fixed = c.v.fixed_line()
    email = c.v.email()
    qa = [
        fill("问：我们是{A}的执法人员{B}、{C}，这是我们的执法证件，请你过目。你是否申请回避？",
             A=[keep("agency", a.name)], B=[keep("officer", o1.name, "officer")], C=[keep("officer", o2.name, "officer")]),
        [T("答：看清楚了，不申请回避。")],
        [T("问：请介绍一下你的家庭情况。")],
        fill("答：家里有{R}{A}，还有两个孩子，我们一起住在{D}，家里座机是{F}。",
             R=[T(KIN[c.relation[1:]])], A=[name_seg(fam, "family")], D=[addr_seg(who, role)],
             F=[pii("phone", fixed, role, who.name)]),
        [T("问：你的工资（报酬）是怎么发放的？")],
        fill("答：一般是老板{A}每月十号左右转账到我的银行卡上，卡号{B}，开户行是{C}，有时候也由会计{D}发现金。",
             A=[name_seg(c.party, c.party.role)], B=[pii("bank_card", card_text, role, who.name)],
             C=[T(c.v.bank())], D=[name_seg(others[0], "employee")]),
        [T("问：当时还有谁在场？")],
        fill("答：{A}都在，{B}说他也看见了。隔壁的{C}当天也来过。",
             A=names_list(others[1:], "employee") or [T("没有别人")], B=[name_seg(others[0], "employee")],
             C=[name_seg(c.neighbour, "neighbour")]),
        [T("问：以后怎么联系你？")],
        fill("答：打我手机{A}或者发邮件到{B}都可以，我平时开{C}上下班。",
             A=[mobile_seg(rng, who, role)], B=[pii("email", email, role, who.name)],
             C=[pii("plate", c.v.plate(new_energy=rng.random() < 0.5), role, who.name)]),
        [T("问：请你说一下单位的具体情况。")],
        [T("答：")] + fill(rng.choice(a.facts), P=party_segs(c), E=names_list(others[:2] or [fam], "employee")),
        [T("问：你所说的情况有谁可以证明？")],
        fill("答：{A}可以证明，他住在{B}，电话{C}。另外{D}的{R}{F}也知道这件事。",
             A=[name_seg(c.witness, "witness")], B=[addr_seg(c.witness, "witness")],
             C=[mobile_seg(rng, c.witness, "witness")], D=[name_seg(c.neighbour, "neighbour")],
             R=[T(KIN[c.relation[1:]])], F=[name_seg(c.family, "family")]),
        [T("问：你们的加班和休息是怎么安排的？")],
        fill("答：一般由{A}排班，{B}、{C}上白班，我和{D}轮流上夜班，每个月休息两天。",
             A=[name_seg(c.party, c.party.role)], B=[name_seg(others[0], "employee")],
             C=[name_seg(others[-1], "employee")], D=[name_seg(c.employees[0] if c.employees[0] is not who
                                                              else c.employees[-1], "employee")]),
        fill("问：你还有什么要补充的吗？本案由{A}负责审核。", A=[keep("officer", c.reviewer.name, "officer")]),
        [T("答：没有了。以上笔录我已看过，和我说的一样。")],
    ]
    blocks = title("询问笔录", a.name) + head + [Para(s, indent=0, after=0.15) for s in qa] + [
        Para([T("被询问人签名："), name_seg(who, role, pen=True), T("    "), keep("date", c.date(3))], indent=0),
        Para([T("询问人签名："), keep("officer", o1.name, "officer"), T("  记录人签名："),
              keep("officer", o2.name, "officer")], indent=0)]
    if c.translator:
        blocks.append(Para([T("翻译人员签名："), name_seg(c.translator, "translator", pen=True)], indent=0))
    return "询问笔录", blocks


def party_header(c: Case, rng: random.Random) -> list:
    p = c.party
    if c.party_kind == "company":
        lines = [[T("当事人："), keep("org", c.org)],
                 [T("统一社会信用代码："), keep("org_credit_code", c.org_code)],
                 [T(rng.choice(("住所：", "注册地址：", "住所地："))), keep("org_address", c.org_address)],
                 [T("法定代表人："), name_seg(p, "legal_rep"), T("，身份证号："), id_seg(rng, p, "legal_rep")]]
    elif c.party_kind == "sole_trader":
        lines = [[T("当事人："), neutral("sole_trader_name", c.org), T("（个体工商户）")],
                 [T("统一社会信用代码："), pii("credit_code", c.org_code, "operator", p.name)],
                 [T("经营场所："), neutral("business_address", c.org_address)],
                 [T("经营者："), name_seg(p, "operator"), T("，"), T(p.sex), T("，公民身份号码："), id_seg(rng, p, "operator"),
                  T("，" + addr_label(rng) + "："), addr_seg(p, "operator"), T("，联系电话："), mobile_seg(rng, p, "operator")]]
    else:
        lines = [[T("当事人："), name_seg(p, "party"), T(f"，{p.sex}，{p.born.year}年{p.born.month}月{p.born.day}日出生，"
                                                    "身份证号码："), id_seg(rng, p, "party"),
                  T("，" + addr_label(rng) + "："), addr_seg(p, "party"), T("，联系电话："), mobile_seg(rng, p, "party")]]
    if rng.random() < 0.7:
        g = c.agent
        lines.append([T("委托代理人："), name_seg(g, "agent"), T("，"), keep("org", c.law_firm), T("律师，联系电话："),
                      mobile_seg(rng, g, "agent")])
    return [Para(s, indent=0, after=0.1) for s in lines]


def notice(c: Case, rng: random.Random) -> tuple[str, list]:
    a = c.agency
    who = [keep("org", c.org)] if c.party_kind == "company" else [name_seg(c.party, c.party.role)]
    facts = fill(rng.choice(a.facts), P=party_segs(c), E=names_list(c.employees[:rng.randint(1, 3)], "employee"))
    blocks = title("行政处罚事先告知书", a.name) + [
        Para([keep("case_no", c.case_no.replace("罚决", "罚告"))], align="right", indent=0),
        Para(who + [T("：")], indent=0),
        Para([T("经调查，")] + facts + [T("以上事实有现场检查笔录、"), name_seg(c.witness, "witness"),
                                      T("的询问笔录等证据证实。")]),
        Para([T("你（单位）的行为违反了"), keep("legal_basis", a.bases[0]), T("的规定。依据"),
              keep("legal_basis", a.bases[1]), T("的规定，本机关拟对你（单位）作出罚款人民币"),
              keep("amount", c.fine + "元"), T("的行政处罚。")]),
        Para([T("根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权在收到本告知书之日起五日内"
                "进行陈述和申辩，逾期视为放弃上述权利。")]),
        Para([T("本机关地址："), keep("agency_address", a.address)], indent=0, after=0.1),
        Para([T("联系人："), keep("officer", c.officers[0].name, "officer"), T("  联系电话："),
              keep("agency_phone", rng.choice(a.phones))], indent=0),
    ] + signoff(c, 10)
    return "行政处罚事先告知书", blocks


def decision(c: Case, rng: random.Random) -> tuple[str, list]:
    a = c.agency
    emps = c.employees[:rng.randint(2, 4)]
    facts = fill(rng.choice(a.facts), P=party_segs(c), E=names_list(emps, "employee"))
    evidence = [T("上述事实有以下证据证实：1.现场检查笔录；2."), name_seg(c.employees[0], "employee"), T("、"),
                name_seg(c.witness, "witness"), T("的询问笔录；3.证人"), name_seg(c.neighbour, "neighbour"),
                T("（住"), addr_seg(c.neighbour, "neighbour"), T("）出具的书面证言；4.当事人提交的银行流水及"),
                name_seg(c.family, "family"), T("（系当事人" + c.relation[1:] + "）的情况说明。")]
    pay = [T("当事人应自收到本决定书之日起十五日内，将罚款缴至"), keep("treasury", c.treasury), T("，开户行："),
           T(c.treasury_bank), T("，账号："), keep("treasury_account", c.treasury_account),
           T("。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。")]
    blocks = title(a.decision_title, a.name) + [
        Para([keep("case_no", c.case_no)], align="right", indent=0)] + party_header(c, rng) + [
        Para([T("本机关于"), keep("date", c.date(1)), T("对当事人涉嫌违法一案立案调查。执法人员")] + officers_segs(c) +
             [T("依法进行了调查取证，并于"), keep("date", c.date(10)), T("告知当事人拟作出行政处罚的事实、理由、依据及享有的权利。")]),
        Para([T("经查，")] + facts + [T("另查明，当事人于案发后由"), name_seg(c.family, "family"),
                                    T("代为提交了整改报告，其家属联系电话"), mobile_seg(rng, c.family, "family"), T("。")]),
        Para(evidence),
        Para([T("本机关认为，当事人的行为违反了"), keep("legal_basis", a.bases[0]), T("的规定。依据"),
              keep("legal_basis", a.bases[1]), T("的规定，经本机关负责人"), keep("officer", c.reviewer.name, "officer"),
              T("审批，决定：一、责令当事人" + a.order + "；二、罚款人民币"), keep("amount", c.fine + "元"), T("。")]),
        Para(pay),
        Para([T("当事人如不服本决定，可以在收到本决定书之日起六十日内向"), keep("org", a.address.split("市")[0] + "市人民政府"),
              T("申请行政复议，或者在六个月内向人民法院提起行政诉讼。")]),
        Para([T("本机关地址："), keep("agency_address", a.address), T("  电话："), keep("agency_phone", a.phones[0])],
             indent=0),
    ] + signoff(c, 20)
    return "行政处罚决定书", blocks


def receipt(c: Case, rng: random.Random) -> tuple[str, list]:
    a = c.agency
    fam = c.family
    served = [keep("org", c.org)] if c.party_kind == "company" else [name_seg(c.party, c.party.role)]
    where = [keep("org_address", c.org_address)] if c.party_kind == "company" else [addr_seg(c.party, c.party.role)]
    rows = [
        [[T("送达文书名称及文号")], [T(a.decision_title + " "), keep("case_no", c.case_no)]],
        [[T("受送达人")], served],
        [[T(rng.choice(("送达地址", "送达地点")))], where],
        [[T("送达方式")], [T("直接送达" if rng.random() < 0.5 else "留置送达")]],
        [[T("收件人签名")], [name_seg(fam, "recipient", pen=True), T("（" + c.relation + "，代收）  "),
                          keep("date", c.date(22))]],
        [[T("代收人身份证号")], [id_seg(rng, fam, "recipient", pen=True)]],
        [[T("代收人联系电话")], [mobile_seg(rng, fam, "recipient", pen=True)]],
        [[T("送达人")], officers_segs(c, with_cert=rng.random() < 0.5)],
        [[T("见证人")], [name_seg(c.neighbour, "neighbour", pen=True), T("（邻居，住"),
                      addr_seg(c.neighbour, "neighbour"), T("）")]],
        [[T("备注")], fill("受送达人不在，由{R}{A}代为签收，{B}在场见证。",
                         R=[T(c.relation[1:])], A=[name_seg(fam, "recipient")], B=[name_seg(c.neighbour, "neighbour")])],
    ]
    blocks = title("送达回证", a.name) + [Table([44, 116], rows, size=0.95)] + signoff(c, 22)
    return "送达回证", blocks


def attorney(c: Case, rng: random.Random) -> tuple[str, list]:
    p, g = c.party, c.agent
    lines = [
        [T("委托人："), keep("org", c.org) if c.party_kind == "company" else name_seg(p, p.role)],
        [T("法定代表人：" if c.party_kind == "company" else "身份证号："),
         name_seg(p, p.role) if c.party_kind == "company" else id_seg(rng, p, p.role)],
        [T(addr_label(rng) + "：") if c.party_kind != "company" else T("住所："),
         addr_seg(p, p.role) if c.party_kind != "company" else keep("org_address", c.org_address)],
        [T("受托人："), name_seg(g, "agent"), T("，"), T(g.sex), T("，身份证号："), id_seg(rng, g, "agent")],
        [T("工作单位："), keep("org", c.law_firm), T("  联系电话："), mobile_seg(rng, g, "agent")],
        [T("电子邮箱："), pii("email", c.v.email(), "agent", g.name)],
    ]
    body = fill("现委托{A}在{B}办理的{C}一案中，作为我方的委托代理人，代理权限为：代为陈述、申辩，代为签收法律文书。",
                A=[name_seg(g, "agent")], B=[keep("agency", c.agency.name)], C=[keep("case_no", c.case_no)])
    blocks = [Para([T("授权委托书")], size=1.45, align="center", indent=0, face="sans_bold", after=0.6)] + \
        [Para(s, indent=0, after=0.15) for s in lines] + [
        Para(body),
        Para([T("委托人（签字）："), name_seg(p, p.role, pen=True), T("    受托人（签字）："), name_seg(g, "agent", pen=True)],
             indent=0),
        Para([keep("date", c.date(12))], align="right", indent=0)]
    return "授权委托书", blocks


def roster(c: Case, rng: random.Random) -> tuple[str, list]:
    """A list of the workers concerned, as 劳动保障/公积金 files keep: names, numbers and cards in a table."""
    rows = [[[T("序号")], [T("姓名")], [T("身份证号")], [T("联系电话")], [T("银行卡号")], [T("金额（元）")]]]
    for i, e in enumerate(c.employees + [c.witness], start=1):
        card = c.v.bank_card()
        rows.append([[T(str(i))], [name_seg(e, "employee")], [id_seg(rng, e, "employee")],
                     [mobile_seg(rng, e, "employee")], [pii("bank_card", card, "employee", e.name)],
                     [keep("amount", f"{rng.randint(20, 180) * 100}")]])
    head = fill("{A}涉案人员情况统计表（案号：{B}）", A=[keep("org", c.org)] if c.party_kind == "company" else
                [neutral("sole_trader_name", c.org or "当事人")], B=[keep("case_no", c.case_no)])
    blocks = [Para(head, size=1.1, align="center", indent=0, face="sans", after=0.5),
              Table([11, 20, 44, 32, 44, 19], rows, size=0.78),
              Para([T("制表人："), keep("officer", c.officers[1].name, "officer"), T("  核对人："),
                    name_seg(c.employees[-1], "employee"), T("（职工代表）  "), keep("date", c.date(6))], indent=0)]
    return "涉案人员情况统计表", blocks
