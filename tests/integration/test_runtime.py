"""Leases and versions shared by the bot's processes, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain import runtime


async def test_a_lease_is_held_by_one_holder_until_it_lapses_or_is_released(uow_factory):
    now = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
    assert await runtime.lead(uow_factory, runtime.SENDER, "out-1-a", now)
    assert not await runtime.lead(uow_factory, runtime.SENDER, "out-2-b", now)
    later = now + timedelta(seconds=2)
    assert await runtime.lead(uow_factory, runtime.SENDER, "out-1-a", later)  # renewed
    assert not await runtime.lead(uow_factory, runtime.SENDER, "out-2-b",
                                  later + runtime.LEASE_FOR - timedelta(seconds=1))
    lapsed = later + runtime.LEASE_FOR + timedelta(seconds=1)
    assert await runtime.lead(uow_factory, runtime.SENDER, "out-2-b", lapsed)  # taken over
    assert await runtime.holder(uow_factory, runtime.SENDER, lapsed) == "out-2-b"
    assert not await runtime.lead(uow_factory, runtime.SENDER, "out-1-a", lapsed)
    await runtime.release(uow_factory, runtime.SENDER, "out-1-a")  # not its lease: no effect
    assert await runtime.holder(uow_factory, runtime.SENDER, lapsed) == "out-2-b"
    await runtime.release(uow_factory, runtime.SENDER, "out-2-b")
    assert await runtime.holder(uow_factory, runtime.SENDER, lapsed) is None
    assert await runtime.lead(uow_factory, runtime.SENDER, "out-1-a", lapsed)


async def test_versions_start_at_zero_and_rise_by_one(uow_factory):
    now = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
    assert await runtime.version(uow_factory, runtime.NLU) == 0
    assert await runtime.bump(uow_factory, runtime.NLU, now) == 1
    assert await runtime.bump(uow_factory, runtime.NLU, now) == 2
    assert await runtime.version(uow_factory, runtime.NLU) == 2
