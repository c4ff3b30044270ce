"""`frontdoor notices calendar|propose|effect` as an operator runs them."""

import sqlite3
from datetime import UTC, datetime, timedelta

from storage.db import make_engine, make_session_factory
from storage.uow import SqlUnitOfWork
from tests.e2e.test_cli import _run
from tests.helpers.seasonal_history import HEATING, seed_history
from tests.integration.factories import add_notice, add_resident, add_ticket

BEIJING = {"FRONTDOOR_TIMEZONE": "Asia/Shanghai"}
START = datetime(2025, 11, 1, 2, tzinfo=UTC)


async def _seed(tmp_path) -> int:
    """The seasonal history, plus a notice for building 3 sent on 2025-11-01."""
    assert _run(["db", "upgrade"], tmp_path).returncode == 0
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    try:
        async with SqlUnitOfWork(make_session_factory(engine)) as uow:
            await seed_history(uow)
            r = await add_resident(uow)
            notice = await add_notice(uow, category=HEATING, started_at=START, status="done",
                                      audience={"kind": "place", "buildings": ["3"],
                                                "units": []})
            notice_id = notice.id
            await add_ticket(uow, r.id, building="3", created_at=START + timedelta(days=1))
            await uow.commit()
    finally:
        await engine.dispose()
    return notice_id


def _notices(tmp_path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        return db.execute("select source_key, status, source from notices "
                          "where source != 'staff' order by id").fetchall()


async def test_propose_shows_the_evidence_and_drafts_once(tmp_path):
    await _seed(tmp_path)
    result = _run(["notices", "propose", "--month", "2026-11"], tmp_path, **BEIJING)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "每月一题 2026-11：城乡建设 · 冬季采暖" in out
    assert "去年11月（2025-11）：冬季采暖 41 件" in out and "3、7号楼占" in out
    assert "Topic of the month 2026-11" in out and "buildings 3, 7 had" in out
    assert _notices(tmp_path) == []  # showing drafts nothing
    created = _run(["notices", "propose", "--month", "2026-11", "--create"], tmp_path, **BEIJING)
    assert created.returncode == 0 and "Draft notice created: #" in created.stdout
    again = _run(["notices", "propose", "--month", "2026-11", "--create"], tmp_path, **BEIJING)
    assert "Already drafted (proposal:2026-11)" in again.stdout
    assert _notices(tmp_path) == [("proposal:2026-11", "draft", "proposal")]
    quiet = _run(["notices", "propose", "--month", "2026-09"], tmp_path, **BEIJING)
    assert quiet.returncode == 0 and "本月不提议" in quiet.stdout


def test_calendar_lists_due_entries_and_creates_drafts_with_create(tmp_path):
    listed = _run(["notices", "calendar", "--date", "2026-10-18"], tmp_path, **BEIJING)
    assert listed.returncode == 0, listed.stderr
    assert "calendar:heating_check:2026  heating  2026-11-01 – 2026-11-15" in listed.stdout
    day_before = _run(["notices", "calendar", "--date", "2026-10-17"], tmp_path, **BEIJING)
    assert "heating_check" not in day_before.stdout
    created = _run(["notices", "calendar", "--date", "2026-10-18", "--create"], tmp_path,
                   **BEIJING)
    assert created.returncode == 0 and "Draft notices created: 1" in created.stdout
    again = _run(["notices", "calendar", "--date", "2026-10-18", "--create"], tmp_path,
                 **BEIJING)
    assert "Draft notices created: 0" in again.stdout
    assert _notices(tmp_path) == [("calendar:heating_check:2026", "draft", "calendar")]


def test_calendar_reads_the_file_the_setting_points_to(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text('entries:\n  - {key: lifts_2, topic: lifts, window: {start: "03-10", '
                    'end: "03-20"}, lead_days: 0, audience: all, text_zh: 电梯年检}\n',
                    encoding="utf-8")
    result = _run(["notices", "calendar", "--date", "2027-03-10"], tmp_path,
                  FRONTDOOR_NOTICE_CALENDAR_FILE=str(path))
    assert "calendar:lifts_2:2027  lifts" in result.stdout and "heating" not in result.stdout
    path.write_text("entries: [ {key: x", encoding="utf-8")
    broken = _run(["notices", "calendar"], tmp_path, FRONTDOOR_NOTICE_CALENDAR_FILE=str(path))
    assert broken.returncode == 1 and "mine.yaml" in broken.stderr
    assert "Traceback" not in broken.stderr


async def test_effect_reports_rates_per_building(tmp_path):
    notice_id = await _seed(tmp_path)
    result = _run(["notices", "effect", str(notice_id)], tmp_path, **BEIJING)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"# Effect of notice #{notice_id}")
    assert f"Category {HEATING}; tickets opened 2025-11-01 – 2025-12-01 (30 days, complete)" \
        in out
    # building 3 in the 30 days: its 12 of November's heating tickets and the extra one
    # (the window ends on 1 December at 10:00, when December's first ticket is opened);
    # the other 11 buildings had the other 28, both years
    assert "| targeted | 1 | 13 | 13.0000 | 12 | 12.0000 | 1.0000 |" in out
    assert "| others | 11 | 28 | 2.5455 | 28 | 2.5455 | 0.0000 |" in out
    assert "Difference in differences (targeted change − others' change): +1.00" in out
    missing = _run(["notices", "effect", "999999"], tmp_path)
    assert missing.returncode == 1 and "999999" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_each_subcommand_has_help_and_a_bad_month_is_one_line(tmp_path):
    for args in (["notices"], ["notices", "calendar"], ["notices", "propose"],
                 ["notices", "effect"]):
        result = _run([*args, "--help"], tmp_path)
        assert result.returncode == 0 and "usage: frontdoor notices" in result.stdout
    bad = _run(["notices", "propose", "--month", "2026-13"], tmp_path)
    assert bad.returncode == 2 and "2026-13" in bad.stderr and "Traceback" not in bad.stderr
