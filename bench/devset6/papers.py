"""One builder per kind of paper: each returns a Sheet (blocks and truth) for one matter.

Layouts vary with the agency's house style (how 执法证号 are printed, forms
with the label beside or above its value, the seal date in Chinese numerals)
and with the draw of each paper (a seal over the date or above it, an
identifier printed or not).
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from bench.devset6.identities import Organisation
from bench.devset6.matters import Matter
from bench.devset6.sheet import (
    Fields,
    Grid,
    Heading,
    Letterhead,
    Ref,
    Sheet,
    Sign,
    Signoff,
    Space,
    Text,
)

_CN = "〇一二三四五六七八九"


def _cn_num(n: int) -> str:
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def day(d: date, style: str = "arabic") -> str:
    if style == "cn":
        return "".join(_CN[int(c)] for c in str(d.year)) + f"年{_cn_num(d.month)}月{_cn_num(d.day)}日"
    if style == "pad":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "spaced":
        return f"{d.year} 年 {d.month} 月 {d.day} 日"
    return f"{d.year}年{d.month}月{d.day}日"


def _span(rng: random.Random) -> str:
    h = rng.randint(8, 16)
    m = rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))
    length = rng.randint(35, 95)
    h2, m2 = divmod(h * 60 + m + length, 60)
    return f"{h}时{m:02d}分至{h2}时{m2:02d}分"


def _you(m: Matter) -> str:
    return "你单位" if m.is_org else "你"


def _head_title(m: Matter) -> str:
    name = m.agency.name
    return "支队长" if name.endswith("支队") else "大队长" if name.endswith("大队") else "局长"


def _sheet(m: Matter, doc_type: str) -> Sheet:
    return Sheet(m.label, m.agency.code, doc_type)


def _party_is(s: Sheet, m: Matter, identifier: bool, role: str = "当事人", with_head: bool = False,
              head_id: bool = False) -> None:
    s.party(role, m.party, identifier)
    if with_head and isinstance(m.party, Organisation):
        s.party("法定代表人", m.party.head, head_id)


def _officer_blocks(s: Sheet, m: Matter, rng: random.Random, labels=("执法人员", "记录人"),
                    roles=("承办", "记录")) -> list:
    """The two officers and their 执法证号, laid out the agency's way."""
    a, b = m.officers
    cl = m.agency.house.cert_label
    style = m.agency.house.certs
    s.officer(a, roles[0], True)
    s.officer(b, roles[1] if labels[1] else roles[0], True)
    if style == "column":
        rows = [[(labels[0], 0.2), ("姓名", 0.25), (cl, 0.55)], [("", 0.2), (a.name, 0.25), (a.cert_no, 0.55)],
                [("", 0.2), (b.name, 0.25), (b.cert_no, 0.55)]]
        out: list = [Grid(rows, 1.3)]
        if labels[1]:
            out.append(Fields([[(f"{labels[1]}：", b.name)]]))
        return out
    if style == "nextline":
        rows = [[(f"{labels[0]}：", f"{a.name}　　{b.name}")], [(f"{cl}：", f"{a.cert_no}　　{b.cert_no}")]]
        if labels[1]:
            rows.append([(f"{labels[1]}：", b.name)])
        return [Fields(rows)]
    joined = f"{a.name}（{cl}：{a.cert_no}）、{b.name}（{cl}：{b.cert_no}）"
    rows = [[(f"{labels[0]}：", joined)]]
    if labels[1]:
        rows.append([(f"{labels[1]}：", b.name)])
    return [Fields(rows)]


def _signoff(s: Sheet, m: Matter, rng: random.Random, d: date, lines: list[str] | None = None,
             seal: str | None = None, style: str | None = None) -> None:
    over = rng.random() < 0.7
    s.add(Space(1.2), Signoff(lines or [m.agency.name], day(d, style or m.agency.house.seal_date),
                              seal or m.agency.name, over))
    s.own_date(d, over)


# -- 程序启动 ------------------------------------------------------------------------------------------

def filing(m: Matter, rng: random.Random, title: str | None = None) -> Sheet:
    s = _sheet(m, "立案审批表")
    police = m.agency.code == "GA"
    title = title or ("立案审批表" if rng.random() < 0.6 else "案件立案审批表")
    a, b = m.officers
    chief, head = m.agency.heads[1], m.agency.heads[0]
    p = m.party
    d_file = m.dates["file"]
    d_hand = d_file - timedelta(days=rng.choice((0, 1)))
    s.add(Text(m.agency.name, indent=False, align="center"), Heading(title))
    number = s.no(m.no("立案"))
    above = m.agency.house.forms == "above"
    s.add(Ref(f"{'受案号' if police else '立案号' if above else '编号'}：{number}"))
    rows: list[list[tuple[str, float]]] = []
    rows.append([("案件来源", 0.18), (m.source, 0.32), ("受案时间" if police else "发现时间", 0.18),
                 (day(m.dates["inspect"]), 0.32)])
    if isinstance(p, Organisation):
        s.party("当事人", p, True)
        s.party("法定代表人", p.head, False)
        if above:
            rows.append([(f"单位名称\n{p.name}", 0.5), (f"统一社会信用代码\n{p.credit_code}", 0.5)])
            rows.append([(f"{p.head_title}\n{p.head.name}", 0.3), (f"联系电话\n{p.head.phone}", 0.3),
                         (f"住所\n{p.address}", 0.4)])
        else:
            rows.append([("当事人名称", 0.18), (p.name, 0.32), ("统一社会信用代码", 0.18), (p.credit_code, 0.32)])
            rows.append([(p.head_title, 0.18), (p.head.name, 0.32), ("联系电话", 0.18), (p.head.phone, 0.32)])
            rows.append([("住所", 0.18), (p.address, 0.82)])
    else:
        s.party("当事人", p, True)
        who = "违法嫌疑人" if police else "当事人"
        if above:
            rows.append([(f"{who}姓名\n{p.name}", 0.3), (f"性别\n{p.sex}", 0.2), (f"身份证号码\n{p.id_number}", 0.5)])
            rows.append([(f"住址\n{p.address}", 0.65), (f"联系电话\n{p.phone}", 0.35)])
        else:
            rows.append([(f"{who}姓名", 0.18), (p.name, 0.17), ("性别", 0.1), (p.sex, 0.1), ("身份证号码", 0.15),
                         (p.id_number, 0.3)])
            rows.append([("住址", 0.18), (p.address, 0.47), ("联系电话", 0.15), (p.phone, 0.2)])
    rows.append([("案由", 0.18), (f"涉嫌{m.cause}", 0.82)])
    summary = (f"{day(m.dates['inspect'])}，执法人员在{m.place}检查时发现，{p.name}{m.fact}。"
               if not police else f"{day(m.dates['inspect'])}，接110指令：{m.place}有人打架。经出警查明，{p.name}{m.fact}。")
    rows.append([("简要案情", 0.18), (summary, 0.82)])
    cl = m.agency.house.cert_label
    if m.agency.house.certs == "column":
        rows.append([("承办人", 0.18), (a.name, 0.32), (cl, 0.18), (a.cert_no, 0.32)])
        rows.append([("", 0.18), (b.name, 0.32), ("", 0.18), (b.cert_no, 0.32)])
        s.officer(a, "承办", True)
        s.officer(b, "承办", True)
        hand = f"建议{'受理为行政案件' if police else '立案调查'}。\n签名：{a.name}　{b.name}　　{day(d_hand, 'spaced')}"
    else:
        printed = rng.random() < 0.6
        s.officer(a, "承办", printed)
        s.officer(b, "承办", printed)
        names = (f"{a.name}（{a.cert_no}）　{b.name}（{b.cert_no}）" if printed else f"{a.name}　{b.name}")
        hand = f"当事人涉嫌{m.cause}，建议{'受理' if police else '立案'}。\n承办人：{names}\n{day(d_hand, 'spaced')}"
    rows.append([("承办人意见", 0.18), (hand, 0.82)])
    s.officer(chief, "审核", False)
    rows.append([("承办机构意见", 0.18), (f"同意，报请负责人审批。\n{chief.name}　　{day(d_hand, 'spaced')}", 0.82)])
    s.officer(head, "批准", False)
    approval = f"同意{'受案' if police else '立案'}，由{a.name}、{b.name}承办。\n{head.name}　　{day(d_file, 'spaced')}"
    rows.append([("负责人审批意见", 0.18), (approval, 0.82)])
    s.add(Grid(rows, 1.7))
    s.own_date(d_file)
    s.body_dates["发现日"] = m.dates["inspect"].isoformat()
    return s


# -- 调查取证 ------------------------------------------------------------------------------------------

def inspection(m: Matter, rng: random.Random, title: str | None = None) -> Sheet:
    s = _sheet(m, "现场检查笔录")
    title = title or ("现场检查（勘验）笔录" if m.agency.code == "HB" else "现场检查笔录")
    p = m.party
    d = m.dates["inspect"]
    s.add(Letterhead(m.agency.name, "none"), Heading(title, spaced=rng.random() < 0.4))
    rows = [[("检查时间：", f"{day(d)}{_span(rng)}")], [("检查地点：", m.place)]]
    if isinstance(p, Organisation):
        rows += [[("被检查单位：", p.name)], [("统一社会信用代码：", p.credit_code)],
                 [(f"{p.head_title}：", p.head.name), ("联系电话：", p.head.phone)]]
        s.party("当事人", p, True)
        s.party("法定代表人", p.head, False)
    else:
        rows += [[("当事人：", p.name), ("性别：", p.sex)], [("身份证号码：", p.id_number)], [("住址：", p.address)]]
        s.party("当事人", p, True)
    s.add(Fields(rows))
    s.add(*_officer_blocks(s, m, rng, ("检查人员" if rng.random() < 0.5 else "执法人员", "记录人")))
    if m.witness:
        w = m.witness
        s.add(Fields([[("见证人：", w.person.name), ("身份证号码：", w.person.id_number)], [("工作单位或住址：", w.job)]]))
        s.party("见证人", w.person, True)
    s.add(Text(f"执法人员共2人，已向{'被检查单位在场负责人' if m.is_org else '当事人'}出示执法证件，表明身份，告知其依法享有陈述、"
               "申辩和申请回避的权利，对方表示不申请回避。检查过程使用执法记录仪全程记录。"))
    s.add(Text(f"现场情况：经检查，{p.name}{m.fact}。执法人员对现场进行了拍照，共拍摄照片{rng.randint(4, 12)}张。"))
    if m.items:
        s.add(Text("现场发现并登记的物品见先行登记保存清单。"))
    s.add(Space(0.6), Sign(f"{'被检查单位负责人' if m.is_org else '当事人'}签名：",
                           [p.head.name if isinstance(p, Organisation) else p.name], day(d)))
    s.add(Sign("执法人员签名：", [o.name for o in m.officers], day(d)))
    if m.witness:
        s.add(Sign("见证人签名：", [m.witness.person.name], day(d)))
    s.own_date(d)
    return s


_OPENING = ("我们是{agency}的执法人员{names}，这是我们的执法证件（出示），请你过目。现依法就{subject}一事向你调查了解情况，"
            "你应当如实回答，不得作伪证或者隐瞒证据，对与本案无关的问题有权拒绝回答。你听清楚了吗？")


def interview(m: Matter, rng: random.Random, who: str = "staff") -> Sheet:
    s = _sheet(m, "询问笔录")
    p = m.party
    org = p if isinstance(p, Organisation) else None
    if who == "staff":
        person, job = m.staff.person, m.staff.job
    elif who == "agent":
        person, job = m.agent.person, m.agent.job
    elif who == "head":
        person, job = org.head, org.head_title
    elif who == "witness":
        person, job = m.witness.person, m.witness.job
    else:
        person, job = p, ""
    d = m.dates["interview2" if who in ("agent", "witness") else "interview"]
    police = m.agency.code == "GA"
    title = "询问笔录" if police or rng.random() < 0.6 else "调查询问笔录"
    s.add(Heading(title, spaced=rng.random() < 0.5), Ref("第1次询问", align="center"))
    rows = [[("时间：", f"{day(d, 'pad')}{_span(rng)}")],
            [("地点：", rng.choice((f"{m.agency.name}询问室", m.place, f"{m.agency.name}{m.agency.unit_name}办公室")))]]
    s.add(Fields(rows))
    s.add(*_officer_blocks(s, m, rng, ("询问人", "记录人"), ("承办", "记录")))
    rows = [[("被询问人：", person.name), ("性别：", person.sex), ("出生日期：", day(person.born))],
            [("身份证号码：", person.id_number)], [("住址：", person.address)], [("联系电话：", person.phone)]]
    if org and who != "party":
        rows.insert(2, [("工作单位：", org.name), ("职务：", job)])
    elif who == "witness":
        rows.insert(2, [("职业：", job)])
    s.add(Fields(rows))
    s.party("被询问人", person, True)
    subject = f"{p.name}涉嫌{m.cause}"
    names = "、".join(o.name for o in m.officers)
    turns = [(_OPENING.format(agency=m.agency.name, names=names, subject=subject), "听清楚了。"),
             ("你是否申请执法人员回避？", "不申请。")]
    if org and who in ("staff", "head", "agent"):
        if who == "agent":
            turns.append(("你以什么身份接受询问？",
                          f"我是公司的{job}，受公司{org.head_title}{org.head.name}委托接受询问，已提交授权委托书。"))
            s.party("委托代理人", person, True)
        else:
            turns.append(("请说一下你的身份。", f"我在{org.name}担任{job}。"))
        if who == "head":
            s.party("法定代表人", person, True)
        if org.is_sole_trader:
            a = f"店是个体工商户，字号是{org.name}，统一社会信用代码是{org.credit_code}，经营者是{org.head.name}。"
        else:
            a = (f"公司全称是{org.name}，统一社会信用代码{org.credit_code}，法定代表人是{org.head.name}，"
                 f"住所在{org.address}。")
        turns.append(("请介绍一下单位的基本情况。", a))
        s.party("当事人", org, True)
        if who != "head":
            s.party("法定代表人", org.head, False)
    elif who == "witness":
        s.party("证人", person, True)
        s.party("当事人", p, False)
        turns.append((f"{day(m.dates['occur'])}你在哪里？看到了什么？",
                      f"当时我在村道边上，看到{p.name}和邻居吵架，{p.name}用拳头朝对方脸上打了一拳，对方鼻子出血了。"))
        turns.append(("你和双方是什么关系？", "都是一个组的村民，没有亲戚关系。"))
    else:
        s.party("当事人", p, True)
        turns.append(("请说一下你的基本情况。", f"我叫{p.name}，住在{p.address}。"))
    if who != "witness":
        turns += m.qa
    turns += [("你还有什么需要补充的吗？", "没有了。"),
              ("以上笔录请你核对，如记录有误，可以更正或者补充。", "以上笔录我已看过，和我说的一致。")]
    for q, a in turns:
        s.add(Text(f"问：{q}", indent=False), Text(f"答：{a}", indent=False))
    s.add(Space(0.5), Sign("被询问人签名：", [person.name], day(d)))
    s.add(Sign("询问人签名：", [o.name for o in m.officers]))
    s.own_date(d)
    return s


def preservation(m: Matter, rng: random.Random) -> Sheet:
    s = _sheet(m, "先行登记保存证据通知书")
    p = m.party
    d = m.dates["inspect"]
    s.add(Letterhead(m.agency.name, m.agency.house.rule), Heading("证据先行登记保存通知书"), Ref(s.no(m.no("保存"))))
    s.add(Text(f"{p.name}：", indent=False))
    s.party("当事人", p, False)
    end = d + timedelta(days=7)
    s.add(Text(f"因{_you(m)}涉嫌{m.cause}，在证据可能灭失或者以后难以取得的情况下，根据《中华人民共和国行政处罚法》"
               f"第五十六条的规定，本机关决定对下列物品先行登记保存，保存期限自{day(d)}至{day(end)}。"
               "在此期间，当事人或者有关人员不得损毁、销毁或者转移证据。"))
    rows = [[("序号", 0.1), ("物品名称", 0.45), ("规格", 0.2), ("数量", 0.25)]]
    rows += [[(str(i + 1), 0.1), (n, 0.45), (sp, 0.2), (q, 0.25)] for i, (n, sp, q) in enumerate(m.items)]
    s.add(Grid(rows, 1.4), Text(f"保存地点：{m.place if rng.random() < 0.5 else m.agency.name + '物证保管室'}", indent=False))
    s.body_dates["保存期限届满日"] = end.isoformat()
    s.add(*_officer_blocks(s, m, rng, ("执法人员", ""), ("承办", "承办")))
    _signoff(s, m, rng, d)
    s.add(Sign("当事人签收：", [p.head.name if isinstance(p, Organisation) else p.name], day(d)))
    if isinstance(p, Organisation):
        s.party(p.head_title if p.head_title == "法定代表人" else "法定代表人", p.head, False)
    if m.witness:
        s.add(Sign("见证人：", [m.witness.person.name], day(d)))
        s.party("见证人", m.witness.person, False)
    return s


def mandate(m: Matter, rng: random.Random) -> Sheet:
    s = _sheet(m, "授权委托书")
    org: Organisation = m.party
    ag = m.agent.person
    d = m.dates["mandate"]
    s.add(Space(1), Heading("授权委托书", 1.1), Space(0.5))
    s.add(Fields([[("委托人：", org.name)], [("统一社会信用代码：", org.credit_code)],
                  [("法定代表人：", org.head.name), ("职务：", "执行董事" if rng.random() < 0.5 else "总经理")],
                  [("受托人：", ag.name), ("性别：", ag.sex)], [("身份证号码：", ag.id_number)],
                  [("工作单位及职务：", m.agent.job)], [("联系电话：", ag.phone)]]))
    s.add(Text(f"现委托{ag.name}作为我单位在{m.agency.name}办理的我单位涉嫌{m.cause}一案中的委托代理人。"))
    s.add(Text("代理权限：代为陈述、申辩，代为提交和核对证据材料，代为签收与本案有关的法律文书。"))
    s.add(Text("委托期限：自本委托书签署之日起至本案办结之日止。"))
    s.party("当事人", org, True)
    s.party("法定代表人", org.head, False)
    s.party("委托代理人", ag, True)
    over = rng.random() < 0.6
    s.add(Space(1.5), Signoff([f"委托人（盖章）：{org.name}", f"法定代表人（签字）：{org.head.name}"], day(d),
                              org.name, over))
    s.own_date(d, over)
    return s


def statement(m: Matter, rng: random.Random) -> Sheet:
    s = _sheet(m, "陈述申辩笔录")
    p = m.party
    d = m.dates["statement"]
    s.add(Heading("陈述申辩笔录"), Fields([[("时间：", f"{day(d)}{_span(rng)}")], [("地点：", f"{m.agency.name}{m.agency.unit_name}")],
                                         [("陈述申辩人：", p.name), ("性别：", p.sex)], [("身份证号码：", p.id_number)],
                                         [("联系电话：", p.phone)]]))
    s.party("当事人", p, True)
    s.add(*_officer_blocks(s, m, rng))
    notice = s.no(m.no("告知"))
    served = m.dates["notice_served"]
    s.body_dates["告知书送达日"] = served.isoformat()
    for q, a in [(f"本机关于{day(served)}向你送达了{notice}《行政处罚事先告知书》，你对告知的违法事实、理由和依据有无异议？",
                  "对事实没有异议。"),
                 ("你有什么陈述和申辩意见？", m.plea or "请求从轻处罚。"), ("你有无新的证据需要提供？", "没有。"),
                 ("以上笔录请核对。", "以上记录属实。")]:
        s.add(Text(f"问：{q}", indent=False), Text(f"答：{a}", indent=False))
    s.add(Space(0.5), Sign("陈述申辩人签名：", [p.name], day(d)), Sign("执法人员签名：", [o.name for o in m.officers]))
    s.own_date(d)
    return s


# -- 审查决定 ------------------------------------------------------------------------------------------

def notice(m: Matter, rng: random.Random, title: str | None = None) -> Sheet:
    s = _sheet(m, "行政处罚事先告知书")
    if m.agency.code == "GA":
        return _police_notice(m, rng, s)
    p = m.party
    d = m.dates["notice"]
    title = "行政处罚听证告知书" if m.hearing else "行政处罚事先告知书"
    s.add(Letterhead(m.agency.name, m.agency.house.rule), Heading(title),
          Ref(s.no(m.no("告知")), align=rng.choice(("right", "center"))))
    s.add(Text(f"{p.name}：", indent=False))
    s.party("当事人", p, False)
    you = _you(m)
    s.add(Text(f"经查，{you}于{day(m.dates['occur'])}{m.fact}。上述事实有现场检查笔录、询问笔录、现场照片等证据证实。"))
    s.add(Text(f"{you}的上述行为违反了{m.law}的规定。依据{m.basis}的规定，本机关拟对{you}作出如下行政处罚：{m.penalty}。"))
    extra = "、第六十三条、第六十四条" if m.hearing else ""
    ask = "，并有权要求举行听证" if m.hearing else ""
    s.add(Text(f"根据《中华人民共和国行政处罚法》第四十四条、第四十五条{extra}的规定，{you}有权进行陈述和申辩{ask}。"
               f"{you}如需陈述、申辩{'或者要求听证' if m.hearing else ''}，应当在收到本告知书之日起"
               f"{'五' if m.hearing else '三'}日内向本机关提出，逾期视为放弃上述权利。"))
    a = m.officers[0]
    s.add(Text(f"联系人：{a.name}　　联系电话：0779-{rng.randint(2000000, 8999999)}", indent=False))
    s.officer(a, "承办", False)
    s.body_dates["违法行为发生日"] = m.dates["occur"].isoformat()
    _signoff(s, m, rng, d)
    return s


def _police_notice(m: Matter, rng: random.Random, s: Sheet) -> Sheet:
    p = m.party
    d = m.dates["notice"]
    s.add(Heading("行政处罚告知笔录"), Fields([[("告知时间：", f"{day(d)}{_span(rng)}")], [("告知地点：", f"{m.agency.name}办案区")]]))
    s.add(*_officer_blocks(s, m, rng, ("告知人", "记录人")))
    s.add(Fields([[("被告知人：", p.name), ("性别：", p.sex)], [("身份证号码：", p.id_number)], [("住址：", p.address)]]))
    s.party("当事人", p, True)
    s.add(Text(f"告知内容：你于{day(m.dates['occur'])}{m.fact}。依据{m.basis}之规定，公安机关拟对你作出{m.penalty}的处罚。"
               "根据《中华人民共和国治安管理处罚法》第九十四条之规定，你有权陈述和申辩。对你提出的事实、理由和证据，公安机关将进行复核。"))
    s.add(Text("问：对上述告知内容，你是否提出陈述和申辩？", indent=False), Text("答：我不提出陈述和申辩。", indent=False))
    s.add(Space(0.5), Sign("被告知人：", [p.name], day(d)), Sign("告知人：", [o.name for o in m.officers]))
    s.body_dates["违法行为发生日"] = m.dates["occur"].isoformat()
    s.own_date(d)
    return s


def review(m: Matter, rng: random.Random) -> Sheet:
    s = _sheet(m, "法制审核意见书")
    p = m.party
    d = m.dates["review"]
    r = m.agency.reviewer
    a, b = m.officers
    s.add(Text(m.agency.name, indent=False, align="center"), Heading("重大执法决定法制审核意见书"))
    rows = [[("案件名称", 0.2), (f"{p.name}涉嫌{m.cause}案", 0.8)]]
    if rng.random() < 0.5:
        rows.append([("案号", 0.2), (s.no(m.no("立案")), 0.8)])
    rows += [[("承办机构", 0.2), (m.agency.unit_name, 0.3), ("承办人", 0.2), (f"{a.name}、{b.name}", 0.3)],
             [("送审时间", 0.2), (day(d - timedelta(days=2)), 0.3), ("审核时间", 0.2), (day(d), 0.3)]]
    s.add(Grid(rows, 1.6))
    s.officer(a, "承办", False)
    s.officer(b, "承办", False)
    s.party("当事人", p, False)
    s.add(Text(f"承办机构报送的{p.name}涉嫌{m.cause}一案，经审核：{m.agency.unit_name}于{day(m.dates['file'])}立案后，"
               f"查明当事人{p.name}{m.fact}。上述事实有现场检查笔录、询问笔录、照片及相关书证等证据证实，事实清楚，证据确凿。"))
    s.add(Text(f"当事人的行为违反了{m.law}的规定，适用{m.basis}，法律依据正确。办案程序合法，拟作出的“{m.penalty}”"
               "在法定幅度和裁量基准范围内，裁量适当。"))
    s.add(Text("审核意见：同意承办机构的处理意见，建议提交集体讨论决定。"))
    printed = rng.random() < 0.6
    s.officer(r, "审核", printed)
    s.add(Space(0.6), Sign("法制审核人员：", [r.name + (f"（执法证号：{r.cert_no}）" if printed else "")], day(d), "right"))
    s.own_date(d)
    return s


def discussion(m: Matter, rng: random.Random) -> Sheet:
    s = _sheet(m, "集体讨论记录")
    p = m.party
    d = m.dates["discussion"]
    head, deputy = m.agency.heads
    r = m.agency.reviewer
    a, b = m.officers
    s.add(Heading("案件集体讨论记录"))
    s.add(Fields([[("时间：", f"{day(d)}14时30分")], [("地点：", "本机关三楼会议室")],
                  [("主持人：", f"{head.name}（{_head_title(m)}）")],
                  [("参加人员：", f"{deputy.name}（副{_head_title(m)}）、{r.name}（法制审核员）、{a.name}、{b.name}")],
                  [("记录人：", b.name)], [("讨论案件：", f"{p.name}涉嫌{m.cause}案")]]))
    s.officer(head, "批准", False)
    s.officer(deputy, "审核", False)
    s.officer(r, "审核", False)
    s.officer(a, "承办", False)
    s.officer(b, "记录", False)
    s.party("当事人", p, False)
    s.add(Text(f"{a.name}汇报案情：{day(m.dates['occur'])}，{p.name}{m.fact}。当事人的行为违反了{m.law}的规定，"
               f"承办人建议依据{m.basis}，对当事人作出{m.penalty}的行政处罚。"
               f"本机关已于{day(m.dates['notice_served'])}告知当事人拟处罚内容及其权利，当事人未提出陈述、申辩和听证要求。"))
    s.add(Text(f"{r.name}：法制审核认为本案事实清楚，证据充分，程序合法，处罚幅度适当。"))
    s.add(Text(f"{deputy.name}：同意承办人意见，建议督促当事人尽快整改到位。"))
    s.add(Text(f"{head.name}：经集体讨论，一致同意对{p.name}作出{m.penalty}的行政处罚，由承办机构制作处罚决定书并依法送达。"))
    s.body_dates["告知日"] = m.dates["notice_served"].isoformat()
    s.add(Space(0.6), Sign("参加人员签名：", [head.name, deputy.name, r.name, a.name, b.name]))
    s.own_date(d)
    return s


def decision(m: Matter, rng: random.Random) -> Sheet:
    s = _sheet(m, "行政处罚决定书")
    p = m.party
    d = m.dates["decision"]
    police = m.agency.code == "GA"
    s.add(Letterhead(m.agency.name, m.agency.house.rule), Heading("行政处罚决定书"),
          Ref(s.no(m.no("决定")), align=rng.choice(("right", "center"))))
    if isinstance(p, Organisation):
        head_id = rng.random() < 0.35 or p.is_sole_trader
        lines = [f"当事人：{p.name}{'（个体工商户）' if p.is_sole_trader else ''}", f"统一社会信用代码：{p.credit_code}",
                 f"{'经营场所' if p.is_sole_trader else '住所'}：{p.address}",
                 f"{p.head_title}：{p.head.name}" + (f"，身份证号码：{p.head.id_number}" if head_id else "")]
        s.party("当事人", p, True)
        s.party("法定代表人", p.head, head_id)
        for line in lines:
            s.add(Text(line, indent=False))
    else:
        who = "违法行为人" if police else "当事人"
        s.add(Text(f"{who}：{p.name}，{p.sex}，{day(p.born)}出生，身份证号码：{p.id_number}，住址：{p.address}。", indent=False))
        s.party("当事人", p, True)
    you = "当事人" if not police else "违法行为人"
    s.add(Text(f"{m.source if not police else '接110指令'}，本机关于{day(m.dates['file'])}对{p.name}涉嫌{m.cause}一案"
               f"{'受案调查' if police else '立案调查'}。"))
    s.add(Text(f"经查明：{day(m.dates['occur'])}，{you}{m.fact}。"))
    s.add(Text("以上事实有现场检查笔录、询问笔录、现场照片、视听资料及当事人身份材料等证据证实。"))
    s.body_dates["违法行为发生日"] = m.dates["occur"].isoformat()
    if police:
        s.add(Text("公安机关已依法告知违法行为人拟作出行政处罚的事实、理由、依据及其依法享有的陈述、申辩权利，违法行为人未提出陈述和申辩。"))
    else:
        kinds = [k for k, _ in m.papers]
        s.add(Text(f"本机关于{day(m.dates['notice'])}以{s.no(m.no('告知'))}《{'行政处罚听证告知书' if m.hearing else '行政处罚事先告知书'}》"
                   f"告知当事人拟作出行政处罚的事实、理由、依据及依法享有的陈述、申辩{'、要求听证' if m.hearing else ''}等权利。"))
        s.body_dates["告知日"] = m.dates["notice"].isoformat()
        if "statement" in kinds:
            s.add(Text(f"当事人于{day(m.dates['statement'])}提出陈述、申辩，称“{m.plea}”。经复核，当事人提出的理由不属于"
                       "法定从轻或者减轻处罚的情形，本机关不予采纳。"))
        else:
            s.add(Text("当事人在法定期限内未提出陈述、申辩" + ("和听证要求。" if m.hearing else "。")))
    s.add(Text(f"本机关认为，{you}的上述行为违反了{m.law}的规定。依据{m.basis}的规定，决定给予如下行政处罚：{m.penalty}。"))
    if "罚款" in m.penalty and not police:
        s.add(Text("当事人应当自收到本决定书之日起十五日内，持本决定书到汀澜农商银行各营业网点或者通过“汀澜非税缴款”"
                   "缴纳罚款。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。"))
    court = "鹭洲区人民法院" if rng.random() < 0.5 else "砾阳区人民法院"
    s.add(Text(f"如不服本决定，可以在收到本决定书之日起六十日内向汀澜市人民政府申请行政复议，或者在六个月内依法向{court}"
               "提起行政诉讼。行政复议和行政诉讼期间，本决定不停止执行。"))
    _signoff(s, m, rng, d)
    return s


# -- 送达执行 ------------------------------------------------------------------------------------------

def receipt(m: Matter, rng: random.Random, served: str = "decision", signer: str = "party") -> Sheet:
    s = _sheet(m, "送达回证")
    p = m.party
    d = m.dates["decision_served" if served == "decision" else "notice_served"]
    paper = ("行政处罚决定书", m.no("决定")) if served == "decision" else (
        "行政处罚听证告知书" if m.hearing else "行政处罚事先告知书", m.no("告知"))
    s.no(paper[1])
    s.add(Text(m.agency.name, indent=False, align="center"), Heading("送 达 回 证"))
    a, b = m.officers
    cl = m.agency.house.cert_label
    if isinstance(p, Organisation):
        sign = {"agent": m.agent.person if m.agent else p.head, "head": p.head}.get(signer, p.head)
    else:
        sign = p
    rows = [[("送达文书名称及文号", 0.28), (f"《{paper[0]}》\n{paper[1]}", 0.72)],
            [("受送达人", 0.28), (p.name, 0.72)],
            [("送达地点", 0.28), (p.address, 0.72)],
            [("送达方式", 0.28), ("直接送达", 0.72)]]
    if m.agency.house.certs == "column":
        rows += [[("送达人", 0.28), (a.name, 0.24), (cl, 0.2), (a.cert_no, 0.28)],
                 [("", 0.28), (b.name, 0.24), ("", 0.2), (b.cert_no, 0.28)]]
    else:
        rows.append([("送达人", 0.28), (f"{a.name}（{a.cert_no}）　{b.name}（{b.cert_no}）", 0.72)])
    s.officer(a, "承办", True)
    s.officer(b, "承办", True)
    rows.append([("受送达人签名或盖章", 0.28), (f"{sign.name}\n{day(d, 'spaced')}", 0.72)])
    note = ""
    if sign is not p and isinstance(p, Organisation):
        note = f"由{p.name}{'委托代理人' if signer == 'agent' else p.head_title}{sign.name}签收。"
        s.party("委托代理人" if signer == "agent" and m.agent else "法定代表人", sign, False)
    rows.append([("备注", 0.28), (note, 0.72)])
    s.party("受送达人", p, False)
    s.add(Grid(rows, 2.0))
    s.own_date(d)
    return s


def reminder(m: Matter, rng: random.Random) -> Sheet:
    s = _sheet(m, "催告书")
    p = m.party
    d = m.dates["reminder"]
    you = _you(m)
    s.add(Letterhead(m.agency.name, m.agency.house.rule), Heading("催告书"), Ref(s.no(m.no("催告"))))
    s.add(Text(f"{p.name}：", indent=False))
    s.party("当事人", p, False)
    dec = s.no(m.no("决定"))
    duty = "履行缴纳罚款义务" if "罚款" in m.penalty else "自行拆除违法建设"
    s.add(Text(f"本机关于{day(m.dates['decision'])}对{you}作出《行政处罚决定书》（{dec}），决定：{m.penalty}。该决定书已于"
               f"{day(m.dates['decision_served'])}依法送达{you}。{you}在法定期限内未申请行政复议或者提起行政诉讼，至今未{duty}。"))
    s.add(Text(f"根据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告{you}自收到本催告书之日起十日内{duty}。"
               f"逾期仍未履行的，本机关将依法申请人民法院强制执行。{you}有权进行陈述和申辩。"))
    s.body_dates["决定日"] = m.dates["decision"].isoformat()
    s.body_dates["决定送达日"] = m.dates["decision_served"].isoformat()
    _signoff(s, m, rng, d)
    return s


def closing(m: Matter, rng: random.Random) -> Sheet:
    s = _sheet(m, "结案报告")
    p = m.party
    a, b = m.officers
    head = m.agency.heads[0]
    kinds = [k for k, _ in m.papers]
    paid = m.dates["reminder"] + timedelta(days=6) if "reminder" in kinds else m.dates["paid"]
    close = m.dates["close"]
    hand = close - timedelta(days=rng.choice((1, 2)))
    s.add(Text(m.agency.name, indent=False, align="center"), Heading("结案报告"))
    rows = [[("案号", 0.18), (s.no(m.no("立案")), 0.82)], [("案由", 0.18), (m.cause, 0.82)],
            [("当事人", 0.18), (p.name, 0.82)],
            [("处罚决定书文号", 0.18), (s.no(m.no("决定")), 0.42), ("决定日期", 0.16), (day(m.dates["decision"]), 0.24)],
            [("处罚内容", 0.18), (m.penalty, 0.82)],
            [("执行情况", 0.18), (f"当事人{'经催告后' if 'reminder' in kinds else ''}已于{day(paid)}全部履行完毕，缴款凭证附卷。", 0.82)]]
    printed = m.agency.house.certs != "nextline"
    names = (f"{a.name}（{a.cert_no}）　{b.name}（{b.cert_no}）" if printed else f"{a.name}　{b.name}")
    rows.append([("承办人意见", 0.18), (f"本案处罚决定已执行完毕，建议结案。\n承办人：{names}\n{day(hand, 'spaced')}", 0.82)])
    rows.append([("负责人审批意见", 0.18), (f"同意结案。\n{head.name}　　{day(close, 'spaced')}", 0.82)])
    s.add(Grid(rows, 1.8))
    s.party("当事人", p, False)
    s.officer(a, "承办", printed)
    s.officer(b, "承办", printed)
    s.officer(head, "批准", False)
    s.body_dates["决定日"] = m.dates["decision"].isoformat()
    s.body_dates["履行日"] = paid.isoformat()
    s.own_date(close)
    return s


BUILDERS = {"filing": filing, "inspection": inspection, "interview": interview, "preservation": preservation,
            "mandate": mandate, "statement": statement, "notice": notice, "review": review,
            "discussion": discussion, "decision": decision, "receipt": receipt, "reminder": reminder,
            "closing": closing}
