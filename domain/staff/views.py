"""What staff see of a ticket: a plain view for the card, with the phone masked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from domain.errors import DomainError
from domain.privacy import for_staff
from domain.tickets import Action, allowed_actions
from domain.units.routing import own_group
from domain.yards import is_yard
from storage.models import Ticket


class TicketNotFound(DomainError):
    """No ticket with that id or code."""

    code = "staff_no_ticket"


@dataclass(frozen=True)
class TicketView:
    """One ticket as the staff card shows it (no full phone number)."""

    id: int
    code: str
    status: str
    category: str
    description: str
    place: str
    urgency: str
    masked_phone: str
    visit_window: str | None
    respond_due_at: datetime | None
    resolve_due_at: datetime | None
    assignee: str | None
    department: str | None
    excluded_reason: str | None
    resolution_note: str | None
    thread_id: int | None
    card_message_id: int | None
    actions: tuple[Action, ...]
    photos: int = 0  # photos the resident sent (during the report or added later)
    notes: int = 0  # notes the resident added from /status
    followers: int = 0  # other households that joined the ticket
    problem_type: str | None = None  # nlu/problem_types.yml id, named by handlers
    group: int | None = None  # its unit's staff group; None: the configured staff group
    # The chain of work orders (派件): (unit name, order status, assignee, reason sent back)
    orders: tuple[tuple[str, str, str | None, str | None], ...] = ()


@dataclass(frozen=True)
class Contact:
    """The full contact, for the claimer and supervisors only."""

    code: str
    phone: str | None
    place: str
    visit_window: str | None


def mask_phone(phone: str | None) -> str:
    """``13812345678`` -> ``138****5678``; short numbers keep only their last two digits."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return "—"
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * (len(digits) - 2) + digits[-2:]


def flat_of(building: str | None, unit: str | None, room: str | None,
            place_text: str | None = None) -> str:
    """``3号楼2单元501`` from its parts (the free text when there are none; else a dash).

    A yard kept as the free text beside the parts comes first: ``5号院3号楼2单元501``.
    """
    parts = [place_text] if place_text and building and is_yard(place_text) else []
    if building:
        parts.append(building if building.endswith(("号楼", "楼", "栋")) else f"{building}号楼")
    if unit:
        parts.append(unit if unit.endswith("单元") else f"{unit}单元")
    if room:
        parts.append(room)
    return "".join(parts) or place_text or "—"


def place_of(ticket: Ticket) -> str:
    """``3号楼2单元501`` (or the free text, or the coordinates) in one line."""
    if ticket.building or ticket.unit or ticket.room:
        return flat_of(ticket.building, ticket.unit, ticket.room, ticket.place_text)
    if ticket.place_text:
        return ticket.place_text
    if ticket.latitude is not None:
        return f"{ticket.latitude:.5f},{ticket.longitude:.5f}"
    return "—"


async def view_of(uow, ticket: Ticket) -> TicketView:
    """The card view of a loaded ticket."""
    assignee = await uow.staff.get(ticket.assignee_id) if ticket.assignee_id else None
    return TicketView(
        id=ticket.id, code=ticket.code, status=ticket.status, category=ticket.category,
        description=for_staff(ticket.description), place=for_staff(place_of(ticket)),
        urgency=ticket.urgency,
        masked_phone=mask_phone(ticket.contact_phone_normalized or ticket.contact_phone),
        visit_window=for_staff(ticket.visit_window), respond_due_at=ticket.respond_due_at,
        resolve_due_at=ticket.resolve_due_at,
        assignee=assignee.display_name if assignee else None, department=ticket.department,
        problem_type=ticket.problem_type,
        excluded_reason=for_staff(ticket.exclusion_reason) if ticket.excluded_from_kpi else None,
        resolution_note=for_staff(ticket.resolution_note), thread_id=ticket.staff_thread_id,
        card_message_id=ticket.staff_chat_message_id,
        actions=tuple(a for a in allowed_actions(ticket.status)
                      if a not in (Action.WITHDRAW, Action.CLOSE)),
        photos=len(await uow.attachments.list_for_ticket(ticket.id)),
        notes=len(await uow.events.list_for_ticket(ticket.id, "resident_note")),
        followers=len(await uow.followers.resident_ids(ticket.id)),
        group=await own_group(uow, ticket.unit_id),
        orders=await _chain(uow, ticket.id),
    )


async def _chain(uow, ticket_id: int) -> tuple[tuple[str, str, str | None, str | None], ...]:
    """The ticket's orders as the card lists them."""
    lines = []
    for order in await uow.orders.of_ticket(ticket_id):
        unit = await uow.units.get(order.unit_id)
        person = await uow.staff.get(order.assignee_id) if order.assignee_id else None
        lines.append((unit.name, order.status, person.display_name if person else None,
                      for_staff(order.returned_reason) if order.returned_reason else None))
    return tuple(lines)


def contact_of(ticket: Ticket) -> Contact:
    """The full contact of a ticket."""
    return Contact(ticket.code, ticket.contact_phone, place_of(ticket), ticket.visit_window)


async def load(uow, ticket_id: int) -> Ticket:
    """The ticket; raises TicketNotFound."""
    ticket = await uow.tickets.get(ticket_id)
    if ticket is None:
        raise TicketNotFound(str(ticket_id))
    return ticket
