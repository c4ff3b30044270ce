"""When tickets arrive: a window of months, busier seasons and weekdays, daytime hours."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import accumulate

from domain.demo.seasons import Kind, month_volume

# Relative volume per local hour (0..23): quiet at night, peaks mid-morning and evening.
HOURS = (1, 0.5, 0.3, 0.3, 0.4, 1, 3, 6, 9, 10, 9, 7, 5, 6, 7, 7, 6, 6, 7, 8, 7, 5, 3, 2)
WEEKEND = 0.8
GROWTH = 0.3  # the last day is this much busier than the first (more residents use the bot)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's length)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def window(until: date, months: int, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) in UTC: ``months`` months up to the start of the ``until`` day (local)."""
    start = datetime.combine(months_before(until, months), time(), tz)
    end = datetime.combine(until, time(), tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def arrivals(rng: random.Random, count: int, start: datetime, end: datetime, tz: tzinfo,
             kinds: tuple[Kind, ...]) -> list[datetime]:
    """``count`` opening times in [start, end), sorted, following the seasons."""
    first = start.astimezone(tz).date()
    days = [first + timedelta(days=i) for i in range((end - start).days + 1)]
    days = [d for d in days if datetime.combine(d, time(), tz) < end]
    volume = {m: month_volume(m, kinds) for m in range(1, 13)}
    span = max(len(days) - 1, 1)
    weights = [volume[d.month] * (WEEKEND if d.weekday() >= 5 else 1.0) * (1 + GROWTH * i / span)
               for i, d in enumerate(days)]
    picked = rng.choices(days, cum_weights=list(accumulate(weights)), k=count)
    hours = rng.choices(range(24), weights=HOURS, k=count)
    times = []
    for day, hour in zip(picked, hours, strict=True):
        local = datetime.combine(day, time(hour), tz) + timedelta(seconds=rng.randrange(3600))
        times.append(min(max(local.astimezone(UTC), start), end - timedelta(seconds=1)))
    return sorted(times)
