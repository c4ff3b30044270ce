"""Composing a notice survives double taps: a repeated press changes nothing and posts
nothing into the staff group (no "message is not modified" error, no second question)."""

import pytest

from tests.helpers.botharness import STAFF_CHAT_ID, make_settings, settled
from tests.helpers.notice_staff import answers, draft, town
from tests.helpers.resident import buttons
from tests.helpers.staff import ADMIN, SUPERVISOR, WORKER, newest, say, team


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN, broadcast_tick_seconds=3600,
                         notice_staff_tick_seconds=3600, telegram_group_per_minute=1000)


async def _double(control, user_id: int, message: dict, data: str) -> dict:
    """Two presses of one button before the bot answered either; the message after both."""
    before = len(await answers(control, message))
    await control.press(user_id, message["message_id"], data, chat_id=STAFF_CHAT_ID)
    await control.press(user_id, message["message_id"], data, chat_id=STAFF_CHAT_ID)
    while len(await answers(control, message)) < before + 2:
        await control.wait_for_change(STAFF_CHAT_ID, 0, timeout=5)
    await settled()
    return [m for m in await control.messages(STAFF_CHAT_ID)
            if m["message_id"] == message["message_id"]][0]


async def test_double_taps_while_composing_post_nothing(bot, control):
    await team(control)
    await town(bot, control)
    [start] = await say(control, WORKER, "/notice")
    notice_id = int(buttons(start)[0].split(":")[2])
    first = await newest(control)
    step = await _double(control, WORKER, start, f"nx:tpl:{notice_id}:water_cut")
    step = await _double(control, WORKER, step, f"nx:topic:{notice_id}:water")
    step = await _double(control, WORKER, step, f"nx:aud:{notice_id}:all")
    preview = await _double(control, WORKER, step, f"nx:emg:{notice_id}:0")
    assert "收件人" in preview["text"]
    await _double(control, SUPERVISOR, preview, f"nx:at:{notice_id}")
    posted = [m for m in await control.messages(STAFF_CHAT_ID, after=first) if m["from_bot"]]
    assert [m["text"] for m in posted if "出错" in (m["text"] or "")] == []
    assert len(posted) == 1 and "发送时间" in posted[0]["text"]  # asked once, not twice
    assert not [a for a in await answers(control, preview) if a.get("show_alert")]
    async with bot.bot_data["services"].uow_factory() as uow:  # "not modified" is a success
        assert (await uow.outbox.counts()).get("failed", 0) == 0


async def test_a_double_tap_on_send_now_approves_once_and_says_nothing_more(bot, control):
    await team(control)
    await town(bot, control)
    notice_id, preview = await draft(control, WORKER, template="water_cut", topic="water")
    first = await newest(control)
    approved = await _double(control, SUPERVISOR, preview, f"nx:now:{notice_id}")
    assert "已批准" in approved["text"]
    assert not [a for a in await answers(control, preview) if a.get("show_alert")]
    posted = [m for m in await control.messages(STAFF_CHAT_ID, after=first) if m["from_bot"]]
    assert len(posted) == 1 and "发送中" in posted[0]["text"]  # one progress message


async def test_a_double_tap_on_drop_drops_once_without_an_alert(bot, control):
    await team(control)
    [start] = await say(control, WORKER, "/notice")
    notice_id = int(buttons(start)[0].split(":")[2])
    first = await newest(control)
    dropped = await _double(control, WORKER, start, f"nx:drop:{notice_id}")
    assert "已放弃" in dropped["text"]
    assert not [a for a in await answers(control, start) if a.get("show_alert")]
    assert not [m for m in await control.messages(STAFF_CHAT_ID, after=first) if m["from_bot"]]
