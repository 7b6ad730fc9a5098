"""Natural persons' names: those a label introduces (被询问人：张三, 当事人张三于…), and every name of the case's
persons or found by a label anywhere in the document, wherever it stands, inside sentences and across line breaks.

Never an officer's name (公示办法 第五条 publishes them), never a name inside an organisation's or the agency's
name, and never a run that is no name by shape (拒签, 见上 …): what is searched everywhere must be a name.
"""
from __future__ import annotations

import re

from classify.names import NOT_NAMES, PSEUDONYM, is_name_in_cell, is_person_name, person_name_at, surname_of

from redaction.detect.labels import FIELD_WORDS
from redaction.detect.people import _AFTER_NAME, OFFICER_LABELS, ORG_LABELS, PERSON_LABELS, trimmed
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
                       r"村民|居民|住户|业户|租户|会计|出纳|司机|厨师|店长|保安")
# Words after which running text has just named a person ("当时张三也在场", "李四安排人干的"): the name is read
# backwards from them, and must start where a clause or a listing does.
_NAME_BEFORE = re.compile(r"(?:也|都|亦|还)?在(?:场|现场|旁边|旁)|安排|指使|雇(?:佣|用)|叫我|让我|告诉我|伙同|协同|"
                          # a bracket saying how the person stands to the party: "张三（当事人之父）"
                          r"[（(](?:系|是)?(?:当事人|受送达人|被询问人|被检查人)(?:之|的)")
_OPENS_NAME = set("，,。；;：:、\n(（") | set("时有和与及见到是")
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
        pos = m.end()
        name = _without_home(trimmed(person_name_at(text, pos)) or _full_shape_name(text, pos), text, pos)
        while name and PSEUDONYM not in name and name not in _COMMON_WORDS and not _NAME_BEFORE.match(name):
            out.append((pos, name))
            nxt = _AND.match(text, pos + len(name))
            if not nxt:
                break
            pos = nxt.end()
            name = _without_home(trimmed(person_name_at(text, pos)) or _full_shape_name(text, pos), text, pos)
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


def _name_ending_at(text: str, end: int) -> str | None:
    """The name that ends at `end` and opens its clause (or follows 当时/还有/和 …): three characters, else two."""
    for length in (3, 2):
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


def labelled_names(scan: Scan) -> list[str]:
    # A label vouches for its value being a name: a surname and one to three characters is enough.
    names = [h.name for h in scan.hits if h.kind == "person" and h.name
             and searchable(h.name, scan.ctx.officer_names, known=True)]
    names += [name for _, name in _running_names(scan.page.compact.text)]
    names += [name for _, name in _addressees(scan.text)]
    return [n for n in names if searchable(n, scan.ctx.officer_names, known=True)]


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
    for pos, name in _addressees(scan.text):
        if searchable(name, ctx.officer_names, known=True):
            out.append(Found(Kind.name, lines.span_refs(pos, pos + len(name)), True, subject_of(name, ctx.persons),
                             True))
    names = {p.name.strip() for p in ctx.persons if searchable(p.name, ctx.officer_names, known=True)}
    names |= {n for n in [*extra_names, *labelled_names(scan)] if searchable(n, ctx.officer_names, known=True)}
    compact = scan.page.compact
    text = compact.text
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
