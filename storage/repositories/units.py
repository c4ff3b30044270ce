"""Units, their members and routes, and work orders."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from storage.models import Unit, UnitMember, UnitRoute, WorkOrder
from storage.repositories.base import Repository, flush


class Units(Repository[Unit]):
    """Units by id, code or staff group; their members and what routes to them."""

    model = Unit

    async def by_code(self, code: str) -> Unit | None:
        """The unit with this code, or None."""
        return await self.session.scalar(select(Unit).where(Unit.code == code))

    async def by_chat(self, chat_id: int) -> Unit | None:
        """The unit whose staff group this is, or None."""
        return await self.session.scalar(select(Unit).where(Unit.chat_id == chat_id))

    async def list_all(self) -> list[Unit]:
        """Every unit, oldest first."""
        return list(await self.session.scalars(select(Unit).order_by(Unit.id)))

    async def route(self, what: str, key: str) -> Unit | None:
        """The unit a building or department kind goes to, or None."""
        stmt = (select(Unit).join(UnitRoute, UnitRoute.unit_id == Unit.id)
                .where(UnitRoute.what == what, UnitRoute.key == key))
        return await self.session.scalar(stmt)

    async def set_route(self, what: str, key: str, unit_id: int) -> None:
        """Sends a building or a department kind to ``unit_id`` (replacing any earlier)."""
        row = await self.session.get(UnitRoute, (what, key))
        if row is None:
            self.session.add(UnitRoute(what=what, key=key, unit_id=unit_id))
        else:
            row.unit_id = unit_id
        await flush(self.session)

    async def routes(self) -> list[UnitRoute]:
        """Every route, by unit, kind of key and key."""
        stmt = select(UnitRoute).order_by(UnitRoute.unit_id, UnitRoute.what, UnitRoute.key)
        return list(await self.session.scalars(stmt))

    async def set_member(self, staff_id: int, unit_id: int, role: str | None) -> None:
        """Gives a staff member ``role`` in the unit; None takes them out of it."""
        row = await self.session.get(UnitMember, (staff_id, unit_id))
        if role is None:
            if row is not None:
                await self.session.execute(delete(UnitMember).where(
                    UnitMember.staff_id == staff_id, UnitMember.unit_id == unit_id))
            return
        if row is None:
            self.session.add(UnitMember(staff_id=staff_id, unit_id=unit_id, role=role))
        else:
            row.role = role
        await flush(self.session)

    async def memberships(self, staff_id: int) -> list[UnitMember]:
        """The units a staff member works in, with their role there."""
        stmt = select(UnitMember).where(UnitMember.staff_id == staff_id)
        return list(await self.session.scalars(stmt.order_by(UnitMember.unit_id)))

    async def member_counts(self) -> dict[int, int]:
        """How many staff work in each unit."""
        stmt = select(UnitMember.unit_id, func.count()).group_by(UnitMember.unit_id)
        return {unit_id: count for unit_id, count in (await self.session.execute(stmt)).all()}


class WorkOrders(Repository[WorkOrder]):
    """The orders (派件) of tickets."""

    model = WorkOrder

    async def of_ticket(self, ticket_id: int) -> list[WorkOrder]:
        """A ticket's orders, in the order they were dispatched."""
        stmt = select(WorkOrder).where(WorkOrder.ticket_id == ticket_id)
        return list(await self.session.scalars(stmt.order_by(WorkOrder.id)))

    async def by_thread(self, thread_id: int, unit_ids: list[int]) -> WorkOrder | None:
        """The newest order whose topic is ``thread_id`` among these units' orders.

        Topic ids are per group: ``unit_ids`` are the units of the group written in.
        """
        if not unit_ids:
            return None
        stmt = (select(WorkOrder).where(WorkOrder.staff_thread_id == thread_id,
                                        WorkOrder.unit_id.in_(unit_ids))
                .order_by(WorkOrder.id.desc()).limit(1))
        return await self.session.scalar(stmt)

    async def open_counts(self) -> dict[int, int]:
        """How many orders each unit holds that are not done or cancelled."""
        stmt = (select(WorkOrder.unit_id, func.count())
                .where(WorkOrder.status.not_in(["done", "cancelled"]))
                .group_by(WorkOrder.unit_id))
        return {unit_id: count for unit_id, count in (await self.session.execute(stmt)).all()}
