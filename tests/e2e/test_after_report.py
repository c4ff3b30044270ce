"""What residents do after the report reaches staff; and no input gets silence.

End to end through the local Bot API, on SQLite and PostgreSQL (the ``bot`` fixture):
what the resident sees and what the staff group sees.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e.test_reading_residents import confirm, until_card
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings, settled
from tests.helpers.resident import (
    Resident,
    button_data,
    buttons,
    neighbour_offered_to_join,
    reach_card,
    tickets,
)
from tests.helpers.staff import (
    ADMIN,
    SUPERVISOR,
    WORKER,
    newest,
    open_ticket,
    press,
    say,
    team,
    ticket_of_card,
)
from tests.helpers.surveys import resolved_ticket, sent_survey, surveys_of


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def staff_after(control, before: int) -> list[dict]:
    """The bot's messages in the staff group after message ``before``."""
    await settled()
    return [m for m in await control.messages(STAFF_CHAT_ID, before)
            if m.get("from", {}).get("is_bot")]


async def card_now(control, card: dict) -> str:
    """The card's text as it stands now (after its edits)."""
    await settled()
    for m in await control.messages(STAFF_CHAT_ID):
        if m["message_id"] == card["message_id"]:
            return m.get("text") or ""
    raise AssertionError("the card is gone")


async def bot_texts(control, chat: int) -> list[str]:
    await settled()
    return [m.get("text") or "" for m in await control.messages(chat)
            if m.get("from", {}).get("is_bot")]


async def answers_to(control, chat: int, message_id: int, count: int = 1) -> list[dict]:
    """The answers to presses of a message, once there are ``count`` (5 s at most)."""
    for _ in range(100):
        found = [a for m in await control.messages(chat) if m["message_id"] == message_id
                 for a in m.get("callback_answers", [])]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    return found


async def add_from_status(r: Resident, verb: str, ticket_id: int) -> dict:
    listing = await r.say("/status")
    return await r.tap(f"tk:{verb}:{ticket_id}", listing)


async def test_a_note_from_status_reaches_the_topic_and_the_card(bot, control):
    r, card = await open_ticket(control, 17001)
    ticket = await ticket_of_card(bot, card)
    await add_from_status(r, "note", ticket.id)
    before = await newest(control)
    reply = await r.say("晚上七点以后家里才有人，来之前打个电话哈")
    assert reply["text"] == f"已补充到工单 {ticket.code}。"
    [line] = await staff_after(control, before)
    assert "居民补充说明" in line["text"] and "晚上七点以后家里才有人" in line["text"]
    assert line["message_thread_id"] == card["message_thread_id"]
    assert "居民补充 1 条" in await card_now(control, card)


async def test_an_album_added_from_status_goes_to_the_ticket_as_photos_told_once(bot, control):
    r, card = await open_ticket(control, 17002)
    ticket = await ticket_of_card(bot, card)
    await add_from_status(r, "photo", ticket.id)
    before_staff, before_mine = await newest(control), await r.newest_id()
    await control.send_album(17002, 3)
    await settled()
    photos = [m for m in await staff_after(control, before_staff) if m.get("photo")]
    assert len(photos) == 3
    assert all(m["message_thread_id"] == card["message_thread_id"] for m in photos)
    assert len({m.get("media_group_id") for m in photos}) == 1  # one album, as it was sent
    assert photos[0]["media_group_id"] and "居民补充的照片" in photos[0]["caption"]
    answers = [m["text"] for m in await control.messages(17002, before_mine)
               if m["from"]["is_bot"]]
    assert answers == [f"照片已添加到工单 {ticket.code}。"]  # once, and no new report
    assert "照片 3 张" in await card_now(control, card)
    async with bot.bot_data["services"].uow_factory() as uow:
        assert len(await uow.attachments.list_for_ticket(ticket.id)) == 3
        assert await uow.conversations.list_for("intake") == []


async def test_photos_sent_during_the_report_follow_the_card_into_its_topic(bot, control):
    r = await Resident(control, 17003).join()
    await r.say("楼道灯坏了，黑乎乎的")
    await r.send(photo=True)
    await r.send(photo=True)
    for _ in range(8):  # answer whatever is asked until the read-back card
        data = buttons(r.last)
        if any(d.startswith("intake:ok") for d in data):
            break
        tap = next((t for t in ("intake:cat:0", "intake:cl:0", "intake:when:today",
                                "intake:urg:normal") if any(d.startswith(t.rsplit(":", 1)[0]
                                                                        + ":") for d in data)),
                   None)
        if tap:
            await r.tap(tap)
        elif "哪" in r.last["text"] or "地点" in r.last["text"]:
            await r.say("7号楼1单元502")
        else:
            await r.say("13700137000")
    before = await newest(control)
    await r.tap("intake:ok")
    staff = await staff_after(control, before)
    card = next(m for m in staff if "类别" in (m.get("text") or ""))
    photos = [m for m in staff if m.get("photo")]
    assert len(photos) == 2
    assert all(m["message_thread_id"] == card["message_thread_id"] for m in photos)
    assert "照片 2 张" in await card_now(control, card)


async def test_a_neighbour_joining_is_told_in_the_topic_with_the_flat(bot, control):
    second, offer = await neighbour_offered_to_join(control, 17004, 17005)
    [ticket] = await tickets(bot)
    before = await newest(control)
    reply = await second.tap("intake:join:yes", offer)
    assert ticket.code in reply["text"]
    [line] = [m for m in await staff_after(control, before) if m.get("text")]
    assert "又一户居民反映了同一问题" in line["text"] and "5号楼1单元101" in line["text"]
    assert line["message_thread_id"] == ticket.staff_thread_id
    card = {"message_id": ticket.staff_chat_message_id}
    assert "同反映 1 户" in await card_now(control, card)


async def test_a_withdrawal_after_a_claim_tells_the_worker_and_the_topic(bot, control):
    await team(control)
    r, card = await open_ticket(control, 17006)
    ticket = await ticket_of_card(bot, card)
    await press(control, WORKER, card, f"staff:claim:{ticket.id}")
    listing = await r.say("/status")
    confirm = await r.tap(f"tk:wd:{ticket.id}", listing)
    before, worker_before = await newest(control), len(await bot_texts(control, WORKER))
    since = (await control.history(17006))["seq"]
    await control.press(17006, confirm["message_id"], f"tk:wdok:{ticket.id}")
    await control.wait_for_edit(17006, confirm["message_id"], since)
    await settled()
    [line] = [m for m in await staff_after(control, before) if m.get("text")]
    assert "居民于" in line["text"] and "撤回了工单" in line["text"]
    assert line["message_thread_id"] == card["message_thread_id"]
    told = (await bot_texts(control, WORKER))[worker_before:]
    assert len(told) == 1 and "不用再上门" in told[0] and ticket.code in told[0]
    assert "居民已撤回" in await card_now(control, card)
    # the worker writes to the resident later: told when it was withdrawn, not "stale"
    [answer] = await say(control, WORKER, "我晚上八点过去看看",
                         message_thread_id=card["message_thread_id"])
    assert "居民已于" in answer["text"] and "撤回" in answer["text"]


async def test_a_withdrawal_goes_to_the_topic_when_the_worker_cannot_be_written_to(bot,
                                                                                   control):
    await team(control)
    r, card = await open_ticket(control, 17007)
    ticket = await ticket_of_card(bot, card)
    await press(control, WORKER, card, f"staff:claim:{ticket.id}")
    await control.block(WORKER)
    listing = await r.say("/status")
    confirm = await r.tap(f"tk:wd:{ticket.id}", listing)
    before = await newest(control)
    since = (await control.history(17007))["seq"]
    await control.press(17007, confirm["message_id"], f"tk:wdok:{ticket.id}")
    await control.wait_for_edit(17007, confirm["message_id"], since)
    await settled()
    await settled()
    lines = [m["text"] for m in await staff_after(control, before) if m.get("text")]
    assert any("撤回了工单" in t for t in lines)
    assert any("不用再上门" in t for t in lines)  # the worker's notice, in the topic instead


async def test_an_exclusion_tells_the_resident_where_it_is_handled(bot, control):
    await team(control)
    r, card = await open_ticket(control, 17008)
    ticket = await ticket_of_card(bot, card)
    await press(control, SUPERVISOR, card, f"staff:exclude:{ticket.id}")
    after = await r.newest_id()
    await control.send_text(SUPERVISOR, "属于供热公司的管线，已转供热公司处理",
                            chat_id=STAFF_CHAT_ID, message_thread_id=card["message_thread_id"])
    [told] = await control.wait_for_bot_messages(17008, after=after)
    assert ticket.code in told["text"] and "其他部门或单位办理" in told["text"]
    assert "供热公司" in told["text"]


async def test_a_survey_answered_by_typing_reaches_staff_and_no_report_starts(bot, control):
    await team(control)
    resident, card, ticket = await resolved_ticket(control, bot, 17009)
    await sent_survey(control, bot, resident)
    before = await newest(control)
    reply = await resident.say("修好了 挺快的 谢谢师傅")
    assert reply["text"].startswith("收到您的话，已经转给工作人员")
    lines = [m["text"] for m in await staff_after(control, before) if m.get("text")]
    assert any("修好了 挺快的 谢谢师傅" in t for t in lines)
    row = (await surveys_of(bot, ticket.id))[0]
    assert row["comment"] == "修好了 挺快的 谢谢师傅" and row["status"] == "sent"
    async with bot.bot_data["services"].uow_factory() as uow:
        assert await uow.conversations.list_for("intake") == []


async def test_a_new_problem_during_a_survey_is_still_a_new_report(bot, control):
    await team(control)
    resident, _, ticket = await resolved_ticket(control, bot, 17010)
    await sent_survey(control, bot, resident)
    reply = await resident.say("3号楼电梯又坏了，困了好几个人")
    assert not reply["text"].startswith("收到您的话")
    assert (await surveys_of(bot, ticket.id))[0]["comment"] is None


async def test_a_hand_off_shows_staff_what_the_resident_asked(bot, control):
    r = await Resident(control, 17011).join()
    before = await newest(control)
    reply = await r.say("我要找人工，你们机器人听不懂，我家厨房顶上一直滴水")
    assert "人工" in reply["text"] or "工作人员" in reply["text"]
    lines = [m["text"] for m in await staff_after(control, before) if m.get("text")]
    assert any("居民的原话" in t and "厨房顶上一直滴水" in t for t in lines)


async def test_relayed_messages_are_acknowledged_once(bot, control):
    await team(control)
    r, card = await open_ticket(control, 17012)
    after = await r.newest_id()
    await control.send_text(WORKER, "您好，我是王师傅，明天上午过去", chat_id=STAFF_CHAT_ID,
                            message_thread_id=card["message_thread_id"])
    await control.wait_for_bot_messages(17012, after=after)
    after = await r.newest_id()
    before = await newest(control)
    await control.send_text(17012, "好的 谢谢 我上午都在家")
    await control.send_text(17012, "对了 门铃坏了 到了打电话")
    await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before, count=2)  # both relayed
    await control.wait_for_bot_messages(17012, after=after)
    await settled()
    mine = [m["text"] for m in await control.messages(17012, after) if m["from"]["is_bot"]]
    assert mine == ["已转给社区工作人员，他们会在这里回复您。之后的消息也会直接转过去。"]


async def test_a_second_confirm_says_already_registered_with_the_code(bot, control):
    r = await Resident(control, 17013).join()
    review = await reach_card(r)
    confirm = button_data(review, "intake:ok")
    await r.tap("intake:ok", review)
    [ticket] = await tickets(bot)
    await settled()
    [shown] = [m for m in await control.messages(17013) if m["message_id"] == review["message_id"]]
    assert not (shown.get("reply_markup") or {}).get("inline_keyboard")  # its buttons went
    await control.press(17013, review["message_id"], confirm, forge=True)  # a late second tap
    answers = await answers_to(control, 17013, review["message_id"], count=2)
    assert answers[-1]["text"] == f"已经提交过了，编号 {ticket.code}。"
    assert len(await tickets(bot)) == 1


async def test_edits_unknown_commands_and_staff_commands_in_private_get_an_answer(bot,
                                                                                   control):
    r = await Resident(control, 17014).join()
    sent = await control.send_text(17014, "楼道灯不亮")
    await control.wait_for_bot_messages(17014, sent["message"]["message_id"])
    after = await r.newest_id()
    await control.edit(17014, sent["message"]["message_id"], "楼道灯不亮了三天了")
    [note] = await control.wait_for_bot_messages(17014, after=after)
    assert note["text"].startswith("修改过的消息我不会再读") and "新消息" in note["text"]
    reply = await r.say("/baoshi")
    assert reply["text"].startswith("我不认识这个命令") and "/status" in reply["text"]
    for command in ("/kpi", "/open"):
        reply = await r.say(command)
        assert reply["text"].startswith("这是工作人员在工作群里用的命令")


async def test_a_sticker_at_a_button_step_repeats_the_question(bot, control):
    r = await Resident(control, 17015).join()
    question = await r.say("暖气不热")
    reply = await r.send(sticker={"emoji": "😂"})
    assert reply["text"].startswith("抱歉，这种消息我看不了")
    assert [b.rsplit(":", 1)[0] for b in buttons(reply)] == \
        [b.rsplit(":", 1)[0] for b in buttons(question)]


async def test_a_stale_button_gets_a_toast(bot, control):
    r = await Resident(control, 17016).join()
    await r.say("你好")
    message = r.last
    await control.press(17016, message["message_id"], "zz:gone", forge=True)
    answers = await answers_to(control, 17016, message["message_id"])
    assert any(a.get("text") == "这个按钮已失效，请看最新的消息。" and not a.get("show_alert")
               for a in answers)


@pytest.mark.parametrize(("user", "words"), [
    (17101, "门口有条大黄狗 别怕 不咬人的"),
    (17102, "俺家老头子腿脚不好，敲门多敲几下"),
    (17103, "上周就这样了，今天更严重了！！"),
    (17104, "I'm home after 6pm, please call first"),
])
async def test_notes_in_residents_own_words_reach_the_topic(bot, control, user, words):
    r, card = await open_ticket(control, user)
    ticket = await ticket_of_card(bot, card)
    await add_from_status(r, "note", ticket.id)
    before = await newest(control)
    await r.say(words)
    [line] = await staff_after(control, before)
    assert words in line["text"] and line["message_thread_id"] == card["message_thread_id"]


@pytest.mark.parametrize(("user", "words"), [
    (17111, "修好了修好了 谢谢啊"),
    (17112, "没修好 还是冰凉的"),
    (17113, "师傅人挺好 就是来晚了点"),
    (17114, "yes it's fixed, thank you"),
])
async def test_typed_survey_answers_in_residents_own_words_reach_staff(bot, control, user,
                                                                      words):
    await team(control)
    resident, _, ticket = await resolved_ticket(control, bot, user)
    await sent_survey(control, bot, resident)
    before = await newest(control)
    await resident.say(words)
    lines = [m["text"] for m in await staff_after(control, before) if m.get("text")]
    assert any(words in t for t in lines)
    assert (await surveys_of(bot, ticket.id))[0]["comment"] == words


async def test_an_english_resident_gets_the_same_answers_in_english(bot, control):
    r = await Resident(control, 17120).join("Anna", language_code="en")
    sent = await control.send_text(17120, "the hallway light is broken")
    await control.wait_for_bot_messages(17120, sent["message"]["message_id"])
    after = await r.newest_id()
    await control.edit(17120, sent["message"]["message_id"], "the hallway light is broken again")
    [note] = await control.wait_for_bot_messages(17120, after=after)
    assert note["text"].startswith("I don't read edited messages")
    assert (await r.say("/whatever"))["text"].startswith("I don't know that command")
    assert (await r.say("/kpi"))["text"].startswith("That command is for staff")


async def test_a_typed_yes_at_the_read_back_card_also_takes_its_buttons_away(bot, control):
    r = await Resident(control, 17121).join()
    review = await reach_card(r)
    await settled()
    reply = await r.say("是的")
    [ticket] = await tickets(bot)
    assert ticket.code in reply["text"]
    await settled()
    [shown] = [m for m in await control.messages(17121) if m["message_id"] == review["message_id"]]
    assert not (shown.get("reply_markup") or {}).get("inline_keyboard")


async def test_photos_sent_right_after_the_report_go_with_the_ticket(bot, control):
    """"I forgot the photo": no new report starts; the album joins the ticket just opened."""
    r, card = await open_ticket(control, 17122)
    ticket = await ticket_of_card(bot, card)
    before_staff, before_mine = await newest(control), await r.newest_id()
    await control.send_album(17122, 2)
    # The album may still wait in the local API for the bot's next poll (settled() only
    # sees updates already taken in): wait for the answer first.
    await control.wait_for_bot_messages(17122, after=before_mine)
    await settled()
    answers = [m["text"] for m in await control.messages(17122, before_mine)
               if m["from"]["is_bot"]]
    assert answers == [f"照片已添加到工单 {ticket.code}。"]
    photos = [m for m in await staff_after(control, before_staff) if m.get("photo")]
    assert len(photos) == 2 and photos[0]["message_thread_id"] == card["message_thread_id"]
    async with bot.bot_data["services"].uow_factory() as uow:
        assert await uow.conversations.list_for("intake") == []


async def two_problems_reported(bot, control, user_id: int) -> tuple[Resident, dict]:
    """A resident who reported heating and a corridor light in one message: two tickets."""
    r = await Resident(control, user_id).join()
    await r.say("暖气不热，还有楼道灯也坏了")
    await until_card(r)
    await confirm(control, r, cards=2)
    return r, {t.problem_type: t for t in await tickets(bot)}


async def test_an_album_after_a_report_of_two_problems_waits_for_which_ticket(bot, control):
    """Two tickets from one message: the photos go nowhere until the resident says which."""
    r, found = await two_problems_reported(bot, control, 17131)
    light, heating = found["corridor_light"], found["heating_cold"]
    before_staff, before_mine = await newest(control), await r.newest_id()
    await control.send_album(17131, 2)
    await control.wait_for_bot_messages(17131, after=before_mine)
    await settled()
    [question] = [m for m in await control.messages(17131, before_mine) if m["from"]["is_bot"]]
    assert question["text"].startswith("刚登记了 2 件事，照片是哪件事的？")
    assert sorted(buttons(question)) == sorted([f"tk:held:{light.id}", f"tk:held:{heating.id}"])
    assert not [m for m in await staff_after(control, before_staff) if m.get("photo")]
    since = (await control.history(17131))["seq"]
    await control.press(17131, question["message_id"], "tk:held:999999", forge=True)
    await asyncio.gather(*(control.press(17131, question["message_id"], f"tk:held:{light.id}")
                           for _ in range(2)))  # a double tap
    shown = await control.wait_for_edit(17131, question["message_id"], since)
    assert shown["text"] == f"2 张照片已添加到工单 {light.code}。"
    await settled()
    photos = [m for m in await staff_after(control, before_staff) if m.get("photo")]
    assert len(photos) == 2
    assert {m["message_thread_id"] for m in photos} == {light.staff_thread_id}
    async with bot.bot_data["services"].uow_factory() as uow:
        assert len(await uow.attachments.list_for_ticket(light.id)) == 2
        assert await uow.attachments.list_for_ticket(heating.id) == []


async def test_a_photo_after_two_problems_one_withdrawn_goes_to_the_one_still_open(bot, control):
    r, found = await two_problems_reported(bot, control, 17132)
    newest_one = max(found.values(), key=lambda t: t.id)
    other = min(found.values(), key=lambda t: t.id)
    listing = await r.say("/status")
    asked = await r.tap(f"tk:wd:{newest_one.id}", listing)
    since = (await control.history(17132))["seq"]
    await control.press(17132, asked["message_id"], f"tk:wdok:{newest_one.id}")
    await control.wait_for_edit(17132, asked["message_id"], since)
    await settled()
    before = await r.newest_id()
    await control.send_photo(17132)
    [answer] = await control.wait_for_bot_messages(17132, after=before)
    assert answer["text"] == f"照片已添加到工单 {other.code}。"
