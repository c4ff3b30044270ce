"""Read-only queries behind the daily and weekly digests (which tickets, how many).

No rule lives here: ``domain.digests`` decides what each digest says. Every list comes
with its total, so a digest can show the first few and say how many there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ticket, TicketEvent

OPEN = ("new", "claimed", "reopened")


@dataclass(frozen=True)
class Page:
    """The first ``limit`` tickets of a list, and how many the whole list has."""

    total: int
    tickets: list[Ticket]


@dataclass(frozen=True)
class WorkerCounts:
    """One assignee's tickets: open now, resolved in the period, overdue now."""

    assignee_id: int | None
    open: int
    closed: int
    overdue: int


def _past(column, at: datetime) -> ColumnElement[bool]:
    return and_(column.is_not(None), column <= at)


def overdue_at(at: datetime) -> ColumnElement[bool]:
    """An open ticket past its resolution deadline, or unanswered past its response one."""
    t = Ticket
    return and_(t.status.in_(OPEN), or_(_past(t.resolve_due_at, at),
                                        and_(t.first_response_at.is_(None),
                                             _past(t.respond_due_at, at))))


def _in(column, start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(column.is_not(None), column > start, column <= end)


class DigestQueries:
    """Tickets by what happened to them in a stretch of time."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _page(self, where: Sequence[ColumnElement[bool]], order, limit: int) -> Page:
        total = await self.session.scalar(select(func.count()).select_from(Ticket).where(*where))
        stmt = select(Ticket).where(*where).order_by(*order, Ticket.id).limit(limit)
        return Page(int(total or 0), list(await self.session.scalars(stmt)))

    async def created(self, start: datetime, end: datetime, *, emergency: bool = False,
                      limit: int = 50) -> Page:
        """Tickets opened in ``[start, end)`` (only emergencies with ``emergency``).

        The most urgent first (emergency, then urgent), then the oldest.
        """
        where = [Ticket.created_at >= start, Ticket.created_at < end]
        if emergency:
            where.append(Ticket.urgency == "emergency")
        urgency = case((Ticket.urgency == "emergency", 0), (Ticket.urgency == "urgent", 1),
                       else_=2)
        return await self._page(where, [urgency, Ticket.created_at], limit)

    async def finished(self, start: datetime, end: datetime, limit: int = 50) -> Page:
        """Tickets resolved or closed in ``[start, end)``."""
        t = Ticket
        where = [or_(and_(t.resolved_at >= start, t.resolved_at < end),
                     and_(t.closed_at >= start, t.closed_at < end))]
        return await self._page(where, [func.coalesce(t.resolved_at, t.closed_at)], limit)

    async def overdue(self, at: datetime, limit: int = 50) -> Page:
        """Open tickets past a deadline at ``at``, the longest overdue first."""
        t = Ticket
        missed = case((and_(t.first_response_at.is_(None), t.respond_due_at.is_not(None)),
                       t.respond_due_at), else_=t.resolve_due_at)
        return await self._page([overdue_at(at)], [missed], limit)

    async def due_between(self, start: datetime, end: datetime, limit: int = 50) -> Page:
        """Open tickets not overdue at ``start`` whose deadline falls in ``(start, end]``."""
        t = Ticket
        where = [t.status.in_(OPEN), ~overdue_at(start),
                 or_(_in(t.resolve_due_at, start, end),
                     and_(t.first_response_at.is_(None), _in(t.respond_due_at, start, end)))]
        return await self._page(where, [t.resolve_due_at], limit)

    async def reopened(self, start: datetime, end: datetime, limit: int = 50) -> Page:
        """Tickets reopened (by a resident's answer or by staff) in ``[start, end)``."""
        ids = select(TicketEvent.ticket_id).where(
            TicketEvent.kind == "reopened", TicketEvent.at >= start, TicketEvent.at < end)
        return await self._page([Ticket.id.in_(ids)], [Ticket.created_at], limit)

    async def open_before(self, before: datetime, limit: int = 50) -> Page:
        """Tickets still open that were opened before ``before``, oldest first."""
        where = [Ticket.status.in_(OPEN), Ticket.created_at < before]
        return await self._page(where, [Ticket.created_at], limit)

    async def unhappy(self, start: datetime, end: datetime, limit: int = 200) -> list[Ticket]:
        """Tickets opened in ``[start, end)`` that pull the rates down, as the rates count them.

        Not excluded, and by their residents' latest answered rounds (``tickets.kpi_*``):
        not every one confirms it solved, or one is dissatisfied. Oldest first.
        """
        t = Ticket
        stmt = (select(t)
                .where(t.created_at >= start, t.created_at < end, t.excluded_from_kpi == false(),
                       or_(and_(t.kpi_answers > 0, t.kpi_confirmed < t.kpi_answers),
                           t.kpi_dissatisfied > 0))
                .order_by(t.created_at, t.id).limit(limit))
        return list(await self.session.scalars(stmt))

    async def per_worker(self, start: datetime, end: datetime, at: datetime) -> list[WorkerCounts]:
        """Per assignee: open at ``at``, resolved in ``[start, end)``, overdue at ``at``."""
        t = Ticket

        def n(condition) -> object:
            return func.sum(case((condition, 1), else_=0))

        closed = and_(t.resolved_at >= start, t.resolved_at < end)
        stmt = (select(t.assignee_id, n(t.status.in_(OPEN)), n(closed), n(overdue_at(at)))
                .where(t.assignee_id.is_not(None), or_(t.status.in_(OPEN), closed))
                .group_by(t.assignee_id))
        rows = await self.session.execute(stmt)
        return [WorkerCounts(r[0], int(r[1] or 0), int(r[2] or 0), int(r[3] or 0)) for r in rows]

    async def by_category(self, start: datetime, end: datetime) -> dict[str, int]:
        """Tickets opened in ``[start, end)`` per first-level category."""
        stmt = (select(Ticket.category_level1, func.count())
                .where(Ticket.created_at >= start, Ticket.created_at < end)
                .group_by(Ticket.category_level1))
        return {name: int(n) for name, n in await self.session.execute(stmt)}
