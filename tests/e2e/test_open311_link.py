"""/link CODE: the resident of an Open311 request follows it in Telegram — /status lists it
and the worker's replies reach them. The code works once; a wrong one is answered."""

from datetime import UTC, datetime

import httpx
import pytest

from domain.open311.keys import add_key
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.open311 import serving, spec_example
from tests.helpers.resident import Resident
from tests.helpers.staff import ADMIN, WORKER, newest, press, team, ticket_of_card
from tests.helpers.surveys import sent_survey


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def test_a_linked_resident_follows_the_request_in_telegram(bot, control):
    await team(control)
    uow_factory = bot.bot_data["services"].uow_factory
    key = await add_key(uow_factory, "city-12345", now=datetime.now(UTC))
    before = await newest(control)
    async with serving(uow_factory) as url, httpx.AsyncClient() as http:
        posted = (await http.post(f"{url}/requests.json", data=spec_example(
            key, service_code="heating_cold", phone="13800138000"))).json()[0]
    code, link = posted["service_request_id"], posted["link_code"]
    [card] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    ticket = await ticket_of_card(bot, card)

    resident = await Resident(control, 5301).join()
    assert (await resident.say("/link")).get("text").startswith("请发送 /link")
    assert "不对或已经用过" in (await resident.say("/link ZZZZZZZZ"))["text"]
    done = await resident.say(f"/link {link.lower()}")
    assert done["text"].startswith(f"已关联工单 {code}")
    assert code in (await resident.say("/status"))["text"]
    someone = await Resident(control, 5302).join()
    assert "不对或已经用过" in (await someone.say(f"/link {link}"))["text"]  # once only

    await press(control, WORKER, card, f"staff:claim:{ticket.id}")
    after = await resident.newest_id()
    await control.send_text(WORKER, "明天上午去看", chat_id=STAFF_CHAT_ID,
                            message_thread_id=card["message_thread_id"])
    [relayed] = await control.wait_for_bot_messages(resident.user_id, after=after)
    assert relayed["text"].startswith("社区工作者 王：明天上午去看")
    async with uow_factory() as uow:
        linked = await uow.tickets.get(ticket.id)
        kinds = [e.kind for e in await uow.events.list_for_ticket(ticket.id)]
        owner = await uow.residents.get(linked.resident_id)
        assert owner.telegram_user_id == 5301 and linked.link_code is None
        assert "linked" in kinds

    await press(control, WORKER, card, f"staff:resolve:{ticket.id}")
    since = (await control.history(STAFF_CHAT_ID))["seq"]
    await control.send_text(WORKER, "已排空暖气片的空气", chat_id=STAFF_CHAT_ID,
                            message_thread_id=card["message_thread_id"])
    await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"], since=since)
    survey = await sent_survey(control, bot, resident)  # the callback, in Telegram
    assert code in survey["text"] and "已排空暖气片的空气" in survey["text"]
