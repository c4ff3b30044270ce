from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.errors import ConcurrentUpdate, Conflict
from storage.models import Resident
from tests.integration.factories import add_resident, add_ticket


async def _count_residents(uow_factory) -> int:
    async with uow_factory() as uow:
        return len(list(await uow.session.scalars(select(Resident))))


async def test_rolls_back_without_commit(uow_factory):
    async with uow_factory() as uow:
        await add_resident(uow)
    assert await _count_residents(uow_factory) == 0


async def test_keeps_with_commit(uow_factory):
    async with uow_factory() as uow:
        resident = await add_resident(uow, first_name="王")
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.residents.get(resident.id)
        assert stored is not None and stored.first_name == "王"


async def test_rolls_back_on_exception(uow_factory):
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            await add_resident(uow)
            raise RuntimeError("boom")
    assert await _count_residents(uow_factory) == 0


async def test_work_after_commit_is_rolled_back(uow_factory):
    async with uow_factory() as uow:
        await add_resident(uow)
        await uow.commit()
        await add_resident(uow)
    assert await _count_residents(uow_factory) == 1


async def test_unique_violation_is_a_conflict(uow_factory):
    async with uow_factory() as uow:
        await add_resident(uow, telegram_user_id=42)
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(Conflict):
            await add_resident(uow, telegram_user_id=42)


async def test_foreign_keys_are_enforced(uow_factory):
    async with uow_factory() as uow:
        with pytest.raises(Conflict):
            await add_ticket(uow, resident_id=999_999)


async def test_stale_ticket_version_is_a_concurrent_update(uow_factory):
    async with uow_factory() as uow:
        resident = await add_resident(uow)
        ticket = await add_ticket(uow, resident.id)
        await uow.commit()
    async with uow_factory() as first:
        mine = await first.tickets.get(ticket.id)
        await first.commit()  # ends the read; the loaded object stays usable
        assert mine.version == 1
        async with uow_factory() as second:
            theirs = await second.tickets.get(ticket.id)
            theirs.status = "claimed"
            await second.commit()
        mine.status = "withdrawn"
        with pytest.raises(ConcurrentUpdate):
            await first.commit()
    async with uow_factory() as uow:
        stored = await uow.tickets.get(ticket.id)
        assert (stored.status, stored.version) == ("claimed", 2)
