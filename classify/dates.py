"""Dates and times in every Chinese style, each with what it means in its document.

Styles: 2024年3月5日, 2024年03月05日, 二〇二四年三月五日, 2024-03-05, 2024.3.5,
2024/3/5, with 9时30分 / 9:30 and spans (…9时30分至11时09分). A year in
Chinese numerals that lost its first digit under a seal (〇二四年) is settled
by the format (2000-2099); a date missing its month or day is kept as
incomplete for review, never completed by guessing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "0": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Numerals OCR reads as a look-alike character inside a year (匹 for 四): the year's four places settle it.
_CN_YEAR_LOOKALIKES = {"匹": 4}
_CN_YEAR_CH = "〇○零Oo0一二三四五六七八九" + "".join(_CN_YEAR_LOOKALIKES)
_CN_NUM_CH = "一二三四五六七八九十"
# 十 between the two digits of a day (二十八) comes out as a look-alike where seal ink crosses it;
# there only 十 fits, so the format settles it (and a person checks it).
_TEN_LIKE = "米千干木土+"

# 9时30分, 9时, 9点30, 09:30; a span goes on with 至10时15分 (or -10:15).
_TIME = r"(?:\s*(?P<hour>\d{1,2})\s*(?:[时点]\s*(?:(?P<minute>\d{1,2})\s*分?)?|:\s*(?P<minute_c>\d{2})))?"
_END_TIME = (r"(?:\s*(?:至|到|-|—|~)\s*(?P<end_hour>\d{1,2})\s*(?:[时点]\s*(?:(?P<end_minute>\d{1,2})\s*分?)?|"
             r":\s*(?P<end_minute_c>\d{2})))?")
# 日 closing a signature date is often read as a look-alike (白, 由, 曰, 目 …) where a seal's ink
# touches it; taken as 日 only where the date ends (line end, space or punctuation after it).
_DAY_MARK = r"(?P<day_mark>日|[白由曰目田旦臼EH](?=\s|$|[，。,.;；:：)）]))"
_ARABIC = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<month>\d{0,2})\s*月\s*(?P<day>\d{0,2})\s*" + _DAY_MARK
                     + _TIME + _END_TIME)
# A closing date whose 日 a seal or the page edge took (2023年6月16 at the end of its line): the format
# says the day ends there; taken for a person to check.
# Its 日 read as a stroke (2024年05月281: 1, l, I or |) is the same case.
_NO_DAY_MARK = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})"
                          r"(?P<stroke>[1lI|])?(?=[ \t]*(?:\n|$))")
_SEPARATED = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[-./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"
                        + _TIME + _END_TIME)
_CHINESE = re.compile(rf"(?P<year>[{_CN_YEAR_CH}]{{2,4}})\s*年\s*(?P<month>[{_CN_NUM_CH}]{{0,3}})\s*"
                      rf"(?P<month_mark>月|[^\s{_CN_NUM_CH}{_CN_YEAR_CH}年日\d])\s*(?P<day>[{_CN_NUM_CH}]{{0,3}}|[一二三][{_TEN_LIKE}][一二三四五六七八九])\s*"
                      + _DAY_MARK)
# A signature date whose 年 OCR lost (二〇二四二月二十八日, or 〇二四八月一日 with the first digit under a seal):
# a year in Chinese numerals has its 〇 in a fixed place (二〇xx, 〇xx), so where the month begins is
# settled by the format; the 月 and the day mark must be there. Taken for a person to check.
_CHINESE_NO_YEAR_MARK = re.compile(
    rf"(?<![{_CN_YEAR_CH}])(?P<year>二?[〇○零Oo0][{_CN_YEAR_CH}]{{2}})(?P<month>[{_CN_NUM_CH}]{{1,2}})\s*月\s*"
    rf"(?P<day>[{_CN_NUM_CH}]{{1,3}})\s*" + _DAY_MARK)


@dataclass(frozen=True)
class DateReading:
    raw: str
    start: int
    end: int
    date: dt.date | None  # None: incomplete or impossible
    time: dt.time | None = None
    end_time: dt.time | None = None
    confidence: float = 0.97
    problems: tuple[str, ...] = ()

    @property
    def iso(self) -> str | None:
        if self.date is None:
            return None
        if self.time is None:
            return self.date.isoformat()
        return dt.datetime.combine(self.date, self.time).isoformat(timespec="minutes")


def cn_number(text: str) -> int | None:
    """一 .. 三十一 as an int; None if it is not a number written that way."""
    if not text or any(c not in _CN_NUM_CH for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _cn_year(text: str) -> tuple[int | None, str | None]:
    """The year, and the repair it needed: a seal often takes the first characters of 二〇二四."""
    digits = "".join(str(_CN_DIGITS.get(c, _CN_YEAR_LOOKALIKES.get(c))) for c in text)
    if len(digits) == 4 and digits[0] != "2" and digits[1] == "0":
        # 三〇二四 / 一〇二四: the first 二 read with a stroke more or less; no case file is dated before 2000
        # or after 2099, so the format settles it (and a person checks it).
        return 2000 + int(digits[2:]), "year_digit_restored"
    if len(digits) == 4 and digits[0] == "2" and digits[1] != "0":
        # 二二二四: the 〇 of 二〇二四 read as a stroke-like numeral where seal ink crosses it; only 20xx fits a
        # case file, so the format settles it (and a person checks it).
        return 2000 + int(digits[2:]), "year_digit_restored"
    if len(digits) == 4:
        return int(digits), None
    if len(digits) == 3 and digits[0] == "0":  # 〇二四: only 20xx fits
        return 2000 + int(digits[1:]), "year_digit_restored"
    if len(digits) == 2 and digits[0] != "0":  # 二四: the century is assumed, so a person checks it
        return 2000 + int(digits), "century_assumed"
    return None, None


def _time(hour: str | None, minute: str | None) -> dt.time | None:
    if hour is None:
        return None
    try:
        return dt.time(int(hour), int(minute or 0))
    except ValueError:
        return None


def _make(m: re.Match[str], year: int | None, month: int | None, day: int | None,
          problems: list[str], confidence: float) -> DateReading:
    date = None
    if year is None or month is None or day is None:
        problems.append("incomplete_date")
    else:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            problems.append("impossible_date")
    groups = m.groupdict()
    start_time = _time(groups.get("hour"), groups.get("minute") or groups.get("minute_c"))
    end_time = _time(groups.get("end_hour"), groups.get("end_minute") or groups.get("end_minute_c"))
    if date is None:
        confidence = 0.2
    return DateReading(m.group().strip(), m.start(), m.end(), date, start_time, end_time,
                       round(confidence, 2), tuple(problems))


def _day_mark(m: re.Match[str]) -> list[str]:
    """The format says the date's last character is 日; a look-alike there is taken so, for a person to check."""
    return [] if m.group("day_mark") == "日" else ["day_mark_misread"]


def _int(s: str) -> int | None:
    return int(s) if s and s.isdigit() else None


def find_dates(text: str) -> list[DateReading]:
    """Every date in `text`, in order; overlapping matches keep the longest."""
    found: list[DateReading] = []
    for m in _ARABIC.finditer(text):
        problems = _day_mark(m)
        found.append(_make(m, int(m.group("year")), _int(m.group("month")), _int(m.group("day")), problems,
                           0.6 if problems else 0.97))
    for m in _NO_DAY_MARK.finditer(text):
        problem = "day_mark_misread" if m.group("stroke") else "day_mark_missing"
        found.append(_make(m, int(m.group("year")), int(m.group("month")), int(m.group("day")), [problem], 0.6))
    for m in _SEPARATED.finditer(text):
        found.append(_make(m, int(m.group("year")), int(m.group("month")), int(m.group("day")), [], 0.95))
    for m in _CHINESE.finditer(text):
        year, repair = _cn_year(m.group("year"))
        problems = [repair] if repair else []
        confidence = {None: 0.95, "year_digit_restored": 0.9, "century_assumed": 0.6}[repair]
        if set(m.group("year")) & set(_CN_YEAR_LOOKALIKES):
            problems.append("numeral_misread")
            confidence = min(confidence, 0.6)
        if m.group("month_mark") != "月":  # 年十二期十七日: the format says it is 月, but a person checks it
            problems.append("month_mark_misread")
            confidence = min(confidence, 0.6)
        if day_problems := _day_mark(m):
            problems += day_problems
            confidence = min(confidence, 0.6)
        day = m.group("day")
        if len(day) == 3 and day[1] in _TEN_LIKE:
            day = day[0] + "十" + day[2]
            problems.append("numeral_misread")
            confidence = min(confidence, 0.6)
        found.append(_make(m, year, cn_number(m.group("month")), cn_number(day), problems, confidence))
    for m in _CHINESE_NO_YEAR_MARK.finditer(text):
        if any(d.start <= m.start() < d.end for d in found):
            continue
        year, repair = _cn_year(m.group("year"))
        problems = ["year_mark_missing", *([repair] if repair else []), *_day_mark(m)]
        found.append(_make(m, year, cn_number(m.group("month")), cn_number(m.group("day")), problems, 0.6))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateReading] = []
    for d in found:
        if kept and d.start < kept[-1].end:
            continue
        kept.append(d)
    return kept


# A closing date whose year a seal took ("二〇二五年九月五日" read as "首\n九月五日"): a month and a day alone on a
# line near the end of the document.
_MONTH_DAY = re.compile(rf"^[^\n{_CN_NUM_CH}\d年]{{0,2}}(?P<month>[{_CN_NUM_CH}]{{1,2}}|\d{{1,2}})\s*月\s*"
                        rf"(?P<day>[{_CN_NUM_CH}]{{1,3}}|\d{{1,2}})\s*日\s*$", re.M)
_CLOSING_LINES = 3


def yearless_closing_date(text: str, dates: list[DateReading]) -> DateReading | None:
    """The closing date whose year was lost, dated in the year that puts it on or after the latest full date the
    document holds (a decision closes after every act it reports). A guess a person must confirm: tagged
    year_inferred, which sends the document to review; None where the document holds no full date."""
    known = [d.date for d in dates if d.date is not None]
    if not known:
        return None
    tail = text.rsplit("\n", _CLOSING_LINES)
    tail_start = len(text) - len("\n".join(tail[1:])) if len(tail) > _CLOSING_LINES else 0
    found = None
    for m in _MONTH_DAY.finditer(text, tail_start):
        if not any(d.start <= m.start("month") < d.end for d in dates):
            found = m
    if found is None:
        return None
    month, day = (int(g) if g.isdigit() else cn_number(g) for g in found.group("month", "day"))
    latest = max(known)
    for year in (latest.year, latest.year + 1):
        try:
            date = dt.date(year, month or 0, day or 0)
        except ValueError:
            return None
        if date >= latest:
            return DateReading(found.group().strip(), found.start("month"), found.end(), date, confidence=0.5,
                               problems=("year_inferred",))
    return None


# An opinion of consent on a form signed step by step (承办 → 审核 → 负责人): 同意立案。某某 2024.03.05.
_CONSENT = re.compile(r"同意|批准|准予")
# The date stands on the consent's line or on one of the next three: after the signer, a 日期 cell, or the
# rest of a label its cell wrapped (负责人审批 / 意见).
_CONSENT_LINES = 3


def consent_dates(text: str) -> list[DateReading]:
    """The dates that close an opinion of consent: each the first date after 同意/批准/准予, on its line or
    within the next three lines (a form's 日期 cell below the signer), with no other date between them."""
    out: list[DateReading] = []
    dates = find_dates(text)
    for i, d in enumerate(dates):
        if d.date is None:
            continue
        begin = text.rfind("\n", 0, d.start) + 1
        for _ in range(_CONSENT_LINES):
            if begin > 0:
                begin = text.rfind("\n", 0, begin - 1) + 1
        if i > 0:
            begin = max(begin, dates[i - 1].end)
        if _CONSENT.search(text, begin, d.start):
            out.append(d)
    return out


def approval_date(text: str, not_after: dt.date | None = None) -> dt.date | None:
    """The date a form signed step by step took effect: its last signer's consent, the latest consent date.

    The head approves last (立案 is the head's approval of the 立案审批表, 002 记录办法:19), so the latest
    consent is the approval; a date after `not_after` (the ingest) cannot be one and is left out.
    """
    dates = [d.date for d in consent_dates(text) if d.date is not None and (not_after is None or d.date <= not_after)]
    return max(dates) if dates else None
