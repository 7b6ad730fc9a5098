"""Who a stretch of the page is about: the labels that introduce a person, an organisation or an officer, and the
name each introduces.

"被询问人：张三 … 身份证号：…" makes the number 张三's; "当事人：某某有限公司，法定代表人：李四，身份证号：…"
makes it 李四's; after "询问人：<officer>" or in the questions and answers (问：/答：) nobody's. A wrong owner
would show an applicant a witness's data, so a stretch whose owner is unclear has none.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from classify.names import is_name_in_cell, is_org_name, is_person_name, person_name_at, surname_of

from redaction.detect.labels import FIELD_WORD_RE, on_agency_line

# Labels after which a natural person's name stands (002 记录办法:29 keeps their data from others' copies).
PERSON_LABELS = (
    "姓名", "当事人", "被询问人", "被检查人", "被调查人", "被处罚人", "证人", "见证人", "受送达人", "委托代理人",
    "代理人", "受委托人", "法定代表人", "法人代表", "负责人", "经营者", "业主", "联系人", "家属", "亲属", "翻译人员",
    "翻译人", "翻译", "签收人", "代收人", "陈述申辩人", "陈述人", "申辩人", "申请人", "投诉人", "举报人", "监护人",
    "违法行为人", "驾驶人", "驾驶员", "车主", "户主", "在场人", "现场负责人", "第三人", "被申请人", "承租人", "出租人",
    "房东", "收件人", "领取人", "缴款人", "员工", "职工", "店员", "雇员", "营业员", "收银员", "证据提供人", "陪同人",
    # a power of attorney's two sides, and the family a form lists ("配偶：…；儿子：…", 紧急联系人)
    "委托人", "受托人", "配偶", "妻子", "丈夫", "儿子", "女儿", "子女", "父亲", "母亲", "紧急联系人", "同住人",
)
# Labels of an organisation as the subject of what follows.
ORG_LABELS = ("单位名称", "企业名称", "名称", "被检查单位", "受检单位", "当事单位", "违法单位", "申请单位")
# Labels of the agency's side: its officers' names stay (公示办法 第五条), and nothing after them is a party's.
OFFICER_LABELS = (
    "执法人员", "执法人", "承办人", "协办人", "主办人", "询问人", "记录人", "检查人", "调查人", "调查人员", "检查人员",
    "送达人", "审核人", "审批人", "批准人", "主持人", "听证主持人", "听证员", "书记员", "经办人", "办案人员",
    "机关负责人", "分管负责人", "部门负责人", "科室负责人", "承办机构负责人", "执法证号", "执法机关",
    # who collected or took the evidence for the agency (证人证言's 收集人)
    "收集人", "调取人", "提取人",
)
_SIGN = r"(?:签名|签字|签章|签收|姓名)?"
_ALL = sorted(set(PERSON_LABELS) | set(ORG_LABELS) | set(OFFICER_LABELS), key=len, reverse=True)
LABEL_RE = re.compile(rf"(?:{'|'.join(_ALL)}){_SIGN}")
# A run that ends with a label is a longer label (紧急联系人, 现场负责人), however it starts.
_ENDS_WITH_LABEL = re.compile(rf"[\u4e00-\u9fff]{{0,4}}(?:{'|'.join(_ALL)}){_SIGN}")
_QA_RE = re.compile(r"(?m)^\s*[问答][：:]")
_BRACKETED = re.compile(r"[（(][^）)\n]{1,8}[）)]")
_CELL_RUN = re.compile(r"[\u4e00-\u9fff·]{1,24}")
_VALUE_END = re.compile(r"[，,。；;：:\n]")
# "负责人意见", "负责人审批": the agency head's opinion on a form, not a party's head.
_NOT_A_PERSON_AFTER = ("意见", "审批", "审核", "签发")
# Labels that, in running text, are always followed by the person's name ("店员孙样例也在"): here a name of
# full shape is taken even when the word after it is not one classify.names knows to follow a name.
_NAME_FOLLOWS = ("店员", "员工", "职工", "雇员", "营业员", "收银员", "证人", "见证人", "家属", "亲属", "房东")
_BLOCK_LINES = 3  # how many lines an introduced person's fields may run over (their table rows)
_CELL_CUT = re.compile(r"[男女](?=[\s，,、。；;]|$)")


# Words that end a sentence's subject: a transliterated name's part never holds them ("阿依·艾山的证言" is 阿依·艾山).
_AFTER_NAME = re.compile(r"[的了是在与和及等称说也于向从对把被将已都还就所]")


def trimmed(name: str | None) -> str | None:
    """A name with a middle dot read from running text, without the words after it (classify.names takes up to ten
    characters after the dot)."""
    if not name or "·" not in name:
        return name
    head, _, last = name.rpartition("·")
    m = _AFTER_NAME.search(last)
    if m:
        last = last[:m.start()]
    return f"{head}·{last}" if last else None


# Verbs and words a person's name is followed by in a statement or a finding ("张三称", "李四证实", "王五通过微信",
# "赵六负责销售"), besides those classify.names knows: where a name may end before them.
NAME_FOLLOWERS = ("通过", "负责", "证实", "反映", "购买", "购进", "提供", "收取", "收寄", "介绍", "劝阻", "说",
                  "担任", "驾驶", "代为", "当时", "当日", "名下", "均", "二人", "两人", "两名", "三人", "等",
                  "都", "也", "处", "组织", "交寄", "作为", "发现", "报警", "联系", "支付", "陈述", "核对", "签收", "、",
                  "，", "。", "（", "(", "；")


def followed_name(text: str, pos: int, followers: tuple[str, ...]) -> str | None:
    """The longest name by shape at `pos` that one of `followers` (or the text's end) closes."""
    surname = surname_of(text[pos:pos + 2])
    if surname is None:
        return None
    for length in (len(surname) + 2, len(surname) + 1):
        name = text[pos:pos + length]
        if len(name) == length and re.fullmatch(r"[\u4e00-\u9fff]+", name) and is_person_name(name) \
                and (pos + length == len(text) or text.startswith(followers, pos + length)):
            return name
    return None


@dataclass(frozen=True)
class Hit:
    """A label and what it introduces: kind is person, organisation, officer or unknown."""

    kind: str
    label: str
    start: int          # where the label starts (in PageText.text)
    name_start: int     # where the name it introduces starts, -1 when none
    name_end: int
    name: str | None


@dataclass(frozen=True)
class Block:
    kind: str           # person | organisation | officer | neutral
    start: int
    end: int
    name: str | None


def _label_kind(label: str) -> str:
    base = re.sub(rf"{_SIGN}$", "", label) or label
    if base in OFFICER_LABELS:
        return "officer"
    if base in ORG_LABELS:
        return "organisation"
    return "person"


SameRow = Callable[[int, int], bool]


def find_hits(text: str, officer_names: set[str], organisations: list[str], agency_names: list[str],
              same_row: SameRow | None = None) -> list[Hit]:
    """The labels of the page and what each introduces; `same_row(label_end, value_start)` says from the words'
    boxes whether a value on the next OCR line stands on the label's row (a table's cell beside it)."""
    hits: list[Hit] = []
    for m in LABEL_RE.finditer(text):
        label, kind = m.group(), _label_kind(m.group())
        after = text[m.end():m.end() + 4]
        if kind == "person" and label.startswith(("负责人", "联系人")):
            before = text[max(0, m.start() - 4):m.start()]
            if after.startswith(_NOT_A_PERSON_AFTER) or before.endswith(("机关", "分管", "部门", "科室", "主要")):
                kind = "officer"
            elif label.startswith("联系人") and on_agency_line(text, m.start(), agency_names, officer_names):
                kind = "officer"
        if kind == "person" and label.startswith("姓名") and hits and hits[-1].kind == "officer" \
                and text[hits[-1].start:m.start()].strip() in OFFICER_LABELS:
            kind = "officer"  # 执法人员 姓名 …
        start, end, name, cell = _value_after(text, m.end(), running=kind == "person",
                                              name_follows=label in _NAME_FOLLOWS, label=label, same_row=same_row)
        value = _field_value(text, start) if start >= 0 else ""
        is_org = bool(value) and (value in organisations or is_org_name(value))
        if kind == "officer":
            name = None
        elif is_org:
            kind, name = "organisation", None
        elif name is not None and name in officer_names:
            kind = "officer"
        elif kind == "organisation":
            kind = "person" if name else "unknown"
        elif name is None and not cell:
            kind = "unknown"  # 当事人的行为, 当事人于…: running text, nobody introduced
        hits.append(Hit(kind, label, m.start(), start if name else -1, end if name else -1, name))
    return hits


_FIELD_CLOSERS = "，,。；;、\n（( "


def _field_value(text: str, start: int) -> str:
    m = _VALUE_END.search(text, start)
    return re.sub(r"\s", "", text[start:m.start() if m else len(text)])


def _value_after(text: str, pos: int, running: bool, name_follows: bool = False, label: str = "",
                 same_row: SameRow | None = None) -> tuple[int, int, str | None, bool]:
    """Where the value after a label starts, the person's name it is (if it is one), and whether the label
    heads a field (a colon or a gap after it) rather than running on into a sentence."""
    i = pos
    m = _BRACKETED.match(text, i)  # 当事人（个人）：, 法定代表人（负责人）：
    if m:
        i = m.end()
    j = i
    while j < len(text) and text[j] in " :：":
        j += 1
    cell = j > i or (j < len(text) and text[j] == "\n" and text[i:j].strip() == "")
    # Only a gap after the label (no colon): a table's next cell, or a blacked-out value's hole in a redacted
    # page the verification re-reads ("投诉人 ■■ 反映…"); there a name must have a known surname.
    gap_only = j > i and not any(c in ":：" for c in text[i:j])
    if j < len(text) and text[j] == "\n" and text[j - 1:j] != "\n":
        j += 1  # the label ends its line (a table cell); the value opens the next one
        cell = True
        gap_only = False
        line_start = text.rfind("\n", 0, pos - 1) + 1
        if same_row is not None and not text[line_start:pos].strip(" :：").replace(label, "", 1).strip() \
                and not same_row(pos, j):
            return j, j, None, cell  # a label alone on its line: its value is the cell beside it, or nothing
    if not cell and not running:
        return j, j, None, cell
    m = _CELL_RUN.match(text, j)
    if not m:
        return j, j, None, cell
    if LABEL_RE.match(text, j) or FIELD_WORD_RE.match(text, j) or _ENDS_WITH_LABEL.fullmatch(m.group()):
        # the next field's label, not a value ("儿子" | "紧急联系人" of a form whose values are blacked out)
        return j, j, None, cell
    run = m.group()
    if cell:
        cut = FIELD_WORD_RE.search(run, 2)
        if cut:
            run = run[:cut.start()]
        sex = _CELL_CUT.search(run, 2)  # 张三男 (a table's next cell)
        if sex:
            run = run[:sex.start()]
        if ("·" in run or 2 <= len(run) <= 4) and (is_person_name(run) if gap_only else is_name_in_cell(run)):
            return j, j + len(run), run, cell
        # A field that holds just a surname and one to three characters, closed by punctuation or its line, is the
        # name whole, however unusual its characters (赵见证): cut short, the rest of it would stay readable.
        end = j + len(run)
        # A signature's value OCR ran into the date label after it ("当事人签收：张测期：", 日 lost) is closed by
        # that label's colon: the run is hidden whole, the damaged name with it.
        closers = _FIELD_CLOSERS + ("：:" if label.endswith(("签名", "签字", "签收")) else "")
        if 2 <= len(run) <= 4 and surname_of(run) and (end >= len(text) or text[end] in closers) \
                and not (gap_only and not is_person_name(run)):
            return j, end, run, cell
    name = trimmed(person_name_at(text, j)) or followed_name(text, j, NAME_FOLLOWERS)
    if name and is_person_name(name):
        return j, j + len(name), name, cell
    cut = FIELD_WORD_RE.search(run, 2)
    if cut and is_person_name(run[:cut.start()]):
        return j, j + cut.start(), run[:cut.start()], cell  # 姓名张三性别男: a row whose cells OCR joined
    if name_follows:
        surname = surname_of(run)
        for length in ((len(surname) + 2, len(surname) + 1) if surname else ()):
            if len(run) >= length and is_person_name(run[:length]):
                return j, j + length, run[:length], cell
        # After a label that always names someone, a surname and one or two characters before a word that ends
        # a subject ("证人卢之思的证言"): the name, whatever its characters (之 is rare in names, not impossible).
        for length in ((len(surname) + 2, len(surname) + 1) if surname else ()):
            after = text[j + length:j + length + 1]
            if len(run) >= length and (not after or _AFTER_NAME.match(after) or after in _FIELD_CLOSERS):
                return j, j + length, run[:length], cell
    return j, j, None, cell


def blocks(text: str, hits: list[Hit]) -> list[Block]:
    """The stretches of the page each introduced person, organisation or officer owns."""
    starts: list[tuple[int, str, str | None]] = [(h.start, h.kind, h.name) for h in hits if h.kind != "unknown"]
    starts += [(m.start(), "neutral", None) for m in _QA_RE.finditer(text)]
    starts.sort(key=lambda s: s[0])
    out: list[Block] = []
    for k, (start, kind, name) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        limit = start
        # An officer's stretch is their line (姓名, 执法证号); a person's fields may run over table rows.
        for _ in range(1 if kind == "officer" else _BLOCK_LINES):
            nl = text.find("\n", limit + 1)
            limit = nl if nl >= 0 else len(text)
        out.append(Block(kind, start, min(end, limit), name))
    return out


def block_at(blocks_: list[Block], pos: int) -> Block | None:
    found = None
    for b in blocks_:
        if b.start <= pos < b.end:
            found = b
        elif b.start > pos:
            break
    return found
