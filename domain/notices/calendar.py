"""The seasonal calendar (未诉先办): entries as data, which are due, and their drafts.

An entry is due on a date when its window's start minus the lead time has come and the
window has not ended. Each entry makes one draft per year (the year its window starts, so
a December–February window belongs to the December's year); ``source_key`` is unique, so
running ``create_drafts`` twice, or in two processes, creates nothing the second time.
Drafts are ``notices`` rows with status ``draft``: a supervisor still approves them.

The Spring Festival moves; windows anchored to it use ``SPRING_FESTIVAL``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from domain.errors import DomainError
from domain.notices import broadcast as bc
from domain.notices.topics import is_topic
from domain.ports import UowFactory
from storage.errors import Conflict
from storage.models import Notice

logger = logging.getLogger(__name__)
DEFAULT_FILE = Path(__file__).with_name("calendar_default.yaml")
SOURCE = "calendar"
SPRING_FESTIVAL = {  # 春节 (正月初一)
    2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6),
    2028: date(2028, 1, 26), 2029: date(2029, 2, 13), 2030: date(2030, 2, 3),
}


class CalendarError(DomainError):
    """The calendar file is malformed (the message names the entry and the field)."""


@dataclass(frozen=True)
class Entry:
    """One seasonal notice: when, for whom, what it says."""

    key: str
    topic: str
    start: str  # "MM-DD", or days from the Spring Festival when ``anchor`` is set
    end: str
    lead_days: int
    audience: dict[str, Any]
    category: str | None
    text_zh: str
    text_en: str | None
    anchor: str | None = None

    def window(self, year: int) -> tuple[date, date] | None:
        """The window that starts in ``year`` (None: no Spring Festival date known)."""
        if self.anchor:
            festival = SPRING_FESTIVAL.get(year)
            if festival is None:
                return None
            return (festival + timedelta(days=int(self.start)),
                    festival + timedelta(days=int(self.end)))
        start, end = _day(year, self.start), _day(year, self.end)
        return start, end if end >= start else _day(year + 1, self.end)


@dataclass(frozen=True)
class Due:
    """An entry due on a date, with the year it is for and its window."""

    entry: Entry
    year: int
    start: date
    end: date

    @property
    def source_key(self) -> str:
        """The draft's unique key: ``calendar:<key>:<year>``."""
        return f"{SOURCE}:{self.entry.key}:{self.year}"


def due_drafts(calendar: list[Entry], today: date) -> list[Due]:
    """The entries due ``today``: start − lead ≤ today ≤ end, by start date then key."""
    due = []
    for entry in calendar:
        for year in (today.year - 1, today.year, today.year + 1):
            window = entry.window(year)
            if window and window[0] - timedelta(days=entry.lead_days) <= today <= window[1]:
                due.append(Due(entry, year, *window))
    return sorted(due, key=lambda d: (d.start, d.entry.key))


async def create_drafts(uow_factory: UowFactory, calendar: list[Entry],
                        now: datetime) -> list[int]:
    """Drafts for the entries due on ``now``'s date (local time); returns the new ids."""
    created = []
    for due in due_drafts(calendar, now.date()):
        async with uow_factory() as uow:
            if await uow.notices.get_by_source_key(due.source_key) is not None:
                continue
            entry = due.entry
            try:
                row = await uow.notices.add(Notice(
                    topic=entry.topic, title=f"{entry.key} {due.year}", text_zh=entry.text_zh,
                    text_en=entry.text_en, category=entry.category, audience=entry.audience,
                    status=bc.DRAFT, source=SOURCE, source_key=due.source_key, created_at=now))
                notice_id = row.id
                await uow.commit()
            except Conflict:  # another process made it a moment ago
                continue
        logger.info("calendar draft %s: notice %s", due.source_key, notice_id)
        created.append(notice_id)
    return created


def load_calendar(path: str | Path | None = None) -> list[Entry]:
    """Reads a calendar file (the default one without ``path``).

    Raises:
        CalendarError: when the file or one of its entries is malformed.
    """
    source = Path(path) if path else DEFAULT_FILE
    try:
        doc = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise CalendarError(f"{source}: {error}") from error
    entries = [_entry(item, source) for item in doc.get("entries") or []]
    keys = [e.key for e in entries]
    if len(set(keys)) != len(keys):
        raise CalendarError(f"{source}: duplicate keys")
    return entries


def _entry(item: dict[str, Any], source: Path) -> Entry:
    """One entry from its mapping; every field checked."""
    key = str(item.get("key", "")).strip()
    try:
        window = item["window"]
        anchor = window.get("anchor")
        if anchor not in (None, "spring_festival"):
            raise ValueError(f"unknown anchor {anchor!r}")
        start, end = str(window["start"]), str(window["end"])
        if anchor:
            int(start), int(end)
        else:
            _day(2028, start), _day(2028, end)
        entry = Entry(key, str(item["topic"]), start, end, int(item.get("lead_days", 0)),
                      _audience(item.get("audience", "all")), item.get("category") or None,
                      str(item["text_zh"]).strip(), (item.get("text_en") or "").strip() or None,
                      anchor)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise CalendarError(f"{source}: entry {key or '?'}: {error!r}") from error
    if not key or not is_topic(entry.topic) or entry.lead_days < 0 or not entry.text_zh:
        raise CalendarError(f"{source}: entry {key or '?'}: needs a key, a known topic, "
                            "lead_days ≥ 0 and text_zh")
    return entry


def _audience(value: Any) -> dict[str, Any]:
    """``all`` → every subscriber; ``{category, months}`` → who reported that kind."""
    if value == "all":
        return {"kind": "all"}
    return {"kind": "category", "category": str(value["category"]),
            "months": int(value["months"])}


def _day(year: int, month_day: str) -> date:
    """``"11-15"`` in ``year``; 29 February becomes 28 in other years."""
    month, day = (int(part) for part in month_day.split("-"))
    if (month, day) == (2, 29) and not (year % 4 == 0 and (year % 100 or year % 400 == 0)):
        day = 28
    return date(year, month, day)
