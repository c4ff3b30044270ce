"""Tickets and the residents who joined them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError

from storage.errors import Conflict
from storage.models import Ticket, TicketFollower, WorkOrder, utcnow
from storage.repositories.base import Repository
from storage.repositories.dialect import insert_ignore


def held_by(unit_ids: Sequence[int | None], order_statuses: Sequence[str]) -> Any:
    """A condition: tickets held by these units, or with an order of one in ``order_statuses``.

    None among ``unit_ids`` stands for tickets held by no unit.
    """
    ids = [u for u in unit_ids if u is not None]
    orders = select(WorkOrder.ticket_id).where(WorkOrder.unit_id.in_(ids),
                                               WorkOrder.status.in_(list(order_statuses)))
    condition = or_(Ticket.unit_id.in_(ids), Ticket.id.in_(orders))
    return or_(condition, Ticket.unit_id.is_(None)) if None in unit_ids else condition


class Tickets(Repository[Ticket]):
    """Tickets by id, code, owner, state, assignee and place."""

    model = Ticket

    async def get_by_code(self, code: str) -> Ticket | None:
        """The ticket with this human-readable code, or None."""
        return await self.session.scalar(select(Ticket).where(Ticket.code == code))

    async def get_by_staff_message(self, *, thread_id: int | None, message_id: int | None,
                                   unit_ids: Sequence[int | None] | None = None
                                   ) -> Ticket | None:
        """The ticket whose staff-chat topic is ``thread_id`` or card is ``message_id``.

        ``unit_ids``: only tickets held by these units (None in it: or by none), as topic
        and message ids are per group.
        """
        held = None
        if unit_ids is not None:
            ids = [u for u in unit_ids if u is not None]
            held = Ticket.unit_id.in_(ids)
            if None in unit_ids:
                held = or_(held, Ticket.unit_id.is_(None))
        for column, value in ((Ticket.staff_thread_id, thread_id),
                              (Ticket.staff_chat_message_id, message_id)):
            if not value:
                continue
            stmt = select(Ticket).where(column == value)
            if held is not None:
                stmt = stmt.where(held)
            if (found := await self.session.scalar(stmt.limit(1))) is not None:
                return found
        return None

    async def ids_without_card(self, statuses: Sequence[str], limit: int = 20) -> list[int]:
        """Tickets whose staff card was not posted yet: emergencies first, then oldest."""
        stmt = (select(Ticket.id)
                .where(Ticket.staff_chat_message_id.is_(None), Ticket.status.in_(statuses))
                .order_by((Ticket.urgency == "emergency").desc(), Ticket.created_at, Ticket.id)
                .limit(limit))
        return list(await self.session.scalars(stmt))

    async def get_by_idempotency_key(self, key: str) -> Ticket | None:
        """The ticket opened for this idempotency key, or None."""
        return await self.session.scalar(select(Ticket).where(Ticket.idempotency_key == key))

    async def add_once(self, ticket: Ticket) -> tuple[Ticket, bool]:
        """Adds ``ticket`` unless one with its ``idempotency_key`` exists.

        Safe against a concurrent transaction adding the same key: the insert runs in a
        savepoint, and a clash returns the other ticket.

        Returns:
            The stored ticket and True if it is the one just added.
        """
        key = ticket.idempotency_key
        if key is None:
            raise ValueError("add_once needs a ticket with an idempotency_key")
        existing = await self.get_by_idempotency_key(key)
        if existing is not None:
            return existing, False
        try:
            async with self.session.begin_nested():
                self.session.add(ticket)
        except IntegrityError as error:
            existing = await self.get_by_idempotency_key(key)
            if existing is None:
                raise Conflict(str(error.orig)) from error
            return existing, False
        return ticket, True

    async def list_for_resident(
        self,
        resident_id: int,
        statuses: Sequence[str] | None = None,
        include_followed: bool = True,
        limit: int = 20,
    ) -> list[Ticket]:
        """The resident's tickets (and those they joined), newest first."""
        mine = Ticket.resident_id == resident_id
        if include_followed:
            followed = select(TicketFollower.ticket_id).where(
                TicketFollower.resident_id == resident_id
            )
            mine = mine | Ticket.id.in_(followed)
        stmt = select(Ticket).where(mine)
        if statuses is not None:
            stmt = stmt.where(Ticket.status.in_(list(statuses)))
        stmt = stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit)
        return list(await self.session.scalars(stmt))

    async def list_by_status(
        self,
        statuses: Sequence[str],
        assignee_id: int | None = None,
        limit: int = 100,
        held: Any = None,
    ) -> list[Ticket]:
        """Tickets in the given states (optionally held by one worker), oldest first.

        ``held``: only those matching this condition (``held_by``).
        """
        stmt = select(Ticket).where(Ticket.status.in_(list(statuses)))
        if held is not None:
            stmt = stmt.where(held)
        if assignee_id is not None:
            stmt = stmt.where(Ticket.assignee_id == assignee_id)
        stmt = stmt.order_by(Ticket.created_at, Ticket.id).limit(limit)
        return list(await self.session.scalars(stmt))

    async def list_past_due(
        self,
        due_column: str,
        now: datetime,
        statuses: Sequence[str],
        pending_column: str | None = None,
        limit: int = 100,
        held: Any = None,
    ) -> list[Ticket]:
        """Tickets in ``statuses`` whose ``due_column`` has passed, most overdue first.

        With ``pending_column`` (e.g. ``first_response_at``) only tickets where that
        column is still NULL are returned; with ``held`` only those matching it.
        """
        due = getattr(Ticket, due_column)
        stmt = select(Ticket).where(due <= now, Ticket.status.in_(list(statuses)))
        if held is not None:
            stmt = stmt.where(held)
        if pending_column is not None:
            stmt = stmt.where(getattr(Ticket, pending_column).is_(None))
        stmt = stmt.order_by(due, Ticket.id).limit(limit)
        return list(await self.session.scalars(stmt))

    async def find_similar(
        self,
        building: str,
        since: datetime,
        statuses: Sequence[str],
        category: str | None = None,
        category_level1: str | None = None,
        limit: int = 5,
    ) -> list[Ticket]:
        """Tickets from one building since ``since`` in a category (for joint reports)."""
        stmt = select(Ticket).where(
            Ticket.building == building,
            Ticket.created_at >= since,
            Ticket.status.in_(list(statuses)),
        )
        if category is not None:
            stmt = stmt.where(Ticket.category == category)
        if category_level1 is not None:
            stmt = stmt.where(Ticket.category_level1 == category_level1)
        stmt = stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit)
        return list(await self.session.scalars(stmt))


    async def search(self, *, code: str | None = None, phone_tail: str | None = None,
                     buildings: Sequence[str] = (), words: Sequence[str] = (),
                     limit: int = 10, held: Any = None) -> list[Ticket]:
        """Tickets matching every given criterion, newest first.

        ``code`` exactly; ``phone_tail``: the contact number ends with these digits;
        ``buildings``: any of these spellings of one building; ``words``: each one appears
        in the description.
        """
        stmt = select(Ticket) if held is None else select(Ticket).where(held)
        if code is not None:
            stmt = stmt.where(Ticket.code == code)
        if phone_tail is not None:
            stmt = stmt.where(or_(Ticket.contact_phone_normalized.like(f"%{phone_tail}"),
                                  Ticket.contact_phone.like(f"%{phone_tail}")))
        if buildings:
            stmt = stmt.where(Ticket.building.in_(list(buildings)))
        if words:
            stmt = stmt.where(and_(*(Ticket.description.ilike(f"%{_escaped(w)}%", escape="\\")
                                     for w in words)))
        stmt = stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit)
        return list(await self.session.scalars(stmt))

    async def listing(self, start: datetime, end: datetime, *,
                      statuses: Sequence[str] = (), category: str | None = None,
                      buildings: Sequence[str] = ()) -> list[Ticket]:
        """Tickets opened in [start, end), filtered, oldest first (for an export)."""
        stmt = select(Ticket).where(Ticket.created_at >= start, Ticket.created_at < end)
        if statuses:
            stmt = stmt.where(Ticket.status.in_(list(statuses)))
        if category:
            stmt = stmt.where(or_(Ticket.category == category,
                                  Ticket.category.like(f"{_escaped(category)}/%", escape="\\"),
                                  Ticket.category.like(f"%/{_escaped(category)}", escape="\\")))
        if buildings:
            stmt = stmt.where(Ticket.building.in_(list(buildings)))
        return list(await self.session.scalars(stmt.order_by(Ticket.created_at, Ticket.id)))


def _escaped(value: str) -> str:
    """A value for LIKE, its wildcards taken literally."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class TicketFollowers(Repository[TicketFollower]):
    """Residents following a ticket they joined; ``get`` takes ``(ticket_id, resident_id)``."""

    model = TicketFollower

    async def join(
        self, ticket_id: int, resident_id: int, joined_at: datetime | None = None
    ) -> bool:
        """Adds the resident as a follower; False if they already were one."""
        row = {"ticket_id": ticket_id, "resident_id": resident_id,
               "joined_at": joined_at or utcnow()}
        added = await insert_ignore(
            self.session, TicketFollower, [row], ["ticket_id", "resident_id"], "ticket_id"
        )
        return bool(added)

    async def resident_ids(self, ticket_id: int) -> list[int]:
        """Ids of the residents following the ticket, in the order they joined."""
        stmt = (
            select(TicketFollower.resident_id)
            .where(TicketFollower.ticket_id == ticket_id)
            .order_by(TicketFollower.joined_at, TicketFollower.resident_id)
        )
        return list(await self.session.scalars(stmt))

    async def ticket_ids(self, resident_id: int) -> list[int]:
        """Ids of the tickets the resident follows."""
        stmt = select(TicketFollower.ticket_id).where(TicketFollower.resident_id == resident_id)
        return list(await self.session.scalars(stmt.order_by(TicketFollower.ticket_id)))

