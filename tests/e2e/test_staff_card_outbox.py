"""A resident's confirmation never waits for the staff group's rate limit; cards follow,
emergencies first."""

import asyncio

import pytest

from bot.localapi import Limits, LocalBotAPI
from bot.localapi.client import ControlClient
from storage.migrate import upgrade_async
from tests.helpers.botharness import STAFF_CHAT_ID, TOKEN, make_settings, running_bot
from tests.helpers.resident import Resident, buttons, reach_card, tickets
from tests.helpers.staff import ticket_of_card
from tests.integration.factories import add_resident, add_ticket

# Private chats unlimited; the staff group takes only 2 messages a minute.
SLOW_GROUP = Limits(overall_per_second=10_000, per_chat_per_second=10_000,
                    per_chat_burst=10_000, group_per_minute=2)


@pytest.fixture
async def slow_group_api():
    api = LocalBotAPI(port=0, limits=SLOW_GROUP, token=TOKEN, staff_chat_id=STAFF_CHAT_ID)
    await api.start()
    yield api
    await api.stop()


async def test_confirmations_do_not_wait_for_staff_cards(slow_group_api, tmp_path):
    # SQLite only: the property is about Telegram's limits, not the database. The third
    # card gets a 429; the outbox fails fast (rate_limit_args=-1) and tries again later.
    url = f"sqlite+aiosqlite:///{tmp_path / 'slow.sqlite3'}"
    await upgrade_async(url)
    async with ControlClient(slow_group_api.url) as control, \
            running_bot(slow_group_api, make_settings(url)) as app:
        for user_id in (7101, 7102, 7103):
            r = await Resident(control, user_id).join()
            await reach_card(r)
            if "intake:join:no" in buttons(r.last):  # same building as the one before
                await r.tap("intake:join:no")
            opened = await r.tap("intake:ok")  # waits at most 10 s for the reply
            assert opened["text"].startswith("已登记")
        assert len(await tickets(app)) == 3
        cards = await control.wait_for_bot_messages(STAFF_CHAT_ID, count=1)
        assert "JS-" in cards[0]["text"]


async def test_a_card_not_posted_before_a_restart_is_posted_after(
        local_api, control, bot_settings):
    no_group = bot_settings.model_copy(update={"staff_chat_id": None})
    async with running_bot(local_api, no_group) as app:  # the card cannot be posted
        r = await Resident(control, 7104).join()
        await reach_card(r)
        await r.tap("intake:ok")
        [ticket] = await tickets(app)
        assert ticket.staff_chat_message_id is None
    async with running_bot(local_api, bot_settings) as app:
        [card] = await control.wait_for_bot_messages(STAFF_CHAT_ID, count=1)
        assert ticket.code in card["text"]
        recorded = await ticket_of_card(app, card)  # the outbox records it just after
        assert recorded.id == ticket.id


async def test_a_gas_leak_card_goes_before_forty_waiting_cards(tmp_path):
    """The staff group takes 20 messages a minute (a card and its topic are two). With 40
    cards waiting, a gas leak's card still arrives at once: it goes first, and the sender
    leaves the group's last two places a minute to emergencies."""
    api = LocalBotAPI(port=0, limits=Limits(overall_per_second=10_000, per_chat_per_second=10_000,
                                            per_chat_burst=10_000, group_per_minute=20),
                      token=TOKEN, staff_chat_id=STAFF_CHAT_ID)
    await api.start()
    url = f"sqlite+aiosqlite:///{tmp_path / 'busy.sqlite3'}"
    await upgrade_async(url)
    try:
        async with ControlClient(api.url) as control, \
                running_bot(api, make_settings(url, card_sweep_seconds=0.5)) as app:
            async with app.bot_data["services"].uow_factory() as uow:
                people = await add_resident(uow)
                for n in range(40):
                    await add_ticket(uow, people.id, description=f"楼道灯不亮 {n}")
                await uow.commit()
            # the sweep writes their 40 cards; the first ones fill the group's minute
            await control.wait_for_bot_messages(STAFF_CHAT_ID, count=9, timeout=20)
            async with app.bot_data["services"].uow_factory() as uow:
                assert (await uow.outbox.counts()).get("pending", 0) >= 30
            r = await Resident(control, 7201).join()
            loop = asyncio.get_running_loop()
            started = loop.time()
            await r.say("快来人 楼道里好大的煤气味", count=2)  # advice, then "紧急工单 …"
            [ticket] = [t for t in await tickets(app) if t.urgency == "emergency"]
            while not [m for m in await control.messages(STAFF_CHAT_ID)
                       if ticket.code in (m.get("text") or "")]:
                assert loop.time() - started < 5.0, "the emergency card waited"
                await asyncio.sleep(0.05)
            async with app.bot_data["services"].uow_factory() as uow:
                assert (await uow.outbox.counts()).get("pending", 0) >= 25  # still waiting
            assert api.state.rate_limited == 0  # no 429: the sender kept within the minute
    finally:
        await api.stop()
