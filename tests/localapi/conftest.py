"""Fixtures: a LocalBotAPI on a free port, its control client, and a real PTB Bot on it."""

import pytest
from telegram import Bot

from bot.localapi import Limits, LocalBotAPI
from bot.localapi.client import ControlClient

TOKEN = "123456:TEST-localapi"
STAFF = -1001000000001
RESIDENT = 1001


@pytest.fixture
async def api():
    server = LocalBotAPI(port=0, limits=Limits.off(), token=TOKEN, staff_chat_id=STAFF)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def control(api):
    client = ControlClient(api.url)
    await client.create_user(RESIDENT, "李", last_name="华", language_code="zh")
    yield client
    await client.aclose()


@pytest.fixture
async def bot(api, control):
    tg_bot = Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url)
    async with tg_bot:
        yield tg_bot


def seconds(value) -> float:
    """RetryAfter.retry_after as seconds, whether PTB gives an int or a timedelta."""
    return value if isinstance(value, int | float) else value.total_seconds()
