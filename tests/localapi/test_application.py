"""A real PTB Application polling the local Bot API, driven only through ControlClient."""

import contextlib
import socket

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.localapi.conftest import RESIDENT, STAFF


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("完成 Done", callback_data="done")]])
    await update.message.reply_text(f"echo: {update.message.text}", reply_markup=markup)


async def done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer("好的")
    await update.callback_query.edit_message_text("已完成 ✅")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    where = update.message.message_thread_id
    await update.message.reply_text(f"start in {update.effective_chat.type} thread={where}")


async def burst(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    for n in range(4):
        await update.message.reply_text(f"burst {n}")


@contextlib.asynccontextmanager
async def polling_app(api, rate_limiter=None):
    builder = ApplicationBuilder().token(api.token).base_url(api.base_url)
    builder = builder.base_file_url(api.base_file_url)
    if rate_limiter:
        builder = builder.rate_limiter(rate_limiter)
    app = builder.build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("burst", burst))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(done, pattern="^done$"))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


async def test_echo_press_and_edit(api, control):
    async with polling_app(api):
        sent = await control.send_text(RESIDENT, "你好")
        [reply] = await control.wait_for_bot_messages(RESIDENT, sent["message"]["message_id"])
        assert reply["text"] == "echo: 你好"
        assert reply["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "done"
        pressed = await control.press(RESIDENT, reply["message_id"], "done")
        edited = await control.wait_for_edit(RESIDENT, reply["message_id"], pressed["seq"])
        assert edited["text"] == "已完成 ✅" and "reply_markup" not in edited
        history = await control.history(RESIDENT)
        assert history["messages"][-1]["callback_answers"][0]["text"] == "好的"
    assert (await control.stats())["pending_updates"] == 0


async def test_commands_in_private_and_in_a_staff_topic(api, control):
    async with polling_app(api) as app:
        sent = await control.send_text(RESIDENT, "/start")
        [reply] = await control.wait_for_bot_messages(RESIDENT, sent["message"]["message_id"])
        assert reply["text"] == "start in private thread=None"
        topic = await app.bot.create_forum_topic(STAFF, "#1")
        thread = topic.message_thread_id
        sent = await control.send_text(2001, "/start@frontdoor_bot", chat_id=STAFF,
                                       message_thread_id=thread)
        [reply] = await control.wait_for_bot_messages(STAFF, sent["message"]["message_id"])
        assert reply["text"] == f"start in supergroup thread={thread}"
        assert reply["message_thread_id"] == thread


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_ptb_webhook_mode_receives_updates(api, control):
    port = free_port()
    app = (ApplicationBuilder().token(api.token).base_url(api.base_url)
           .base_file_url(api.base_file_url).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        await app.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="telegram", secret_token="hook-secret",
            webhook_url=f"http://127.0.0.1:{port}/telegram")
        try:
            assert (await control.stats())["webhook"] == f"http://127.0.0.1:{port}/telegram"
            sent = await control.send_text(RESIDENT, "经由 webhook")
            [reply] = await control.wait_for_bot_messages(RESIDENT,
                                                          sent["message"]["message_id"])
            assert reply["text"] == "echo: 经由 webhook"
        finally:
            await app.updater.stop()
            await app.stop()
    assert (await control.stats())["webhook_delivered"] == 1


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_ptb_rate_limiter_rides_out_429s(api, control):
    await control.set_limits(enabled=True, per_chat_burst=2, per_chat_per_second=4)
    async with polling_app(api, AIORateLimiter(max_retries=3)):
        sent = await control.send_text(RESIDENT, "/burst")
        replies = await control.wait_for_bot_messages(
            RESIDENT, sent["message"]["message_id"], count=4, timeout=10)
        assert [r["text"] for r in replies] == [f"burst {n}" for n in range(4)]
    assert (await control.stats())["rate_limited"] >= 1
