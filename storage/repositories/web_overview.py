"""Counts behind the web overview: today's tickets, the rates' totals, orders sent back.

No rule lives here: ``domain.web.overview`` says which periods and whose tickets; what is
open and overdue is ``storage.repositories.digest_queries``' (the daily digest's) and the
rates' aggregates are ``storage.repositories.rates.count_columns``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Ticket
from storage.models.units import Unit, WorkOrder
from storage.repositories.digest_queries import OPEN, overdue_at
from storage.repositories.rates import RateCounts, count_columns
from storage.repositories.web_scope import belongs


@dataclass(frozen=True)
class TodayCounts:
    """Opened since the start of the day; open, overdue and open emergencies now."""

    new: int
    open: int
    overdue: int
    emergency: int


@dataclass(frozen=True)
class SentBack:
    """A work order sent back (退单), waiting for the dispatcher's decision."""

    code: str
    unit_name: str
    reason: str | None
    dispatched_at: datetime


def _n(condition) -> object:
    return func.sum(case((condition, 1), else_=0))


class WebOverviewQueries:
    """Read-only queries for the overview page."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def today(self, day_start: datetime, now: datetime,
                    unit_ids: Collection[int] | None) -> TodayCounts:
        """Today's new tickets and the open, overdue and open emergency ones at ``now``."""
        t, is_open = Ticket, Ticket.status.in_(OPEN)
        stmt = (select(_n(t.created_at >= day_start), _n(is_open), _n(overdue_at(now)),
                       _n(and_(is_open, t.urgency == "emergency")))
                .where(or_(t.created_at >= day_start, is_open), belongs(unit_ids)))
        row = (await self.session.execute(stmt)).one()
        return TodayCounts(*(int(v or 0) for v in row))

    async def rate_totals(self, periods: list[tuple[datetime, datetime]],
                          now: datetime) -> list[RateCounts]:
        """The street's rate counts of tickets opened in each period (one group each).

        Excluded tickets left out, as ``RateQueries.counts`` does. One statement a period:
        each is an index-only scan of ``ix_tickets_created_at`` on PostgreSQL (0012p).
        """
        t, found = Ticket, []
        for start, end in periods:
            stmt = select(*count_columns(now)).where(
                t.created_at >= start, t.created_at < end, t.excluded_from_kpi == false())
            row = (await self.session.execute(stmt)).one()
            found.append(RateCounts("", None, None, *(int(v or 0) for v in row)))
        return found

    async def sent_back(self, unit_ids: Collection[int] | None, limit: int = 10,
                        most: int = 100) -> tuple[int, list[SentBack]]:
        """Orders sent back, not decided yet, of the viewer's tickets: how many, the oldest.

        Counted up to ``most + 1`` (more than ``most``: the page says "over ``most``").
        """
        o, t = aliased(WorkOrder), Ticket  # apart from the orders ``belongs`` reads
        where = (o.status == "returned", belongs(unit_ids))
        some = select(o.id).join(t, t.id == o.ticket_id).where(*where).limit(most + 1)
        total = await self.session.scalar(select(func.count()).select_from(some.subquery()))
        stmt = (select(t.code, Unit.name, o.returned_reason, o.dispatched_at)
                .select_from(o).join(t, t.id == o.ticket_id).join(Unit, Unit.id == o.unit_id)
                .where(*where).order_by(o.dispatched_at, o.id).limit(limit))
        return int(total or 0), [SentBack(*row) for row in await self.session.execute(stmt)]
