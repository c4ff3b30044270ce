"""The broadcast engine through the local Bot API: once each, in their language; blocked
residents become unreachable; 429s put deliveries back; a crash leaves no duplicates."""

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from domain.notices import broadcast
from handlers.notices.broadcast import send_notice
from tests.helpers.botharness import make_settings, running_bot
from tests.helpers.broadcast import approved_notice, bot_texts, delivery_rows, residents, tick


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, broadcast_tick_seconds=3600)  # tests drive the tick


def _svc(bot):
    svc = bot.bot_data["services"]
    return svc, datetime.now(svc.settings.tz)


async def test_a_notice_reaches_every_resident_once_in_their_language(bot, control):
    svc, now = _svc(bot)
    people = await residents(bot, control, ["zh", "en", "en"], 8_100_000)
    both = await approved_notice(bot)
    zh_only = await approved_notice(bot, text_en=None, text_zh="楼道清理")
    await broadcast.start(svc.uow_factory, both, [r.id for r in people[:2]], now)
    await broadcast.start(svc.uow_factory, zh_only, [people[2].id], now)
    assert await tick(bot.bot, svc, now=now) == 3
    zh, en, fallback = [await control.messages(r.telegram_user_id) for r in people]
    assert [m["text"] for m in zh] == ["明日9点停水"]
    assert [m["text"] for m in en] == ["Water off at 9:00"]
    assert [m["text"] for m in fallback] == ["楼道清理"]
    buttons = [b for row in en[0]["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["callback_data"] for b in buttons] == [f"nt:report:{both}", "nt:stop:heating"]
    assert buttons[0]["text"] == "Still a problem? Report it"
    assert await tick(bot.bot, svc, now=now + timedelta(minutes=1)) == 0
    assert await broadcast.counts(svc.uow_factory, both) == {"sent": 2}
    async with svc.uow_factory() as uow:
        assert (await uow.notices.get(both)).status == "done"


async def test_a_resident_who_blocked_the_bot_becomes_unreachable(bot, control):
    svc, now = _svc(bot)
    blocker, other = await residents(bot, control, ["zh", "zh"], 8_200_000)
    await control.block(blocker.telegram_user_id)
    first = await approved_notice(bot)
    await broadcast.start(svc.uow_factory, first, [blocker.id, other.id], now)
    assert await tick(bot.bot, svc, now=now) == 2  # both written; Telegram refuses one
    rows = await delivery_rows(bot, first)
    assert rows[blocker.id]["status"] == "blocked" and "blocked" in rows[blocker.id]["last_error"]
    async with svc.uow_factory() as uow:
        assert not (await uow.residents.get(blocker.id)).reachable
    await control.block(blocker.telegram_user_id, blocked=False)
    second = await approved_notice(bot)
    await broadcast.start(svc.uow_factory, second, [blocker.id], now)
    assert await tick(bot.bot, svc, now=now) == 0  # skipped, not even tried
    assert (await delivery_rows(bot, second))[blocker.id]["last_error"] == "unreachable"
    assert await bot_texts(control, blocker.telegram_user_id) == []


async def test_a_429_waits_and_nothing_is_lost(bot, control):
    svc, now = _svc(bot)
    people = await residents(bot, control, ["zh"] * 6, 8_300_000)
    notice = await approved_notice(bot)
    await broadcast.start(svc.uow_factory, notice, [r.id for r in people], now)
    await control.set_limits(enabled=True, overall_per_second=3)
    assert await tick(bot.bot, svc, now=now) == 6  # written; the outbox meets the 429s
    for _ in range(40):
        if await broadcast.counts(svc.uow_factory, notice) == {"sent": 6}:
            break
        await asyncio.sleep(0.5)
    assert await broadcast.counts(svc.uow_factory, notice) == {"sent": 6}
    assert [len(await bot_texts(control, r.telegram_user_id)) for r in people] == [1] * 6
    assert (await control.stats())["rate_limited"] >= 1


async def test_a_crash_inside_the_tick_keeps_nothing_and_the_next_sends_each_once(bot, control):
    """Claims and messages are one transaction: a crash before its commit leaves the
    deliveries pending and nothing in the outbox. (A crash while the outbox sends:
    tests/e2e/test_broadcast_crash.py, kill -9.)"""
    svc, now = _svc(bot)
    people = await residents(bot, control, ["zh"] * 4, 8_400_000)
    victim = people[1]
    notice = await approved_notice(bot)
    await broadcast.start(svc.uow_factory, notice, [r.id for r in people], now)

    async def send_then_die(b, due):
        message = await send_notice(b, due)
        if due.resident_id == victim.id:
            raise RuntimeError("killed before the commit")
        return message

    with pytest.raises(RuntimeError):
        await tick(bot.bot, svc, now=now, token="dying", send=send_then_die)
    assert {r["status"] for r in (await delivery_rows(bot, notice)).values()} == {"pending"}
    assert await tick(bot.bot, svc, now=now + timedelta(minutes=1), token="restarted") == 4
    assert await broadcast.counts(svc.uow_factory, notice) == {"sent": 4}
    assert [len(await bot_texts(control, r.telegram_user_id)) for r in people] == [1] * 4


async def test_two_ticks_at_once_send_each_delivery_once(bot, control):
    svc, now = _svc(bot)
    people = await residents(bot, control, ["zh", "en"] * 5, 8_500_000)
    notice = await approved_notice(bot)
    await broadcast.start(svc.uow_factory, notice, [r.id for r in people], now)
    sent = await asyncio.gather(tick(bot.bot, svc, now=now, token="a", batch=3),
                                tick(bot.bot, svc, now=now, token="b", batch=3))
    assert sum(sent) == 10
    assert [len(await bot_texts(control, r.telegram_user_id)) for r in people] == [1] * 10


async def test_the_scheduled_tick_sends_a_started_notice(local_api, control, migrated_db_url):
    settings = make_settings(migrated_db_url, broadcast_tick_seconds=0.2)
    async with running_bot(local_api, settings) as app:
        svc, now = _svc(app)
        people = await residents(app, control, ["zh", "en"], 8_600_000)
        notice = await approved_notice(app)
        await broadcast.start(svc.uow_factory, notice, [r.id for r in people], now)
        for r in people:
            await control.wait_for_bot_messages(r.telegram_user_id, after=0)
        status = None
        for _ in range(50):
            async with svc.uow_factory() as uow:
                status = (await uow.notices.get(notice)).status
            if status == "done":
                break
            await asyncio.sleep(0.1)
        assert status == "done"
        assert await broadcast.counts(svc.uow_factory, notice) == {"sent": 2}


async def test_quiet_hours_hold_ordinary_notices_and_let_emergencies_through(bot, control):
    svc, _ = _svc(bot)
    tz = svc.settings.tz
    quiet = replace(svc, settings=svc.settings.model_copy(update={"quiet_hours": "21:00-08:00"}))
    night, morning = datetime(2026, 11, 23, 22, 30, tzinfo=tz), datetime(2026, 11, 24, 8, 0,
                                                                         tzinfo=tz)
    people = await residents(bot, control, ["zh", "zh"], 8_700_000)
    ordinary = await approved_notice(bot)
    urgent = await approved_notice(bot, emergency=True, text_zh="3单元燃气泄漏，请勿用火")
    await broadcast.start(svc.uow_factory, ordinary, [r.id for r in people], night)
    await broadcast.start(svc.uow_factory, urgent, [people[0].id], night)
    assert await tick(bot.bot, quiet, now=night) == 1  # the emergency only
    assert await bot_texts(control, people[0].telegram_user_id) == ["3单元燃气泄漏，请勿用火"]
    assert await bot_texts(control, people[1].telegram_user_id) == []
    waiting = await delivery_rows(bot, ordinary)
    assert {r["status"] for r in waiting.values()} == {"pending"}
    assert {r["next_attempt_at"] for r in waiting.values()} == {morning}  # shown as waiting
    assert await tick(bot.bot, quiet, now=morning - timedelta(minutes=1)) == 0
    assert await tick(bot.bot, quiet, now=morning) == 2
    assert await broadcast.counts(svc.uow_factory, ordinary) == {"sent": 2}


async def test_paid_broadcasts_go_past_the_free_limit_when_turned_on(bot, control):
    svc, now = _svc(bot)
    paid = replace(svc, settings=svc.settings.model_copy(update={"telegram_paid_broadcast": True}))
    people = await residents(bot, control, ["zh"] * 12, 8_800_000)
    notice = await approved_notice(bot)
    await broadcast.start(svc.uow_factory, notice, [r.id for r in people], now)
    await control.set_limits(enabled=True, overall_per_second=2, paid_per_second=1000)
    assert await tick(bot.bot, paid, now=now) == 12  # one tick, no 429 on the free limit
    stats = await control.stats()
    assert (stats["paid_broadcasts"], stats["rate_limited"]) == (12, 0)
    assert await broadcast.counts(svc.uow_factory, notice) == {"sent": 12}
