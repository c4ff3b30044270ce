"""Surveys are sent at most once: a crash between send and record, two ticks at once;
one reminder after 24 h, expiry after 72 h as "no answer"."""

import asyncio
from datetime import datetime, timedelta

import pytest
from telegram.error import RetryAfter

from handlers.surveys import send_survey, tick
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.staff import ADMIN, newest, team
from tests.helpers.surveys import events_of, resolved_ticket, surveys_of


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def _bot_texts(control, chat_id):
    return [m.get("text") or "" for m in await control.messages(chat_id) if m.get("from_bot")]


async def test_a_crash_after_sending_sends_nothing_twice(bot, control):
    await team(control)
    resident, _, ticket = await resolved_ticket(control, bot, 7101)
    svc, now = bot.bot_data["services"], datetime.now(bot.bot_data["services"].settings.tz)

    async def send_then_die(b, due):
        await send_survey(b, due)
        raise RuntimeError("killed between the send and the record")

    with pytest.raises(RuntimeError):
        await tick(bot.bot, svc, now=now, token="dying", send=send_then_die)
    assert (await surveys_of(bot, ticket.id))[0]["status"] == "sending"
    assert await tick(bot.bot, svc, now=now + timedelta(minutes=1), token="restarted") == 0
    before = await newest(control)
    assert await tick(bot.bot, svc, now=now + timedelta(minutes=11), token="restarted") == 0
    [warning] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert "不会重发" in warning["text"]
    assert (await surveys_of(bot, ticket.id))[0]["status"] == "uncertain"
    assert sum("解决了吗" in t for t in await _bot_texts(control, resident.user_id)) == 1
    assert len(await events_of(bot, ticket.id, "survey_uncertain")) == 1


async def test_two_ticks_at_once_send_each_survey_once(bot, control):
    await team(control)
    resident, _, ticket = await resolved_ticket(control, bot, 7102)
    svc, now = bot.bot_data["services"], datetime.now(bot.bot_data["services"].settings.tz)
    sent = await asyncio.gather(tick(bot.bot, svc, now=now, token="a"),
                                tick(bot.bot, svc, now=now, token="b"))
    assert sorted(sent) == [0, 1]
    await control.wait_for_bot_messages(resident.user_id, after=0)
    assert sum("解决了吗" in t for t in await _bot_texts(control, resident.user_id)) == 1


async def test_one_reminder_then_expiry_counts_as_no_answer(bot, control):
    await team(control)
    resident, _, ticket = await resolved_ticket(control, bot, 7103)
    svc, now = bot.bot_data["services"], datetime.now(bot.bot_data["services"].settings.tz)
    assert await tick(bot.bot, svc, now=now) == 1
    await tick(bot.bot, svc, now=now + timedelta(hours=23))
    assert not any("提醒" in t for t in await _bot_texts(control, resident.user_id))
    after = await resident.newest_id()
    await tick(bot.bot, svc, now=now + timedelta(hours=24, minutes=1))
    [reminder] = await control.wait_for_bot_messages(resident.user_id, after=after)
    assert "提醒" in reminder["text"] and reminder["reply_markup"]
    await tick(bot.bot, svc, now=now + timedelta(hours=48))
    assert sum("提醒" in t for t in await _bot_texts(control, resident.user_id)) == 1
    await tick(bot.bot, svc, now=now + timedelta(hours=72, minutes=1))
    row = (await surveys_of(bot, ticket.id))[0]
    assert (row["status"], row["satisfaction"], row["is_latest"]) == ("expired", None, False)
    assert len(await events_of(bot, ticket.id, "survey_expired")) == 1


async def test_a_429_puts_the_batch_back_and_the_next_tick_sends_it(bot, control):
    await team(control)
    resident, _, ticket = await resolved_ticket(control, bot, 7104)
    svc, now = bot.bot_data["services"], datetime.now(bot.bot_data["services"].settings.tz)

    async def flood(_bot, _due):
        raise RetryAfter(3)

    assert await tick(bot.bot, svc, now=now, token="limited", send=flood) == 0
    row = (await surveys_of(bot, ticket.id))[0]
    assert (row["status"], row["claim_token"]) == ("scheduled", None)
    assert await tick(bot.bot, svc, now=now + timedelta(minutes=11), token="next") == 1
    assert (await surveys_of(bot, ticket.id))[0]["status"] == "sent"
    assert await events_of(bot, ticket.id, "survey_uncertain") == []
    assert sum("解决了吗" in t for t in await _bot_texts(control, resident.user_id)) == 1
