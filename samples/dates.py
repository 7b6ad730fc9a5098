"""Dates written the ways Chinese enforcement documents write them."""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

DateStyle = Literal["cn", "cn_padded", "cn_numerals", "iso", "dotted"]
DATE_STYLES: tuple[DateStyle, ...] = ("cn", "cn_padded", "cn_numerals", "iso", "dotted")

_DIGITS = "〇一二三四五六七八九"


def _numeral(n: int) -> str:
    """1..31 in Chinese numerals: 十, 十五, 二十, 二十一, 三十一."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[units] if units else "")


def format_date(d: date, style: DateStyle = "cn") -> str:
    """Format d; "cn_numerals" is the style of decision documents (二〇二四年三月五日)."""
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "cn_padded":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "cn_numerals":
        year = "".join(_DIGITS[int(c)] for c in str(d.year))
        return f"{year}年{_numeral(d.month)}月{_numeral(d.day)}日"
    if style == "iso":
        return d.isoformat()
    if style == "dotted":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    raise ValueError(f"unknown date style {style!r}")


def format_time_span(start: datetime, end: datetime) -> str:
    """The 时间 line of a 笔录: 2024年3月5日9时30分至10时15分."""
    return (f"{format_date(start.date())}{start.hour}时{start.minute:02d}分"
            f"至{end.hour}时{end.minute:02d}分")
