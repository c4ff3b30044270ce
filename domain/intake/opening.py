"""Opening a ticket from a confirmed draft, or joining an open one (joint report)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain import outbox
from domain.deadlines import schedule as schedule_reminders
from domain.errors import DomainError
from domain.intake.draft import DEFAULT_CATEGORY, Draft
from domain.intake.drafts import draft_key
from domain.intake.levels import EMERGENCY
from domain.ports import UowFactory
from domain.sla import sla_for
from domain.tickets import OPEN_STATES, TicketStatus, is_open
from domain.units.routing import home_unit, own_group
from storage.models import Resident, Ticket


class TicketGone(DomainError):
    """The ticket to join is no longer open."""

    code = "ticket_gone"


@dataclass(frozen=True)
class Opened:
    """What the resident is told: the code and the deadlines."""

    ticket_id: int
    code: str
    respond_due_at: datetime
    resolve_due_at: datetime
    new: bool
    others: tuple[Opened, ...] = ()  # the tickets of the other problems of the same report
    level: str = "normal"
    group: int | None = None  # its unit's staff group; None: the configured staff group


async def _resident(uow, draft: Draft) -> Resident:
    """The resident for the draft's Telegram user, created on first report.

    A draft of no Telegram user (an Open311 request) gets a resident of its own, never one
    found by phone number.
    """
    resident = None
    if draft.user_id is not None:
        resident = await uow.residents.get_by_telegram_id(draft.user_id)
    if resident is None:
        resident = await uow.residents.add(Resident(
            telegram_user_id=draft.user_id, first_name=draft.first_name, language=draft.lang))
    return resident


def _remember(resident: Resident, draft: Draft) -> None:
    """Keeps the last address and phone for the next report's one-tap default."""
    if draft.building:
        resident.building, resident.unit, resident.room = draft.building, draft.unit, draft.room
    if draft.phone_normalized:
        resident.phone, resident.phone_normalized = draft.phone, draft.phone_normalized


def _ticket(draft: Draft, resident_id: int, code: str, now: datetime, key: str,
            emergency: bool) -> Ticket:
    category = draft.category or DEFAULT_CATEGORY
    level = EMERGENCY if emergency else draft.assessment().level
    respond, resolve = sla_for(category, level).deadlines(now)
    return Ticket(
        code=code, resident_id=resident_id, category=category,
        category_level1=category.split("/")[0], description=draft.description,
        clarification=draft.clarification or None, building=draft.building, unit=draft.unit,
        room=draft.room_or_floor(), place_text=draft.place_text, latitude=draft.latitude,
        longitude=draft.longitude, contact_phone=draft.phone,
        contact_phone_normalized=draft.phone_normalized, visit_window=draft.visit_window,
        urgency=level, problem_type=draft.problem_type,
        problem_type_by="resident" if draft.problem_type else None,
        status=TicketStatus.NEW.value, idempotency_key=key, respond_due_at=respond,
        resolve_due_at=resolve, created_at=now,
    )


async def open_ticket(
    uow_factory: UowFactory, draft: Draft, *, now: datetime, idempotency_key: str,
    chat_id: int | None = None, emergency: bool = False, channel: str = "telegram",
    link_code: str | None = None, card_to: int | None = None,
) -> Opened:
    """Opens the ticket once per key, audits it, and forgets the draft.

    A report of several problems opens one ticket per problem (keys ``key``, ``key:2`` …),
    in the same transaction; the photos go with the first. ``channel`` marks where it came
    in; ``card_to`` (a staff chat) writes its card to the outbox in the same transaction,
    for callers that are not an update (whose handlers collect the card themselves).
    """
    async with uow_factory() as uow:
        # First, before this transaction holds a connection: on PostgreSQL the code is
        # drawn and committed on a connection of its own, so the day's counter row is not
        # locked until our commit (a repeated confirmation leaves a gap in the numbers).
        code = await uow.counters.draw_ticket_code(now.date())
        existing = await uow.tickets.get_by_idempotency_key(idempotency_key)
        if existing is not None:
            return _opened(existing, new=False)
        resident = await _resident(uow, draft)
        _remember(resident, draft)
        ticket = _ticket(draft, resident.id, code, now, idempotency_key, emergency)
        home = await home_unit(uow, draft.building)  # the community of its building
        ticket.unit_id = home.id if home is not None else None
        ticket.channel, ticket.link_code = channel, link_code
        ticket, new = await uow.tickets.add_once(ticket)
        others = []
        if new:
            await uow.events.append(ticket.id, "opened", "resident", resident.id, at=now,
                                    payload={"emergency": emergency, "photos": len(draft.photos),
                                             "problems": 1 + len(draft.extras),
                                             "channel": channel})
            if card_to is not None:
                await outbox.flush(uow, [outbox.card(card_to, ticket.id, emergency=emergency)],
                                   now)
            await schedule_reminders(uow, ticket, now=now)
            for number, extra in enumerate(draft.extras, start=2):
                one = replace(draft, description=extra["description"],
                              category=extra.get("category"), clarification={}, photos=[],
                              extras=[], problem_type=extra.get("problem_type"),
                              type_level=extra.get("type_level"))
                other = _ticket(one, resident.id, await uow.counters.draw_ticket_code(
                    now.date()), now, f"{idempotency_key}:{number}", emergency=False)
                other.unit_id = ticket.unit_id
                other, _ = await uow.tickets.add_once(other)
                await uow.events.append(other.id, "opened", "resident", resident.id, at=now,
                                        payload={"emergency": False, "photos": 0,
                                                 "with": ticket.code})
                await schedule_reminders(uow, other, now=now)
                others.append(_opened(other, new=True, group=home.chat_id if home else None))
            if chat_id is not None and draft.user_id is not None:
                key = draft_key(chat_id, draft.user_id)
                await uow.attachments.attach_draft(key, ticket.id)
                await uow.conversations.delete(key)
        group = await own_group(uow, ticket.unit_id)
        await uow.commit()
        return replace(_opened(ticket, new=new, group=group), others=tuple(others))


def _opened(ticket: Ticket, new: bool, group: int | None = None) -> Opened:
    return Opened(ticket.id, ticket.code, ticket.respond_due_at, ticket.resolve_due_at, new,
                  level=ticket.urgency or "normal", group=group)


async def find_joinable(
    uow_factory: UowFactory, draft: Draft, *, now: datetime, days: float,
) -> tuple[int, str] | None:
    """(id, code) of someone else's open ticket: same category and building, recent."""
    if not draft.building or not draft.category:
        return None
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(draft.user_id)
        found = await uow.tickets.find_similar(
            draft.building, now - timedelta(days=days), [s.value for s in OPEN_STATES],
            category=draft.category)
        mine = resident.id if resident else None
        return next(((t.id, t.code) for t in found if t.resident_id != mine), None)


async def join_ticket(
    uow_factory: UowFactory, draft: Draft, ticket_id: int, *, now: datetime, chat_id: int,
) -> Opened:
    """Makes the resident a follower of an open ticket (audited) and forgets the draft."""
    async with uow_factory() as uow:
        ticket = await uow.tickets.get(ticket_id)
        if ticket is None or not is_open(ticket.status):
            raise TicketGone(f"ticket {ticket_id} is not open")
        resident = await _resident(uow, draft)
        _remember(resident, draft)
        if await uow.followers.join(ticket.id, resident.id, joined_at=now):
            await uow.events.append(ticket.id, "joined", "resident", resident.id, at=now)
        key = draft_key(chat_id, draft.user_id)
        await uow.attachments.attach_draft(key, ticket.id)
        await uow.conversations.delete(key)
        await uow.commit()
        return _opened(ticket, new=False)
