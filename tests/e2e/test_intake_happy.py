"""Intake through the real bot: the happy path in Chinese and in English."""

from tests.helpers.resident import Resident, buttons, reach_card, tickets


async def test_happy_path_in_chinese(bot, control):
    r = await Resident(control, 4001).join("王阿姨", "zh")
    reply = await r.say("暖气不热")
    assert "：暖气不热。对吗" in reply["text"]  # the type in plain words
    reply = await r.tap("intake:cat:0")
    assert "整栋楼" in reply["text"]
    reply = await r.tap("intake:cl:1")
    assert reply["text"].startswith("问题在哪里")
    reply = await r.say("5号楼2单元301")
    assert reply["text"].startswith("怎么联系您")
    reply = await r.send(contact={"phone_number": "+86 138 0013 8000"})
    assert reply["text"].startswith("师傅什么时候")
    reply = await r.tap("intake:when:tomorrow_am")
    assert reply["text"].startswith("这件事急吗")
    reply = await r.tap("intake:urg:normal")
    card = reply["text"]
    assert "暖气不热" in card and "只有我家" in card and "5号楼2单元301" in card
    assert "+86 138 0013 8000" in card and "明天上午" in card
    assert "intake:ok" in buttons(reply)
    reply = await r.tap("intake:ok")
    assert "已登记，编号 JS-" in reply["text"]
    assert "2小时内联系您" in reply["text"] and "24小时内处理好" in reply["text"]


async def test_happy_path_in_english(bot, control):
    r = await Resident(control, 4002).join("Alice", "en")
    reply = await r.say("No water at home")
    assert "Is that right?" in reply["text"]
    reply = await r.say("yes")
    assert reply["text"] == "What exactly?"
    reply = await r.tap("intake:cl:1")
    assert reply["text"].startswith("Where is it?")
    reply = await r.say("5号楼2单元301")
    reply = await r.say("138-0013-8001")
    assert reply["text"].startswith("When can a worker visit")
    reply = await r.tap("intake:when:evening")  # no water is urgent: not asked how urgent
    assert "Please check:" in reply["text"] and "A leak" in reply["text"]
    assert "Urgency: Urgent (no water) | contact within 1 hour, solved within 8 hours" \
        in reply["text"]
    reply = await r.tap("intake:ok")
    assert reply["text"].startswith("Registered as JS-")
    assert "within 1 hour" in reply["text"] and "within 8 hours" in reply["text"]
    [ticket] = await tickets(bot)
    assert ticket.contact_phone_normalized == "13800138001" and ticket.urgency == "urgent"
    assert ticket.clarification == {"water": "leak"} and ticket.building == "5"
    async with bot.bot_data["services"].uow_factory() as uow:
        [event] = await uow.events.list_for_ticket(ticket.id)
        assert event.kind == "opened"


async def test_last_address_is_offered_as_one_tap(bot, control):
    r = await Resident(control, 4003).join()
    await reach_card(r)
    await r.tap("intake:ok")
    await r.say("楼道灯坏了")
    await r.tap("intake:cat:0")
    history = await control.history(4003)
    keyboard = [b["text"] for row in history["reply_keyboard"]["keyboard"] for b in row]
    assert "5号楼2单元301" in keyboard
    reply = await r.say("5号楼2单元301")
    assert reply["text"].startswith("怎么联系您")
