"""The held-out set's papers, one builder per kind, each writing its blocks and its truth together.

Every builder takes the case's facts and a random source, and returns a Doc.
Wording and layouts are this package's own; the kinds follow REQUIREMENTS.md §2
(000:8-13, 001:9-32, 002(记录):7-24). Options name the variants a case asks for:
whether the paper prints a number, which layout the officers' 执法证号 take, and so on.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from bench.devset2.facts import CaseFacts, capital_amount, fmt_date
from bench.devset2.model import (
    Closing,
    Doc,
    DocTruth,
    Form,
    Gap,
    Letterhead,
    NumberLine,
    Officer,
    OfficerTruth,
    Organisation,
    Para,
    PartyTruth,
    Person,
    Title,
)

DATE_STYLES = ("cn", "cn_num", "padded")


def person(p: Person, role: str, with_id: bool = True) -> PartyTruth:
    return PartyTruth(role, "person", p.name, id_number=p.id_number if with_id else None)


def org(o: Organisation, role: str = "当事人", with_code: bool = True) -> PartyTruth:
    return PartyTruth(role, "organisation", o.name, credit_code=o.credit_code if with_code else None)


def officer(o: Officer, role: str, with_cert: bool = True) -> OfficerTruth:
    return OfficerTruth(o.name, o.cert_no if with_cert else None, role)


def _truth(c: CaseFacts, doc_type: str, numbers: list[str | None], parties: list[PartyTruth],
           officers: list[OfficerTruth], own: date, sealed: bool, body: dict[str, date] | None = None) -> DocTruth:
    return DocTruth(case=c.key, doc_type=doc_type, case_numbers=[n for n in numbers if n], parties=parties,
                    officers=officers, date=own, date_under_seal=sealed,
                    body_dates={k: v.isoformat() for k, v in (body or {}).items()})


def _party_block(c: CaseFacts, rng: random.Random, rep_id: bool) -> tuple[list[Para], list[PartyTruth]]:
    """The party's particulars at the head of a decision: a company and its representative, or a person."""
    p = c.party
    if isinstance(p, Organisation):
        rep = p.representative
        lines = [Para(f"当事人：{p.name}", indent=False),
                 Para(f"统一社会信用代码：{p.credit_code}", indent=False),
                 Para(f"住所：{p.address}", indent=False)]
        if rep_id:
            lines.append(Para(f"{p.rep_title}：{rep.name}，{rep.sex}，公民身份号码：{rep.id_number}", indent=False))
        else:
            lines.append(Para(f"{p.rep_title}：{rep.name}　职务：执行董事", indent=False))
        return lines, [org(p), person(rep, "法定代表人", with_id=rep_id)]
    sep = rng.choice(("，", "　"))
    lines = [Para(f"当事人：{p.name}{sep}性别：{p.sex}{sep}身份证号码：{p.id_number}", indent=False),
             Para(f"住址：{p.address}{sep}联系电话：{p.phone}", indent=False)]
    return lines, [person(p, "当事人")]


def _addressee(c: CaseFacts) -> Para:
    return Para(f"{c.party.name}：", indent=False)


def _closing(c: CaseFacts, day: date, rng: random.Random) -> Closing:
    return Closing([c.agency.name, fmt_date(day, rng.choice(DATE_STYLES))])


def _head(c: CaseFacts, title: str, number: str | None, rng: random.Random, align: str = "right") -> list:
    blocks: list = [Letterhead(c.agency.name), Title(title)]
    if number:
        blocks.append(NumberLine(number, align))
    return blocks


def _officers_sentence(c: CaseFacts, style: str) -> str:
    a, b = c.officers
    if style == "each":
        return f"执法人员{a.name}（执法证号：{a.cert_no}）、{b.name}（执法证号：{b.cert_no}）"
    return f"执法人员{a.name}、{b.name}（执法证号分别为{a.cert_no}、{b.cert_no}）"


# -- 程序启动 -----------------------------------------------------------------------------------------

def filing_form(c: CaseFacts, rng: random.Random, title: str = "立案审批表") -> Doc:
    """A ruled approval form; the head's approval date is the form's date (000:8, 002(记录):9)."""
    a, b = c.officers
    number = c.number("filing")
    filed = c.dates["filed"]
    style = rng.choice(("cn", "dot", "padded"))
    p = c.party
    rows: list[list[tuple[str, float]]] = [[("案件来源", 1), (c.extra.get("source", "日常检查发现"), 2),
                                            ("受案日期", 1), (fmt_date(c.dates["inspected"], style), 2)]]
    parties: list[PartyTruth]
    if isinstance(p, Organisation):
        rows += [[("当事人名称", 1), (p.name, 5)],
                 [("统一社会信用代码", 1.3), (p.credit_code, 2.2), (p.rep_title, 1), (p.representative.name, 1.5)],
                 [("地址", 1), (p.address, 5)]]
        parties = [org(p), person(p.representative, "法定代表人", with_id=False)]
    else:
        rows += [[("当事人", 1), (p.name, 2), ("身份证件号码", 1.2), (p.id_number, 1.8)],
                 [("住址", 1), (p.address, 2), ("联系电话", 1.2), (p.phone, 1.8)]]
        parties = [person(p, "当事人")]
    rows += [
        [("案由", 1), (f"涉嫌{c.cause.name}", 5)],
        [("基本案情", 1), (c.fill(c.cause.facts, style) + "。", 5)],
        [("承办人", 1), (a.name, 1.2), ("执法证号", 1), (a.cert_no, 1.4), ("", 1.4)],
        [("承办人", 1), (b.name, 1.2), ("执法证号", 1), (b.cert_no, 1.4), ("", 1.4)],
        [("承办机构意见", 1), (f"当事人涉嫌违法，拟立案查处，请审批。{c.agency.unit}　{fmt_date(filed - timedelta(days=1), style)}", 5)],
        [("法制审核", 1), (f"符合立案条件。审核人：{c.reviewer.name}（{c.reviewer.cert_no}）", 5)],
        [("负责人审批", 1), (f"同意立案。{c.head}　{fmt_date(filed, style)}", 5)],
    ]
    blocks = [Title(c.agency.name + title, 0.9)]
    if number:
        blocks.append(NumberLine(f"编号：{number}", "right"))
    blocks.append(Form(rows))
    officers = [officer(a, "承办"), officer(b, "承办"), officer(c.reviewer, "审核"), OfficerTruth(c.head, None, "批准")]
    return Doc(c.agency.code, blocks, _truth(c, "case_initiation_approval", [number], parties, officers, filed, False,
                                             {"occurred": c.dates["occurred"], "inspected": c.dates["inspected"]}))


def police_intake(c: CaseFacts, rng: random.Random) -> Doc:
    """受案登记表 of a police station: the complaint that opens the case."""
    a, b = c.officers
    number = c.number("filing")
    reporter = c.witness
    assert reporter is not None and isinstance(c.party, Person)
    day = c.dates["filed"]
    rows = [
        [("报案人", 1), (reporter.name, 1.5), ("性别", 0.6), (reporter.sex, 0.6), ("身份证号", 1), (reporter.id_number, 2.3)],
        [("报案方式", 1), ("电话报警", 1.5), ("报案时间", 1), (fmt_date(c.dates["occurred"]) + "21时10分", 3.5)],
        [("简要案情", 1), (f"{reporter.name}报称：{c.fill(c.cause.facts)}。", 6)],
        [("违法嫌疑人", 1), (c.party.name, 1.5), ("身份证号", 1), (c.party.id_number, 3.5)],
        [("受案意见", 1), (f"属本单位管辖的行政案件，建议及时调查处理。受案民警：{a.name}（警号{a.cert_no}）、{b.name}（警号{b.cert_no}）", 6)],
        [("受案审批", 1), (f"同意。负责人：{c.head}　{fmt_date(day, 'padded')}", 6)],
    ]
    blocks = [Title("受案登记表"), NumberLine(number or "", "right"), Form(rows)]
    parties = [person(reporter, "证人"), person(c.party, "当事人")]
    officers = [officer(a, "承办"), officer(b, "承办"), OfficerTruth(c.head, None, "批准")]
    return Doc(c.agency.code, blocks, _truth(c, "complaint_registration", [number], parties, officers, day, False,
                                             {"occurred": c.dates["occurred"]}))


# -- 调查取证 -----------------------------------------------------------------------------------------

def inspection_record(c: CaseFacts, rng: random.Random, title: str = "现场检查笔录", numbered: bool = False,
                      cert_style: str = "each") -> Doc:
    """An on-site record; in most cases it carries no number and belongs to the case by party and date."""
    day = c.dates["inspected"]
    p = c.party
    on_site = c.staff if c.staff else (p if isinstance(p, Person) else p.representative)
    blocks: list = [Title(title)]
    if numbered and c.number("filing"):
        blocks.append(NumberLine(f"案号：{c.number('filing')}", "left"))
    blocks += [Para(f"检查时间：{fmt_date(day)}9时40分至10时35分", indent=False),
               Para(f"检查地点：{c.site}", indent=False)]
    parties: list[PartyTruth] = []
    if isinstance(p, Organisation):
        blocks += [Para(f"被检查单位：{p.name}", indent=False),
                   Para(f"统一社会信用代码：{p.credit_code}　{p.rep_title}：{p.representative.name}", indent=False)]
        parties += [org(p), person(p.representative, "法定代表人", with_id=False)]
    blocks.append(Para(f"现场负责人：{on_site.name}　身份证号：{on_site.id_number}　电话：{on_site.phone}", indent=False))
    if isinstance(p, Organisation) and on_site is p.representative:
        parties[-1] = person(on_site, "法定代表人")
    else:
        parties.append(person(on_site, "当事人" if on_site is p else "见证人"))
    blocks += [
        Para(f"{_officers_sentence(c, cert_style)}到场检查，向现场负责人出示了执法证件，说明了来意，"
             "并告知其有申请执法人员回避的权利。现场负责人表示不申请回避。"),
        Para("检查情况：" + c.fill(c.cause.facts) + "。检查过程同步使用执法记录仪摄录，并拍摄现场照片若干张。"),
        Para("以上记录经现场负责人阅读，确认与事实相符。"),
        Gap(0.5),
        Para(f"现场负责人（签名）：{on_site.name}　　　　{fmt_date(day, 'dot')}", indent=False),
        Para(f"检查人（签名）：{c.officers[0].name}　{c.officers[1].name}", indent=False),
    ]
    officers = [officer(o, "承办") for o in c.officers]
    return Doc(c.agency.code, blocks, _truth(c, "inspection_record",
                                             [c.number("filing") if numbered else None], parties, officers, day,
                                             False, {"occurred": c.dates["occurred"]}))


def inquiry_record(c: CaseFacts, rng: random.Random, who: str = "party", numbered: bool = False) -> Doc:
    """询问笔录 of the party, the company's employee (who='staff'), its agent or a witness; two pages."""
    day = c.dates["inquired"] if who != "witness" else c.dates["inquired"] + timedelta(days=1)
    p = c.party
    subject = {"party": p if isinstance(p, Person) else p.representative, "staff": c.staff,
               "agent": c.agent, "witness": c.witness}[who]
    assert subject is not None
    a, b = c.officers
    blocks: list = [Title("询问笔录")]
    if numbered and c.number("filing"):
        blocks.append(NumberLine(c.number("filing"), "right"))
    blocks += [
        Para(f"时间：{fmt_date(day)}14时05分至15时20分　　第1次询问", indent=False),
        Para(f"地点：{c.agency.name}{rng.choice(('询问室', '第二办公室', '执法办案区'))}", indent=False),
        Form([[("询问人", 1), (a.name, 1.3), ("执法证号", 1), (a.cert_no, 1.7)],
              [("记录人", 1), (b.name, 1.3), ("执法证号", 1), (b.cert_no, 1.7)]], min_row_h=1.5),
        Para(f"被询问人：{subject.name}　性别：{subject.sex}　身份证号：{subject.id_number}", indent=False),
    ]
    parties = [person(subject, {"party": "被询问人", "staff": "被询问人", "agent": "委托代理人",
                                "witness": "证人"}[who])]
    if isinstance(p, Person) and who == "party":
        parties = [person(p, "当事人"), PartyTruth("被询问人", "person", p.name, p.id_number)]
    if isinstance(p, Organisation):
        if who == "staff":
            blocks.append(Para(f"工作单位：{p.name}　职务：{c.staff_title}", indent=False))
        elif who == "party":
            blocks.append(Para(f"工作单位：{p.name}　职务：{p.rep_title}", indent=False))
        parties.append(org(p, with_code=False))
    blocks += [
        Para(f"联系电话：{subject.phone}　住址：{subject.address}", indent=False),
        Para(f"问：我们是{c.agency.name}的执法人员，这是我们的执法证件，请过目。今天依法向你了解有关情况，"
             "你应当如实回答，对与本案无关的问题有权拒绝回答。你看清楚我们的证件了吗？", indent=False),
        Para("答：看清楚了。", indent=False),
        Para("问：你是否申请我们回避？", indent=False),
        Para("答：不申请。", indent=False),
    ]
    if who == "staff":
        blocks += [Para("问：请说一下你在单位的工作情况。", indent=False),
                   Para(f"答：我在{p.name}担任{c.staff_title}，负责日常经营管理，单位的事情我都清楚。", indent=False)]
    elif who == "agent":
        blocks += [Para("问：你以什么身份接受询问？", indent=False),
                   Para(f"答：我受{p.name}委托，作为委托代理人接受询问，授权委托书已经提交。", indent=False)]
    elif who == "witness":
        blocks += [Para("问：你和当事人是什么关系？", indent=False),
                   Para("答：邻居，平时见面打招呼，没有利害关系。", indent=False)]
    if who == "witness":  # a witness tells what the party did; the party is named in the answer
        blocks += [Para("问：请讲一下你看到的经过。", indent=False),
                   Para("答：" + c.fill(c.cause.facts) + "。我当时就在旁边，看得很清楚。", indent=False)]
        parties.append(_party_truth(c))
    else:
        for q, ans in c.cause.qa:
            blocks += [Para("问：" + c.fill(q), indent=False), Para("答：" + c.fill(ans), indent=False)]
    blocks += [Para("问：以上所说是否属实？还有没有补充？", indent=False),
               Para("答：属实，没有补充。", indent=False),
               Para("被询问人对笔录核对无误后签名：以上笔录我看过，和我说的一样。", indent=False),
               Gap(0.4),
               Para(f"被询问人：{subject.name}　　{fmt_date(day, 'padded')}", indent=False),
               Para(f"询问人：{a.name}　记录人：{b.name}", indent=False)]
    officers = [officer(a, "承办"), officer(b, "记录")]
    return Doc(c.agency.code, blocks, _truth(c, "inquiry_record", [c.number("filing") if numbered else None],
                                             parties, officers, day, False, {"occurred": c.dates["occurred"]}))


def rights_notice(c: CaseFacts, rng: random.Random) -> Doc:
    """权利告知书 opened by the addressee line; no number of its own."""
    day = c.dates["inspected"]
    blocks = [Letterhead(c.agency.name), Title("当事人权利告知书"), _addressee(c),
              Para(f"{c.agency.short}正在调查你（单位）涉嫌{c.cause.name}一事。根据有关法律规定，现将你（单位）"
                   "在调查过程中享有的权利告知如下："),
              Para("一、认为执法人员与本案有直接利害关系的，有权申请其回避；"),
              Para("二、有权对调查事项进行陈述和申辩，有权对笔录进行核对、补正；"),
              Para("三、对涉及国家秘密、商业秘密或者个人隐私的材料，有权要求保密。"),
              Para(f"执法人员：{c.officers[0].name}　执法证号：{c.officers[0].cert_no}", indent=False),
              Para(f"执法人员：{c.officers[1].name}　执法证号：{c.officers[1].cert_no}", indent=False),
              _closing(c, day, rng),
              Para(f"当事人签收：{_signer(c).name}　{fmt_date(day, 'dot')}", indent=False)]
    parties = [_party_truth(c, with_code=False), *_signer_truth(c, "受送达人")]
    return Doc(c.agency.code, blocks, _truth(c, "rights_notice", [], parties,
                                             [officer(o, "承办") for o in c.officers], day, True))


def _signer(c: CaseFacts) -> Person:
    p = c.party
    return p if isinstance(p, Person) else (c.staff or p.representative)


def _signer_truth(c: CaseFacts, role: str) -> list[PartyTruth]:
    """The person who signs for the party; a person party signs for itself (already counted)."""
    if isinstance(c.party, Person):
        return []
    s = _signer(c)
    return [PartyTruth("法定代表人" if s is c.party.representative else role, "person", s.name)]


def _party_truth(c: CaseFacts, role: str = "当事人", with_code: bool = False) -> PartyTruth:
    p = c.party
    return org(p, role, with_code) if isinstance(p, Organisation) else person(p, role, with_id=False)


def preservation_notice(c: CaseFacts, rng: random.Random) -> Doc:
    """先行登记保存证据通知书 with its own number and a list of goods."""
    number = c.number("preserve")
    day = c.dates["inspected"]
    blocks = [*_head(c, "先行登记保存证据通知书", number, rng), _addressee(c),
              Para(f"因你（单位）涉嫌{c.cause.name}，为防止证据灭失或者以后难以取得，经{c.agency.short}负责人批准，"
                   "根据《中华人民共和国行政处罚法》第五十六条的规定，对下列物品予以先行登记保存，保存期间不得使用、"
                   "销售、转移、损毁或者隐匿。"),
              Form([[("名称", 2), ("规格", 1.2), ("数量", 1), ("保存地点", 2)],
                    *[[(n, 2), (s, 1.2), (q, 1), ("当事人经营场所", 2)] for n, s, q in c.extra.get("goods", ())]]),
              Para(f"{c.agency.short}将在七日内作出处理决定。"),
              _closing(c, day, rng)]
    return Doc(c.agency.code, blocks, _truth(c, "preservation_notice", [number], [_party_truth(c)], [], day, True))


def penalty_notice(c: CaseFacts, rng: random.Random, hearing: bool = False, with_code: bool = False) -> Doc:
    """事先告知书: addressee line, facts with the day of the violation, proposed penalty, rights, seal."""
    number = c.number("notice")
    day = c.dates["notified"]
    title = "行政处罚听证告知书" if hearing else rng.choice(("行政处罚事先告知书", "行政处罚告知书"))
    blocks = [*_head(c, title, number, rng, rng.choice(("right", "center"))), _addressee(c)]
    if with_code and isinstance(c.party, Organisation):
        blocks.append(Para(f"（统一社会信用代码：{c.party.credit_code}）", indent=False))
    blocks += [Para(f"经调查，{c.fill(c.cause.facts)}。上述事实有{c.cause.evidence}等证据证明。"),
               Para(f"你（单位）的行为违反了{c.cause.rule}的规定。依据{c.cause.basis}的规定，"
                    f"{c.agency.short}拟对你（单位）作出如下处罚：" + "；".join(c.cause.penalty).format(
                        fine=c.fine, cap=capital_amount(c.fine)) + "。"),
               Para("依据《中华人民共和国行政处罚法》第四十四条、第四十五条" + ("、第六十三条" if hearing else "")
                    + "的规定，你（单位）有权进行陈述和申辩" + ("，并有权要求听证" if hearing else "")
                    + "。请在收到本告知书之日起" + ("五" if not hearing else "五") + f"个工作日内向{c.agency.short}提出，"
                    "逾期未提出的，视为放弃上述权利。"),
               Para(f"联系人：{c.officers[0].name}　电话：{c.agency.phone}　地址：{c.agency.address}", indent=False),
               _closing(c, day, rng)]
    parties = [_party_truth(c, with_code=with_code)]
    return Doc(c.agency.code, blocks, _truth(c, "penalty_notice", [number], parties,
                                             [OfficerTruth(c.officers[0].name, None, "承办")], day, True,
                                             {"occurred": c.dates["occurred"]}))


def statement_record(c: CaseFacts, rng: random.Random) -> Doc:
    """陈述申辩笔录 of the party's agent, citing the notice it answers."""
    day = c.dates["statement"]
    who = c.agent or _signer(c)
    notice = c.number("notice")
    a, b = c.officers
    blocks = [Title("陈述申辩笔录"),
              Para(f"时间：{fmt_date(day)}10时00分　地点：{c.agency.name}会议室", indent=False),
              Para(f"陈述申辩人：{who.name}　身份证号：{who.id_number}", indent=False),
              Para(f"委托单位：{c.party.name}" if c.agent else f"身份：{c.party.name}{'负责人' if c.is_org else '本人'}",
                   indent=False),
              Para(f"承办人：{a.name}（{a.cert_no}）　记录人：{b.name}（{b.cert_no}）", indent=False),
              Para(f"承办人：你（单位）于{fmt_date(c.dates['notified'])}收到《行政处罚事先告知书》（{notice}），"
                   "现在听取你的陈述和申辩意见。", indent=False),
              Para(f"{who.name}：{c.extra.get('defence', '我们承认违法事实，但情节轻微，已经主动整改，请求从轻处罚。')}",
                   indent=False),
              Para("承办人：还有其他意见吗？", indent=False),
              Para(f"{who.name}：没有了。", indent=False),
              Para(f"陈述申辩人签名：{who.name}　　记录人签名：{b.name}", indent=False)]
    role = "委托代理人" if c.agent else ("当事人" if who is c.party else "法定代表人")
    parties = [person(who, role), _party_truth(c)] if who is not c.party else [person(who, role)]
    return Doc(c.agency.code, blocks, _truth(c, "statement_record", [notice], parties,
                                             [officer(a, "承办"), officer(b, "记录")], day, False,
                                             {"notified": c.dates["notified"]}))


def rectification_order(c: CaseFacts, rng: random.Random) -> Doc:
    number = c.number("order")
    day = c.dates["inspected"]
    blocks = [*_head(c, "责令限期改正通知书", number, rng), _addressee(c),
              Para(f"{fmt_date(day)}，{c.agency.short}执法人员检查发现：{c.fill(c.cause.facts)}。"),
              Para(f"上述行为违反了{c.cause.rule}的规定。现责令你（单位）于{fmt_date(day + timedelta(days=15))}前"
                   "改正上述违法行为，并将改正情况书面报告" + c.agency.short + "。"),
              Para(f"执法人员：{c.officers[0].name}（证号{c.officers[0].cert_no}）", indent=False),
              _closing(c, day, rng)]
    return Doc(c.agency.code, blocks, _truth(c, "rectification_order", [number], [_party_truth(c)],
                                             [officer(c.officers[0], "承办")], day, True,
                                             {"occurred": c.dates["occurred"]}))


# -- 审查决定 -----------------------------------------------------------------------------------------

def legal_review(c: CaseFacts, rng: random.Random) -> Doc:
    """法制审核意见书: the party named only in prose; the reviewer signs with certificate number."""
    number = c.number("review")
    day = c.dates["reviewed"]
    r = c.reviewer
    blocks = [Title("重大行政执法决定法制审核意见书")]
    if number:
        blocks.append(NumberLine(number, "center"))
    blocks += [Para(f"{c.agency.unit}：", indent=False),
               Para(f"你单位于{fmt_date(day - timedelta(days=3))}报送的{c.party.name}涉嫌{c.cause.name}一案材料收悉。"
                    f"经审核，承办人{c.officers[0].name}、{c.officers[1].name}认定的事实清楚，证据确凿，"
                    f"适用{c.cause.basis}正确，程序合法，拟处罚内容适当。"),
               Para("审核意见：同意承办机构的处理意见，建议提交集体讨论。"),
               Para(f"审核人：{r.name}　法制审核证号：{r.cert_no}", indent=False),
               Para(f"审核日期：{fmt_date(day, 'padded')}", indent=False)]
    officers = [officer(r, "审核"), OfficerTruth(c.officers[0].name, None, "承办"),
                OfficerTruth(c.officers[1].name, None, "承办")]
    return Doc(c.agency.code, blocks, _truth(c, "legal_review_opinion", [number], [_party_truth(c)], officers, day,
                                             False))


def collective_discussion(c: CaseFacts, rng: random.Random) -> Doc:
    day = c.dates["discussed"]
    members = c.extra.get("members", ("委员甲", "委员乙"))
    blocks = [Title("案件集体讨论记录"),
              Form([[("讨论时间", 1), (fmt_date(day) + "15时", 2), ("地点", 1), ("三楼会议室", 2)],
                    [("主持人", 1), (c.head, 2), ("记录人", 1), (c.officers[1].name, 2)],
                    [("出席人员", 1), ("、".join((c.reviewer.name, *members)), 5)],
                    [("列席人员", 1), (f"{c.officers[0].name}（承办人）", 5)]], min_row_h=1.5),
              Para(f"讨论案件：{c.party.name}涉嫌{c.cause.name}案", indent=False),
              Para(f"{c.officers[0].name}汇报案情：{c.fill(c.cause.facts)}。当事人在告知期限内"
                   + ("提出了陈述申辩，理由不能成立。" if c.dates.get("statement") else "未提出陈述申辩。")),
              Para(f"{c.reviewer.name}：法制审核已通过，同意承办人意见。", indent=False),
              Para(f"{c.head}：经讨论，一致同意按拟处理意见作出行政处罚决定。", indent=False),
              Para(f"主持人签名：{c.head}　　记录人签名：{c.officers[1].name}", indent=False)]
    officers = [OfficerTruth(c.head, None, "批准"), OfficerTruth(c.officers[1].name, None, "记录"),
                OfficerTruth(c.reviewer.name, None, "审核"), OfficerTruth(c.officers[0].name, None, "承办")]
    return Doc(c.agency.code, blocks, _truth(c, "collective_discussion", [], [_party_truth(c)], officers, day, False))


def head_approval(c: CaseFacts, rng: random.Random) -> Doc:
    """行政处罚审批表: the decision's number, handlers, reviewer and the approving head."""
    number = c.number("decision")
    a, b = c.officers
    day = c.dates["approved"]
    rows = [[("案件名称", 1), (f"{c.party.name}涉嫌{c.cause.name}案", 5)],
            [("当事人", 1), (c.party.name, 5)],
            [("拟处理意见", 1), ("；".join(c.cause.penalty).format(fine=c.fine, cap=capital_amount(c.fine)), 5)],
            [("承办人", 1), (f"{a.name}　{a.cert_no}\n{b.name}　{b.cert_no}".replace("\n", "；"), 3),
             ("日期", 1), (fmt_date(day - timedelta(days=2), "dot"), 1.5)],
            [("审核意见", 1), (f"同意。{c.reviewer.name}", 3), ("日期", 1), (fmt_date(day - timedelta(days=1), "dot"), 1.5)],
            [("负责人意见", 1), (f"同意，按拟处理意见执行。{c.head}", 3), ("日期", 1), (fmt_date(day, "dot"), 1.5)]]
    blocks = [Title("行政处罚审批表"), NumberLine(f"文号：{number}", "left"), Form(rows)]
    officers = [officer(a, "承办"), officer(b, "承办"), OfficerTruth(c.reviewer.name, None, "审核"),
                OfficerTruth(c.head, None, "批准")]
    return Doc(c.agency.code, blocks, _truth(c, "head_approval", [number], [_party_truth(c)], officers, day, False))


def penalty_decision(c: CaseFacts, rng: random.Random, rep_id: bool = True, cites_notice: bool = True) -> Doc:
    """决定书: party block (a company with its representative), facts, the notice it cites, penalty, remedy, seal."""
    number = c.number("decision")
    day = c.dates["decided"]
    head_blocks, parties = _party_block(c, rng, rep_id)
    notice = c.number("notice")
    style = rng.choice(("cn", "padded"))
    told = (f"{c.agency.short}于{fmt_date(c.dates['notified'], style)}向你（单位）送达了"
            f"《行政处罚事先告知书》" + (f"（{notice}）" if notice and cites_notice else "") + "，")
    told += ("你（单位）在法定期限内提出了陈述申辩，经复核，理由不能成立，不予采纳。" if c.dates.get("statement")
             else "你（单位）在法定期限内未提出陈述、申辩。")
    blocks = [*_head(c, "行政处罚决定书", number, rng), *head_blocks,
              Para(f"{c.agency.short}于{fmt_date(c.dates['filed'], style)}对你（单位）涉嫌{c.cause.name}一案立案调查。"
                   "经查明：" + c.fill(c.cause.facts, style) + "。"),
              Para(f"以上事实，有{c.cause.evidence}等证据证实。"),
              Para(told),
              Para(f"{c.agency.short}认为，你（单位）的上述行为违反了{c.cause.rule}的规定。依据{c.cause.basis}的规定，"
                   f"{c.agency.short}决定对你（单位）作出如下行政处罚："),
              *[Para(f"{i + 1}. " + item.format(fine=c.fine, cap=capital_amount(c.fine)) + "。")
                for i, item in enumerate(c.cause.penalty)],
              Para(f"罚款应于收到本决定书之日起十五日内缴至指定代收银行（XX银行{c.agency.name[:2]}支行）。"
                   "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。"),
              Para(f"如不服本决定，可以在收到本决定书之日起六十日内向{c.agency.review_body}申请行政复议，"
                   f"或者在六个月内向{c.agency.court}提起行政诉讼。"),
              _closing(c, day, rng)]
    body = {"occurred": c.dates["occurred"], "filed": c.dates["filed"], "notified": c.dates["notified"]}
    return Doc(c.agency.code, blocks, _truth(c, "penalty_decision", [number, notice if cites_notice else None],
                                             parties, [], day, True, body))


# -- 送达执行 -----------------------------------------------------------------------------------------

def service_receipt(c: CaseFacts, rng: random.Random, served: str = "decision", method: str = "直接送达",
                    certs_in_table: bool = True) -> Doc:
    """送达回证 naming the document served with its number; the signer and the servers in a table."""
    what = {"decision": ("行政处罚决定书", c.number("decision"), c.dates["served"]),
            "notice": ("行政处罚事先告知书", c.number("notice"), c.dates["notified"]),
            "reminder": ("催告书", c.number("reminder"), c.dates["reminded"])}[served]
    title, number, day = what
    a, b = c.officers
    signer = _signer(c)
    rows = [[("受送达人", 1), (c.party.name, 4)],
            [("送达文书名称及文号", 1.4), (f"《{title}》{number}", 3.6)],
            [("送达地点", 1), (c.party.address, 4)],
            [("送达方式", 1), (method, 4)],
            [("受送达人签收", 1.4), (f"{signer.name}　{fmt_date(day)}", 3.6)]]
    if certs_in_table:
        rows.append([("送达人", 1), (a.name, 1), ("执法证号", 1), (a.cert_no, 2)])
        rows.append([("送达人", 1), (b.name, 1), ("执法证号", 1), (b.cert_no, 2)])
    else:
        rows.append([("送达人", 1), (f"{a.name}、{b.name}", 4)])
    parties = [_party_truth(c, "受送达人"), *_signer_truth(c, "受送达人")]
    if isinstance(c.party, Person):
        parties = [person(c.party, "受送达人", with_id=False)]
    if method == "留置送达" and c.witness:
        rows.append([("见证人", 1), (f"{c.witness.name}（居委会工作人员）", 4)])
        parties.append(person(c.witness, "见证人", with_id=False))
    blocks = [Title("送达回证"), Form(rows), Para("备注：受送达人拒绝签收的，送达人应在备注栏注明情况。", indent=False)]
    return Doc(c.agency.code, blocks, _truth(c, "service_receipt", [number], parties,
                                             [officer(a, "承办", certs_in_table), officer(b, "承办", certs_in_table)],
                                             day, False))


def payment_reminder(c: CaseFacts, rng: random.Random) -> Doc:
    """催告书 with its own number, citing the decision and its date."""
    number = c.number("reminder")
    day = c.dates["reminded"]
    decision = c.number("decision")
    blocks = [*_head(c, "履行行政处罚决定催告书", number, rng), _addressee(c),
              Para(f"{c.agency.short}于{fmt_date(c.dates['decided'])}对你（单位）作出了《行政处罚决定书》（{decision}），"
                   f"决定对你（单位）处以罚款人民币{capital_amount(c.fine)}，该决定书已于{fmt_date(c.dates['served'])}送达。"
                   "你（单位）至今未履行缴纳罚款的义务。"),
              Para("根据《中华人民共和国行政强制法》第三十五条的规定，现催告你（单位）自收到本催告书之日起十日内"
                   "履行上述义务。逾期仍未履行的，" + c.agency.short + "将依法申请人民法院强制执行。"),
              Para("你（单位）有权进行陈述和申辩。", indent=True),
              _closing(c, day, rng)]
    body = {"decided": c.dates["decided"], "served": c.dates["served"]}
    return Doc(c.agency.code, blocks, _truth(c, "payment_reminder", [number, decision], [_party_truth(c)], [], day,
                                             True, body))


def enforcement_application(c: CaseFacts, rng: random.Random) -> Doc:
    day = c.dates["applied"]
    p = c.party
    decision = c.number("decision")
    blocks = [Title("强制执行申请书"),
              Para(f"申请人：{c.agency.name}，住所地：{c.agency.address}", indent=False),
              Para(f"法定代表人：{c.head}，职务：局长", indent=False)]
    if isinstance(p, Person):
        blocks.append(Para(f"被申请人：{p.name}，{p.sex}，身份证号{p.id_number}，住{p.address}", indent=False))
        parties = [person(p, "当事人")]
    else:
        blocks.append(Para(f"被申请人：{p.name}，统一社会信用代码{p.credit_code}，住所{p.address}", indent=False))
        parties = [org(p)]
    blocks += [Para(f"申请事项：请求依法强制执行{c.agency.short}作出的《行政处罚决定书》（{decision}）确定的罚款"
                    f"{c.fine}元及加处罚款。", indent=False),
               Para(f"事实与理由：{c.agency.short}于{fmt_date(c.dates['decided'])}作出上述决定并依法送达，"
                    f"于{fmt_date(c.dates['reminded'])}催告，被申请人在法定期限内既未申请行政复议或者提起行政诉讼，"
                    "又不履行。根据《中华人民共和国行政强制法》第五十三条的规定，特申请强制执行。"),
               Para(f"此致\n{c.agency.court}".replace("\n", "　"), indent=False),
               _closing(c, day, rng)]
    body = {"decided": c.dates["decided"], "reminded": c.dates["reminded"]}
    return Doc(c.agency.code, blocks, _truth(c, "enforcement_application", [decision], parties,
                                             [OfficerTruth(c.head, None, "批准")], day, True, body))


def closing_report(c: CaseFacts, rng: random.Random) -> Doc:
    """结案报告 as a form: decision number, how it was carried out, who signed off."""
    number = c.number("decision")
    a, b = c.officers
    day = c.dates["closed"]
    rows = [[("案号", 1), (number or "", 4)],
            [("当事人", 1), (c.party.name, 4)],
            [("处罚决定日期", 1), (fmt_date(c.dates["decided"], "dot"), 1.5), ("执行方式", 1), ("自觉履行", 1.5)],
            [("执行情况", 1), (f"当事人已于{fmt_date(c.dates['paid'])}缴清罚款{c.fine}元，并已改正违法行为。", 4)],
            [("承办人", 1), (f"{a.name}（执法证{a.cert_no}）　{b.name}（执法证{b.cert_no}）", 4)],
            [("审核人", 1), (c.reviewer.name, 1.5), ("批准人", 1), (c.head, 1.5)],
            [("结案日期", 1), (fmt_date(day, "padded"), 4)]]
    blocks = [Title(c.agency.name), Title("行政处罚结案报告", 0.85), Form(rows)]
    officers = [officer(a, "承办"), officer(b, "承办"), OfficerTruth(c.reviewer.name, None, "审核"),
                OfficerTruth(c.head, None, "批准")]
    body = {"decided": c.dates["decided"], "paid": c.dates["paid"]}
    return Doc(c.agency.code, blocks, _truth(c, "case_closing_report", [number], [_party_truth(c)], officers, day,
                                             False, body))


BUILDERS = {
    "filing": filing_form, "intake": police_intake, "inspection": inspection_record, "inquiry": inquiry_record,
    "rights": rights_notice, "preserve": preservation_notice, "notice": penalty_notice,
    "statement": statement_record, "order": rectification_order, "review": legal_review,
    "discussion": collective_discussion, "approval": head_approval, "decision": penalty_decision,
    "receipt": service_receipt, "reminder": payment_reminder, "application": enforcement_application,
    "closing": closing_report,
}
