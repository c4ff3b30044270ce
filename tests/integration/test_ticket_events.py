from __future__ import annotations

from datetime import timedelta

import pytest

from storage.models import AppendOnlyViolation
from storage.repositories import TicketEvents
from tests.integration.factories import T0, add_resident, add_ticket


def test_the_repository_offers_no_way_to_change_or_remove_events():
    public = {name for name in dir(TicketEvents) if not name.startswith("_")}
    assert not {n for n in public if any(w in n for w in ("update", "delete", "remove", "edit",
                                                           "set", "replace", "upsert"))}


async def test_append_and_read_in_order(uow_factory):
    async with uow_factory() as uow:
        resident = await add_resident(uow)
        ticket = await add_ticket(uow, resident.id)
        await uow.events.append(ticket.id, "opened", "resident", resident.id,
                                {"channel": "telegram"}, update_id=77, at=T0)
        await uow.events.append(ticket.id, "claimed", "staff", 5, at=T0 + timedelta(minutes=5))
        await uow.events.append(ticket.id, "replied", "staff", 5, {"text": "马上到"},
                                at=T0 + timedelta(minutes=5))
        await uow.commit()
    async with uow_factory() as uow:
        events = await uow.events.list_for_ticket(ticket.id)
        assert [e.kind for e in events] == ["opened", "claimed", "replied"]
        assert events[0].payload == {"channel": "telegram"} and events[0].update_id == 77
        assert events[0].at == T0
        assert [e.kind for e in await uow.events.list_for_ticket(ticket.id, "claimed")] == [
            "claimed"]
        assert (await uow.events.latest(ticket.id)).kind == "replied"


async def test_events_cannot_be_edited_or_deleted_through_the_orm(uow_factory):
    async with uow_factory() as uow:
        resident = await add_resident(uow)
        ticket = await add_ticket(uow, resident.id)
        event = await uow.events.append(ticket.id, "opened", "resident", resident.id)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.events.get(event.id)
        stored.kind = "forged"
        with pytest.raises(AppendOnlyViolation):
            await uow.session.flush()
    async with uow_factory() as uow:
        await uow.session.delete(await uow.events.get(event.id))
        with pytest.raises(AppendOnlyViolation):
            await uow.session.flush()
    async with uow_factory() as uow:
        assert (await uow.events.get(event.id)).kind == "opened"
