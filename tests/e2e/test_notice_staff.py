
"""The staff /notice flow end to end: a worker drafts, the preview counts recipients
exactly, only a supervisor approves (now or at a time), the progress message is edited in
place into a summary, pause/resume/cancel work, and forged buttons change nothing.

The broadcast and staff ticks are driven by the tests with an explicit clock."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from domain.notices import broadcast
from handlers.notices import staff_progress
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings, running_bot
from tests.helpers.broadcast import bot_texts
from tests.helpers.broadcast import tick as send_tick
from tests.helpers.notice_staff import answers, draft, notice_row, seq, tap, town
from tests.helpers.resident import buttons
from tests.helpers.staff import ADMIN, STRANGER, SUPERVISOR, WORKER, newest, say, team

LATER = timedelta(hours=2)  # past the progress throttle of the test settings


@pytest.fixture
def bot_settings(migrated_db_url):
    # The tests drive both ticks; drafting takes many group messages (edits count), more
    # than Telegram's 20 a minute per group that the bot's limiter keeps by default.
    return make_settings(migrated_db_url, first_admin_id=ADMIN, broadcast_tick_seconds=3600,
                         notice_staff_tick_seconds=3600, telegram_group_per_minute=1000)


def _svc(app):
    svc = app.bot_data["services"]
    return svc, datetime.now(svc.settings.tz)


async def _approve_now(control, notice_id, preview) -> dict:
    """A supervisor approves; returns the progress message posted in the staff chat."""
    before = await newest(control)
    approved = await tap(control, SUPERVISOR, preview, f"nx:now:{notice_id}")
    assert "已批准" in approved["text"] and not buttons(approved)
    [progress] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    return progress


async def test_a_worker_drafts_and_only_a_supervisor_sends(bot, control):
    svc, now = _svc(bot)
    await team(control)
    people = await town(bot, control)
    notice_id, preview = await draft(control, WORKER)
    assert "收件人：3 位居民" in preview["text"] and "明日9点停水" in preview["text"]

    await tap(control, WORKER, preview, f"nx:now:{notice_id}")
    refused = (await answers(control, preview))[-1]
    assert refused["show_alert"] and "角色不能" in refused["text"]
    row = await notice_row(bot, notice_id)
    assert row.status == "draft" and row.approved_by is None
    assert await broadcast.counts(svc.uow_factory, notice_id) == {}

    progress = await _approve_now(control, notice_id, preview)
    assert "发送中" in progress["text"] and "剩余 3" in progress["text"]
    assert buttons(progress) == [f"nx:pause:{notice_id}", f"nx:cancel:{notice_id}"]
    row = await notice_row(bot, notice_id)
    assert row.status == "running" and row.progress_message_id == progress["message_id"]
    assert row.audience == {"kind": "all"} and row.created_by != row.approved_by

    await control.block(people[1].telegram_user_id)
    assert await send_tick(bot.bot, svc, now=now) == 3  # written; the blocked one is refused
    assert await bot_texts(control, people[0].telegram_user_id) == ["明日9点停水"]
    assert await bot_texts(control, people[2].telegram_user_id) == ["明日9点停水"]
    assert await bot_texts(control, people[3].telegram_user_id) == []  # heating off

    since = await seq(control)
    await staff_progress.tick(bot.bot, svc, now=now)
    summary = await control.wait_for_edit(STAFF_CHAT_ID, progress["message_id"], since)
    assert "已完成" in summary["text"] and "已发送 2" in summary["text"]
    assert "已屏蔽 1" in summary["text"] and "blocked" in summary["text"]  # the reason
    assert not buttons(summary)
    assert not [m for m in await control.messages(STAFF_CHAT_ID, after=progress["message_id"])
                if m["from_bot"]]  # edited in place, no second message


async def test_the_preview_counts_recipients_exactly(bot, control):
    await team(control)
    await town(bot, control)
    cases = [(("place", "3,5"), 2), (("place", "3-2"), 1), (("cat", "冬季采暖 6"), 1),
             (("all",), 3)]
    for audience, count in cases:
        _, preview = await draft(control, WORKER, en=None, audience=audience)
        assert f"收件人：{count} 位居民" in preview["text"], audience
    _, preview = await draft(control, WORKER, topic="water", template="water_cut")
    assert "收件人：4 位居民" in preview["text"] and "停水通知" in preview["text"]


async def test_at_a_time_waits_for_its_time(bot, control):
    svc, now = _svc(bot)
    await team(control)
    people = await town(bot, control)
    notice_id, preview = await draft(control, WORKER, template="heating_check")
    await tap(control, SUPERVISOR, preview, f"nx:at:{notice_id}")
    [bad] = await say(control, SUPERVISOR, "随便什么时候")
    assert "没看懂时间" in bad["text"]
    [past] = await say(control, SUPERVISOR, "2020-01-01 09:00")
    assert "已经过去" in past["text"]
    [done] = await say(control, SUPERVISOR, "明天 09:00")
    row = await notice_row(bot, notice_id)
    due = row.send_at.astimezone(svc.settings.tz)
    assert row.status == "scheduled" and (due.hour, due.minute) == (9, 0)
    assert due.date() == (now + timedelta(days=1)).date() and "09:00" in done["text"]

    await staff_progress.tick(bot.bot, svc, now=due - timedelta(minutes=1))
    assert (await notice_row(bot, notice_id)).status == "scheduled"
    assert await send_tick(bot.bot, svc, now=due - timedelta(minutes=1)) == 0
    await staff_progress.tick(bot.bot, svc, now=due)
    assert (await notice_row(bot, notice_id)).status == "running"
    assert await send_tick(bot.bot, svc, now=due) == 3
    en = await bot_texts(control, people[1].telegram_user_id)
    assert len(en) == 1 and en[0].startswith("[Heating check]")


async def test_pause_resume_and_cancel(bot, control):
    svc, now = _svc(bot)
    await team(control)
    people = await town(bot, control)
    notice_id, preview = await draft(control, WORKER)
    progress = await _approve_now(control, notice_id, preview)

    paused = await tap(control, SUPERVISOR, progress, f"nx:pause:{notice_id}")
    assert "已暂停" in paused["text"]
    assert buttons(paused) == [f"nx:resume:{notice_id}", f"nx:cancel:{notice_id}"]
    assert await send_tick(bot.bot, svc, now=now) == 0
    await tap(control, WORKER, paused, f"nx:resume:{notice_id}")  # a worker may not
    assert (await notice_row(bot, notice_id)).status == "paused"
    resumed = await tap(control, SUPERVISOR, paused, f"nx:resume:{notice_id}")
    assert "发送中" in resumed["text"]
    assert await send_tick(bot.bot, svc, now=now) == 3

    other, preview = await draft(control, WORKER, zh="楼道清理")
    progress = await _approve_now(control, other, preview)
    summary = await tap(control, SUPERVISOR, progress, f"nx:cancel:{other}")
    assert "已取消" in summary["text"] and "未发出（已取消） 3" in summary["text"]
    assert await broadcast.counts(svc.uow_factory, other) == {"cancelled": 3}
    assert await send_tick(bot.bot, svc, now=now + timedelta(minutes=1)) == 0
    assert await bot_texts(control, people[0].telegram_user_id) == ["明日9点停水"]
    await tap(control, SUPERVISOR, summary, f"nx:resume:{other}", forge=True)  # stale
    assert (await notice_row(bot, other)).status == "cancelled"


async def test_progress_shows_waiting_rows_then_a_summary(bot, control):
    svc, now = _svc(bot)
    tz = svc.settings.tz
    quiet = replace(svc, settings=svc.settings.model_copy(update={"quiet_hours": "21:00-08:00"}))
    day = (now + timedelta(days=1)).date()
    night = datetime.combine(day, datetime.min.time(), tz).replace(hour=22, minute=30)
    morning = night.replace(hour=8, minute=0) + timedelta(days=1)
    await team(control)
    await town(bot, control)
    notice_id, preview = await draft(control, WORKER)
    progress = await _approve_now(control, notice_id, preview)
    assert await send_tick(bot.bot, quiet, now=night) == 0  # held until the morning

    since = await seq(control)
    await staff_progress.tick(bot.bot, svc, now=night)
    edited = await control.wait_for_edit(STAFF_CHAT_ID, progress["message_id"], since)
    assert "等待中 3" in edited["text"] and "08:00" in edited["text"]

    assert await send_tick(bot.bot, quiet, now=morning) == 3
    since = await seq(control)
    await staff_progress.tick(bot.bot, svc, now=morning + LATER)
    summary = await control.wait_for_edit(STAFF_CHAT_ID, progress["message_id"], since)
    assert "已完成" in summary["text"] and "已发送 3" in summary["text"]


async def test_forged_and_stale_buttons_change_nothing(bot, control):
    svc, _ = _svc(bot)
    await team(control)
    await town(bot, control)
    notice_id, preview = await draft(control, WORKER)
    before, earlier = await notice_row(bot, notice_id), len(await answers(control, preview))
    forged = [f"nx:now:{notice_id + 100}", "nx:now:abc", f"nx:topic:{notice_id}:bogus",
              f"nx:emg:{notice_id}:7", f"nx:pause:{notice_id}", f"nx:tpl:{notice_id}:nope",
              f"nx:now:{notice_id}:x", "nx:launch:1", "nx:"]
    for data in forged:
        await tap(control, SUPERVISOR, preview, data, forge=True)
    await tap(control, STRANGER, preview, f"nx:now:{notice_id}")
    got = (await answers(control, preview))[earlier:]
    assert len(got) == len(forged) + 1 and all(a["show_alert"] for a in got)
    after = await notice_row(bot, notice_id)
    assert (after.status, after.topic, after.emergency, after.approved_by) == (
        before.status, before.topic, before.emergency, None)
    assert await broadcast.counts(svc.uow_factory, notice_id) == {}
    [reply] = await say(control, STRANGER, "/notice")
    assert "不是工作人员" in reply["text"]


async def test_the_scheduled_ticks_send_and_summarise(local_api, control, migrated_db_url):
    settings = make_settings(migrated_db_url, first_admin_id=ADMIN, broadcast_tick_seconds=0.2,
                             notice_staff_tick_seconds=0.3, telegram_group_per_minute=1000)
    async with running_bot(local_api, settings) as app:
        await team(control)
        people = await town(app, control)
        notice_id, preview = await draft(control, WORKER, en=None)
        progress = await _approve_now(control, notice_id, preview)
        for r in people[:3]:
            await control.wait_for_bot_messages(r.telegram_user_id)
        since, shown = progress["seq"], progress
        while "已完成" not in shown["text"]:  # edited by the JobQueue tick, then summarised
            shown = await control.wait_for_edit(STAFF_CHAT_ID, progress["message_id"], since)
            since = shown["edit_seq"]
        assert "已发送 3" in shown["text"] and not buttons(shown)
