"""/start and /help through real python-telegram-bot polling the local Bot API."""

import gc

from handlers.texts import CATALOGUES


async def _ask(control, user_id, text):
    sent = await control.send_text(user_id, text)
    replies = await control.wait_for_bot_messages(user_id, after=sent["message"]["message_id"])
    return replies[0]


async def test_start_in_chinese(bot, control):
    await control.create_user(3001, "王阿姨", language_code="zh-hans")
    reply = await _ask(control, 3001, "/start")
    assert reply["text"].startswith("您好，王阿姨")
    assert "/help" in reply["text"]


async def test_start_in_english(bot, control):
    await control.create_user(3002, "Alice", language_code="en")
    reply = await _ask(control, 3002, "/start")
    assert reply["text"].startswith("Hello, Alice")


async def test_help_in_both_languages(bot, control):
    await control.create_user(3003, "李", language_code="zh")
    await control.create_user(3004, "Bob", language_code="en-US")
    assert (await _ask(control, 3003, "/help"))["text"] == CATALOGUES["zh"]["help"]
    assert (await _ask(control, 3004, "/help"))["text"] == CATALOGUES["en"]["help"]


async def test_command_menu_published_in_both_languages(bot, control):
    stats = await control.stats()
    assert stats["methods"].get("setMyCommands", 0) >= 2


async def test_a_serving_bot_keeps_its_start_up_heap_out_of_collections(bot):
    # bot.runner.settle_heap: a full collection at 200 residents paused the bot ~200 ms
    assert gc.get_freeze_count() > 0
