"""A person opens the playground of the real bot in Chromium and gets /start answered."""

import asyncio

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from tests.helpers.browser import chromium_driver, type_and_send, until

pytestmark = pytest.mark.browser


@pytest.fixture
async def page(bot, local_api, tmp_path):
    driver = await asyncio.to_thread(chromium_driver, tmp_path / "profile")
    try:
        await asyncio.to_thread(driver.get, local_api.playground_url)
        await until(driver, EC.presence_of_element_located(
            (By.CSS_SELECTOR, "#resident-select option")))
        yield driver
    finally:
        await asyncio.to_thread(driver.quit)


async def test_start_round_trip_by_clicking(page):
    await type_and_send(page, "resident", "/start")
    reply = await until(page, EC.presence_of_element_located(
        (By.CSS_SELECTOR, "#resident-messages .msg.bot")))
    assert "社区接诉即办助手" in reply.text or "community service assistant" in reply.text
    await type_and_send(page, "resident", "/help")
    await until(page, EC.text_to_be_present_in_element((By.ID, "resident-messages"), "/status"))
