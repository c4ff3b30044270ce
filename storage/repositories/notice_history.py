"""Ticket counts behind 每月一题 and the effect of a notice: by month, category, building.

No rule lives here (``domain.notices.proposal`` and ``domain.notices.effect`` own them).
Months are given as their boundaries, computed in the office's time zone by the caller;
a ticket's month is found with a ``CASE`` over them, as in ``storage.repositories.analysis``,
so the same statement runs on SQLite and PostgreSQL. Excluded tickets count: they were
asked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ticket


def under(category: str) -> ColumnElement[bool]:
    """Tickets of ``category`` or any path below it (``城乡建设`` covers its leaves)."""
    return or_(Ticket.category == category, Ticket.category.like(f"{category}/%"))


class NoticeHistoryQueries:
    """Read-only queries over stored tickets for seasonal notices."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def monthly_counts(self, bounds: Sequence[datetime]) -> dict[str, list[int]]:
        """Tickets per full category path and month: ``[bounds[i], bounds[i+1])`` is month i."""
        t = Ticket
        month = case(*((t.created_at < end, i) for i, end in enumerate(bounds[1:])))
        stmt = (
            select(t.category, month.label("month"), func.count())
            .where(t.created_at >= bounds[0], t.created_at < bounds[-1])
            .group_by(t.category, month)
        )
        counts: dict[str, list[int]] = defaultdict(lambda: [0] * (len(bounds) - 1))
        for category, index, n in await self.session.execute(stmt):
            counts[category][int(index)] += int(n)
        return dict(counts)

    async def by_building(self, category: str,
                          ranges: Sequence[tuple[datetime, datetime]]) -> dict[str, int]:
        """Tickets of ``category`` (and below) per building, opened in any of ``ranges``.

        Tickets without a building are left out.
        """
        t = Ticket
        when = or_(*((t.created_at >= start) & (t.created_at < end) for start, end in ranges))
        stmt = (
            select(t.building, func.count())
            .where(under(category), when, t.building.is_not(None))
            .group_by(t.building)
        )
        return {str(b): int(n) for b, n in await self.session.execute(stmt)}

    async def buildings(self, start: datetime, end: datetime) -> set[str]:
        """Every building with a ticket of any kind opened in ``[start, end)``."""
        stmt = (select(Ticket.building).distinct()
                .where(Ticket.created_at >= start, Ticket.created_at < end,
                       Ticket.building.is_not(None)))
        return {str(b) for b in await self.session.scalars(stmt)}
