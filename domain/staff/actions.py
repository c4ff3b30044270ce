"""What staff do to a ticket from its card: claim, resolve, transfer, exclude, reopen.

Each service checks, in one transaction, that the presser is active staff whose role
allows the action, that the ticket exists and that its state accepts the action; then it
changes the ticket and appends an audit event (who, when). Nothing changes otherwise.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.deadlines import LEAD, schedule
from domain.errors import DomainError
from domain.ports import UowFactory
from domain.sla import sla_for
from domain.staff.roster import NotAllowed, Staff, as_in_unit, as_staff, may, member
from domain.staff.views import Contact, TicketView, contact_of, load, view_of
from domain.surveys import Timing
from domain.surveys.schedule import schedule_cycle
from domain.tickets import Action, TicketStatus, check_action, next_status
from storage.errors import ConcurrentUpdate

_PUNCT = set(string.punctuation + string.whitespace + "，。、！？；：…—·「」（）")


class ReasonRequired(DomainError):
    """An exclusion needs a real reason (诉求剔除 is never silent)."""

    code = "staff_reason_required"


class NoteRequired(DomainError):
    """Resolving needs a note of what was done."""

    code = "staff_note_required"


class Busy(DomainError):
    """Someone else changed the ticket at the same moment; try again."""

    code = "staff_busy"


class UnknownTarget(DomainError):
    """The worker or department to transfer to does not exist."""

    code = "staff_bad_target"


@dataclass(frozen=True)
class Done:
    """The result of an action: the new card, and for a claim the full contact."""

    view: TicketView
    staff: Staff
    contact: Contact | None = None
    notify_telegram_id: int | None = None  # a worker the ticket was transferred to
    resident: tuple[int, str] | None = None  # (Telegram id, language) of a resident to tell


def meaningful(value: str | None) -> str | None:
    """The text stripped, or None if it has fewer than two real characters."""
    value = (value or "").strip()
    return value if sum(c not in _PUNCT for c in value) >= 2 else None


async def _begin(uow, telegram_user_id: int, ticket_id: int, action: Action):
    staff = await member(uow, telegram_user_id)
    ticket = await load(uow, ticket_id)
    target = check_action(ticket.status, action, ticket.withdrawn_at)
    staff = await as_in_unit(uow, staff, ticket.unit_id)
    if not may(staff, action, ticket.assignee_id):
        raise NotAllowed(f"{staff.role} may not {action.value}")
    return staff, ticket, target


async def _finish(uow, ticket, staff: Staff, kind: str, now: datetime, update_id: int | None,
                  payload: dict | None = None) -> TicketView:
    await uow.events.append(ticket.id, kind, "staff", staff.id, payload=payload,
                            update_id=update_id, at=now)
    view = await view_of(uow, ticket)
    try:
        await uow.commit()
    except ConcurrentUpdate as error:
        raise Busy(str(error)) from error
    return view


async def claim(uow_factory: UowFactory, telegram_user_id: int, ticket_id: int, *,
                now: datetime, lead: timedelta = LEAD, update_id: int | None = None) -> Done:
    """The presser takes the ticket; they get the full contact."""
    async with uow_factory() as uow:
        staff, ticket, target = await _begin(uow, telegram_user_id, ticket_id, Action.CLAIM)
        ticket.status, ticket.assignee_id, ticket.claimed_at = target.value, staff.id, now
        if not await uow.reminders.list_for_ticket(ticket.id):
            await schedule(uow, ticket, now=now, lead=lead)
        view = await _finish(uow, ticket, staff, "claimed", now, update_id)
        return Done(view, staff, contact_of(ticket))


async def resolve(uow_factory: UowFactory, telegram_user_id: int, ticket_id: int, note: str,
                  *, now: datetime, update_id: int | None = None,
                  timing: Timing | None = None) -> Done:
    """Marks the ticket done with a note; schedules the two callbacks (domain/surveys)."""
    note = meaningful(note)
    if note is None:
        raise NoteRequired("empty note")
    async with uow_factory() as uow:
        staff, ticket, target = await _begin(uow, telegram_user_id, ticket_id, Action.RESOLVE)
        ticket.status, ticket.resolved_at, ticket.resolution_note = target.value, now, note[:2000]
        await schedule_cycle(uow, ticket, now=now, timing=timing or Timing())
        view = await _finish(uow, ticket, staff, "resolved", now, update_id, {"note": note})
        return Done(view, staff)


async def exclude(uow_factory: UowFactory, telegram_user_id: int, ticket_id: int, reason: str,
                  *, now: datetime, update_id: int | None = None) -> Done:
    """Excludes the ticket from the three rates, with the reason on record."""
    reason = meaningful(reason)
    async with uow_factory() as uow:
        staff, ticket, _ = await _begin(uow, telegram_user_id, ticket_id, Action.EXCLUDE)
        if reason is None:
            raise ReasonRequired("empty reason")
        ticket.excluded_from_kpi, ticket.exclusion_reason = True, reason[:1000]
        ticket.excluded_by = staff.id
        person = await uow.residents.get(ticket.resident_id)
        view = await _finish(uow, ticket, staff, "excluded", now, update_id, {"reason": reason})
        told = (person.telegram_user_id, person.language) if person is not None and \
            person.telegram_user_id is not None else None
        return Done(view, staff, resident=told)


async def reopen(uow_factory: UowFactory, telegram_user_id: int, ticket_id: int, *,
                 now: datetime, lead: timedelta = LEAD, update_id: int | None = None) -> Done:
    """Puts a resolved or closed ticket back in front of staff with a fresh resolve deadline."""
    async with uow_factory() as uow:
        staff, ticket, target = await _begin(uow, telegram_user_id, ticket_id, Action.REOPEN)
        ticket.status, ticket.resolved_at, ticket.closed_at = target.value, None, None
        ticket.reopened_count += 1
        ticket.resolve_due_at = now + sla_for(ticket.category, ticket.urgency).resolve
        await schedule(uow, ticket, now=now, lead=lead, respond=False)
        view = await _finish(uow, ticket, staff, "reopened", now, update_id)
        return Done(view, staff)


async def transfer_to_worker(uow_factory: UowFactory, telegram_user_id: int, ticket_id: int,
                             staff_id: int, *, now: datetime,
                             update_id: int | None = None) -> Done:
    """Hands the ticket to another active worker (it counts as claimed by them)."""
    async with uow_factory() as uow:
        staff, ticket, target = await _begin(uow, telegram_user_id, ticket_id, Action.TRANSFER)
        worker = await uow.staff.get(staff_id)
        if worker is None or not worker.active:
            raise UnknownTarget(str(staff_id))
        if TicketStatus(target) is not TicketStatus.CLAIMED:
            ticket.status = next_status(ticket.status, Action.CLAIM).value
        ticket.assignee_id, ticket.claimed_at = worker.id, ticket.claimed_at or now
        view = await _finish(uow, ticket, staff, "transferred", now, update_id,
                             {"to_staff": worker.id})
        return Done(view, staff, contact_of(ticket), worker.telegram_user_id)


async def transfer_to_department(uow_factory: UowFactory, telegram_user_id: int,
                                 ticket_id: int, department: str, *, now: datetime,
                                 update_id: int | None = None) -> Done:
    """Hands the ticket to a named department (the assignee keeps following it)."""
    async with uow_factory() as uow:
        staff, ticket, _ = await _begin(uow, telegram_user_id, ticket_id, Action.TRANSFER)
        ticket.department = department[:64]
        view = await _finish(uow, ticket, staff, "transferred", now, update_id,
                             {"to_department": department})
        return Done(view, staff)


async def card_view(uow_factory: UowFactory, ticket_id: int) -> TicketView:
    """The current card of a ticket."""
    async with uow_factory() as uow:
        return await view_of(uow, await load(uow, ticket_id))


async def workers(uow_factory: UowFactory) -> list[Staff]:
    """Active staff a ticket can be transferred to."""
    async with uow_factory() as uow:
        return [as_staff(m) for m in await uow.staff.list_active()]


async def check(uow_factory: UowFactory, telegram_user_id: int, ticket_id: int,
                action: Action) -> TicketView:
    """Raises unless the member may take ``action`` on the ticket now; else its card."""
    async with uow_factory() as uow:
        _, ticket, _ = await _begin(uow, telegram_user_id, ticket_id, action)
        return await view_of(uow, ticket)
