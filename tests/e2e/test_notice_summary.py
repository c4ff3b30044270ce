"""A cancelled broadcast's summary counts every row: the messages handed to the outbox
before the cancel are still sent, and the summary (in the staff chat and from
`frontdoor broadcast watch`) waits for them, so it agrees with the delivery rows."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.notices import broadcast
from domain.outbox import staged, tag_last
from handlers.notices import staff_progress
from handlers.notices.broadcast import send_notice
from storage.db import make_engine, make_session_factory
from storage.models import Notice, Resident
from storage.uow import SqlUnitOfWork
from tests.e2e.test_cli import _run
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings, settled
from tests.helpers.notice_staff import draft, seq, tap, town
from tests.helpers.resident import buttons
from tests.helpers.staff import ADMIN, SUPERVISOR, WORKER, newest, team

LATER = timedelta(hours=2)  # past the progress throttle
T0 = datetime(2026, 11, 23, 10, tzinfo=UTC)


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN, broadcast_tick_seconds=3600,
                         notice_staff_tick_seconds=3600, telegram_group_per_minute=1000)


async def test_a_cancelled_notice_summary_counts_the_rows_in_flight(bot, control):
    svc = bot.bot_data["services"]
    now = datetime.now(svc.settings.tz)
    await team(control)
    people = await town(bot, control)
    notice_id, preview = await draft(control, WORKER)
    before = await newest(control)
    await tap(control, SUPERVISOR, preview, f"nx:now:{notice_id}")
    [progress] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)

    # The broadcast tick claimed two rows (``sending``): they are on their way when a
    # supervisor cancels.
    in_flight = await broadcast.collect(svc.uow_factory, now=now, token="t", limit=2)
    shown = await tap(control, SUPERVISOR, progress, f"nx:cancel:{notice_id}")
    assert "已取消" in shown["text"] and "剩余 2" in shown["text"]  # not a summary yet
    assert not buttons(shown)

    async with staged(svc.transaction, svc.uow_factory, kind="notice",
                      written=svc.outbox_written):  # the outbox sends them after the cancel
        for due in in_flight:
            await send_notice(bot.bot, due)
            tag_last(hook={"delivery": due.id})
        await broadcast.queued(svc.uow_factory, in_flight)
    await settled()
    rows = await broadcast.counts(svc.uow_factory, notice_id)
    assert rows == {"sent": 2, "cancelled": 1}
    received = [r for r in people[:3]
                if any(m["from_bot"] for m in await control.messages(r.telegram_user_id))]
    assert len(received) == 2

    since = await seq(control)
    await staff_progress.tick(bot.bot, svc, now=now + LATER)
    summary = await control.wait_for_edit(STAFF_CHAT_ID, progress["message_id"], since)
    assert "共 3 位：已发送 2，失败 0，已屏蔽 0，未发出（已取消） 1" in summary["text"]


async def _seed_cancelled(tmp_path) -> tuple[int, list, object]:
    """A cancelled notice to four residents: two were in flight at the cancel."""
    assert _run(["db", "upgrade"], tmp_path).returncode == 0
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    factory = make_session_factory(engine)

    def uow():
        return SqlUnitOfWork(factory)
    async with uow() as u:
        people = await u.residents.add_all([Resident(telegram_user_id=700 + n) for n in range(4)])
        notice = await u.notices.add(Notice(topic="water", text_zh="停水", status="approved",
                                            approved_by=None))
        await u.commit()
    await broadcast.start(uow, notice.id, [p.id for p in people], T0)
    dues = await broadcast.collect(uow, now=T0, token="t", limit=2)
    async with uow() as u:
        (await u.notices.get(notice.id)).status = "cancelled"
        await u.deliveries.cancel_pending(notice.id, "cancelled")
        await u.commit()
    return notice.id, dues, (uow, engine)


async def test_the_cli_summary_counts_every_row_the_ones_in_flight_included(tmp_path):
    notice_id, dues, (uow, engine) = await _seed_cancelled(tmp_path)
    try:
        early = _run(["broadcast", "watch", str(notice_id), "--once"], tmp_path)
        assert early.returncode == 0, early.stderr
        assert early.stdout.splitlines()[-1] == (
            f"notice {notice_id} (water) cancelled: 0 sent, 0 failed or uncertain, "
            "0 blocked, 2 cancelled, 2 left, of 4")
        for n, due in enumerate(dues):
            await broadcast.mark_sent(uow, due, message_id=n + 1, now=T0)
        done = _run(["broadcast", "watch", str(notice_id), "--interval", "0.1"], tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == (
            f"notice {notice_id} (water) cancelled: 2 sent, 0 failed or uncertain, "
            "0 blocked, 2 cancelled, 0 left, of 4")
        assert await broadcast.counts(uow, notice_id) == {"sent": 2, "cancelled": 2}
    finally:
        await engine.dispose()
