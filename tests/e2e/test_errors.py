"""The one error handler: a friendly line for the resident, a short notice for staff."""

import logging

from telegram.ext import CommandHandler

from handlers.texts import CATALOGUES
from tests.helpers.botharness import STAFF_CHAT_ID


async def _boom(update, context):
    raise RuntimeError("secret internals 13812345678")


async def test_crash_in_a_handler_is_answered_without_a_traceback(bot, control, caplog):
    bot.add_handler(CommandHandler("boom", _boom), group=-5)  # before the catch-alls
    await control.create_user(3101, "张", language_code="zh")
    caplog.set_level(logging.ERROR, logger="bot.inbox.dispatcher")
    sent = await control.send_text(3101, "/boom")
    reply = (await control.wait_for_bot_messages(3101, after=sent["message"]["message_id"]))[0]
    assert reply["text"] == CATALOGUES["zh"]["error_generic"]
    assert "Traceback" not in reply["text"] and "secret" not in reply["text"]

    staff = await control.wait_for_bot_messages(STAFF_CHAT_ID)
    assert "RuntimeError" in staff[-1]["text"]
    assert "secret internals" not in staff[-1]["text"]

    records = [r for r in caplog.records if r.name == "bot.inbox.dispatcher"]
    assert records and records[0].exc_info is not None
    assert "13812345678" not in records[0].getMessage()


async def test_bot_keeps_working_after_an_error(bot, control):
    bot.add_handler(CommandHandler("boom", _boom), group=-5)  # before the catch-alls
    await control.create_user(3102, "Eve", language_code="en")
    sent = await control.send_text(3102, "/boom")
    await control.wait_for_bot_messages(3102, after=sent["message"]["message_id"])
    sent = await control.send_text(3102, "/start")
    reply = (await control.wait_for_bot_messages(3102, after=sent["message"]["message_id"]))[0]
    assert reply["text"].startswith("Hello, Eve")
