"""Work orders (派件): a ticket dispatched to one or several units, in parallel.

The ticket's unit (its community, or the desk) dispatches it to departments and services;
each order has its own clock from dispatch, assignee and result. A unit may send an order
back (退单) with a reason; the dispatcher then re-dispatches it, keeps it (the unit must do
it) or closes it. The ticket is resolved when no order is open any more and at least one
is done. Every step is a ticket event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.errors import DomainError
from domain.ports import UowFactory
from domain.sla import sla_for
from domain.staff.actions import Busy, meaningful
from domain.staff.roster import active_row
from domain.staff.views import Contact, contact_of
from domain.surveys import Timing
from domain.surveys.schedule import schedule_cycle
from domain.tickets import OPEN_STATES, TicketStatus
from domain.units.access import require
from domain.units.kinds import UnitKind, UnitRole
from storage.errors import ConcurrentUpdate
from storage.models import StaffMember, WorkOrder


class OrderStatus(StrEnum):
    """Where one order is."""

    OPEN = "open"  # dispatched, nobody in the unit took it yet
    CLAIMED = "claimed"  # a worker of the unit holds it
    DONE = "done"  # the unit finished it, with a result
    RETURNED = "returned"  # sent back (退单); the dispatcher decides
    CANCELLED = "cancelled"  # closed by the dispatcher, or replaced by a re-dispatch


LIVE = frozenset({OrderStatus.OPEN, OrderStatus.CLAIMED, OrderStatus.RETURNED})
DISPATCHERS = frozenset({UnitKind.DESK, UnitKind.COMMUNITY})
TAKERS = frozenset({UnitKind.DEPARTMENT, UnitKind.SERVICE})


class OrderError(DomainError):
    """An order action that the order's or ticket's state does not allow."""

    code = "order_refused"


class Decision(StrEnum):
    """What the dispatcher does with an order sent back."""

    KEEP = "keep"  # the unit must do it after all
    CLOSE = "close"  # no order needed there
    REDISPATCH = "redispatch"  # to another unit


@dataclass(frozen=True)
class OrderView:
    """One order as cards show it."""

    id: int
    ticket_id: int
    ticket_code: str
    unit_id: int
    unit_name: str
    unit_group: int | None
    status: OrderStatus
    assignee: str | None
    respond_due_at: datetime | None
    resolve_due_at: datetime | None
    result: str | None
    returned_reason: str | None
    thread_id: int | None
    card_message_id: int | None
    home_name: str = ""  # the dispatching unit
    home_group: int | None = None  # its staff group (None: the configured one)
    home_thread_id: int | None = None  # the ticket's topic there


@dataclass(frozen=True)
class Step:
    """What an order action did: the orders it touched, and whether the ticket resolved."""

    orders: tuple[OrderView, ...]
    ticket_id: int
    ticket_resolved: bool = False
    contact: Contact | None = None  # for the worker who took an order: the full contact


async def view(uow, order: WorkOrder) -> OrderView:
    """The plain view of a stored order."""
    unit, ticket = await uow.units.get(order.unit_id), await uow.tickets.get(order.ticket_id)
    assignee = await uow.staff.get(order.assignee_id) if order.assignee_id else None
    home = await uow.units.get(ticket.unit_id) if ticket.unit_id else None
    return OrderView(order.id, order.ticket_id, ticket.code, unit.id, unit.name, unit.chat_id,
                     OrderStatus(order.status), assignee.display_name if assignee else None,
                     order.respond_due_at, order.resolve_due_at, order.result,
                     order.returned_reason, order.staff_thread_id, order.staff_chat_message_id,
                     home.name if home else "", home.chat_id if home else None,
                     ticket.staff_thread_id)


async def chain(uow, ticket_id: int) -> tuple[OrderView, ...]:
    """Every order of a ticket, in dispatch order (the chain each card shows)."""
    return tuple([await view(uow, o) for o in await uow.orders.of_ticket(ticket_id)])


async def _commit(uow) -> None:
    try:
        await uow.commit()
    except ConcurrentUpdate as error:
        raise Busy(str(error)) from error


async def _new_order(uow, ticket, unit, staff: StaffMember, now: datetime,
                     update_id: int | None, replaces: int | None = None) -> WorkOrder:
    if UnitKind(unit.kind) not in TAKERS or not unit.active:
        raise OrderError(f"unit {unit.code} takes no orders")
    if any(o.unit_id == unit.id and OrderStatus(o.status) in LIVE
           for o in await uow.orders.of_ticket(ticket.id)):
        raise OrderError(f"unit {unit.code} holds an open order of this ticket already")
    respond, resolve = sla_for(ticket.category, ticket.urgency).deadlines(now)
    order = await uow.orders.add(WorkOrder(
        ticket_id=ticket.id, unit_id=unit.id, status=OrderStatus.OPEN.value, dispatched_at=now,
        dispatched_by=staff.id, respond_due_at=respond, resolve_due_at=resolve))
    await uow.events.append(ticket.id, "dispatched", "staff", staff.id, at=now,
                            update_id=update_id, payload={"order": order.id, "unit": unit.id,
                                                          "replaces": replaces})
    return order


async def dispatch(uow_factory: UowFactory, telegram_user_id: int, ticket_id: int,
                   unit_ids: list[int], *, now: datetime,
                   update_id: int | None = None) -> Step:
    """The ticket's unit (a supervisor there, or the street leader) sends it to units."""
    if not unit_ids:
        raise OrderError("no unit to dispatch to")
    async with uow_factory() as uow:
        staff = await active_row(uow, telegram_user_id)
        ticket = await uow.tickets.get(ticket_id)
        if ticket is None or TicketStatus(ticket.status) not in OPEN_STATES:
            raise OrderError(f"ticket {ticket_id} is not open")
        home = await uow.units.get(ticket.unit_id) if ticket.unit_id else None
        if home is None or UnitKind(home.kind) not in DISPATCHERS:
            raise OrderError("only a community or the desk dispatches")
        await require(uow, staff, home, UnitRole.SUPERVISOR)
        orders = []
        for unit_id in dict.fromkeys(unit_ids):
            unit = await uow.units.get(unit_id)
            if unit is None:
                raise OrderError(f"no unit {unit_id}")
            orders.append(await _new_order(uow, ticket, unit, staff, now, update_id))
        if ticket.status != TicketStatus.CLAIMED:  # the dispatcher holds the ticket now
            ticket.status, ticket.assignee_id = TicketStatus.CLAIMED.value, staff.id
            ticket.claimed_at = ticket.claimed_at or now
        done = Step(tuple([await view(uow, o) for o in orders]), ticket.id)
        await _commit(uow)
        return done


async def _order_for(uow, telegram_user_id: int, order_id: int, at_least: UnitRole,
                     allowed: frozenset[OrderStatus]):
    staff = await active_row(uow, telegram_user_id)
    order = await uow.orders.get(order_id)
    if order is None:
        raise OrderError(f"no order {order_id}")
    await require(uow, staff, await uow.units.get(order.unit_id), at_least)
    if OrderStatus(order.status) not in allowed:
        raise OrderError(f"order {order_id} is {order.status}")
    return staff, order


async def check(uow_factory: UowFactory, telegram_user_id: int, order_id: int) -> OrderView:
    """Raises unless the member may finish or send back the order now; else the order."""
    async with uow_factory() as uow:
        _, order = await _order_for(uow, telegram_user_id, order_id, UnitRole.WORKER,
                                    frozenset({OrderStatus.OPEN, OrderStatus.CLAIMED}))
        return await view(uow, order)


async def take(uow_factory: UowFactory, telegram_user_id: int, order_id: int, *,
               now: datetime, update_id: int | None = None) -> Step:
    """A worker of the order's unit takes it (its first response)."""
    async with uow_factory() as uow:
        staff, order = await _order_for(uow, telegram_user_id, order_id, UnitRole.WORKER,
                                        frozenset({OrderStatus.OPEN}))
        order.status, order.assignee_id = OrderStatus.CLAIMED.value, staff.id
        order.first_response_at = order.first_response_at or now
        # The unit holding the order sees the resident's contact: its worker gets it privately.
        await uow.events.append(order.ticket_id, "order_taken", "staff", staff.id, at=now,
                                update_id=update_id,
                                payload={"order": order.id, "contact_shown": True})
        ticket = await uow.tickets.get(order.ticket_id)
        done = Step((await view(uow, order),), order.ticket_id, contact=contact_of(ticket))
        await _commit(uow)
        return done


async def finish(uow_factory: UowFactory, telegram_user_id: int, order_id: int, result: str,
                 *, now: datetime, update_id: int | None = None,
                 timing: Timing | None = None) -> Step:
    """The unit reports its order done; the last one done resolves the ticket."""
    result = meaningful(result)
    if result is None:
        raise OrderError("a result needs two real characters")
    async with uow_factory() as uow:
        staff, order = await _order_for(uow, telegram_user_id, order_id, UnitRole.WORKER,
                                        frozenset({OrderStatus.OPEN, OrderStatus.CLAIMED}))
        order.status, order.done_at, order.result = OrderStatus.DONE.value, now, result[:2000]
        order.assignee_id = order.assignee_id or staff.id
        order.first_response_at = order.first_response_at or now
        await uow.events.append(order.ticket_id, "order_done", "staff", staff.id, at=now,
                                update_id=update_id, payload={"order": order.id,
                                                              "result": result[:2000]})
        resolved = await _resolve_if_all_done(uow, order.ticket_id, staff, now, update_id,
                                              timing or Timing())
        done = Step((await view(uow, order),), order.ticket_id, resolved)
        await _commit(uow)
        return done


async def send_back(uow_factory: UowFactory, telegram_user_id: int, order_id: int,
                    reason: str, *, now: datetime, update_id: int | None = None) -> Step:
    """The unit sends the order back (退单) with a reason; the dispatcher decides."""
    reason = meaningful(reason)
    if reason is None:
        raise OrderError("a reason needs two real characters")
    async with uow_factory() as uow:
        staff, order = await _order_for(uow, telegram_user_id, order_id, UnitRole.WORKER,
                                        frozenset({OrderStatus.OPEN, OrderStatus.CLAIMED}))
        order.status, order.returned_reason = OrderStatus.RETURNED.value, reason[:1000]
        await uow.events.append(order.ticket_id, "order_returned", "staff", staff.id, at=now,
                                update_id=update_id, payload={"order": order.id,
                                                              "reason": reason[:1000]})
        done = Step((await view(uow, order),), order.ticket_id)
        await _commit(uow)
        return done


async def decide(uow_factory: UowFactory, telegram_user_id: int, order_id: int,
                 decision: Decision, *, now: datetime, to_unit: int | None = None,
                 update_id: int | None = None, timing: Timing | None = None) -> Step:
    """The dispatcher decides on an order sent back: keep, close, or re-dispatch."""
    async with uow_factory() as uow:
        staff = await active_row(uow, telegram_user_id)
        order = await uow.orders.get(order_id)
        if order is None:
            raise OrderError(f"no order {order_id}")
        ticket = await uow.tickets.get(order.ticket_id)
        home = await uow.units.get(ticket.unit_id) if ticket.unit_id else None
        if home is None:
            raise OrderError("the ticket has no dispatching unit")
        await require(uow, staff, home, UnitRole.SUPERVISOR)
        if OrderStatus(order.status) is not OrderStatus.RETURNED:
            raise OrderError(f"order {order_id} is {order.status}, not sent back")
        touched, resolved = [order], False
        if decision is Decision.KEEP:
            order.status = OrderStatus.CLAIMED.value if order.assignee_id else \
                OrderStatus.OPEN.value
        else:
            order.status = OrderStatus.CANCELLED.value
        await uow.events.append(ticket.id, "order_decided", "staff", staff.id, at=now,
                                update_id=update_id, payload={"order": order.id,
                                                              "decision": decision.value,
                                                              "to_unit": to_unit})
        if decision is Decision.REDISPATCH:
            unit = await uow.units.get(to_unit) if to_unit is not None else None
            if unit is None:
                raise OrderError("re-dispatch needs a unit")
            touched.append(await _new_order(uow, ticket, unit, staff, now, update_id,
                                            replaces=order.id))
        elif decision is Decision.CLOSE:
            resolved = await _resolve_if_all_done(uow, ticket.id, staff, now, update_id,
                                                  timing or Timing())
        done = Step(tuple([await view(uow, o) for o in touched]), ticket.id, resolved)
        await _commit(uow)
        return done


async def _resolve_if_all_done(uow, ticket_id: int, staff: StaffMember, now: datetime,
                               update_id: int | None, timing: Timing) -> bool:
    """Resolves the ticket when no order is live and at least one is done."""
    orders = await uow.orders.of_ticket(ticket_id)
    if any(OrderStatus(o.status) in LIVE for o in orders):
        return False
    done = [o for o in orders if o.status == OrderStatus.DONE]
    ticket = await uow.tickets.get(ticket_id)
    if not done or ticket.status != TicketStatus.CLAIMED:
        return False
    names = {o.unit_id: (await uow.units.get(o.unit_id)).name for o in done}
    note = "；".join(f"{names[o.unit_id]}：{o.result}" for o in done)
    ticket.status, ticket.resolved_at = TicketStatus.RESOLVED.value, now
    ticket.resolution_note = note[:2000]
    await schedule_cycle(uow, ticket, now=now, timing=timing)
    await uow.events.append(ticket.id, "resolved", "staff", staff.id, at=now,
                            update_id=update_id,
                            payload={"note": note[:2000], "orders": [o.id for o in done]})
    return True


async def targets(uow_factory: UowFactory, ticket_id: int) -> list[tuple[int, str]]:
    """(id, name) of the units a ticket may be dispatched to.

    Departments and services with a group of their own, when the ticket's unit is a
    community or the desk.
    """
    async with uow_factory() as uow:
        ticket = await uow.tickets.get(ticket_id)
        home = await uow.units.get(ticket.unit_id) if ticket and ticket.unit_id else None
        if home is None or UnitKind(home.kind) not in DISPATCHERS:
            return []
        return [(u.id, u.name) for u in await uow.units.list_all()
                if u.active and u.chat_id is not None and UnitKind(u.kind) in TAKERS]


async def order_view(uow_factory: UowFactory, order_id: int) -> OrderView:
    """One order as its card shows it."""
    async with uow_factory() as uow:
        order = await uow.orders.get(order_id)
        if order is None:
            raise OrderError(f"no order {order_id}")
        return await view(uow, order)


async def set_card(uow_factory: UowFactory, order_id: int, *, thread_id: int | None,
                   message_id: int | None) -> None:
    """Records the order's topic and card in its unit's group."""
    async with uow_factory() as uow:
        order = await uow.orders.get(order_id)
        if thread_id is not None:
            order.staff_thread_id = thread_id
        if message_id is not None:
            order.staff_chat_message_id = message_id
        await _commit(uow)
