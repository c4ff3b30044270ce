"""sendMessage, edits and deletes through PTB's real Bot, over real HTTP."""

import pytest
from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from tests.localapi.conftest import RESIDENT, STAFF

pytestmark = pytest.mark.asyncio


def keyboard(data="ticket:1:claim"):
    return InlineKeyboardMarkup([[InlineKeyboardButton("认领 Claim", callback_data=data)]])


async def test_get_me_is_the_bot(bot):
    me = await bot.get_me()
    assert me.is_bot and me.username == "frontdoor_bot" and me.id == 123456


async def test_send_message_returns_a_complete_message(bot, control):
    sent = await bot.send_message(
        RESIDENT, "您好", reply_markup=keyboard(), disable_notification=True,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    assert sent.chat.id == RESIDENT and sent.chat.type == "private"
    assert sent.from_user.is_bot and sent.text == "您好"
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "ticket:1:claim"
    [stored] = await control.messages(RESIDENT)
    assert stored["from_bot"] and stored["text"] == "您好" and not stored["edited"]


async def test_html_is_parsed_into_entities(bot):
    sent = await bot.send_message(RESIDENT, "<b>工单</b> &lt;1&gt;", parse_mode=ParseMode.HTML)
    assert sent.text == "工单 <1>"
    assert sent.entities[0].type == "bold" and sent.entities[0].length == 2
    assert sent.text_html == "<b>工单</b> &lt;1&gt;"


async def test_bad_markup_is_refused_like_telegram(bot):
    with pytest.raises(BadRequest, match="(?i)unsupported start tag"):
        await bot.send_message(RESIDENT, "a <script> b", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="reserved and must be escaped"):
        await bot.send_message(RESIDENT, "done.", parse_mode=ParseMode.MARKDOWN_V2)
    sent = await bot.send_message(RESIDENT, r"*done*\.", parse_mode=ParseMode.MARKDOWN_V2)
    assert sent.text == "done." and sent.entities[0].type == "bold"


@pytest.mark.parametrize(("text", "reason"), [
    ("", "Message text is empty"),
    ("字" * 4097, "Message is too long"),
])
async def test_text_limits(bot, text, reason):
    with pytest.raises(BadRequest, match=reason):
        await bot.send_message(RESIDENT, text)


async def test_callback_data_over_64_bytes_is_refused(bot):
    await bot.send_message(RESIDENT, "ok", reply_markup=keyboard("x" * 64))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(RESIDENT, "no", reply_markup=keyboard("工" * 22))  # 66 bytes


async def test_unknown_chat_is_not_found(bot):
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(777, "hello")


async def test_reply_keyboards_live_on_the_chat(bot, control):
    buttons = [[KeyboardButton("分享电话", request_contact=True)],
               [KeyboardButton("分享位置", request_location=True)]]
    sent = await bot.send_message(RESIDENT, "电话?", reply_markup=ReplyKeyboardMarkup(
        buttons, one_time_keyboard=True))
    assert sent.reply_markup is None  # Telegram never echoes reply keyboards
    history = await control.history(RESIDENT)
    assert history["reply_keyboard"]["keyboard"][0][0]["request_contact"] is True
    await control.send_contact(RESIDENT, "+8613800000000")
    assert (await control.history(RESIDENT))["reply_keyboard"] is None  # one-time
    await bot.send_message(RESIDENT, "kb", reply_markup=ReplyKeyboardMarkup([["是", "否"]]))
    await bot.send_message(RESIDENT, "gone", reply_markup=ReplyKeyboardRemove())
    assert (await control.history(RESIDENT))["reply_keyboard"] is None
    forced = await bot.send_message(RESIDENT, "?", reply_markup=ForceReply())
    last = (await control.messages(RESIDENT, after=forced.message_id - 1))[0]
    assert last["sent_reply_markup"]["force_reply"] is True


async def test_replies_new_and_legacy(bot, control):
    user_msg = (await control.send_text(RESIDENT, "楼道灯坏了"))["message"]
    first = await bot.send_message(RESIDENT, "收到", reply_parameters=ReplyParameters(
        user_msg["message_id"]))
    assert first.reply_to_message.text == "楼道灯坏了"
    second = await bot.send_message(RESIDENT, "再次", reply_to_message_id=first.message_id)
    assert second.reply_to_message.message_id == first.message_id
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(RESIDENT, "x", reply_parameters=ReplyParameters(9999))
    loose = await bot.send_message(RESIDENT, "x", reply_parameters=ReplyParameters(
        9999, allow_sending_without_reply=True))
    assert loose.reply_to_message is None


async def test_edit_text_and_markup(bot, control):
    sent = await bot.send_message(RESIDENT, "待处理", reply_markup=keyboard())
    edited = await bot.edit_message_text("已认领", RESIDENT, sent.message_id,
                                         reply_markup=keyboard("ticket:1:done"))
    assert edited.text == "已认领" and edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("已认领", RESIDENT, sent.message_id,
                                    reply_markup=keyboard("ticket:1:done"))
    bare = await bot.edit_message_reply_markup(RESIDENT, sent.message_id, reply_markup=None)
    assert bare.reply_markup is None
    [stored] = await control.messages(RESIDENT)
    assert stored["edited"] and stored["text"] == "已认领" and "reply_markup" not in stored


async def test_edit_refusals(bot, control):
    user_msg = (await control.send_text(RESIDENT, "hi"))["message"]
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", RESIDENT, user_msg["message_id"])
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", RESIDENT, 4242)
    sent = await bot.send_message(RESIDENT, "short")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.edit_message_text("长" * 5000, RESIDENT, sent.message_id)


async def test_delete_message(bot, control):
    sent = await bot.send_message(RESIDENT, "temporary")
    assert await bot.delete_message(RESIDENT, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(RESIDENT, sent.message_id)
    [stored] = await control.messages(RESIDENT)
    assert stored["deleted"]


async def test_copy_and_forward_into_a_staff_topic(bot, control):
    topic = await bot.create_forum_topic(STAFF, "#1 楼道灯")
    user_msg = (await control.send_text(RESIDENT, "还没修"))["message"]
    copied = await bot.copy_message(STAFF, RESIDENT, user_msg["message_id"],
                                    message_thread_id=topic.message_thread_id)
    forwarded = await bot.forward_message(STAFF, RESIDENT, user_msg["message_id"],
                                          message_thread_id=topic.message_thread_id)
    assert forwarded.forward_origin.sender_user.id == RESIDENT
    assert forwarded.is_topic_message and forwarded.message_thread_id == topic.message_thread_id
    staff = await control.messages(STAFF)
    copy = next(m for m in staff if m["message_id"] == copied.message_id)
    assert copy["text"] == "还没修" and copy["from_bot"]
