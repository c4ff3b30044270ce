"""A resident with one open ticket who asks something ("师傅明天几点来？") reaches the
ticket's workers: the question goes into the ticket's topic and its audit trail, and the
resident is told so (before, they got the generic "describe a problem" hint). Real
python-telegram-bot through the local Bot API, real database (both)."""

from __future__ import annotations

import pytest

from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.resident import Resident, tickets
from tests.helpers.staff import ADMIN, newest, open_ticket, team
from tests.integration.factories import add_ticket


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def test_a_question_goes_to_the_one_open_tickets_topic(bot, control):
    await team(control)
    resident, card = await open_ticket(control)
    [ticket] = await tickets(bot)
    before = await newest(control)
    answer = await resident.say("师傅明天几点来？")
    assert ticket.code in answer["text"] and "转给" in answer["text"]
    [note] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert "师傅明天几点来" in note["text"] and ticket.code in note["text"]
    assert note["message_thread_id"] == card["message_thread_id"]
    async with bot.bot_data["services"].uow_factory() as uow:
        notes = [e.payload["text"]
                 for e in await uow.events.list_for_ticket(ticket.id, "resident_note")]
    assert notes == ["师傅明天几点来？"]


async def test_thanks_and_a_hello_are_not_sent_to_staff(bot, control):
    await team(control)
    resident, _ = await open_ticket(control)
    before = await newest(control)
    assert "不客气" in (await resident.say("谢谢"))["text"]
    assert "有需要社区解决的问题" in (await resident.say("在吗"))["text"]
    assert await newest(control) == before


async def test_with_no_open_ticket_the_hint_stays(bot, control):
    resident = await Resident(control, 5077).join()
    answer = await resident.say("师傅明天几点来？")
    assert "转给" not in answer["text"]


async def test_with_two_open_tickets_the_resident_is_told_how_to_pick_one(bot, control):
    await team(control)
    resident, _ = await open_ticket(control)
    async with bot.bot_data["services"].uow_factory() as uow:  # a second open ticket of theirs
        [first] = await uow.tickets.list_by_status(["new"])
        await add_ticket(uow, first.resident_id, code="JS-SECOND-1")
        await uow.commit()
    before = await newest(control)
    answer = await resident.say("师傅明天几点来？")
    assert "2件诉求" in answer["text"] and "/status" in answer["text"]
    assert await newest(control) == before  # nothing guessed into a topic
