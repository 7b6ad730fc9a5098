"""The documents of a case file, typeset: decision, interview record, inspection record, service receipt,
power of attorney, filing approval form, advance notice, evidence list."""
from __future__ import annotations

from datetime import timedelta

from bench.redaction_dev3.cases import RELATIONS, Case, K, N, P
from bench.redaction_dev3.layout import Doc, Label, seal
from bench.redaction_dev3.values import cn_amount, cn_date


def _header(d: Doc, c: Case, title: str, with_no: bool = True) -> None:
    red = c.rng.random() < 0.5
    d.heading(c.agency["name"], size_pt=19, fill=(200, 30, 30) if red else None, gap_pt=2)
    d.heading(title, size_pt=17)
    if with_no:
        d.para([c.no_seg()], indent_chars=0, align="right")


def _party_block(d: Doc, c: Case) -> None:
    p = c.party
    if c.kind == "person":
        d.para([("当事人：", None), P(p.name, "party"), (f"，性别：{p.sex}，出生日期：", None),
                N(cn_date(p.born), "birth_date"), ("，身份证号码：", None), c.id_seg(p, "party"),
                ("，住址：", None), c.addr_seg(p, "party"), ("，联系电话：", None), c.phone_seg(p, "party"), ("。", None)])
    elif c.kind == "business":
        d.para([("当事人：", None), K(c.org_name, "organisation"), ("（个体工商户）", None)])
        d.para([("统一社会信用代码：", None), P(c.org_code, "party", p.name, "credit_code")])
        d.para([("经营者：", None), P(p.name, "party"), ("，公民身份号码：", None), c.id_seg(p, "party"),
                ("，户籍地：", None), c.addr_seg(p, "party", hukou=True)])
        d.para([("经营场所：", None), N(c.org_address, "business_premises"), ("，联系电话：", None),
                c.phone_seg(p, "party")])
    else:
        d.para([("当事人：", None), K(c.org_name, "organisation")])
        d.para([("统一社会信用代码：", None), K(c.org_code, "org_credit_code"), ("；住所：", None),
                K(c.org_address, "org_address")])
        d.para([("法定代表人：", None), P(p.name, "legal_rep"), ("，职务：执行董事兼总经理，联系电话：", None),
                c.phone_seg(p, "legal_rep")])


def _sign_off(d: Doc, c: Case, when, with_seal: bool = True) -> None:
    d.space(18)
    d.ensure(d.px(70))
    y0 = d.y
    d.para([c.agency_seg()], indent_chars=0, align="right")
    d.para([K(cn_date(when), "date")], indent_chars=0, align="right")
    if with_seal:
        cx = d.w - d.margin_x - round(d.dpi * 1.2) + c.rng.randint(-40, 40)
        seal(d.page.img, cx, y0 + round(d.dpi * 0.2), d.dpi, c.agency["name"], c.rng)


def _agency_contact(d: Doc, c: Case, o_idx: int = 0) -> None:
    o = c.officers[o_idx]
    phone = c.maker.fixed(c.agency["area"])
    d.para([("本机关地址：", None), K(c.agency["address"], "agency_address"), ("；联系人：", None), K(o.name, "officer"),
            ("；联系电话：", None), K(phone, "agency_phone"), ("。", None)])


def decision(c: Case, d: Doc) -> str:
    _header(d, c, "行政处罚决定书")
    _party_block(d, c)
    agent = c.people["agent"]
    if c.rng.random() < 0.6:
        d.para([("委托代理人：", None), P(agent.name, "agent"), ("，", None),
                K("澄明律师事务所" if c.rng.random() < 0.5 else "汇智法律服务所", "organisation"),
                ("律师，联系电话：", None), c.phone_seg(agent, "agent")])
    d.para([("本机关于", None), K(cn_date(c.opened), "date"), ("对当事人", None), c.party_name(),
            (c.agency["cause"].replace("案", "") + "一案立案调查，现已调查终结。", None)])
    for t in c.agency["facts"]:
        d.para(c.fill(t))
    if c.agency.get("supplier"):
        sup = c.people["nb"]
        d.para([("另查明，上述物品的供货方为", None), K(c.agency["county"] + "顺丰源批发部", "organisation"),
                ("（个体工商户，统一社会信用代码：", None), P(c.maker.credit("92"), "supplier", sup.name, "credit_code"),
                ("，经营者", None), P(sup.name, "neighbour"), ("，联系电话", None), c.phone_seg(sup, "neighbour"), ("）。", None)])
    d.para([("以上事实有现场检查笔录、对", None), c.pname("emp1"), ("、", None), c.pname("wit1"), ("、", None),
            c.pname("wit2"), ("的询问笔录、照片及相关票据等证据证实。", None)])
    d.para([("本机关认为，当事人的行为违反了", None), K(c.agency["violated"], "legal_basis"), ("的规定。依据", None),
            K(c.agency["basis"], "legal_basis"), ("，本机关决定对当事人作出如下行政处罚：罚款人民币", None),
            K(f"{c.fine:,}", "amount"), ("元（", None), K(cn_amount(c.fine), "amount"), ("）。", None)])
    treasury = c.maker.bank_card(length=c.rng.choice((17, 20)))
    d.para([("当事人应当自收到本决定书之日起十五日内，将罚款缴至", None), K(c.agency["county"] + "财政局非税收入专户", "organisation"),
            ("（开户行：", None), (c.bank, None), ("，账号：", None), K(treasury, "treasury_account"),
            ("）。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。", None)])
    d.para([("如不服本决定，可以在收到本决定书之日起六十日内向", None), K(c.agency["city"] + "人民政府", "organisation"),
            ("申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。", None)])
    _agency_contact(d, c)
    _sign_off(d, c, c.decided)
    return "行政处罚决定书"


def inquiry(c: Case, d: Doc, who: str = "emp1") -> str:
    _header(d, c, "询 问 笔 录", with_no=False)
    p = c.people[who]
    role = p.extra["role"]
    o1, o2 = c.officers[0], c.officers[1]
    start = c.opened + timedelta(days=3)
    d.para([("时间：", None), K(cn_date(start), "date"), ("9时10分至10时35分", None)], indent_chars=0)
    d.para([("地点：", None), K(c.agency["address"], "agency_address"), ("询问室", None)], indent_chars=0)
    d.para([("询问人：", None), *c.officer_segs(o1, sep="  执法证号"), ("；", None), *c.officer_segs(o2, sep="  执法证号")],
           indent_chars=0)
    d.para([("记录人：", None), K(o2.name, "officer")], indent_chars=0)
    d.table([
        [(0.16, "被询问人"), (0.24, [P(p.name, role)]), (0.12, "性别"), (0.12, p.sex), (0.14, "年龄"),
         (0.22, [N(str(p.age(start)) + "岁", "age")])],
        [(0.16, "身份证号"), (0.40, [c.id_seg(p, role)]), (0.16, "联系电话"), (0.28, [c.phone_seg(p, role)])],
        [(0.16, "现住址"), (0.84, [c.addr_seg(p, role)])],
        [(0.16, "户籍地"), (0.52, [c.addr_seg(p, role, hukou=True)]), (0.14, "邮箱"), (0.18, [P(c.maker.email(), role, p.name, "email")])],
        [(0.16, "工作单位"), (0.84, [N(c.org_name or "无固定单位", "workplace")])],
    ])
    trans = c.people["trans"]
    if c.rng.random() < 0.4:
        d.para([("翻译人员：", None), P(trans.name, "translator"), ("（通晓当地方言），联系电话：", None),
                c.phone_seg(trans, "translator")], indent_chars=0)
    d.para([("问：我们是", None), c.agency_seg(), ("的执法人员", None), K(o1.name, "officer"), ("、", None), K(o2.name, "officer"),
            ("，这是我们的执法证件，请你过目。你是否看清楚了？", None)], indent_chars=0)
    d.para([("答：看清楚了。", None)], indent_chars=0)
    d.para("问：你是否申请执法人员回避？", indent_chars=0)
    d.para("答：不申请。", indent_chars=0)
    d.para("问：请介绍一下你的基本情况和家庭成员。", indent_chars=0)
    fam = c.people["fam1"]
    rel = c.rng.choice(("妻子", "丈夫", "儿子", "女儿", "母亲"))
    d.para([("答：我叫", None), P(p.name, role), ("，家住", None), c.addr_seg(p, role), ("，平时和我", None), (rel, None),
            P(fam.name, "family"), ("住在一起，", None), P(fam.name, "family"), ("的电话是", None), c.phone_seg(fam, "family"),
            ("。", None)], indent_chars=0)
    d.para("问：请你把事情的经过如实讲一下。", indent_chars=0)
    for t in c.agency["facts"]:
        d.para([("答：", None), *c.fill(t.replace("经查，", "").replace("另查明，", ""))], indent_chars=0)
    d.para("问：当时还有谁在场？", indent_chars=0)
    d.para([("答：", None), c.pname("wit1"), ("、", None), c.pname("wit2"), ("和", None), c.pname("nb"),
            ("都在，", None), c.pname("nb"), ("说他看见了。", None)], indent_chars=0)
    d.para("问：货款（费用）是怎么支付的？", indent_chars=0)
    d.para([("答：转到", None), P(c.party.name, "party" if c.kind != "company" else "legal_rep"), ("的", None), (c.bank, None),
            ("卡上，卡号是", None), P(c.card, "account_holder", c.party.name, "bank_card"), ("，开户人就是", None),
            P(c.party.name, "party" if c.kind != "company" else "legal_rep"), ("本人。", None)], indent_chars=0)
    d.para("问：你还有什么需要补充的吗？", indent_chars=0)
    d.para("答：没有了，以上说的都是实话。", indent_chars=0)
    d.para("问：以上笔录你看一下，如无误请签名。", indent_chars=0)
    d.para("答：以上笔录我看过，和我说的一样。", indent_chars=0)
    d.space(10)
    d.ensure(d.px(40))
    d.para("被询问人（签名）：", indent_chars=0)
    d.signature(d.margin_x + d.px(110), d.y - d.px(26), p.name, Label("name", True, role, p.name))
    d.para([("询问人（签名）：", None), K(o1.name, "officer"), ("  ", None), K(o2.name, "officer"), ("    记录人：", None),
            K(o2.name, "officer")], indent_chars=0)
    return "询问笔录"


def inspection(c: Case, d: Doc) -> str:
    _header(d, c, "现场检查（勘验）笔录", with_no=False)
    o1, o2 = c.officers[0], c.officers[2]
    when = c.opened - timedelta(days=1)
    wit, nb = c.people["wit1"], c.people["nb"]
    rows = [
        [(0.18, "检查时间"), (0.82, [K(cn_date(when), "date"), ("14时00分至15时20分", None)])],
        [(0.18, "检查地点"), (0.82, [P(c.party.address, "party", c.party.name, "address") if c.kind == "person"
                                     else N(c.org_address, "business_premises")])],
        [(0.18, "被检查人"), (0.42, [c.party_name()]), (0.16, "负责人"), (0.24, [P(c.party.name, "party" if c.kind != "company" else "legal_rep")])],
        *([[(0.18, "信用代码"), (0.82, [P(c.org_code, "party", c.party.name, "credit_code")])]]
          if c.kind == "business" else []),
        [(0.18, "现场负责人"), (0.32, [c.pname("emp1")]), (0.14, "电话"), (0.36, [c.phone_seg(c.people["emp1"], "employee")])],
        [(0.18, "检查人员"), (0.82, [*c.officer_segs(o1, sep=" 证号 "), ("、", None), *c.officer_segs(o2, sep=" 证号 ")])],
        [(0.18, "见证人"), (0.22, [P(wit.name, "witness")]), (0.16, "身份证号"), (0.44, [c.id_seg(wit, "witness")])],
    ]
    d.table(rows)
    plate = c.plate if c.rng.random() < 0.5 or c.plate[2] in "DF" else c.plate[:2] + "·" + c.plate[2:]
    d.para([("检查情况：执法人员出示执法证件后，在", None), c.pname("emp1"), ("的陪同下对现场进行了检查。现场停放车牌号为", None),
            P(plate, "family", "", "plate"), ("的车辆一辆，车主", None), c.pname("fam1"), ("（", None),
            c.phone_seg(c.people["fam1"], "family"), ("）称车辆临时停放。检查中，", None), c.pname("emp2"),
            ("拒绝在清点记录上签字，", None), c.pname("nb"), ("（住", None), c.addr_seg(nb, "neighbour"),
            ("）作为见证人在场。", None)])
    d.para([("现场拍摄照片12张，制作视频1段（记录仪编号", None), N("DSJ-" + str(c.rng.randint(1000, 9999)), "device_no"),
            ("）。以上情况经当事人确认无误。", None)])
    d.space(10)
    d.para([("当事人（签名）：", None)], indent_chars=0)
    d.signature(d.margin_x + d.px(100), d.y - d.px(26), c.party.name, Label("name", True, "party", c.party.name))
    d.para([("见证人（签名）：", None)], indent_chars=0)
    d.signature(d.margin_x + d.px(100), d.y - d.px(26), wit.name, Label("name", True, "witness", wit.name))
    d.para([("检查人员（签名）：", None), K(o1.name, "officer"), ("  ", None), K(o2.name, "officer")], indent_chars=0)
    return "现场检查笔录"


def receipt(c: Case, d: Doc) -> str:
    _header(d, c, "送 达 回 证", with_no=False)
    rc = c.people["rcpt"]
    rel = c.rng.choice(RELATIONS)[1:]
    o1, o2 = c.officers[1], c.officers[2]
    served = c.decided + timedelta(days=2)
    rows = [
        [(0.22, "送达文书名称及文号"), (0.78, [("行政处罚决定书（", None), c.no_seg(), ("）", None)])],
        [(0.22, "受送达人"), (0.78, [c.party_name()])],
        [(0.22, "送达地点"), (0.78, [c.addr_seg(c.party, "party") if c.kind == "person" else
                                   (N(c.org_address, "business_premises") if c.kind == "business"
                                    else K(c.org_address, "org_address"))])],
        [(0.22, "送达方式"), (0.78, c.rng.choice(("直接送达", "留置送达", "邮寄送达")))],
        [(0.22, "收件人签名"), (0.38, [P(rc.name, "recipient")]), (0.16, "签收日期"), (0.24, [K(cn_date(served), "date")])],
        [(0.22, "代收人及与受送达人关系"), (0.78, [P(rc.name, "recipient"), (f"（受送达人之{rel}），身份证号：", None),
                                            c.id_seg(rc, "recipient"), ("，电话：", None), c.phone_seg(rc, "recipient")])],
        [(0.22, "送达人"), (0.78, [*c.officer_segs(o1, sep="（执法证号："), ("）、", None), *c.officer_segs(o2, sep="（执法证号："),
                                 ("）", None)])],
        [(0.22, "见证人"), (0.78, [c.pname("nb"), ("，住", None), c.addr_seg(c.people["nb"], "neighbour"), ("，联系电话", None),
                                 P(c.maker.fixed(c.agency["area"]), "neighbour", c.people["nb"].name, "phone")])],
        [(0.22, "备注"), (0.78, "受送达人不在，由其家属代收。")],
    ]
    d.table(rows, min_row_pt=34)
    _sign_off(d, c, served)
    return "送达回证"


def attorney(c: Case, d: Doc) -> str:
    d.heading("授权委托书", size_pt=20)
    a = c.people["agent"]
    if c.kind == "company":
        d.para([("委托单位：", None), K(c.org_name, "organisation"), ("，统一社会信用代码：", None), K(c.org_code, "org_credit_code")])
        d.para([("法定代表人：", None), P(c.party.name, "legal_rep"), ("，联系电话：", None), c.phone_seg(c.party, "legal_rep")])
    else:
        d.para([("委托人：", None), P(c.party.name, "party"), ("，身份证号：", None), c.id_seg(c.party, "party"),
                ("，住", None), c.addr_seg(c.party, "party")])
    d.para([("受托人：", None), P(a.name, "agent"), ("，性别：", None), (a.sex, None), ("，身份证号：", None), c.id_seg(a, "agent"),
            ("，工作单位：", None), N("本单位职工" if c.rng.random() < 0.5 else "个人", "workplace"), ("，联系电话：", None),
            c.phone_seg(a, "agent"), ("，电子邮箱：", None), P(c.maker.email(), "agent", a.name, "email")])
    d.para([("现委托", None), P(a.name, "agent"), ("作为我方代理人，就", None), c.agency_seg(), ("办理的", None), c.no_seg(),
            ("一案，代为陈述、申辩，签收法律文书，查阅案卷材料。", None)])
    d.para("委托期限：自签署之日起至本案终结之日止。")
    d.space(24)
    d.para([("委托人（签字或盖章）：", None)], indent_chars=4)
    d.signature(d.w // 2, d.y - d.px(26), c.party.name, Label("name", True, "party", c.party.name))
    d.para([("受托人（签字）：", None)], indent_chars=4)
    d.signature(d.w // 2 - d.px(30), d.y - d.px(26), a.name, Label("name", True, "agent", a.name))
    d.para([K(cn_date(c.opened + timedelta(days=20)), "date")], indent_chars=0, align="right")
    return "授权委托书"


def filing(c: Case, d: Doc) -> str:
    _header(d, c, "立案审批表")
    rep = c.people["reporter"]
    o1, o2, head = c.officers
    d.table([
        [(0.18, "案件来源"), (0.82, [("群众举报（举报人：", None), P(rep.name, "reporter"), ("，电话：", None),
                                   c.phone_seg(rep, "reporter"), ("）", None)])],
        [(0.18, "案由"), (0.82, [(c.agency["cause"], None)])],
        [(0.18, "当事人"), (0.42, [c.party_name()]), (0.14, "电话"), (0.26, [c.phone_seg(c.party, "party")])],
        [(0.18, "住所/住址"), (0.82, [c.addr_seg(c.party, "party") if c.kind == "person" else
                                     (K(c.org_address, "org_address") if c.kind == "company" else
                                      N(c.org_address, "business_premises"))])],
        [(0.18, "身份证号或信用代码"), (0.82, [c.id_seg(c.party, "party") if c.kind == "person" else
                                          (P(c.org_code, "party", c.party.name, "credit_code") if c.kind == "business"
                                           else K(c.org_code, "org_credit_code"))])],
        [(0.18, "案情摘要"), (0.82, c.fill(c.agency["facts"][0]))],
        [(0.18, "承办人意见"), (0.82, [("建议立案调查。承办人：", None), K(o1.name, "officer"), ("、", None), K(o2.name, "officer")])],
        [(0.18, "负责人意见"), (0.82, [("同意立案。", None), K(head.name, "officer"), ("  ", None), K(cn_date(c.opened), "date")])],
    ], min_row_pt=30)
    return "立案审批表"


def advance_notice(c: Case, d: Doc) -> str:
    _header(d, c, "行政处罚事先告知书")
    d.para([c.party_name(), ("：", None)], indent_chars=0)
    d.para([("经调查，你（单位）", None), (c.agency["cause"].replace("案", ""), None), ("一事，事实如下：", None)])
    d.para(c.fill(c.agency["facts"][-1]))
    d.para([("上述行为违反了", None), K(c.agency["violated"], "legal_basis"), ("，依据", None), K(c.agency["basis"], "legal_basis"),
            ("，本机关拟对你（单位）罚款", None), K(f"{c.fine}", "amount"), ("元。", None)])
    d.para("根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。"
           "逾期未提出的，视为放弃上述权利。")
    _agency_contact(d, c, 1)
    _sign_off(d, c, c.decided - timedelta(days=12))
    return "行政处罚事先告知书"


def evidence(c: Case, d: Doc) -> str:
    _header(d, c, "证据材料清单", with_no=False)
    d.para([("案号：", None), c.no_seg()], indent_chars=0)
    rows = [[(0.08, "序号"), (0.40, "证据名称"), (0.20, "提供人"), (0.12, "页数"), (0.20, "备注")]]
    items = [("询问笔录", "emp1"), ("询问笔录", "wit1"), ("银行交易明细", "party"), ("身份证复印件", "agent"),
             ("照片（现场）", "nb"), ("聊天记录截图", "emp2"), ("车辆行驶证复印件", "fam1")]
    for i, (what, who) in enumerate(items, 1):
        if who == "party":
            seg = P(c.party.name, "party" if c.kind != "company" else "legal_rep")
        else:
            seg = c.pname(who)
        note: list = ["原件"]
        if what.startswith("车辆"):
            note = [P(c.plate, "family", "", "plate")]
        elif what.startswith("身份证"):
            note = [P(c.people["agent"].id_number, "agent",
                      c.people["agent"].name, "id_number")]
        rows.append([(0.08, str(i)), (0.40, what), (0.20, [seg]), (0.12, str(c.rng.randint(1, 9))),
                     (0.20, [(note[0], None)] if isinstance(note[0], str) else note)])
    d.table(rows, min_row_pt=26)
    d.para([("以上证据由执法人员", None), K(c.officers[0].name, "officer"), ("收集，", None), c.pname("wit1"), ("、", None),
            c.pname("wit2"), ("、", None), c.pname("emp1"), ("等人核对无误。", None)])
    d.right([("制表人：", None), K(c.officers[2].name, "officer"), ("  ", None), K(cn_date(c.decided - timedelta(days=20)), "date")])
    return "证据材料清单"


TEMPLATES = {"decision": decision, "inquiry": inquiry, "inspection": inspection, "receipt": receipt,
             "attorney": attorney, "filing": filing, "notice": advance_notice, "evidence": evidence}
