"""Surveys are sent at most once, through the outbox: a crash in the tick, two ticks at
once, a 429; one reminder after 24 h, expiry after 72 h as "no answer". (A crash while the
outbox sends: tests/integration/test_outbox.py and ``frontdoor bench crash``.)"""

import asyncio
from datetime import datetime, timedelta

import pytest

from handlers.surveys import send_survey
from tests.helpers.botharness import make_settings, settled
from tests.helpers.staff import ADMIN, team
from tests.helpers.surveys import events_of, resolved_ticket, surveys_of, tick


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def _bot_texts(control, chat_id):
    return [m.get("text") or "" for m in await control.messages(chat_id) if m.get("from_bot")]


async def test_a_crash_during_the_tick_keeps_nothing_and_the_next_tick_sends_once(bot, control):
    """The survey's new state and its message are one transaction: a crash in between
    leaves the survey due, with nothing in the outbox; the next tick sends it once."""
    await team(control)
    resident, _, ticket = await resolved_ticket(control, bot, 7101)
    svc, now = bot.bot_data["services"], datetime.now(bot.bot_data["services"].settings.tz)

    async def send_then_die(b, due):
        await send_survey(b, due)
        raise RuntimeError("killed between the message and the commit")

    with pytest.raises(RuntimeError):
        await tick(bot.bot, svc, now=now, token="dying", send=send_then_die)
    assert (await surveys_of(bot, ticket.id))[0]["status"] == "scheduled"
    async with svc.uow_factory() as uow:
        assert await uow.outbox.counts() == {} or "pending" not in await uow.outbox.counts()
    assert await tick(bot.bot, svc, now=now + timedelta(minutes=1), token="restarted") == 1
    await control.wait_for_bot_messages(resident.user_id, after=0)
    await settled()
    assert (await surveys_of(bot, ticket.id))[0]["status"] == "sent"
    assert sum("解决了吗" in t for t in await _bot_texts(control, resident.user_id)) == 1


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


async def test_a_429_leaves_the_survey_waiting_and_it_is_sent_once(bot, control):
    """Telegram's 429 says the message was not taken: the outbox sends it after the wait."""
    await team(control)
    resident, _, ticket = await resolved_ticket(control, bot, 7104)
    svc, now = bot.bot_data["services"], datetime.now(bot.bot_data["services"].settings.tz)
    await control.fail_next("sendMessage", 1, code=429)
    assert await tick(bot.bot, svc, now=now, token="limited") == 1
    await control.wait_for_bot_messages(resident.user_id, after=0, timeout=15)
    await settled()
    assert (await surveys_of(bot, ticket.id))[0]["status"] == "sent"
    assert await events_of(bot, ticket.id, "survey_uncertain") == []
    assert sum("解决了吗" in t for t in await _bot_texts(control, resident.user_id)) == 1
