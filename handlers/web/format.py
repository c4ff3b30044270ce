"""How the web pages write times, states and problem names."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import dates
from handlers.intake.card import type_name
from handlers.texts import text


def when(value: datetime | None, tz: ZoneInfo, now: datetime) -> str:
    """``handlers.dates.when`` (local, the year only when not this year), or a dash."""
    return "—" if value is None else dates.when(value, tz, now)


def state_name(lang: str, state: str) -> str:
    """A ticket state (or the list's open/overdue) in words."""
    if state in ("open", "overdue"):
        return text(lang, f"web_state_{state}")
    return text(lang, f"staff_state_{state}")


def problem_name(lang: str, problem_type: str | None, category: str | None) -> str:
    """The plain problem name (``type_name``), else the category's last level."""
    return type_name(problem_type, lang) or (category or "—").split("/")[-1]
