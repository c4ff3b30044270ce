"""The effect report posted in the staff chat once a notice's 30 days are over, once."""

from datetime import UTC, datetime, timedelta

from handlers.notices import effect_job
from tests.helpers.botharness import STAFF_CHAT_ID
from tests.helpers.staff import newest
from tests.integration.factories import add_notice, add_resident, add_ticket

START = datetime(2026, 10, 1, 9, tzinfo=UTC)
HEATING = "城乡建设/城市建设和市政管理/冬季采暖"


async def _seed(app) -> tuple[int, int]:
    """A heating notice to building 3, done; another one still inside its 30 days.

    Heating tickets in the 30 days: building 3: 1, building 7: 4; a year before: 3 and 2.
    """
    async with app.bot_data["services"].uow_factory() as uow:
        r = await add_resident(uow)
        for building, count, year in (("3", 1, 0), ("7", 4, 0), ("3", 3, 1), ("7", 2, 1)):
            for n in range(count):
                at = START + timedelta(days=2 + n) - timedelta(days=365 * year)
                await add_ticket(uow, r.id, building=building, created_at=at)
        audience = {"kind": "place", "buildings": ["3"], "units": []}
        old = await add_notice(uow, status="done", category=HEATING, audience=audience,
                               started_at=START)
        recent = await add_notice(uow, status="done", category=HEATING, audience=audience,
                                  started_at=START + timedelta(days=20))
        await uow.commit()
        return old.id, recent.id


async def test_the_report_comes_once_after_thirty_days(bot, control):
    svc = bot.bot_data["services"]
    old, recent = await _seed(bot)
    before = await newest(control)
    assert await effect_job.tick(bot.bot, svc, now=START + timedelta(days=29)) == []
    now = START + timedelta(days=31)
    assert await effect_job.tick(bot.bot, svc, now=now) == [old]  # not the recent one
    [report] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert report["text"].splitlines() == [
        f"📈 通知 #{old} 的效果（冬季采暖，2026-10-01 至 2026-10-31）",
        "目标楼栋（1 栋）：每栋 1.0 件，去年同期 3.0 件",
        "其他楼栋（1 栋）：每栋 4.0 件，去年同期 2.0 件",
        "差中差：-4.0 件/栋（负数：比其他楼栋的变化少，通知可能起了作用；件数少时仅供参考）",
    ]
    assert await effect_job.tick(bot.bot, svc, now=now + timedelta(hours=1)) == []  # once
