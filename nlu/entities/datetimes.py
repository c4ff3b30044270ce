"""Dates and times in natural Chinese, resolved against a given ``now``.

``明天上午``, ``周五下午三点``, ``后天晚上8点``, ``今天下午``, ``下周一``, ``今晚``,
``5月10日``, ``15:30``, ``下午两点到四点``, ``月底`` (and English, through
:mod:`nlu.entities.datetimes_en`). A part of the day alone (``晚上``,
``白天``) is not taken: without a day it more often tells a habit than a time. The value
is a dict ``{"start", "end", "grain"}`` with ISO
datetimes (``end`` exclusive; equal to ``start`` for a clock time, the end of a range) and a
grain among
``minute``, ``hour``, ``part_of_day``, ``day``, ``weekend``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from nlu.entities.datetimes_en import english_groups
from nlu.entities.numerals import to_int
from nlu.entities.spans import Span

NUM = r"(?:\d{1,2}|[零〇一二两三四五六七八九十]{1,3})"
RELATIVE_DAYS = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "昨儿": -1, "今天": 0,
                 "今日": 0, "今儿": 0, "明天": 1, "明日": 1, "明儿": 1, "后天": 2, "大后天": 3}
CONTRACTIONS = {"今早": (0, "早上"), "今晚": (0, "晚上"), "明早": (1, "早上"),
                "明晚": (1, "晚上"), "昨晚": (-1, "晚上"), "前晚": (-2, "晚上")}
PARTS = {"凌晨": (0, 6), "早上": (6, 9), "早晨": (6, 9), "清晨": (6, 9), "一早": (6, 9),
         "上午": (8, 12), "中午": (11, 13), "午后": (12, 18), "下午": (12, 18),
         "傍晚": (17, 19), "晚上": (18, 24), "晚间": (18, 24), "夜里": (18, 24),
         "夜间": (18, 24), "半夜": (23, 27), "深夜": (23, 27), "白天": (8, 18)}
PM_PARTS = {"午后", "下午", "傍晚", "晚上", "晚间", "夜里", "夜间"}
WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7,
            "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7}
WEEK_SHIFT = {None: 0, "这": 0, "本": 0, "下": 1, "下下": 2, "上": -1}

_rel = "|".join(sorted(RELATIVE_DAYS, key=len, reverse=True))
_con = "|".join(CONTRACTIONS)
_part = "|".join(sorted(PARTS, key=len, reverse=True))
DATETIME = re.compile(
    r"(?<!\d)(?:"
    rf"(?P<con>{_con})"
    rf"|(?P<rel>{_rel})(?:个)?"
    r"|(?P<wpre>这|本|下下|下|上)?个?(?:周|星期|礼拜)(?P<wday>[一二三四五六日天1-7])"
    r"|(?P<wepre>这|本|下|上)?个?周末"
    r"|(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?!\d)"
    rf"|(?:(?P<year>\d{{4}})年)?(?P<month>{NUM})月(?:(?P<mday>{NUM})(?:日|号)?)?"
    rf"|(?P<dom>{NUM})(?:日|号)(?![楼院线门栋座单室])"
    r"|(?P<monthend>月底)"
    r")?\s?"
    rf"(?P<part>{_part})?\s?"
    r"(?:"
    rf"(?P<hour>{NUM})(?:点|时)(?:钟)?(?:(?P<half>半)|(?P<quarter>一刻|三刻)|(?P<minute>{NUM})分?)?"
    rf"(?:\s?(?:到|至|~|-)\s?(?P<hour2>{NUM})(?:点|时)(?P<half2>半)?)?"
    r"|(?P<hh>[0-2]?\d):(?P<mm>[0-5]\d)(?!\d)"
    r")?"
)
_CN_HOUR_OK = re.compile(r"钟|半|前|后|左右|以前|以后|之前|之后|到|多|整|来|上门|过来")


def _day(g: dict[str, str | None], now: datetime) -> tuple[datetime | None, str | None]:
    """The day the words name, and ``weekend`` when they name one."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if g["con"]:
        return today + timedelta(days=CONTRACTIONS[g["con"]][0]), None
    if g["rel"]:
        return today + timedelta(days=RELATIVE_DAYS[g["rel"]]), None
    monday = today - timedelta(days=today.weekday())
    if g["wday"]:
        day = monday + timedelta(days=WEEKDAYS[g["wday"]] - 1 + 7 * WEEK_SHIFT[g["wpre"]])
        if g["wpre"] is None and day < today:
            day += timedelta(days=7)
        return day, None
    if g["_weekend"]:
        saturday = monday + timedelta(days=5 + 7 * WEEK_SHIFT[g["wepre"]])
        return saturday, "weekend"
    return _calendar_day(g, today), None


def _calendar_day(g: dict[str, str | None], today: datetime) -> datetime | None:
    """A day written as a calendar date, or ``None``."""
    try:
        if g["iy"]:
            return today.replace(year=int(g["iy"]), month=int(g["im"]), day=int(g["id"]))
        if g["month"]:
            year = int(g["year"]) if g["year"] else today.year
            return today.replace(year=year, month=to_int(g["month"]) or 0,
                                 day=to_int(g["mday"] or "1") or 0)
        if g["dom"]:
            return today.replace(day=to_int(g["dom"]) or 0)
        if g["monthend"]:
            following = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
            return following - timedelta(days=1)
    except ValueError:
        return None
    return None


def _clock(g: dict[str, str | None], part: str | None) -> tuple[int, int] | None:
    """Hour and minute of the clock time, with 下午/晚上 moved past noon."""
    if g["hh"]:
        hour, minute = int(g["hh"]), int(g["mm"])
    elif g["hour"]:
        hour = to_int(g["hour"])
        minute = 30 if g["half"] else {"一刻": 15, "三刻": 45}.get(g["quarter"] or "", 0)
        minute = to_int(g["minute"]) if g["minute"] else minute
    else:
        return None
    if hour is None or minute is None or hour > 24 or minute > 59:
        return None
    if part in PM_PARTS and hour < 12 or part == "中午" and hour < 6:
        hour += 12
    elif part in PM_PARTS and hour == 12 and part not in ("下午", "午后"):
        hour = 24
    elif part in ("半夜", "深夜", "凌晨") and hour == 12:
        hour = 0
    elif part is None and 1 <= hour <= 6 and not g["hh"]:
        hour += 12
    return hour, minute


def _resolve(g: dict[str, str | None], now: datetime) -> dict[str, str] | None:
    """The ``{"start", "end", "grain"}`` value of a match, or ``None``."""
    day, special = _day(g, now)
    has_day = day is not None
    day = day or now.replace(hour=0, minute=0, second=0, microsecond=0)
    part = g["part"] or (CONTRACTIONS[g["con"]][1] if g["con"] else None)
    clock = _clock(g, part)
    if (g["hour"] or g["hh"]) and clock is None:
        return None
    if clock is not None:
        start = day + timedelta(hours=clock[0], minutes=clock[1])
        grain = "minute" if clock[1] else "hour"
        end = start
        if g["hour2"]:
            until = _clock({**g, "hh": None, "hour": g["hour2"], "half": g["half2"],
                            "quarter": None, "minute": None}, part)
            if until is not None:
                end = day + timedelta(hours=until[0], minutes=until[1])
                end += timedelta(days=1) if end < start else timedelta(0)
        return {"start": start.isoformat(), "end": end.isoformat(), "grain": grain}
    if part is not None and has_day:
        lo, hi = PARTS[part]
        return {"start": (day + timedelta(hours=lo)).isoformat(),
                "end": (day + timedelta(hours=hi)).isoformat(), "grain": "part_of_day"}
    if not has_day:
        return None
    length = 2 if special == "weekend" else 1
    return {"start": day.isoformat(), "end": (day + timedelta(days=length)).isoformat(),
            "grain": special or "day"}


def _bare_chinese_hour(g: dict[str, str | None], text: str, end: int) -> bool:
    """True for ``一点``/``三点`` with nothing around them: more likely 'a bit', 'three points'."""
    if not g["hour"] or g["hour"].isdigit() or g["part"] or g["half"] or g["minute"]:
        return False
    if any(g[k] for k in ("con", "rel", "wday", "iy", "month", "dom", "_weekend")):
        return False
    return not _CN_HOUR_OK.match(text, end)


def find_datetimes(text: str, now: datetime) -> list[Span]:
    """Date and time spans in normalised text, resolved against ``now``."""
    spans = []
    for m in DATETIME.finditer(text):
        raw = m.group(0).rstrip()
        if not raw:
            continue
        g = dict(m.groupdict())
        g["_weekend"] = "周末" if "周末" in raw[:4] and not g["wday"] else None
        if _bare_chinese_hour(g, text, m.end()):
            continue
        value = _resolve(g, now)
        if value is not None:
            spans.append(Span("datetime", m.start(), m.start() + len(raw), value))
    for start, end, g in english_groups(text):
        value = _resolve(g, now)
        if value is not None:
            spans.append(Span("datetime", start, end, value))
    return spans
