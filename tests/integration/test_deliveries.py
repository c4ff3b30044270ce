from __future__ import annotations

import pytest

from storage.errors import Conflict
from storage.models import Delivery, Resident
from tests.integration.factories import add_notice, add_resident


async def test_one_delivery_per_notice_and_resident(uow_factory):
    async with uow_factory() as uow:
        notice = await add_notice(uow)
        resident = await add_resident(uow)
        await uow.deliveries.add(Delivery(notice_id=notice.id, resident_id=resident.id,
                                          status="pending"))
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(Conflict):
            await uow.deliveries.add(Delivery(notice_id=notice.id, resident_id=resident.id,
                                              status="pending"))


async def test_add_many_skips_existing_pairs(uow_factory):
    async with uow_factory() as uow:
        notice = await add_notice(uow)
        ids = [(await add_resident(uow)).id for _ in range(5)]
        assert await uow.deliveries.add_many(notice.id, ids[:3], "pending") == 3
        assert await uow.deliveries.add_many(notice.id, ids + ids, "pending") == 2
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.deliveries.counts_by_status(notice.id) == {"pending": 5}
        delivery = await uow.deliveries.get_for(notice.id, ids[0])
        assert delivery.attempts == 0 and delivery.created_at is not None


async def test_add_many_handles_large_audiences(uow_factory):
    async with uow_factory() as uow:
        notice = await add_notice(uow)
        residents = await uow.residents.add_all(
            [Resident(telegram_user_id=900_000 + n) for n in range(1200)]
        )
        created = await uow.deliveries.add_many(notice.id, [r.id for r in residents], "pending")
        assert created == 1200
        rows = await uow.deliveries.list_by_status(notice.id, ["pending"])
        assert len(rows) == 1200
