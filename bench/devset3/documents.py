"""The documents of a devset3 case, each in one of several layouts, with what a reader should find in it.

Page text follows samples.render's conventions: a line with tabs is a table row (one cell per field),
the first line is the title, DocumentSpec.signature closes the last page under the seal.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from bench.devset3.world import Case, Company, Officer, Person
from samples.dates import format_date

CN = "〇一二三四五六七八九"


@dataclass
class Doc:
    doc_type: str
    title: str
    lines: list[str]
    signature: list[str]
    sealed: bool
    own_date: date
    numbers: list[str]                      # case numbers printed on it
    parties: list[dict] = field(default_factory=list)
    officers: list[dict] = field(default_factory=list)
    page_break: int | None = None           # split lines here into two pages


def _d(rng: random.Random, d: date, formal: bool = False) -> str:
    if formal:
        return format_date(d, rng.choice(("cn", "cn_numerals", "cn_numerals")))
    return format_date(d, rng.choice(("cn", "cn", "cn_padded", "dotted")))


def _p(role: str, who: Person | Company, ident: bool) -> dict:
    out = {"role": role, "kind": "organisation" if isinstance(who, Company) else "person", "name": who.name}
    if ident:
        out["credit_code" if isinstance(who, Company) else "id_number"] = \
            who.credit_code if isinstance(who, Company) else who.id_number
    return out


def _o(o: Officer, role: str, cert: bool) -> dict:
    return {"name": o.name, "cert_no": o.cert_no if cert else None, "role": role}


def _party_block(c: Case, rng: random.Random, doc: Doc, with_rep_id: bool = False) -> list[str]:
    """The party's particulars in one of four layouts; records what it printed."""
    p = c.party
    style = rng.choice(("lines", "two_column", "above", "prose"))
    if isinstance(p, Company):
        rep = p.legal_rep
        rep_id = f"身份证号：{rep.id_number}" if with_rep_id else ""
        doc.parties += [_p("当事人", p, True), _p("法定代表人", rep, with_rep_id)]
        if style == "lines":
            return [f"当事人：{p.name}", f"统一社会信用代码：{p.credit_code}",
                    f"法定代表人：{rep.name}　{rep_id}".rstrip("　"), f"住所：{p.address}"]
        if style == "two_column":
            rows = [f"当事人名称\t{p.name}\t统一社会信用代码\t{p.credit_code}",
                    f"法定代表人\t{rep.name}\t联系电话\t{p.phone}", f"住所\t{p.address}"]
            if with_rep_id:
                rows.insert(2, f"法定代表人身份证号\t{rep.id_number}")
            return rows
        if style == "above":
            head = "当事人\t统一社会信用代码\t法定代表人" + ("\t法定代表人身份证号" if with_rep_id else "")
            vals = f"{p.name}\t{p.credit_code}\t{rep.name}" + (f"\t{rep.id_number}" if with_rep_id else "")
            return [head, vals]
        return [f"当事人{p.name}（统一社会信用代码：{p.credit_code}），住所{p.address}，法定代表人{rep.name}"
                + (f"（身份证号：{rep.id_number}）" if with_rep_id else "") + "。"]
    doc.parties.append(_p("当事人", p, True))
    if style == "lines":
        return [f"当事人：{p.name}　性别：{p.gender}", f"公民身份号码：{p.id_number}", f"住址：{p.address}"]
    if style == "two_column":
        return [f"当事人姓名\t{p.name}\t性别\t{p.gender}", f"身份证号码\t{p.id_number}\t联系电话\t{p.phone}",
                f"住址\t{p.address}"]
    if style == "above":
        return ["姓名\t性别\t身份证号\t联系电话", f"{p.name}\t{p.gender}\t{p.id_number}\t{p.phone}"]
    return [f"当事人{p.name}，{p.gender}，身份证号{p.id_number}，住{p.address}。"]


def _agent_lines(c: Case, doc: Doc, rng: random.Random) -> list[str]:
    if not c.agent:
        return []
    doc.parties.append(_p("委托代理人", c.agent, False))
    if rng.random() < 0.5:
        return [f"委托代理人：{c.agent.name}，{c.agent_firm}律师"]
    return [f"委托代理人\t{c.agent.name}\t工作单位\t{c.agent_firm}"]


def _addressee(c: Case) -> str:
    return f"{c.party.name}："


def case_initiation_approval(c: Case, rng: random.Random) -> Doc:
    a = c.agency
    doc = Doc("case_initiation_approval", rng.choice(("立案审批表", "立案呈批表")), [], [], False,
              c.dates["approval"], [c.filing_no])
    o1, o2 = c.officers
    lines = [doc.title, f"立案编号：{c.filing_no}" if rng.random() < 0.6 else f"编号：{c.filing_no}",
             f"案件来源\t{rng.choice(('日常巡查', '群众举报', '上级交办', '部门移送'))}\t受案时间\t{_d(rng, c.dates['filing'])}",
             f"案由\t涉嫌{c.cause.name}"]
    lines += _party_block(c, rng, doc)
    lines += [f"简要案情\t{c.facts()}。",
              f"承办人意见\t建议立案调查。承办人：{o1.name}　{o2.name}　{_d(rng, c.dates['filing'])}",
              f"审核意见\t同意立案。审核人：{c.reviewer.name}　{_d(rng, c.dates['filing'])}",
              f"负责人审批意见\t同意立案，由{o1.name}、{o2.name}承办。负责人：{c.head.name}　{_d(rng, c.dates['approval'])}"]
    doc.lines = lines
    doc.officers = [_o(o1, "承办", False), _o(o2, "承办", False), _o(c.reviewer, "审核", False),
                    _o(c.head, "批准", False)]
    return doc


def inspection_record(c: Case, rng: random.Random) -> Doc:
    a = c.agency
    doc = Doc("inspection_record", "现场检查笔录", [], [], False, c.dates["inspection"], [])
    o1, o2 = c.officers
    t = c.dates["inspection"]
    lines = [doc.title, f"检查时间：{t.year}年{t.month}月{t.day}日9时10分至10时05分", f"检查地点：{c.site}"]
    if rng.random() < 0.4:
        lines.insert(1, f"案件编号：{c.filing_no}")
        doc.numbers.append(c.filing_no)
    if isinstance(c.party, Company):
        lines.append(f"被检查单位：{c.party.name}")
        doc.parties.append(_p("当事人", c.party, False))
    else:
        lines.append(f"被检查人：{c.party.name}　身份证号：{c.party.id_number}")
        doc.parties.append(_p("当事人", c.party, True))
    layout = rng.choice(("table", "inline", "split"))
    if layout == "table":
        lines += [f"检查人员\t{o1.name}\t{a.cert_label}\t{o1.cert_no}", f"\t{o2.name}\t{a.cert_label}\t{o2.cert_no}"]
    elif layout == "inline":
        lines.append(f"检查人员：{o1.name}（{a.cert_label}{o1.cert_no}）、{o2.name}（{a.cert_label}{o2.cert_no}）")
    else:
        lines.append(f"检查人员：{o1.name}、{o2.name}　{a.cert_label}：{o1.cert_no}、{o2.cert_no}")
    lines.append(f"记录人：{c.recorder.name}")
    lines.append(f"现场检查情况：执法人员出示执法证件，表明身份。经检查，{c.facts()}。现场拍摄照片{c.qty % 7 + 3}张。")
    sign = [f"被检查单位（签章）：{c.party.name}" if isinstance(c.party, Company) else f"被检查人签名：{c.party.name}"]
    if c.witness:
        sign.append(f"见证人：{c.witness.name}　身份证号：{c.witness.id_number}")
        doc.parties.append(_p("见证人", c.witness, True))
    sign.append(f"检查人员签名：{o1.name}　{o2.name}　{_d(rng, t)}")
    doc.lines = lines + sign
    doc.officers = [_o(o1, "承办", True), _o(o2, "承办", True), _o(c.recorder, "记录", False)]
    return doc


def inquiry_record(c: Case, rng: random.Random, second: bool = False) -> Doc:
    """Names only the person asked, their employer and the date: no case number."""
    a = c.agency
    t = c.dates["inquiry2" if second else "inquiry"]
    doc = Doc("inquiry_record", rng.choice(("询问笔录", "调查询问笔录")), [], [], False, t, [])
    o1, o2 = c.officers
    company = isinstance(c.party, Company)
    who = (c.party.legal_rep if second else c.staff) if company else c.party
    lines = [doc.title, f"时间：{t.year}年{t.month}月{t.day}日14时00分至15时20分",
             f"地点：{a.name}{rng.choice(('询问室', '三楼办公室'))}"]
    if rng.random() < 0.5:
        lines.append(f"被询问人\t{who.name}\t性别\t{who.gender}")
        lines.append(f"身份证号\t{who.id_number}\t联系电话\t{who.phone}")
    else:
        lines.append(f"被询问人：{who.name}　性别：{who.gender}　身份证号：{who.id_number}")
    doc.parties.append(_p("被询问人", who, True))
    if company:
        lines.append(f"工作单位：{c.party.name}　职务：{'法定代表人' if second else who.job}")
        doc.parties.append(_p("当事人", c.party, False))
        if second:
            doc.parties.append(_p("法定代表人", who, True))
    lines += [f"询问人：{o1.name}　{o2.name}　记录人：{c.recorder.name}",
              f"问：我们是{a.name}执法人员，这是我们的执法证件（出示证件），请你看一下。你是否申请回避？",
              "答：看清楚了，不申请回避。",
              f"问：请介绍一下{'你单位' if company else '你'}的基本情况。",
              f"答：{'我在' + c.party.name + '工作，' if company and not second else ''}"
              f"{'公司主要做' + c.cause.name[-6:] + '相关业务。' if company else '我自己在' + c.site + '做生意。'}",
              f"问：{c.site}的情况是怎么回事？",
              f"答：{c.facts().replace(c.party.name, '我们' if company else '我')}，这个情况属实。",
              "问：你还有什么补充？", "答：没有了，以上记录我看过，和我说的一样。"]
    doc.lines = lines + [f"被询问人签名：{who.name}　{_d(rng, t)}", f"询问人签名：{o1.name}　{o2.name}"]
    doc.officers = [_o(o1, "承办", False), _o(o2, "承办", False), _o(c.recorder, "记录", False)]
    return doc


def penalty_notice(c: Case, rng: random.Random) -> Doc:
    a = c.agency
    doc = Doc("penalty_notice", "行政处罚事先告知书", [], [], True, c.dates["notice"], [c.notice_no])
    o1, o2 = c.officers
    you = "你单位" if isinstance(c.party, Company) else "你"
    doc.parties.append(_p("当事人", c.party, False))
    lines = [doc.title, c.notice_no, _addressee(c),
             f"{a.short}于{_d(rng, c.dates['filing'])}对{you}涉嫌{c.cause.name}一案立案调查。经查，{c.facts()}。",
             f"{you}的上述行为违反了{c.cause.rule}的规定。依据{c.cause.basis}的规定，{a.short}拟对{you}作出如下行政处罚：{c.penalty()}。",
             f"根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，{you}有权进行陈述和申辩。"
             f"{you}可在收到本告知书之日起五个工作日内向{a.short}提出陈述、申辩或者要求举行听证，逾期视为放弃上述权利。",
             f"联系人：{o1.name}　联系电话：{a.phone}", f"地址：{a.address}"]
    doc.lines = lines
    doc.signature = [a.name, _d(rng, c.dates["notice"], True)]
    doc.officers = []
    return doc


def statement_record(c: Case, rng: random.Random) -> Doc:
    a = c.agency
    t = c.dates["statement"]
    doc = Doc("statement_record", "陈述申辩笔录", [], [], False, t, [])
    o1, o2 = c.officers
    lines = [doc.title, f"时间：{_d(rng, t)}10时00分　地点：{a.name}"]
    if rng.random() < 0.5:
        lines.append(f"案由：{c.cause.name}（{c.notice_no}告知书）")
        doc.numbers.append(c.notice_no)
    p = c.party
    if isinstance(p, Company):
        lines.append(f"陈述申辩人：{p.name}　法定代表人：{p.legal_rep.name}")
        doc.parties += [_p("当事人", p, False), _p("法定代表人", p.legal_rep, False)]
    else:
        lines.append(f"陈述申辩人：{p.name}　身份证号：{p.id_number}")
        doc.parties.append(_p("当事人", p, True))
    lines += _agent_lines(c, doc, rng)
    lines += [f"承办人：{o1.name}、{o2.name}　记录人：{c.recorder.name}",
              "陈述申辩内容：对认定的违法事实没有异议，请求考虑初次违法且已积极整改，从轻处罚。",
              f"以上笔录已阅，无误。签名：{(c.agent or (p.legal_rep if isinstance(p, Company) else p)).name}　{_d(rng, t)}"]
    doc.lines = lines
    doc.officers = [_o(o1, "承办", False), _o(o2, "承办", False), _o(c.recorder, "记录", False)]
    return doc


def legal_review_opinion(c: Case, rng: random.Random) -> Doc:
    a = c.agency
    doc = Doc("legal_review_opinion", "法制审核意见书", [], [], False, c.dates["review"], [])
    o1, o2 = c.officers
    p = c.party
    doc.parties.append(_p("当事人", p, False))
    lines = [doc.title]
    if rng.random() < 0.5:
        lines.append(f"案件编号\t{c.filing_no}\t送审时间\t{_d(rng, c.dates['review'])}")
        doc.numbers.append(c.filing_no)
    lines += [f"送审承办人：{o1.name}、{o2.name}",
              f"关于{p.name}涉嫌{c.cause.name}一案，承办机构提请法制审核。经审核，本案事实清楚，证据确凿，"
              f"适用{c.cause.basis}正确，程序合法，拟作出的处罚（{c.penalty()}）适当。",
              "审核意见：同意承办机构的处理意见。",
              f"法制审核人员：{c.reviewer.name}（{a.cert_label}：{c.reviewer.cert_no}）　{_d(rng, c.dates['review'])}"]
    doc.lines = lines
    doc.officers = [_o(o1, "承办", False), _o(o2, "承办", False), _o(c.reviewer, "审核", True)]
    return doc


def penalty_decision(c: Case, rng: random.Random) -> Doc:
    a = c.agency
    doc = Doc("penalty_decision", "行政处罚决定书", [], [], True, c.dates["decision"], [c.decision_no])
    o1, o2 = c.officers
    you = "你单位" if isinstance(c.party, Company) else "你"
    lines = [doc.title, c.decision_no]
    lines += _party_block(c, rng, doc, with_rep_id=rng.random() < 0.5)
    lines += _agent_lines(c, doc, rng)
    cite_filing = rng.random() < 0.5
    if cite_filing:
        doc.numbers.append(c.filing_no)
    served = _d(rng, c.dates["notice_served"])
    lines += [f"{a.short}于{_d(rng, c.dates['filing'])}对{you}涉嫌{c.cause.name}一案立案调查"
              + (f"（立案编号：{c.filing_no}）" if cite_filing else "") + "。经查明：" + c.facts() + "。",
              f"以上事实有现场检查笔录、询问笔录、现场照片等证据证实。",
              f"{a.short}于{served}向{you}送达了《行政处罚事先告知书》（{c.notice_no}），"
              + ("在法定期限内当事人提出了陈述申辩，经复核，陈述申辩理由不成立。" if c.agent else "当事人在法定期限内未提出陈述、申辩。")]
    doc.numbers.append(c.notice_no)
    lines += [f"{a.short}认为，{you}的上述行为违反了{c.cause.rule}的规定。依据{c.cause.basis}的规定，{a.short}决定对{you}作出如下行政处罚：{c.penalty()}。",
              f"{you}应当自收到本决定书之日起十五日内，将罚款缴至测试市非税收入代收银行。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。",
              f"如不服本决定，可以在收到本决定书之日起六十日内向{a.review_gov}申请行政复议，也可以在六个月内依法向人民法院提起行政诉讼。",
              f"执法人员：{o1.name}（{a.cert_label}：{o1.cert_no}）、{o2.name}（{a.cert_label}：{o2.cert_no}）"]
    doc.lines = lines
    doc.page_break = len(lines) - 3 if rng.random() < 0.4 else None
    doc.signature = [a.name, _d(rng, c.dates["decision"], True)]
    doc.officers = [_o(o1, "承办", True), _o(o2, "承办", True)]
    return doc


def service_receipt(c: Case, rng: random.Random, which: str) -> Doc:
    """Cites the document served by its number; has no number of its own."""
    a = c.agency
    served_no, title, t = ((c.decision_no, "行政处罚决定书", c.dates["decision_served"]) if which == "decision"
                           else (c.notice_no, "行政处罚事先告知书", c.dates["notice_served"]))
    doc = Doc("service_receipt", "送达回证", [], [], True, t, [served_no])
    o1, o2 = c.officers
    method = rng.choice(("直接送达", "直接送达", "留置送达"))
    lines = [doc.title, f"受送达人\t{c.party.name}", f"送达文书名称及文号\t{title}（{served_no}）",
             f"送达地点\t{c.party.address}", f"送达方式\t{method}",
             f"受送达人签名或盖章\t{'' if method == '留置送达' else c.party.name if not isinstance(c.party, Company) else c.party.legal_rep.name}　{_d(rng, t)}",
             f"送达人\t{o1.name}　{o2.name}"]
    doc.parties.append(_p("受送达人", c.party, False))
    if method == "留置送达" and c.witness:
        lines.append(f"见证人\t{c.witness.name}　{_d(rng, t)}")
        doc.parties.append(_p("见证人", c.witness, False))
    lines.append("备注\t")
    doc.lines = lines
    doc.signature = [a.name, _d(rng, t, True)]
    doc.officers = [_o(o1, "承办", False), _o(o2, "承办", False)]
    return doc


def payment_reminder(c: Case, rng: random.Random) -> Doc:
    a = c.agency
    doc = Doc("payment_reminder", "催告书", [], [], True, c.dates["reminder"], [c.reminder_no, c.decision_no])
    you = "你单位" if isinstance(c.party, Company) else "你"
    doc.parties.append(_p("当事人", c.party, False))
    doc.lines = [doc.title, c.reminder_no, _addressee(c),
                 f"{a.short}于{_d(rng, c.dates['decision'])}作出《行政处罚决定书》（{c.decision_no}），"
                 f"决定对{you}{c.penalty()}，该决定书已于{_d(rng, c.dates['decision_served'])}送达。"
                 f"{you}至今未履行缴纳罚款的义务。",
                 f"根据《中华人民共和国行政强制法》第三十五条的规定，现催告{you}自收到本催告书之日起十日内履行上述义务。"
                 f"{you}有权进行陈述和申辩。逾期仍不履行的，{a.short}将依法申请人民法院强制执行。",
                 f"联系人：{c.officers[0].name}　电话：{a.phone}"]
    doc.signature = [a.name, _d(rng, c.dates["reminder"], True)]
    return doc


def case_closing_report(c: Case, rng: random.Random) -> Doc:
    a = c.agency
    doc = Doc("case_closing_report", "结案报告", [], [], False, c.dates["closing"], [c.decision_no])
    o1, o2 = c.officers
    doc.parties.append(_p("当事人", c.party, False))
    doc.lines = [doc.title,
                 f"案由\t{c.cause.name}\t当事人\t{c.party.name}",
                 f"处罚决定书文号\t{c.decision_no}\t决定日期\t{_d(rng, c.dates['decision'])}",
                 f"执行情况\t当事人已于{_d(rng, c.dates['reminder'])}后缴清罚款，处罚决定已履行完毕。",
                 f"承办人意见\t建议结案。承办人：{o1.name}　{o2.name}",
                 f"审核意见\t同意结案。审核人：{c.reviewer.name}",
                 f"负责人意见\t同意。负责人：{c.head.name}　{_d(rng, c.dates['closing'])}"]
    doc.officers = [_o(o1, "承办", False), _o(o2, "承办", False), _o(c.reviewer, "审核", False),
                    _o(c.head, "批准", False)]
    return doc


def build_documents(c: Case, rng: random.Random) -> list[Doc]:
    out = []
    for kind in c.documents:
        if kind == "service_receipt_decision":
            out.append(service_receipt(c, rng, "decision"))
        elif kind == "service_receipt_notice":
            if "penalty_notice" in c.documents:
                out.append(service_receipt(c, rng, "notice"))
        elif kind == "inquiry_record2":
            if isinstance(c.party, Company):
                out.append(inquiry_record(c, rng, second=True))
        elif kind == "inquiry_record":
            out.append(inquiry_record(c, rng))
        else:
            out.append(globals()[kind](c, rng))
    return out
