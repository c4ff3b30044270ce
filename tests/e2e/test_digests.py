"""Digests in the staff chat: once per period across restarts and processes, a missed one
posted late, /digest on demand, strangers refused, the ticket and "more" buttons."""

import asyncio
import re
from datetime import datetime, timedelta

import pytest

from handlers.digests.tick import post, tick
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.digest_data import TZ, at, seed_digest_data
from tests.helpers.staff import ADMIN, STRANGER, WORKER, newest, press, say, team
from tests.integration.factories import add_resident, add_ticket


@pytest.fixture
def bot_settings(migrated_db_url):
    # The tests drive the tick with their own clock: the wall-clock job must not run
    # meanwhile. They post more than 20 messages a minute into the group (the local API's
    # limits are off here; the limiter has its own tests). Tickets they seed get no cards
    # from the sweep (hourly: never during a test).
    return make_settings(migrated_db_url, first_admin_id=ADMIN, digest_kinds="daily,weekly,monthly",
                         digest_tick_seconds=3600, telegram_group_per_minute=1000,
                         card_sweep_seconds=3600)


def _svc(app):
    return app.bot_data["services"]


async def _seed(app, extra_new: int = 0) -> dict:
    """The hand-checked data set, held by the team's 王; ``extra_new`` more new tickets."""
    factory = _svc(app).uow_factory
    async with factory() as uow:
        worker = (await uow.staff.get_by_telegram_id(WORKER)).id
    t = await seed_digest_data(factory, worker=worker)
    async with factory() as uow:
        r = await add_resident(uow)
        for n in range(extra_new):
            await add_ticket(uow, r.id, created_at=at(11, 22, 12, n))
        await uow.commit()
    return t


async def _rows(app) -> list:
    async with _svc(app).uow_factory() as uow:
        rows = [await uow.digests.list_for(k, STAFF_CHAT_ID) for k in ("daily", "weekly",
                                                                       "monthly")]
        return [(d.kind, d.period, d.status, d.late, d.message_id is not None)
                for kind in rows for d in kind]


async def _posted(control, words: str) -> list[dict]:
    return [m for m in await control.messages(STAFF_CHAT_ID)
            if m.get("from_bot") and words in (m.get("text") or "")]


async def test_each_digest_once_with_two_processes_and_after_a_restart(bot, control):
    await team(control)
    await _seed(bot)
    now = at(11, 23, 8, 31)  # the daily is due; the weekly and monthly were missed
    sent = await asyncio.gather(tick(bot.bot, _svc(bot), now=now, token="a"),
                                tick(bot.bot, _svc(bot), now=now, token="b"))
    assert sum(sent) == 3
    # "restarted": a new process with a new token, a minute and 20 minutes later
    assert await tick(bot.bot, _svc(bot), now=now + timedelta(minutes=1), token="c") == 0
    assert await tick(bot.bot, _svc(bot), now=now + timedelta(minutes=20), token="d") == 0
    assert sorted(await _rows(bot)) == [("daily", "2026-11-23", "sent", False, True),
                                        ("monthly", "2026-10", "sent", True, True),
                                        ("weekly", "2026-W46", "sent", True, True)]
    [daily] = await _posted(control, "每日签批 2026-11-23")
    assert "（补发）" not in daily["text"]
    assert "新增 1｜办结 1｜今日到期 1｜超期 2｜重开 1｜紧急 1" in daily["text"]
    assert len(daily["text"].splitlines()) <= 15
    [weekly] = await _posted(control, "周调度 2026-W46（2026-11-09 至 2026-11-15）")
    assert weekly["text"].splitlines()[0].endswith("（补发）")
    assert len(await _posted(control, "月度分析 2026-10（补发）")) == 1
    charts = [m for m in await control.messages(STAFF_CHAT_ID)
              if m.get("from_bot") and m.get("photo")]  # the monthly's two charts, once
    assert [m["caption"] for m in charts] == ["月度诉求量（按类别）", "三率趋势（近12个月）"]
    # the next morning: that day's daily, and the W47 review missed since Monday 09:00
    assert await tick(bot.bot, _svc(bot), now=at(11, 24, 8, 30), token="c") == 2
    assert len(await _posted(control, "每日签批 2026-11-24")) == 1
    assert len(await _posted(control, "周调度 2026-W47")) == 1


async def test_a_missed_daily_is_posted_late_only_the_latest(bot, control, monkeypatch):
    monkeypatch.setattr(_svc(bot).settings, "digest_kinds", "daily")
    await team(control)
    await _seed(bot)
    # the bot was down from 11-21 to 11-23 11:00: the 11-22 digest is not sent at all
    assert await tick(bot.bot, _svc(bot), now=at(11, 23, 11)) == 1
    assert await _rows(bot) == [("daily", "2026-11-23", "sent", True, True)]
    [late] = await _posted(control, "每日签批")
    assert late["text"].startswith("📋 每日签批 2026-11-23（补发）")
    assert "2026-11-22" not in late["text"]


async def test_a_crash_after_posting_posts_again_after_the_lease(bot, control, monkeypatch):
    monkeypatch.setattr(_svc(bot).settings, "digest_kinds", "daily")
    await team(control)
    now = at(11, 23, 8, 30)

    async def post_then_die(b, svc, taken):
        await post(b, svc, taken, now=now)
        raise RuntimeError("killed between the post and the record")

    with pytest.raises(RuntimeError):
        await tick(bot.bot, _svc(bot), now=now, token="dying", send=post_then_die)
    assert await tick(bot.bot, _svc(bot), now=now + timedelta(minutes=1), token="new") == 0
    assert await tick(bot.bot, _svc(bot), now=now + timedelta(minutes=6), token="new") == 1
    assert len(await _posted(control, "每日签批 2026-11-23")) == 2  # at least once, not lost


async def test_digest_on_demand_buttons_and_strangers(bot, control):
    await team(control)
    t = await _seed(bot, extra_new=4)
    [reply] = await say(control, WORKER, "/digest daily 2026-11-23")
    assert reply["text"].startswith("📋 每日签批 2026-11-23\n") and "新增 5" in reply["text"]
    assert len(reply["text"].splitlines()) == 15 and "更多" in reply["text"]
    buttons = [b for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    assert f"dg:ticket:{t['C']}" in [b["callback_data"] for b in buttons]
    assert await _rows(bot) == []  # on demand: not the scheduled digest
    # a ticket's button posts its card (phone masked, as /ticket shows it)
    before = await newest(control)
    await press(control, ADMIN, reply, f"dg:ticket:{t['C']}")
    [card] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    code = next(b["text"] for b in buttons if b["callback_data"] == f"dg:ticket:{t['C']}")
    assert code in card["text"] and "staff:" in str(card["reply_markup"])
    # "more": the full list, every new ticket in it
    before = await newest(control)
    more = next(b["callback_data"] for b in buttons if b["callback_data"].startswith("dg:more:"))
    await press(control, WORKER, reply, more)
    [full] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert full["text"].startswith("📄 完整清单") and full["text"].count("\n• ") == 11
    # strangers get a refusal and no card
    [refused] = await say(control, STRANGER, "/digest weekly")
    assert "不是工作人员" in refused["text"]
    before = await newest(control)
    await press(control, STRANGER, reply, f"dg:ticket:{t['C']}")
    await press(control, STRANGER, reply, more)
    assert await control.messages(STAFF_CHAT_ID, after=before) == []
    [usage] = await say(control, WORKER, "/digest yearly")
    assert "/digest daily|weekly|monthly" in usage["text"]


async def test_weekly_on_demand_and_the_more_button_of_a_scheduled_digest(bot, control,
                                                                         monkeypatch):
    monkeypatch.setattr(_svc(bot).settings, "digest_kinds", "weekly")
    await team(control)
    await _seed(bot, extra_new=0)
    [reply] = await say(control, ADMIN, "/digest weekly 2026-W47")
    assert "响应率 50.0%（上周 100.0%）" in reply["text"]
    assert "王：4 / 1 / 1" in reply["text"] and "未确认解决" in reply["text"]
    # the scheduled one, with more lines than a screen, names its row in "more"
    async with _svc(bot).uow_factory() as uow:
        r = await add_resident(uow)
        for n in range(6):
            await add_ticket(uow, r.id, created_at=at(11, 1, n), status="new")
        await uow.commit()
    assert await tick(bot.bot, _svc(bot), now=at(11, 23, 9)) == 1
    scheduled = (await _posted(control, "周调度 2026-W47（2026-11-16 至 2026-11-22）"))[-1]
    more = scheduled["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
    assert more.startswith("dg:more:") and more.split(":")[2].isdigit()
    before = await newest(control)
    await press(control, ADMIN, scheduled, more)
    [full] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert "超过7天未办结 7" in full["text"] and full["text"].count("\n• ") >= 10


async def test_a_card_from_a_digest_shows_the_year_of_an_old_deadline(bot, control):
    await team(control)
    t = await _seed(bot)
    async with _svc(bot).uow_factory() as uow:
        old = await add_ticket(uow, (await add_resident(uow)).id, status="claimed",
                               created_at=datetime(2025, 1, 20, 9, tzinfo=TZ),
                               resolve_due_at=datetime(2025, 1, 22, 13, 37, tzinfo=TZ))
        await uow.commit()
    [reply] = await say(control, WORKER, "/digest daily 2026-11-23")
    assert f"{old.code} 城乡建设 3号楼｜未认领｜时限 2025-01-22 13:37" in reply["text"]
    before = await newest(control)
    await press(control, WORKER, reply, f"dg:ticket:{old.id}")
    [card] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert "2025-01-22 13:37" in card["text"], card["text"]
    [this_year] = await say(control, WORKER, f"/ticket {(await _code(bot, t['C']))}")
    year = "" if datetime.now(TZ).year == 2026 else "2026-"  # C's deadline: no year this year
    assert re.search(rf"(?<![\d-]){year}11-22 12:00", this_year["text"]), this_year["text"]


async def _code(app, ticket_id: int) -> str:
    async with _svc(app).uow_factory() as uow:
        return (await uow.tickets.get(ticket_id)).code
