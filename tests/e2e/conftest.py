import pytest

from bot.localapi import Limits, LocalBotAPI
from bot.localapi.client import ControlClient
from tests.helpers.botharness import STAFF_CHAT_ID, TOKEN, make_settings, running_bot


@pytest.fixture
async def local_api():
    api = LocalBotAPI(port=0, limits=Limits.off(), token=TOKEN, staff_chat_id=STAFF_CHAT_ID)
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def control(local_api):
    client = ControlClient(local_api.url)
    yield client
    await client.aclose()


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url)


@pytest.fixture
async def bot(local_api, bot_settings):
    async with running_bot(local_api, bot_settings) as app:
        yield app
