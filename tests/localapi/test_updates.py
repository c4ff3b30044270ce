"""getUpdates long polling and webhook delivery, seen from PTB's real Bot."""

import asyncio
import time

import httpx
import pytest
from aiohttp import web
from telegram.error import Conflict

from tests.localapi.conftest import RESIDENT, TOKEN


async def test_get_updates_offsets_and_limits(bot, control):
    for text in ("一", "二", "三"):
        await control.send_text(RESIDENT, text)
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates] == ["一", "二", "三"]
    first_two = await bot.get_updates(limit=2)
    assert [u.message.text for u in first_two] == ["一", "二"]
    rest = await bot.get_updates(offset=updates[1].update_id + 1)
    assert [u.message.text for u in rest] == ["三"]
    assert await bot.get_updates(offset=updates[2].update_id + 1, timeout=0) == ()
    assert (await control.stats())["pending_updates"] == 0


async def test_commands_get_a_bot_command_entity(bot, control):
    await control.send_text(RESIDENT, "/start report")
    [update] = await bot.get_updates()
    entity = update.message.entities[0]
    assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 6)
    assert update.message.from_user.id == RESIDENT


async def test_long_poll_returns_as_soon_as_an_update_arrives(bot, control):
    async def later():
        await asyncio.sleep(0.2)
        await control.send_text(RESIDENT, "迟到")

    started = time.monotonic()
    task = asyncio.create_task(later())
    updates = await bot.get_updates(timeout=5)
    await task
    assert [u.message.text for u in updates] == ["迟到"]
    assert time.monotonic() - started < 2


async def test_empty_long_poll_waits_for_its_timeout(bot):
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 < time.monotonic() - started < 3


async def test_allowed_updates_drops_other_kinds(bot, control):
    sent = await bot.send_message(RESIDENT, "q", reply_markup={
        "inline_keyboard": [[{"text": "b", "callback_data": "b"}]]})
    await control.send_text(RESIDENT, "text")
    await control.press(RESIDENT, sent.message_id, "b")
    updates = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.callback_query.data for u in updates] == ["b"]


async def test_edited_messages_and_callback_queries(bot, control):
    sent = (await control.send_text(RESIDENT, "楼道灯坏"))["message"]
    await control.edit(RESIDENT, sent["message_id"], "楼道灯坏了三天")
    edited = (await bot.get_updates())[-1]
    assert edited.edited_message.text == "楼道灯坏了三天"
    assert edited.edited_message.edit_date is not None


@pytest.fixture
async def receiver():
    """A tiny webhook receiver: fails the first request, records the rest with headers."""
    got: list[tuple[dict, str | None]] = []
    calls = {"n": 0}

    async def handle(request):
        calls["n"] += 1
        if calls["n"] == 1:
            return web.Response(status=500)
        got.append((await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/hook", got
    await runner.cleanup()


async def test_webhook_delivery_with_secret_and_retry(bot, control, receiver):
    url, got = receiver
    assert await bot.set_webhook(url, secret_token="s3cret-token")
    info = await bot.get_webhook_info()
    assert info.url == url
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    await control.send_text(RESIDENT, "webhook 1")
    await control.send_text(RESIDENT, "webhook 2")
    for _ in range(100):
        if len(got) == 2:
            break
        await asyncio.sleep(0.05)
    assert [u["message"]["text"] for u, _ in got] == ["webhook 1", "webhook 2"]
    assert {secret for _, secret in got} == {"s3cret-token"}
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 0 and info.last_error_message
    assert await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""
    await control.send_text(RESIDENT, "polling again")
    assert [u.message.text for u in await bot.get_updates()] == ["polling again"]


async def test_a_second_poller_conflicts_with_the_first(api, bot, control):
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    async with httpx.AsyncClient() as other_instance:
        second = await other_instance.post(f"{api.base_url}{TOKEN}/getUpdates",
                                           data={"timeout": "0.2"})
    assert second.json() == {"ok": True, "result": []}
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await first


async def test_webhook_delivers_chats_in_parallel_and_each_chat_in_order(bot, control):
    """Like Telegram: several requests at once, but a chat's next only after its last's 200."""
    spans: list[tuple[int, str, float, float]] = []

    async def handle(request):
        update = await request.json()
        began = time.monotonic()
        await asyncio.sleep(0.3)
        message = update["message"]
        spans.append((message["chat"]["id"], message["text"], began, time.monotonic()))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        assert await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/hook")
        chats = [RESIDENT, RESIDENT + 1, RESIDENT + 2]
        for n in range(3):
            for chat in chats:
                await control.send_text(chat, f"{chat}-{n}")
        for _ in range(100):
            if len(spans) == 9:
                break
            await asyncio.sleep(0.05)
    finally:
        await runner.cleanup()
    for chat in chats:
        mine = sorted((s for s in spans if s[0] == chat), key=lambda s: s[2])
        assert [s[1] for s in mine] == [f"{chat}-{n}" for n in range(3)]
        assert all(a[3] <= b[2] for a, b in zip(mine, mine[1:], strict=False))  # no overlap
    assert (await control.stats())["webhook_most_at_once"] == 3
    first = sorted(spans, key=lambda s: s[2])[:3]
    assert max(s[2] for s in first) < min(s[3] for s in first)  # three chats at once
