from __future__ import annotations

from datetime import timedelta

from storage.models import StaffMember
from tests.integration.factories import T0, add_resident


async def test_residents_by_telegram_id_and_place(uow_factory):
    async with uow_factory() as uow:
        a = await add_resident(uow, telegram_user_id=2**40, building="3", unit="1")
        b = await add_resident(uow, building="3", unit="2")
        c = await add_resident(uow, building="7", unit="1")
        await add_resident(uow, building="3", unit="1", erased_at=T0)
        await uow.residents.set_reachable(b.id, False)
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.residents.get_by_telegram_id(2**40)).id == a.id
        assert await uow.residents.ids_in(buildings=["3"]) == [a.id]
        assert await uow.residents.ids_in(buildings=["3"], reachable_only=False) == [a.id, b.id]
        assert await uow.residents.ids_in(units=[("7", "1"), ("3", "1")]) == [a.id, c.id]
        assert [r.id for r in await uow.residents.list_by_ids([c.id, a.id])] == [a.id, c.id]


async def test_staff_members(uow_factory):
    async with uow_factory() as uow:
        await uow.staff.add(StaffMember(telegram_user_id=1, display_name="王", role="worker"))
        await uow.staff.add(StaffMember(telegram_user_id=2, display_name="李", role="supervisor"))
        await uow.staff.add(StaffMember(telegram_user_id=3, display_name="张", role="worker",
                                        active=False))
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.staff.get_by_telegram_id(2)).role == "supervisor"
        assert [s.telegram_user_id for s in await uow.staff.list_active(["worker"])] == [1]


async def test_subscriptions_toggle(uow_factory):
    async with uow_factory() as uow:
        a, b = await add_resident(uow), await add_resident(uow)
        await uow.subscriptions.set(a.id, "heating", True)
        await uow.subscriptions.set(b.id, "heating", True)
        await uow.subscriptions.set(a.id, "water", True)
        await uow.commit()
    async with uow_factory() as uow:
        row = await uow.subscriptions.set(a.id, "heating", False)
        assert row.enabled is False
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.subscriptions.for_resident(a.id) == {"heating": False, "water": True}
        assert await uow.subscriptions.resident_ids("heating") == [b.id]
        assert await uow.subscriptions.resident_ids("heating", enabled=False) == [a.id]


async def test_digest_is_reserved_once_per_period_and_chat(uow_factory):
    async with uow_factory() as uow:
        assert await uow.digests.reserve("daily", "2026-11-23", -100, "pending")
        assert not await uow.digests.reserve("daily", "2026-11-23", -100, "pending", late=True)
        assert await uow.digests.reserve("daily", "2026-11-23", -200, "pending")
        assert await uow.digests.reserve("weekly", "2026-W48", -100, "pending")
        await uow.commit()
    async with uow_factory() as uow:
        digest = await uow.digests.get_for("daily", "2026-11-23", -100)
        lease = timedelta(minutes=5)
        held = await uow.digests.claim(digest.id, now=T0, worker_token="a", lease=lease,
                                       statuses=["pending"])
        assert held is not None and held.claim_token == "a"
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.digests.claim(digest.id, now=T0, worker_token="b", lease=lease,
                                       statuses=["pending"]) is None
        later = T0 + lease + timedelta(seconds=1)
        assert await uow.digests.claim(digest.id, now=later, worker_token="b", lease=lease,
                                       statuses=["sent"]) is None
        assert (await uow.digests.claim(digest.id, now=later, worker_token="b", lease=lease,
                                        statuses=["pending"])).claim_token == "b"
        assert [d.period for d in await uow.digests.list_for("daily", -100)] == ["2026-11-23"]
