"""The classifier's label set: document types by stage (REQUIREMENTS.md §2), roles and service methods.

Each document type carries the titles it is printed under (the first is the
canonical one shown in the case-file table of contents), the body phrases
that betray it when the title is damaged, and what its closing date means.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from records.text import normalise_text

STAGES: dict[str, str] = {
    "initiation": "程序启动",
    "investigation": "调查取证",
    "decision": "审查决定",
    "service_enforcement": "送达执行",
    "archiving": "归档管理",
}
STAGE_ORDER = tuple(STAGES)

OTHER = "other"


@dataclass(frozen=True)
class DocType:
    code: str
    stage: str
    titles: tuple[str, ...]
    cues: tuple[tuple[str, float], ...] = ()
    signature_meaning: str = "signed"  # what the date under the signature means
    extra: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.titles[0]


def _t(code: str, stage: str, titles: tuple[str, ...], cues: tuple[tuple[str, float], ...] = (),
       signature_meaning: str = "signed") -> DocType:
    return DocType(code, stage, titles, cues, signature_meaning)


_TYPES = (
    # 程序启动 — 000:8, 001:9-11, 002(记录):7-10
    _t("application_registration", "initiation", ("申请登记表", "行政许可申请登记表", "申请材料登记表"),
       (("申请人", 1.0), ("申请事项", 2.0), ("申请材料", 1.5), ("申请方式", 1.5)), "applied"),
    _t("acceptance_notice", "initiation", ("受理通知书", "行政许可受理通知书", "受理决定书"),
       (("予以受理", 2.5), ("申请材料齐全", 1.5)), "accepted"),
    _t("non_acceptance_notice", "initiation", ("不予受理通知书", "行政许可不予受理决定书", "不予受理决定书"),
       (("不予受理", 3.0), ("不属于本机关职权范围", 1.5)), "rejected"),
    _t("correction_notice", "initiation", ("补正材料通知书", "补正告知书", "一次性告知书", "材料补正通知书"),
       (("补正", 2.0), ("一次性告知", 2.0), ("补齐", 1.0)), "notified"),
    _t("complaint_registration", "initiation", ("投诉举报登记表", "举报登记表", "投诉登记表", "案件来源登记表"),
       (("举报人", 2.0), ("投诉人", 2.0), ("举报内容", 2.0), ("反映情况", 1.5), ("登记人", 1.0)), "registered"),
    _t("non_filing_notice", "initiation", ("不予立案告知书", "不予立案通知书"),
       (("不予立案", 3.0),), "notified"),
    _t("case_initiation_approval", "initiation", ("立案审批表", "程序启动审批表", "立案呈批表", "立案登记表"),
       (("案件来源", 1.5), ("承办人意见", 1.5), ("负责人审批意见", 1.0), ("建议立案", 2.5), ("同意立案", 2.5),
        ("受案时间", 1.5), ("简要案情", 1.5)), "filed"),
    # 调查取证 — 000:9-11, 001:12-16, 002(记录):11-14, 004:8-10
    _t("inquiry_record", "investigation", ("询问笔录", "调查询问笔录", "询问(调查)笔录"),
       (("问:", 0.6), ("答:", 0.6), ("被询问人", 2.5), ("询问人", 1.5), ("记录人", 1.0), ("询问时间", 2.0)),
       "inquired"),
    _t("evidence_request_notice", "investigation", ("调取证据通知书", "调取证据材料通知书", "协助调查通知书"),
       (("调取", 2.0), ("提供下列证据", 2.0), ("提供以下证据", 2.0)), "notified"),
    _t("evidence_list", "investigation", ("证据登记保存清单", "证据材料登记清单", "证据清单"),
       (("证据名称", 2.0), ("规格", 1.0), ("数量", 0.8), ("证据提供人", 2.0), ("登记保存", 1.0)), "registered"),
    _t("inspection_record", "investigation", ("现场检查笔录", "现场检查(勘验)笔录", "现场勘验笔录", "勘验笔录"),
       (("检查时间", 2.0), ("检查地点", 2.0), ("检查人员", 1.5), ("现场检查情况", 2.5), ("勘验", 1.0)),
       "inspected"),
    _t("sampling_notice", "investigation", ("抽样取证通知书", "抽查取样通知书", "抽样检验通知书", "抽样物品清单"),
       (("抽样", 2.0), ("样品", 2.0), ("抽样数量", 1.5), ("封样", 1.5)), "sampled"),
    _t("rights_notice", "investigation", ("权利告知书", "当事人权利告知书"),
       (("依法享有", 2.0), ("申请回避的权利", 2.0), ("告知你", 1.0)), "notified"),
    _t("penalty_notice", "investigation", ("行政处罚事先告知书", "事先告知书", "行政处罚告知书",
                                          "行政处罚听证告知书"),
       (("拟对你", 3.0), ("拟作出", 1.5), ("收到本告知书之日起", 2.5), ("要求举行听证", 1.5),
        ("视为放弃", 1.5)), "notified"),
    _t("statement_record", "investigation", ("陈述申辩笔录", "陈述、申辩笔录", "陈述申辩记录"),
       (("陈述申辩人", 2.5), ("申辩意见", 2.0), ("陈述", 0.6), ("申辩", 0.6)), "heard"),
    _t("hearing_notice", "investigation", ("听证通知书", "行政处罚听证通知书", "举行听证通知书"),
       (("定于", 1.5), ("举行听证", 2.0), ("听证地点", 2.0), ("听证主持人", 1.0)), "notified"),
    _t("hearing_record", "investigation", ("听证笔录", "听证会笔录"),
       (("听证主持人", 2.0), ("听证员", 2.0), ("案件调查人员", 1.5), ("质证", 2.0), ("最后陈述", 2.0),
        ("听证时间", 2.0)), "hearing"),
    _t("appraisal_opinion", "investigation", ("鉴定意见书", "检验报告", "检测报告", "鉴定报告"),
       (("鉴定意见", 2.0), ("检验结论", 2.0), ("检测结果", 2.0), ("鉴定机构", 1.5)), "appraised"),
    _t("inspection_commission", "investigation", ("检验委托书", "委托鉴定书", "鉴定委托书", "检测委托书"),
       (("委托", 1.0), ("检验项目", 2.0), ("委托事项", 2.0), ("受委托", 1.5)), "commissioned"),
    # The authority a party gives its agent, filed with the case (no seed names it; the 委托人 is the party, the
    # 受托人 its agent).
    _t("power_of_attorney", "investigation", ("授权委托书", "委托授权书", "法定代表人授权委托书", "委托代理授权书"),
       (("受托人", 2.5), ("受委托人", 2.0), ("委托事项", 1.0), ("代理权限", 2.5), ("特别授权", 2.0),
        ("一般授权", 2.0), ("委托期限", 1.5), ("全权代表", 1.5)), "signed"),
    _t("seizure_decision", "investigation", ("查封(扣押)决定书", "查封扣押决定书", "查封决定书", "扣押决定书",
                                            "实施行政强制措施决定书"),
       (("查封", 1.5), ("扣押", 1.5), ("期限为", 1.0), ("场所、设施或者财物", 1.5), ("(扣押)清单", 1.5)),
       "seized"),
    _t("preservation_notice", "investigation", ("先行登记保存证据通知书", "先行登记保存通知书",
                                               "证据先行登记保存通知书"),
       (("先行登记保存", 3.0), ("七日内", 1.0)), "preserved"),
    _t("investigation_report", "investigation", ("案件调查报告", "调查报告"),
       (("调查经过", 2.0), ("调查人员", 1.0), ("违法事实", 1.0)), "reported"),
    _t("rectification_order", "investigation", ("责令改正通知书", "责令限期改正通知书", "责令整改通知书",
                                                "责令停止违法行为通知书"),
       (("责令你", 2.0), ("逾期不改正", 2.5), ("现责令", 2.0)), "ordered"),
    _t("av_record_note", "investigation", ("音像记录登记表", "视听资料登记表", "音像资料登记表",
                                          "视音频资料说明", "执法记录仪使用登记表"),
       (("执法记录仪", 1.0), ("录像时长", 2.5), ("拍摄时间", 2.0), ("存储时间", 2.5), ("导入时间", 2.5)),
       "recorded"),
    # 审查决定 — 000:12, 001:17-23, 002(记录):19-20
    _t("closing_investigation_report", "decision", ("调查终结报告", "案件调查终结报告", "案件处理意见书",
                                                   "处理建议书"),
       (("调查终结", 2.5), ("处理意见", 1.5), ("建议给予", 2.0)), "reported"),
    _t("legal_review_opinion", "decision", ("法制审核意见书", "重大行政执法决定法制审核意见书",
                                           "法制审核意见表", "法制审核表"),
       (("法制审核", 2.0), ("审核意见", 1.5), ("合法性", 1.5), ("适当性", 1.5), ("送审", 1.0)), "reviewed"),
    _t("collective_discussion", "decision", ("集体讨论记录", "案件集体讨论记录", "重大案件集体讨论记录",
                                            "案审会会议纪要", "会议纪要"),
       (("主持人", 1.5), ("出席人员", 2.0), ("参加人员", 2.0), ("讨论意见", 2.5), ("讨论决定", 2.5),
        ("列席", 1.0)), "discussed"),
    _t("expert_opinion", "decision", ("专家论证意见书", "专家论证纪要", "专家意见书"),
       (("专家", 2.0), ("论证", 2.0)), "discussed"),
    _t("head_approval", "decision", ("行政处罚审批表", "负责人审批表", "案件处理审批表", "处罚决定审批表",
                                    "行政执法决定审批表"),
       (("负责人意见", 2.0), ("审批意见", 1.5), ("拟处理意见", 2.0), ("承办机构意见", 1.5)), "approved"),
    _t("penalty_decision", "decision", ("行政处罚决定书",),
       (("决定对你", 2.0), ("如下行政处罚", 2.5), ("申请行政复议", 1.5), ("提起行政诉讼", 1.5),
        ("缴纳罚款", 1.5), ("加处罚款", 1.5), ("调查终结", 0.8)), "decided"),
    _t("non_penalty_decision", "decision", ("不予行政处罚决定书",),
       (("不予行政处罚", 3.0), ("决定不予", 2.0)), "decided"),
    _t("summary_penalty_decision", "decision", ("当场行政处罚决定书", "简易程序行政处罚决定书",
                                               "当场处罚决定书"),
       (("当场", 2.0), ("简易程序", 2.5)), "decided"),
    _t("other_decision", "decision", ("行政执法决定书", "行政许可决定书", "准予行政许可决定书",
                                     "不予行政许可决定书", "行政处理决定书", "撤销决定书"),
       (("决定如下", 1.5), ("准予", 1.0)), "decided"),
    # 送达执行 — 000:13, 001:24-32, 002(记录):21-24
    _t("service_receipt", "service_enforcement", ("送达回证", "送达回执", "文书送达回证"),
       (("受送达人", 3.0), ("送达方式", 2.5), ("送达地点", 2.0), ("送达人", 1.0), ("送达文书名称", 2.5)),
       "served"),
    _t("performance_check", "service_enforcement", ("履行情况检查记录", "执行情况检查记录", "履行情况记录"),
       (("履行情况", 2.5), ("已履行", 2.0), ("缴款", 1.0)), "checked"),
    _t("rectification_review", "service_enforcement", ("责令改正复查记录", "整改复查记录", "复查笔录",
                                                       "整改复查意见书"),
       (("复查", 2.5), ("整改情况", 2.0), ("已整改", 2.0)), "reviewed"),
    _t("payment_reminder", "service_enforcement", ("催告书", "履行义务催告书", "行政强制执行催告书",
                                                   "缴纳罚款催告书"),
       (("催告", 3.0), ("逾期仍不履行", 2.0), ("加处罚款", 1.0)), "reminded"),
    _t("enforcement_decision", "service_enforcement", ("强制执行决定书", "行政强制执行决定书", "代履行决定书"),
       (("强制执行", 2.0), ("排除妨碍", 1.5), ("恢复原状", 1.5), ("代履行", 1.5)), "decided"),
    _t("enforcement_application", "service_enforcement", ("强制执行申请书", "行政强制执行申请书",
                                                          "行政非诉执行申请书"),
       (("人民法院", 1.5), ("申请强制执行", 3.0), ("申请执行人", 2.0), ("被申请执行人", 2.5)), "applied"),
    _t("case_closing_report", "service_enforcement", ("结案报告", "结案审批表", "行政处罚结案报告"),
       (("结案", 3.0), ("执行情况", 1.5), ("建议结案", 2.5)), "closed"),
    # 归档管理 — 000:28, 001:33, 002(记录):25
    _t("file_toc", "archiving", ("卷内目录", "卷内文件目录", "案卷目录"),
       (("序号", 1.5), ("文书名称", 1.5), ("页号", 2.5), ("责任者", 2.0)), "signed"),
    _t("file_note", "archiving", ("卷内备考表", "案卷备考表", "备考表"),
       (("立卷人", 3.0), ("检查人", 1.0), ("立卷时间", 3.0), ("本卷共", 2.5), ("归档", 1.0)), "archived"),
)

DOC_TYPES: dict[str, DocType] = {t.code: t for t in _TYPES}

ROLES: dict[str, str] = {
    "handler": "承办人",
    "reviewer": "审核人",
    "approver": "批准人",
    "interviewer": "询问人",
    "recorder": "记录人",
    "server": "送达人",
    "host": "听证主持人",
    "attendee": "出席人员",
}

PARTY_ROLES: dict[str, str] = {
    "party": "当事人",
    "legal_rep": "法定代表人（负责人）",
    "agent": "委托代理人",
    "interviewee": "被询问人",
    "witness": "见证人",
    "recipient": "受送达人",
    "third_party": "第三人",
}

SERVICE_METHODS: dict[str, str] = {
    "direct": "直接送达",
    "left": "留置送达",
    "post": "邮寄送达",
    "notice": "公告送达",
    "entrusted": "委托送达",
    "electronic": "电子送达",
}

DATE_MEANINGS: dict[str, str] = {
    "filed": "立案（受案）时间",
    "started": "违法行为开始时间",
    "violated": "违法行为发生时间",
    "inspected": "检查时间",
    "inquired": "询问时间",
    "sampled": "抽样时间",
    "hearing": "听证时间",
    "notified": "告知时间",
    "ordered": "责令改正时间",
    "decided": "决定时间",
    "served": "送达时间",
    "reviewed": "审核时间",
    "approved": "审批时间",
    "discussed": "讨论时间",
    "recorded": "音像记录时间",
    "stored": "音像资料存储时间",
    "archived": "归档（立卷）时间",
    "closed": "结案时间",
    "applied": "申请时间",
    "accepted": "受理时间",
    "rejected": "不予受理时间",
    "registered": "登记时间",
    "heard": "陈述申辩时间",
    "appraised": "检验鉴定时间",
    "commissioned": "委托时间",
    "seized": "查封扣押时间",
    "preserved": "登记保存时间",
    "reported": "报告时间",
    "proposed": "承办人意见时间",
    "checked": "履行检查时间",
    "reminded": "催告时间",
    "signed": "落款时间",
}


def doc_type_label(code: str | None) -> str:
    if not code:
        return ""
    if code == OTHER:
        return "其他文书"
    t = DOC_TYPES.get(code)
    return t.title if t else code


def stage_of(code: str | None) -> str | None:
    t = DOC_TYPES.get(code or "")
    return t.stage if t else None


def stage_label(code: str | None) -> str:
    return STAGES.get(code or "", code or "")


def doc_type_code(value: str | None) -> str | None:
    """The code for a document type given as its code or any of its titles (询问笔录 → inquiry_record)."""
    if not value:
        return None
    if value in DOC_TYPES or value == OTHER:
        return value
    title = normalise_text(value)
    return next((t.code for t in DOC_TYPES.values() if title in t.titles), None)
