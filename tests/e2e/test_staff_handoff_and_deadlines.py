"""Hand-off to a person and back; SLA reminders each sent once across a restart."""

from datetime import timedelta

import pytest

from domain.outbox import staged
from handlers.staff.deadlines import tick
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings, running_bot, settled
from tests.helpers.resident import Resident, tickets
from tests.helpers.staff import ADMIN, SUPERVISOR, WORKER, newest, open_ticket, press, team


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def test_handoff_relays_both_ways_until_a_worker_ends_it(bot, control):
    await team(control)
    r = await Resident(control, 6001).join()
    before = await newest(control)
    reply = await r.say("转人工")
    assert "转接社区工作人员" in reply["text"]
    [notice] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    thread = notice["message_thread_id"]
    assert thread and "人工服务" in notice["text"]

    after = await r.newest_id()
    await control.send_text(WORKER, "您好，请讲", chat_id=STAFF_CHAT_ID, message_thread_id=thread)
    [relayed] = await control.wait_for_bot_messages(r.user_id, after=after)
    assert relayed["text"] == "社区工作者 王：您好，请讲"
    before = await newest(control)
    await control.send_text(r.user_id, "楼下一直有人吵")
    [back] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert back["text"] == "💬 居民：楼下一直有人吵"

    after = await r.newest_id()
    await control.press(WORKER, notice["message_id"], notice["reply_markup"]["inline_keyboard"]
                        [0][0]["callback_data"], chat_id=STAFF_CHAT_ID)
    [ended] = await control.wait_for_bot_messages(r.user_id, after=after)
    assert "人工服务已结束" in ended["text"]
    async with bot.bot_data["services"].uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(r.user_id)
        assert await uow.handoffs.active_for_resident(resident.id) is None
    reply = await r.say("谢谢")  # back to the bot
    assert "居民" not in reply["text"]


async def test_two_misunderstood_messages_hand_off(bot, control):
    await team(control)
    r = await Resident(control, 6002).join()
    first = await r.say("asdkjh qwe")
    assert "转接" not in first["text"]
    second = await r.say("asdkjh")
    assert "转接社区工作人员" in second["text"]


async def _texts(control, chat_id):
    return [m.get("text") or "" for m in await control.messages(chat_id) if m.get("from_bot")]


async def test_reminders_are_sent_once_across_a_restart(local_api, control, bot_settings):
    async with running_bot(local_api, bot_settings) as app:
        await team(control)
        _, card = await open_ticket(control, 6003)
        pressed = await control.press(WORKER, card["message_id"], card["reply_markup"]
                                      ["inline_keyboard"][0][0]["callback_data"],
                                      chat_id=STAFF_CHAT_ID)
        await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"], since=pressed["seq"])
        [ticket] = await tickets(app)
        svc = app.bot_data["services"]
        soon = ticket.resolve_due_at - timedelta(minutes=30)
        # respond_soon and resolve_soon to 王; the unanswered respond deadline to supervisors
        assert await tick(app.bot, svc, now=soon) == 3
        assert await tick(app.bot, svc, now=soon) == 0
        late = ticket.resolve_due_at + timedelta(minutes=1)
        assert await tick(app.bot, svc, now=late) == 1  # resolve_overdue
    async with running_bot(local_api, bot_settings) as app:  # a restart
        svc = app.bot_data["services"]
        assert await tick(app.bot, svc, now=late + timedelta(hours=1)) == 0
    worker = await _texts(control, WORKER)
    assert sum("快到了" in t for t in worker) == 2
    for boss in (SUPERVISOR, ADMIN):
        assert sum("已超过" in t for t in await _texts(control, boss)) == 2


async def test_answered_tickets_get_no_response_reminder(bot, control):
    await team(control)
    _, card = await open_ticket(control, 6004)
    thread = card["message_thread_id"]
    after = await newest(control, 6004)
    await control.send_text(WORKER, "马上到", chat_id=STAFF_CHAT_ID, message_thread_id=thread)
    await control.wait_for_bot_messages(6004, after=after)
    [ticket] = await tickets(bot)
    assert ticket.first_response_at is not None
    svc = bot.bot_data["services"]
    sent = await tick(bot.bot, svc, now=ticket.respond_due_at + timedelta(minutes=1))
    assert sent == 0  # respond reminders are moot once answered; resolve ones not due yet


async def test_a_reminder_a_worker_cannot_get_goes_to_the_ticket_topic(bot, control):
    """Through the outbox (as the scheduled job runs it): the reminder and its record are one
    transaction; Telegram refusing the worker's chat sends it to the ticket's topic."""
    await team(control)
    _, card = await open_ticket(control, 6005)
    [ticket] = await tickets(bot)
    await press(control, WORKER, card, f"staff:claim:{ticket.id}")
    await control.block(WORKER)
    svc = bot.bot_data["services"]
    before = await newest(control)
    async with staged(svc.transaction, svc.uow_factory, kind="reminder",
                      written=svc.outbox_written):
        # respond_soon and resolve_soon to 王; the unanswered respond deadline to supervisors
        assert await tick(bot.bot, svc, now=ticket.resolve_due_at - timedelta(minutes=30)) == 3
    moved = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before, count=2, timeout=10)
    assert all("快到了" in m["text"] and m["message_thread_id"] == card["message_thread_id"]
               for m in moved)
    assert not any("快到了" in t for t in await _texts(control, WORKER))
    assert sum("已超过" in t for t in await _texts(control, SUPERVISOR)) == 1
    await settled()
    async with svc.uow_factory() as uow:
        assert (await uow.outbox.counts()).get("failed") == 2
