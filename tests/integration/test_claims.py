from __future__ import annotations

import asyncio
from datetime import timedelta

from storage.models import Survey
from tests.integration.factories import T0, add_notice, add_resident, add_ticket

LEASE = timedelta(seconds=60)


async def _surveys(uow_factory, count: int, due=T0) -> list[int]:
    async with uow_factory() as uow:
        resident = await add_resident(uow)
        ticket = await add_ticket(uow, resident.id)
        rows = [Survey(ticket_id=ticket.id, resident_id=resident.id, round=n, status="scheduled",
                       due_at=due) for n in range(1, count + 1)]
        await uow.surveys.add_all(rows)
        await uow.commit()
    return [row.id for row in rows]


async def _claim(uow_factory, token: str, now, limit=6, **kw) -> list[int]:
    async with uow_factory() as uow:
        rows = await uow.surveys.claim_due(
            now=now, limit=limit, worker_token=token, lease=LEASE, statuses=["scheduled"], **kw
        )
        await uow.commit()
    return [row.id for row in rows]


async def test_two_concurrent_claimers_get_disjoint_rows(uow_factory):
    ids = await _surveys(uow_factory, 10)
    a, b = await asyncio.gather(_claim(uow_factory, "a", T0), _claim(uow_factory, "b", T0))
    assert not set(a) & set(b)
    assert sorted(a + b) == sorted(ids)
    assert max(len(a), len(b)) <= 6


async def test_many_concurrent_claimers_never_share(uow_factory):
    ids = await _surveys(uow_factory, 30)
    results = await asyncio.gather(*(_claim(uow_factory, f"w{n}", T0, 4) for n in range(10)))
    claimed = [row_id for rows in results for row_id in rows]
    assert len(claimed) == len(set(claimed)) == len(ids)


async def test_claimed_rows_are_held_until_the_lease_runs_out(uow_factory):
    ids = await _surveys(uow_factory, 3)
    assert sorted(await _claim(uow_factory, "a", T0)) == sorted(ids)
    assert await _claim(uow_factory, "b", T0 + timedelta(seconds=30)) == []
    assert sorted(await _claim(uow_factory, "b", T0 + LEASE + timedelta(seconds=1))) == ids
    async with uow_factory() as uow:
        rows = await uow.surveys.list_for_ticket((await uow.surveys.get(ids[0])).ticket_id)
        assert {row.claim_token for row in rows} == {"b"}


async def test_only_due_rows_in_the_given_states_are_claimed(uow_factory):
    due = await _surveys(uow_factory, 2)
    await _surveys(uow_factory, 2, due=T0 + timedelta(hours=1))
    async with uow_factory() as uow:
        (await uow.surveys.get(due[1])).status = "sent"
        await uow.commit()
    assert await _claim(uow_factory, "a", T0) == [due[0]]


async def test_claim_can_set_columns_and_release_ends_the_lease(uow_factory):
    ids = await _surveys(uow_factory, 2)
    async with uow_factory() as uow:
        rows = await uow.surveys.claim_due(now=T0, limit=5, worker_token="a", lease=LEASE,
                                           statuses=["scheduled"], values={"status": "sending"})
        assert {row.status for row in rows} == {"sending"}
        assert all(row.claimed_until == T0 + LEASE for row in rows)
        assert await uow.surveys.release(ids, "someone-else") == 0
        assert await uow.surveys.release(ids[:1], "a", {"status": "sent", "sent_at": T0}) == 1
        await uow.commit()
    async with uow_factory() as uow:
        first, second = await uow.surveys.get(ids[0]), await uow.surveys.get(ids[1])
        assert (first.status, first.claim_token, first.claimed_until) == ("sent", None, None)
        assert (second.status, second.claim_token) == ("sending", "a")


async def test_claim_is_rolled_back_with_its_transaction(uow_factory):
    ids = await _surveys(uow_factory, 2)
    async with uow_factory() as uow:
        assert len(await uow.surveys.claim_due(now=T0, limit=5, worker_token="a", lease=LEASE,
                                               statuses=["scheduled"])) == 2
    assert sorted(await _claim(uow_factory, "b", T0)) == sorted(ids)


async def test_reminders_are_claimed_until_sent(uow_factory):
    async with uow_factory() as uow:
        resident = await add_resident(uow)
        ticket = await add_ticket(uow, resident.id)
        await uow.reminders.schedule(ticket.id, "respond_soon", T0)
        await uow.reminders.schedule(ticket.id, "respond_overdue", T0 + timedelta(hours=2))
        await uow.commit()
    async with uow_factory() as uow:
        rows = await uow.reminders.claim_due(now=T0, limit=10, worker_token="a", lease=LEASE)
        assert [row.kind for row in rows] == ["respond_soon"]
        await uow.reminders.release([rows[0].id], "a", {"sent_at": T0})
        await uow.commit()
    async with uow_factory() as uow:
        later = T0 + timedelta(hours=3)
        rows = await uow.reminders.claim_due(now=later, limit=10, worker_token="b", lease=LEASE)
        assert [row.kind for row in rows] == ["respond_overdue"]
        again = await uow.reminders.schedule(ticket.id, "respond_soon", later)
        assert again.sent_at is None and again.due_at == later


async def test_deliveries_with_no_next_attempt_are_due_at_once(uow_factory):
    async with uow_factory() as uow:
        notice = await add_notice(uow)
        people = [await add_resident(uow) for _ in range(3)]
        await uow.deliveries.add_many(notice.id, [p.id for p in people[:2]], "pending")
        await uow.deliveries.add_many(notice.id, [people[2].id], "deferred",
                                      next_attempt_at=T0 + timedelta(hours=1))
        await uow.commit()
    async with uow_factory() as uow:
        long_lease = timedelta(hours=3)
        rows = await uow.deliveries.claim_due(now=T0, limit=10, worker_token="a",
                                              lease=long_lease, statuses=["pending", "deferred"],
                                              notice_id=notice.id)
        assert sorted(row.resident_id for row in rows) == sorted(p.id for p in people[:2])
        rows = await uow.deliveries.claim_due(now=T0 + timedelta(hours=2), limit=10,
                                              worker_token="a", lease=long_lease,
                                              statuses=["pending", "deferred"])
        assert [row.resident_id for row in rows] == [people[2].id]
