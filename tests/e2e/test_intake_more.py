"""Intake paths beyond the main ones: drop an idle draft, decline a join, documents and
video get a hint, a photo added to an open ticket from /status, a reminder sent only once."""

import asyncio

from tests.helpers.botharness import running_bot
from tests.helpers.resident import (
    Resident,
    buttons,
    neighbour_offered_to_join,
    reach_card,
    tickets,
)


async def test_declining_the_join_offer_opens_a_ticket_of_ones_own(bot, control):
    second, offer = await neighbour_offered_to_join(control, 4601, 4602)
    assert "intake:join:no" in buttons(offer)
    card = await second.tap("intake:join:no")
    assert "intake:ok" in buttons(card)  # back on the read-back card
    await second.tap("intake:ok")
    first_ticket, own = await tickets(bot)
    assert own.id != first_ticket.id
    async with bot.bot_data["services"].uow_factory() as uow:
        assert await uow.followers.resident_ids(first_ticket.id) == []


async def test_document_and_video_get_a_hint_and_lose_nothing(bot, control):
    r = await Resident(control, 4603).join()
    await r.say("楼道灯坏了")
    document = await r.send(document={"base64": "aGVsbG8=", "file_name": "a.txt",
                                      "mime_type": "text/plain"})
    assert "这种消息我看不了" in document["text"]  # and the question again, with its buttons
    assert any(b.startswith("intake:cat:0") for b in buttons(document))
    video = await r.send(video={"duration": 2})
    assert "这种消息我看不了" in video["text"]
    reply = await r.tap("intake:cat:0", message=await _latest_with(control, 4603, "intake:cat:0"))
    assert reply["text"]  # the draft survived the unsupported content


async def _latest_with(control, chat_id, data):
    for message in reversed(await control.messages(chat_id)):
        if data in buttons(message):
            return message
    raise AssertionError(f"no message with button {data}")


async def test_photo_added_to_an_open_ticket_from_status(bot, control):
    r = await Resident(control, 4604).join()
    await reach_card(r)
    await r.tap("intake:ok")
    [ticket] = await tickets(bot)
    listing = await r.say("/status")
    ask = await r.tap(f"tk:photo:{ticket.id}", message=listing)
    assert ticket.code in ask["text"]
    done = await r.send(photo=True)
    assert done["text"] == f"照片已添加到工单 {ticket.code}。"
    async with bot.bot_data["services"].uow_factory() as uow:
        assert len(await uow.attachments.list_for_ticket(ticket.id)) == 1
        kinds = [e.kind for e in await uow.events.list_for_ticket(ticket.id)]
    assert "resident_photo" in kinds


async def test_idle_reminder_is_sent_once_and_drop_discards_the_draft(
        local_api, control, bot_settings):
    settings = bot_settings.model_copy(update={"intake_idle_minutes": 0.0,
                                               "intake_reminder_check_seconds": 0.05})
    async with running_bot(local_api, settings) as app:
        r = await Resident(control, 4605).join()
        sent = await control.send_text(4605, "楼道灯坏了")
        _, reminder = await control.wait_for_bot_messages(4605, sent["message"]["message_id"], 2)
        await asyncio.sleep(0.5)  # ten more ticks of the reminder job
        texts = [m.get("text", "") for m in await control.messages(4605)]
        assert sum("还没提交完" in t for t in texts) == 1
        r.last = reminder
        await r.tap("intake:drop")
        async with app.bot_data["services"].uow_factory() as uow:
            assert await uow.conversations.get("intake:4605:4605") is None
    assert await tickets(app) == []
