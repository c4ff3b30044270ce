"""Every edit path from the read-back card comes straight back to the card; corrections."""

import pytest

from tests.helpers.resident import Resident, buttons, reach_card, tickets


async def test_every_field_can_be_changed_from_the_card(bot, control):
    r = await Resident(control, 4101).join()
    await reach_card(r)
    reply = await r.tap("intake:edit:what")
    assert reply["text"].startswith("请简单说说")
    reply = await r.say("暖气片一点都不热")  # the new words propose the category again
    assert "对吗" in reply["text"] and "暖气" in reply["text"]
    card = await r.tap("intake:cat:0")  # the same category: its answer is kept
    assert card["text"].startswith("请核对") and "暖气片一点都不热" in card["text"]
    reply = await r.tap("intake:edit:category")
    assert "对吗" in reply["text"]
    other = buttons(reply).index("intake:cat:other")
    reply = await r.tap("intake:cat:other")
    assert "intake:cat:0" in buttons(reply) and other > 0
    reply = await r.tap("intake:cat:3")  # 停水 (自来水供应): its question comes, then the card
    assert reply["text"] == "具体是哪种情况？"
    card = await r.tap("intake:cl:0")
    assert "类别：停水" in card["text"] and "停水了" in card["text"]
    await r.tap("intake:edit:where")
    card = await r.say("小区东门垃圾站")
    assert "地点：小区东门垃圾站" in card["text"]
    await r.tap("intake:edit:phone")
    card = await r.say("010-64001234")
    assert "电话：010-64001234" in card["text"]
    await r.tap("intake:edit:when")
    card = await r.tap("intake:when:evening")
    assert "上门时间：晚上" in card["text"]
    await r.tap("intake:edit:urgency")
    card = await r.tap("intake:urg:urgent")
    assert "紧急程度：比较急" in card["text"]
    await r.tap("intake:ok")
    [ticket] = await tickets(bot)
    assert ticket.place_text == "小区东门垃圾站" and ticket.building is None
    assert ticket.contact_phone_normalized == "010-64001234"
    assert ticket.category.endswith("自来水供应") and ticket.urgency == "urgent"


async def test_correction_on_the_card_changes_that_field(bot, control):
    r = await Resident(control, 4102).join()
    await reach_card(r, "5号楼5单元301暖气不热")
    card = await r.say("不是5单元，是6单元")
    assert "5号楼6单元301" in card["text"]
    reply = await r.say("对")
    assert "已登记" in reply["text"]
    [ticket] = await tickets(bot)
    assert (ticket.building, ticket.unit, ticket.room) == ("5", "6", "301")


async def test_correction_at_an_earlier_step(bot, control):
    r = await Resident(control, 4103).join()
    await r.say("5号楼5单元301暖气不热")
    reply = await r.say("不是5单元，是6单元")  # at the category step
    assert "对吗" in reply["text"]
    await r.tap("intake:cat:0")
    await r.tap("intake:cl:0")
    await r.say("13800138000")
    await r.tap("intake:when:today")
    card = await r.tap("intake:urg:normal")
    assert "5号楼6单元301" in card["text"]


@pytest.mark.parametrize("words", ["你是机器人吗", "Wie bitte?", "🙂", "?!", "Ça marche pas"])
async def test_any_text_on_the_card_gets_a_sensible_reply(bot, control, words):
    r = await Resident(control, 4104).join()
    await reach_card(r)
    reply = await r.say(words)
    assert reply["text"].startswith("请点「确认提交」，或回复“确定”")  # and the card again
    assert "请核对" in reply["text"]
    assert await tickets(bot) == []
