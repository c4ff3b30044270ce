"""Staff correct a ticket's problem type from its card (the NLU learns from it).

The type comes in as plain values (its id, its taxonomy leaf, its default level): the
handler reads them from ``nlu/problem_types.yml``, so ``domain/`` never imports ``nlu/``.
The ticket takes the type, its leaf as category and ``problem_type_by = "staff"``; the
change is audited (old → new, who). The urgency level is assessed again over the
description with the new type's default level; only when the level changes are the
deadlines of an open ticket recomputed from its opening time, and its reminders with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.deadlines import LEAD, schedule
from domain.errors import DomainError
from domain.intake.levels import assess
from domain.ports import UowFactory
from domain.privacy import for_staff
from domain.sla import sla_for
from domain.staff.actions import Busy
from domain.staff.roster import Staff, member
from domain.staff.views import TicketView, load, view_of
from domain.tickets import TicketStatus, is_open
from storage.errors import ConcurrentUpdate

EVENT = "problem_type_changed"
STAFF = "staff"


class UnknownType(DomainError):
    """The chosen problem type is not one the handler knows."""

    code = "staff_bad_type"


@dataclass(frozen=True)
class NewType:
    """A problem type as the domain needs it: id, taxonomy leaf, default level."""

    id: str
    leaf: str
    level: str


@dataclass(frozen=True)
class Retyped:
    """What a change did: the new card, who did it, the old type, the level after it."""

    view: TicketView
    staff: Staff
    old: str | None
    level: str
    level_changed: bool


@dataclass(frozen=True)
class Typed:
    """A ticket as the type menu needs it."""

    code: str
    description: str
    problem_type: str | None
    thread_id: int | None


async def for_retype(uow_factory: UowFactory, telegram_user_id: int, ticket_id: int) -> Typed:
    """The ticket for the type menu, when the presser is active staff; else raises."""
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)
        ticket = await load(uow, ticket_id)
        return Typed(ticket.code, for_staff(ticket.description) or "", ticket.problem_type,
                     ticket.staff_thread_id)


def first_level(path: str) -> str:
    """The first-level class of a '/'-joined taxonomy path."""
    return path.split("/", 1)[0]


async def change_type(uow_factory: UowFactory, telegram_user_id: int, ticket_id: int,
                      new: NewType, *, now: datetime, lead: timedelta = LEAD,
                      update_id: int | None = None) -> Retyped:
    """Any active staff member sets the ticket's problem type (audited).

    Deadlines are kept unless the urgency level changes.
    """
    if not new.id or not new.leaf:
        raise UnknownType(new.id)
    async with uow_factory() as uow:
        staff = await member(uow, telegram_user_id)
        ticket = await load(uow, ticket_id)
        old = {"type": ticket.problem_type, "by": ticket.problem_type_by,
               "category": ticket.category, "level": ticket.urgency}
        level = assess(ticket.description or "", type_level=new.level).level
        ticket.problem_type, ticket.problem_type_by = new.id, STAFF
        ticket.category, ticket.category_level1 = new.leaf, first_level(new.leaf)
        changed = level != ticket.urgency
        recomputed = changed and is_open(ticket.status)
        ticket.urgency = level
        if recomputed:
            sla = sla_for(new.leaf, level)
            ticket.respond_due_at, ticket.resolve_due_at = sla.deadlines(ticket.created_at)
            await schedule(uow, ticket, now=now, lead=lead,
                           respond=ticket.status == TicketStatus.NEW.value)
        payload = {"from": old, "to": {"type": new.id, "category": new.leaf, "level": level},
                   "deadlines_recomputed": recomputed}
        await uow.events.append(ticket.id, EVENT, STAFF, staff.id, payload=payload,
                                update_id=update_id, at=now)
        view = await view_of(uow, ticket)
        try:
            await uow.commit()
        except ConcurrentUpdate as error:
            raise Busy(str(error)) from error
        return Retyped(view, staff, old["type"], level, changed)
