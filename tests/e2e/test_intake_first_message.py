"""What the first message already says is filled in and not asked again."""

from tests.helpers.resident import Resident, tickets


async def test_address_phone_and_time_in_the_first_message(bot, control):
    r = await Resident(control, 4201).join()
    reply = await r.say("3号楼2单元502暖气不热，电话13812345678，明天上午在家")
    assert "对吗" in reply["text"]
    await r.tap("intake:cat:0")
    reply = await r.tap("intake:cl:0")
    assert reply["text"] == "这件事急吗？"  # where, phone and visit window were not asked
    card = await r.tap("intake:urg:normal")
    assert "3号楼2单元502" in card["text"] and "13812345678" in card["text"]
    assert "明天上午" in card["text"]


async def test_shared_location_and_contact_first(bot, control):
    r = await Resident(control, 4202).join()
    reply = await r.send(location={"latitude": 39.9, "longitude": 116.4})
    assert reply["text"].startswith("请简单说说")
    reply = await r.send(contact={"phone_number": "13900139000"})
    assert reply["text"].startswith("请简单说说")
    reply = await r.say("小区门口路灯不亮")
    await r.tap("intake:cat:0")
    texts = [m["text"] for m in await control.messages(4202) if m["from"]["is_bot"]]
    assert not any(t.startswith(("问题在哪里", "怎么联系您")) for t in texts)
    assert reply["text"]
    await r.tap("intake:when:anytime")
    card = await r.tap("intake:urg:normal")
    assert "已发送位置" in card["text"] and "13900139000" in card["text"]
    await r.tap("intake:ok")
    [ticket] = await tickets(bot)
    assert ticket.latitude == 39.9 and ticket.contact_phone_normalized == "13900139000"
