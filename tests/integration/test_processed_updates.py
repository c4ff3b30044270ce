from __future__ import annotations

import asyncio
from datetime import timedelta

from domain.updates import claim_update
from tests.integration.factories import T0


async def test_mark_is_true_only_the_first_time(uow_factory):
    async with uow_factory() as uow:
        assert await uow.processed_updates.mark(1001, kind="message") is True
        assert await uow.processed_updates.mark(1001) is False
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.processed_updates.mark(1001) is False
        assert await uow.processed_updates.mark(1002) is True


async def test_mark_without_commit_is_forgotten(uow_factory):
    async with uow_factory() as uow:
        assert await uow.processed_updates.mark(7)
    async with uow_factory() as uow:
        assert await uow.processed_updates.mark(7)


async def test_concurrent_marks_of_one_update_let_one_through(uow_factory):
    results = await asyncio.gather(*(claim_update(uow_factory, 5555) for _ in range(8)))
    assert sorted(results) == [False] * 7 + [True]


async def test_big_update_ids_fit(uow_factory):
    async with uow_factory() as uow:
        assert await uow.processed_updates.mark(2**62)
        assert not await uow.processed_updates.mark(2**62)


async def test_prune_forgets_old_ids(uow_factory):
    async with uow_factory() as uow:
        await uow.processed_updates.mark(1, at=T0 - timedelta(days=3))
        await uow.processed_updates.mark(2, at=T0)
        assert await uow.processed_updates.prune(before=T0 - timedelta(days=1)) == 1
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.processed_updates.mark(1) is True
        assert await uow.processed_updates.mark(2) is False
