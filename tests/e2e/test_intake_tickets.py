"""Emergencies, joint reports, one ticket per confirmation, forged buttons."""

import httpx

from tests.e2e.test_webhook import SECRET, webhook_settings  # noqa: F401 - fixture
from tests.helpers.botharness import running_bot
from tests.helpers.resident import (
    Resident,
    button_data,
    neighbour_offered_to_join,
    reach_card,
    tickets,
)


async def test_emergency_gives_advice_and_an_urgent_ticket_at_once(bot, control):
    r = await Resident(control, 4301).join()
    sent = await control.send_text(4301, "我家闻到很浓的煤气味")
    advice, opened = await control.wait_for_bot_messages(4301, sent["message"]["message_id"], 2)
    assert "96777" in advice["text"] and "119" in advice["text"] and "120" in advice["text"]
    assert "紧急工单 JS-" in opened["text"] and "15分钟内" in opened["text"]  # gas: 15 min
    [ticket] = await tickets(bot)
    assert ticket.urgency == "emergency" and ticket.description == "我家闻到很浓的煤气味"
    assert r


async def test_joint_report_joins_the_open_ticket(bot, control):
    second, offer = await neighbour_offered_to_join(control, 4302, 4303)
    assert "同一栋楼已有邻居" in offer["text"]
    reply = await second.tap("intake:join:yes")
    assert reply["text"].startswith("好的，您已加入工单 JS-")
    [ticket] = await tickets(bot)
    async with bot.bot_data["services"].uow_factory() as uow:
        assert len(await uow.followers.resident_ids(ticket.id)) == 1
        assert [e.kind for e in await uow.events.list_for_ticket(ticket.id)] == [
            "opened", "joined"]


async def test_double_tap_on_confirm_opens_one_ticket(bot, control):
    r = await Resident(control, 4304).join()
    card = await reach_card(r)
    confirm = button_data(card, "intake:ok")
    assert confirm.startswith("intake:ok:")  # tagged with the card's prompt
    await control.press(4304, card["message_id"], confirm)
    second = await control.press(4304, card["message_id"], confirm)
    await control.wait_for_bot_messages(4304, card["message_id"], 1)
    await r.say("你好")  # a later update proves both taps were handled
    assert len(await tickets(bot)) == 1
    assert second["callback_query_id"]


async def test_forged_and_stale_buttons_change_nothing(bot, control):
    r = await Resident(control, 4305).join()
    await r.say("暖气不热")
    category_prompt = r.last
    await r.tap("intake:cat:0")
    real = button_data(r.last, "intake:cl:1")
    wrong_tag = real.rpartition(":")[0] + ":000000"
    for data in ("intake:ok", "intake:cat:9", "intake:edit:everything", "intake:cl:7",
                 "intake:cl:1", wrong_tag):  # untagged, or another prompt's tag
        await control.press(4305, r.last["message_id"], data, forge=True)
    stale = button_data(category_prompt, "intake:cat:1")
    await control.press(4305, category_prompt["message_id"], stale)  # an older prompt
    reply = await r.tap("intake:cl:1")  # the real step still works
    assert reply["text"].startswith("问题在哪里")
    assert await tickets(bot) == []
    async with bot.bot_data["services"].uow_factory() as uow:
        [state] = await uow.conversations.list_for("intake")
        assert state.data["category"].endswith("冬季采暖") and state.state == "where"


def _text_update(update_id, user_id, message_id, text):
    return {"update_id": update_id, "message": {
        "message_id": message_id, "date": 1_780_000_000, "text": text,
        "chat": {"id": user_id, "type": "private", "first_name": "W"},
        "from": {"id": user_id, "is_bot": False, "first_name": "W", "language_code": "zh"}}}


async def test_duplicated_update_confirms_once(local_api, control, webhook_settings):  # noqa: F811
    async with running_bot(local_api, webhook_settings) as app:
        r = await Resident(control, 4306).join()
        await reach_card(r)
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with httpx.AsyncClient() as http:
            for _ in range(2):
                update = _text_update(880001, 4306, 990001, "是")
                await http.post(webhook_settings.webhook_url, json=update, headers=headers)
        await control.wait_for_bot_messages(4306, r.last["message_id"], 1)
        await r.say("你好")
        assert len(await tickets(app)) == 1
        bot_texts = [m["text"] for m in await control.messages(4306, r.last["message_id"] - 3)
                     if m["from"]["is_bot"]]
        assert sum(t.startswith("已登记") for t in bot_texts) == 1
