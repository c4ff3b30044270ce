"""Escalations of overdue work orders: which orders are due one, and the steps after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select, update

from storage.models import OrderEscalation, StaffMember, Ticket, Unit, UnitMember, WorkOrder
from storage.repositories.base import Repository

RESPOND, RESOLVE = "respond", "resolve"
# An order still where its deadline found it (``domain.units.escalation.still_overdue``):
# nobody took it (respond); not finished or sent back (resolve).
STILL_AT_UNIT = {RESPOND: and_(WorkOrder.status == "open", WorkOrder.first_response_at.is_(None)),
                 RESOLVE: WorkOrder.status.in_(["open", "claimed"])}


def _none_yet(kind: str):
    return ~exists().where(OrderEscalation.order_id == WorkOrder.id,
                           OrderEscalation.kind == kind)


class OrderEscalations(Repository[OrderEscalation]):
    """One row per order and deadline kind; its steps are written once each."""

    model = OrderEscalation

    async def overdue(self, now: datetime, limit: int) -> list[tuple[WorkOrder, str]]:
        """(order, kind) past a deadline while still open at its unit, not escalated yet.

        ``respond``: nobody took it; ``resolve``: not finished or sent back.
        """
        unanswered = and_(STILL_AT_UNIT[RESPOND], WorkOrder.respond_due_at <= now,
                          _none_yet(RESPOND))
        unresolved = and_(STILL_AT_UNIT[RESOLVE], WorkOrder.resolve_due_at <= now,
                          _none_yet(RESOLVE))
        found = []
        for kind, due in ((RESPOND, unanswered), (RESOLVE, unresolved)):
            stmt = select(WorkOrder).where(due).order_by(WorkOrder.id).limit(limit)
            found += [(order, kind) for order in await self.session.scalars(stmt)]
        return found[:limit]

    async def _set(self, escalation_id: int, empty: Any, **values: Any) -> bool:
        """Sets ``values`` if ``empty`` is still NULL; True when this call did it."""
        stmt = (update(OrderEscalation)
                .where(OrderEscalation.id == escalation_id, empty.is_(None))
                .values(**values).execution_options(synchronize_session="fetch"))
        return bool((await self.session.execute(stmt)).rowcount)

    async def summon(self, escalation_id: int, staff_id: int, at: datetime) -> bool:
        """Records the summons (吹哨) once; False when it was blown already."""
        return await self._set(escalation_id, OrderEscalation.summoned_at,
                               summoned_at=at, summoned_by=staff_id)

    async def answer(self, escalation_id: int, staff_id: int | None, at: datetime) -> bool:
        """Records the answer once (None: the order moved on); False when answered."""
        return await self._set(escalation_id, OrderEscalation.answered_at,
                               answered_at=at, answered_by=staff_id)

    async def second(self, escalation_id: int, at: datetime) -> bool:
        """Records the second level once; False when it was sent already."""
        return await self._set(escalation_id, OrderEscalation.second_at, second_at=at)

    async def summons_unanswered(self, since: datetime, limit: int) -> list[OrderEscalation]:
        """Summons made at or before ``since``, unanswered, with no second level yet."""
        stmt = (select(OrderEscalation)
                .where(OrderEscalation.answered_at.is_(None),
                       OrderEscalation.second_at.is_(None),
                       OrderEscalation.summoned_at <= since)
                .order_by(OrderEscalation.id).limit(limit))
        return list(await self.session.scalars(stmt))

    async def waiting(self) -> list[tuple[OrderEscalation, str, str, int]]:
        """Escalations not answered while their order is still where its deadline found it.

        (escalation, ticket code, unit name, unit id), oldest first, in one query however
        many escalations were left behind by orders that moved on.
        """
        still = or_(*(and_(OrderEscalation.kind == kind, condition)
                      for kind, condition in STILL_AT_UNIT.items()))
        stmt = (select(OrderEscalation, Ticket.code, Unit.name, Unit.id)
                .join(WorkOrder, WorkOrder.id == OrderEscalation.order_id)
                .join(Ticket, Ticket.id == OrderEscalation.ticket_id)
                .join(Unit, Unit.id == WorkOrder.unit_id)
                .where(OrderEscalation.answered_at.is_(None), still)
                .order_by(OrderEscalation.id))
        return [tuple(row) for row in await self.session.execute(stmt)]

    async def supervisors_of(self, unit_id: int) -> list[StaffMember]:
        """The active supervisors of one unit (its head)."""
        stmt = (select(StaffMember).join(UnitMember, UnitMember.staff_id == StaffMember.id)
                .where(UnitMember.unit_id == unit_id, UnitMember.role == "supervisor",
                       StaffMember.active.is_(True)).order_by(StaffMember.id))
        return list(await self.session.scalars(stmt))

    async def street_leaders(self) -> list[StaffMember]:
        """The active street leaders."""
        stmt = select(StaffMember).where(StaffMember.street_leader.is_(True),
                                         StaffMember.active.is_(True))
        return list(await self.session.scalars(stmt.order_by(StaffMember.id)))

    async def desks(self) -> list[Unit]:
        """The street's active dispatch desks, oldest first."""
        stmt = select(Unit).where(Unit.kind == "desk", Unit.active.is_(True))
        return list(await self.session.scalars(stmt.order_by(Unit.id)))
