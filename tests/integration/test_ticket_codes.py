from __future__ import annotations

import asyncio
from datetime import date


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
