"""`frontdoor broadcast list|watch` as a user runs it, on a notice part-way through."""

from datetime import UTC, datetime

from domain.notices import broadcast
from storage.db import make_engine, make_session_factory
from storage.models import Notice, Resident
from storage.uow import SqlUnitOfWork
from tests.e2e.test_cli import _run

T0 = datetime(2026, 11, 23, 10, tzinfo=UTC)


async def _seed(tmp_path) -> int:
    """A running notice to four residents: one sent, one blocked, two left."""
    assert _run(["db", "upgrade"], tmp_path).returncode == 0
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    factory = make_session_factory(engine)

    def uow():
        return SqlUnitOfWork(factory)
    try:
        async with uow() as u:
            people = await u.residents.add_all([Resident(telegram_user_id=700 + n)
                                                for n in range(4)])
            notice = await u.notices.add(Notice(topic="water", text_zh="停水", status="approved"))
            await u.commit()
        await broadcast.start(uow, notice.id, [p.id for p in people], T0)
        dues = await broadcast.collect(uow, now=T0, token="t", limit=2)
        await broadcast.mark_sent(uow, dues[0], message_id=1, now=T0)
        await broadcast.mark_blocked(uow, dues[1], error="Forbidden: bot was blocked")
        return notice.id
    finally:
        await engine.dispose()


async def test_watch_once_shows_the_bar_and_the_summary(tmp_path):
    notice_id = await _seed(tmp_path)
    result = _run(["broadcast", "watch", str(notice_id), "--once"], tmp_path)
    assert result.returncode == 0, result.stderr
    line, *summary = result.stdout.splitlines()
    assert line.startswith("[") and " 50%" in line
    for part in ("sent 1", "failed 0", "blocked 1", "waiting 0", "left 2"):
        assert part in line
    assert summary[0] == (f"notice {notice_id} (water) running: 1 sent, 0 failed or uncertain, "
                          "1 blocked, 0 cancelled, 2 left, of 4")
    assert summary[1] == "  blocked: Forbidden: bot was blocked × 1"


async def test_list_and_an_unknown_notice(tmp_path):
    notice_id = await _seed(tmp_path)
    listing = _run(["broadcast", "list"], tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.split() == [str(notice_id), "running", "water", "blocked", "1,",
                                      "pending", "2,", "sent", "1"]
    missing = _run(["broadcast", "watch", "999", "--once"], tmp_path)
    assert missing.returncode == 1 and "no notice 999" in missing.stderr
