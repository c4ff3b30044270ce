"""A draft is changed before approval (texts, a template's time and place) and residents
receive exactly the changed text; /drafts finds the drafts waiting for approval."""

from datetime import datetime

import pytest

from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.broadcast import bot_texts
from tests.helpers.broadcast import tick as send_tick
from tests.helpers.notice_staff import draft, notice_row, tap, town
from tests.helpers.resident import buttons
from tests.helpers.staff import ADMIN, STRANGER, SUPERVISOR, WORKER, newest, say, team

WHEN = "12月9日 8:00–12:00 | Dec 9, 8:00–12:00"
ZH = ("【停水通知】因管线维修，5号楼将于12月9日 8:00–12:00 停水，请提前储水。"
      "如有困难请回复本消息报事。")
EN = ("[Water cut] Because of pipe repairs, water will be off Dec 9, 8:00–12:00 in "
      "Building 5. Please store some water in advance. Need help? Report it below.")


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN, broadcast_tick_seconds=3600,
                         notice_staff_tick_seconds=3600, telegram_group_per_minute=1000)


async def _change(control, preview: dict, notice_id: int, what: str, value: str) -> dict:
    """✏️ 修改 → what → the value typed; returns the preview posted again."""
    menu = await tap(control, WORKER, preview, f"nx:edit:{notice_id}")
    assert f"nx:ed:{notice_id}:{what}" in buttons(menu), buttons(menu)
    asked = await tap(control, WORKER, menu, f"nx:ed:{notice_id}:{what}")
    assert f"#{notice_id}" in asked["text"] and not buttons(asked)
    [again] = await say(control, WORKER, value)
    assert "已修改" in again["text"] and f"nx:now:{notice_id}" in buttons(again)
    return again


async def test_a_template_changed_before_approval_is_what_residents_get(bot, control):
    svc = bot.bot_data["services"]
    await team(control)
    people = await town(bot, control)
    notice_id, preview = await draft(control, WORKER, template="water_cut", topic="water")
    assert "本小区将于明日 9:00–17:00 停水" in preview["text"]
    assert f"nx:edit:{notice_id}" in buttons(preview)

    preview = await _change(control, preview, notice_id, "when", WHEN)
    assert "12月9日 8:00–12:00 停水" in preview["text"] and "Dec 9, 8:00–12:00" in preview["text"]
    preview = await _change(control, preview, notice_id, "place", "5号楼 | Building 5")
    assert ZH in preview["text"] and EN in preview["text"]
    row = await notice_row(bot, notice_id)
    assert (row.text_zh, row.text_en, row.status) == (ZH, EN, "draft")

    before = await newest(control)
    approved = await tap(control, SUPERVISOR, preview, f"nx:now:{notice_id}")
    assert "已批准" in approved["text"]
    await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)  # the progress message
    assert await send_tick(bot.bot, svc, now=datetime.now(svc.settings.tz)) == 4
    assert await bot_texts(control, people[0].telegram_user_id) == [ZH]
    assert await bot_texts(control, people[1].telegram_user_id) == [EN]  # the English reader


async def test_a_rewritten_text_is_sent_as_written(bot, control):
    svc = bot.bot_data["services"]
    await team(control)
    people = await town(bot, control)
    notice_id, preview = await draft(control, WORKER, template="lift_maintenance",
                                     topic="lifts")
    preview = await _change(control, preview, notice_id, "zh", "3号楼电梯周三全天停用。")
    preview = await _change(control, preview, notice_id, "en", "-")
    menu = await tap(control, WORKER, preview, f"nx:edit:{notice_id}")
    assert f"nx:ed:{notice_id}:when" not in buttons(menu)  # no template's slots any more
    preview = await tap(control, WORKER, menu, f"nx:show:{notice_id}")
    assert "3号楼电梯周三全天停用。" in preview["text"]
    assert f"nx:now:{notice_id}" in buttons(preview)
    await tap(control, SUPERVISOR, preview, f"nx:now:{notice_id}")
    await send_tick(bot.bot, svc, now=datetime.now(svc.settings.tz))
    assert await bot_texts(control, people[0].telegram_user_id) == ["3号楼电梯周三全天停用。"]
    assert await bot_texts(control, people[1].telegram_user_id) == ["3号楼电梯周三全天停用。"]


async def test_drafts_lists_the_drafts_waiting_with_their_buttons(bot, control):
    await team(control)
    await town(bot, control)
    [none] = await say(control, WORKER, "/drafts")
    assert "没有等待批准" in none["text"]
    waiting, _ = await draft(control, WORKER, template="heating_check")
    await say(control, WORKER, "/notice")  # started and left: not waiting for approval
    for _ in range(3):  # the draft's preview scrolls away
        await say(control, WORKER, "/help")
    header, listed = await say(control, SUPERVISOR, "/drafts", count=2)
    assert "共 1 份" in header["text"]
    assert f"#{waiting}" in listed["text"] and "收件人：3 位居民" in listed["text"]
    assert buttons(listed) == [f"nx:now:{waiting}", f"nx:at:{waiting}",
                               f"nx:edit:{waiting}", f"nx:drop:{waiting}"]
    approved = await tap(control, SUPERVISOR, listed, f"nx:now:{waiting}")
    assert "已批准" in approved["text"]
    assert (await notice_row(bot, waiting)).status in ("approved", "running")
    [refused] = await say(control, STRANGER, "/drafts")
    assert "不是工作人员" in refused["text"]
