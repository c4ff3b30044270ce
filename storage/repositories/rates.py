"""Counts behind the three rates, grouped in SQL by category, building and worker.

No rule lives here: ``domain.rates`` owns the formulas. One statement scans the tickets
opened in a period (excluded ones left out); each ticket row carries its survey summary
(``tickets.kpi_*``, kept exact by ``storage.repositories.ticket_kpi``), so no join.
Whether an unanswered ticket has missed its response deadline depends on when the report is
made: the caller passes that ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StaffMember, Ticket


@dataclass(frozen=True)
class RateCounts:
    """The counts of one (category, building, worker) group."""

    category: str
    building: str | None
    assignee_id: int | None
    tickets: int
    due_response: int
    responded_in_time: int
    answered_tickets: int
    solved_tickets: int
    satisfied: int
    basic: int
    dissatisfied: int
    no_answer: int
    uncertain: int
    # not answered by staff and still within the response time at the report's ``now``:
    # neither in ``due_response`` nor in ``responded_in_time``
    pending_response: int = 0


@dataclass(frozen=True)
class Excluded:
    """A ticket left out of the rates, with the recorded reason."""

    code: str
    category: str
    reason: str | None
    excluded_by: str | None


def _n(condition) -> object:
    return func.sum(case((condition, 1), else_=0))


def count_columns(now: datetime, due=None, answered=None, summary=None) -> list:
    """The aggregates behind ``RateCounts.tickets`` … ``pending_response``, in that order.

    A ticket is due for the response rate once staff answered it or its deadline passed
    before ``now``; unanswered with ``respond_due_at >= now``, it is pending. ``due`` and
    ``answered`` default to the ticket's own clock (a work order passes its own);
    ``summary`` is where the survey summary ``kpi_*`` is read (default: ``tickets``).
    """
    t = Ticket if summary is None else summary
    due = Ticket.respond_due_at if due is None else due
    answered = Ticket.first_response_at if answered is None else answered
    return [
        func.count(),
        _n(and_(due.is_not(None), or_(answered.is_not(None), due < now))),
        _n(and_(answered.is_not(None), answered <= due)),
        _n(t.kpi_answers > 0),
        _n(and_(t.kpi_answers > 0, t.kpi_confirmed == t.kpi_answers)),
        func.sum(t.kpi_satisfied), func.sum(t.kpi_basic), func.sum(t.kpi_dissatisfied),
        func.sum(t.kpi_no_answer), func.sum(t.kpi_uncertain),
        _n(and_(due.is_not(None), answered.is_(None), due >= now)),
    ]


class RateQueries:
    """Read-only queries for the rates report."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def counts(self, start: datetime, end: datetime, now: datetime) -> list[RateCounts]:
        """Counts per (category, building, assignee) of tickets opened in ``[start, end)``.

        Excluded tickets are left out here and listed by ``excluded``. ``now`` is the time of
        the report (see ``count_columns``).
        """
        t = Ticket
        stmt = (
            select(t.category_level1, t.building, t.assignee_id, *count_columns(now))
            .where(t.created_at >= start, t.created_at < end, t.excluded_from_kpi == false())
            .group_by(t.category_level1, t.building, t.assignee_id)
        )
        rows = await self.session.execute(stmt)
        return [RateCounts(r[0], r[1], r[2], *(int(v or 0) for v in r[3:])) for r in rows]

    async def excluded(self, start: datetime, end: datetime) -> list[Excluded]:
        """Tickets opened in ``[start, end)`` and excluded from the rates, with reasons."""
        stmt = (
            select(Ticket.code, Ticket.category_level1, Ticket.exclusion_reason,
                   StaffMember.display_name)
            .outerjoin(StaffMember, StaffMember.id == Ticket.excluded_by)
            .where(Ticket.created_at >= start, Ticket.created_at < end,
                   Ticket.excluded_from_kpi.is_(True))
            .order_by(Ticket.created_at, Ticket.id)
        )
        return [Excluded(*row) for row in await self.session.execute(stmt)]

    async def worker_names(self) -> dict[int, str]:
        """Staff id -> display name."""
        rows = await self.session.execute(select(StaffMember.id, StaffMember.display_name))
        return dict(rows.all())
