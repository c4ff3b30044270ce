"""How the web pages write times, states and problem names."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.texts import text
from nlu.problem_types import load_problem_types


def when(value: datetime | None, tz: ZoneInfo, now: datetime) -> str:
    """A local time: ``12-06 14:05``, with the year when it is not this year; or a dash."""
    if value is None:
        return "—"
    local = value.astimezone(tz)
    return local.strftime("%m-%d %H:%M" if local.year == now.astimezone(tz).year
                          else "%Y-%m-%d %H:%M")


def state_name(lang: str, state: str) -> str:
    """A ticket state (or the list's open/overdue) in words."""
    if state in ("open", "overdue"):
        return text(lang, f"web_state_{state}")
    return text(lang, f"staff_state_{state}")


def problem_name(lang: str, problem_type: str | None, category: str | None) -> str:
    """The plain problem name, else the category's last level."""
    if problem_type:
        try:
            return load_problem_types().get(problem_type).name(lang)
        except KeyError:
            pass
    return (category or "—").split("/")[-1]
