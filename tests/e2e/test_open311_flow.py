"""An Open311 request takes the same road as a Telegram report: its card reaches the staff
group through the local Bot API, staff claim and resolve it, and ``GET requests`` says
``closed`` with the staff's note. Real python-telegram-bot, real database (both)."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from domain.open311.keys import add_key
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.open311 import serving, spec_example
from tests.helpers.resident import buttons
from tests.helpers.staff import ADMIN, WORKER, newest, press, team, ticket_of_card
from tests.helpers.surveys import surveys_of
from tests.helpers.surveys import tick as survey_tick


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def test_an_api_request_reaches_staff_and_closes_when_they_resolve_it(bot, control):
    await team(control)
    uow_factory = bot.bot_data["services"].uow_factory
    key = await add_key(uow_factory, "city-12345", now=datetime.now(UTC))
    before = await newest(control)
    async with serving(uow_factory) as url, httpx.AsyncClient() as http:
        posted = await http.post(f"{url}/requests.json", data=spec_example(
            key, service_code="heating_cold", description="暖气不热，电话13800138000",
            address_string="3号楼2单元501", phone="13800138000",
            **{"attribute[heating]": "whole_building"}))
        code = posted.json()[0]["service_request_id"]
        [card] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
        ticket = await ticket_of_card(bot, card)
        assert ticket.code == code and code in card["text"] and "暖气不热" in card["text"]
        assert (ticket.building, ticket.unit, ticket.room) == ("3", "2", "501")  # read as a flat
        assert "13800138000" not in card["text"]  # as on a Telegram ticket's card
        assert buttons(card) == [f"staff:{v}:{ticket.id}" for v in
                                 ("claim", "reply", "transfer", "exclude", "type")]
        opened = (await http.get(f"{url}/requests/{code}.json")).json()[0]
        assert opened["status"] == "open"

        await press(control, WORKER, card, f"staff:claim:{ticket.id}")
        await press(control, WORKER, card, f"staff:resolve:{ticket.id}")
        since = (await control.history(STAFF_CHAT_ID))["seq"]
        await control.send_text(WORKER, "已排空暖气片的空气", chat_id=STAFF_CHAT_ID,
                                message_thread_id=card["message_thread_id"])
        await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"], since=since)
        closed = (await http.get(f"{url}/requests.json", params={"status": "closed"})).json()
    assert [r["service_request_id"] for r in closed] == [code]
    assert closed[0]["status"] == "closed" and closed[0]["status_notes"] == "已排空暖气片的空气"
    async with uow_factory() as uow:
        events = [(e.kind, e.payload) for e in await uow.events.list_for_ticket(ticket.id)]
    kinds = [kind for kind, _ in events]
    assert kinds[:1] == ["opened"] and "claimed" in kinds and "resolved" in kinds
    assert events[0][1]["channel"] == "open311"


async def test_an_unlinked_requests_survey_counts_as_no_answer(bot, control):
    """Nobody in Telegram to ask: the callback survey is not sent and counts as no answer."""
    await team(control)
    uow_factory = bot.bot_data["services"].uow_factory
    key = await add_key(uow_factory, "c", now=datetime.now(UTC))
    before = await newest(control)
    async with serving(uow_factory) as url, httpx.AsyncClient() as http:
        await http.post(f"{url}/requests.json", data=spec_example(key))
    [card] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    ticket = await ticket_of_card(bot, card)
    await press(control, WORKER, card, f"staff:claim:{ticket.id}")
    await press(control, WORKER, card, f"staff:resolve:{ticket.id}")
    since = (await control.history(STAFF_CHAT_ID))["seq"]
    await control.send_text(WORKER, "已修补", chat_id=STAFF_CHAT_ID,
                            message_thread_id=card["message_thread_id"])
    await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"], since=since)
    services = bot.bot_data["services"]
    await survey_tick(bot.bot, services,
                      now=datetime.now(services.settings.tz) + timedelta(days=1))
    surveys = await surveys_of(bot, ticket.id)
    survey = surveys[0]
    async with uow_factory() as uow:
        counted = (await uow.tickets.get(ticket.id)).kpi_no_answer
    assert survey["status"] == "expired" and counted == 1
