"""What a handler or a job sends goes through the outbox and arrives as it was meant: text,
buttons, a topic, an uploaded picture; a resident's message edited again changes nothing."""

import struct
import zlib

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain import outbox
from domain.outbox import staged
from tests.helpers.botharness import STAFF_CHAT_ID, settled
from tests.helpers.resident import Resident, reach_card, tickets


def _png() -> bytes:
    """A 1×1 PNG (the local Bot API stores what it is sent)."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


async def test_sends_inside_a_staged_job_are_written_then_sent(bot, control):
    svc = bot.bot_data["services"]
    await control.create_user(7301, "居民")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("好", callback_data="x:1")]])
    async with staged(svc.transaction, svc.uow_factory, kind="notice",
                      written=svc.outbox_written) as collector:
        stand_in = await bot.bot.send_message(7301, "您好", reply_markup=markup)
        await bot.bot.send_photo(STAFF_CHAT_ID, _png(), caption="本月图表")
        assert stand_in.message_id == 0 and len(collector.items) == 2
        assert await control.messages(7301) == []  # nothing leaves before the commit
    [said] = await control.wait_for_bot_messages(7301, after=0)
    assert said["text"] == "您好" and said["reply_markup"]["inline_keyboard"][0][0][
        "callback_data"] == "x:1"
    [chart] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=0)
    assert chart["caption"] == "本月图表" and chart["photo"]
    await settled()
    async with svc.uow_factory() as uow:
        rows = await uow.outbox.listing()
        assert sorted((r.kind, r.at_most_once, r.status) for r in rows) == [
            ("notice", True, "sent"), ("staff", False, "sent")]
        assert all(r.params is None and r.blob is None for r in rows)  # contents forgotten


async def test_an_edit_of_a_residents_message_is_at_least_once(bot, control):
    svc = bot.bot_data["services"]
    await control.create_user(7302, "居民")
    sent = await bot.bot.send_message(7302, "第一版")  # outside a collector: sent at once
    await control.fail_next("editMessageText", 1)  # the first try fails with a 502
    async with staged(svc.transaction, svc.uow_factory, written=svc.outbox_written):
        assert await bot.bot.edit_message_text("第二版", 7302, sent.message_id) is True
        assert outbox.collecting().items[0].kind == "edit"
    await settled(timeout=15)
    [message] = [m for m in await control.messages(7302) if m["message_id"] == sent.message_id]
    assert message["text"] == "第二版"


async def test_a_message_for_a_ticket_whose_card_waits_goes_into_its_topic_after_it(bot,
                                                                                    control):
    """The card's topic cannot be made (a 502), so the card waits to be tried again; the
    resident's follow-up waits behind it and lands in the topic the card opened."""
    r = await Resident(control, 7303).join()
    await reach_card(r)
    await control.fail_next("createForumTopic", 1)
    opened = await r.tap("intake:ok")
    assert opened["text"].startswith("已登记")
    await control.send_text(r.user_id, "师傅几点能来？", reply_to_message_id=opened["message_id"])
    card, relayed = await control.wait_for_bot_messages(STAFF_CHAT_ID, count=2, timeout=20)
    [ticket] = await tickets(bot)
    assert ticket.code in card["text"] and "师傅几点能来" in relayed["text"]
    assert card["message_thread_id"] and relayed["message_thread_id"] == card["message_thread_id"]
