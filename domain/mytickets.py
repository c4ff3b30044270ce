"""A resident's own tickets: list them, add a note or a photo, withdraw one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import DomainError
from domain.ports import UowFactory
from domain.tickets import Action, is_open, next_status
from storage.models import Attachment, Ticket


class NotYourTicket(DomainError):
    """The ticket does not exist or belongs to someone else."""

    code = "not_your_ticket"


@dataclass(frozen=True)
class TicketView:
    """What /status shows of one ticket."""

    id: int
    code: str
    category: str
    status: str
    is_open: bool
    owned: bool
    next_due_at: datetime | None
    waiting_for: str  # respond | resolve | none
    problem_type: str | None = None  # nlu/problem_types.yml id


def _view(ticket: Ticket, resident_id: int) -> TicketView:
    open_ = is_open(ticket.status)
    if open_ and ticket.first_response_at is None:
        waiting, due = "respond", ticket.respond_due_at
    elif open_:
        waiting, due = "resolve", ticket.resolve_due_at
    else:
        waiting, due = "none", None
    return TicketView(ticket.id, ticket.code, ticket.category, ticket.status, open_,
                      ticket.resident_id == resident_id, due, waiting, ticket.problem_type)


async def list_tickets(uow_factory: UowFactory, user_id: int, limit: int = 10) -> list[TicketView]:
    """The resident's tickets and the ones they joined, newest first."""
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(user_id)
        if resident is None:
            return []
        tickets = await uow.tickets.list_for_resident(resident.id, limit=limit)
        return [_view(t, resident.id) for t in tickets]


async def _mine(uow, user_id: int, ticket_id: int, owner_only: bool) -> tuple[Ticket, int]:
    """The ticket if this resident may act on it; raises NotYourTicket otherwise."""
    resident = await uow.residents.get_by_telegram_id(user_id)
    ticket = await uow.tickets.get(ticket_id)
    if resident is None or ticket is None:
        raise NotYourTicket(f"ticket {ticket_id}")
    followers = await uow.followers.resident_ids(ticket.id)
    if ticket.resident_id != resident.id and (owner_only or resident.id not in followers):
        raise NotYourTicket(f"ticket {ticket_id}")
    return ticket, resident.id


QUESTION_MIN = 4  # characters that are not punctuation: "在吗" or "好的" is no question for staff


def is_question_for_staff(text: str, intent: str | None) -> bool:
    """A message that, from a resident with one open ticket, is meant for its workers.

    Not a thank-you or a goodbye, and long enough to say something ("师傅明天几点来？").
    """
    if intent == "thanks_goodbye":
        return False
    return sum(c.isalnum() for c in text) >= QUESTION_MIN


async def open_ones(uow_factory: UowFactory, user_id: int) -> list[TicketView]:
    """The resident's open tickets (theirs or joined), newest first."""
    return [t for t in await list_tickets(uow_factory, user_id) if t.is_open]


async def check_access(uow_factory: UowFactory, user_id: int, ticket_id: int,
                       owner_only: bool = False) -> str:
    """The ticket's code if the resident may act on it (and it is open)."""
    async with uow_factory() as uow:
        ticket, _ = await _mine(uow, user_id, ticket_id, owner_only)
        if not is_open(ticket.status):
            raise NotYourTicket(f"ticket {ticket_id} is closed")
        return ticket.code


@dataclass(frozen=True)
class WithdrawnTicket:
    """A ticket its resident withdrew, and who on the staff side held it."""

    code: str
    ticket_id: int
    thread_id: int | None
    assignee_telegram_id: int | None  # the worker who had claimed it, if any


async def withdraw(uow_factory: UowFactory, user_id: int, ticket_id: int, *,
                   now: datetime) -> WithdrawnTicket:
    """Withdraws the resident's own open ticket (audited)."""
    async with uow_factory() as uow:
        ticket, resident_id = await _mine(uow, user_id, ticket_id, owner_only=True)
        ticket.status = next_status(ticket.status, Action.WITHDRAW).value
        ticket.withdrawn_at = now
        await uow.events.append(ticket.id, "withdrawn", "resident", resident_id, at=now)
        assignee = None
        if ticket.assignee_id is not None:
            worker = await uow.staff.get(ticket.assignee_id)
            assignee = worker.telegram_user_id if worker is not None else None
        await uow.commit()
        return WithdrawnTicket(ticket.code, ticket.id, ticket.staff_thread_id, assignee)


async def add_note(uow_factory: UowFactory, user_id: int, ticket_id: int, note: str, *,
                   now: datetime) -> str:
    """Adds the resident's note to an open ticket (audited); returns its code."""
    async with uow_factory() as uow:
        ticket, resident_id = await _mine(uow, user_id, ticket_id, owner_only=False)
        if not is_open(ticket.status):
            raise NotYourTicket(f"ticket {ticket_id} is closed")
        await uow.events.append(ticket.id, "resident_note", "resident", resident_id, at=now,
                                payload={"text": note})
        await uow.commit()
        return ticket.code


async def add_photo(uow_factory: UowFactory, user_id: int, ticket_id: int, file_id: str, *,
                    now: datetime) -> str:
    """Attaches a photo to an open ticket (audited); returns its code."""
    async with uow_factory() as uow:
        ticket, resident_id = await _mine(uow, user_id, ticket_id, owner_only=False)
        if not is_open(ticket.status):
            raise NotYourTicket(f"ticket {ticket_id} is closed")
        await uow.attachments.add(Attachment(ticket_id=ticket.id, resident_id=resident_id,
                                             telegram_file_id=file_id, kind="photo"))
        await uow.events.append(ticket.id, "resident_photo", "resident", resident_id, at=now)
        await uow.commit()
        return ticket.code


PHOTO_AFTER_REPORT = timedelta(minutes=30)
"""A photo sent this soon after a report, with no new report begun, belongs to that ticket."""


async def just_reported(uow_factory: UowFactory, user_id: int,
                        now: datetime) -> list[TicketView]:
    """The resident's own tickets opened in the last ``PHOTO_AFTER_REPORT``, still open.

    Newest first, at most ``JUST_REPORTED_MAX`` (a report of two problems opens two tickets
    at once: a photo then needs to say which). One of them withdrawn or closed since is
    passed over: the photo is for what is still open.
    """
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(user_id)
        if resident is None:
            return []
        newest = await uow.tickets.list_for_resident(resident.id, include_followed=False,
                                                      limit=JUST_REPORTED_MAX)
    recent = []
    for ticket in newest:
        if now - ticket.created_at > PHOTO_AFTER_REPORT:
            break
        if is_open(ticket.status):
            recent.append(_view(ticket, resident.id))
    return recent


JUST_REPORTED_MAX = 4
