from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import event

from domain.updates import read_states, watched_keys
from storage.models import HandoffSession
from storage.repositories.conversations import use_snapshot
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
        await uow.conversations.put("intake:1:1", name="intake", state="WHERE",
                                    now=T0 + timedelta(minutes=1))
        replaced = await uow.conversations.get("intake:1:1")  # read anew, not the old copy
        assert replaced.state == "WHERE" and replaced.data is None
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


async def test_an_updates_snapshot_answers_its_reads_until_a_key_changes(engine, uow_factory):
    draft, awaited_note = watched_keys(7, 7)[0], watched_keys(7, 7)[2]
    async with uow_factory() as uow:
        await uow.conversations.put(draft, name="intake", state="where", data={"a": 1},
                                    chat_id=7, user_id=7, now=T0)
        await uow.commit()
    statements = []
    event.listen(engine.sync_engine, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    try:
        await read_states(uow_factory, 7, 7)
        statements.clear()
        async with uow_factory() as uow:  # both answered from the snapshot
            assert (await uow.conversations.get(draft)).data == {"a": 1}
            assert await uow.conversations.get(awaited_note) is None
        assert not [s for s in statements if "conversation_states" in s]

        async def elsewhere():  # another task is not served the snapshot
            async with uow_factory() as uow:
                return await uow.conversations.get(awaited_note)
        await asyncio.create_task(elsewhere())
        assert [s for s in statements if "conversation_states" in s]

        async with uow_factory() as uow:  # a write: that key is read anew from then on
            await uow.conversations.put(awaited_note, name="ticket_input", state="note",
                                        chat_id=7, user_id=7, now=T0)
            await uow.commit()
        async with uow_factory() as uow:
            assert (await uow.conversations.get(awaited_note)).state == "note"
        await read_states(uow_factory, None, None)  # no chat: no snapshot
        async with uow_factory() as uow:
            statements.clear()
            assert (await uow.conversations.get(draft)).data == {"a": 1}
        assert [s for s in statements if "conversation_states" in s]
    finally:
        use_snapshot(None)
