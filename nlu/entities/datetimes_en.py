"""Dates and times in English, read into the groups of the Chinese pattern.

``tomorrow morning``, ``this morning``, ``tonight``, ``yesterday``, ``next friday``,
``this weekend``, ``after 3pm``, ``tomorrow at 10:30am``. A part of the day alone
(``in the morning``) is not taken, as in Chinese. :func:`english_groups` gives, for each
match, its span and a dict with the keys :mod:`nlu.entities.datetimes` resolves (the
words put as their Chinese equivalents), so both languages resolve the same way.
Runs on normalised (lower-case, half-width) text.
"""

from __future__ import annotations

import re

KEYS = ("con", "rel", "wday", "wpre", "wepre", "_weekend", "iy", "im", "id", "year", "month",
        "mday", "dom", "monthend", "part", "hour", "half", "quarter", "minute", "hour2",
        "half2", "hh", "mm")
DAYS = {"the day before yesterday": "前天", "yesterday": "昨天", "today": "今天",
        "tomorrow": "明天", "the day after tomorrow": "后天", "day after tomorrow": "后天"}
CONTRACTIONS = {"tonight": "今晚", "this evening": "今晚", "last night": "昨晚",
                "this morning": "今早"}  # as the Chinese 今晚, 昨晚, 今早
THIS_PART = {"this afternoon": ("今天", "下午")}
PARTS = {"morning": "上午", "afternoon": "下午", "evening": "晚上", "night": "晚上"}
WEEKDAYS = {d: str(i) for i, d in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday".split(), start=1)}
SHIFT = {None: None, "this": "这", "next": "下", "last": "上"}

_days = "|".join(sorted([*DAYS, *THIS_PART, *CONTRACTIONS], key=len, reverse=True))
EN_DATETIME = re.compile(
    r"(?<![a-z0-9])(?:"
    rf"(?P<day>{_days})"
    rf"|(?:(?P<wpre>this|next|last)\s+)?(?P<wday>{'|'.join(WEEKDAYS)})"
    r"|(?P<wepre>this|next|last)\s+weekend"
    r")?"
    rf"(?:\s+(?:in\s+the\s+)?(?P<part>{'|'.join(PARTS)}))?"
    r"(?:\s*(?:at|after|before|around|by|from)?\s*"
    r"(?<![\d:])(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))?\s?(?P<ampm>am|pm|a\.m\.|p\.m\.)"
    r"(?![a-z]))?"
)


_LETTER = re.compile(r"[a-z]", re.IGNORECASE)


def english_groups(text: str) -> list[tuple[int, int, dict[str, str | None]]]:
    """``(start, end, groups)`` of each English date or time in ``text``."""
    found = []
    if not _LETTER.search(text):  # every English date or time has a word (or am/pm) in it
        return found
    for m in EN_DATETIME.finditer(text):
        names = [n for n in ("day", "wday", "wepre", "part", "h") if m.group(n)]
        if not names or names == ["part"]:
            continue
        g: dict[str, str | None] = dict.fromkeys(KEYS)
        day = m.group("day")
        if day in CONTRACTIONS:
            g["con"] = CONTRACTIONS[day]
        elif day in THIS_PART:
            g["rel"], g["part"] = THIS_PART[day]
        elif day:
            g["rel"] = DAYS[day]
        if m.group("wday"):
            g["wday"], g["wpre"] = WEEKDAYS[m.group("wday")], SHIFT[m.group("wpre")]
        if m.group("wepre"):
            g["_weekend"], g["wepre"] = "周末", SHIFT[m.group("wepre")]
        if m.group("part"):
            g["part"] = PARTS[m.group("part")]
        if m.group("h"):
            hour = int(m.group("h")) % 12 + (12 if m.group("ampm").startswith("p") else 0)
            g["hh"], g["mm"] = str(hour), m.group("m") or "00"
        start = min(m.start(n) for n in ("day", "wpre", "wday", "wepre", "part", "h")
                    if m.group(n))
        found.append((start, m.end(), g))
    return found
