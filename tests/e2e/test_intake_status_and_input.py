"""/status, notes and withdrawal; stickers, edits, long text and photos."""

from tests.helpers.resident import Resident, buttons, reach_card, tickets


async def _opened(control, user_id):
    r = await Resident(control, user_id).join()
    await reach_card(r)
    await r.tap("intake:ok")
    return r


async def test_status_note_and_withdraw(bot, control):
    r = await _opened(control, 4501)
    [ticket] = await tickets(bot)
    listing = await r.say("/status")
    assert ticket.code in listing["text"] and "等待社区工作者接单" in listing["text"]
    assert "前会有人联系您" in listing["text"]
    assert f"tk:wd:{ticket.id}" in buttons(listing)
    reply = await r.tap(f"tk:note:{ticket.id}", listing)
    assert reply["text"].startswith("请输入要补充的内容")
    reply = await r.say("晚上七点以后家里有人")
    assert reply["text"] == f"已补充到工单 {ticket.code}。"
    confirm = await r.tap(f"tk:wd:{ticket.id}", listing)
    assert "确定要撤回" in confirm["text"]
    since = (await control.history(4501))["seq"]
    await control.press(4501, confirm["message_id"], f"tk:wdok:{ticket.id}")
    edited = await control.wait_for_edit(4501, confirm["message_id"], since)
    assert edited["text"] == f"工单 {ticket.code} 已撤回。"
    [ticket] = await tickets(bot)
    assert ticket.status == "withdrawn"
    async with bot.bot_data["services"].uow_factory() as uow:
        kinds = [e.kind for e in await uow.events.list_for_ticket(ticket.id)]
    assert kinds == ["opened", "resident_note", "withdrawn"]


async def test_someone_elses_ticket_cannot_be_withdrawn(bot, control):
    await _opened(control, 4502)
    [ticket] = await tickets(bot)
    other = await Resident(control, 4503).join()
    reply = await other.say("/mytickets")
    assert reply["text"].startswith("您还没有报过事")
    await control.press(4503, reply["message_id"], f"tk:wdok:{ticket.id}", forge=True)
    await other.say("你好")
    [ticket] = await tickets(bot)
    assert ticket.status == "new"


async def test_sticker_voice_and_document_get_a_hint(bot, control):
    r = await Resident(control, 4504).join()
    for content in ({"sticker": {"emoji": "👍"}}, {"voice": {"duration": 2}}):
        reply = await r.send(**content)
        assert reply["text"].startswith("抱歉，我只能看文字")


async def test_an_edited_message_gets_a_note_and_no_second_answer(bot, control):
    r = await Resident(control, 4505).join()
    sent = await control.send_text(4505, "暖气不热")
    await control.wait_for_bot_messages(4505, sent["message"]["message_id"])
    after = await r.newest_id()
    await control.edit(4505, sent["message"]["message_id"], "暖气很不热")
    await control.wait_for_bot_messages(4505, after=after)  # the note
    reply = await r.say("/help")  # answered right after the edit's note: nothing else between
    bot_texts = [m["text"] for m in await control.messages(4505) if m["from"]["is_bot"]]
    assert len(bot_texts) == 3 and reply["text"].startswith("我可以帮您")
    assert bot_texts[1].startswith("修改过的消息我不会再读")


async def test_long_text_is_cut_and_said_so(bot, control):
    r = await Resident(control, 4506).join()
    reply = await r.say("暖气不热。" + "真的很冷" * 400)
    assert reply["text"].startswith("消息太长了，我只保留了前1000个字。")
    async with bot.bot_data["services"].uow_factory() as uow:
        [state] = await uow.conversations.list_for("intake")
        assert len(state.data["description"]) <= 1000


async def test_photo_attaches_to_the_draft_and_the_ticket(bot, control):
    r = await Resident(control, 4507).join()
    await r.say("楼道灯坏了")
    question = r.last
    reply = await r.send(photo=True)
    assert reply["text"].startswith("📷 照片收到了（共1张）。\n")  # and the question again
    assert reply["text"].split("\n", 1)[1] == question["text"]
    await r.tap("intake:cat:0", reply)
    await r.say("5号楼2单元301")
    await r.say("13800138000")
    await r.tap("intake:when:today")
    card = await r.tap("intake:urg:normal")
    assert "照片：1张" in card["text"]
    await r.tap("intake:ok")
    [ticket] = await tickets(bot)
    async with bot.bot_data["services"].uow_factory() as uow:
        assert len(await uow.attachments.list_for_ticket(ticket.id)) == 1
