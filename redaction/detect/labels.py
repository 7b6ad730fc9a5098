"""The printed labels that say what a field holds and whose it is, and the questions asked of the text around a match.

Data, not code: each tuple is a list of the words case files print. The policy
they follow is the shared PII policy of issue #14: a person's numbers and
address are hidden (个人隐私, 002 记录办法:29; 002 公示办法:5), while what the
agency publishes of itself (its name, address, own telephone, the treasury
account fines are paid into) and what names its officers stays.
"""
from __future__ import annotations

import re

ID_LABELS = ("公民身份号码", "居民身份证号码", "身份证件号码", "身份证号码", "身份证号", "身份证", "身份号码",
             "证件号码", "证件号")
BANK_LABELS = ("银行卡号", "银行账号", "银行帐号", "开户账号", "收款账号", "账号", "帐号", "卡号", "账户", "帐户")
PHONE_LABELS = ("联系电话", "联系方式", "手机号码", "手机号", "手机", "电话号码", "电话", "固话", "座机", "Tel", "TEL",
                "tel", "Phone", "电話")
CREDIT_LABELS = ("统一社会信用代码", "社会信用代码", "信用代码")
# An officer's numbers stay: 公示办法 第五条 publishes the officers and their certificates.
OFFICER_NUMBER_LABELS = ("执法证件号码", "执法证件号", "执法证编号", "执法证号", "执法证", "执法编号", "证号", "警号",
                         "工号")
# A fine is paid into the treasury's or the agency's account, printed on the decision for everyone to use.
FINE_ACCOUNT_MARKERS = ("缴至", "缴入", "代收", "国库", "财政", "非税", "罚没")
# A number on a line that speaks for the agency is the agency's own published number.
AGENCY_MARKERS = ("本机关", "我局", "本局", "执法机关", "举报电话", "监督电话", "投诉电话", "咨询电话", "投诉举报")

# Words that open the next field of a form line: a name or address ends where one of these starts.
FIELD_WORDS = ("性别", "年龄", "民族", "出生", "职业", "职务", "文化程度", "工作单位", "单位", "身份证", "证件",
               "公民身份", "电话", "联系", "手机", "住址", "地址", "住所", "户籍", "居住", "邮编", "邮政编码", "邮箱",
               "电子邮箱", "政治面貌", "与当事人", "关系", "系当事人", "统一社会信用代码", "信用代码", "法定代表人",
               "负责人", "委托代理人", "代理人", "职称", "籍贯", "学历", "婚姻", "车牌", "号牌", "银行", "账号",
               "时间", "地点", "签名", "签字", "日期")
FIELD_WORD_RE = re.compile("|".join(sorted(FIELD_WORDS, key=len, reverse=True)))
# A label of any kind: a few characters and a colon.
ANY_LABEL_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}[：:]")

_BETWEEN_LABEL_AND_VALUE = re.compile(r"[\s:：()（）/、\u4e00-\u9fff]{0,14}")
_FIELD_END = set("，,。；;")


def _labels_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True)))


_RES: dict[tuple[str, ...], re.Pattern[str]] = {}


def label_before(text: str, pos: int, labels: tuple[str, ...], window: int = 20) -> str | None:
    """The label of `labels` that the field ending at `pos` belongs to, if one stands before it in its field.

    "身份证号：", "身份证号（统一社会信用代码）：", "身份证号 " all label the number after them; a label in an
    earlier field of the line (before a ，or a number) does not.
    """
    pattern = _RES.setdefault(labels, _labels_re(labels))
    line_start = text.rfind("\n", 0, pos) + 1
    start = max(line_start, pos - window)
    crossing = 0
    if start == line_start and line_start > 0:
        # The label may end the line above when the value opens the next one (a table cell, a broken line), or
        # be broken over the line end itself ("身份\n证号码…": not the officer's "证号").
        start = max(text.rfind("\n", 0, line_start - 1) + 1, line_start - window)
        crossing = line_start - 1 - start  # where the line above ends in `before`
    before = text[start:pos].replace("\n", "")
    own_line = text[line_start:pos].strip(" :：") != ""
    found = None
    for m in pattern.finditer(before):
        if own_line and m.end() <= crossing:
            continue  # a label wholly on the line above labels a field there, not this one
        found = m
    if found is None:
        return None
    between = before[found.end():]
    if any(c in _FIELD_END for c in between) or not _BETWEEN_LABEL_AND_VALUE.fullmatch(between):
        return None
    return found.group()


def officer_number_label(text: str, pos: int) -> bool:
    """Whether the number at `pos` is printed as an officer's certificate number (执法证号). A bare 证号 just after
    a 身份证 is that card's number ("用一个成年人的身份证开的机，证号是…"), a person's."""
    label = label_before(text, pos, OFFICER_NUMBER_LABELS + ID_LABELS)
    if label == "证号" and "身份证" in text[max(0, pos - 30):pos]:
        return False
    return label is not None and label in OFFICER_NUMBER_LABELS


def line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:end if end >= 0 else len(text)]


def previous_line(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos)
    return "" if start < 0 else line_at(text, start - 1) if start > 0 else ""


def on_fine_account_line(text: str, pos: int) -> bool:
    """Whether the number at `pos` is on (or just under) a line about paying a fine into the treasury."""
    here = line_at(text, pos)
    return any(m in here or m in previous_line(text, pos) for m in FINE_ACCOUNT_MARKERS)


def on_agency_line(text: str, pos: int, agency_names: list[str], officer_names: set[str]) -> bool:
    """Whether the line at `pos` speaks for the agency: names it, says 本机关/我局, gives an officer as 联系人, or
    is a contact line of the agency's closing block (in_agency_closing)."""
    here = line_at(text, pos)
    compact = re.sub(r"\s", "", here)
    if any(m in compact for m in AGENCY_MARKERS):
        return True
    if any(name and name in compact for name in agency_names):
        return True
    # "联系人：<an officer> 联系电话：…" is the agency's contact, printed for the public to call.
    if "联系人" in compact and any(len(name) >= 2 and name in compact for name in officer_names):
        return True
    return in_agency_closing(text, pos, agency_names)


# Where a clause ends: an agency named earlier in the sentence ("本机关接到群众张三（联系电话：…）举报") is not
# the subject of a number after one of these.
_CLAUSE_END = "，,。；;（()）"


def _clause_before(text: str, pos: int) -> str:
    """The clause a value at `pos` ends: back to the last clause mark or its line's start; for a value opening its
    line under a label that ended the line above ("本机关联系电话：\n0710-…"), that label's clause."""
    line_start = text.rfind("\n", 0, pos) + 1
    head = text[line_start:pos]
    if not head.strip(" :：，,") and line_start > 0:
        above = line_at(text, line_start - 1).rstrip(" :：，,")
        cut = max(above.rfind(c) for c in _CLAUSE_END)
        return above[cut + 1:] + head
    cut = max(head.rfind(c) for c in _CLAUSE_END)
    return head[cut + 1:]


def speaks_for_agency(text: str, pos: int, agency_names: list[str], officer_names: set[str]) -> bool:
    """Whether a number, e-mail or address at `pos` is unmistakably the agency's own (002 公示办法:5 publishes it):
    its own clause names the agency or speaks for it (本机关联系电话：, <agency>联系电话：, 举报电话：, 联系人：<an
    officer> 电话：), or it is a contact line of the agency's letterhead or of its closing block under its signature.
    A line that names the agency elsewhere is not enough: "本机关接到群众张三（联系电话：…）举报" is the
    complainant's number, and one we cannot tell apart is hidden (a party's number left readable is a leak, the
    agency's number hidden only a loss)."""
    clause = re.sub(r"\s", "", _clause_before(text, pos))
    if any(m in clause for m in AGENCY_MARKERS) or any(name and name in clause for name in agency_names):
        return True
    if "联系人" in clause and any(len(name) >= 2 and name in clause for name in officer_names):
        return True
    return in_agency_closing(text, pos, agency_names) or in_agency_letterhead(text, pos, agency_names) \
        or in_agency_contact_run(text, pos, agency_names)


def in_agency_contact_run(text: str, pos: int, agency_names: list[str]) -> bool:
    """Whether the value at `pos` ends a run of contact fields that opens speaking for the agency ("本机关地址：…；
    联系人：…；联系电话："): the fields a notice prints of the agency for the party to reach it (002 公示办法:5). Every
    field between must be a contact field; another field ("当事人联系电话：") makes the number someone else's."""
    line_start = text.rfind("\n", 0, pos) + 1
    fields = re.split(r"[；;，,]", re.sub(r"\s", "", text[line_start:pos]))
    if len(fields) < 2:
        return False
    first = fields[0]
    if not (any(m in first for m in AGENCY_MARKERS) or any(name and name in first for name in agency_names)):
        return False
    return all(_CONTACT_LINE.match(f) or _CONTACT_FIELD_READ_BADLY.match(f) for f in fields[1:])


# A contact field whose label OCR misread past its first word ("联系电适：", "地址：" as "地扯："): still a contact field.
_CONTACT_FIELD_READ_BADLY = re.compile(r"^(?:联系|电话|地址|邮编|传真)[\u4e00-\u9fff]{0,3}[:：]")


_LETTERHEAD_LINES = 4


def in_agency_letterhead(text: str, pos: int, agency_names: list[str]) -> bool:
    """A contact line (地址：/电话：…) printed under the agency's name at the head of the page, before anything
    else: the agency's letterhead."""
    lines = text.split("\n")
    index = text.count("\n", 0, pos)
    if index >= _LETTERHEAD_LINES or not _CONTACT_LINE.match(lines[index].strip()):
        return False
    above = [re.sub(r"\s", "", x) for x in lines[:index]]
    return bool(above) and any(name and name in above[0] for name in agency_names) \
        and all(_CONTACT_LINE.match(x) or any(name and name in x for name in agency_names) for x in above)


# The labels of the contact lines an agency prints under its signature on what it issues (地址/电话/邮编 …).
CONTACT_LABELS = ("本机关地址", "机关地址", "通讯地址", "通信地址", "联系地址", "办公地址", "地址", "联系电话", "咨询电话",
                  "电话", "传真", "邮编", "邮政编码", "联系人", "电子邮箱", "邮箱", "网址")
_CONTACT_LINE = re.compile(rf"^(?:{'|'.join(CONTACT_LABELS)})\s*[:：]")
_DATE_LINE = re.compile(r"^\s*(?:[0-9〇零一二三四五六七八九十OoIl]{4})\s*年\s*[0-9一二三四五六七八九十]{1,2}\s*月"
                        r"\s*[0-9一二三四五六七八九十]{1,3}\s*日\s*$")
# How an issuing body's name ends, read even where a seal stamped over it garbled some characters.
_ISSUER_END = re.compile(r"(?:局|委员会|委|人民政府|政府|大队|支队|中队|分局|执法队|管理处|办事处|中心|所)"
                         r"\s*(?:[（(](?:印章|盖章|章)[)）])?\s*$")
_CLOSING_LINES = 6  # how far under the signature an agency's contact lines stand


def in_agency_closing(text: str, pos: int, agency_names: list[str]) -> bool:
    """Whether the line at `pos` is a contact line (地址：/联系电话：/邮编： …) of the agency's closing block: its
    signature (its name on a line of its own, over the date) with only contact lines and the date between them,
    under it.
    What an agency issues ends so (a decision, a notice), and those lines are its own published address and
    telephone (002 公示办法:5); a party's own contact near the signature has a label of its own (签收人, 当事人)."""
    lines = text.split("\n")
    index = text.count("\n", 0, pos)
    if not _CONTACT_LINE.match(lines[index].strip()):
        return False
    # Only upwards: a contact line under the signature and its date is the agency's; one above it may be the
    # party's own, and a number we cannot tell is hidden (a party's phone left readable is a leak, an agency's
    # phone hidden is only a loss).
    k = index - 1
    while 0 <= k < len(lines) and index - k <= _CLOSING_LINES:
        line = lines[k].strip()
        if _CONTACT_LINE.match(line) or _DATE_LINE.match(line):
            k -= 1
            continue
        return _is_signature(line, agency_names) and _dated(lines, k)
    return False


def _is_signature(line: str, agency_names: list[str]) -> bool:
    signer = re.sub(r"\s", "", line)
    return any(name and name in signer for name in agency_names) or bool(_ISSUER_END.search(signer)) and \
        len(signer) <= 30


def _dated(lines: list[str], k: int) -> bool:
    """A signature has its date on the next line or the next but one (a contact line printed between them)."""
    return any(0 <= j < len(lines) and _DATE_LINE.match(lines[j]) for j in (k + 1, k + 2))
