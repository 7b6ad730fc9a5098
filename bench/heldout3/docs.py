"""The documents of a case, each as page blocks plus what is printed on it (the truth).

A party, officer or number goes into a document's truth only through the helpers that print it,
so the truth cannot name someone the page does not show.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.heldout3.render import Gap, Line, Para, Table, Title
from bench.heldout3.world import Agency, Officer, Org, Person

CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    if n <= 10:
        return "十" if n == 10 else CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def fmt_date(d: date, style: str) -> str:
    if style == "cn":
        return "".join(CN_DIGITS[int(c)] for c in str(d.year)) + f"年{cn_number(d.month)}月{cn_number(d.day)}日"
    if style == "padded":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass
class CaseCtx:
    key: str
    agency: Agency
    spec: object  # CaseSpec
    parties: list  # Org | Person, the 当事人 (two for a joint case)
    staff: Person | None
    witness: Person | None
    agent: Person | None
    agent_firm: str | None
    lead: Officer
    second: Officer
    recorder: Officer
    numbers: dict[str, str] = field(default_factory=dict)
    number_dates: dict[str, date] = field(default_factory=dict)
    violation: date | None = None


@dataclass
class Doc:
    title: str
    blocks: list = field(default_factory=list)
    parties: list[dict] = field(default_factory=list)
    officers: list[dict] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    date: date | None = None
    sealed: bool = False
    seal_text: str = ""
    body_dates: dict[str, str] = field(default_factory=dict)

    # -- the only ways a name, number or date reaches the page and the truth together ----------------
    def party(self, role: str, p: Org | Person, with_id: bool) -> None:
        entry = {"role": role, "kind": "organisation" if isinstance(p, Org) else "person", "name": p.name}
        if with_id:
            entry["credit_code" if isinstance(p, Org) else "id_number"] = p.credit if isinstance(p, Org) else p.id_number
        for e in self.parties:
            if e["name"] == p.name and e["role"] == role:
                e.update({k: v for k, v in entry.items() if k not in e})
                return
        self.parties.append(entry)

    def officer(self, o: Officer, role: str, with_cert: bool) -> None:
        for e in self.officers:
            if e["name"] == o.name:
                e["cert_no"] = e["cert_no"] or (o.cert if with_cert else None)
                return
        self.officers.append({"name": o.name, "cert_no": o.cert if with_cert else None, "role": role})

    def number(self, n: str) -> str:
        if n not in self.numbers:
            self.numbers.append(n)
        return n


def _style(c: CaseCtx) -> str:
    return c.agency.spec.date_style


def _subject(c: CaseCtx, short: bool = False) -> str:
    """How prose names the party: the firm, the person, or both of a joint case."""
    if len(c.parties) == 2:
        org, person = (c.parties[0], c.parties[1]) if isinstance(c.parties[0], Org) else (c.parties[1], c.parties[0])
        return f"{org.name}所有、{person.name}任船长"
    return c.parties[0].name


def _note_subject(doc: Doc, c: CaseCtx) -> None:
    for p in c.parties:
        doc.party("当事人", p, False)


def _facts(c: CaseCtx, doc: Doc) -> str:
    d1 = fmt_date(c.violation, "arabic" if _style(c) == "arabic" else "padded")
    doc.body_dates["违法行为发生日"] = c.violation.isoformat()
    return c.spec.facts.replace("{d1}", d1)


def party_block(doc: Doc, p: Org | Person, rng: random.Random, role: str = "当事人") -> list:
    """名称/住所/统一社会信用代码/法定代表人/身份证号/联系电话 in varying order and wording."""
    if isinstance(p, Person):
        doc.party(role, p, True)
        if rng.random() < 0.5:
            return [Line(f"{role}：{p.name}，{'男' if p.male else '女'}，{p.born.year}年{p.born.month}月{p.born.day}日出生，"
                         f"公民身份号码：{p.id_number}，住址：{p.address}，联系电话：{p.phone}。")]
        lines = [Line(f"{role}：{p.name}"), Line(f"性别：{'男' if p.male else '女'}"),
                 Line(f"{rng.choice(('身份证号码', '身份证号', '公民身份号码'))}：{p.id_number}"),
                 Line(f"{rng.choice(('住址', '住所', '家庭住址'))}：{p.address}"), Line(f"联系电话：{p.phone}")]
        return lines[:1] + rng.sample(lines[1:], 4)
    doc.party(role, p, True)
    doc.party("法定代表人", p.rep, True)
    name_label = rng.choice(("当事人", "当事人名称", "被处罚单位" if role == "当事人" else "当事人", "名称"))
    if p.kind == "individual":
        name_label = rng.choice(("当事人", "字号名称"))
    rest = [Line(f"{rng.choice(('统一社会信用代码', '社会信用代码', '统一社会信用代码（注册号）'))}：{p.credit}"),
            Line(f"{rng.choice(('住所', '地址', '经营场所'))}：{p.address}")]
    rep = f"{p.rep_title}：{p.rep.name}"
    idl = f"{rng.choice(('身份证号码', '身份证号', '公民身份号码'))}：{p.rep.id_number}"
    if rng.random() < 0.5:
        rest.append(Line(f"{rep}    {idl}"))
    else:
        rest += [Line(rep), Line(idl)]
    rest.append(Line(f"联系电话：{p.rep.phone}"))
    head = rest[:2]
    rng.shuffle(head)
    return [Line(f"{name_label}：{p.name}")] + head + rest[2:]


def party_table(doc: Doc, p: Org | Person, rng: random.Random, role: str = "当事人") -> Table:
    """The party as rows of a form: labels beside values, or labels above values."""
    doc.party(role, p, True)
    if isinstance(p, Person):
        rows = [[(role, 1), (p.name, 1), ("性别", 1), ("男" if p.male else "女", 1)],
                [("身份证号码", 1), (p.id_number, 3)], [("住址", 1), (p.address, 1), ("电话", 1), (p.phone, 1)]]
        return Table(rows, [0.2, 0.3, 0.2, 0.3])
    doc.party("法定代表人", p.rep, True)
    if rng.random() < 0.5:
        rows = [[("单位名称" if p.kind != "individual" else "字号名称", 1), (p.name, 3)],
                [("统一社会信用代码", 1), (p.credit, 3)],
                [(p.rep_title, 1), (p.rep.name, 1), ("身份证号码", 1), (p.rep.id_number, 1)],
                [("地址", 1), (p.address, 1), ("联系电话", 1), (p.rep.phone, 1)]]
        return Table(rows, [0.2, 0.3, 0.2, 0.3])
    rows = [[("当事人", 1), ("统一社会信用代码", 1), (p.rep_title, 1), ("身份证号码", 1)],
            [(p.name, 1), (p.credit, 1), (p.rep.name, 1), (p.rep.id_number, 1)]]
    return Table(rows, [0.31, 0.25, 0.14, 0.30], min_row_mm=11)


def officers_line(doc: Doc, offs: list[Officer], rng: random.Random, label: str = "执法人员",
                  role: str = "承办") -> Line:
    for o in offs:
        doc.officer(o, role, True)
    k = rng.randrange(3)
    if k == 0:
        return Line(f"{label}：" + "、".join(f"{o.name}（执法证号：{o.cert}）" for o in offs))
    if k == 1:
        return Line(f"{label}：{'、'.join(o.name for o in offs)}    执法证号：{'、'.join(o.cert for o in offs)}")
    return Line(f"{label}：" + "    ".join(f"{o.name} 证号{o.cert}" for o in offs))


def sign_off(doc: Doc, c: CaseCtx, d: date, seal: bool = True) -> list:
    doc.date, doc.sealed, doc.seal_text = d, seal, c.agency.spec.name
    return [Gap(10), Line(c.agency.spec.name, "right"), Line(fmt_date(d, _style(c)), "right", seal=seal)]


def addressee(doc: Doc, c: CaseCtx, p: Org | Person) -> Line:
    doc.party("当事人", p, False)
    return Line(f"{p.name}：")


# -- the documents ----------------------------------------------------------------------------------------

def filing_form(c: CaseCtx, d: date, rng: random.Random) -> Doc:
    doc = Doc("立案审批表")
    ag = c.agency
    num = doc.number(c.numbers["立案"])
    b = [Title(f"{ag.spec.name}"), Title("立案审批表", 18), Line(f"{rng.choice(('编号', '案号', '立案号'))}：{num}", "right")]
    p = c.parties[0]
    b.append(Table([[("案件来源", 1), (rng.choice(("日常检查", "群众举报", "上级交办", "投诉转办")), 3)],
                    [("案由", 1), (f"涉嫌{c.spec.cause}", 3)]], [0.2, 0.3, 0.2, 0.3]))
    b.append(party_table(doc, p, rng))
    facts = _facts(c, doc)
    b.append(Table([[("简要案情", 1), (f"经初步核查，{_subject(c)}{facts}，涉嫌违反{c.spec.violated}的规定。", 3)]],
                   [0.2, 0.3, 0.2, 0.3], min_row_mm=30))
    # Each step signs on its own day: the 承办人 first, the head's approval last (the form's own date).
    d_lead = d - timedelta(days=rng.randint(1, 3))
    d_rev = d - timedelta(days=rng.randint(0, (d - d_lead).days))
    doc.body_dates.update({"承办人意见日": d_lead.isoformat(), "审核日": d_rev.isoformat()})
    doc.officer(c.lead, "承办", True)
    doc.officer(c.second, "承办", True)
    doc.officer(ag.reviewer, "审核", False)
    doc.officer(ag.head, "批准", False)
    st = _style(c)
    lead_note = (f"建议立案调查。\n承办人：{c.lead.name}（{c.lead.cert}）  {c.second.name}（{c.second.cert}）"
                 f"    {fmt_date(d_lead, st)}")
    review_note = f"同意立案，由{c.lead.name}、{c.second.name}承办。  审核人：{ag.reviewer.name}    {fmt_date(d_rev, st)}"
    rows = [[("承办人意见", 1), (lead_note, 3)],
            [("审核意见", 1), (review_note, 3)],
            [("负责人意见", 1), (f"同意。    签名：{ag.head.name}    {fmt_date(d, st)}", 3)]]
    b.append(Table(rows, [0.2, 0.3, 0.2, 0.3], min_row_mm=18))
    doc.blocks, doc.date = b, d
    return doc


def inspection(c: CaseCtx, d: date, rng: random.Random, title: str = "现场检查笔录") -> Doc:
    doc = Doc(title)
    p = c.parties[0]
    st = _style(c)
    hh = rng.randint(8, 15)
    b = [Title(title), Line(f"检查时间：{fmt_date(d, st)}{hh}时{rng.choice(('05', '20', '40'))}分至{hh + 1}时{rng.choice(('10', '30', '50'))}分"),
         Line(f"检查地点：{p.address}")]
    if isinstance(p, Org):
        doc.party("当事人", p, True)
        b += [Line(f"被检查单位：{p.name}"), Line(f"统一社会信用代码：{p.credit}")]
        onsite = c.parties[1] if len(c.parties) == 2 else (c.staff or p.rep)
        role = "当事人" if len(c.parties) == 2 else "证人/见证人"
        if onsite is p.rep:
            doc.party("法定代表人", p.rep, False)
            b.append(Line(f"{p.rep_title}：{p.rep.name}    联系电话：{p.rep.phone}"))
        else:
            doc.party(role, onsite, True)
            b.append(Line(f"现场负责人：{onsite.name}    身份证号：{onsite.id_number}    职务：{rng.choice(('行政主管', '仓库管理员', '店长', '前台经理'))}"))
    else:
        b += party_block(doc, p, rng, "当事人")
    b.append(officers_line(doc, [c.lead, c.second], rng, "检查人员"))
    doc.officer(c.recorder, "记录", False)
    b.append(Line(f"记录人：{c.recorder.name}"))
    b.append(Para("执法人员出示执法证件，表明身份，告知当事人依法享有陈述、申辩及申请回避的权利。当事人表示不申请回避。"))
    b.append(Para(f"现场检查情况：{_subject(c)}{_facts(c, doc)}。现场对相关情况拍照取证共{rng.randint(6, 24)}张。"))
    if c.witness:
        doc.party("证人/见证人", c.witness, True)
        b.append(Line(f"见证人：{c.witness.name}（身份证号：{c.witness.id_number}），联系电话：{c.witness.phone}"))
    b += [Gap(6), Line(f"被检查人签名：{'以上记录属实' if rng.random() < 0.5 else '属实'}"),
          Line(f"执法人员签名：{c.lead.name}  {c.second.name}        {fmt_date(d, st)}", "right")]
    doc.blocks, doc.date = b, d
    return doc


def interview(c: CaseCtx, d: date, rng: random.Random, who: Person, company: Org | None) -> Doc:
    doc = Doc("询问笔录")
    st = _style(c)
    hh = rng.randint(8, 16)
    doc.party("被询问人", who, True)
    b = [Title("询问笔录"), Line(f"时间：{fmt_date(d, st)}{hh}时{rng.randint(0, 5)}0分至{hh + 1}时{rng.randint(0, 5)}5分"),
         Line(f"地点：{c.agency.spec.name}{rng.choice(('询问室', '第二会议室', '执法办案区'))}")]
    info = [("被询问人", who.name), ("性别", "男" if who.male else "女"), ("身份证号码", who.id_number),
            ("联系电话", who.phone)]
    if company is not None:
        doc.party("当事人", company, False)
        info.append(("工作单位", company.name))
        info.append(("职务", "法定代表人" if who is company.rep else rng.choice(("财务主管", "人事专员", "仓储主管", "船长", "营业部经理"))))
        if who is company.rep:
            doc.party("法定代表人", who, True)
    else:
        info.append(("住址", who.address))
    if who in c.parties:
        doc.party("当事人", who, True)
    if rng.random() < 0.5:
        b.append(Table([[(k, 1), (v, 1), (k2, 1), (v2, 1)] for (k, v), (k2, v2) in zip(info[::2], info[1::2])]
                       + ([[(info[-1][0], 1), (info[-1][1], 3)]] if len(info) % 2 else []), [0.18, 0.32, 0.18, 0.32]))
    else:
        b += [Line("    ".join(f"{k}：{v}" for k, v in info[i:i + 2])) for i in range(0, len(info), 2)]
    doc.officer(c.lead, "承办", True)
    doc.officer(c.second, "承办", True)
    doc.officer(c.recorder, "记录", False)
    b.append(Line(f"询问人：{c.lead.name}、{c.second.name}    记录人：{c.recorder.name}"))
    we = c.agency.spec.name
    b += [Para(f"问：我们是{we}的执法人员{c.lead.name}、{c.second.name}，这是我们的执法证件（证号分别为{c.lead.cert}、"
               f"{c.second.cert}），请你过目。现就有关情况向你进行询问，你应当如实回答，你有申请回避的权利，是否申请回避？"),
          Para("答：看清楚了，不申请回避。"),
          Para("问：请介绍一下你的基本情况。"),
          Para(f"答：我叫{who.name}，" + (f"在{company.name}工作。" if company is not None else "个人从事经营。"))]
    b += [Para(rng.choice(("问：你单位（你）主要从事什么经营活动？经营多长时间了？", "问：请说明你们的经营范围和经营期限。"))),
          Para(f"答：主要从事与{c.spec.cause[-6:]}相关的业务，已经营{rng.randint(2, 11)}年左右，相关证照复印件我们已经提供。"),
          Para("问：今天执法人员现场检查时发现的情况，你是否清楚？"),
          Para("答：清楚，检查时我在场，执法人员对现场拍了照片，我也在检查笔录上签了字。"),
          Para("问：这种情况持续了多长时间？涉及的数量和金额有多少？"),
          Para(f"答：具体时间我记不太清，大概从{c.violation.month}月份开始，涉及的数量和金额以我们提供的台账和账目为准。"),
          Para("问：你们是否知道这种行为违反了相关法律法规的规定？"),
          Para("答：以前不太清楚，经过执法人员讲解，现在知道了。")]
    b += [Para("问：请你说一下具体情况。"),
          Para(f"答：{_facts(c, doc)}，情况大致就是这样。" if company is None else f"答：据我所知，公司{_facts(c, doc)}。"),
          Para("问：你对以上事实有无异议？还有什么需要补充的？"),
          Para(rng.choice(("答：没有异议，没有补充。", "答：我们知道错了，会尽快整改。", "答：没有了，希望从轻处理。"))),
          Para("问：以上记录请你核对，如记录有误可以更正。"), Para("答：以上记录我已看过，与我说的一致。")]
    b += [Gap(5), Line(f"被询问人签名：{who.name}        {fmt_date(d, st)}", "right"),
          Line(f"询问人签名：{c.lead.name}  {c.second.name}    记录人签名：{c.recorder.name}", "right")]
    doc.blocks, doc.date = b, d
    return doc


def evidence_notice(c: CaseCtx, d: date, rng: random.Random) -> Doc:
    doc = Doc("证据先行登记保存通知书")
    p = c.parties[0]
    num = doc.number(c.numbers["保存"])
    b = [Title(c.agency.spec.name), Title("证据先行登记保存通知书", 18), Line(num, "right"), addressee(doc, c, p),
         Para(f"因你{'单位' if isinstance(p, Org) else ''}涉嫌{c.spec.cause}，依据《中华人民共和国行政处罚法》第五十六条的规定，"
              f"{c.agency.spec.we}决定对你{'单位' if isinstance(p, Org) else ''}的下列物品予以先行登记保存（详见《证据先行登记保存清单》），"
              f"保存期限为七日。在此期间，你不得销毁或者转移证据。"),
         Para(f"保存地点：{p.address}"), officers_line(doc, [c.lead, c.second], rng)]
    b += sign_off(doc, c, d)
    b += [Gap(4), Line("当事人签收：                    年    月    日")]
    doc.blocks = b
    return doc


def order_notice(c: CaseCtx, d: date, rng: random.Random) -> Doc:
    doc = Doc("责令改正通知书")
    p = c.parties[0]
    num = doc.number(c.numbers["责令"])
    deadline = fmt_date(d.fromordinal(d.toordinal() + 15), "arabic")
    doc.body_dates["改正期限"] = d.fromordinal(d.toordinal() + 15).isoformat()
    b = [Title(c.agency.spec.name), Title("责令改正通知书", 18), Line(num, "center"), addressee(doc, c, p),
         Para(f"经查，你{'单位' if isinstance(p, Org) else ''}{_facts(c, doc)}，违反了{c.spec.violated}的规定。"
              f"现责令你{'单位' if isinstance(p, Org) else ''}于{deadline}前改正上述违法行为，并将改正情况书面报送{c.agency.spec.we}。"),
         Para("逾期不改正的，本机关将依法予以处理。")]
    if rng.random() < 0.6:
        b.append(officers_line(doc, [c.lead, c.second], rng, "联系人"))
    b += sign_off(doc, c, d)
    doc.blocks = b
    return doc


def _penalty_grounds(c: CaseCtx, doc: Doc) -> str:
    return f"你{'单位' if isinstance(c.parties[0], Org) else ''}的上述行为违反了{c.spec.violated}的规定，依据{c.spec.penalty_basis}的规定"


def advance_notice(c: CaseCtx, d: date, rng: random.Random, hearing: bool = False) -> Doc:
    title = "听证告知书" if hearing else "行政处罚事先告知书"
    doc = Doc(title)
    num = doc.number(c.numbers["听证" if hearing else "告知"])
    b = [Title(c.agency.spec.name), Title(title, 18), Line(num, "right" if rng.random() < 0.5 else "center")]
    for p in c.parties:
        b.append(addressee(doc, c, p))
    b.append(Para(f"经调查，{_subject(c)}{_facts(c, doc)}。{_penalty_grounds(c, doc)}，{c.agency.spec.we}拟对你"
                  f"{'单位' if isinstance(c.parties[0], Org) else ''}作出如下行政处罚：{c.spec.penalty}。"))
    if hearing:
        b.append(Para("根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你有要求举行听证的权利。如要求听证，"
                      "应当在收到本告知书之日起五日内提出，逾期视为放弃。"))
    else:
        b.append(Para("根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你享有陈述、申辩的权利，可在收到本告知书之日起"
                      "五个工作日内向本机关提出，逾期未提出的，视为放弃上述权利。"))
    if rng.random() < 0.5:
        doc.officer(c.lead, "承办", False)
        b.append(Line(f"联系人：{c.lead.name}    联系电话：0599-{rng.randint(2000000, 8999999)}"))
    b += sign_off(doc, c, d)
    doc.blocks = b
    return doc


def statement(c: CaseCtx, d: date, rng: random.Random) -> Doc:
    doc = Doc("陈述申辩笔录")
    st = _style(c)
    p = c.parties[0]
    speaker = c.agent or (p.rep if isinstance(p, Org) else p)
    b = [Title("陈述申辩笔录"), Line(f"时间：{fmt_date(d, st)}{rng.randint(9, 15)}时{rng.randint(0, 5)}0分"),
         Line(f"地点：{c.agency.spec.name}")]
    doc.party("当事人", p, False)
    b.append(Line(f"当事人：{p.name}"))
    if speaker is c.agent:
        doc.party("委托代理人", speaker, False)
        b.append(Line(f"陈述申辩人：{speaker.name}（委托代理人{'，' + c.agent_firm + '律师' if c.agent_firm else ''}）"))
    else:
        role = "法定代表人" if isinstance(p, Org) else "当事人"
        doc.party(role, speaker, True)
        b.append(Line(f"陈述申辩人：{speaker.name}    身份证号码：{speaker.id_number}"))
    doc.officer(c.lead, "承办", False)
    doc.officer(c.recorder, "记录", False)
    b.append(Line(f"承办人：{c.lead.name}    记录人：{c.recorder.name}"))
    cite = ""
    if rng.random() < 0.6:
        cite = f"（{doc.number(c.numbers['告知'])}）"
    b += [Para(f"陈述申辩人对{c.agency.spec.we}送达的《行政处罚事先告知书》{cite}所认定的事实提出以下意见："),
          Para("一、当事人系初次违法，且已在检查后立即整改；二、当事人经营困难，请求从轻或减轻处罚。"),
          Para("以上陈述申辩意见属实，请予考虑。"), Gap(5),
          Line(f"陈述申辩人签名：{speaker.name}    {fmt_date(d, st)}", "right")]
    doc.blocks, doc.date = b, d
    return doc


def legal_review(c: CaseCtx, d: date, rng: random.Random) -> Doc:
    doc = Doc("法制审核意见书")
    st = _style(c)
    rev = c.agency.reviewer
    b = [Title(c.agency.spec.name), Title("法制审核意见书", 18)]
    if "立案" in c.numbers and rng.random() < 0.7:
        b.append(Line(f"案号：{doc.number(c.numbers['立案'])}", "right"))
    _note_subject(doc, c)
    doc.officer(c.lead, "承办", False)
    doc.officer(c.second, "承办", False)
    doc.officer(rev, "审核", True)
    b += [Para(f"{c.agency.spec.unit_name}报送的{_subject(c)}涉嫌{c.spec.cause}一案（承办人：{c.lead.name}、{c.second.name}），"
               f"经法制审核，现提出如下意见："),
          Para(f"一、执法主体合法，执法人员具备执法资格。二、经查，{_subject(c)}{_facts(c, doc)}，事实清楚，证据确凿。"
               f"三、适用{c.spec.penalty_basis}正确，拟作出“{c.spec.penalty}”的处罚，裁量适当。四、程序合法。"),
          Para("审核结论：同意承办机构意见。"), Gap(6),
          Line(f"法制审核人员：{rev.name}（法制审核证号：{rev.cert}）", "right"),
          Line(("日期：" if rng.random() < 0.5 else "") + fmt_date(d, st), "right")]
    doc.blocks, doc.date = b, d
    return doc


def deliberation(c: CaseCtx, d: date, rng: random.Random) -> Doc:
    doc = Doc("集体讨论记录")
    st = _style(c)
    ag = c.agency
    doc.officer(ag.head, "批准", False)
    for o in (c.lead, c.second, ag.reviewer):
        doc.officer(o, "承办" if o is not ag.reviewer else "审核", False)
    doc.officer(c.recorder, "记录", False)
    _note_subject(doc, c)
    b = [Title("重大案件集体讨论记录"), Line(f"讨论时间：{fmt_date(d, st)}{rng.randint(9, 16)}时"),
         Line(f"地点：{ag.spec.name}三楼会议室"), Line(f"主持人：{ag.head.name}（负责人）"),
         Line(f"参加人员：{c.lead.name}、{c.second.name}、{ag.reviewer.name}"), Line(f"记录人：{c.recorder.name}"),
         Para(f"讨论案件：{_subject(c)}涉嫌{c.spec.cause}案"),
         Para(f"{c.lead.name}汇报案情：经查，{_subject(c)}{_facts(c, doc)}。当事人在陈述申辩期内"
              f"{rng.choice(('未提出陈述申辩', '提出了陈述申辩，经复核不予采纳'))}。"),
         Para(f"{ag.reviewer.name}：法制审核认为事实清楚、证据确凿、程序合法，同意拟处罚意见。"),
         Para(f"{ag.head.name}：同意承办人意见，依据{c.spec.penalty_basis}，对当事人{c.spec.penalty}。"),
         Para("讨论结论：与会人员一致同意上述处罚意见。"), Gap(5),
         Line(f"主持人签名：{ag.head.name}    记录人签名：{c.recorder.name}", "right")]
    doc.blocks, doc.date = b, d
    return doc


def decision(c: CaseCtx, d: date, rng: random.Random) -> Doc:
    doc = Doc("行政处罚决定书")
    num = doc.number(c.numbers["决定"])
    b = [Title(c.agency.spec.name), Title("行政处罚决定书", 18), Line(num, "right")]
    form = rng.random()
    for p in c.parties:
        if form < 0.25 and isinstance(p, Org):
            b.append(party_table(doc, p, rng))
        else:
            b += party_block(doc, p, rng)
    if c.agent:
        doc.party("委托代理人", c.agent, False)
        b.append(Line(f"委托代理人：{c.agent.name}" + (f"，{c.agent_firm}律师" if c.agent_firm else "，该公司员工")))
    prior = "听证" if "听证" in c.numbers else "告知"
    told = c.number_dates.get(prior)
    cite = doc.number(c.numbers[prior]) if prior in c.numbers and told and told <= d else None
    b.append(Para(f"{c.agency.spec.we}于{fmt_date(c.number_dates.get('立案', c.violation), 'arabic')}对"
                  f"{_subject(c)}涉嫌{c.spec.cause}一案立案调查。经查明：{_subject(c)}{_facts(c, doc)}。"))
    if "立案" in c.number_dates:
        doc.body_dates["立案日"] = c.number_dates["立案"].isoformat()
    ev = ["现场检查笔录及现场照片", "询问笔录", "当事人营业执照复印件及身份证明", "相关台账、票据等书证",
          "执法记录仪视听资料", "证人证言"]
    rng.shuffle(ev)
    b.append(Para("上述事实，有以下证据证明：" + "；".join(f"{i + 1}.{e}" for i, e in enumerate(ev[:rng.randint(3, 6)]))
                  + "。以上证据均经当事人签字确认，证据之间能够相互印证。"))
    b.append(Para(f"{_penalty_grounds(c, doc)}。鉴于当事人{rng.choice(('积极配合调查', '违法行为持续时间较短', '案发后主动整改'))}，"
                  f"根据{c.agency.spec.name}行政处罚裁量基准，{c.agency.spec.we}认为应当在法定幅度内"
                  f"{rng.choice(('从轻', '依法'))}予以处罚。"))
    if cite:
        doc.body_dates["告知日"] = told.isoformat()
        b.append(Para(f"{c.agency.spec.we}于{fmt_date(told, 'arabic')}向你送达了《{'听证告知书' if prior == '听证' else '行政处罚事先告知书'}》"
                      f"（{cite}），告知了拟作出行政处罚的事实、理由、依据及你依法享有的权利，"
                      f"{rng.choice(('你在法定期限内未提出陈述、申辩', '你提出的陈述申辩意见经复核不能成立，不予采纳'))}。"))
    b.append(Para(f"综上，{c.agency.spec.we}决定对你作出如下行政处罚：{c.spec.penalty}。"))
    b.append(Para("罚款应当自收到本决定书之日起十五日内缴至指定银行账户。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。"
                  "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"))
    b += sign_off(doc, c, d)
    doc.blocks = b
    return doc


def service_receipt(c: CaseCtx, d: date, rng: random.Random, served: str, party: Org | Person) -> Doc:
    doc = Doc("送达回证")
    st = "padded" if rng.random() < 0.5 else _style(c)
    num = doc.number(c.numbers[served])
    served_title = {"决定": "行政处罚决定书", "告知": "行政处罚事先告知书", "听证": "听证告知书"}[served]
    doc.party("受送达人", party, False)
    server = [c.lead, c.second]
    certs = rng.random() < 0.5
    for o in server:
        doc.officer(o, "送达", certs)
    srv = "、".join(f"{o.name}（{o.cert}）" if certs else o.name for o in server)
    receiver = f"{party.name}"
    if isinstance(party, Org):
        proxy = c.staff if c.staff and rng.random() < 0.6 else party.rep
        role = "受送达人"
        doc.party(role, proxy, False)
        receiver = f"{proxy.name}（代收）" if proxy is not party.rep else f"{proxy.name}"
    rows = [[("送达文书名称及文号", 1), (f"《{served_title}》{num}", 3)],
            [("受送达人", 1), (party.name, 3)],
            [("送达地点", 1), (party.address, 3)],
            [("送达方式", 1), (rng.choice(("直接送达", "直接送达", "留置送达")), 1), ("送达人", 1), (srv, 1)],
            [("收件人签名", 1), (receiver, 1), ("送达日期", 1), (fmt_date(d, st), 1)],
            [("备注", 1), ("", 3)]]
    b = [Title(c.agency.spec.name), Title("送达回证", 18), Table(rows, [0.22, 0.28, 0.18, 0.32], min_row_mm=14)]
    doc.blocks, doc.date = b, d
    return doc


def reminder(c: CaseCtx, d: date, rng: random.Random) -> Doc:
    doc = Doc("催告书")
    num = doc.number(c.numbers["催告"])
    dec = doc.number(c.numbers["决定"])
    decided = c.number_dates["决定"]
    doc.body_dates["决定日"] = decided.isoformat()
    p = c.parties[0]
    b = [Title(c.agency.spec.name), Title("催告书", 18), Line(num, "right"), addressee(doc, c, p),
         Para(f"{c.agency.spec.we}于{fmt_date(decided, 'arabic')}对你{'单位' if isinstance(p, Org) else ''}作出了《行政处罚决定书》"
              f"（{dec}），决定{c.spec.penalty}。该决定书已依法送达，你至今未履行缴纳罚款的义务。"),
         Para("根据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告你自收到本催告书之日起十日内履行上述义务。"
              "逾期仍不履行的，本机关将依法申请人民法院强制执行。你有权进行陈述和申辩。")]
    b += sign_off(doc, c, d)
    doc.blocks = b
    return doc


def closing_report(c: CaseCtx, d: date, rng: random.Random) -> Doc:
    doc = Doc("结案报告")
    ag = c.agency
    st = _style(c)
    _note_subject(doc, c)
    rows = []
    if "立案" in c.numbers:
        rows.append([("案号", 1), (doc.number(c.numbers["立案"]), 3)])
    rows += [[("案由", 1), (c.spec.cause, 3)], [("当事人", 1), ("、".join(p.name for p in c.parties), 3)],
             [("处罚决定书文号", 1), (doc.number(c.numbers["决定"]), 3)],
             [("处罚内容", 1), (c.spec.penalty, 3)],
             [("执行情况", 1), ("当事人已按期缴纳罚款，并完成整改。", 3)]]
    for o in (c.lead, c.second):
        doc.officer(o, "承办", True)
    if rng.random() < 0.5:
        rows.append([("承办人", 1), (f"{c.lead.name}  {c.second.name}", 1), ("执法证号", 1), (f"{c.lead.cert}  {c.second.cert}", 1)])
    else:
        rows += [[("承办人", 1), (c.lead.name, 1), ("执法证号", 1), (c.lead.cert, 1)],
                 [("承办人", 1), (c.second.name, 1), ("执法证号", 1), (c.second.cert, 1)]]
    doc.officer(ag.head, "批准", False)
    rows.append([("负责人审批意见", 1), (f"同意结案。\n负责人：{ag.head.name}    {fmt_date(d, st)}", 3)])
    b = [Title(ag.spec.name), Title("结案报告", 18), Table(rows, [0.22, 0.28, 0.18, 0.32], min_row_mm=12)]
    doc.blocks, doc.date = b, d
    return doc


def power_of_attorney(c: CaseCtx, d: date, rng: random.Random) -> Doc:
    doc = Doc("授权委托书")
    p = c.parties[0]
    a = c.agent
    doc.party("当事人", p, True)
    doc.party("委托代理人", a, True)
    b = [Title("授权委托书")]
    if isinstance(p, Org):
        doc.party("法定代表人", p.rep, False)
        b += [Line(f"委托单位：{p.name}"), Line(f"统一社会信用代码：{p.credit}"), Line(f"{p.rep_title}：{p.rep.name}")]
    else:
        b += [Line(f"委托人：{p.name}    身份证号码：{p.id_number}")]
    b += [Line(f"受委托人：{a.name}    身份证号码：{a.id_number}"),
          Line(f"工作单位：{c.agent_firm or p.name}    职务：{'律师' if c.agent_firm else '行政经理'}    电话：{a.phone}"),
          Para(f"现委托{a.name}作为我方代理人，参与{c.agency.spec.name}办理的我方涉嫌{c.spec.cause}一案，"
               f"代理权限为：{rng.choice(('一般代理', '特别授权：代为陈述申辩、签收法律文书、参加听证'))}。"),
          Para("委托期限：自签署之日起至本案处理终结之日止。"), Gap(8), Line(f"委托人（盖章）：{p.name}", "right"),
          Line(fmt_date(d, "arabic"), "right", seal=isinstance(p, Org))]
    doc.date, doc.sealed, doc.seal_text = d, isinstance(p, Org), p.name
    doc.blocks = b
    return doc
