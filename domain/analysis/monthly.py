"""``monthly``: one month's analysis — what residents asked for, how well it went, where.

Requests received are all tickets opened in the month (excluded ones included: they were
asked for); the rates leave the excluded out and list them with reasons, as
``domain.rates`` does. Hot spots count the full category path (the class of problem) per
building. Every rate comes from ``domain.rates``: ``report`` for the month, ``rollup`` of
the month-by-month counts for the 12-month trend; the ranking of units is
``domain.unit_rates.ranking`` for the month with last month beside (what ``/kpi`` shows).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from domain import rates
from domain.analysis import months
from domain.ports import UowFactory
from domain.unit_rates import UnitLine, previous_period, ranking
from storage.repositories.analysis import HotSpot, MonthCounts
from storage.repositories.rates import Excluded

TOP = 10
HOT_SPOT_MINIMUM = 3
TREND_MONTHS = 12


@dataclass(frozen=True)
class CategoryCount:
    """Requests of one first-level category: this month, last month, a year ago."""

    category: str
    tickets: int
    previous: int
    last_year: int

    @property
    def change(self) -> int:
        """Against last month."""
        return self.tickets - self.previous

    @property
    def change_last_year(self) -> int:
        """Against the same month last year."""
        return self.tickets - self.last_year


@dataclass(frozen=True)
class MonthlyAnalysis:
    """Everything the monthly report, digest and charts show."""

    month: str
    start: datetime
    end: datetime
    total: CategoryCount  # all categories; ``category`` is ""
    top: list[CategoryCount]  # most requested first, at most 10
    rates: rates.Report  # lines by total, category, building and worker; excluded
    hot_spots: list[HotSpot]
    months: list[str]  # the 12 months of the series, oldest first, ending with ``month``
    volume: dict[str, list[int]]  # category -> requests per month of ``months``
    trend: list[rates.Line]  # the total rates per month of ``months``
    until: datetime | None = None  # the month is still running: counted up to here
    ranking: tuple[UnitLine, ...] = ()  # every unit ranked (``domain.unit_rates``), last month

    @property
    def days(self) -> int:
        """Calendar days covered: the whole month, or the 1st up to ``until``'s day."""
        tz = self.start.tzinfo
        last = (self.until if self.until is not None else self.end - timedelta(seconds=1))
        return (last.astimezone(tz).date() - self.start.astimezone(tz).date()).days + 1

    @property
    def excluded(self) -> list[Excluded]:
        """Tickets left out of the rates, with reasons."""
        return self.rates.excluded

    @property
    def total_rates(self) -> rates.Line:
        """The month's total line, with its no-answer and uncertain figures."""
        return next(line for line in self.rates.lines if line.dimension == "total")


async def monthly(uow_factory: UowFactory, month: str, tz: ZoneInfo, weight: float = 0.8,
                  *, now: datetime, hot_spot_minimum: int = HOT_SPOT_MINIMUM) -> MonthlyAnalysis:
    """The analysis of ``month`` (``2026-10``) in time zone ``tz``; ``BadMonth`` if malformed.

    ``now`` is when the analysis is made (``domain.rates.report``). A month still running at
    ``now`` is partial: it is compared with the same stretch (the same days and hours from
    the 1st) of last month and of the same month last year, not with whole months.
    """
    labels, bounds = months.window(month, tz, back=TREND_MONTHS)
    start, end = bounds[-2], bounds[-1]
    until = now if start < now < end else None
    async with uow_factory() as uow:
        grouped = await uow.analysis.by_month(bounds, now)
        spots = await uow.analysis.hot_spots(start, end, hot_spot_minimum)
        same_days = None
        if until is not None:  # the same stretch of last month and of last year
            elapsed = until - start
            same_days = [await uow.digest_queries.by_category(b, b + elapsed)
                         for b in (bounds[-3], bounds[0])]
    report = await rates.report(uow_factory, start, end, now=now, weight=weight)
    ranked = await ranking(uow_factory, start, end, previous_period(start, end), now=now,
                           weight=weight)
    volume = _volume(grouped, len(labels))
    this, previous, year_ago = len(labels) - 1, len(labels) - 2, 0
    if same_days is None:
        counts = [CategoryCount(c, v[this], v[previous], v[year_ago]) for c, v in volume.items()]
    else:  # the chart keeps whole months; the comparison takes the same days
        counts = [CategoryCount(c, volume[c][this] if c in volume else 0, same_days[0].get(c, 0),
                                same_days[1].get(c, 0))
                  for c in {*volume, *same_days[0], *same_days[1]}]
    top = sorted((c for c in counts if c.tickets), key=lambda c: (-c.tickets, c.category))
    total = CategoryCount("", sum(c.tickets for c in counts), sum(c.previous for c in counts),
                          sum(c.last_year for c in counts))
    trend = [_month_total(grouped, i, weight) for i in range(1, len(labels))]
    series = {c: v[1:] for c, v in sorted(volume.items(), key=lambda kv: (-sum(kv[1][1:]), kv[0]))
              if any(v[1:])}
    return MonthlyAnalysis(month=labels[-1], start=start, end=end, total=total,
                           top=top[:TOP], rates=report, hot_spots=spots,
                           months=labels[1:], volume=series, trend=trend, until=until,
                           ranking=tuple(ranked.lines))


def _volume(grouped: list[MonthCounts], n: int) -> dict[str, list[int]]:
    """Requests per category and month, excluded tickets included."""
    volume: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    for g in grouped:
        volume[g.counts.category][g.month] += g.counts.tickets
    return dict(volume)


def _month_total(grouped: list[MonthCounts], month: int, weight: float) -> rates.Line:
    """The total rates of one month, by ``domain.rates``' formulas."""
    counted = [g.counts for g in grouped if g.month == month and not g.excluded]
    return next(line for line in rates.rollup(counted, weight) if line.dimension == "total")
