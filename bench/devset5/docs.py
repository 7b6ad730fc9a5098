"""One function per document type: the blocks to print and what a reader finds on them (the truth).

Each writer records a party or officer only where it prints the name, and an identifier only where it
prints the identifier next to that name, so the truth is what is on the page.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from bench.devset5.cases import Case
from bench.devset5.render import Gap, Line, Para, Sign, Table, Title
from bench.devset5.world import Officer, Org, Person, ar_date, cn_date


@dataclass
class Doc:
    kind: str
    title: str
    blocks: list
    date: date
    under_seal: bool = False
    parties: list[dict] = field(default_factory=list)
    officers: list[dict] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    body_dates: dict[str, str] = field(default_factory=dict)

    def party(self, role: str, who: Person | Org, ident: bool = False) -> None:
        entry = {"role": role, "kind": "person" if isinstance(who, Person) else "organisation", "name": who.name}
        if ident:
            entry["id_number" if isinstance(who, Person) else "credit_code"] = \
                who.id_number if isinstance(who, Person) else who.credit_code
        for e in self.parties:
            if e["name"] == entry["name"] and e["role"] == role:
                e.update(entry)
                return
        self.parties.append(entry)

    def officer(self, o: Officer, role: str, cert: bool) -> None:
        for e in self.officers:
            if e["name"] == o.name:
                e["cert_no"] = e["cert_no"] or (o.cert_no if cert else None)
                return
        self.officers.append({"name": o.name, "cert_no": o.cert_no if cert else None, "role": role})


def _d(d: date, rng: random.Random, cn_ok: bool = True) -> str:
    r = rng.random()
    return cn_date(d) if cn_ok and r < 0.4 else ar_date(d, pad=r > 0.85)


def _rep_word(org: Org) -> str:
    return org.rep_title


def _party_lines(c: Case, doc: Doc, rng: random.Random, label: str = "当事人") -> list:
    """The party described as a block of lines, in an order and wording that varies by writer."""
    p, out = c.party, []
    if isinstance(p, Person):
        parties = [p] + ([c.joint] if c.joint else [])
        for k, q in enumerate(parties):
            lab = label if len(parties) == 1 else f"{label}{'一二'[k]}"
            sex = "男" if q.male else "女"
            if rng.random() < 0.5:
                out.append(Para(f"{lab}：{q.name}，{sex}，{ar_date(q.born)}出生，公民身份号码：{q.id_number}，"
                                f"住址：{q.address}，联系电话：{q.phone}。", 0))
            else:
                out += [Line(f"{lab}：{q.name}"), Line(f"性别：{sex}    身份证号：{q.id_number}"),
                        Line(f"住址：{q.address}"), Line(f"联系电话：{q.phone}")]
            doc.party("当事人", q, True)
        return out
    rep = p.legal_rep
    name_label = rng.choice([label, f"{label}名称", "被处罚单位"]) if label == "当事人" else label
    fields = [(name_label, p.name + ("（个体工商户）" if p.kind == "sole" and rng.random() < 0.5 else "")),
              (rng.choice(["统一社会信用代码", "社会信用代码"]), p.credit_code),
              (rng.choice(["住所", "地址", "经营场所"]), p.address),
              (_rep_word(p), rep.name),
              (rng.choice(["身份证号", "身份证号码", "公民身份号码"]), rep.id_number),
              ("联系电话", p.phone)]
    head, rest = fields[:1], fields[1:]
    if rng.random() < 0.5:
        rng.shuffle(rest)
        rest.remove(fields[4])
        rest.insert(rest.index(fields[3]) + 1, fields[4])  # an ID number follows the person it belongs to
    out += [Line(f"{k}：{v}") for k, v in head + rest]
    doc.party("当事人", p, True)
    doc.party("法定代表人", rep, True)
    return out


def _officer_line(officers: list[Officer], doc: Doc, role: str, rng: random.Random, label: str = "执法人员") -> Line:
    style = rng.randrange(3)
    if style == 0:
        text = "、".join(f"{o.name}（执法证号：{o.cert_no}）" for o in officers)
    elif style == 1:
        text = "  ".join(f"{o.name} 证件号{o.cert_no}" for o in officers)
    else:
        text = "，".join(f"{o.name}（{o.cert_no}）" for o in officers)
    for o in officers:
        doc.officer(o, role, True)
    return Line(f"{label}：{text}")


def _seal_block(c: Case, d: date, rng: random.Random, doc: Doc) -> Sign:
    doc.under_seal = True
    return Sign([c.agency.name], _d(d, rng), seal=c.agency.name)


def _number_line(num: str, rng: random.Random) -> Line:
    return Line(num, align=rng.choice(["center", "right"]))


def _addressee(c: Case, doc: Doc) -> Line:
    p = c.party
    names = p.name if isinstance(p, Org) or not c.joint else f"{p.name}、{c.joint.name}"
    doc.party("当事人", p)
    if isinstance(p, Person) and c.joint:
        doc.party("当事人", c.joint)
    return Line(f"{names}：")


def _title(c: Case, generic: str) -> str:
    return c.agency.titles.get(generic, generic)


# -- the documents ------------------------------------------------------------------------------------

def filing_form(c: Case, rng: random.Random) -> Doc:
    doc = Doc("立案审批表", "立案审批表", [], c.dates["立案"])
    a, p = c.agency, c.party
    num = c.numbers["立"]
    doc.numbers.append(num)
    rows = [["案件来源", rng.choice(["日常检查", "群众举报", "上级交办", "数据比对"]), "受案时间", ar_date(c.dates["发现"])],
            ["案由", f"涉嫌{c.cause}"]]
    if isinstance(p, Org):
        rows += [["当事人", p.name, "统一社会信用代码", p.credit_code],
                 [p.rep_title, p.legal_rep.name, "身份证号", p.legal_rep.id_number],
                 ["地址", p.address, "电话", p.phone]]
        doc.party("当事人", p, True)
        doc.party("法定代表人", p.legal_rep, True)
    else:
        rows += [["当事人", p.name, "身份证号", p.id_number], ["住址", p.address, "电话", p.phone]]
        doc.party("当事人", p, True)
        if c.joint:
            rows.append(["当事人", c.joint.name, "身份证号", c.joint.id_number])
            doc.party("当事人", c.joint, True)
    rows.append(["简要案情", f"经初步核查，当事人涉嫌{c.fact}，违反{c.basis.replace('第', '的相关规定（第', 1)}）。"])
    h1, h2 = c.handlers
    d0 = c.dates["立案"]
    sign_style = rng.randrange(2)
    if sign_style == 0:
        rows.append(["承办人意见", (f"建议立案调查。\n承办人：{h1.name}（{h1.cert_no}）  {h2.name}（{h2.cert_no}）\n"
                                    f"{ar_date(c.dates['发现'])}")])
        doc.officer(h1, "承办", True)
        doc.officer(h2, "承办", True)
    else:
        rows.append(["承办人意见", f"建议立案。\n签名：{h1.name}  {h2.name}    日期：{ar_date(c.dates['发现'])}"])
        doc.officer(h1, "承办", False)
        doc.officer(h2, "承办", False)
    rows.append(["审核意见", f"同意立案，报负责人审批。\n审核人：{a.reviewer.name}    {ar_date(d0)}"])
    rows.append(["负责人意见", f"同意。\n签名：{a.head.name}    {ar_date(d0)}"])
    doc.officer(a.reviewer, "审核", False)
    doc.officer(a.head, "批准", False)
    widths = [0.18, 0.34, 0.2, 0.28]
    spans = {(1, 1): 3}
    for r, row in enumerate(rows):
        if len(row) == 2:
            spans[(r, 1)] = 3
    doc.blocks = [Title(a.name, 16), Title("立案审批表", 20, spaced=rng.random() < 0.5),
                  Line(f"编号：{num}", align="right"), Table(rows, widths, spans, {len(rows) - 3: 3})]
    return doc


def interview(c: Case, rng: random.Random, second: bool) -> Doc:
    d = c.dates["询问2" if second else "询问"]
    doc = Doc("询问笔录", "询问笔录", [], d)
    p = c.party
    if second and c.staff:
        who, rel = c.staff, f"系{p.name}{c.staff.job}"
    elif isinstance(p, Org):
        who, rel = p.legal_rep, f"系{p.name}{p.rep_title}"
    elif second and c.joint:
        who, rel = c.joint, "系当事人"
    else:
        who, rel = p, "系当事人"
    h1, h2 = c.handlers
    t0, t1 = rng.randint(8, 15), rng.randint(0, 5) * 10
    blocks = [Title("询问笔录", 20, spaced=True),
              Line(f"询问时间：{d.year}年{d.month}月{d.day}日{t0}时{t1:02d}分至{t0 + 1}时{t1 + 5:02d}分"),
              Line(f"询问地点：{c.agency.unit_name}询问室" if rng.random() < 0.5 else f"询问地点：{p.address}"),
              _officer_line([h1, h2], doc, "承办", rng, "询问人"),
              Line(f"记录人：{c.recorder.name}"),
              Line(f"被询问人：{who.name}    性别：{'男' if who.male else '女'}    出生年月：{who.born.year}年{who.born.month}月"),
              Line(f"身份证号：{who.id_number}    联系电话：{who.phone}"),
              Line(f"工作单位及职务：{p.name}  {who.job or p.rep_title}" if isinstance(p, Org)
                   else f"住址：{who.address}")]
    doc.officer(c.recorder, "记录", False)
    doc.party("被询问人", who, True)
    if isinstance(p, Org):
        doc.party("当事人", p)
    qa = [("我们是" + c.agency.name + "的执法人员，这是我们的执法证件，请过目。你是否看清楚？", "看清楚了。"),
          ("依法你有陈述和申辩的权利，对与案件无关的问题有拒绝回答的权利。你是否听清楚？", "听清楚了。"),
          ("请介绍一下你的基本情况。", f"我叫{who.name}，{rel}。"),
          (f"{ar_date(c.dates['违法'])}前后的经营情况如何？", (f"那段时间{('我们' if isinstance(p, Org) else '我')}"
           f"{c.fact.replace('在其', '在')}，当时不清楚有这个规定。")),
          ("这些情况持续了多长时间？涉及的数量和金额是多少？",
           f"大概有{rng.randint(2, 9)}个月。具体数量以你们现场清点的为准，金额我记不太清，账本可以提供。"),
          ("相关的进货凭证、账本或者合同能否提供？", rng.choice(["可以，明天送到你们单位。", "进货单据在仓库，找到后提供。"])),
          ("你是否知道这种行为违反了相关规定？", "现在知道了，以后一定按规定办理，请求从轻处理。"),
          ("上述情况是否属实？还有什么补充？", "属实，没有补充。")]
    for q, a in qa:
        blocks += [Para(f"问：{q}", 0), Para(f"答：{a}", 0)]
    blocks += [Gap(4), Para("以上笔录我已看过，与我说的一致。", 2),
               Sign([f"被询问人：{who.name}"], f"{ar_date(d)}"),
               Line(f"询问人签名：{h1.name}  {h2.name}        记录人签名：{c.recorder.name}")]
    doc.blocks = blocks
    return doc


def inspection(c: Case, rng: random.Random) -> Doc:
    d = c.dates["检查"]
    title = rng.choice(["现场检查笔录", "现场检查（勘验）笔录", "勘验笔录"]) if c.agency.code != "YLSW" else "现场检查笔录"
    doc = Doc("现场检查笔录", title, [], d)
    p = c.party
    h1, h2 = c.handlers
    who = p.legal_rep if isinstance(p, Org) else p
    rows = [["检查时间", f"{d.year}年{d.month}月{d.day}日{rng.randint(9, 16)}时{rng.randint(0, 5)}0分", "检查地点",
             f"{p.address}{c.place}"],
            ["被检查人", p.name, "统一社会信用代码" if isinstance(p, Org) else "身份证号",
             p.credit_code if isinstance(p, Org) else p.id_number],
            ["现场负责人", who.name, "联系电话", who.phone],
            ["执法人员", f"{h1.name}  {h2.name}", "执法证号", f"{h1.cert_no}  {h2.cert_no}"],
            ["记录人", c.recorder.name, "见证人", f"{c.witness.name}（{c.witness.id_number}）"],
            ["检查情况", (f"执法人员出示执法证件后，对当事人{c.place}进行检查。经查，当事人{c.fact}。"
                     f"现场拍摄照片{rng.randint(4, 16)}张，执法记录仪全程记录。")]]
    doc.party("当事人", p, True)
    if isinstance(p, Org):
        doc.party("法定代表人", who)
    doc.party("证人/见证人", c.witness, True)
    doc.officer(h1, "承办", True)
    doc.officer(h2, "承办", True)
    doc.officer(c.recorder, "记录", False)
    doc.blocks = [Title(c.agency.name, 15), Title(title, 20), Table(rows, [0.17, 0.33, 0.2, 0.3], {(5, 1): 3}, {5: 5}),
                  Para("被检查人对以上记录无异议。", 2),
                  Line(f"被检查人（签名）：{who.name}    见证人（签名）：{c.witness.name}"),
                  Line(f"执法人员（签名）：{h1.name}、{h2.name}"),
                  Sign([], f"日期：{ar_date(d, pad=rng.random() < 0.5)}")]
    return doc


def preserve_notice(c: Case, rng: random.Random) -> Doc:
    d = c.dates["存"]
    doc = Doc("证据先行登记保存通知书", "证据先行登记保存通知书", [], d)
    num = c.numbers["存"]
    doc.numbers.append(num)
    h1, h2 = c.handlers
    items = [["序号", "物品名称", "规格", "数量", "保存地点"]] + [
        [str(i + 1), rng.choice(["卷烟（软包）", "卷烟（硬包）", "雪茄型卷烟"]), f"{rng.randint(10, 20)}支/包",
         f"{rng.randint(2, 30)}条", "就地保存"] for i in range(rng.randint(2, 4))]
    doc.blocks = [Title(c.agency.name, 16), Title("证据先行登记保存通知书", 19), _number_line(num, rng),
                  _addressee(c, doc),
                  Para(f"因你（单位）涉嫌{c.cause}，在证据可能灭失或者以后难以取得的情况下，依据《中华人民共和国行政处罚法》"
                       f"第五十六条的规定，经本机关负责人批准，决定对下列物品予以先行登记保存，保存期限为七日。"),
                  Table(items, [0.1, 0.3, 0.2, 0.15, 0.25]),
                  _officer_line([h1, h2], doc, "承办", rng), _seal_block(c, d, rng, doc)]
    return doc


def rectify_notice(c: Case, rng: random.Random) -> Doc:
    d = c.dates["改"]
    title = _title(c, "责令改正通知书")
    doc = Doc("责令改正通知书", title, [], d)
    num = c.numbers["改"]
    doc.numbers.append(num)
    deadline = ar_date(date.fromordinal(d.toordinal() + 15))
    doc.body_dates["改正期限"] = date.fromordinal(d.toordinal() + 15).isoformat()
    doc.blocks = [Title(c.agency.name, 16), Title(title, 19), _number_line(num, rng), _addressee(c, doc),
                  Para(f"经查，你（单位）{c.fact}，违反了{c.basis}的规定。现责令你（单位）于{deadline}前改正上述违法行为。"),
                  Para("逾期不改正的，本机关将依法处理。"),
                  Line(f"联系人：{c.handlers[0].name}"),
                  _seal_block(c, d, rng, doc)]
    doc.officer(c.handlers[0], "承办", False)
    return doc


def power_of_attorney(c: Case, rng: random.Random) -> Doc:
    d = c.dates["委托"]
    doc = Doc("授权委托书", "授权委托书", [], d)
    p, ag = c.party, c.agent
    lines = [Title("授权委托书", 20, spaced=True), Gap(4)]
    if isinstance(p, Org):
        lines += [Line(f"委托单位：{p.name}"), Line(f"统一社会信用代码：{p.credit_code}"),
                  Line(f"{p.rep_title}：{p.legal_rep.name}    职务：{'经理' if p.kind != 'school' else '校长'}")]
        doc.party("当事人", p, True)
        doc.party("法定代表人", p.legal_rep)
    else:
        lines += [Line(f"委托人：{p.name}    身份证号：{p.id_number}")]
        doc.party("当事人", p, True)
    if c.firm:
        lines += [Line(f"受委托人：{ag.name}    工作单位：{c.firm}    职务：律师"), Line(f"联系电话：{ag.phone}")]
        doc.party("委托代理人", ag)
    else:
        lines += [Line(f"受委托人：{ag.name}    身份证号：{ag.id_number}"),
                  Line(f"工作单位：{p.name if isinstance(p, Org) else '无'}    联系电话：{ag.phone}")]
        doc.party("委托代理人", ag, True)
    lines += [Para(f"现委托{ag.name}在{c.agency.name}办理的{p.name}涉嫌{c.cause}一案中，作为我方代理人。"),
              Para(f"代理权限：{rng.choice(['一般代理', '特别授权：代为陈述、申辩，代为签收法律文书'])}。"),
              Para("委托期限：自签署之日起至本案行政处罚程序终结之日止。"), Gap(8)]
    sig = [f"委托人：{p.name}"] if isinstance(p, Org) else [f"委托人（签名）：{p.name}"]
    sig.append(f"受委托人（签名）：{ag.name}")
    seal = p.name if isinstance(p, Org) else None
    doc.under_seal = seal is not None
    lines.append(Sign(sig, _d(d, rng), seal=seal))
    doc.blocks = lines
    return doc


def prior_notice(c: Case, rng: random.Random) -> Doc:
    d = c.dates["告知"]
    title = _title(c, "行政处罚事先告知书")
    doc = Doc("行政处罚事先告知书", title, [], d)
    num = c.numbers["告"]
    doc.numbers.append(num)
    doc.body_dates["违法行为发生日"] = c.dates["违法"].isoformat()
    doc.blocks = [Title(c.agency.name, 16), Title(title, 19), _number_line(num, rng), _addressee(c, doc),
                  Para(f"经查，你（单位）于{ar_date(c.dates['违法'])}{c.fact}。以上事实有现场检查笔录、询问笔录、照片等证据证实。"),
                  Para(f"你（单位）的上述行为违反了{c.basis}的规定。依据{c.basis}的规定，本机关拟对你（单位）作出如下行政处罚："
                       f"{c.penalty}。"),
                  Para("根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。"
                       "如有陈述、申辩意见，请于收到本告知书之日起五日内向本机关提出，逾期视为放弃上述权利。"),
                  Line(f"联系人：{c.handlers[0].name}、{c.handlers[1].name}    联系电话：1380000{rng.randrange(10000):04d}"),
                  _seal_block(c, d, rng, doc)]
    doc.officer(c.handlers[0], "承办", False)
    doc.officer(c.handlers[1], "承办", False)
    return doc


def statement_record(c: Case, rng: random.Random) -> Doc:
    d = c.dates["陈述"]
    doc = Doc("陈述申辩笔录", "陈述申辩笔录", [], d)
    p, ag = c.party, c.agent
    h1, h2 = c.handlers
    doc.numbers.append(c.numbers["告"])
    blocks = [Title("陈述申辩笔录", 20), Line(f"时间：{ar_date(d)}{rng.randint(9, 16)}时{rng.randint(0, 5)}0分"),
              Line(f"地点：{c.agency.unit_name}"), Line(f"案由：{p.name}涉嫌{c.cause}案"),
              Line(f"陈述申辩人：{p.name}" + (f"    {p.rep_title}：{p.legal_rep.name}" if isinstance(p, Org) else "")),
              Line(f"委托代理人：{ag.name}" + (f"（{c.firm}律师）" if c.firm else f"，身份证号{ag.id_number}"))]
    doc.party("当事人", p)
    if isinstance(p, Org):
        doc.party("法定代表人", p.legal_rep)
    doc.party("委托代理人", ag, not c.firm)
    blocks += [_officer_line([h1, h2], doc, "承办", rng, "承办人"), Line(f"记录人：{c.recorder.name}")]
    doc.officer(c.recorder, "记录", False)
    blocks += [Para(f"承办人：本机关于{ar_date(c.dates['告知'])}向你方送达了{c.numbers['告']}告知书，现听取你方的陈述申辩意见。", 0),
               Para(f"代理人：对认定的违法事实没有异议，但{p.name}系初次违法，且已积极整改，请求从轻处罚。", 0),
               Para("承办人：还有其他意见吗？", 0), Para("代理人：没有了。", 0),
               Sign([f"陈述申辩人（代理人）签名：{ag.name}", f"承办人签名：{h1.name} {h2.name}"], ar_date(d))]
    doc.body_dates["告知日"] = c.dates["告知"].isoformat()
    doc.blocks = blocks
    return doc


def hearing_notice(c: Case, rng: random.Random) -> Doc:
    d = c.dates["告知"]
    doc = Doc("听证告知书", "听证告知书", [], d)
    num = c.numbers["告"].replace("号", "号")
    doc.numbers.append(num)
    doc.blocks = [Title(c.agency.name, 16), Title("行政处罚听证告知书" if rng.random() < 0.5 else "听证告知书", 19),
                  _addressee(c, doc),
                  Para(f"本机关在《行政处罚事先告知书》（{num}）中拟对你（单位）作出{c.penalty}的行政处罚。根据《中华人民共和国"
                       f"行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求听证。如要求听证，应当在收到本告知书之日起"
                       f"五日内向本机关提出，逾期视为放弃听证权利。"),
                  _seal_block(c, d, rng, doc)]
    doc.title = doc.blocks[1].text
    return doc


def legal_review(c: Case, rng: random.Random) -> Doc:
    d = c.dates["法审"]
    doc = Doc("法制审核意见书", "法制审核意见书", [], d)
    a, p = c.agency, c.party
    blocks = [Title(a.name, 16), Title("法制审核意见书", 19)]
    if "法审" in c.numbers:
        blocks.append(_number_line(c.numbers["法审"], rng))
        doc.numbers.append(c.numbers["法审"])
    doc.party("当事人", p)
    h1 = c.handlers[0]
    blocks += [Line(f"送审机构：{a.unit_name}    承办人：{h1.name}、{c.handlers[1].name}"),
               Para(f"{a.unit_name}报送的关于{p.name}涉嫌{c.cause}一案的材料收悉。经审核，现提出如下意见："),
               Para(f"一、当事人{p.name}{c.fact}，事实清楚，证据确实充分。"),
               Para(f"二、适用{c.basis}正确，程序合法。"),
               Para(f"三、拟作出“{c.penalty}”的处罚，裁量适当。同意按拟处理意见作出处罚决定。"),
               Sign([f"审核人：{a.reviewer.name}（执法证号：{a.reviewer.cert_no}）"], _d(d, rng, False))]
    doc.officer(h1, "承办", False)
    doc.officer(c.handlers[1], "承办", False)
    doc.officer(a.reviewer, "审核", True)
    doc.blocks = blocks
    return doc


def group_discussion(c: Case, rng: random.Random) -> Doc:
    d = c.dates["讨论"]
    doc = Doc("集体讨论记录", rng.choice(["集体讨论记录", "重大案件集体讨论记录"]), [], d)
    a, p = c.agency, c.party
    h1, h2 = c.handlers
    blocks = [Title(doc.title, 19), Line(f"时间：{cn_date(d) if rng.random() < 0.5 else ar_date(d)}"),
              Line(f"地点：{a.name}三楼会议室"), Line(f"主持人：{a.head.name}"),
              Line(f"参加人员：{a.head.name}、{a.reviewer.name}、{h1.name}、{h2.name}"),
              Line(f"记录人：{c.recorder.name}"), Line(f"案由：{p.name}涉嫌{c.cause}案"),
              Para(f"{h1.name}汇报案情：{ar_date(c.dates['立案'])}立案，经调查，{p.name}{c.fact}。"
                   f"本机关于{ar_date(c.dates['告知'])}送达事先告知书，当事人" +
                   ("提出了陈述申辩。" if c.agent else "未提出陈述申辩。"), 0),
              Para(f"{a.reviewer.name}：法制审核认为事实清楚，适用法律正确，同意处罚意见。", 0),
              Para(f"{a.head.name}：同意承办人意见，依据{c.basis}，决定{c.penalty}。", 0),
              Para(f"讨论决定：对{p.name}作出{c.penalty}的行政处罚。", 0),
              Line(f"参加人员签名：{a.head.name}  {a.reviewer.name}  {h1.name}  {h2.name}"),
              Line(f"记录人签名：{c.recorder.name}")]
    doc.party("当事人", p)
    doc.officer(a.head, "批准", False)
    doc.officer(a.reviewer, "审核", False)
    doc.officer(h1, "承办", False)
    doc.officer(h2, "承办", False)
    doc.officer(c.recorder, "记录", False)
    doc.body_dates["立案日"] = c.dates["立案"].isoformat()
    doc.body_dates["告知日"] = c.dates["告知"].isoformat()
    doc.blocks = blocks
    return doc


def decision(c: Case, rng: random.Random) -> Doc:
    d = c.dates["决定"]
    title = _title(c, "行政处罚决定书")
    doc = Doc("行政处罚决定书", title, [], d)
    num = c.numbers["决"]
    doc.numbers += [num, c.numbers["告"]]
    p = c.party
    blocks = [Title(c.agency.name, 16), Title(title, 20), _number_line(num, rng)]
    blocks += _party_lines(c, doc, rng)
    if c.agent:
        if c.firm:
            blocks.append(Line(f"委托代理人：{c.agent.name}，{c.firm}律师。"))
            doc.party("委托代理人", c.agent)
        else:
            blocks.append(Line(f"委托代理人：{c.agent.name}，身份证号：{c.agent.id_number}，系{p.name}员工。"))
            doc.party("委托代理人", c.agent, True)
    blocks += [Para(f"{ar_date(c.dates['发现'])}，本机关执法人员在检查中发现当事人涉嫌{c.cause}，"
                    f"于{ar_date(c.dates['立案'])}立案调查。"),
               Para(f"经查，当事人于{ar_date(c.dates['违法'])}{c.fact}。上述事实有现场检查笔录、询问笔录、现场照片等证据为证。"),
               Para(f"本机关于{ar_date(c.dates['告知'])}向当事人送达了《行政处罚事先告知书》（{c.numbers['告']}），"
                    + ("当事人委托代理人提出陈述申辩，经复核，其理由不足以免除处罚，不予采纳。" if c.agent
                       else "当事人在法定期限内未提出陈述申辩。")),
               Para(f"当事人的上述行为违反了{c.basis}的规定。依据{c.basis}，本机关决定：{c.penalty}。"),
               Para("当事人应当自收到本决定书之日起十五日内将罚款缴至指定银行。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。"),
               Para(f"如不服本决定，可以在收到本决定书之日起六十日内向岚川市{c.agency.name[3:] if c.agency.code != 'YLSW' else '税务局'}"
                    "申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"),
               Gap(6), _seal_block(c, d, rng, doc)]
    doc.body_dates["违法行为发生日"] = c.dates["违法"].isoformat()
    doc.body_dates["立案日"] = c.dates["立案"].isoformat()
    doc.body_dates["告知日"] = c.dates["告知"].isoformat()
    doc.blocks = blocks
    return doc


def service_receipt(c: Case, rng: random.Random, of_notice: bool) -> Doc:
    d = c.dates["送达2" if of_notice else "送达"]
    doc = Doc("送达回证", "送达回证", [], d)
    p = c.party
    served = (f"《{_title(c, '行政处罚事先告知书')}》{c.numbers['告']}" if of_notice
              else f"《{_title(c, '行政处罚决定书')}》{c.numbers['决']}")
    doc.numbers.append(c.numbers["告"] if of_notice else c.numbers["决"])
    server = c.handlers[rng.randrange(2)]
    signer_row: list[str]
    if isinstance(p, Org) and c.staff and rng.random() < 0.6:
        signer_row = ["代收人及代收理由", f"{c.staff.name}（{c.staff.job}），受送达人{p.rep_title}不在"]
        doc.party("受送达人", c.staff)
    elif c.agent and rng.random() < 0.5:
        signer_row = ["受送达人签名", f"{c.agent.name}（委托代理人）"]
        doc.party("委托代理人", c.agent)
    else:
        who = p.legal_rep if isinstance(p, Org) else p
        signer_row = ["受送达人签名", who.name]
        if isinstance(p, Org):
            doc.party("法定代表人", who)
    doc.party("受送达人", p)
    if isinstance(p, Person) and c.joint:
        doc.party("受送达人", c.joint)
    rows = [["送达文书名称及文号", served],
            ["受送达人", p.name + (f"、{c.joint.name}" if isinstance(p, Person) and c.joint else "")],
            ["送达地点", p.address],
            ["送达方式", rng.choice(["直接送达", "直接送达", "留置送达"])],
            signer_row,
            ["收到日期", ar_date(d) if rng.random() < 0.6 else f"{d.year}.{d.month}.{d.day}"],
            ["送达人", f"{server.name}（{server.cert_no}）"],
            ["备注", ""]]
    doc.officer(server, "送达", True)
    doc.blocks = [Title(c.agency.name, 16), Title("送达回证", 20, spaced=True), Table(rows, [0.28, 0.72], {}, {7: 2})]
    return doc


def reminder(c: Case, rng: random.Random) -> Doc:
    d = c.dates["催告"]
    doc = Doc("催告书", rng.choice(["催告书", "履行行政处罚决定催告书"]), [], d)
    num = c.numbers["催"]
    doc.numbers += [num, c.numbers["决"]]
    doc.body_dates["决定日"] = c.dates["决定"].isoformat()
    doc.body_dates["送达日"] = c.dates["送达"].isoformat()
    doc.blocks = [Title(c.agency.name, 16), Title(doc.title, 19), _number_line(num, rng), _addressee(c, doc),
                  Para(f"本机关于{ar_date(c.dates['决定'])}对你（单位）作出了{c.numbers['决']}《行政处罚决定书》，"
                       f"决定{c.penalty}，该决定书已于{ar_date(c.dates['送达'])}送达。你（单位）至今未履行。"),
                  Para("根据《中华人民共和国行政强制法》第三十五条的规定，现催告你（单位）自收到本催告书之日起十日内履行上述义务。"
                       "你（单位）有权进行陈述和申辩。逾期仍不履行的，本机关将依法申请人民法院强制执行。"),
                  _seal_block(c, d, rng, doc)]
    return doc


def closing_report(c: Case, rng: random.Random) -> Doc:
    d = c.dates["结案"]
    doc = Doc("结案报告", rng.choice(["结案报告", "行政处罚结案报告"]), [], d)
    a, p = c.agency, c.party
    h1, h2 = c.handlers
    doc.numbers += [c.numbers["立"], c.numbers["决"]]
    rows = [["案由", f"{c.cause}"], ["当事人", p.name + (f"、{c.joint.name}" if isinstance(p, Person) and c.joint else "")],
            ["立案号", c.numbers["立"]], ["立案日期", ar_date(c.dates["立案"])],
            ["处罚决定书文号", c.numbers["决"]], ["处罚内容", c.penalty],
            ["执行情况", f"当事人已于{ar_date(c.dates['结案'])}缴纳全部罚没款。" if rng.random() < 0.7 else "当事人已全部履行。"],
            ["承办人意见", (f"本案已执行完毕，建议结案。\n承办人：{h1.name}（{h1.cert_no}）、{h2.name}（{h2.cert_no}）    "
                          f"{ar_date(d)}")],
            ["审核意见", f"同意结案。    {a.reviewer.name}    {ar_date(d)}"],
            ["负责人审批", f"同意。    {a.head.name}    {ar_date(d)}"]]
    doc.party("当事人", p)
    if isinstance(p, Person) and c.joint:
        doc.party("当事人", c.joint)
    doc.officer(h1, "承办", True)
    doc.officer(h2, "承办", True)
    doc.officer(a.reviewer, "审核", False)
    doc.officer(a.head, "批准", False)
    doc.body_dates["立案日"] = c.dates["立案"].isoformat()
    doc.blocks = [Title(a.name, 16), Title(doc.title, 20), Table(rows, [0.24, 0.76], {}, {7: 3})]
    return doc


WRITERS = {
    "立案审批表": filing_form, "现场检查笔录": inspection, "证据先行登记保存通知书": preserve_notice,
    "责令改正通知书": rectify_notice, "授权委托书": power_of_attorney, "行政处罚事先告知书": prior_notice,
    "陈述申辩笔录": statement_record, "听证告知书": hearing_notice, "法制审核意见书": legal_review,
    "集体讨论记录": group_discussion, "行政处罚决定书": decision, "催告书": reminder, "结案报告": closing_report,
}


def write_documents(c: Case, rng: random.Random) -> list[Doc]:
    out, seen = [], {"询问笔录": 0, "送达回证": 0}
    for kind in c.kinds:
        if kind in seen:
            # The second interview is of another person; the second receipt is the notice's.
            out.append((interview if kind == "询问笔录" else service_receipt)(c, rng, seen[kind] == 1))
            seen[kind] += 1
        else:
            out.append(WRITERS[kind](c, rng))
    return out
