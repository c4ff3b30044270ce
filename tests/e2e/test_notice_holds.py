"""Holds for quiet hours follow the setting as it is now; a supervisor can send a held
notice anyway; the progress message's ETA counts the wait; `frontdoor broadcast watch`
prints the waiting time in local time with its zone.

The quiet-hours window is a setting (``FRONTDOOR_QUIET_HOURS``) the bot reads at each tick:
the tests run the broadcast tick with one setting, then another, as a restarted bot would."""

from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.notices import broadcast
from handlers.notices import staff_progress
from storage.db import make_engine, make_session_factory
from storage.models import Notice, Resident
from storage.uow import SqlUnitOfWork
from tests.e2e.test_cli import _run
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.broadcast import approved_notice, delivery_rows, residents
from tests.helpers.broadcast import tick as send_tick
from tests.helpers.notice_staff import answers, draft, notice_row, seq, tap, town
from tests.helpers.resident import buttons
from tests.helpers.staff import ADMIN, SUPERVISOR, WORKER, newest, team


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN, broadcast_tick_seconds=3600,
                         notice_staff_tick_seconds=3600, telegram_group_per_minute=1000)


def _with_quiet(svc, window: str):
    """The bot's services with another quiet-hours setting (as after a restart)."""
    return replace(svc, settings=svc.settings.model_copy(update={"quiet_hours": window}))


async def _held_until(bot, notice_id: int) -> set:
    return {r["next_attempt_at"] for r in (await delivery_rows(bot, notice_id)).values()}


async def test_a_hold_moves_when_the_quiet_hours_change(bot, control):
    svc = bot.bot_data["services"]
    tz = svc.settings.tz
    night = datetime(2026, 11, 23, 22, 30, tzinfo=tz)
    dawn = datetime(2026, 11, 24, 5, 30, tzinfo=tz)
    people = await residents(bot, control, ["zh", "zh"], 8_720_000)
    notice = await approved_notice(bot)
    await broadcast.start(svc.uow_factory, notice, [r.id for r in people], night)

    assert await send_tick(bot.bot, _with_quiet(svc, "21:00-09:00"), now=night) == 0
    assert await _held_until(bot, notice) == {datetime(2026, 11, 24, 9, 0, tzinfo=tz)}

    # The window became 05:00-06:25: the hold now ends at 06:25, not at the old 09:00.
    early = _with_quiet(svc, "05:00-06:25")
    assert await send_tick(bot.bot, early, now=dawn) == 0
    assert await _held_until(bot, notice) == {datetime(2026, 11, 24, 6, 25, tzinfo=tz)}
    assert await send_tick(bot.bot, early, now=dawn.replace(hour=6, minute=25)) == 2
    assert await broadcast.counts(svc.uow_factory, notice) == {"sent": 2}


async def test_a_hold_ends_at_once_when_quiet_hours_are_turned_off_or_moved_away(bot, control):
    svc = bot.bot_data["services"]
    tz = svc.settings.tz
    night = datetime(2026, 11, 23, 22, 30, tzinfo=tz)
    people = await residents(bot, control, ["zh"], 8_730_000)
    first, second = await approved_notice(bot), await approved_notice(bot, text_zh="楼道清理")
    for notice in (first, second):
        await broadcast.start(svc.uow_factory, notice, [people[0].id], night)
    assert await send_tick(bot.bot, _with_quiet(svc, "21:00-08:00"), now=night) == 0

    later = night + timedelta(minutes=5)  # still the old window; the new one is over
    assert await send_tick(bot.bot, _with_quiet(svc, "20:00-22:00"), now=later) == 2
    assert await broadcast.counts(svc.uow_factory, first) == {"sent": 1}
    assert await broadcast.counts(svc.uow_factory, second) == {"sent": 1}


async def test_a_hold_follows_a_longer_window_too(bot, control):
    svc = bot.bot_data["services"]
    tz = svc.settings.tz
    night = datetime(2026, 11, 23, 22, 30, tzinfo=tz)
    people = await residents(bot, control, ["zh"], 8_740_000)
    notice = await approved_notice(bot)
    await broadcast.start(svc.uow_factory, notice, [people[0].id], night)
    assert await send_tick(bot.bot, _with_quiet(svc, "21:00-08:00"), now=night) == 0
    longer = _with_quiet(svc, "21:00-10:00")
    morning = datetime(2026, 11, 24, 8, 0, tzinfo=tz)
    assert await send_tick(bot.bot, longer, now=morning) == 0
    assert await _held_until(bot, notice) == {datetime(2026, 11, 24, 10, 0, tzinfo=tz)}
    assert await send_tick(bot.bot, longer, now=morning.replace(hour=10)) == 1


async def test_send_now_anyway_releases_a_held_notice_for_a_supervisor_only(bot, control):
    svc = bot.bot_data["services"]
    tz = svc.settings.tz
    quiet = _with_quiet(svc, "21:00-08:00")
    day = (datetime.now(tz) + timedelta(days=1)).date()
    night = datetime.combine(day, datetime.min.time(), tz).replace(hour=22, minute=30)
    await team(control)
    people = await town(bot, control)
    notice_id, preview = await draft(control, WORKER)
    before = await newest(control)
    await tap(control, SUPERVISOR, preview, f"nx:now:{notice_id}")
    [progress] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert await send_tick(bot.bot, quiet, now=night) == 0  # held until the morning

    since = await seq(control)
    await staff_progress.tick(bot.bot, quiet, now=night)
    held = await control.wait_for_edit(STAFF_CHAT_ID, progress["message_id"], since)
    assert "等待中 3" in held["text"] and "08:00" in held["text"]
    assert "预计还需 9 小时 30 分" in held["text"]  # the wait counted, not "0 分 0 秒"
    assert f"nx:anyway:{notice_id}" in buttons(held)

    earlier = len(await answers(control, held))
    await tap(control, WORKER, held, f"nx:anyway:{notice_id}")
    refused = (await answers(control, held))[earlier:]
    assert len(refused) == 1 and refused[0]["show_alert"]
    row = await notice_row(bot, notice_id)
    assert row.quiet_released_by is None
    assert await send_tick(bot.bot, quiet, now=night) == 0  # still held

    released = await tap(control, SUPERVISOR, held, f"nx:anyway:{notice_id}")
    assert "主管已决定在免打扰时段内立即发送" in released["text"]
    assert f"nx:anyway:{notice_id}" not in buttons(released)
    row = await notice_row(bot, notice_id)
    assert row.quiet_released_by is not None and row.quiet_released_at is not None
    assert row.quiet_released_by == row.approved_by != row.created_by  # the supervisor
    assert await send_tick(bot.bot, quiet, now=night + timedelta(seconds=1)) == 3
    for r in people[:3]:
        assert [m for m in await control.messages(r.telegram_user_id) if m["from_bot"]]

    again = len(await answers(control, released))
    await tap(control, SUPERVISOR, released, f"nx:anyway:{notice_id}", forge=True)  # stale
    assert (await answers(control, released))[again]["show_alert"]


async def test_watch_prints_the_waiting_time_in_local_time_with_its_zone(tmp_path):
    assert _run(["db", "upgrade"], tmp_path).returncode == 0
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")

    def uow():
        return SqlUnitOfWork(make_session_factory(engine))
    tz = ZoneInfo("Asia/Shanghai")
    day = (datetime.now(tz) + timedelta(days=1)).date()
    night = datetime.combine(day, datetime.min.time(), tz).replace(hour=22, minute=30)
    try:
        async with uow() as u:
            people = await u.residents.add_all([Resident(telegram_user_id=900 + n)
                                                for n in range(2)])
            notice = await u.notices.add(Notice(topic="water", text_zh="停水", status="approved"))
            await u.commit()
        await broadcast.start(uow, notice.id, [p.id for p in people], night)
        assert await broadcast.collect(uow, now=night, token="t", limit=5,
                                       quiet=(time(21, 0), time(8, 0)), tz=tz) == []
    finally:
        await engine.dispose()
    result = _run(["broadcast", "watch", str(notice.id), "--once"], tmp_path,
                  FRONTDOOR_TIMEZONE="Asia/Shanghai")
    assert result.returncode == 0, result.stderr
    line = result.stdout.splitlines()[0]
    wake = (night + timedelta(days=1)).replace(hour=8, minute=0)
    assert f"waiting until {wake:%Y-%m-%d} 08:00 Asia/Shanghai (UTC+08:00)" in line
    assert "ETA 0 s" not in line and " h " in line  # the wait counted
