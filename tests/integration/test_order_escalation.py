"""Escalation of overdue work orders (吹哨) on real SQLite and PostgreSQL, on a controlled
clock: once per deadline, the summons by a street supervisor only and once, the second level
once when the summons is not answered in time, none when it is."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain import outbox
from domain.outbox import staged
from domain.units import datafile
from domain.units.escalation import (
    ANSWER_WITHIN,
    RESOLVE,
    RESPOND,
    SECOND,
    STREET,
    escalate_due,
    second_due,
    waiting,
)
from domain.units.orders import dispatch, finish, take
from domain.units.summons import NoSummons, NotHead, NotStreet, answer, summon
from storage.uow import one_transaction
from tests.integration.factories import T0, add_resident, add_ticket

LEAD, HEAD, HW, DESK, LEADER = 7101, 7102, 7103, 7104, 7105
DESK_CHAT, HEAT_CHAT = -1001000000010, -1001000000020
STREET_PLAN = {
    "units": [
        {"code": "desk", "name": "街道平台", "kind": "desk", "chat_id": DESK_CHAT},
        {"code": "js-1", "name": "一社区", "kind": "community", "chat_id": -1001000000011},
        {"code": "heat", "name": "供热公司", "kind": "service", "chat_id": HEAT_CHAT},
    ],
    "staff": [
        {"telegram_user_id": LEAD, "name": "李", "units": {"js-1": "supervisor"}},
        {"telegram_user_id": HEAD, "name": "赵", "units": {"heat": "supervisor"}},
        {"telegram_user_id": HW, "name": "热", "units": {"heat": "worker"}},
        {"telegram_user_id": DESK, "name": "台", "units": {"desk": "supervisor"}},
        {"telegram_user_id": LEADER, "name": "街", "units": {"js-1": "worker"},
         "street_leader": True},
    ],
}
NOW = T0 + timedelta(hours=1)


@pytest.fixture
async def order(uow_factory):
    """One open order of 供热公司, dispatched at NOW; returns it."""
    await datafile.apply(uow_factory, datafile.read_plan(STREET_PLAN))
    async with uow_factory() as uow:
        units = {u.code: u.id for u in await uow.units.list_all()}
        resident = await add_resident(uow)
        ticket_id = (await add_ticket(uow, resident.id, unit_id=units["js-1"])).id
        await uow.commit()
    step = await dispatch(uow_factory, LEAD, ticket_id, [units["heat"]], now=NOW)
    return step.orders[0]


async def _events(uow_factory, ticket_id, kind):
    async with uow_factory() as uow:
        return [(e.actor_id, dict(e.payload)) for e in
                await uow.events.list_for_ticket(ticket_id, kind)]


async def test_each_deadline_escalates_once_to_the_street(uow_factory, order):
    assert await escalate_due(uow_factory, now=order.respond_due_at - timedelta(minutes=1)) \
        == []
    late = order.respond_due_at + timedelta(minutes=30)
    [first] = await escalate_due(uow_factory, now=late)
    assert (first.kind, first.ticket_code, first.unit_name) == (RESPOND, order.ticket_code,
                                                               "供热公司")
    assert first.late == timedelta(minutes=30) and first.desk_group == DESK_CHAT
    assert first.leaders == (LEADER,) and first.heads == (HEAD,)
    assert await escalate_due(uow_factory, now=late) == []
    [second] = await escalate_due(uow_factory, now=order.resolve_due_at + timedelta(minutes=1))
    assert second.kind == RESOLVE
    assert await escalate_due(uow_factory, now=order.resolve_due_at + timedelta(days=2)) == []
    assert [p["kind"] for _, p in await _events(uow_factory, order.ticket_id,
                                                  "order_escalated")] == [RESPOND, RESOLVE]


async def test_a_taken_order_is_not_escalated_for_its_response(uow_factory, order):
    await take(uow_factory, HW, order.id, now=NOW + timedelta(minutes=5))
    assert await escalate_due(uow_factory, now=order.respond_due_at + timedelta(hours=1)) == []
    await finish(uow_factory, HW, order.id, "已修好暖气", now=NOW + timedelta(minutes=50))
    assert await escalate_due(uow_factory, now=order.resolve_due_at + timedelta(hours=1)) == []


async def test_only_the_street_summons_and_only_once(uow_factory, order):
    at = order.respond_due_at + timedelta(minutes=1)
    [esc] = await escalate_due(uow_factory, now=at)
    for outsider in (HW, HEAD, LEAD):
        with pytest.raises(NotStreet):
            await summon(uow_factory, outsider, esc.id, now=at)
    blown = await summon(uow_factory, DESK, esc.id, now=at + timedelta(minutes=2), update_id=9)
    assert blown.summoned_by == "台" and blown.summoned_at == at + timedelta(minutes=2)
    assert await summon(uow_factory, LEADER, esc.id, now=at + timedelta(minutes=3)) is None
    async with uow_factory() as uow:
        desk = (await uow.staff.get_by_telegram_id(DESK)).id
    assert await _events(uow_factory, order.ticket_id, "order_summoned") == [
        (desk, {"order": order.id, "kind": RESPOND})]


async def test_an_unanswered_summons_goes_to_the_second_level_once(uow_factory, order):
    at = order.respond_due_at + timedelta(minutes=1)
    [esc] = await escalate_due(uow_factory, now=at)
    assert await second_due(uow_factory, now=at + timedelta(days=1)) == []  # not summoned
    await summon(uow_factory, LEADER, esc.id, now=at)
    assert await second_due(uow_factory, now=at + ANSWER_WITHIN - timedelta(minutes=1)) == []
    [level2] = await second_due(uow_factory, now=at + ANSWER_WITHIN)
    assert level2.id == esc.id and level2.leaders == (LEADER,)
    assert await second_due(uow_factory, now=at + ANSWER_WITHIN * 3) == []
    [waits] = await waiting(uow_factory)
    assert (waits.order_id, waits.level, waits.since) == (order.id, SECOND, at + ANSWER_WITHIN)
    assert [p["level"] for _, p in await _events(uow_factory, order.ticket_id,
                                                   "order_escalated")] == [STREET, SECOND]


async def test_an_answered_summons_has_no_second_level(uow_factory, order):
    at = order.respond_due_at + timedelta(minutes=1)
    [esc] = await escalate_due(uow_factory, now=at)
    [waits] = await waiting(uow_factory)
    assert (waits.level, waits.since, waits.summoned) == (STREET, at, False)
    await summon(uow_factory, DESK, esc.id, now=at)
    with pytest.raises(NotHead):
        await answer(uow_factory, HW, esc.id, now=at)  # a worker is not the unit's head
    assert (await answer(uow_factory, HEAD, esc.id, now=at + timedelta(minutes=9))).id == esc.id
    assert await answer(uow_factory, HEAD, esc.id, now=at + timedelta(minutes=10)) is None
    assert await second_due(uow_factory, now=at + ANSWER_WITHIN * 2) == []
    assert await waiting(uow_factory) == []
    assert len(await _events(uow_factory, order.ticket_id, "order_summons_answered")) == 1


async def test_an_order_taken_after_the_summons_answers_it(uow_factory, order):
    at = order.respond_due_at + timedelta(minutes=1)
    [esc] = await escalate_due(uow_factory, now=at)
    await summon(uow_factory, DESK, esc.id, now=at)
    await take(uow_factory, HW, order.id, now=at + timedelta(minutes=20))
    assert await waiting(uow_factory) == []
    assert await second_due(uow_factory, now=at + ANSWER_WITHIN) == []
    async with uow_factory() as uow:
        assert (await uow.escalations.get(esc.id)).answered_at is not None


async def test_a_crash_before_the_commit_keeps_nothing_and_the_next_tick_escalates(
        session_factory, uow_factory, order):
    late = order.respond_due_at + timedelta(minutes=1)
    with pytest.raises(RuntimeError):
        async with staged(lambda: one_transaction(session_factory), uow_factory):
            assert len(await escalate_due(uow_factory, now=late)) == 1
            outbox.collect(outbox.Outgoing("reminder", "sendMessage", -1, {"text": "卡片"}))
            raise RuntimeError("crash before the commit")
    async with uow_factory() as uow:
        assert await uow.outbox.counts() == {}  # neither the message nor the record
    assert await _events(uow_factory, order.ticket_id, "order_escalated") == []
    [again] = await escalate_due(uow_factory, now=late + timedelta(minutes=1))
    assert again.order_id == order.id


async def test_no_summons_for_an_order_that_moved_on(uow_factory, order):
    at = order.respond_due_at + timedelta(minutes=1)
    [esc] = await escalate_due(uow_factory, now=at)
    await take(uow_factory, HW, order.id, now=at + timedelta(minutes=1))
    with pytest.raises(NoSummons):
        await summon(uow_factory, DESK, esc.id, now=at + timedelta(minutes=2))
    with pytest.raises(NoSummons):
        await summon(uow_factory, DESK, 10**15, now=at)
