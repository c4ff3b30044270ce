"""Dates and times as staff read them: short this year, with the year otherwise."""

from __future__ import annotations

from datetime import date, datetime, tzinfo


def when(moment: datetime, tz: tzinfo, now: datetime) -> str:
    """``12-06 13:37`` in ``now``'s year, ``2025-01-22 13:37`` in any other (local time)."""
    local = moment.astimezone(tz)
    return local.strftime("%m-%d %H:%M" if local.year == now.astimezone(tz).year
                          else "%Y-%m-%d %H:%M")


def day(value: date, today: date) -> str:
    """``12-06`` in ``today``'s year, ``2025-12-06`` in any other."""
    return value.strftime("%m-%d" if value.year == today.year else "%Y-%m-%d")
