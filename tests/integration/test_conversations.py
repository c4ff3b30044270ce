from __future__ import annotations

from datetime import timedelta

from storage.models import HandoffSession
from tests.integration.factories import T0, add_resident, add_ticket


async def test_state_is_stored_replaced_and_deleted(uow_factory):
    async with uow_factory() as uow:
        await uow.conversations.put("intake:1:1", name="intake", state=3,
                                    data={"draft": {"building": "3"}}, chat_id=1, user_id=1,
                                    now=T0)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.conversations.get("intake:1:1")
        assert (stored.state, stored.data, stored.updated_at) == (3, {"draft": {"building": "3"}},
                                                                    T0)
        replaced = await uow.conversations.put("intake:1:1", name="intake", state="WHERE",
                                               now=T0 + timedelta(minutes=1))
        assert replaced is stored and stored.state == "WHERE" and stored.data is None
        await uow.commit()
    async with uow_factory() as uow:
        assert [s.key for s in await uow.conversations.list_for("intake")] == ["intake:1:1"]
        assert await uow.conversations.delete("intake:1:1")
        assert not await uow.conversations.delete("intake:1:1")
        assert await uow.conversations.get("intake:1:1") is None


async def test_idle_states_are_reminded_once(uow_factory):
    async with uow_factory() as uow:
        await uow.conversations.put("a", name="intake", state=1, now=T0)
        await uow.conversations.put("b", name="intake", state=1, now=T0 + timedelta(hours=2))
        await uow.commit()
    async with uow_factory() as uow:
        idle = await uow.conversations.list_idle(T0 + timedelta(hours=1), names=["intake"])
        assert [s.key for s in idle] == ["a"]
        assert await uow.conversations.mark_reminded("a", T0 + timedelta(hours=1))
        assert not await uow.conversations.mark_reminded("a", T0 + timedelta(hours=1))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.conversations.list_idle(T0 + timedelta(hours=1)) == []
        await uow.conversations.put("a", name="intake", state=2, now=T0 + timedelta(hours=3))
        assert (await uow.conversations.get("a")).reminded_at is None


async def test_a_save_from_a_turn_older_than_the_reminder_keeps_it(uow_factory):
    async with uow_factory() as uow:
        await uow.conversations.put("a", name="intake", state=1, now=T0)
        assert await uow.conversations.mark_reminded("a", T0 + timedelta(minutes=30))
        await uow.conversations.put("a", name="intake", state=2, now=T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.conversations.get("a")).reminded_at is not None
        assert await uow.conversations.list_idle(T0 + timedelta(hours=1)) == []


async def test_handoff_sessions(uow_factory):
    async with uow_factory() as uow:
        resident = await add_resident(uow)
        ticket = await add_ticket(uow, resident.id)
        handoff = await uow.handoffs.add(HandoffSession(ticket_id=ticket.id,
                                                        resident_id=resident.id, reason="asked"))
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.handoffs.active_for_resident(resident.id)).id == handoff.id
        assert (await uow.handoffs.active_for_ticket(ticket.id)).id == handoff.id
        (await uow.handoffs.get(handoff.id)).ended_at = T0
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.handoffs.active_for_resident(resident.id) is None
        assert await uow.handoffs.list_active() == []
