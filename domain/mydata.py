"""A resident's own data: see it, take a copy, erase it (China's PIPL, articles 44–47).

``collect`` gathers what is stored about a resident in plain values; ``erase`` withdraws
their open tickets, removes every personal field and free text, keeps what the three rates
count (category, building, dates, states, survey answers), and records an audit event on
each of their tickets (that an erasure happened, not what was erased).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.ports import UowFactory
from domain.tickets import Action, is_open, next_status
from domain.yards import is_yard


@dataclass(frozen=True)
class MyTicket:
    """One of the resident's tickets as they may see it."""

    code: str
    status: str
    category: str
    created_at: str
    description: str
    place: str | None
    phone: str | None
    joined: bool = False


@dataclass(frozen=True)
class MyData:
    """Everything stored about one resident, in plain values (exported as JSON as is)."""

    name: str | None
    language: str
    phone: str | None
    building: str | None
    unit: str | None
    room: str | None
    area_note: str | None
    subscriptions: dict[str, bool]
    tickets: list[MyTicket] = field(default_factory=list)
    survey_answers: list[dict[str, str | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Erased:
    """What an erasure did, for the reply and for the staff group."""

    tickets: int
    withdrawn: list[tuple[int, str]]  # (ticket id, code) withdrawn first
    cards: list[int]  # ticket ids whose staff card shows resident data: edit them
    relayed: list[int]  # staff-group message ids of the resident's relayed words


async def collect(uow_factory: UowFactory, user_id: int) -> MyData | None:
    """What is stored about the resident with this Telegram id (None: nothing)."""
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(user_id)
        if resident is None:
            return None
        tickets = await uow.tickets.list_for_resident(resident.id, limit=1000)
        surveys = await uow.erasure.surveys_of(resident.id)
        codes = {t.id: t.code for t in tickets}
        return MyData(
            name=resident.first_name, language=resident.language, phone=resident.phone,
            building=resident.building, unit=resident.unit, room=resident.room,
            area_note=resident.area_note,
            subscriptions=await uow.subscriptions.for_resident(resident.id),
            tickets=[MyTicket(t.code, t.status, t.category, t.created_at.isoformat(),
                              t.description, _place(t), t.contact_phone,
                              t.resident_id != resident.id) for t in tickets],
            survey_answers=[{"ticket": codes.get(s.ticket_id), "round": str(s.round),
                             "solved": s.solved, "satisfaction": s.satisfaction,
                             "recurred": None if s.recurred is None else str(s.recurred),
                             "comment": s.comment}
                            for s in surveys if s.answered_at is not None])


async def erase(uow_factory: UowFactory, user_id: int, chat_id: int,
                now: datetime) -> Erased | None:
    """Withdraws the open tickets, then erases; one transaction. None: nothing stored."""
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(user_id)
        if resident is None:
            return None
        own = await uow.erasure.own_tickets(resident.id)
        withdrawn = []
        for ticket in own:
            if is_open(ticket.status):
                ticket.status = next_status(ticket.status, Action.WITHDRAW).value
                ticket.withdrawn_at = now
                await uow.events.append(ticket.id, "withdrawn", "resident", resident.id,
                                        at=now, payload={"why": "erasure"})
                withdrawn.append((ticket.id, ticket.code))
        relayed = await uow.erasure.relayed_message_ids(resident.id)
        relayed += [m for _, m in await uow.outbox.sent_about(user_id) if m not in relayed]
        ids = [t.id for t in own]
        cards = [t.id for t in own if t.staff_chat_message_id]
        for ticket_id in ids:
            await uow.events.append(ticket_id, "resident_erased", "resident", resident.id,
                                    at=now)
        await uow.erasure.scrub(resident.id, ids, chat_id, user_id, now)
        await uow.commit()
        return Erased(len(ids), withdrawn, cards, relayed)


def _place(ticket) -> str | None:
    parts = [p for p in (ticket.building, ticket.unit, ticket.room) if p]
    if parts and is_yard(ticket.place_text):
        parts.insert(0, ticket.place_text)
    return " ".join(parts) if parts else ticket.place_text
