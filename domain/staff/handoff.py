"""Hand-off: a resident's chat relayed to staff, a stored state until a worker ends it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.errors import DomainError
from domain.ports import UowFactory
from domain.staff.roster import member
from domain.tickets import OPEN_STATES
from storage.models import HandoffSession, Resident

MISSES = "nlu_misses"
MISSES_TO_HANDOFF = 2


class NoHandoff(DomainError):
    """The hand-off is unknown or already over."""

    code = "staff_no_handoff"


@dataclass(frozen=True)
class Handoff:
    """An open hand-off and where it lives in the staff chat."""

    id: int
    ticket_id: int | None
    code: str | None
    thread_id: int | None
    card_message_id: int | None
    new: bool


@dataclass(frozen=True)
class Ended:
    """Who to tell that the hand-off is over."""

    resident_telegram_id: int
    lang: str
    thread_id: int | None


async def start(uow_factory: UowFactory, telegram_user_id: int, *, first_name: str | None,
                lang: str, reason: str, now: datetime) -> Handoff:
    """Opens a hand-off for the resident (linked to their newest open ticket), once."""
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(telegram_user_id)
        if resident is None:
            resident = await uow.residents.add(Resident(
                telegram_user_id=telegram_user_id, first_name=first_name, language=lang))
        session = await uow.handoffs.active_for_resident(resident.id)
        new = session is None
        if new:
            tickets = await uow.tickets.list_for_resident(
                resident.id, [s.value for s in OPEN_STATES], include_followed=False, limit=1)
            session = await uow.handoffs.add(HandoffSession(
                resident_id=resident.id, ticket_id=tickets[0].id if tickets else None,
                started_at=now, reason=reason))
            if session.ticket_id:
                await uow.events.append(session.ticket_id, "handoff_started", "resident",
                                        resident.id, at=now, payload={"reason": reason})
        ticket = await uow.tickets.get(session.ticket_id) if session.ticket_id else None
        await uow.conversations.delete(misses_key(telegram_user_id))
        await uow.commit()
        return Handoff(session.id, session.ticket_id, ticket.code if ticket else None,
                       session.staff_thread_id or (ticket.staff_thread_id if ticket else None),
                       ticket.staff_chat_message_id if ticket else None, new)


async def set_thread(uow_factory: UowFactory, handoff_id: int, thread_id: int) -> None:
    """Remembers the forum topic opened for a hand-off without a ticket."""
    async with uow_factory() as uow:
        session = await uow.handoffs.get(handoff_id)
        session.staff_thread_id = thread_id
        await uow.commit()


async def end(uow_factory: UowFactory, staff_telegram_id: int, *, handoff_id: int | None = None,
              thread_id: int | None = None, now: datetime) -> Ended:
    """A staff member ends the hand-off (by its id or its thread); audited."""
    async with uow_factory() as uow:
        staff = await member(uow, staff_telegram_id)
        session = await uow.handoffs.get(handoff_id) if handoff_id else None
        if session is None and thread_id:
            session = await uow.handoffs.active_for_thread(thread_id)
            if session is None and (t := await uow.tickets.get_by_staff_message(
                    thread_id=thread_id, message_id=None)):
                session = await uow.handoffs.active_for_ticket(t.id)
        if session is None or session.ended_at is not None:
            raise NoHandoff("no open hand-off")
        session.ended_at, session.ended_by = now, staff.id
        ticket = await uow.tickets.get(session.ticket_id) if session.ticket_id else None
        if ticket is not None:
            await uow.events.append(ticket.id, "handoff_ended", "staff", staff.id, at=now)
        resident = await uow.residents.get(session.resident_id)
        await uow.commit()
        thread = session.staff_thread_id or (ticket.staff_thread_id if ticket else None)
        return Ended(resident.telegram_user_id, resident.language, thread)


def misses_key(user_id: int) -> str:
    """The conversation key of a resident's count of NLU misses in a row."""
    return f"{MISSES}:{user_id}"


async def count_miss(uow_factory: UowFactory, user_id: int, missed: bool, *,
                     now: datetime, said: str = "") -> tuple[int, list[str]]:
    """Counts NLU misses in a row (stored); a confident message resets the count.

    Returns the count and the messages missed so far (the last few, to show staff when
    they start a hand-off: the resident does not have to say it again).
    """
    key = misses_key(user_id)
    async with uow_factory() as uow:
        row = await uow.conversations.get(key)
        if not missed:
            if row is not None:
                await uow.conversations.delete(key)
                await uow.commit()
            return 0, []
        count = int(row.state or 0) + 1 if row is not None else 1
        kept = [*((row.data or {}).get("said", []) if row is not None else []), said[:500]]
        kept = kept[-MISSES_TO_HANDOFF:]
        await uow.conversations.put(key, name=MISSES, state=count, user_id=user_id, now=now,
                                    data={"said": kept})
        await uow.commit()
        return count, kept
