"""The three rates (三率) and how they are computed from the counts ``storage`` groups.

- response rate = tickets first answered by staff by their response deadline
  / tickets with a response deadline that staff answered or that passed before the
  report's ``now``; a ticket not yet answered and still within its response time is
  neither a hit nor a miss, only counted apart (``pending_response``);
- resolution rate = tickets whose residents' latest answered callback confirms it solved
  (round 1 "solved", round 2 "it has not come back"; with followers, every one of them)
  / tickets with at least one answered callback;
- satisfaction rate = (satisfied + w · basically satisfied) / satisfaction answers
  (each resident's latest answered round), w = ``FRONTDOOR_KPI_BASIC_WEIGHT``.

Tickets opened in the period are counted; excluded tickets are listed with their reasons;
expired (no answer) and uncertain surveys are their own figures, never satisfied.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.errors import DomainError
from domain.ports import UowFactory
from domain.privacy import for_staff
from domain.staff.roster import member
from storage.repositories.rates import Excluded, RateCounts

SUMMED = [f.name for f in fields(RateCounts)][3:]
DIMENSIONS: dict[str, Callable[[RateCounts], object]] = {
    "total": lambda c: "",
    "category": lambda c: c.category,
    "building": lambda c: c.building or "—",
    "worker": lambda c: c.assignee_id,
}


class BadPeriod(DomainError):
    """A period that is neither YYYY-MM nor YYYY-Www."""

    code = "staff_kpi_usage"


@dataclass(frozen=True)
class Line:
    """One row of the report: a group's rates and the figures behind them."""

    dimension: str
    key: str
    tickets: int
    response_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None
    answered: int
    no_answer: int
    uncertain: int
    pending_response: int = 0  # unanswered, still within the response time: not in the rate


@dataclass(frozen=True)
class Report:
    """The rates by total, category, building and worker, and the excluded tickets."""

    start: datetime
    end: datetime
    weight: float
    lines: list[Line]
    excluded: list[Excluded]


def natural_key(value: str) -> tuple:
    """Sorts ``2`` before ``10`` (buildings, units): numbers by value, the rest as text."""
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t)
                 for t in re.split(r"(\d+)", value) if t)


def ratio(part: float, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to divide."""
    return part / whole if whole else None


def line_of(dimension: str, key: str, c: dict[str, int], weight: float) -> Line:
    """The rates of one group from its summed counts."""
    answers = c["satisfied"] + c["basic"] + c["dissatisfied"]
    return Line(dimension, key, c["tickets"],
                ratio(c["responded_in_time"], c["due_response"]),
                ratio(c["solved_tickets"], c["answered_tickets"]),
                ratio(c["satisfied"] + weight * c["basic"], answers),
                c["answered_tickets"], c["no_answer"], c["uncertain"], c["pending_response"])


def rollup(counts: Iterable[RateCounts], weight: float,
           names: dict[int, str] | None = None) -> list[Line]:
    """Sums the SQL groups per dimension and applies the formulas."""
    names, counts = names or {}, list(counts)
    lines = []
    for dimension, key_of in DIMENSIONS.items():
        sums: dict[object, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SUMMED, 0))
        for c in counts:
            bucket = sums[key_of(c)]
            for name in SUMMED:
                bucket[name] += getattr(c, name)
        if dimension == "total" and not counts:
            sums[""]  # noqa: B018 - an empty total line
        for key in sorted(sums, key=lambda k: (k is None, natural_key(str(k)))):
            label = (names.get(key, str(key)) if key is not None else "—") \
                if dimension == "worker" else str(key)
            lines.append(line_of(dimension, label, sums[key], weight))
    return lines


def period(value: str | None, tz: ZoneInfo, today: date) -> tuple[datetime, datetime]:
    """``2026-11`` (a month), ``2026-W47`` (an ISO week) or None (this month) as [start, end)."""
    try:
        if not value:
            first = today.replace(day=1)
        elif "-W" in value.upper():
            year, week = value.upper().split("-W")
            first = date.fromisocalendar(int(year), int(week), 1)
            return _span(first, first + timedelta(days=7), tz)
        else:
            year, month = value.split("-")
            first = date(int(year), int(month), 1)
    except ValueError as error:
        raise BadPeriod(str(value)) from error
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return _span(first, following, tz)


def _span(first: date, end: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return datetime.combine(first, time(), tz), datetime.combine(end, time(), tz)


async def report(uow_factory: UowFactory, start: datetime, end: datetime, *, now: datetime,
                 weight: float = 0.8, asked_by: int | None = None) -> Report:
    """The three rates for tickets opened in ``[start, end)``, as they stand at ``now``.

    ``now`` decides which unanswered tickets have missed their response deadline (the others
    are pending). ``asked_by`` is the Telegram id of whoever asked in the chat: only active
    staff may see the rates (``NotStaff`` otherwise). The command line, run by an operator,
    passes None.
    """
    async with uow_factory() as uow:
        if asked_by is not None:
            await member(uow, asked_by)
        counts = await uow.rates.counts(start, end, now)
        names = await uow.rates.worker_names()
        excluded = [replace(e, reason=for_staff(e.reason))  # staff may quote the resident
                    for e in await uow.rates.excluded(start, end)]
    return Report(start, end, weight, rollup(counts, weight, names), excluded)
