"""Which digest period is due at a given time, and which stretch of time it covers.

Labels: a daily digest is named for the day it is sent (``2026-11-23``) and covers the 24
hours before its send time; a weekly one for the ISO week it reviews (``2026-W47``, sent
the Monday after); a monthly one for the month it analyses (``2026-10``, sent on the 1st
after). Times are local (``FRONTDOOR_TIMEZONE``); the returned datetimes are aware.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.digests import DAILY, KINDS, MONTHLY, WEEKLY
from domain.errors import DomainError


class BadDigest(DomainError):
    """An unknown kind or a period label that does not fit it."""

    code = "digest_usage"


@dataclass(frozen=True)
class Times:
    """When each kind is sent (local clock times) in which zone."""

    tz: ZoneInfo
    daily_at: time = time(8, 30)
    weekly_at: time = time(9, 0)
    monthly_at: time = time(9, 0)


@dataclass(frozen=True)
class Period:
    """One period of a kind: its label, when its digest is due, and what it covers."""

    kind: str
    label: str
    due_at: datetime  # the scheduled send time
    start: datetime  # the stretch it reports on, [start, end)
    end: datetime


def _at(day: date, clock: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tz)


def _next_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def _previous_month(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def daily(day: date, times: Times) -> Period:
    """The daily digest sent on ``day``: the 24 hours before its send time."""
    due = _at(day, times.daily_at, times.tz)
    return Period(DAILY, day.isoformat(), due, due - timedelta(days=1), due)


def weekly(monday: date, times: Times) -> Period:
    """The weekly review of the ISO week starting ``monday``, sent the Monday after."""
    after = monday + timedelta(days=7)
    year, week, _ = monday.isocalendar()
    return Period(WEEKLY, f"{year}-W{week:02d}", _at(after, times.weekly_at, times.tz),
                  _at(monday, time(), times.tz), _at(after, time(), times.tz))


def monthly(first: date, times: Times) -> Period:
    """The monthly analysis of the month starting ``first``, sent on the 1st after."""
    after = _next_month(first)
    return Period(MONTHLY, f"{first:%Y-%m}", _at(after, times.monthly_at, times.tz),
                  _at(first, time(), times.tz), _at(after, time(), times.tz))


def latest_due(kind: str, now: datetime, times: Times) -> Period:
    """The newest period of ``kind`` whose send time is at or before ``now``."""
    today = now.astimezone(times.tz).date()
    if kind == DAILY:
        found = daily(today, times)
        return found if found.due_at <= now else daily(today - timedelta(days=1), times)
    if kind == WEEKLY:
        monday = today - timedelta(days=today.weekday() + 7)
        found = weekly(monday, times)
        return found if found.due_at <= now else weekly(monday - timedelta(days=7), times)
    if kind == MONTHLY:
        first = _previous_month(today.replace(day=1))
        found = monthly(first, times)
        return found if found.due_at <= now else monthly(_previous_month(first), times)
    raise BadDigest(kind)


def latest_ended(kind: str, now: datetime, times: Times) -> Period:
    """The newest period of ``kind`` that has ended: what staff mean when they ask.

    On Monday at 08:00 that is last week, though its digest is due only at 09:00.

    The daily digest covers the 24 hours before its send time: the latest due one.
    """
    today = now.astimezone(times.tz).date()
    if kind == WEEKLY:
        return weekly(today - timedelta(days=today.weekday() + 7), times)
    if kind == MONTHLY:
        return monthly(_previous_month(today.replace(day=1)), times)
    return latest_due(kind, now, times)


def parse(kind: str, label: str | None, now: datetime, times: Times) -> Period:
    """``label`` (``2026-11-23``, ``2026-W47``, ``2026-10``) of ``kind``.

    None: the newest period that has ended (``latest_ended``).
    """
    if kind not in KINDS:
        raise BadDigest(kind)
    if not label:
        return latest_ended(kind, now, times)
    try:
        if kind == DAILY:
            return daily(date.fromisoformat(label), times)
        if kind == WEEKLY:
            year, week = label.upper().split("-W")
            return weekly(date.fromisocalendar(int(year), int(week), 1), times)
        year, month = label.split("-")
        return monthly(date(int(year), int(month), 1), times)
    except ValueError as error:
        raise BadDigest(label) from error


def previous(period: Period, times: Times) -> Period:
    """The period of the same kind just before ``period`` (for "against last week")."""
    day = period.start.astimezone(times.tz).date()
    if period.kind == DAILY:
        return daily(date.fromisoformat(period.label) - timedelta(days=1), times)
    if period.kind == WEEKLY:
        return weekly(day - timedelta(days=7), times)
    return monthly(_previous_month(day), times)
