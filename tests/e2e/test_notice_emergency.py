"""Emergencies reach everyone in their area, as cell-broadcast alerts do: a resident who
unsubscribed gets an emergency aimed at their building and no ordinary notice; the preview
counts the recipients who opted out; no "stop these" button under an emergency."""

from datetime import datetime

import pytest

from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.broadcast import tick as send_tick
from tests.helpers.notice_staff import draft, tap, town
from tests.helpers.resident import Resident, buttons
from tests.helpers.staff import ADMIN, SUPERVISOR, WORKER, newest, team

FIRE = "3号楼楼道堆物起火，请立即从东侧楼梯撤离"


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN, broadcast_tick_seconds=3600,
                         notice_staff_tick_seconds=3600, telegram_group_per_minute=1000)


async def _send(bot, control, notice_id: int, preview: dict) -> None:
    """A supervisor approves now; the broadcast tick sends it."""
    svc = bot.bot_data["services"]
    before = await newest(control)
    await tap(control, SUPERVISOR, preview, f"nx:now:{notice_id}")
    await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    await send_tick(bot.bot, svc, now=datetime.now(svc.settings.tz))


async def _received(control, user_id: int) -> list[dict]:
    return [m for m in await control.messages(user_id)
            if m["from_bot"] and m.get("text") in ("楼道清理通知", FIRE)]


async def test_an_unsubscribed_resident_gets_an_emergency_and_no_ordinary_notice(bot, control):
    await team(control)
    people = await town(bot, control)  # 3-2, 5-1, 7-1, and 3-1 (heating off)
    stopped = Resident(control, people[0].telegram_user_id)  # lives in 3-2
    assert "已关闭全部社区通知" in (await stopped.say("不要再发了"))["text"]

    ordinary, preview = await draft(control, WORKER, zh="楼道清理通知", en=None,
                                    topic="fire_safety", audience=("place", "3"))
    assert "收件人：1 位居民" in preview["text"] and "已退订" not in preview["text"]
    await _send(bot, control, ordinary, preview)
    assert await _received(control, people[0].telegram_user_id) == []
    [got] = await _received(control, people[3].telegram_user_id)
    assert any(b.startswith("nt:stop:") for b in buttons(got))  # ordinary: may stop

    urgent, preview = await draft(control, WORKER, zh=FIRE, en=None, topic="fire_safety",
                                  audience=("place", "3"), emergency=True)
    assert "收件人：2 位居民" in preview["text"]
    assert "收件人中 1 位已退订普通通知" in preview["text"]
    await _send(bot, control, urgent, preview)
    for person in (people[0], people[3]):
        [*_, got] = await _received(control, person.telegram_user_id)
        assert got["text"] == FIRE
        assert not any(b.startswith("nt:stop:") for b in buttons(got))  # never under it
    assert await _received(control, people[1].telegram_user_id) == []  # building 5


async def test_a_topic_switched_off_does_not_keep_an_emergency_out(bot, control):
    await team(control)
    people = await town(bot, control)  # 3-1 turned heating off
    urgent, preview = await draft(control, WORKER, zh=FIRE, en=None, topic="heating",
                                  audience=("place", "3-1"), emergency=True)
    assert "收件人：1 位居民" in preview["text"]
    assert "收件人中 1 位已退订普通通知" in preview["text"]
    await _send(bot, control, urgent, preview)
    assert [m["text"] for m in await _received(control, people[3].telegram_user_id)] == [FIRE]
