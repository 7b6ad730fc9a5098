"""Form labels (当事人：, 执法证号：, 送达方式 …) and the values that follow them.

Case-file documents are forms: a label, a colon, a value, the next label on
the same line. `label_hits` finds every label that is used as one (followed
by a colon, or by a value of the shape the label expects) and cuts its value
at the next label or the end of the line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# label text -> key. A key names what the value is; "sign:" keys are signature lines.
LABELS: dict[str, str] = {}


def _add(key: str, *texts: str) -> None:
    for t in texts:
        LABELS[t] = key


_add("case_no", "案号", "文号", "立案编号", "案件编号", "案件号", "编号")
_add("cause", "案由", "违法行为")
_add("case_source", "案件来源", "案源")
_add("agency", "执法机关", "行政机关", "送审机构", "委托单位", "申请执行人", "作出决定机关")
_add("party", "当事人", "被告知人", "被告知人姓名", "被告知单位", "被处理人", "被处罚人", "被检查人", "被检查单位", "单位名称", "申请人", "被申请人",
     "被申请执行人", "陈述申辩人", "经营者", "当事人名称", "当事人姓名", "被处罚单位", "被处罚人姓名",
     "被检查对象", "被催告人", "被举报人", "被投诉人", "被举报单位", "违法行为人", "违法嫌疑人", "受检单位", "受检人",
     "被检查单位名称", "举报对象", "投诉对象", "被举报对象", "被投诉对象", "违法单位", "当事单位", "被处罚单位名称",
     "被申请人名称", "申请人名称", "行政相对人", "行政相对人名称", "行政相对人姓名")
# Joint parties numbered in their blocks ("行政相对人一：", "当事人二："): each number opens a party of its own.
_add("party", *(f"{label}{n}" for label in ("当事人", "行政相对人", "被处罚人")
                for n in ("一", "二", "三", "四", "甲", "乙", "丙", "丁", "1", "2", "3", "4")))
_add("recipient", "受送达人", "受送达人姓名", "受送达人(单位)", "被送达人")
_add("interviewee", "被询问人", "被调查人", "被询问人姓名")
_add("witness", "见证人", "在场人", "在场人员", "证人", "现场见证人", "在场见证人", "见证人姓名", "证人姓名",
     "现场负责人", "现场管理人员", "在场人姓名",
     # Who reported the matter to the police (受案登记表): a witness to it.
     "报案人", "报警人")
_add("third_party", "第三人", "利害关系人")
_add("agent", "委托代理人", "代理人", "委托代理人姓名", "代理人姓名", "受委托人", "受托人", "受托人姓名", "代收人",
     "代收人姓名", "代为签收人")
# Who gives the authority on a 授权委托书 is the party itself, not its agent.
_add("party", "委托人", "委托人名称", "委托人姓名")
# 系当事人之子 / 与当事人关系：员工 — how an agent, a 代收人 or a witness stands to the party.
_add("relation", "与当事人关系", "与当事人的关系", "与受送达人关系", "与受送达人的关系", "与被检查人关系", "代收理由")
_add("name", "姓名", "名称")
_add("sex", "性别")
_add("ethnicity", "民族")
_add("birth", "出生日期", "出生年月", "年龄")
_add("occupation", "职业", "职务")
_add("employer", "工作单位", "所在单位", "就职单位", "工作单位及职务", "单位及职务")
_add("id_number", "身份证号", "身份证号码", "公民身份号码", "身份证件号码", "证件号码", "身份证")
_add("credit_code", "统一社会信用代码", "社会信用代码", "信用代码", "社会统一信用代码", "营业执照注册号",
     "注册号", "营业执照号", "营业执照号码", "统一代码")
_add("legal_rep", "法定代表人", "法定代表人(负责人)", "法人代表", "法定代表人姓名", "法定代表人或负责人",
     "法定代表人(主要负责人)",
     # Who answers for the other forms of business: a sole proprietorship's 投资人, a partnership's 执行事务合伙人,
     # and 法人 as forms write it for short.
     "法人", "投资人", "执行事务合伙人", "执行合伙人")
_add("head", "负责人")
_add("phone", "联系电话", "电话", "手机", "手机号码", "联系方式")
_add("address", "住址", "住所", "地址", "家庭住址", "住所地", "经营地址", "联系地址", "经营场所")
_add("place", "检查地点", "询问地点", "送达地点", "地点", "听证地点", "勘验地点", "抽样地点")
_add("handler", "承办人", "执法人员", "检查人", "检查人员", "勘验人", "办案人员", "调查人员", "案件调查人员",
     "联系人", "经办人", "执法人", "承办人员", "抽样人", "复查人", "复查人员", "登记人", "执行人员", "主办人",
     "协办人", "主办人员", "协办人员", "办案人", "案件承办人", "现场执法人员", "执法检查人员", "收集人", "调取人", "提取人",
     # A police station's forms name their officers 民警 (受案民警, 办案民警).
     "受案民警", "办案民警", "承办民警", "主办民警", "协办民警", "处警民警", "出警民警")
# Those present at a collective discussion (002 记录办法:19): the heads and officers who decide, the handlers
# who report. A bracket after a name may say in which role (孔某(承办人)).
_add("attendee", "出席人员", "参加人员", "参会人员", "列席人员", "出席人", "列席人", "参加人", "讨论人员")
_add("reviewer", "审核人", "法制审核人", "审核人员", "复核人", "法制审核人员", "承办机构负责人", "部门负责人",
     "科室负责人")
_add("approver", "批准人", "审批人", "签发人", "机关负责人", "分管负责人", "行政机关负责人")
_add("interviewer", "询问人", "调查人", "询问人员")
_add("recorder", "记录人", "记录员")
_add("server", "送达人")
_add("host", "听证主持人", "主持人")
_add("cert_no", "执法证号", "执法证件号", "执法证件号码", "执法证编号", "执法证件编号", "证号", "执法证",
     "警号", "警官证号",
     # the certificates of inspectorates that are not called 执法证 (劳动保障监察证, 海事执法证, 监督检查证)
     "监察证号", "劳动保障监察证号", "检查证号", "监督检查证号", "海事执法证号", "稽查证号", "执法检查证号")
_add("device", "执法记录仪编号", "记录设备编号", "记录仪编号", "设备编号", "执法记录仪号", "摄录设备编号")
_add("service_method", "送达方式")
_add("served_document", "送达文书名称", "送达文书", "文书名称")
_add("sign:interviewee", "被询问人签名", "被询问人(签名)")
_add("sign:interviewer", "询问人签名", "询问人(签名)")
_add("sign:recorder", "记录人签名", "记录人(签名)")
_add("sign:party", "当事人签名", "当事人(签名)", "受送达人签收", "受送达人签名", "签收人", "收件人签名", "收件人签字",
     "收件人(签名)", "当事人签收", "当事人签字")
_add("sign:handler", "检查人员签名", "执法人员签名", "承办人签名")
_add("sign:server", "送达人签名")
_add("sign:witness", "见证人签名", "见证人签字", "见证人(签名)", "在场人签名", "在场人员签名")
_add("sign:agent", "代收人签名", "代收人签字", "代理人签名", "委托代理人签名")
_add("opinion", "机关负责人意见", "行政机关负责人意见", "机关负责人审批意见", "行政机关负责人审批意见",
     "分管负责人意见", "分管负责人审批意见", "主要负责人意见", "局长意见", "局长审批意见", "领导审批", "领导审批意见",
     "领导意见", "局领导意见", "局长审批", "局长签批", "负责人签批", "领导签批", "分管领导意见", "主要领导意见", "审批人意见", "负责人审批", "批准意见", "签发意见",
     "法制审核机构意见", "法制机构意见", "审核机构意见", "法制审核人意见", "承办部门意见", "承办科室意见",
     "办案机构意见", "承办人员意见", "办案人员意见", "承办单位意见")
_add("opinion", "承办人意见", "承办机构意见", "法制审核意见", "负责人审批意见", "负责人意见", "审核意见",
     "审批意见", "拟处理意见", "讨论意见", "处理意见")
_add("facts", "简要案情", "现场检查情况", "检查情况", "违法事实", "基本案情", "案情摘要", "案情介绍", "案件事实",
     "主要事实", "案情简介")
_add("remark", "备注", "事由", "邮编", "邮政编码")
_add("date:filed", "受案时间", "立案时间", "立案日期", "受案日期")
_add("date:inspected", "检查时间", "勘验时间", "检查日期")
_add("date:inquired", "询问时间", "调查时间", "询问日期")
_add("date:served", "送达时间", "送达日期", "签收时间", "签收日期")
_add("date:hearing", "听证时间", "听证日期")
_add("date:sampled", "抽样时间", "抽样日期")
_add("date:decided", "决定日期", "决定时间")
_add("date:recorded", "拍摄时间", "录制时间", "记录时间")
_add("date:stored", "存储时间", "导入时间", "上传时间")
_add("date:archived", "立卷时间", "立卷日期", "归档日期", "归档时间")
_add("date:closed", "结案日期", "结案时间")
_add("date:found", "发现时间")
_add("date:registered", "登记时间", "登记日期")
_add("date:reported", "报告日期", "报告时间")
_add("date:discussed", "讨论时间", "讨论日期", "论证时间")
_add("date:reviewed", "复查时间", "复查日期", "审核日期")
_add("date:applied", "申请时间", "申请日期")
# An approver's or signer's date: the form's own date, as 日期 alone (classify.meanings.own_meaning).
_add("date", "时间", "日期", "批准日期", "批准时间", "审批日期", "审批时间", "签发日期", "签批日期", "签名日期",
     "签字日期")

# Values that show what they are: a label followed by one of these needs no colon.
_SHAPED = {
    "id_number": r"[0-9OoDlI]{6}",
    "credit_code": r"[0-9A-Z]{6}",
    "phone": r"[01]\d{5}",
    "cert_no": r"[A-Z0-9]{4}",
    "device": r"[A-Z0-9]{3}",
    "case_no": r"[\u4e00-\u9fff]{1,10}[〔\[(]",
}

# Values a label may stand above, on the next line of their own (a column of a form).
_VALUE_BELOW = {"id_number": re.compile(r"\d{17}[\dXx]"), "credit_code": re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}"),
                "phone": re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}")}
_DATE_SHAPE = re.compile(r"\s*(?:(?:19|20)\d{2}|[〇○零一二][〇○零O0一二三四五六七八九]{2,3}年)")
# Officer labels a form's table may print beside a name with no colon between them. (Not 当事人:
# "当事人涉嫌…" opens sentences.)
_NAME_CELL_KEYS = frozenset({"handler", "reviewer", "approver", "interviewer", "recorder", "server", "host"})
_SHORT_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")

_LABEL_RE = re.compile("|".join(re.escape(t) for t in sorted(LABELS, key=len, reverse=True)))
# A tab is a table cell's edge; so is a vertical rule of the table, which OCR reads as | 丨 ｜.
_COLON = re.compile(r"[ \t]*[:：][ \t]*|\t+|[ \t]*[|丨｜][ \t]*")
# "承办人（签名）：" — a signature line names its signer after the bracket.
# "当事人（单位）：", "当事人（个人）：", "当事人名称（字号）": a note on which kind
# of party the block is for, before the colon; a label with its note alone on its line still stands over its value.
_SIGN_NOTE = re.compile(r"[ \t]*\((?:签名|签字|签章|盖章|签名或盖章|签名并盖章|签名盖章|签字盖章|单位|个人|单位名称|姓名|名称"
                        r"|字号|名称或字号|字号名称|个体工商户|公民|自然人|法人|法人或其他组织|法人或者其他组织"
                        r"|单位或个人|个人或单位|姓名或名称|名称或姓名)\)")
LABEL_ONLY = re.compile(r"(?:%s)(?:%s)?\s*[:：]?" % (_LABEL_RE.pattern, _SIGN_NOTE.pattern))
LABEL_TAIL = re.compile(r"(?:%s)\s*[:：]$" % _LABEL_RE.pattern)
_SHAPED_RE = {k: re.compile(v) for k, v in _SHAPED.items()}
_VALUE_TRIM = " \t，,。;；、)]"


@dataclass(frozen=True)
class LabelHit:
    key: str
    label: str
    start: int  # of the label
    value_start: int
    value_end: int
    value: str
    colon: bool


def _candidates(text: str, headers: set[int] = frozenset()) -> list[tuple[int, int, str, bool]]:
    """Every label occurrence that is used as a label, as (start, value_start, key, colon); `headers`: where the
    labels of a table's header row start, each used as one whatever follows it on its line."""
    found = []
    for m in _LABEL_RE.finditer(text):
        key = LABELS[m.group()]
        note = _SIGN_NOTE.match(text, m.end())
        after = note.end() if note else m.end()
        colon = _COLON.match(text, after)
        if colon:
            found.append((m.start(), colon.end(), key, True))
        elif (note or key.startswith("sign:")) \
                and _name_without_colon(key if key in _ROLE_NAME_KEYS else "party", text, after):
            # "见证人（签名）张某", "承办人签字李某": a signature line whose signer follows without a colon.
            found.append((m.start(), after, key, False))
        elif m.start() in headers or _shaped(key, text, m.end()) \
                or _cell_without_colon(key, text, m.start(), m.end()) \
                or _name_without_colon(key, text, m.end()) or _value_below(key, text, m.end()):
            found.append((m.start(), m.end(), key, False))
    return found


def _shaped(key: str, text: str, pos: int) -> bool:
    shape = _DATE_SHAPE if key.startswith("date") else _SHAPED_RE.get(key)
    return bool(shape and shape.match(text, pos))


def _cell_without_colon(key: str, text: str, start: int, end: int) -> bool:
    """"送达人李样例" — a table row read as one line without its colon: a role label opening a line,
    followed by a short name and then the line's end or another label."""
    if key not in _NAME_CELL_KEYS or (start > 0 and text[start - 1] != "\n"):
        return False
    m = _SHORT_NAME.match(text, end)
    if not m:
        return False
    for after in range(m.end(), end + 1, -1):  # the name is 4, 3 or 2 characters
        if after == len(text) or text[after] == "\n":
            return True
        # The next label must itself look used as one ("出示执法证件" holds 执法证 but is prose).
        if _used_label_at(text, after):
            return True
    return False


# Labels of a person's role that prose and colon-less table cells print straight before the name: "法定代表人
# 李某。", "委托代理人王某（某律师事务所律师）", a cell "被询问人 张某" whose edge OCR lost. 当事人 also names an
# organisation that way ("当事人某某有限公司（统一社会信用代码…）").
_ROLE_NAME_KEYS = frozenset({"legal_rep", "agent", "interviewee", "recipient", "witness", "party", "name"})
# What may follow the name: the end of its clause or line, never another character of a word, nor a colon (a
# name-shaped word before a colon is a label of its own: 委托代理人权限：).
_NAME_END = re.compile(r"[，,。；;、（(\n\t|丨｜ ]|$")


def _value_below(key: str, text: str, end: int) -> bool:
    """A label closing its line above a value of its shape that fills the next line."""
    if key not in _VALUE_BELOW or not text.startswith("\n", end):
        return False
    below_end = text.find("\n", end + 1)
    return bool(_VALUE_BELOW[key].fullmatch(text[end + 1:len(text) if below_end < 0 else below_end].strip()))


def _name_without_colon(key: str, text: str, end: int) -> bool:
    """"法定代表人李例勇。", "当事人某某有限公司（…": a role label straight before a name that ends its clause."""
    if key not in _ROLE_NAME_KEYS or text.startswith("民", end) and text[end - 1] == "人":
        return False  # 申请人民法院强制执行: 人民 is one word, the label only looks like one
    from classify.names import is_person_name, org_names_at

    def ends(pos: int) -> bool:
        # The clause ends, or the row's next cell starts straight after the name ("现场负责人张某身份证号3301…":
        # a table row whose cell edges OCR read without a gap).
        return bool(_NAME_END.match(text, pos)) or _used_label_at(text, pos)

    if any(ends(end + len(org)) for org in org_names_at(text, end)):
        return True
    m = _SHORT_NAME.match(text, end)
    if not m:
        return False
    for length in (4, 3, 2):  # the name that ends its clause: 李例勇 in 李例勇。, never 李例 of 李例勇
        name = text[end:end + length]
        if len(name) == length and is_person_name(name) and ends(end + length):
            return True
    return False


def _used_label_at(text: str, pos: int) -> bool:
    """Whether a label used as one (with its colon, or before a value of its shape) starts at `pos`."""
    nxt = _LABEL_RE.match(text, pos)
    return bool(nxt) and (bool(_COLON.match(text, nxt.end())) or _shaped(LABELS[nxt.group()], text, nxt.end()))


def label_hits(text: str) -> list[LabelHit]:
    """Labels with their values; a value ends at the next label or the end of its line."""
    below = _values_below_header(text) if "\t" in text else {}
    cands = _candidates(text, set(below))
    hits = []
    for i, (start, vstart, key, colon) in enumerate(cands):
        line_end = text.find("\n", vstart)
        line_end = len(text) if line_end < 0 else line_end
        nxt = cands[i + 1][0] if i + 1 < len(cands) else len(text)
        end = min(line_end, nxt)
        while end > vstart and text[end - 1] in _VALUE_TRIM and not _closes_bracket(text, vstart, end):
            end -= 1
        label = text[start:vstart].rstrip(" :：")
        if end == vstart and end == line_end and key in _VALUE_BELOW:
            # A form's column with the label above the value (法定代表人身份证号 / 3301…): the next line is
            # the value when it is one of the label's shape, whole.
            below_end = text.find("\n", line_end + 1)
            below_end = len(text) if below_end < 0 else below_end
            if _VALUE_BELOW[key].fullmatch(text[line_end + 1:below_end].strip()) and nxt >= below_end:
                vstart, end = line_end + 1, below_end
        if end == vstart and start in below:
            vstart, end = below[start]
        hits.append(LabelHit(key, label, start, vstart, end, text[vstart:end], colon))
    return hits


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The tab-separated cells of the line text[start:end], as spans without their padding."""
    out, pos = [], start
    for cell in text[start:end].split("\t"):
        lead = len(cell) - len(cell.lstrip())
        if cell.strip():
            out.append((pos + lead, pos + lead + len(cell.strip())))
        pos += len(cell) + 1
    return out


def _values_below_header(text: str) -> dict[int, tuple[int, int]]:
    """A table whose header row holds only labels ("姓名 | 性别 | 身份证号码") over a row of values, read row by
    row: each label's start -> the span of the cell under it, when the two rows have as many cells."""
    out: dict[int, tuple[int, int]] = {}
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    for (a0, a1), (b0, b1) in zip(lines, lines[1:]):
        header, values = _cells(text, a0, a1), _cells(text, b0, b1)
        if len(header) < 2 or len(header) != len(values):
            continue
        if not all(LABEL_ONLY.fullmatch(text[h0:h1]) for h0, h1 in header) \
                or any(LABEL_ONLY.fullmatch(text[v0:v1]) for v0, v1 in values):
            continue
        out.update((h0, v) for (h0, _), v in zip(header, values))
    return out


def _closes_bracket(text: str, start: int, end: int) -> bool:
    """Keep a closing bracket that closes one opened inside the value, as in 罚〔2024〕 or (负责人)."""
    ch = text[end - 1]
    pairs = {")": "(", "]": "["}
    return ch in pairs and text.count(pairs[ch], start, end - 1) > text.count(ch, start, end - 1)
