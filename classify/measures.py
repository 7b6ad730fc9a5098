"""What a decision orders (measures and amounts) and how a document was served.

Amounts are read both ways a decision writes them, 人民币贰仟元整 and
(2000元); when both are there and disagree, the amount goes to review.
"""
from __future__ import annotations

import re

from classify.form import LabelHit
from classify.found import Found

MEASURES: dict[str, str] = {  # phrase -> code; longer phrases are tried first
    "警告": "warning",
    "通报批评": "criticism",
    "加处罚款": "late_fine",
    "罚款": "fine",
    "没收违法所得": "confiscate_income",
    "没收非法财物": "confiscate_property",
    "没收": "confiscate",
    "暂扣许可证": "suspend_license",
    "暂扣": "suspend_license",
    "降低资质等级": "downgrade",
    "吊销许可证": "revoke_license",
    "吊销营业执照": "revoke_license",
    "吊销": "revoke_license",
    "限制开展生产经营活动": "restrict_business",
    "责令停产停业": "suspend_business",
    "责令关闭": "close",
    "限制从业": "ban_practice",
    "行政拘留": "detention",
    "查封": "seal",
    "扣押": "seize",
    "排除妨碍": "remove_obstruction",
    "恢复原状": "restore",
    "代履行": "substitute_performance",
}
_MEASURE_RE = re.compile("|".join(sorted(MEASURES, key=len, reverse=True)))
_SECTION_START = re.compile(r"(如下行政处罚|决定如下|作出如下|处罚如下|如下处理|如下强制执行|决定给予|决定对你\(单位\)|"
                            r"拟对你\(单位\)作出如下)")
_SECTION_END = re.compile(r"(请于|如不服|逾期不|根据《中华人民共和国行政处罚法》|你\(单位\)可在)")
_ITEM_SPLIT = re.compile(r"\([一二三四五六七八九十]+\)|[;；。]")

_CAPITAL_DIGITS = {"零": 0, "〇": 0, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
                   "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CAPITAL_UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CAPITAL_AMOUNT = re.compile(r"(?:人民币)?(?P<num>[零〇壹贰叁肆伍陆柒捌玖拾佰仟万亿一二两三四五六七八九十百千]+)元整?")
_DIGIT_AMOUNT = re.compile(r"(?P<num>\d+(?:,\d{3})*(?:\.\d{1,2})?)\s*(?P<wan>万)?元")

SERVICE_METHOD_WORDS: dict[str, str] = {
    "直接送达": "direct",
    "留置送达": "left",
    "邮寄送达": "post",
    "公告送达": "notice",
    "委托送达": "entrusted",
    "电子送达": "electronic",
    "拒收": "left",
    "拒绝签收": "left",
    "邮寄": "post",
    "挂号信": "post",
    "EMS": "post",
    "公告": "notice",
    "电子邮件": "electronic",
    "短信": "electronic",
    "委托": "entrusted",
    "直接": "direct",
}
_METHOD_RE = re.compile("|".join(sorted(SERVICE_METHOD_WORDS, key=len, reverse=True)))


def capital_amount(text: str) -> int | None:
    """贰仟元 → 2000, 壹万伍仟 → 15000, 三十 → 30; None if it does not parse."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CAPITAL_DIGITS:
            digit = _CAPITAL_DIGITS[ch]
        elif ch in _CAPITAL_UNITS:
            section += (1 if digit is None else digit) * _CAPITAL_UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        elif ch == "亿":
            total = (total + section + (digit or 0)) * 100_000_000
            section, digit = 0, None
        else:
            return None
    value = total + section + (digit or 0)
    return value or None


def _amounts(item: str) -> tuple[int | None, int | None]:
    cap = _CAPITAL_AMOUNT.search(item)
    dig = _DIGIT_AMOUNT.search(item)
    cap_value = capital_amount(cap.group("num")) if cap else None
    dig_value = None
    if dig:
        number = float(dig.group("num").replace(",", ""))
        dig_value = int(round(number * (10_000 if dig.group("wan") else 1)))
    return cap_value, dig_value


def extract_measures(text: str) -> list[Found]:
    """Measures of a decision (or the proposed ones of a notice), each with its amount when it has one."""
    start = _SECTION_START.search(text)
    if not start:
        return []
    end = _SECTION_END.search(text, start.end())
    section_end = end.start() if end else min(len(text), start.end() + 600)
    out: list[Found] = []
    seen: set[str] = set()
    pos = start.end()
    for item in _ITEM_SPLIT.split(text[start.end():section_end]):
        offset = text.find(item, pos, section_end) if item else pos
        pos = offset + len(item)
        m = _MEASURE_RE.search(item)
        if not m or MEASURES[m.group()] in seen:
            continue
        code = MEASURES[m.group()]
        seen.add(code)
        group = f"measure:{code}"
        out.append(Found("measure", "measure", m.group(), item.strip(), 0.9, offset + m.start(), offset + m.end(),
                         group=group))
        cap, dig = _amounts(item)
        if cap is None and dig is None:
            continue
        problems: tuple[str, ...] = ()
        if cap is not None and dig is not None and cap != dig:
            problems = ("amount_mismatch",)
        value = dig if dig is not None else cap
        out.append(Found("measure", "amount", str(value), item.strip(), 0.4 if problems else 0.93,
                         offset, offset + len(item), group=group, problems=problems))
    return out


def extract_service_method(text: str, hits: list[LabelHit]) -> list[Found]:
    """How a document was served: the 送达方式 field, else the words of the receipt."""
    for hit in hits:
        if hit.key == "service_method":
            m = _METHOD_RE.search(hit.value)
            if m:
                return [Found("service", "method", SERVICE_METHOD_WORDS[m.group()], m.group(), 0.95,
                              hit.value_start + m.start(), hit.value_start + m.end())]
    m = _METHOD_RE.search(text)
    if m:
        return [Found("service", "method", SERVICE_METHOD_WORDS[m.group()], m.group(), 0.6, m.start(), m.end(),
                      problems=("unlabelled",))]
    return []
