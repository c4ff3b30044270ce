"""The playground in headless Chromium, with a real PTB Application polling the local API."""

import asyncio
import contextlib

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
)
from telegram.ext import filters as tg_filters

from bot.localapi import Limits, LocalBotAPI
from tests.helpers.browser import chromium_driver, click, type_and_send, until

pytestmark = pytest.mark.browser
TOKEN = "123456:BROWSER-test"


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("完成 Done", callback_data="done")]])
    await update.message.reply_text(f"echo: {update.message.text}", reply_markup=markup)


async def done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer("好的")
    await update.callback_query.edit_message_text("已完成 ✅")


async def ask_phone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    button = KeyboardButton("分享电话", request_contact=True)
    await update.message.reply_text("请分享电话", reply_markup=ReplyKeyboardMarkup(
        [[button]], one_time_keyboard=True))


async def got_phone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    phone = update.message.contact.phone_number
    await update.message.reply_text(f"电话: {phone}", reply_markup=ReplyKeyboardRemove())


@contextlib.asynccontextmanager
async def echo_bot(api: LocalBotAPI):
    app = (ApplicationBuilder().token(TOKEN).base_url(api.base_url)
           .base_file_url(api.base_file_url).build())
    app.add_handler(CommandHandler("phone", ask_phone))
    app.add_handler(MessageHandler(tg_filters.CONTACT, got_phone))
    app.add_handler(MessageHandler(tg_filters.TEXT & ~tg_filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(done, pattern="^done$"))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


@pytest.fixture
async def api():
    """The local Bot API, stopped after the test."""
    api = LocalBotAPI(port=0, limits=Limits.off(), token=TOKEN)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()


@pytest.fixture
async def page(tmp_path, api):
    """The playground open in Chromium, with the echo bot running behind it."""
    driver = await asyncio.to_thread(chromium_driver, tmp_path / "profile")
    try:
        async with echo_bot(api):
            await asyncio.to_thread(driver.get, api.playground_url)
            await until(driver, EC.presence_of_element_located(
                (By.CSS_SELECTOR, "#resident-select option")))
            yield driver
    finally:
        await asyncio.to_thread(driver.quit)


async def test_type_send_press_and_see_the_edit(page):
    await type_and_send(page, "resident", "楼道灯坏了")
    reply = await until(page, EC.presence_of_element_located(
        (By.CSS_SELECTOR, "#resident-messages .msg.bot")))
    assert "echo: 楼道灯坏了" in reply.text
    await click(page, '#resident-messages button.inline-btn[data-callback="done"]')
    await until(page, EC.text_to_be_present_in_element(
        (By.CSS_SELECTOR, "#resident-messages .msg.bot.edited"), "已完成 ✅"))
    assert not page.find_elements(By.CSS_SELECTOR, "#resident-messages .inline-btn")
    await until(page, EC.text_to_be_present_in_element((By.ID, "toast"), "好的"))
    mine = page.find_element(By.CSS_SELECTOR, "#resident-messages .msg.user.mine")
    assert "楼道灯坏了" in mine.text


async def test_contact_button_and_staff_pane(page):
    await type_and_send(page, "resident", "/phone")
    await click(page, '#resident-keyboard button.reply-btn[data-request="contact"]')
    await until(page, EC.text_to_be_present_in_element(
        (By.ID, "resident-messages"), "电话: +86138"))
    await until(page, EC.invisibility_of_element_located(
        (By.CSS_SELECTOR, "#resident-keyboard .reply-btn")))
    await type_and_send(page, "staff", "员工消息")
    reply = await until(page, EC.presence_of_element_located(
        (By.CSS_SELECTOR, "#staff-messages .msg.bot")))
    assert "echo: 员工消息" in reply.text


async def test_the_staff_pane_shows_the_group_picked(page, api):
    assert page.find_element(By.ID, "staff-chat-title").is_displayed()  # one group: no list
    assert not page.find_element(By.ID, "staff-group").is_displayed()
    for chat_id, title in ((-1001000000101, "劲松一社区"), (-1001000000111, "燃气公司")):
        api.state.add_group(chat_id, title)  # units' own groups, as `frontdoor run` adds them
    await asyncio.to_thread(page.refresh)
    await until(page, EC.presence_of_element_located((By.CSS_SELECTOR, "#staff-group option")))
    assert not page.find_element(By.ID, "staff-chat-title").is_displayed()
    picker = Select(page.find_element(By.ID, "staff-group"))
    assert [o.text for o in picker.options] == ["社区工作群 Staff", "劲松一社区", "燃气公司"]
    await asyncio.to_thread(picker.select_by_visible_text, "劲松一社区")
    await type_and_send(page, "staff", "社区消息")
    reply = await until(page, EC.presence_of_element_located(
        (By.CSS_SELECTOR, "#staff-messages .msg.bot")))
    assert "echo: 社区消息" in reply.text
    texts = [m.view().get("text") for m in api.state.chats[-1001000000101].messages.values()]
    assert "社区消息" in texts and "echo: 社区消息" in texts
    assert not api.state.chats[api.state.staff_chat_id].messages
