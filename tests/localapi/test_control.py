"""The control API through ControlClient: people, content kinds, presses, waits, resets."""

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden

from bot.localapi.client import ControlError
from tests.localapi.conftest import RESIDENT, STAFF

MARKUP = InlineKeyboardMarkup([[InlineKeyboardButton("认领", callback_data="t:1:claim"),
                                InlineKeyboardButton("官网", url="https://example.org")]])


async def test_users_are_created_listed_and_updated(control):
    created = await control.create_user(first_name="Alice", language_code="en")
    assert created["id"] > 100000 and created["language_code"] == "en"
    await control.create_user(created["id"], "Alicia")
    assert (await control.get_user(created["id"]))["first_name"] == "Alicia"
    assert {u["id"] for u in await control.users()} == {RESIDENT, created["id"]}
    with pytest.raises(ControlError) as caught:
        await control.get_user(5)
    assert caught.value.status == 404


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_every_content_kind_reaches_the_bot(bot, control):
    await control.send_contact(RESIDENT, "+8613800000000")
    await control.send_location(RESIDENT)
    await control.send_photo(RESIDENT, caption="裂缝")
    await control.send_sticker(RESIDENT, "🙏")
    await control.send_voice(RESIDENT, duration=4)
    await control.send_document(RESIDENT, b"hello", file_name="note.txt")
    msgs = [u.message for u in await bot.get_updates()]
    assert msgs[0].contact.phone_number == "+8613800000000"
    assert msgs[0].contact.user_id == RESIDENT
    assert msgs[1].location.latitude == pytest.approx(39.9042)
    assert msgs[2].photo[-1].width == 64 and msgs[2].caption == "裂缝"
    assert msgs[3].sticker.emoji == "🙏"
    assert msgs[4].voice.duration == 4
    assert msgs[5].document.file_name == "note.txt"
    data = await (await bot.get_file(msgs[5].document.file_id)).download_as_bytearray()
    assert bytes(data) == b"hello"


async def test_press_checks_the_button_exists_unless_forged(bot, control):
    sent = await bot.send_message(RESIDENT, "工单", reply_markup=MARKUP)
    by_text = await control.press(RESIDENT, sent.message_id, text="认领")
    with pytest.raises(ControlError, match="no such button"):
        await control.press(RESIDENT, sent.message_id, "t:2:claim")
    with pytest.raises(ControlError, match="no callback_data"):
        await control.press(RESIDENT, sent.message_id, text="官网")
    forged = await control.press(RESIDENT, sent.message_id, "t:2:claim", forge=True)
    queries = [u.callback_query for u in await bot.get_updates()]
    assert [q.data for q in queries] == ["t:1:claim", "t:2:claim"]
    assert [q.id for q in queries] == [by_text["callback_query_id"],
                                       forged["callback_query_id"]]
    assert queries[0].message.message_id == sent.message_id
    assert queries[0].from_user.id == RESIDENT


async def test_wait_returns_new_bot_messages_or_times_out(bot, control):
    mine = (await control.send_text(RESIDENT, "hi"))["message"]
    with pytest.raises(TimeoutError):
        await control.wait_for_bot_messages(RESIDENT, after=mine["message_id"], timeout=0.2)
    await bot.send_message(RESIDENT, "one")
    await bot.send_message(RESIDENT, "two")
    got = await control.wait_for_bot_messages(RESIDENT, after=mine["message_id"], count=2)
    assert [m["text"] for m in got] == ["one", "two"]


async def test_wait_for_edit_sees_the_bot_edit(bot, control):
    sent = await bot.send_message(RESIDENT, "before", reply_markup=MARKUP)
    seq = (await control.history(RESIDENT))["seq"]
    await bot.edit_message_text("after", RESIDENT, sent.message_id)
    edited = await control.wait_for_edit(RESIDENT, sent.message_id, since=seq, timeout=2)
    assert edited["text"] == "after" and edited["edited"]


async def test_staff_group_topics_and_replies(bot, control):
    topic = await bot.create_forum_topic(STAFF, "#7 噪音")
    card = await bot.send_message(STAFF, "工单 #7", message_thread_id=topic.message_thread_id)
    await control.create_user(2002, "张主任", staff_role="administrator")
    reply = await control.send_text(2002, "明早处理", chat_id="staff",
                                    reply_to_message_id=card.message_id)
    message = reply["message"]
    assert message["message_thread_id"] == topic.message_thread_id
    assert message["reply_to_message"]["message_id"] == card.message_id
    [update] = await bot.get_updates()
    assert update.message.chat.is_forum and update.message.is_topic_message
    with pytest.raises(ControlError, match="thread not found"):
        await control.send_text(2002, "x", chat_id=STAFF, message_thread_id=999)
    with pytest.raises(ControlError, match="own private chat"):
        await control.send_text(2002, "x", chat_id=RESIDENT)


async def test_blocked_user_means_forbidden(bot, control):
    await control.block(RESIDENT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(RESIDENT, "提醒")
    await control.block(RESIDENT, blocked=False)
    await bot.send_message(RESIDENT, "提醒")


async def test_reset_forgets_everything_but_keeps_ids_growing(bot, control):
    first = (await control.send_text(RESIDENT, "a"))
    await control.reset()
    assert await control.users() == []
    stats = await control.stats()
    assert stats["pending_updates"] == 0 and stats["methods"] == {}
    await control.create_user(RESIDENT, "李")
    second = await control.send_text(RESIDENT, "b")
    assert second["update_id"] > first["update_id"]
    assert second["message"]["message_id"] > first["message"]["message_id"]
    assert (await control.info())["staff_chat"]["is_forum"] is True
