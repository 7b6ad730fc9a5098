"""A natural person's street address: the value after an address label (住址, 家庭住址, 户籍地, 送达地址 …) or after
"，住" in a person's description, up to the end of its field: the next label, a ，。；, or the line's end, going on
to the next line when the address clearly continues there.

An organisation's registered address (住所/经营场所/注册地址 of a company) and the agency's address stay
(002 公示办法:5): 住所, 地址 and the contact labels count as a person's only outside an organisation's stretch
of the page.
"""
from __future__ import annotations

import re

from redaction.detect.labels import on_agency_line
from redaction.detect.scan import Found, Scan
from redaction.kinds import Kind

PERSON_ADDRESS_LABELS = ("家庭住址", "家庭地址", "现住址", "现住所", "户籍地址", "户籍所在地", "户籍地", "经常居住地",
                         "居住地址", "居住地", "联系地址", "送达地址", "送达地点", "通讯地址", "通信地址", "暂住地", "住址", "住所地",
                         "住所", "地址", "现住", "家住", "居住于", "暂住")
# Places that are a business's or the facts', never a person's home: they stay.
KEPT_ADDRESS_LABELS = ("经营场所", "注册地址", "营业场所", "经营地址", "生产经营地址", "办公地址", "单位地址",
                       "公司地址", "企业住所", "检查地点", "询问地点", "听证地点", "案发地点", "地点")
_LABEL_RE = re.compile("|".join(sorted(PERSON_ADDRESS_LABELS + KEPT_ADDRESS_LABELS, key=len, reverse=True)))
# "张三，男，1990年3月7日出生，住测试市…": 住 opening a field.
_BARE_RE = re.compile(r"(?:^|(?<=[，,、；;\s]))住(?![所址宿院房])")
# Words that end an address's field although no colon follows them.
_FIELD_END_WORDS = re.compile("电话|联系电话|手机|身份证|公民身份|邮编|邮政编码|职业|工作单位|性别|民族|出生|年龄|联系方式"
                              "|邮箱|法定代表人|负责人|统一社会信用代码|车牌|签名|签字|日期|时间|现场|经查|当事人")
_PUNCT_END = set("，,。；;")
# Any other label, where the scan shows a gap before it ("…1号  职业：无").
_GAP_LABEL = re.compile(r"(?<=\s)[\u4e00-\u9fffA-Za-z]{1,8}[：:]")
_PLACE = re.compile(r"[省市区县镇乡村路街道巷弄号组栋楼室屯院幢]")
_TERMINAL = tuple("号室户组村屯层楼栋幢院")
_CONTINUES = re.compile(r"^\s*(?:\d|[号栋楼室层幢组单元弄巷])")
_NOT_AN_ADDRESS = ("同上", "见上", "不详", "无", "不清楚", "拒绝提供", "拒绝")


def find(scan: Scan) -> list[Found]:
    out: list[Found] = []
    text = scan.text
    starts: list[int] = []
    for m in _LABEL_RE.finditer(text):
        if m.group() in KEPT_ADDRESS_LABELS:
            continue
        owner = scan.owner_kind(m.start())
        if owner in ("organisation", "officer"):
            continue  # 住所 of a company, 地址 of the agency
        if on_agency_line(text, m.start(), scan.ctx.agency_names, scan.ctx.officer_names):
            continue
        starts.append(_value_start(text, m.end()))
    for m in _BARE_RE.finditer(text):
        if scan.owner_kind(m.start()) not in ("organisation", "officer"):
            starts.append(m.end())
    for start in sorted(set(starts)):
        end = _value_end(text, start)
        value = text[start:end].strip()
        if len(value) < 4 or value in _NOT_AN_ADDRESS or not _PLACE.search(value):
            continue
        refs = scan.page.lines.span_refs(start, end)
        if refs:
            out.append(Found(Kind.address, refs))
    return out


def _value_start(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " :：":
        pos += 1
    return pos


def _field_end_in_line(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] != "\n" and text[end] not in _PUNCT_END:
        end += 1
    stop = end
    for pattern in (_GAP_LABEL, _FIELD_END_WORDS):
        m = pattern.search(text, start + 1, stop)
        if m:
            stop = min(stop, m.start())
    return stop


def _value_end(text: str, start: int) -> int:
    end = _field_end_in_line(text, start)
    value = text[start:end].rstrip()
    while end < len(text) and text[end] == "\n" and value:
        nxt = end + 1
        line_end = text.find("\n", nxt)
        line = text[nxt:line_end if line_end >= 0 else len(text)]
        head = line[:8]
        if not line.strip() or ":" in head or "：" in head or _FIELD_END_WORDS.match(line.strip()) \
                or line.lstrip().startswith(("问", "答")):
            break
        if value.endswith(_TERMINAL) and not _CONTINUES.match(line):
            break
        end = _field_end_in_line(text, nxt)
        value = text[nxt:end].rstrip()
        if end < len(text) and text[end] != "\n":
            break
    while end > start and text[end - 1] == " ":
        end -= 1
    return end
