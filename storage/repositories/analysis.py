"""Counts behind the monthly analysis (月分析), grouped in SQL by month, category and building.

No rule lives here: ``domain.analysis`` shapes the figures and ``domain.rates`` owns the
formulas. Months are given as their boundaries (computed in the office's time zone by the
caller) and a ticket's month is found with a ``CASE`` over them, so the same statement runs
on SQLite and PostgreSQL and agrees to the second with ``RateQueries.counts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ticket
from storage.repositories.rates import RateCounts, count_columns


@dataclass(frozen=True)
class MonthCounts:
    """One (month, first-level category, excluded or not) group of tickets opened.

    ``month`` indexes the boundaries given: tickets opened in ``[bounds[i], bounds[i+1])``.
    ``counts`` has no building or worker (``None``): the group spans them all.
    """

    month: int
    excluded: bool
    counts: RateCounts


@dataclass(frozen=True)
class HotSpot:
    """The same category again and again in one building within a period."""

    building: str
    category: str
    category_level1: str
    tickets: int


class AnalysisQueries:
    """Read-only queries for the monthly analysis."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_month(self, bounds: list[datetime], now: datetime) -> list[MonthCounts]:
        """The rate counts per month and first-level category, in one scan.

        Excluded tickets form their own groups (``excluded=True``): they count as requests
        received but ``domain.rates`` must leave them out of the rates. ``now`` is the time
        of the report (``RateQueries.counts``).
        """
        t = Ticket
        month = case(*((t.created_at < end, i) for i, end in enumerate(bounds[1:])))
        stmt = (
            select(month.label("month"), t.category_level1, t.excluded_from_kpi,
                   *count_columns(now))
            .where(t.created_at >= bounds[0], t.created_at < bounds[-1])
            .group_by(month, t.category_level1, t.excluded_from_kpi)
        )
        rows = await self.session.execute(stmt)
        return [MonthCounts(int(r[0]), bool(r[2]),
                            RateCounts(r[1], None, None, *(int(v or 0) for v in r[3:])))
                for r in rows]

    async def hot_spots(self, start: datetime, end: datetime, minimum: int) -> list[HotSpot]:
        """Buildings with at least ``minimum`` tickets of one category opened in ``[start, end)``.

        The category is the full taxonomy path (the class of problem); tickets without a
        building are left out. Most tickets first.
        """
        t = Ticket
        n = func.count().label("n")
        stmt = (
            select(t.building, t.category, t.category_level1, n)
            .where(t.created_at >= start, t.created_at < end, t.building.is_not(None))
            .group_by(t.building, t.category, t.category_level1)
            .having(func.count() >= minimum)
            .order_by(n.desc(), t.building, t.category)
        )
        return [HotSpot(*row) for row in await self.session.execute(stmt)]
