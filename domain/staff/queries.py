"""What staff ask for in the group: open tickets, their own, the overdue, one by code."""

from __future__ import annotations

from datetime import datetime

from domain import outbox
from domain.ports import UowFactory
from domain.staff.roster import Role, Staff, as_in_unit, member
from domain.staff.views import Contact, TicketNotFound, TicketView, contact_of, view_of
from domain.tickets import OPEN_STATES
from domain.units.access import NotInUnit
from domain.units.orders import LIVE
from domain.units.routing import own_group, units_in_group
from storage.repositories.tickets import held_by

_OPEN = [s.value for s in OPEN_STATES]


async def open_tickets(uow_factory: UowFactory, telegram_user_id: int, limit: int = 30, *,
                       group: int | None = None,
                       configured: int | None = None) -> list[TicketView]:
    """Every open ticket the asker's group works on (``held_in``), oldest first."""
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)
        held = await held_in(uow, group, configured)
        rows = await uow.tickets.list_by_status(_OPEN, limit=limit, held=held)
        return [await view_of(uow, t) for t in rows]


async def my_tickets(uow_factory: UowFactory, telegram_user_id: int) -> list[TicketView]:
    """The asker's open tickets."""
    async with uow_factory() as uow:
        staff = await member(uow, telegram_user_id)
        rows = await uow.tickets.list_by_status(_OPEN, assignee_id=staff.id)
        return [await view_of(uow, t) for t in rows]


async def overdue(uow_factory: UowFactory, telegram_user_id: int, *, now: datetime,
                  group: int | None = None, configured: int | None = None) -> list[TicketView]:
    """Open tickets past their response (unanswered) or resolution deadline."""
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)
        held = await held_in(uow, group, configured)
        late = await uow.tickets.list_past_due("respond_due_at", now, _OPEN,
                                               pending_column="first_response_at", held=held)
        late += await uow.tickets.list_past_due("resolve_due_at", now, _OPEN, held=held)
        unique = {t.id: t for t in late}
        return [await view_of(uow, t) for t in unique.values()]


async def by_code(uow_factory: UowFactory, telegram_user_id: int,
                  code: str) -> tuple[TicketView, Staff, Contact | None]:
    """One ticket by code; the full contact only for supervisors and admins of its unit."""
    async with uow_factory() as uow:
        staff = await member(uow, telegram_user_id)
        ticket = await uow.tickets.get_by_code(code.strip().upper())
        if ticket is None:
            raise TicketNotFound(code)
        try:
            there = await as_in_unit(uow, staff, ticket.unit_id)
        except NotInUnit:  # another unit's ticket: the masked card, no contact
            there = None
        contact = contact_of(ticket) if there and there.at_least(Role.SUPERVISOR) else None
        return await view_of(uow, ticket), staff, contact


async def by_id(uow_factory: UowFactory, telegram_user_id: int, ticket_id: int) -> TicketView:
    """One ticket by id, as its card shows it (staff only)."""
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)
        ticket = await uow.tickets.get(ticket_id)
        if ticket is None:
            raise TicketNotFound(str(ticket_id))
        return await view_of(uow, ticket)


async def set_card(uow_factory: UowFactory, ticket_id: int, *, thread_id: int | None,
                   message_id: int | None) -> None:
    """Remembers where the ticket's thread (and, once posted, its card) are in the staff chat."""
    async with uow_factory() as uow:
        ticket = await uow.tickets.get(ticket_id)
        ticket.staff_thread_id, ticket.staff_chat_message_id = thread_id, message_id
        await uow.commit()


async def queue_missing_cards(uow_factory: UowFactory, chat_id: int, *, now: datetime,
                              limit: int = 200) -> int:
    """Writes a card to the outbox for open tickets that have none posted or on its way.

    Tickets opened by an update get theirs with it; this catches tickets opened any other
    way (a seed, an import) and those from before the outbox. Returns how many.
    """
    async with uow_factory() as uow:
        ids = await uow.tickets.ids_without_card(_OPEN, limit=limit)
        have = await uow.outbox.open_keys([f"card:{i}" for i in ids], statuses=())
        missing = [i for i in ids if f"card:{i}" not in have]
        items = []
        for ticket_id in missing:
            ticket = await uow.tickets.get(ticket_id)
            group = await own_group(uow, ticket.unit_id)  # its unit's, else ``chat_id``
            items.append(outbox.card(group if group is not None else chat_id, ticket_id,
                                     emergency=ticket.urgency == "emergency"))
        count = await outbox.flush(uow, items, now)
        await uow.commit()
        return count


async def held_in(uow, group: int | None, configured: int | None):
    """The tickets a staff group works on: held by its units or with a live order of one.

    None (no condition) when the group is not known, or it is the only group there is.
    """
    if group is None or not any(u.chat_id is not None for u in await uow.units.list_all()):
        return None
    return held_by(await units_in_group(uow, group, configured), [s.value for s in LIVE])
