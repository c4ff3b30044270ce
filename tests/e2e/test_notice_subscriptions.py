"""Residents' notice settings end to end: /notices with on/off buttons edited in place,
/unsubscribe, "不要再发了" and "stop", the "stop these" and "still a problem?" buttons under
a notice, and forged ``nt:`` data answered with nothing changed."""

from __future__ import annotations

from domain.notices.topics import KEYS
from handlers import keyboards
from storage.models import Delivery, Notice
from tests.helpers.botharness import settled
from tests.helpers.resident import Resident, buttons, reach_card

HEATING = "城乡建设/城市建设和市政管理/冬季采暖"


def _labels(message: dict) -> dict[str, str]:
    rows = message["reply_markup"]["inline_keyboard"]
    return {b["callback_data"]: b["text"] for row in rows for b in row}


async def _rows(app, user_id: int) -> dict[str, bool] | None:
    """The resident's stored subscription rows (None: no resident)."""
    async with app.bot_data["services"].uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(user_id)
        return None if resident is None else await uow.subscriptions.for_resident(resident.id)


async def _press(control, user_id: int, message: dict, data: str, forge: bool = False) -> dict:
    """Presses and waits until the bot has answered (or edited) the pressed message."""
    pressed = await control.press(user_id, message["message_id"], data, forge=forge)
    await control.wait_for_change(user_id, pressed["seq"])
    await settled()  # the answer is at once; what the press changed is committed after
    return pressed


async def _answers(control, user_id: int, message: dict) -> list[dict]:
    return [m for m in await control.messages(user_id)
            if m["message_id"] == message["message_id"]][0]["callback_answers"]


async def _notice_to(app, control, r: Resident, category: str | None = HEATING) -> dict:
    """A heating notice delivered to ``r`` through the bot, with the broadcast buttons."""
    async with app.bot_data["services"].uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(r.user_id)
        notice = await uow.notices.add(Notice(topic="heating", text_zh="明天检查暖气",
                                              category=category, status="running"))
        await uow.deliveries.add(Delivery(notice_id=notice.id, resident_id=resident.id,
                                          status="sent"))
        await uow.commit()
    after = await r.newest_id()
    await app.bot.send_message(r.user_id, "明天检查暖气",
                               reply_markup=keyboards.broadcast("zh", notice.id, "heating"))
    [message] = await control.wait_for_bot_messages(r.user_id, after=after)
    return message


async def test_notices_lists_topics_and_toggles_in_place(bot, control):
    r = await Resident(control, 8101).join()
    shown = await r.say("/notices")
    assert "通知设置" in shown["text"]
    assert buttons(shown) == [f"nt:sub:{key}" for key in KEYS]
    labels = _labels(shown)
    assert labels["nt:sub:heating"] == "✅ 供暖" and labels["nt:sub:festivals"] == "⬜ 节日活动"
    assert await _rows(bot, r.user_id) == {}  # defaults are not rows

    pressed = await control.press(r.user_id, shown["message_id"], "nt:sub:heating")
    edited = await control.wait_for_edit(r.user_id, shown["message_id"], since=pressed["seq"])
    assert _labels(edited)["nt:sub:heating"] == "⬜ 供暖"
    pressed = await control.press(r.user_id, shown["message_id"], "nt:sub:festivals")
    edited = await control.wait_for_edit(r.user_id, shown["message_id"], since=pressed["seq"])
    assert _labels(edited)["nt:sub:festivals"] == "✅ 节日活动"
    assert _labels(edited)["nt:sub:heating"] == "⬜ 供暖"
    assert await _rows(bot, r.user_id) == {"heating": False, "festivals": True}
    assert await r.newest_id() == shown["message_id"]  # edited, no new message

    again = await r.say("/notices")
    assert _labels(again)["nt:sub:heating"] == "⬜ 供暖"


async def test_unsubscribe_command_intent_and_stop_word_turn_everything_off(bot, control):
    for user_id, said in ((8201, "/unsubscribe"), (8202, "不要再发了"), (8203, "stop")):
        r = await Resident(control, user_id).join()
        reply = await r.say(said)
        assert "已关闭全部社区通知" in reply["text"], said
        assert buttons(reply) == ["nt:open"]
        assert await _rows(bot, user_id) == dict.fromkeys(KEYS, False), said
    shown = await r.tap("nt:open")
    assert all(label.startswith("⬜") for label in _labels(shown).values())


async def test_english_resident_gets_english_settings(bot, control):
    r = await Resident(control, 8301).join("Ann", language_code="en")
    shown = await r.say("/notices")
    assert _labels(shown)["nt:sub:snow_ice"] == "✅ Snow and ice"
    reply = await r.say("unsubscribe me please")
    assert "all community notices are off" in reply["text"]


async def test_stop_button_under_a_notice_turns_that_topic_off(bot, control):
    r = await Resident(control, 8401).join()
    await r.say("/notices")
    notice = await _notice_to(bot, control, r)
    await _press(control, r.user_id, notice, "nt:stop:heating")
    [answer] = await _answers(control, r.user_id, notice)
    assert "不再发送“供暖”通知" in answer["text"]
    assert await _rows(bot, r.user_id) == {"heating": False}


async def test_forged_notice_buttons_change_nothing(bot, control):
    r = await Resident(control, 8501).join()
    await r.say("/notices")
    notice = await _notice_to(bot, control, r)
    before = await r.newest_id()
    forged = ["nt:sub:gossip", "nt:stop:gossip", "nt:report:999999", "nt:report:abc",
              "nt:bogus", "nt:open:x", "nt:sub:heating"]  # a toggle on a notice, not settings
    for data in forged:
        await _press(control, r.user_id, notice, data, forge=True)
    answers = await _answers(control, r.user_id, notice)
    assert len(answers) == len(forged)
    assert all("已失效" in a["text"] for a in answers)
    assert await _rows(bot, r.user_id) == {}
    assert await r.newest_id() == before

    stranger = await Resident(control, 8502).join()  # never got the notice
    await stranger.say("/notices")
    shown = stranger.last
    await _press(control, stranger.user_id, shown, f"nt:report:{notice_id(notice)}", forge=True)
    assert "已失效" in (await _answers(control, stranger.user_id, shown))[-1]["text"]
    assert await stranger.newest_id() == shown["message_id"]


def notice_id(message: dict) -> int:
    return int(buttons(message)[0].removeprefix("nt:report:"))


async def test_report_button_opens_intake_with_the_category_chosen(bot, control):
    r = await Resident(control, 8601).join()
    await r.say("/notices")
    notice = await _notice_to(bot, control, r)
    assert buttons(notice) == [f"nt:report:{notice_id(notice)}", "nt:stop:heating"]
    asked = await r.tap(f"nt:report:{notice_id(notice)}", notice)
    assert "遇到了什么问题" in asked["text"]
    clarify = await r.say("暖气片还是冰凉的，一点都不来")
    assert buttons(clarify) and all(b.startswith("intake:cl:") for b in buttons(clarify))
    async with bot.bot_data["services"].uow_factory() as uow:  # a heating type, by the words
        [state] = await uow.conversations.list_for("intake")
        assert state.data["category"].endswith("冬季采暖")
        assert state.data["problem_type"] in ("heating_off", "heating_cold")


async def test_first_ticket_tells_once_how_to_change_notices(bot, control):
    r = await Resident(control, 8701).join()
    await reach_card(r)
    opened = await r.tap("intake:ok")
    assert opened["text"].startswith("已登记") and "/notices" in opened["text"]
    async with bot.bot_data["services"].uow_factory() as uow:
        assert (await uow.residents.get_by_telegram_id(r.user_id)).notice_onboarded


async def test_no_hint_for_a_resident_who_saw_the_settings(bot, control):
    r = await Resident(control, 8702).join()
    await r.say("/notices")
    await reach_card(r)
    opened = await r.tap("intake:ok")
    assert opened["text"].startswith("已登记") and "/notices" not in opened["text"]
