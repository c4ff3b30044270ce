"""Work orders (派件) on real SQLite and PostgreSQL: parallel orders, send-back and the
dispatcher's decision, the ticket resolved by its last order, who may do what, the audit."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from domain.sla import sla_for
from domain.staff.roster import NotStaff
from domain.units import datafile
from domain.units.access import NotInUnit
from domain.units.orders import (
    Decision,
    OrderError,
    OrderStatus,
    chain,
    decide,
    dispatch,
    finish,
    send_back,
    take,
)
from tests.integration.factories import T0, add_resident, add_ticket

LEAD, HEAT, WATER, OTHER, LEADER = 7001, 7002, 7003, 7004, 7005
STREET = {
    "units": [
        {"code": "js-1", "name": "一社区", "kind": "community", "chat_id": -1001000000011},
        {"code": "js-2", "name": "二社区", "kind": "community", "chat_id": -1001000000012},
        {"code": "heat", "name": "供热公司", "kind": "service", "chat_id": -1001000000020},
        {"code": "water", "name": "自来水公司", "kind": "service", "chat_id": -1001000000021},
        {"code": "gas", "name": "燃气公司", "kind": "service", "chat_id": -1001000000022},
    ],
    "staff": [
        {"telegram_user_id": LEAD, "name": "李", "units": {"js-1": "supervisor"}},
        {"telegram_user_id": HEAT, "name": "热", "units": {"heat": "worker"}},
        {"telegram_user_id": WATER, "name": "水", "units": {"water": "worker"}},
        {"telegram_user_id": OTHER, "name": "别", "units": {"js-2": "supervisor"}},
        {"telegram_user_id": LEADER, "name": "街", "units": {"js-2": "worker"},
         "street_leader": True},
    ],
}
NOW = T0 + timedelta(hours=1)


@pytest.fixture
async def street(uow_factory):
    await datafile.apply(uow_factory, datafile.read_plan(STREET))
    async with uow_factory() as uow:
        units = {u.code: u.id for u in await uow.units.list_all()}
        resident = await add_resident(uow)
        ticket_id = (await add_ticket(uow, resident.id, unit_id=units["js-1"])).id
        await uow.commit()
        return units, ticket_id


async def _events(uow_factory, ticket_id):
    async with uow_factory() as uow:
        rows = await uow.events.list_for_ticket(ticket_id)
        return [(e.kind, dict(e.payload or {})) for e in rows]


async def _ticket(uow_factory, ticket_id):
    async with uow_factory() as uow:
        ticket = await uow.tickets.get(ticket_id)
        plain = SimpleNamespace(status=ticket.status, resolution_note=ticket.resolution_note)
        surveys = len(await uow.surveys.list_for_ticket(ticket_id))
        return plain, surveys, await chain(uow, ticket_id)


async def test_a_parallel_dispatch_makes_one_order_per_unit_with_its_own_clock(
        uow_factory, street):
    units, ticket_id = street
    step = await dispatch(uow_factory, LEAD, ticket_id, [units["heat"], units["water"]],
                          now=NOW)
    assert [(o.unit_name, o.status) for o in step.orders] == [
        ("供热公司", OrderStatus.OPEN), ("自来水公司", OrderStatus.OPEN)]
    respond, resolve = sla_for("城乡建设/城市建设和市政管理/冬季采暖", "normal").deadlines(NOW)
    assert all((o.respond_due_at, o.resolve_due_at) == (respond, resolve) for o in step.orders)
    ticket, _, orders = await _ticket(uow_factory, ticket_id)
    assert ticket.status == "claimed" and len(orders) == 2
    kinds = [k for k, _ in await _events(uow_factory, ticket_id)]
    assert kinds == ["dispatched", "dispatched"]


async def test_one_unit_sends_back_the_other_resolves_the_dispatcher_closes_the_ticket_resolves(
        uow_factory, street):
    units, ticket_id = street
    heat, water = (await dispatch(uow_factory, LEAD, ticket_id, [units["heat"], units["water"]],
                                  now=NOW)).orders
    await take(uow_factory, HEAT, heat.id, now=NOW + timedelta(minutes=5))
    back = await send_back(uow_factory, HEAT, heat.id, "不是供热问题，是楼内管道",
                           now=NOW + timedelta(minutes=10))
    assert back.orders[0].status is OrderStatus.RETURNED
    done = await finish(uow_factory, WATER, water.id, "已更换入户阀门",
                        now=NOW + timedelta(hours=2))
    assert not done.ticket_resolved  # the order sent back still waits for the dispatcher
    closed = await decide(uow_factory, LEAD, heat.id, Decision.CLOSE,
                          now=NOW + timedelta(hours=3))
    assert closed.ticket_resolved
    ticket, surveys, orders = await _ticket(uow_factory, ticket_id)
    assert ticket.status == "resolved" and ticket.resolution_note == "自来水公司：已更换入户阀门"
    assert surveys  # the resident's callbacks are scheduled, once, for the one ticket
    assert [(o.unit_name, o.status, o.assignee) for o in orders] == [
        ("供热公司", OrderStatus.CANCELLED, "热"), ("自来水公司", OrderStatus.DONE, "水")]
    assert orders[0].returned_reason == "不是供热问题，是楼内管道"
    kinds = [k for k, _ in await _events(uow_factory, ticket_id)]
    assert kinds == ["dispatched", "dispatched", "order_taken", "order_returned", "order_done",
                     "order_decided", "resolved"]


async def test_a_redispatched_order_replaces_the_one_sent_back(uow_factory, street):
    units, ticket_id = street
    [heat] = (await dispatch(uow_factory, LEAD, ticket_id, [units["heat"]], now=NOW)).orders
    await send_back(uow_factory, HEAT, heat.id, "燃气的事", now=NOW)
    step = await decide(uow_factory, LEAD, heat.id, Decision.REDISPATCH, to_unit=units["gas"],
                        now=NOW + timedelta(minutes=1))
    assert [(o.unit_name, o.status) for o in step.orders] == [
        ("供热公司", OrderStatus.CANCELLED), ("燃气公司", OrderStatus.OPEN)]
    events = await _events(uow_factory, ticket_id)
    assert events[-1] == ("dispatched", {"order": step.orders[1].id, "unit": units["gas"],
                                         "replaces": heat.id})


async def test_a_kept_order_goes_back_to_its_unit_and_its_result_resolves_the_ticket(
        uow_factory, street):
    units, ticket_id = street
    [heat] = (await dispatch(uow_factory, LEAD, ticket_id, [units["heat"]], now=NOW)).orders
    await take(uow_factory, HEAT, heat.id, now=NOW)
    await send_back(uow_factory, HEAT, heat.id, "人手不够", now=NOW)
    kept = await decide(uow_factory, LEAD, heat.id, Decision.KEEP, now=NOW)
    assert kept.orders[0].status is OrderStatus.CLAIMED and kept.orders[0].assignee == "热"
    done = await finish(uow_factory, HEAT, heat.id, "暖气已恢复", now=NOW + timedelta(hours=4))
    assert done.ticket_resolved


async def test_the_street_leader_acts_for_any_unit(uow_factory, street):
    units, ticket_id = street
    [heat] = (await dispatch(uow_factory, LEADER, ticket_id, [units["heat"]], now=NOW)).orders
    assert (await finish(uow_factory, LEADER, heat.id, "街道协调解决", now=NOW)).ticket_resolved


async def test_nobody_acts_for_a_unit_they_do_not_work_in(uow_factory, street):
    units, ticket_id = street
    with pytest.raises(NotInUnit):
        await dispatch(uow_factory, OTHER, ticket_id, [units["heat"]], now=NOW)  # js-2's
    with pytest.raises(NotInUnit):
        await dispatch(uow_factory, HEAT, ticket_id, [units["heat"]], now=NOW)  # not js-1
    with pytest.raises(NotStaff):
        await dispatch(uow_factory, 1, ticket_id, [units["heat"]], now=NOW)
    [heat] = (await dispatch(uow_factory, LEAD, ticket_id, [units["heat"]], now=NOW)).orders
    for who in (WATER, OTHER, LEAD):  # another unit's worker; the dispatcher is not in heat
        for act in (lambda u: take(uow_factory, u, heat.id, now=NOW),
                    lambda u: finish(uow_factory, u, heat.id, "做完了", now=NOW),
                    lambda u: send_back(uow_factory, u, heat.id, "不归我们", now=NOW)):
            with pytest.raises(NotInUnit):
                await act(who)
    await send_back(uow_factory, HEAT, heat.id, "不归我们", now=NOW)
    with pytest.raises(NotInUnit):  # only the dispatching unit decides
        await decide(uow_factory, HEAT, heat.id, Decision.CLOSE, now=NOW)
    _, _, orders = await _ticket(uow_factory, ticket_id)
    assert [o.status for o in orders] == [OrderStatus.RETURNED]


async def test_orders_refused_by_their_state(uow_factory, street):
    units, ticket_id = street
    with pytest.raises(OrderError, match="takes no orders"):
        await dispatch(uow_factory, LEAD, ticket_id, [units["js-2"]], now=NOW)
    with pytest.raises(OrderError, match="no unit to dispatch"):
        await dispatch(uow_factory, LEAD, ticket_id, [], now=NOW)
    [heat] = (await dispatch(uow_factory, LEAD, ticket_id, [units["heat"]], now=NOW)).orders
    with pytest.raises(OrderError, match="holds an open order"):
        await dispatch(uow_factory, LEAD, ticket_id, [units["heat"]], now=NOW)
    with pytest.raises(OrderError, match="two real characters"):
        await finish(uow_factory, HEAT, heat.id, " 。", now=NOW)
    with pytest.raises(OrderError, match="not sent back"):
        await decide(uow_factory, LEAD, heat.id, Decision.CLOSE, now=NOW)
    await finish(uow_factory, HEAT, heat.id, "修好了", now=NOW)
    with pytest.raises(OrderError, match="is done"):
        await take(uow_factory, HEAT, heat.id, now=NOW)
    with pytest.raises(OrderError, match="not open"):  # the ticket is resolved now
        await dispatch(uow_factory, LEAD, ticket_id, [units["water"]], now=NOW)


async def test_the_full_contact_by_code_only_for_a_supervisor_of_the_tickets_unit(
        uow_factory, street):
    from domain.staff.queries import by_code

    _, ticket_id = street
    async with uow_factory() as uow:
        ticket = await uow.tickets.get(ticket_id)
        ticket.contact_phone, code = "13800138000", ticket.code
        await uow.commit()
    _, _, contact = await by_code(uow_factory, LEAD, code)
    assert contact is not None and contact.phone == "13800138000"
    for other in (OTHER, HEAT):  # js-2's supervisor; a service's worker
        view, _, contact = await by_code(uow_factory, other, code)
        assert contact is None and "13800138000" not in view.masked_phone
    assert (await by_code(uow_factory, LEADER, code))[2] is not None  # the street leader
