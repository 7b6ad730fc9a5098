"""The rest of the case-file document types (REQUIREMENTS.md §2), for classification tests and benchmarks.

samples.text writes the seven documents of an ordinary penalty case; this
module writes the others — applications and notices, evidence lists,
hearings, legal review, collective discussion, coercive measures, reminders,
enforcement, closing reports and the archive's own forms — from the same
CaseContext, so that a case's documents agree on names, numbers and dates.
The text conventions are samples.text's (tabs make table rows; the title is
the first line; the signature closes the last page).
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from samples.cases import CaseContext
from samples.dates import DATE_STYLES, format_date, format_time_span
from samples.identities import Party, fake_device_no, fake_person
from samples.text import REVIEW_NOTICE, DocumentSpec


@dataclass
class _Doc:
    title: str
    lines: list[str]
    dates: dict[str, date]
    signature_day: date | None = None  # the agency's name and this date close the page, under the seal
    device_no: str | None = None
    extra: dict = field(default_factory=dict)  # further ground truth: witnesses, service method, measures


def restyle_case_no(case_no: str, rng: random.Random) -> str:
    """The same number written another common way: other brackets, with or without 第 and leading zeros."""
    m = re.fullmatch(r"(?P<prefix>.+?)[〔\[（](?P<year>\d{4})[〕\]）]第?(?P<serial>\d+)号", case_no)
    if not m:
        return case_no
    left, right = rng.choice((("〔", "〕"), ("[", "]"), ("（", "）"), ("［", "］")))
    serial = int(m.group("serial"))
    number = rng.choice((str(serial), f"{serial:03d}", f"{serial:04d}"))
    return f"{m.group('prefix')}{left}{m.group('year')}{right}{rng.choice(('', '第'))}{number}号"


def _who(p: Party) -> list[str]:
    if p.is_person:
        return [f"当事人：{p.name}　性别：{p.gender}　身份证号：{p.id_number}", f"住址：{p.address}　联系电话：{p.phone}"]
    return [f"当事人：{p.name}", f"统一社会信用代码：{p.credit_code}　法定代表人：{p.legal_rep}",
            f"住所：{p.address}　联系电话：{p.phone}"]


def _certs(case: CaseContext) -> str:
    return "、".join(f"{o.name}（执法证号：{o.cert_no}）" for o in case.officers)


def _d(day: date, rng: random.Random) -> str:
    return format_date(day, rng.choice(DATE_STYLES))


def _after(case: CaseContext, key: str, days: int) -> date:
    return case.dates[key] + timedelta(days=days)


# -- 程序启动 -----------------------------------------------------------------------------------

def _application_registration(case: CaseContext, rng: random.Random) -> _Doc:
    day = case.dates["started"]
    return _Doc("申请登记表", [
        f"申请人\t{case.party.name}\t联系电话\t{case.party.phone}",
        f"申请事项\t{case.site}临时占用道路施工许可",
        f"申请方式\t窗口申请\t申请时间\t{_d(day, rng)}",
        "申请材料\t申请书、施工方案、场地平面图",
        f"登记人\t{case.officers[0].name}\t执法证号\t{case.officers[0].cert_no}",
    ], {"applied": day}, signature_day=None)


def _acceptance_notice(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "started", 2)
    return _Doc("受理通知书", [
        f"{case.party.name}：",
        f"你（单位）于{format_date(case.dates['started'])}提出的{case.site}临时占用道路施工许可申请，"
        "申请材料齐全，符合法定形式，本机关决定予以受理。",
        f"联系人：{case.officers[0].name}　联系电话：{case.agency.phone}",
    ], {"accepted": day}, signature_day=day)


def _non_acceptance_notice(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "started", 3)
    return _Doc("不予受理通知书", [
        f"{case.party.name}：",
        f"你（单位）于{format_date(case.dates['started'])}提出的申请，经审查不属于本机关职权范围，决定不予受理。"
        "请向有关行政机关提出申请。",
        REVIEW_NOTICE.format(what="决定", doc="通知书"),
    ], {"rejected": day}, signature_day=day)


def _correction_notice(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "started", 1)
    return _Doc("补正材料通知书", [
        f"{case.party.name}：",
        "你（单位）提交的申请材料不齐全，现一次性告知需补正的全部内容如下：",
        "一、施工方案原件；二、场地权属证明。",
        "请于收到本通知书之日起十日内补齐，逾期未补正的，视为放弃申请。",
        f"经办人：{case.officers[1].name}",
    ], {"notified": day}, signature_day=day)


def _complaint_registration(case: CaseContext, rng: random.Random) -> _Doc:
    taken = {case.party.name, case.interviewee.name, *(o.name for o in case.officers)}
    reporter = fake_person(rng, taken)
    day = case.dates["started"] + timedelta(days=rng.randint(1, 3))
    return _Doc("投诉举报登记表", [
        f"举报人\t{reporter.name}\t联系电话\t{reporter.phone}",
        f"被举报人\t{case.party.name}",
        f"举报内容\t反映{case.site}存在{case.cause.name}的情况",
        f"登记时间\t{_d(day, rng)}\t登记人\t{case.officers[0].name}",
        "处理意见\t转执法一中队核查",
    ], {"registered": day})


def _non_filing_notice(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "started", 5)
    return _Doc("不予立案告知书", [
        f"{case.party.name}：",
        f"本机关对{case.site}涉嫌{case.cause.name}一事进行了核查，违法事实不能成立，决定不予立案。",
        f"承办人：{case.officers[0].name}、{case.officers[1].name}",
    ], {"notified": day}, signature_day=day)


# -- 调查取证 -----------------------------------------------------------------------------------

def _evidence_request_notice(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "inspected", 1)
    return _Doc("调取证据通知书", [
        f"{case.party.name}：",
        f"因调查{case.cause.name}一案需要，请你（单位）于{format_date(day + timedelta(days=5))}前向本机关提供下列证据：",
        "一、营业执照复印件；二、相关合同及票据。",
        f"执法人员：{_certs(case)}",
    ], {"notified": day}, signature_day=day)


def _evidence_list(case: CaseContext, rng: random.Random) -> _Doc:
    day = case.dates["inspected"]
    return _Doc("证据登记保存清单", [
        f"当事人\t{case.party.name}",
        "序号\t证据名称\t规格\t数量",
        "1\t现场照片\t彩色\t12张",
        "2\t产品清单\t复印件\t1份",
        f"证据提供人\t{case.interviewee.name}\t登记时间\t{_d(day, rng)}",
        f"执法人员\t{case.officers[0].name}\t执法证号\t{case.officers[0].cert_no}",
    ], {"registered": day})


def _sampling_notice(case: CaseContext, rng: random.Random) -> _Doc:
    day = case.dates["inspected"]
    return _Doc("抽样取证通知书", [
        f"{case.party.name}：",
        f"本机关于{format_date(day)}依法对你（单位）的产品进行抽样取证，样品名称：预包装饮料，抽样数量：6件，"
        "样品已当场封样。执法人员使用执法记录仪对抽样过程进行了全程录音录像。",
        f"抽样人：{_certs(case)}",
        f"执法记录仪编号：{case.device_no}",
    ], {"sampled": day}, signature_day=day, device_no=case.device_no)


def _rights_notice(case: CaseContext, rng: random.Random) -> _Doc:
    day = case.dates["inspected"]
    return _Doc("权利告知书", [
        f"{case.party.name}：",
        "根据《中华人民共和国行政处罚法》的规定，你（单位）在本案调查中依法享有下列权利：",
        "一、陈述、申辩的权利；二、申请回避的权利；三、依法要求举行听证的权利。",
        f"执法人员：{_certs(case)}",
    ], {"notified": day}, signature_day=day)


def _statement_record(case: CaseContext, rng: random.Random) -> _Doc:
    start = datetime.combine(_after(case, "notified", 2), case.inquiry_start.time())
    end = start + timedelta(minutes=40)
    return _Doc("陈述申辩笔录", [
        f"时间：{format_time_span(start, end)}",
        f"地点：{case.agency.address}",
        f"陈述申辩人：{case.interviewee.name}　性别：{case.interviewee.gender}",
        f"身份证号：{case.interviewee.id_number}",
        f"承办人：{case.officers[0].name}　执法证号：{case.officers[0].cert_no}",
        f"记录人：{case.officers[1].name}　执法证号：{case.officers[1].cert_no}",
        "陈述申辩意见：对违法事实无异议，请求从轻处罚。",
        f"陈述申辩人签名：{case.interviewee.name}",
    ], {"heard": start.date()})


def _hearing_notice(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "notified", 4)
    when = datetime.combine(day + timedelta(days=7), case.inquiry_start.time())
    return _Doc("听证通知书", [
        f"{case.party.name}：",
        f"根据你（单位）的申请，本机关定于{format_date(when.date())}{when.hour}时{when.minute:02d}分"
        f"在{case.agency.address}举行听证。",
        f"听证主持人：{case.reviewer}　听证员：{case.head}",
        "请你（单位）按时参加，无正当理由不参加的，视为放弃听证权利。",
    ], {"notified": day}, signature_day=day)


def _hearing_record(case: CaseContext, rng: random.Random) -> _Doc:
    start = datetime.combine(_after(case, "notified", 11), case.inquiry_start.time())
    end = start + timedelta(minutes=90)
    return _Doc("听证笔录", [
        f"听证时间：{format_time_span(start, end)}",
        f"听证地点：{case.agency.address}",
        f"听证主持人：{case.reviewer}　听证员：{case.head}",
        f"案件调查人员：{_certs(case)}",
        f"当事人：{case.party.name}",
        f"执法记录仪编号：{case.device_no}",
        "调查人员陈述违法事实、证据和处罚建议；当事人进行申辩和质证。",
        "当事人最后陈述：请求从轻处罚。",
    ], {"hearing": start.date()}, device_no=case.device_no)


def _appraisal_opinion(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "inspected", 6)
    return _Doc("检验报告", [
        "委托单位：" + case.agency.name,
        "样品名称：预包装饮料",
        "检验项目：菌落总数、大肠菌群",
        "检验结论：所检项目不符合食品安全标准要求。",
        "鉴定机构：测试市样例检测中心",
    ], {"appraised": day}, signature_day=day)


def _inspection_commission(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "inspected", 1)
    return _Doc("检验委托书", [
        "测试市样例检测中心：",
        f"因办理{case.cause.name}一案需要，现委托你单位对下列样品进行检验。",
        "样品名称：预包装饮料　数量：6件",
        "检验项目：菌落总数、大肠菌群",
        f"联系人：{case.officers[0].name}　联系电话：{case.agency.phone}",
    ], {"commissioned": day}, signature_day=day)


def _power_of_attorney(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "inspected", 1)
    agent = case.interviewee if case.interviewee is not case.party else fake_person(rng, {case.party.name})
    principal = ([f"委托人：{case.party.name}　身份证号：{case.party.id_number}"] if case.party.is_person else
                 [f"委托人：{case.party.name}", f"统一社会信用代码：{case.party.credit_code}",
                  f"法定代表人：{case.party.legal_rep}"])
    return _Doc("授权委托书", [
        *principal,
        f"受托人：{agent.name}　身份证号：{agent.id_number}　联系电话：{agent.phone}",
        f"现委托上述受托人在{case.agency.name}办理的{case.cause.name}一案中，作为我方委托代理人。",
        "代理权限：一般授权，代为陈述申辩、签收法律文书。",
        "委托期限：自签字之日起至本案结案止。",
        f"委托人（签名或盖章）：{case.party.name}",
        f"受托人（签名）：{agent.name}",
        _d(day, rng),
    ], {"signed": day})


def _seizure_decision(case: CaseContext, rng: random.Random) -> _Doc:
    day = case.dates["inspected"]
    return _Doc("查封（扣押）决定书", [
        case.case_no,
        *_who(case.party),
        f"经查，{case.fill(case.cause.facts)}。依据{case.cause.basis}的规定，本机关决定对你（单位）的下列财物予以扣押，"
        "期限为三十日：",
        "（一）涉案物品一批（详见查封（扣押）清单）。",
        "执法人员使用执法记录仪对扣押过程进行了全程音像记录。",
        REVIEW_NOTICE.format(what="决定", doc="决定书"),
    ], {"seized": day}, signature_day=day, device_no=None)


def _preservation_notice(case: CaseContext, rng: random.Random) -> _Doc:
    day = case.dates["inspected"]
    return _Doc("先行登记保存证据通知书", [
        f"{case.party.name}：",
        f"因调查{case.cause.name}一案，经本机关负责人批准，对你（单位）的下列物品先行登记保存，"
        "保存期间不得销毁或者转移。本机关将在七日内作出处理决定。",
        "物品名称：涉案物品　数量：一批",
        f"执法人员：{_certs(case)}",
    ], {"preserved": day}, signature_day=day)


def _investigation_report(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "inquired", 3)
    return _Doc("案件调查报告", [
        f"案号：{case.case_no}",
        f"案由：{case.cause.name}",
        f"调查经过：{format_date(case.dates['inspected'])}执法人员进行现场检查，随后询问了当事人。",
        f"违法事实：{case.fill(case.cause.facts)}。",
        f"调查人员：{case.officers[0].name}、{case.officers[1].name}",
        f"报告日期：{_d(day, rng)}",
    ], {"reported": day})


def _av_record_note(case: CaseContext, rng: random.Random) -> _Doc:
    recorded = datetime.combine(case.dates["inspected"], case.inspection_start.time())
    stored = recorded + timedelta(hours=rng.choice((3, 20, 30)))
    return _Doc("音像记录登记表", [
        f"案号\t{case.case_no}",
        f"执法记录仪编号\t{case.device_no}",
        f"拍摄时间\t{format_date(recorded.date())}{recorded.hour}时{recorded.minute:02d}分",
        f"存储时间\t{format_date(stored.date())}{stored.hour}时{stored.minute:02d}分",
        "录像时长\t46分钟",
        f"执法人员\t{case.officers[0].name}\t执法证号\t{case.officers[0].cert_no}",
    ], {"recorded": recorded.date(), "stored": stored.date()}, device_no=case.device_no)


# -- 审查决定 -----------------------------------------------------------------------------------

def _closing_investigation_report(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "notified", -2)
    return _Doc("调查终结报告", [
        f"案号：{case.case_no}",
        f"当事人：{case.party.name}",
        f"本案于{format_date(case.dates['filed'])}立案，现已调查终结。",
        f"违法事实：{case.fill(case.cause.facts)}。",
        f"处理意见：建议给予警告，并处罚款人民币{case.fine}元。",
        f"承办人：{case.officers[0].name}、{case.officers[1].name}",
    ], {"reported": day}, signature_day=day)


def _legal_review_opinion(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "decided", -2)
    return _Doc("法制审核意见书", [
        f"案号：{case.case_no}",
        f"送审机构：{case.agency.name}执法一中队",
        "审核意见：本案事实清楚，证据确凿，适用依据正确，程序合法，处罚适当，同意作出行政处罚决定。",
        f"法制审核人：{case.reviewer}",
    ], {"reviewed": day}, signature_day=day)


def _collective_discussion(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "decided", -1)
    return _Doc("重大案件集体讨论记录", [
        f"案号：{case.case_no}",
        f"讨论时间：{_d(day, rng)}",
        f"主持人：{case.head}",
        f"出席人员：{case.head}、{case.reviewer}、{case.officers[0].name}",
        f"案情介绍：{case.fill(case.cause.facts)}。",
        "讨论意见：事实清楚，证据充分，同意承办人处理意见。",
        "讨论决定：给予警告并处罚款。",
    ], {"discussed": day})


def _expert_opinion(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "decided", -5)
    return _Doc("专家论证意见书", [
        f"论证事项：{case.cause.name}的认定",
        "参加专家：周测试（高级工程师）、吴样例（律师）",
        "论证意见：专家一致认为，现有证据足以认定违法事实。",
    ], {"discussed": day}, signature_day=day)


def _head_approval(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "decided", -1)
    return _Doc("行政处罚审批表", [
        f"案号\t{case.case_no}",
        f"当事人\t{case.party.name}",
        f"案由\t{case.cause.name}",
        f"拟处理意见\t警告，罚款人民币{case.fine}元",
        f"承办人意见\t建议按拟处理意见处罚。承办人：{case.officers[0].name}　{_d(day, rng)}",
        f"负责人意见\t同意。负责人：{case.head}　{_d(day, rng)}",
    ], {"approved": day})


def _non_penalty_decision(case: CaseContext, rng: random.Random) -> _Doc:
    day = case.dates["decided"]
    return _Doc("不予行政处罚决定书", [
        case.case_no,
        *_who(case.party),
        f"经查，{case.fill(case.cause.facts)}。鉴于当事人违法行为轻微并及时改正，没有造成危害后果，"
        "依据《中华人民共和国行政处罚法》第三十三条第一款的规定，本机关决定不予行政处罚。",
        REVIEW_NOTICE.format(what="决定", doc="决定书"),
    ], {"decided": day}, signature_day=day)


def _summary_penalty_decision(case: CaseContext, rng: random.Random) -> _Doc:
    day = case.dates["inspected"]
    return _Doc("当场行政处罚决定书", [
        case.case_no,
        *_who(case.party),
        f"违法事实：{case.fill(case.cause.facts)}。",
        "依据《中华人民共和国行政处罚法》第五十一条的规定，适用简易程序，当场作出如下处罚：",
        "（一）警告；",
        "（二）罚款人民币贰佰元整（200元）。",
        f"执法人员：{_certs(case)}",
    ], {"decided": day}, signature_day=day, extra={"measures": {"warning": None, "fine": 200}})


def _other_decision(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "started", 10)
    return _Doc("准予行政许可决定书", [
        case.case_no,
        f"申请人：{case.party.name}",
        f"你（单位）申请的{case.site}临时占用道路施工许可，经审查符合法定条件，本机关决定准予行政许可。",
        f"许可期限：自{format_date(day)}起三十日。",
    ], {"decided": day}, signature_day=day)


# -- 送达执行 -----------------------------------------------------------------------------------

_METHODS = {"direct": "直接送达", "left": "留置送达", "post": "邮寄送达", "notice": "公告送达",
            "entrusted": "委托送达", "electronic": "电子送达"}


def service_receipt(case: CaseContext, rng: random.Random, method: str, witness: bool = False) -> _Doc:
    """A 送达回证 with a chosen method (the sample set's one only ever says direct or left)."""
    day = case.dates["served"]
    o1, o2 = case.officers
    lines = [
        f"案号：{restyle_case_no(case.case_no, rng)}",
        "送达文书名称\t行政处罚决定书",
        f"受送达人\t{case.party.name}",
        f"送达地点\t{case.party.address}",
        f"送达方式\t{_METHODS[method]}",
        f"送达人\t{o1.name}\t执法证号\t{o1.cert_no}",
        f"送达人\t{o2.name}\t执法证号\t{o2.cert_no}",
        f"送达时间\t{format_date(day)}",
    ]
    extra = {"service_method": method}
    if witness:
        taken = {case.party.name, case.interviewee.name, o1.name, o2.name}
        w = fake_person(rng, taken)
        lines.append(f"见证人\t{w.name}\t身份证号\t{w.id_number}")
        extra["witnesses"] = [w.name]
    device = None
    if method in ("left", "notice") and rng.random() < 0.5:
        device = fake_device_no(rng)
        lines.append(f"记录设备编号\t{device}")
    lines.append("备注\t受送达人拒绝签收，已将文书留置于其住所" if method == "left" else "备注\t无")
    return _Doc("送达回证", lines, {"served": day}, signature_day=day, device_no=device, extra=extra)


def _performance_check(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "served", 16)
    return _Doc("履行情况检查记录", [
        f"案号：{case.case_no}",
        f"当事人：{case.party.name}",
        f"检查时间：{_d(day, rng)}",
        f"履行情况：当事人已于{format_date(_after(case, 'served', 10))}缴纳罚款{case.fine}元，已履行完毕。",
        f"检查人员：{_certs(case)}",
    ], {"checked": day})


def _rectification_review(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "inspected", 30)
    return _Doc("责令改正复查记录", [
        f"案号：{case.case_no}",
        f"复查时间：{_d(day, rng)}",
        f"复查地点：{case.site}",
        f"复查人员：{_certs(case)}",
        "复查情况：当事人已按要求整改，整改情况符合要求。",
    ], {"reviewed": day})


def _payment_reminder(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "served", 20)
    return _Doc("催告书", [
        case.case_no,
        f"{case.party.name}：",
        f"本机关于{format_date(case.dates['decided'])}作出行政处罚决定，你（单位）逾期未缴纳罚款。"
        "现依法催告你（单位）在收到本催告书之日起十日内履行义务；逾期仍不履行的，本机关将依法申请强制执行。",
    ], {"reminded": day}, signature_day=day)


def _enforcement_decision(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "served", 40)
    return _Doc("行政强制执行决定书", [
        case.case_no,
        *_who(case.party),
        "你（单位）经催告后逾期仍不履行行政决定，本机关决定依法强制执行：",
        "（一）拆除违法设置的设施，恢复原状。",
        REVIEW_NOTICE.format(what="决定", doc="决定书"),
    ], {"decided": day}, signature_day=day)


def _enforcement_application(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "served", 95)
    return _Doc("强制执行申请书", [
        f"申请执行人：{case.agency.name}",
        f"被申请执行人：{case.party.name}",
        f"申请事项：请求人民法院强制执行本机关作出的行政处罚决定（{case.case_no}）。",
        "测试市示例区人民法院：",
        "被申请执行人在法定期限内未申请行政复议或者提起行政诉讼，又不履行，特申请强制执行。",
    ], {"applied": day}, signature_day=day)


def _case_closing_report(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "served", 20)
    return _Doc("结案报告", [
        f"案号：{case.case_no}",
        f"当事人：{case.party.name}",
        f"案由：{case.cause.name}",
        f"处理结果：警告，罚款人民币{case.fine}元",
        "执行情况：罚款已缴纳，建议结案。",
        f"承办人：{case.officers[0].name}、{case.officers[1].name}",
        f"结案日期：{_d(day, rng)}",
    ], {"closed": day})


# -- 归档管理 -----------------------------------------------------------------------------------

def _file_toc(case: CaseContext, rng: random.Random) -> _Doc:
    return _Doc("卷内目录", [
        f"案号：{case.case_no}",
        "序号\t文书名称\t责任者\t页号",
        f"1\t立案审批表\t{case.agency.abbrev}\t1",
        f"2\t现场检查笔录\t{case.agency.abbrev}\t2",
        f"3\t询问笔录\t{case.agency.abbrev}\t3-4",
        f"4\t行政处罚决定书\t{case.agency.abbrev}\t5",
    ], {})


def _file_note(case: CaseContext, rng: random.Random) -> _Doc:
    day = _after(case, "served", rng.choice((12, 25, 45)))
    return _Doc("卷内备考表", [
        f"案号：{case.case_no}",
        "本卷共7件，计8页，其中文字材料8页，照片0张。",
        f"立卷人：{case.officers[1].name}",
        f"检查人：{case.reviewer}",
        f"立卷时间：{_d(day, rng)}",
    ], {"archived": day})


BUILDERS: dict[str, Callable[[CaseContext, random.Random], _Doc]] = {
    "application_registration": _application_registration,
    "acceptance_notice": _acceptance_notice,
    "non_acceptance_notice": _non_acceptance_notice,
    "correction_notice": _correction_notice,
    "complaint_registration": _complaint_registration,
    "non_filing_notice": _non_filing_notice,
    "evidence_request_notice": _evidence_request_notice,
    "evidence_list": _evidence_list,
    "sampling_notice": _sampling_notice,
    "rights_notice": _rights_notice,
    "statement_record": _statement_record,
    "hearing_notice": _hearing_notice,
    "hearing_record": _hearing_record,
    "appraisal_opinion": _appraisal_opinion,
    "inspection_commission": _inspection_commission,
    "power_of_attorney": _power_of_attorney,
    "seizure_decision": _seizure_decision,
    "preservation_notice": _preservation_notice,
    "investigation_report": _investigation_report,
    "av_record_note": _av_record_note,
    "closing_investigation_report": _closing_investigation_report,
    "legal_review_opinion": _legal_review_opinion,
    "collective_discussion": _collective_discussion,
    "expert_opinion": _expert_opinion,
    "head_approval": _head_approval,
    "non_penalty_decision": _non_penalty_decision,
    "summary_penalty_decision": _summary_penalty_decision,
    "other_decision": _other_decision,
    "service_receipt": lambda case, rng: service_receipt(case, rng, rng.choice(tuple(_METHODS))),
    "performance_check": _performance_check,
    "rectification_review": _rectification_review,
    "payment_reminder": _payment_reminder,
    "enforcement_decision": _enforcement_decision,
    "enforcement_application": _enforcement_application,
    "case_closing_report": _case_closing_report,
    "file_toc": _file_toc,
    "file_note": _file_note,
}
MORE_DOC_TYPES = tuple(BUILDERS)


@dataclass
class MoreDocument:
    spec: DocumentSpec
    extra: dict


def as_spec(doc_type: str, doc: _Doc, case: CaseContext) -> MoreDocument:
    signature = [case.agency.name, format_date(doc.signature_day, "cn_numerals")] if doc.signature_day else []
    lines = [doc.title, *doc.lines, *signature]
    parties = [case.party] if case.interviewee is case.party else [case.party, case.interviewee]
    spec = DocumentSpec(doc_type=doc_type, title=doc.title, agency=case.agency.name, case_no=case.case_no,
                        parties=parties, officers=list(case.officers), device_no=doc.device_no, dates=doc.dates,
                        pages=["\n".join(lines)], signature=signature, sealed=bool(signature))
    return MoreDocument(spec, doc.extra)


def build_more_document(doc_type: str, case: CaseContext, seed: int | str | None = None) -> MoreDocument:
    """A document of one of MORE_DOC_TYPES for `case`; deterministic in (case.seed, doc_type, seed)."""
    if doc_type not in BUILDERS:
        raise ValueError(f"unknown doc_type {doc_type!r}; known: {', '.join(MORE_DOC_TYPES)}")
    rng = random.Random(f"{case.seed}:{doc_type}:{seed}")
    return as_spec(doc_type, BUILDERS[doc_type](case, rng), case)


__all__ = ["MORE_DOC_TYPES", "MoreDocument", "build_more_document", "restyle_case_no", "service_receipt"]
