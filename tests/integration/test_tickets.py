from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from storage.models import Attachment, Ticket
from tests.integration.factories import T0, add_resident, add_ticket


async def _open_once(uow_factory, resident_id: int, key: str) -> tuple[str, bool]:
    async with uow_factory() as uow:
        code = await uow.counters.next_ticket_code(date(2026, 11, 23))
        ticket, created = await uow.tickets.add_once(Ticket(
            code=code, resident_id=resident_id, status="new", category="a/b/c",
            category_level1="a", idempotency_key=key))
        await uow.commit()
    return ticket.code, created


async def test_add_once_opens_one_ticket_per_key_even_concurrently(uow_factory):
    async with uow_factory() as uow:
        resident = await add_resident(uow)
        await uow.commit()
    results = await asyncio.gather(*(_open_once(uow_factory, resident.id, "confirm:900")
                                     for _ in range(6)))
    assert len({code for code, _ in results}) == 1
    assert sorted(created for _, created in results) == [False] * 5 + [True]
    async with uow_factory() as uow:
        assert len(await uow.tickets.list_for_resident(resident.id)) == 1
        assert (await uow.tickets.get_by_idempotency_key("confirm:900")).code == results[0][0]


async def test_timestamps_come_back_aware_in_utc(uow_factory):
    beijing = timezone(timedelta(hours=8))
    async with uow_factory() as uow:
        resident = await add_resident(uow)
        ticket = await add_ticket(uow, resident.id,
                                  respond_due_at=datetime(2026, 11, 23, 18, 0, tzinfo=beijing))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.tickets.get_by_code(ticket.code)
        await uow.session.refresh(stored)
        assert stored.respond_due_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
        assert stored.respond_due_at.tzinfo == UTC and stored.created_at.tzinfo == UTC


async def test_naive_datetimes_are_refused(uow_factory):
    async with uow_factory() as uow:
        resident = await add_resident(uow)
        with pytest.raises(Exception, match="naive datetime"):
            await add_ticket(uow, resident.id, created_at=datetime(2026, 11, 23, 8, 0))


async def test_queries_by_resident_state_place_and_deadline(uow_factory):
    async with uow_factory() as uow:
        alice, bob = await add_resident(uow), await add_resident(uow)
        old = await add_ticket(uow, alice.id, created_at=T0 - timedelta(days=10),
                               respond_due_at=T0 - timedelta(hours=1))
        mine = await add_ticket(uow, alice.id, status="claimed", assignee_id=None,
                                respond_due_at=T0 + timedelta(hours=1))
        joined = await add_ticket(uow, bob.id, building="7", created_at=T0 + timedelta(hours=1))
        assert await uow.followers.join(joined.id, alice.id)
        assert not await uow.followers.join(joined.id, alice.id)
        await uow.commit()
    async with uow_factory() as uow:
        listed = await uow.tickets.list_for_resident(alice.id)
        assert [t.id for t in listed] == [joined.id, mine.id, old.id]
        assert [t.id for t in await uow.tickets.list_for_resident(
            alice.id, include_followed=False, statuses=["new"])] == [old.id]
        assert [t.id for t in await uow.tickets.list_by_status(["new"])] == [old.id, joined.id]
        similar = await uow.tickets.find_similar("3", T0 - timedelta(days=3), ["new", "claimed"],
                                                 category_level1="城乡建设")
        assert [t.id for t in similar] == [mine.id]
        overdue = await uow.tickets.list_past_due("respond_due_at", T0, ["new", "claimed"],
                                                  pending_column="first_response_at")
        assert [t.id for t in overdue] == [old.id]
        assert await uow.followers.resident_ids(joined.id) == [alice.id]
        assert await uow.followers.ticket_ids(alice.id) == [joined.id]


async def test_draft_attachments_move_to_the_ticket(uow_factory):
    async with uow_factory() as uow:
        resident = await add_resident(uow)
        ticket = await add_ticket(uow, resident.id)
        for n in range(2):
            await uow.attachments.add(Attachment(draft_key="d1", telegram_file_id=f"f{n}",
                                                 kind="photo", resident_id=resident.id))
        await uow.attachments.add(Attachment(draft_key="d2", telegram_file_id="x", kind="photo"))
        assert len(await uow.attachments.list_for_draft("d1")) == 2
        assert await uow.attachments.attach_draft("d1", ticket.id) == 2
        assert await uow.attachments.drop_draft("d2") == 1
        await uow.commit()
    async with uow_factory() as uow:
        files = await uow.attachments.list_for_ticket(ticket.id)
        assert [a.telegram_file_id for a in files] == ["f0", "f1"]
        assert await uow.attachments.list_for_draft("d1") == []
