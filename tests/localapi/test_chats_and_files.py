"""Callbacks, chat info, members, commands, forum topics, photos and files via PTB's Bot."""

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, InvalidToken

from bot.localapi.media import make_png
from tests.localapi.conftest import RESIDENT, STAFF, TOKEN

STAFF_USER = 2001


async def test_answer_callback_query_once(bot, control):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("满意", callback_data="survey:1:5")]])
    sent = await bot.send_message(RESIDENT, "满意吗?", reply_markup=markup)
    pressed = await control.press(RESIDENT, sent.message_id, "survey:1:5")
    assert await bot.answer_callback_query(pressed["callback_query_id"], "谢谢", show_alert=True)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(pressed["callback_query_id"])
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("123")
    [stored] = await control.messages(RESIDENT)
    assert stored["callback_answers"][0]["text"] == "谢谢"
    assert stored["callback_answers"][0]["show_alert"] is True


async def test_chat_action_and_commands(bot, control):
    assert await bot.send_chat_action(RESIDENT, ChatAction.TYPING)
    assert (await control.history(RESIDENT))["actions"] == ["typing"]
    commands = [BotCommand("start", "开始"), BotCommand("help", "帮助")]
    assert await bot.set_my_commands(commands, language_code="zh")
    assert await bot.get_my_commands(language_code="zh") == tuple(commands)
    assert await bot.get_my_commands() == ()
    scope = BotCommandScopeChat(STAFF)
    await bot.set_my_commands([BotCommand("queue", "待办")], scope=scope)
    assert [c.command for c in await bot.get_my_commands(scope=scope)] == ["queue"]
    assert await bot.delete_my_commands(language_code="zh")
    assert await bot.get_my_commands(language_code="zh") == ()
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Bad Command", "x")])


async def test_get_chat_and_members(bot, control):
    staff_chat = await bot.get_chat(STAFF)
    assert staff_chat.type == "supergroup" and staff_chat.is_forum
    assert staff_chat.title == "社区工作群 Staff"
    private = await bot.get_chat(RESIDENT)
    assert private.first_name == "李" and private.type == "private"
    await control.create_user(STAFF_USER, "王师傅", staff_role="administrator")
    member = await bot.get_chat_member(STAFF, STAFF_USER)
    assert member.status == "administrator" and member.user.first_name == "王师傅"
    assert (await bot.get_chat_member(STAFF, RESIDENT)).status == "left"
    assert (await bot.get_chat_member(STAFF, bot.id)).status == "administrator"
    with pytest.raises(BadRequest, match="User not found"):
        await bot.get_chat_member(STAFF, 99999)


async def test_forum_topics_life_cycle(bot, control):
    topic = await bot.create_forum_topic(STAFF, "#12 漏水", icon_color=0x6FB9F0)
    thread = topic.message_thread_id
    card = await bot.send_message(STAFF, "工单 #12", message_thread_id=thread)
    assert card.is_topic_message and card.message_thread_id == thread
    assert card.reply_to_message.forum_topic_created.name == "#12 漏水"
    assert await bot.edit_forum_topic(STAFF, thread, name="#12 漏水 ✅")
    assert await bot.close_forum_topic(STAFF, thread)
    with pytest.raises(BadRequest, match="Topic_not_modified"):
        await bot.close_forum_topic(STAFF, thread)
    assert await bot.reopen_forum_topic(STAFF, thread)
    history = await control.history(STAFF)
    assert history["topics"][0]["name"] == "#12 漏水 ✅"
    reply = await control.send_text(STAFF_USER, "已派人", chat_id=STAFF, message_thread_id=thread)
    assert reply["message"]["message_thread_id"] == thread
    assert await bot.delete_forum_topic(STAFF, thread)
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(STAFF, "x", message_thread_id=thread)
    with pytest.raises(BadRequest, match="Topic_id_invalid"):
        await bot.close_forum_topic(STAFF, thread)
    with pytest.raises(BadRequest, match="not a forum"):
        await bot.create_forum_topic(RESIDENT, "x")


async def test_send_photo_upload_file_id_and_download(bot, control):
    png = make_png(8, 4)
    sent = await bot.send_photo(RESIDENT, png, caption="<i>现场</i>", parse_mode="HTML")
    assert sent.caption == "现场" and sent.photo[-1].width == 8 and sent.photo[-1].height == 4
    again = await bot.send_photo(RESIDENT, sent.photo[-1].file_id)
    assert again.photo[-1].file_id == sent.photo[-1].file_id
    tg_file = await bot.get_file(sent.photo[-1].file_id)
    assert bytes(await tg_file.download_as_bytearray()) == png
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_photo(RESIDENT, "no-such-file")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(RESIDENT, png, caption="x" * 1025)


async def test_user_photo_can_be_downloaded(bot, control):
    sent = await control.send_photo(RESIDENT, make_png(3, 3), caption="墙裂了")
    photo = sent["message"]["photo"][-1]
    tg_file = await bot.get_file(photo["file_id"])
    assert bytes(await tg_file.download_as_bytearray()) == make_png(3, 3)


async def test_unknown_method_and_bad_tokens(api, bot):
    async with httpx.AsyncClient() as http:
        missing = await http.post(f"{api.base_url}{TOKEN}/sendTelepathy")
        assert missing.status_code == 404
        assert missing.json() == {"ok": False, "error_code": 404,
                                  "description": "Not Found: method not found"}
        wrong = await http.post(f"{api.base_url}123456:WRONG/getMe")
        assert wrong.status_code == 401 and wrong.json()["description"] == "Unauthorized"
    with pytest.raises(InvalidToken):
        async with Bot("999:nope", base_url=api.base_url) as other:
            await other.get_me()


async def test_json_bodies_and_query_strings(api, control):
    url = f"{api.base_url}{TOKEN}"
    markup = {"inline_keyboard": [[{"text": "ok", "callback_data": "a"}]]}
    async with httpx.AsyncClient() as http:
        as_json = await http.post(f"{url}/sendMessage", json={
            "chat_id": RESIDENT, "text": "json", "reply_markup": markup})
        assert as_json.json()["result"]["reply_markup"] == markup
        as_query = await http.get(f"{url}/sendMessage", params={
            "chat_id": RESIDENT, "text": "query"})
        assert as_query.json()["ok"] and as_query.json()["result"]["text"] == "query"
        case = await http.post(f"{url}/SENDMESSAGE", data={"chat_id": RESIDENT, "text": "c"})
        assert case.json()["ok"]
        empty = await http.post(f"{url}/sendMessage", data={"chat_id": RESIDENT, "text": ""})
        assert empty.status_code == 400
        assert empty.json()["description"] == "Bad Request: message text is empty"


async def test_send_media_group_shows_photos_as_one_album(bot, control):
    from telegram import InputMediaPhoto
    from telegram.error import BadRequest

    first = await bot.send_photo(RESIDENT, make_png(4, 4), caption="一")
    file_id = first.photo[-1].file_id
    sent = await bot.send_media_group(RESIDENT, [InputMediaPhoto(file_id, caption="相册"),
                                                 InputMediaPhoto(file_id)])
    assert len(sent) == 2 and sent[0].media_group_id == sent[1].media_group_id
    assert sent[0].caption == "相册" and sent[1].caption is None
    with pytest.raises(BadRequest, match="2 to 10"):
        await bot.send_media_group(RESIDENT, [InputMediaPhoto(file_id)])
