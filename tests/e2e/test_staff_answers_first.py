"""A staff member's command is answered before the cards waiting for the group's minute:
what the bot says in answer to a member's own update outranks new cards (docs/outbox.md)."""

import pytest

from bot.localapi import Limits, LocalBotAPI
from bot.localapi.client import ControlClient
from storage.migrate import upgrade_async
from tests.helpers.botharness import STAFF_CHAT_ID, TOKEN, make_settings, running_bot
from tests.helpers.staff import ADMIN, WORKER, newest, team
from tests.integration.factories import add_resident, add_ticket

GROUP_OF_20 = Limits(overall_per_second=10_000, per_chat_per_second=10_000,
                     per_chat_burst=10_000, group_per_minute=20)


@pytest.fixture
async def busy_api():
    api = LocalBotAPI(port=0, limits=GROUP_OF_20, token=TOKEN, staff_chat_id=STAFF_CHAT_ID)
    await api.start()
    yield api
    await api.stop()


async def _pending(app) -> int:
    async with app.bot_data["services"].uow_factory() as uow:
        return (await uow.outbox.counts()).get("pending", 0)


async def test_a_notice_step_is_answered_before_forty_waiting_cards(busy_api, tmp_path):
    # SQLite only: the property is about the order of the outbox, not the database.
    url = f"sqlite+aiosqlite:///{tmp_path / 'busy.sqlite3'}"
    await upgrade_async(url)
    settings = make_settings(url, first_admin_id=ADMIN, card_sweep_seconds=0.5)
    async with ControlClient(busy_api.url) as control, running_bot(busy_api, settings) as app:
        await team(control)
        async with app.bot_data["services"].uow_factory() as uow:
            people = await add_resident(uow)
            for n in range(40):
                await add_ticket(uow, people.id, description=f"楼道灯不亮 {n}")
            await uow.commit()
        # the sweep writes 40 cards; the first ones fill the group's minute
        await control.wait_for_bot_messages(STAFF_CHAT_ID, after=await newest(control),
                                            count=6, timeout=30)
        assert await _pending(app) >= 30
        sent = await control.send_text(WORKER, "/notice", chat_id=STAFF_CHAT_ID)
        [answer, *_] = [m for m in await control.wait_for_bot_messages(
            STAFF_CHAT_ID, after=sent["message"]["message_id"], timeout=75)]
        assert "新通知" in answer["text"]  # the answer, no card
        assert await _pending(app) >= 20  # most cards still wait: it went before them
        assert busy_api.state.rate_limited == 0
