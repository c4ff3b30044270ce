"""The web view's ticket queries: a filtered list paged by key, and one ticket's story."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select

from storage.models import (
    Attachment,
    StaffMember,
    Survey,
    Ticket,
    TicketEvent,
    Unit,
    WorkOrder,
)
from storage.repositories.digest_queries import overdue_at
from storage.repositories.tickets import held_by

ALL_ORDER_STATES = ("open", "claimed", "done", "returned", "cancelled")


@dataclass(frozen=True)
class Where:
    """The list's filters as the database sees them (None: not filtered)."""

    statuses: Sequence[str] | None = None
    overdue_at: datetime | None = None  # open and past a deadline at this moment
    problem_type: str | None = None
    buildings: Sequence[str] | None = None  # the building's spellings
    unit_id: int | None = None
    worker_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    urgency: str | None = None
    reopened: bool = False
    excluded: bool = False
    visible_units: frozenset[int] | None = None  # the viewer's units; None: everything


@dataclass(frozen=True)
class Row:
    """One line of the list."""

    id: int
    code: str
    created_at: datetime
    status: str
    urgency: str
    category: str
    problem_type: str | None
    building: str | None
    unit_name: str | None
    worker_name: str | None
    respond_due_at: datetime | None
    resolve_due_at: datetime | None
    first_response_at: datetime | None
    reopened_count: int
    excluded: bool
    overdue: bool  # ``overdue_at`` at the moment of the query


def _conditions(where: Where) -> list[Any]:
    found: list[Any] = []
    if where.visible_units is not None:
        found.append(held_by(list(where.visible_units), ALL_ORDER_STATES))
    if where.statuses is not None:
        found.append(Ticket.status.in_(list(where.statuses)))
    if where.overdue_at is not None:  # the digests' and the overview's rule
        found.append(overdue_at(where.overdue_at))
    if where.problem_type:
        found.append(Ticket.problem_type == where.problem_type)
    if where.buildings:
        found.append(Ticket.building.in_(list(where.buildings)))
    if where.unit_id is not None:
        found.append(held_by([where.unit_id], ALL_ORDER_STATES))
    if where.worker_id is not None:
        orders = select(WorkOrder.ticket_id).where(WorkOrder.assignee_id == where.worker_id)
        found.append(or_(Ticket.assignee_id == where.worker_id, Ticket.id.in_(orders)))
    if where.since is not None:
        found.append(Ticket.created_at >= where.since)
    if where.until is not None:
        found.append(Ticket.created_at < where.until)
    if where.urgency:
        found.append(Ticket.urgency == where.urgency)
    if where.reopened:
        found.append(Ticket.reopened_count > 0)
    if where.excluded:
        found.append(Ticket.excluded_from_kpi.is_(True))
    return found


class WebTicketQueries:
    """Reads for the ticket pages; nothing here writes."""

    def __init__(self, session) -> None:
        self.session = session

    async def page(self, where: Where, before_id: int | None, size: int,
                   now: datetime) -> list[Row]:
        """Up to ``size`` tickets, newest first, with ids below ``before_id`` (keyset)."""
        worker = StaffMember.display_name.label("worker_name")
        stmt = (select(Ticket.id, Ticket.code, Ticket.created_at, Ticket.status, Ticket.urgency,
                       Ticket.category, Ticket.problem_type, Ticket.building,
                       Unit.name.label("unit_name"), worker, Ticket.respond_due_at,
                       Ticket.resolve_due_at, Ticket.first_response_at, Ticket.reopened_count,
                       Ticket.excluded_from_kpi.label("excluded"),
                       overdue_at(now).label("overdue"))
                .outerjoin(Unit, Unit.id == Ticket.unit_id)
                .outerjoin(StaffMember, StaffMember.id == Ticket.assignee_id)
                .where(*_conditions(where)))
        if before_id is not None:
            stmt = stmt.where(Ticket.id < before_id)
        stmt = stmt.order_by(Ticket.id.desc()).limit(size)
        return [Row(**row._mapping) for row in await self.session.execute(stmt)]

    async def count(self, where: Where, cap: int) -> int:
        """How many tickets match, counted up to ``cap`` (``cap`` means "at least")."""
        inner = select(Ticket.id).where(*_conditions(where)).limit(cap).subquery()
        return await self.session.scalar(select(func.count()).select_from(inner)) or 0

    async def ticket(self, code: str, visible_units: frozenset[int] | None) -> Ticket | None:
        """The ticket with this code if the viewer may see it, else None."""
        stmt = select(Ticket).where(Ticket.code == code)
        if visible_units is not None:
            stmt = stmt.where(held_by(list(visible_units), ALL_ORDER_STATES))
        return await self.session.scalar(stmt)

    async def events(self, ticket_id: int) -> list[TicketEvent]:
        """The ticket's audit events in order."""
        stmt = (select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                .order_by(TicketEvent.at, TicketEvent.id))
        return list(await self.session.scalars(stmt))

    async def orders(self, ticket_id: int) -> list[tuple[WorkOrder, str]]:
        """The ticket's work orders with their unit's name, in dispatch order."""
        stmt = (select(WorkOrder, Unit.name).join(Unit, Unit.id == WorkOrder.unit_id)
                .where(WorkOrder.ticket_id == ticket_id)
                .order_by(WorkOrder.dispatched_at, WorkOrder.id))
        return [(order, name) for order, name in await self.session.execute(stmt)]

    async def surveys(self, ticket_id: int) -> list[Survey]:
        """The ticket's callback surveys by round."""
        stmt = select(Survey).where(Survey.ticket_id == ticket_id).order_by(Survey.round,
                                                                             Survey.id)
        return list(await self.session.scalars(stmt))

    async def photos(self, ticket_id: int) -> list[Attachment]:
        """The ticket's photos and files in the order they came."""
        stmt = (select(Attachment).where(Attachment.ticket_id == ticket_id)
                .order_by(Attachment.id))
        return list(await self.session.scalars(stmt))

    async def names(self, staff_ids: Sequence[int]) -> dict[int, str]:
        """Staff display names by id."""
        if not staff_ids:
            return {}
        stmt = select(StaffMember.id, StaffMember.display_name).where(
            StaffMember.id.in_(list(staff_ids)))
        return dict((row[0], row[1]) for row in await self.session.execute(stmt))
