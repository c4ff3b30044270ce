"""The seasonal calendar end to end, on a controlled clock: an entry becomes a draft on its
date (not the day before), its preview appears in the staff chat, a supervisor's one tap
sends it; a 每月一题 proposal arrives with its evidence. Nothing is sent without approval."""

from datetime import datetime

import pytest

from domain.notices import broadcast
from domain.notices.calendar import load_calendar
from handlers.notices import calendar_wiring
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.broadcast import bot_texts
from tests.helpers.broadcast import tick as send_tick
from tests.helpers.notice_staff import tap, town
from tests.helpers.resident import buttons
from tests.helpers.seasonal_history import TZ, seed_history
from tests.helpers.staff import ADMIN, SUPERVISOR, newest, team

CALENDAR = """
entries:
  - key: heating_trial
    topic: heating
    window: {start: "11-20", end: "11-30"}
    lead_days: 1
    audience: all
    text_zh: 今晚试供暖，请检查暖气阀门
    text_en: Heating trial tonight, please check your radiator valves
"""


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN, broadcast_tick_seconds=3600,
                         notice_staff_tick_seconds=3600, telegram_group_per_minute=1000)


async def _tick(app, calendar, now):
    svc = app.bot_data["services"]
    ticked = await calendar_wiring.tick(svc.uow_factory, calendar, now, proposal_day=28,
                                        tz=svc.settings.tz)
    return ticked, await calendar_wiring.post(app.bot, svc, ticked, now=now)


async def test_a_calendar_entry_is_drafted_on_its_date_and_sent_with_one_tap(
        bot, control, tmp_path):
    path = tmp_path / "calendar.yaml"
    path.write_text(CALENDAR, encoding="utf-8")
    calendar = load_calendar(path)
    await team(control)
    people = await town(bot, control)  # heating reaches three of the four
    before = await newest(control)
    ticked, posted = await _tick(bot, calendar, datetime(2026, 11, 18, 7, tzinfo=TZ))
    assert (ticked.calendar, posted) == ([], [])  # the day before: nothing
    ticked, posted = await _tick(bot, calendar, datetime(2026, 11, 19, 7, tzinfo=TZ))
    [notice_id] = ticked.calendar
    [preview] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert [preview["message_id"]] == posted
    assert preview["text"].startswith("🗓 季节提醒草稿") and "收件人：3 位居民" in preview["text"]
    assert f"nx:now:{notice_id}" in buttons(preview)
    svc = bot.bot_data["services"]
    assert await broadcast.counts(svc.uow_factory, notice_id) == {}  # not before approval
    again, _ = await _tick(bot, calendar, datetime(2026, 11, 20, 7, tzinfo=TZ))
    assert again.calendar == []  # once per entry and year

    await tap(control, SUPERVISOR, preview, f"nx:now:{notice_id}")  # the one tap
    assert await send_tick(bot.bot, svc, now=datetime.now(TZ)) == 3
    assert await bot_texts(control, people[0].telegram_user_id) == ["今晚试供暖，请检查暖气阀门"]
    assert await bot_texts(control, people[1].telegram_user_id) == [
        "Heating trial tonight, please check your radiator valves"]
    assert await bot_texts(control, people[3].telegram_user_id) == []  # turned heating off


async def test_the_monthly_proposal_is_posted_with_its_evidence(bot, control):
    svc = bot.bot_data["services"]
    async with svc.uow_factory() as uow:
        await seed_history(uow)  # heating peaks in November in buildings 3 and 7
        await uow.commit()
    before = await newest(control)
    ticked, _ = await _tick(bot, load_calendar(), datetime(2026, 10, 28, 7, tzinfo=TZ))
    assert ticked.proposal is not None
    posted = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before,
                                                 count=len(ticked.calendar) + 1)
    [proposal] = [m for m in posted if m["text"].startswith("📌")]
    assert "每月一题 2026-11" in proposal["text"] and "3、7号楼占" in proposal["text"]
    async with svc.uow_factory() as uow:  # the heating check of the calendar, drafted too
        check = (await uow.notices.get_by_source_key("calendar:heating_check:2026")).id
    assert f"⚠️ 同一主题的通知 #{check}（草稿）也会发给其中 1 位居民" in proposal["text"]
    assert f"nx:now:{ticked.proposal}" in buttons(proposal)
    assert await broadcast.counts(svc.uow_factory, ticked.proposal) == {}
