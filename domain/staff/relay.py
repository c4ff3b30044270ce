"""Messages between a ticket's staff thread and its resident, both ways, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import DomainError
from domain.ports import UowFactory
from domain.staff.roster import member
from domain.tickets import OPEN_STATES, Action, check_action
from domain.units.access import NotInUnit, require
from domain.units.kinds import UnitRole
from domain.units.routing import own_group, units_in_group

RELAY_CAP = 3000  # characters relayed from one message


class NotATicketThread(DomainError):
    """The staff message is not in a ticket's or hand-off's thread."""

    code = "staff_no_thread"


@dataclass(frozen=True)
class ToResident:
    """A staff message to deliver to a resident."""

    resident_telegram_id: int
    lang: str
    staff_name: str
    code: str | None
    first: bool  # the ticket's first staff response
    unit: str | None = None  # written in a work order's topic: that order's unit


@dataclass(frozen=True)
class ToStaff:
    """Where a resident's message goes in the staff chat."""

    ticket_id: int | None
    code: str | None
    thread_id: int | None
    card_message_id: int | None
    handoff_id: int | None
    group: int | None = None  # its unit's staff group; None: the configured staff group


async def from_staff(uow_factory: UowFactory, telegram_user_id: int, *, thread_id: int | None,
                     reply_to_id: int | None, text: str, now: datetime,
                     update_id: int | None = None, ticket_id: int | None = None,
                     group: int | None = None, configured: int | None = None) -> ToResident:
    """A staff message in a thread (or for ``ticket_id``): checked, audited, addressed.

    ``group``: the staff group it was written in (``configured``: the configured one);
    topic and message ids are per group, so only that group's tickets are looked at.
    """
    async with uow_factory() as uow:
        staff = await member(uow, telegram_user_id)
        units = await units_in_group(uow, group, configured) if group is not None else None
        if ticket_id is not None:
            ticket = await uow.tickets.get(ticket_id)
        else:
            ticket = await uow.tickets.get_by_staff_message(thread_id=thread_id,
                                                             message_id=reply_to_id,
                                                             unit_ids=units)
        handoff = await uow.handoffs.active_for_thread(thread_id) \
            if thread_id and (units is None or None in units) else None
        if ticket is not None and handoff is None:
            handoff = await uow.handoffs.active_for_ticket(ticket.id)
        order = None
        if ticket is None and handoff is None and thread_id and units:
            order = await uow.orders.by_thread(thread_id, [u for u in units if u is not None])
            ticket = await _order_ticket(uow, order, telegram_user_id)
        if ticket is None and handoff is None:
            raise NotATicketThread("no ticket here")
        if ticket is None:
            resident = await uow.residents.get(handoff.resident_id)
            return ToResident(resident.telegram_user_id, resident.language, staff.name, None,
                              False)
        if handoff is None:
            check_action(ticket.status, Action.REPLY, ticket.withdrawn_at)  # not when closed
        first = ticket.first_response_at is None
        if first:
            ticket.first_response_at = now
        payload = {"text": text[:RELAY_CAP]}
        if order is not None:
            order.first_response_at = order.first_response_at or now
            payload["order"] = order.id
        await uow.events.append(ticket.id, "staff_replied", "staff", staff.id, at=now,
                                update_id=update_id, payload=payload)
        resident = await uow.residents.get(ticket.resident_id)
        unit = (await uow.units.get(order.unit_id)).name if order is not None else None
        await uow.commit()
        return ToResident(resident.telegram_user_id, resident.language, staff.name,
                          ticket.code, first, unit)


async def _order_ticket(uow, order, telegram_user_id: int):
    """The ticket of a live order whose topic a staff member of its unit wrote in.

    None otherwise: the message stays in the group.
    """
    if order is None or order.status not in ("open", "claimed"):
        return None
    row = await uow.staff.get_by_telegram_id(telegram_user_id)
    try:
        await require(uow, row, await uow.units.get(order.unit_id), UnitRole.WORKER)
    except NotInUnit:
        return None
    return await uow.tickets.get(order.ticket_id)


async def _by_code(uow, resident_id: int, code: str | None):
    if not code:
        return None
    ticket = await uow.tickets.get_by_code(code)
    if ticket is None or ticket.status not in OPEN_STATES:
        return None
    followers = await uow.followers.resident_ids(ticket.id)
    return ticket if resident_id in (ticket.resident_id, *followers) else None


async def _in_conversation(uow, resident_id: int, since: datetime):
    """The resident's open ticket whose staff wrote to them most recently after ``since``."""
    best, best_at = None, since
    for ticket in await uow.tickets.list_for_resident(resident_id, [s.value for s in OPEN_STATES],
                                                      include_followed=False, limit=5):
        event = await uow.events.latest(ticket.id, "staff_replied")
        if event is not None and event.at >= best_at:
            best, best_at = ticket, event.at
    return best


async def to_staff(uow_factory: UowFactory, telegram_user_id: int, *, reply_code: str | None,
                   draft_key: str, now: datetime, window: timedelta) -> ToStaff | None:
    """Where a resident's private message belongs in the staff chat, or None (not a relay).

    In order: an open hand-off; a reply to a message about one of their open tickets; or,
    outside an intake draft, the open ticket a worker wrote to them about within ``window``.
    """
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(telegram_user_id)
        if resident is None:
            return None
        handoff = await uow.handoffs.active_for_resident(resident.id)
        if handoff is not None:
            ticket = await uow.tickets.get(handoff.ticket_id) if handoff.ticket_id else None
            thread = handoff.staff_thread_id or (ticket.staff_thread_id if ticket else None)
            group = await own_group(uow, ticket.unit_id) \
                if ticket is not None and handoff.staff_thread_id is None else None
            return ToStaff(ticket.id if ticket else None, ticket.code if ticket else None,
                           thread, ticket.staff_chat_message_id if ticket else None, handoff.id,
                           group)
        ticket = await _by_code(uow, resident.id, reply_code)
        if ticket is None and await uow.conversations.get(draft_key) is None:
            ticket = await _in_conversation(uow, resident.id, now - window)
        if ticket is None:
            return None
        return ToStaff(ticket.id, ticket.code, ticket.staff_thread_id,
                       ticket.staff_chat_message_id, None, await own_group(uow, ticket.unit_id))


async def record_from_resident(uow_factory: UowFactory, telegram_user_id: int, ticket_id: int,
                               text: str, *, now: datetime, update_id: int | None,
                               staff_message_id: int | None = None) -> None:
    """Audits a resident's message relayed to a ticket's thread (and where the copy is)."""
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(telegram_user_id)
        await uow.events.append(ticket_id, "resident_message", "resident",
                                resident.id if resident else None, at=now, update_id=update_id,
                                payload={"text": text[:RELAY_CAP],
                                         "staff_message_id": staff_message_id})
        await uow.commit()


ACKED = "relay_acked"


async def first_to_staff(uow_factory: UowFactory, user_id: int, target: ToStaff, *,
                         now: datetime) -> bool:
    """True the first time this resident's words go to this ticket or hand-off (then False).

    The resident is told once that their messages reach staff, not after every message.
    """
    where = f"t{target.ticket_id}" if target.ticket_id is not None else f"h{target.handoff_id}"
    key = f"{ACKED}:{user_id}:{where}"
    async with uow_factory() as uow:
        if await uow.conversations.get(key) is not None:
            return False
        await uow.conversations.put(key, name=ACKED, state="1", user_id=user_id, now=now)
        await uow.commit()
        return True


async def order_topics(uow_factory: UowFactory, ticket_id: int) -> list[tuple[int | None, int]]:
    """(unit group, topic) of each live order of a ticket (None: the configured group)."""
    async with uow_factory() as uow:
        found = []
        for order in await uow.orders.of_ticket(ticket_id):
            if order.status in ("open", "claimed") and order.staff_thread_id is not None:
                found.append((await own_group(uow, order.unit_id), order.staff_thread_id))
        return found
