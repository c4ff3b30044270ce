"""Escalation of overdue work orders (吹哨): the sweeps and what a card needs to say.

An order past its respond deadline (nobody took it) or its resolve deadline (not finished
or sent back) at its unit is escalated once: a reminder in the unit's group and a card to
the street (the desk's group, the street leaders privately). A street supervisor may then
summon the unit's head (``domain.units.summons``); a summons not answered within
``ANSWER_WITHIN`` goes to the street leader as the second level, once. Each step is a row
written in the same transaction as its messages, so a restart neither loses nor repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.ports import UowFactory
from storage.models import OrderEscalation, WorkOrder

RESPOND, RESOLVE = "respond", "resolve"
ANSWER_WITHIN = timedelta(hours=4)  # FRONTDOOR_ORDER_SUMMONS_ANSWER_HOURS
STREET, SECOND = 1, 2  # the levels


@dataclass(frozen=True)
class Escalation:
    """One escalation as its messages show it, with everyone they go to."""

    id: int
    order_id: int
    ticket_id: int
    ticket_code: str
    unit_name: str
    unit_group: int | None  # None: the configured staff group
    order_thread_id: int | None
    kind: str  # respond | resolve
    deadline: datetime
    late: timedelta
    desk_group: int | None  # None: the configured staff group
    leaders: tuple[int, ...]  # the street leaders' Telegram ids
    heads: tuple[int, ...]  # the unit's supervisors' Telegram ids
    summoned_by: str | None = None
    summoned_at: datetime | None = None


@dataclass(frozen=True)
class Waiting:
    """An escalation waiting for the unit's answer (what an overview lists)."""

    order_id: int
    ticket_code: str
    unit_name: str
    level: int  # STREET or SECOND
    since: datetime
    summoned: bool
    unit_id: int | None = None


def still_overdue(order: WorkOrder, kind: str) -> bool:
    """Whether the order is still where its deadline found it (not taken / not finished)."""
    if kind == RESPOND:
        return order.status == "open" and order.first_response_at is None
    return order.status in ("open", "claimed")


async def describe(uow, row: OrderEscalation, now: datetime) -> Escalation:
    """The plain view of a stored escalation."""
    order = await uow.orders.get(row.order_id)
    unit, ticket = await uow.units.get(order.unit_id), await uow.tickets.get(row.ticket_id)
    desks = [d for d in await uow.escalations.desks() if d.chat_id is not None]
    leaders = await uow.escalations.street_leaders()
    heads = await uow.escalations.supervisors_of(unit.id)
    summoner = await uow.staff.get(row.summoned_by) if row.summoned_by else None
    return Escalation(
        row.id, order.id, ticket.id, ticket.code, unit.name, unit.chat_id,
        order.staff_thread_id, row.kind, row.deadline, now - row.deadline,
        desks[0].chat_id if desks else None, tuple(s.telegram_user_id for s in leaders),
        tuple(s.telegram_user_id for s in heads),
        summoner.display_name if summoner else None, row.summoned_at)


async def escalate_due(uow_factory: UowFactory, *, now: datetime,
                       limit: int = 50) -> list[Escalation]:
    """Records the escalations due at ``now`` (audited) and returns them to send.

    Run in the job's transaction with the messages (``domain.outbox.staged``): both are
    kept, or neither.
    """
    async with uow_factory() as uow:
        found = []
        for order, kind in await uow.escalations.overdue(now, limit):
            deadline = order.respond_due_at if kind == RESPOND else order.resolve_due_at
            row = await uow.escalations.add(OrderEscalation(
                order_id=order.id, ticket_id=order.ticket_id, kind=kind, deadline=deadline,
                escalated_at=now))
            await uow.events.append(order.ticket_id, "order_escalated", "system", at=now,
                                    payload={"order": order.id, "kind": kind, "level": STREET})
            found.append(await describe(uow, row, now))
        await uow.commit()
        return found


async def second_due(uow_factory: UowFactory, *, now: datetime,
                     answer_within: timedelta = ANSWER_WITHIN,
                     limit: int = 50) -> list[Escalation]:
    """Summons unanswered for ``answer_within``: the second level, once each (audited).

    A summons whose order moved on (taken, finished, sent back) counts as answered.
    """
    async with uow_factory() as uow:
        found = []
        for row in await uow.escalations.summons_unanswered(now - answer_within, limit):
            if not still_overdue(await uow.orders.get(row.order_id), row.kind):
                await uow.escalations.answer(row.id, None, now)
                continue
            if await uow.escalations.second(row.id, now):
                await uow.events.append(row.ticket_id, "order_escalated", "system", at=now,
                                        payload={"order": row.order_id, "kind": row.kind,
                                                 "level": SECOND})
                found.append(await describe(uow, row, now))
        await uow.commit()
        return found


async def waiting(uow_factory: UowFactory) -> list[Waiting]:
    """Escalations waiting for the unit's answer, oldest first (for an overview)."""
    async with uow_factory() as uow:
        return [Waiting(row.order_id, code, unit_name, SECOND if row.second_at else STREET,
                        row.second_at or row.summoned_at or row.escalated_at,
                        row.summoned_at is not None, unit_id)
                for row, code, unit_name, unit_id in await uow.escalations.waiting()]
