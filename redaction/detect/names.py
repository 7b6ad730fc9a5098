"""Natural persons' names: those a label introduces (被询问人：张三, 当事人张三于…), and every name of the case's
persons or found by a label anywhere in the document, wherever it stands, inside sentences and across line breaks.

Never an officer's name (公示办法 第五条 publishes them), never a name inside an organisation's or the agency's
name, and never a run that is no name by shape (拒签, 见上 …): what is searched everywhere must be a name.
"""
from __future__ import annotations

import re

from classify.names import NOT_NAMES, PSEUDONYM, is_name_in_cell, is_person_name, person_name_at, surname_of

from redaction.detect.labels import FIELD_WORDS
from redaction.detect.people import (
    _AFTER_NAME,
    NAME_FOLLOWERS,
    OFFICER_LABELS,
    ORG_LABELS,
    PERSON_LABELS,
    followed_name,
    trimmed,
)
from redaction.detect.scan import Found, Scan
from redaction.detect.subjects import subject_of
from redaction.kinds import Kind


def searchable(name: str, officer_names: set[str], known: bool = False) -> bool:
    """Whether a person's name may be looked for everywhere on a page: a name by shape (a name the case records
    needs only a surname and two to four characters), never a phrase or an already masked 张某."""
    name = name.strip()
    if not name or name in officer_names or name in NOT_NAMES or PSEUDONYM in name or name in _LABEL_WORDS:
        return False
    if "·" in name:
        return len(name) >= 4 and re.fullmatch(r"[\u4e00-\u9fff·]+", name) is not None
    if not (2 <= len(name) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", name)):
        return False
    return is_name_in_cell(name) or (known and surname_of(name) is not None)


# A label is never a person's name, though a form read out of order may have filed one as a party's (受托人).
_LABEL_WORDS = frozenset(PERSON_LABELS + OFFICER_LABELS + ORG_LABELS + FIELD_WORDS)

# A post named before its holder: a word ending in 员 or 手 (轮机员, 快递员, 管理员, 水手), or a ship's or a family's
# head (船长, 船东) — never the agency's side (执法人员, 检查人员 …), whose names stay (公示办法 第五条).
_ROLE_NOUN = r"[\u4e00-\u9fff]{1,3}员(?!工)|水手|舵手|船长|船东|机长|车主|房主"
_AGENCY_STAFF = ("执法人员", "检查人员", "调查人员", "办案人员", "稽查人员", "执勤人员", "工作人员", "执法队员",
                 "监察员", "检查员", "稽查员", "调查员", "书记员", "听证员")
# Where goods came from or money went, in a decision's findings ("从张三处购进", "寄往李四，", "转入王五的账户",
# "由赵六收取"): a name there only when what follows closes it as one (_PLACE_FOLLOWERS).
_PLACE_TRIGGERS = re.compile(r"(?P<prep>从|由|向|对)|寄往|转入|转给|转至|转到|绑定|汇入|交给")
_PLACE_FOLLOWERS = ("处", "的", "名下", "本人", "，", ",", "。", "（", "(", "、", "收取", "负责", "劝阻", "支付",
                    "提供", "签收", "代为", "联系", "核对", "经手", "保管")
# After a preposition inside a clause ("于5月3日从张三处购进", "拨打…向李四劝阻") only what marks a person closes it: a
# place word (处), a possession (名下), or an act done to or by them.
_PREP_FOLLOWERS = ("处", "名下", "本人", "收取", "负责", "劝阻", "代为", "经手", "保管")
# Words after which running text names a person ("我老婆叫刘样例", "其妻子王样例"): found as names, but no
# stretch of the page becomes theirs, as an answer's numbers may be anyone's.
_TRIGGERS = re.compile(r"名叫|叫做|叫|姓名是|名字是|妻子|丈夫|老婆|老公|爱人|儿子|女儿|父亲|母亲|哥哥|姐姐|弟弟|妹妹|"
                       r"朋友|同事|邻居|工人|师傅|伙计|店员|员工|职工|雇员|老板|"
                       # a statement's own words about someone: "我与张三是邻居", "我看见张三…"
                       r"(?<=[我他她])(?:与|和|跟|同)|看见|看到|遇到|碰到|认识|"
                       # a role in running text with its holder: "现场负责人为张三", "经营者是李四"
                       r"(?:负责人|经营者|法定代表人|业主|店主|老板|管理人|承包人|雇主)(?:为|是)|"
                       # who was there: "干活的人里有张三", "在场人员中有李四"
                       r"(?:人|人员)(?:里|中|当中)?有|其中有|还有|"
                       # who did it, in a statement reported: "店长称系张三从外地购进", "是由李四经手"
                       r"称系|系由|是由|"
                       # kin named by their tie to the party ("其弟张三", "其妻李四") and who acted with them
                       r"其(?:妻|夫|子|女|父|母|兄|弟|姐|妹|侄|孙|岳父|岳母|公公|婆婆)|伙同|协同|"
                       # a person named by what they are in the matter ("村民张三", "会计李四", "证人王五")
                       # (the words that are also form labels are people.PERSON_LABELS, read there)
                       r"村民|居民|住户|业户|租户|会计|出纳|司机|厨师|店长|保安|"
                       # a post held for the party or in the matter, named before its holder ("轮机员张三",
                       # "财务人员李四", "水手王五", "船长赵六"); the agency's own staff are OFFICER_LABELS, not here
                       rf"{_ROLE_NOUN}|"
                       # kin named by their tie beyond the closest ("其表弟张三", "其儿媳李四")
                       r"(?:其|的)?(?:表|堂)(?:兄|弟|姐|妹|哥)|儿媳|女婿|侄子|侄女|外甥|孙子|孙女|亲戚|"
                       # what the person was to a transaction ("寄件人张三", "参保人李四", "家长王五")
                       r"寄件人|收件人|参保人|购买人|购货人|托运人|介绍人|经手人|担保人|家长|学员|顾客|客户|"
                       # kin named by their tie to someone just named ("患者田某之母夏某"), a child or a patient
                       r"之(?:妻|夫|子|女|父|母|兄|弟|姐|妹)|孩子|小孩|未成年人|患者|病人|学生|"
                       # who a matter's facts are about: a guardian, a worker owed wages, a buyer, a victim
                       r"监护人|劳动者|务工人员|农民工|购买者|消费者|患儿|乘客|旅客|受害人|被害人|伤者")
# Words after which running text has just named a person ("当时张三也在场", "李四安排人干的"): the name is read
# backwards from them, and must start where a clause or a listing does.
_NAME_BEFORE = re.compile(r"(?:也|都|亦|还)?在(?:场|现场|旁边|旁)|安排|指使|雇(?:佣|用)|叫我|让我|告诉我|伙同|协同|"
                          # what a person said or did, opening a clause of a statement or a finding ("另查明，张三称",
                          # "李四证实…", "检查中，王五拒绝签字"), and a person with their home ("赵六（住…）")
                          r"称(?!号|呼|为)|说(?!明)|证实|反映|拒绝|承认|提供了|作为(?:见证人|证人|在场)|[（(]住(?!所)|[，,]住(?!所)|"
                          # a bracket saying how the person stands to the party: "张三（当事人之父）"
                          r"[（(](?:系|是)?(?:当事人|受送达人|被询问人|被检查人)(?:之|的)")
_OPENS_NAME = set("，,。；;：:、\n(（)）") | set("时有和与及见到是据")
# A party's role word straight before the name ("当事人张三伙同…").
_ROLE_BEFORE_NAME = ("当事人", "被处罚人", "违法行为人", "违法嫌疑人", "被检查人", "被询问人")
# A name read before 家 and a place word is the person's home ("我看见张三家在…"), not a name of three characters.
_HOME = re.compile(r"家(?=[在里中门的院旁附])")
# Two-character words that start with a surname and read as a name by shape, after a trigger word
# ("我与当事人是邻居关系"): running text names no one with them.
_COMMON_WORDS = frozenset(("关系", "关于", "方面", "方式", "方法", "高兴", "程度", "安全", "时间", "任何", "全部", "于是",
                           "向前", "常常", "和好", "同事", "同意", "同时", "马上", "华为", "金额", "钱款", "白天", "黄昏",
                           "车辆", "房屋", "施工", "宁可", "江边", "应当", "原因", "经过", "平时", "毛病"))
SIGNING_LABELS = tuple(PERSON_LABELS + OFFICER_LABELS)
# A signature line: "张测试（签名）", "刘样例(签字)".
_SIGNED = re.compile(r"([\u4e00-\u9fff·]{2,6}?)\s?[（(](?:签名|签字|签章|捺印|手印)[）)]")
# Names listed together: "王小明和赵小红", "张三、李四".
_AND = re.compile(r"[、和与及]")


def _running_names(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for m in _TRIGGERS.finditer(text):
        if text[:m.end()].endswith(_AGENCY_STAFF):
            continue  # 执法人员张三: the agency's officer, kept
        pos = m.end()
        name = _name_read_at(text, pos)
        while name and PSEUDONYM not in name and name not in _COMMON_WORDS and not _NAME_BEFORE.match(name):
            out.append((pos, name))
            nxt = _AND.match(text, pos + len(name))
            if not nxt:
                break
            pos = nxt.end()
            name = _name_read_at(text, pos)
    for m in _PLACE_TRIGGERS.finditer(text):
        inside = m.group("prep") and m.start() > 0 and text[m.start() - 1] not in _OPENS_NAME
        name = followed_name(text, m.end(), _PREP_FOLLOWERS if inside else _PLACE_FOLLOWERS)
        if name and name not in _COMMON_WORDS:
            out.append((m.end(), name))
    for m in _NAME_BEFORE.finditer(text):
        name = _name_ending_at(text, m.start())
        if name:
            out.append((m.start() - len(name), name))
    for m in _SIGNED.finditer(text):
        run = m.group(1)
        if run.endswith(SIGNING_LABELS):
            continue  # 受送达人（签名）： is a label; its name follows it
        for start in range(len(run) - 1):  # the longest tail of the run that is a name: 经营者张测试（签名）
            if is_person_name(run[start:]):
                out.append((m.start(1) + start, run[start:]))
                break
    return out


def _name_read_at(text: str, pos: int) -> str | None:
    """The name that starts at `pos` after a word that announces one: as classify.names reads it, else the longest
    name by shape a verb or a listing closes (张三通过…, 李四负责…), else a full-shaped one."""
    return _without_home(trimmed(person_name_at(text, pos)) or followed_name(text, pos, NAME_FOLLOWERS)
                         or _full_shape_name(text, pos), text, pos)


def listed_names(text: str, known: set[str]) -> list[tuple[int, str]]:
    """Names listed with a known name ("对张三、李四、王五的询问笔录", "李四和王五都在"): a listing joins people, so a
    name by shape next to a known one across 、/和/与/及 is a name too, and so on along the listing."""
    out: list[tuple[int, str]] = []
    seen: set[int] = set()
    todo = [(i, n) for n in known for i in _occurrences(text, n)]
    while todo:
        i, n = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        j = i + len(n)
        if j < len(text) and text[j] in _LIST_MARKS:
            name = trimmed(person_name_at(text, j + 1)) or followed_name(text, j + 1, NAME_FOLLOWERS)
            if name and name not in _COMMON_WORDS and j + 1 not in seen:
                out.append((j + 1, name))
                todo.append((j + 1, name))
        if i > 0 and text[i - 1] in _LIST_MARKS:
            name = _listed_before(text, i - 1)
            if name and name not in _COMMON_WORDS and i - 1 - len(name) not in seen:
                out.append((i - 1 - len(name), name))
                todo.append((i - 1 - len(name), name))
    return out


_LIST_MARKS = "、和与及"


def _listed_before(text: str, end: int) -> str | None:
    """The name by shape that ends at `end` in a listing: the one that opens its clause, else the longest."""
    shapes = [text[end - n:end] for n in (4, 3, 2) if end - n >= 0 and is_person_name(text[end - n:end])]
    for name in shapes:
        start = end - len(name)
        if start == 0 or text[start - 1] in _OPENS_NAME or not "\u4e00" <= text[start - 1] <= "\u9fff":
            return name
    return shapes[0] if shapes else None


def _name_ending_at(text: str, end: int) -> str | None:
    """The name that ends at `end` and opens its clause (or follows 当时/还有/和 …): a compound surname's four
    characters, else three, else two."""
    for length in (4, 3, 2):
        start = end - length
        if start < 0:
            continue
        name = text[start:end]
        opens = start == 0 or text[start - 1] in _OPENS_NAME or text[:start].endswith(_ROLE_BEFORE_NAME)
        if opens and is_person_name(name) and name not in _COMMON_WORDS:
            return name
    return None


def _without_home(name: str | None, text: str, pos: int) -> str | None:
    """张三家在… is 张三 and their home."""
    if name and len(name) >= 3 and _HOME.match(text, pos + len(name) - 1) and is_person_name(name[:-1]):
        return name[:-1]
    return name


def _full_shape_name(text: str, pos: int) -> str | None:
    """A surname and two characters, when the sentence goes on with a word classify.names does not list; a surname
    and one character when a word that ends a subject follows it ("他儿子彭艳从…")."""
    run = re.match(r"[\u4e00-\u9fff]{2,4}", text[pos:pos + 4])
    surname = surname_of(run.group()) if run else None
    if not surname:
        return None
    short = run.group()[:len(surname) + 1]
    after = text[pos + len(short):pos + len(short) + 1]
    if len(short) > len(surname) and _AFTER_NAME.match(after) and is_person_name(short):
        return short
    if len(run.group()) >= len(surname) + 2 and is_person_name(run.group()[:len(surname) + 2]):
        return run.group()[:len(surname) + 2]
    return None


# A notice is addressed to its party on a line of its own under its number: "张三：" (a name and a colon, nothing else).
_ADDRESSEE = re.compile(r"(?m)^[ ]*([\u4e00-\u9fff·]{2,8})[ ]*[：:][ ]*$")
_ADDRESSEE_LINES = 6  # how far down the page a salutation stands


def _addressees(text: str) -> list[tuple[int, str]]:
    out = []
    for m in _ADDRESSEE.finditer(text):
        name = m.group(1)
        if text.count("\n", 0, m.start()) < _ADDRESSEE_LINES and is_person_name(name) \
                and name not in _LABEL_WORDS and name not in _COMMON_WORDS:
            out.append((m.start(1), name))
    return out


# A person named with their tie in brackets after the name ("李四（配偶）电话：…" on a 送达回证's 代收人 line).
_KIN_BRACKET = re.compile(r"[（(](?:系|是)?(?:其|当事人|受送达人|本人)?(?:的|之)?(?:配偶|丈夫|妻子|老婆|老公|爱人|儿子|女儿"
                          r"|父亲|母亲|父|母|子|女|哥哥|姐姐|弟弟|妹妹|兄弟|姐妹|孙子|孙女|祖父|祖母|儿媳|女婿|亲属|家属"
                          r"|朋友|同事|邻居|员工|雇员)[）)]")
# A table with a 姓名 column: a cell holding a name alone, in a row its serial number opens ("3 | 王五 | 3401…").
_NAME_HEADER = re.compile(r"(?m)^[ ]*姓名[ ]*$")
_SERIAL = re.compile(r"[ ]*\d{1,3}[ ]*")


# "拖欠张三、李四、王五等3名劳动者工资", "雇用张三等人": a list of people closed by how many they are.
_SO_MANY = re.compile(r"等(?:[\d一二三四五六七八九十两几]+)?(?:名|人|位)")
_SEX_CELL = re.compile(r"[ ]*[男女][ ]*")


def _kin_and_rows(text: str) -> list[tuple[int, str]]:
    """Names a tie in brackets follows, the last name of a list its count closes (the rest are found along the
    list), and names alone in the rows of a table with a 姓名 column (on the page's lines, where a name opens
    its line): after the row's serial number, or before its 性别 cell."""
    out = []
    for m in _KIN_BRACKET.finditer(text):
        name = _name_ending_at(text, m.start())
        if name:
            out.append((m.start() - len(name), name))
    for m in _SO_MANY.finditer(text):
        end = m.start()
        clause = re.split(r"[，,。；;：:\n]", text[max(0, end - 40):end])[-1]
        if any(word in clause for word in (*_AGENCY_STAFF, *OFFICER_LABELS)):
            continue  # 执法人员张三、李四等2人: the agency's officers, kept
        name = _name_ending_at(text, end) or next(
            (text[end - 3:end] for _ in (0,) if end >= 3 and is_person_name(text[end - 3:end])
             and text[end - 3:end] not in _COMMON_WORDS), None)
        if name:
            out.append((end - len(name), name))
    if _NAME_HEADER.search(text):
        lines = text.split("\n")
        pos = 0
        for i, line in enumerate(lines):
            cell = line.strip()
            in_row = (i > 0 and _SERIAL.fullmatch(lines[i - 1])) or \
                (i + 1 < len(lines) and _SEX_CELL.fullmatch(lines[i + 1]))
            if in_row and is_name_in_cell(cell) and cell not in _LABEL_WORDS and cell not in _COMMON_WORDS:
                out.append((pos + line.index(cell), cell))
            pos += len(line) + 1
    return out


def labelled_names(scan: Scan) -> list[str]:
    # A label vouches for its value being a name: a surname and one to three characters is enough.
    names = [h.name for h in scan.hits if h.kind == "person" and h.name
             and searchable(h.name, scan.ctx.officer_names, known=True)]
    names += [name for _, name in _running_names(scan.page.compact.text)]
    names += [name for _, name in _addressees(scan.text)]
    names += [name for _, name in _kin_and_rows(scan.text)]
    names = [n for n in names if searchable(n, scan.ctx.officer_names, known=True)]
    known = set(names) | {p.name.strip() for p in scan.ctx.persons
                          if searchable(p.name, scan.ctx.officer_names, known=True)}
    names += [n for _, n in listed_names(scan.page.compact.text, known)
              if searchable(n, scan.ctx.officer_names, known=True)]
    return names


def find(scan: Scan, extra_names: list[str] = ()) -> list[Found]:
    ctx = scan.ctx
    out: list[Found] = []
    lines = scan.page.lines
    for h in scan.hits:
        if h.kind == "person" and h.name and searchable(h.name, ctx.officer_names, known=True):
            out.append(Found(Kind.name, lines.span_refs(h.name_start, h.name_end), True,
                             subject_of(h.name, ctx.persons), True))
    # Running text is read without its line breaks: "他儿\n子张三" is a trigger and its name.
    for pos, name in _running_names(scan.page.compact.text):
        if searchable(name, ctx.officer_names):
            out.append(Found(Kind.name, scan.page.compact.span_refs(pos, pos + len(name)), True,
                             subject_of(name, ctx.persons), True))
    for pos, name in _addressees(scan.text) + _kin_and_rows(scan.text):
        if searchable(name, ctx.officer_names, known=True):
            out.append(Found(Kind.name, lines.span_refs(pos, pos + len(name)), True, subject_of(name, ctx.persons),
                             True))
    names = {p.name.strip() for p in ctx.persons if searchable(p.name, ctx.officer_names, known=True)}
    names |= {n for n in [*extra_names, *labelled_names(scan)] if searchable(n, ctx.officer_names, known=True)}
    compact = scan.page.compact
    text = compact.text
    names |= {n for _, n in listed_names(text, names) if searchable(n, ctx.officer_names, known=True)}
    # Characters that belong to a name that stays: an officer's, an organisation's, the agency's.
    kept: set[int] = set()
    for other in [*ctx.officer_names, *ctx.organisations, *ctx.agency_names]:
        if len(other) < 2:
            continue
        for start in _occurrences(text, other):
            kept.update(range(start, start + len(other)))
    for name in sorted(names, key=len, reverse=True):
        for start in _occurrences(text, name):
            if any(i in kept for i in range(start, start + len(name))):
                continue
            out.append(Found(Kind.name, compact.span_refs(start, start + len(name)), True,
                             subject_of(name, ctx.persons), True))
    return out


def _occurrences(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found
