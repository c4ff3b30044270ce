from __future__ import annotations

import asyncio
from datetime import date

import pytest


async def _allocate(uow_factory, day: date) -> str:
    async with uow_factory() as uow:
        code = await uow.counters.next_ticket_code(day)
        await uow.commit()
    return code


async def test_codes_are_sequential_per_day(uow_factory):
    day = date(2026, 11, 23)
    assert await _allocate(uow_factory, day) == "JS-20261123-0001"
    assert await _allocate(uow_factory, day) == "JS-20261123-0002"
    assert await _allocate(uow_factory, date(2026, 11, 24)) == "JS-20261124-0001"


async def test_codes_are_unique_under_concurrency(uow_factory):
    day = date(2026, 11, 23)
    codes = await asyncio.gather(*(_allocate(uow_factory, day) for _ in range(20)))
    assert len(set(codes)) == 20
    assert sorted(codes) == [f"JS-20261123-{n:04d}" for n in range(1, 21)]


async def test_a_rolled_back_allocation_is_not_consumed(uow_factory):
    async with uow_factory() as uow:
        assert await uow.counters.next_value("x") == 1
    async with uow_factory() as uow:
        assert await uow.counters.next_value("x") == 1
        assert await uow.counters.next_value("x") == 2


async def test_drawn_codes_are_unique_and_increasing(uow_factory):
    day = date(2026, 11, 23)

    async def draw() -> str:
        async with uow_factory() as uow:
            code = await uow.counters.draw_ticket_code(day)
            await uow.commit()
        return code

    codes = await asyncio.gather(*(draw() for _ in range(10)))
    assert sorted(codes) == [f"JS-20261123-{n:04d}" for n in range(1, 11)]
    assert await _allocate(uow_factory, day) == "JS-20261123-0011"


@pytest.mark.parametrize("db_url", [pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
async def test_on_postgres_a_draw_does_not_wait_for_another_open_transaction(uow_factory):
    """Confirmations arriving together: the first one's transaction is still open (its
    ticket, events, reminders...) while the next draws its code. ``next_value`` keeps the
    day's row locked until the first commits; ``draw`` committed at once."""
    day = date(2026, 11, 23)
    async with uow_factory() as first:
        assert await first.counters.draw_ticket_code(day) == "JS-20261123-0001"
        await first.tickets.get_by_idempotency_key("k")  # the transaction goes on
        async with uow_factory() as second:
            code = await asyncio.wait_for(second.counters.draw_ticket_code(day), 5)
            assert code == "JS-20261123-0002"
        await first.commit()
