"""The text of fictional enforcement documents, page by page.

Page text conventions the renderer relies on (and nothing else does):
a line with tab characters is a table row, one cell per tab-separated field;
the document's title is the first line of the first page; the lines in
DocumentSpec.signature close the last page (agency name and date, under the
seal). Whitespace carries no meaning for OCR comparisons.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from samples.cases import FINES, CaseContext, build_case
from samples.dates import DATE_STYLES, DateStyle, format_date, format_time_span
from samples.identities import Officer, Party

DOC_TYPES: dict[str, str] = {
    "case_initiation_approval": "立案审批表",
    "inspection_record": "现场检查笔录",
    "inquiry_record": "询问笔录",
    "rectification_order": "责令改正通知书",
    "penalty_notice": "行政处罚事先告知书",
    "penalty_decision": "行政处罚决定书",
    "service_receipt": "送达回证",
}

REVIEW_NOTICE = ("如不服本{what}，可以在收到本{doc}之日起六十日内向测试市示例区人民政府申请行政复议，"
                 "也可以在六个月内直接向测试市示例区人民法院提起行政诉讼。")


@dataclass
class DocumentSpec:
    """One fictional document: what it says (pages) and the facts it was built from."""

    doc_type: str
    title: str
    agency: str
    case_no: str
    parties: list[Party]
    officers: list[Officer]
    device_no: str | None
    dates: dict[str, date]
    pages: list[str]
    signature: list[str] = field(default_factory=list)
    sealed: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


@dataclass
class _Body:
    pages: list[list[str]]
    dates: dict[str, date]
    signature: list[str] = field(default_factory=list)
    device_no: str | None = None
    sealed: bool = False


def _party_lines(party: Party, label: str = "当事人") -> list[str]:
    if party.is_person:
        return [f"{label}：{party.name}　性别：{party.gender}　身份证号：{party.id_number}",
                f"住址：{party.address}　联系电话：{party.phone}"]
    return [f"{label}：{party.name}",
            f"统一社会信用代码：{party.credit_code}　法定代表人：{party.legal_rep}",
            f"住所：{party.address}　联系电话：{party.phone}"]


def _officer_list(officers: tuple[Officer, ...]) -> str:
    return "、".join(f"{o.name}（执法证号：{o.cert_no}）" for o in officers)


def _penalties(case: CaseContext) -> list[str]:
    return ["（一）警告；", f"（二）罚款人民币{FINES[case.fine]}（{case.fine}元）。"]


def _ending(case: CaseContext, day: date) -> list[str]:
    return [case.agency.name, format_date(day, "cn_numerals")]


def _case_initiation_approval(case: CaseContext, rng: random.Random) -> _Body:
    style: DateStyle = rng.choice(DATE_STYLES)
    filed = format_date(case.dates["filed"], style)
    o1, o2 = case.officers
    party = case.party
    identity = ([f"身份证号\t{party.id_number}\t住址\t{party.address}"] if party.is_person else
                [f"统一社会信用代码\t{party.credit_code}\t法定代表人\t{party.legal_rep}",
                 f"住所\t{party.address}"])
    lines = [
        DOC_TYPES["case_initiation_approval"],
        f"案号：{case.case_no}",
        f"案件来源\t{case.case_source}\t受案时间\t{filed}",
        f"案由\t涉嫌{case.cause.name}案",
        f"当事人\t{party.name}\t联系电话\t{party.phone}",
        *identity,
        f"简要案情\t{case.fill(case.cause.facts)}。",
        f"承办人意见\t经初步核查，当事人涉嫌{case.cause.name}，符合立案条件，建议立案调查。"
        f"承办人：{o1.name}、{o2.name}　{filed}",
        f"法制审核意见\t同意立案。审核人：{case.reviewer}　{filed}",
        f"负责人审批意见\t同意立案，由{o1.name}、{o2.name}承办。负责人：{case.head}　{filed}",
        "备注\t无",
    ]
    return _Body(pages=[lines], dates={"filed": case.dates["filed"]})


def _inspection_record(case: CaseContext, rng: random.Random) -> _Body:
    start = case.inspection_start
    end = start + timedelta(minutes=rng.randint(30, 90))
    lines = [
        DOC_TYPES["inspection_record"],
        f"案号：{case.case_no}",
        f"检查时间：{format_time_span(start, end)}",
        f"检查地点：{case.site}",
        f"检查人员：{_officer_list(case.officers)}",
        *_party_lines(case.party),
        f"执法记录仪编号：{case.device_no}",
        "执法人员出示执法证件，表明身份，告知当事人有陈述、申辩和申请回避的权利。当事人表示不申请回避。",
        f"现场检查情况：{case.fill(case.cause.facts)}。执法人员使用执法记录仪对检查过程进行了全程记录，"
        "并对现场进行了拍照取证。",
        "以上笔录已交当事人核对，当事人确认无误。",
        f"当事人签名：{case.interviewee.name}　检查人员签名：{case.officers[0].name}、{case.officers[1].name}",
        format_date(start.date(), rng.choice(DATE_STYLES)),
    ]
    return _Body(pages=[lines], dates={"inspected": start.date()}, device_no=case.device_no)


def _inquiry_record(case: CaseContext, rng: random.Random) -> _Body:
    start: datetime = case.inquiry_start
    end = start + timedelta(minutes=rng.randint(40, 120))
    o1, o2 = case.officers
    person = case.interviewee
    role = "" if person is case.party else f"（{case.party.name}法定代表人）"
    head = [
        DOC_TYPES["inquiry_record"],
        f"案号：{case.case_no}",
        f"询问时间：{format_time_span(start, end)}",
        f"询问地点：{case.agency.address}",
        f"询问人：{o1.name}　执法证号：{o1.cert_no}",
        f"记录人：{o2.name}　执法证号：{o2.cert_no}",
        f"被询问人：{person.name}{role}　性别：{person.gender}",
        f"身份证号：{person.id_number}　联系电话：{person.phone}",
        f"住址：{person.address}",
        f"记录设备编号：{case.device_no}",
        f"问：我们是{case.agency.name}的执法人员{o1.name}、{o2.name}，这是我们的执法证件。"
        f"现就{case.party.name}涉嫌{case.cause.name}一事依法进行询问调查，请你如实回答。"
        "你有陈述和申辩的权利，如认为执法人员与本案有利害关系，可以申请回避。你听清楚了吗？",
        "答：听清楚了，不申请回避。",
        "问：请介绍一下你的基本情况。",
        f"答：我叫{person.name}，住在{person.address}，联系电话{person.phone}。",
    ]
    qa = [line for q, a in case.cause.qa for line in (f"问：{case.fill(q)}", f"答：{case.fill(a)}")]
    split = 2 * (len(case.cause.qa) // 2)
    tail = [
        "问：你还有什么需要补充的吗？",
        "答：没有了。",
        "以上笔录我已看过，与我所说的相符。",
        f"被询问人签名：{person.name}",
        f"询问人签名：{o1.name}　记录人签名：{o2.name}",
        format_date(start.date(), rng.choice(DATE_STYLES)),
    ]
    pages = [head + qa[:split] + ["第1页　共2页"], qa[split:] + tail + ["第2页　共2页"]]
    return _Body(pages=pages, dates={"inquired": start.date()}, device_no=case.device_no)


def _rectification_order(case: CaseContext, rng: random.Random) -> _Body:
    day = case.dates["inspected"]
    lines = [
        DOC_TYPES["rectification_order"],
        case.case_no,
        f"{case.party.name}：",
        f"经查，{case.fill(case.cause.facts)}，违反了{case.cause.rule}的规定。",
        f"根据{case.cause.basis}的规定，现责令你（单位）{case.cause.order}。逾期不改正的，本机关将依法处理。",
        REVIEW_NOTICE.format(what="通知", doc="通知书"),
        f"执法人员：{_officer_list(case.officers)}",
        f"联系电话：{case.agency.phone}",
    ]
    signature = _ending(case, day)
    return _Body(pages=[lines + signature], dates={"ordered": day}, signature=signature,
                 sealed=True)


def _penalty_notice(case: CaseContext, rng: random.Random) -> _Body:
    day = case.dates["notified"]
    lines = [
        DOC_TYPES["penalty_notice"],
        case.case_no,
        f"{case.party.name}：",
        f"经查，{case.fill(case.cause.facts)}。",
        f"以上事实有{case.cause.evidence}等证据为证。",
        f"你（单位）的上述行为违反了{case.cause.rule}的规定。依据{case.cause.basis}的规定，"
        "本机关拟对你（单位）作出如下行政处罚：",
        *_penalties(case),
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）可在收到本告知书之日起"
        "五日内向本机关提出陈述、申辩；符合听证条件的，可以要求举行听证。逾期未提出的，视为放弃上述权利。",
        f"联系人：{case.officers[0].name}　联系电话：{case.agency.phone}",
        f"联系地址：{case.agency.address}",
    ]
    signature = _ending(case, day)
    return _Body(pages=[lines + signature], dates={"notified": day}, signature=signature,
                 sealed=True)


def _penalty_decision(case: CaseContext, rng: random.Random) -> _Body:
    day = case.dates["decided"]
    style: DateStyle = rng.choice(("cn", "cn_padded"))
    defence = rng.choice(("未提出陈述、申辩", "提出了陈述、申辩，经复核，其理由不能成立，本机关不予采纳"))
    lines = [
        DOC_TYPES["penalty_decision"],
        case.case_no,
        *_party_lines(case.party),
        f"本机关于{format_date(case.dates['filed'], style)}对你（单位）涉嫌{case.cause.name}一案立案调查，"
        "现已调查终结。",
        f"经查明：{case.fill(case.cause.facts)}。",
        f"以上事实有{case.cause.evidence}及执法记录仪视音频资料（记录设备编号：{case.device_no}）等证据证实。",
        f"本机关于{format_date(case.dates['notified'], style)}向你（单位）送达了《行政处罚事先告知书》，"
        f"你（单位）在规定期限内{defence}。",
        f"你（单位）的上述行为违反了{case.cause.rule}的规定。依据{case.cause.basis}的规定，"
        "本机关决定对你（单位）作出如下行政处罚：",
        *_penalties(case),
        "请于收到本决定书之日起十五日内，持本决定书到测试银行示例支行缴纳罚款。"
        "逾期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款。",
        REVIEW_NOTICE.format(what="处罚决定", doc="决定书"),
    ]
    signature = _ending(case, day)
    return _Body(pages=[lines + signature], dates={"filed": case.dates["filed"], "decided": day},
                 signature=signature, device_no=case.device_no, sealed=True)


def _service_receipt(case: CaseContext, rng: random.Random) -> _Body:
    day = case.dates["served"]
    served_at = datetime.combine(day, case.inquiry_start.time())
    o1, o2 = case.officers
    lines = [
        DOC_TYPES["service_receipt"],
        f"案号：{case.case_no}",
        f"送达文书名称\t行政处罚决定书（{case.case_no}）",
        f"受送达人\t{case.party.name}",
        f"送达地点\t{case.party.address}",
        f"送达方式\t{rng.choice(('直接送达', '留置送达'))}",
        f"送达人\t{o1.name}\t执法证号\t{o1.cert_no}",
        f"送达人\t{o2.name}\t执法证号\t{o2.cert_no}",
        f"送达时间\t{format_date(day, rng.choice(('cn', 'cn_padded', 'iso')))}"
        f"　{served_at.hour}时{served_at.minute:02d}分",
        f"受送达人签收\t{case.interviewee.name}　{format_date(day)}",
        "见证人\t无",
        "备注\t无",
    ]
    signature = _ending(case, day)
    return _Body(pages=[lines + signature], dates={"served": day}, signature=signature, sealed=True)


_BUILDERS: dict[str, Callable[[CaseContext, random.Random], _Body]] = {
    "case_initiation_approval": _case_initiation_approval,
    "inspection_record": _inspection_record,
    "inquiry_record": _inquiry_record,
    "rectification_order": _rectification_order,
    "penalty_notice": _penalty_notice,
    "penalty_decision": _penalty_decision,
    "service_receipt": _service_receipt,
}


def build_document(doc_type: str, case: CaseContext) -> DocumentSpec:
    """The document of type doc_type for case; deterministic in (case.seed, doc_type)."""
    if doc_type not in _BUILDERS:
        raise ValueError(f"unknown doc_type {doc_type!r}; known: {', '.join(DOC_TYPES)}")
    # A string seed keeps each document's choices independent of the others'.
    body = _BUILDERS[doc_type](case, random.Random(f"{case.seed}:{doc_type}"))
    parties = [case.party] if case.interviewee is case.party else [case.party, case.interviewee]
    return DocumentSpec(
        doc_type=doc_type,
        title=DOC_TYPES[doc_type],
        agency=case.agency.name,
        case_no=case.case_no,
        parties=parties,
        officers=list(case.officers),
        device_no=body.device_no,
        dates=body.dates,
        pages=["\n".join(lines) for lines in body.pages],
        signature=body.signature,
        sealed=body.sealed,
    )


def generate_document(seed: int, doc_type: str | None = None) -> DocumentSpec:
    """A document of a fresh fictional case; doc_type None picks one from seed."""
    if doc_type is None:
        doc_type = random.Random(seed).choice(sorted(DOC_TYPES))
    return build_document(doc_type, build_case(seed))
