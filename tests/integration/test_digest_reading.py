"""What supervisors read in the digests, on hand-built data, on real SQLite and PostgreSQL.

``digest_data`` (2026-11, one worker) plus, per test, a few tickets with known answers:
a deadline of January 2025 shows its year; the daily's short view shows emergencies,
overdue, reopened and new tickets without a tap; a month or week still running says so
and is compared with the same days of the other period.
"""

from datetime import datetime

from domain.digests import daily, monthly, weekly
from domain.digests.periods import Times, parse, previous
from handlers.digests import render
from storage.models import Ticket
from tests.helpers.digest_data import TZ, at, seed_digest_data
from tests.integration.factories import add_resident, add_ticket

TIMES = Times(TZ)


async def _daily_page(uow_factory):
    period = parse("daily", "2026-11-23", at(11, 23, 9), TIMES)
    content = await daily.gather(uow_factory, period, as_of=period.due_at)
    lines = render.lines_of(content, "zh", TZ)
    page, _ = render.short(lines, "zh")
    return lines, page


async def test_a_deadline_of_another_year_shows_its_year(uow_factory):
    t = await seed_digest_data(uow_factory)
    async with uow_factory() as uow:
        r = await add_resident(uow)
        old = await add_ticket(uow, r.id, created_at=datetime(2025, 1, 20, 9, tzinfo=TZ),
                               status="claimed", assignee_id=t["worker"],
                               first_response_at=datetime(2025, 1, 20, 10, tzinfo=TZ),
                               resolve_due_at=datetime(2025, 1, 22, 13, 37, tzinfo=TZ))
        await uow.commit()
    lines, page = await _daily_page(uow_factory)
    text = "\n".join(x.text for x in lines)
    assert f"• {old.code} 城乡建设 3号楼｜王｜时限 2025-01-22 13:37" in text
    assert "｜时限 11-22 12:00" in text  # C, this year: no year
    assert "时限 2025-01-22 13:37" in page.text  # the longest overdue comes first


async def test_the_short_daily_shows_emergencies_overdue_reopened_and_new(uow_factory):
    t = await seed_digest_data(uow_factory)
    async with uow_factory() as uow:
        r = await add_resident(uow)
        extra = [await add_ticket(uow, r.id, created_at=at(11, 22, 12, n)) for n in range(12)]
        urgent = await add_ticket(uow, r.id, created_at=at(11, 22, 13), urgency="urgent")
        await uow.commit()
    lines, page = await _daily_page(uow_factory)
    codes = {ticket_id: code for ticket_id, code in page.tickets}
    shown = page.text.splitlines()
    assert len(shown) <= render.SHORT_LINES
    for heading in ("🚨 紧急 1", "⏰ 超期 2", "🔄 重开 1", "🆕 新增 14"):
        assert heading in shown, page.text
    assert t["A"] in codes and t["C"] in codes  # the emergency; overdue A and C
    assert t["E"] in codes  # reopened
    assert urgent.id in codes  # new: the most urgent (A is already shown) first
    assert extra[0].id in codes and extra[-1].id not in codes  # the rest behind "more"


async def test_a_running_month_is_compared_with_the_same_days(uow_factory):
    async with uow_factory() as uow:
        r = await add_resident(uow)
        for when in [datetime(2026, 12, d, 9, tzinfo=TZ) for d in (1, 3, 6)] + [
                datetime(2026, 11, 2, tzinfo=TZ), datetime(2026, 11, 5, tzinfo=TZ),  # same days
                datetime(2026, 11, 6, 11, tzinfo=TZ), datetime(2026, 11, 20, tzinfo=TZ),
                datetime(2025, 12, 4, tzinfo=TZ),  # a year ago, same days
                datetime(2025, 12, 15, tzinfo=TZ), datetime(2025, 12, 16, tzinfo=TZ)]:
            await add_ticket(uow, r.id, created_at=when)
        await uow.commit()
    now = datetime(2026, 12, 6, 10, tzinfo=TZ)
    period = parse("monthly", "2026-12", now, TIMES)
    content = await monthly.gather(uow_factory, period, as_of=now)
    a = content.analysis
    assert (a.total.tickets, a.total.previous, a.total.last_year) == (3, 2, 1)
    assert (a.until, a.days) == (now, 6)
    assert a.volume["城乡建设"][-2] == 4  # the chart keeps November whole
    lines = [x.text for x in render.lines_of(content, "zh", TZ)]
    assert "截至 12-06，共 6 天，与上期同样 6 天比较" in lines[0]
    assert lines[1] == "诉求 3 件（上月同期 2，去年同期 1）"
    ended = await monthly.gather(uow_factory, parse("monthly", "2026-11", now, TIMES),
                                 as_of=now)  # November has ended: whole months, no label
    lines = [x.text for x in render.lines_of(ended, "zh", TZ)]
    assert lines[0] == "📈 月度分析 2026-11" and lines[1] == "诉求 4 件（上月 0，去年同月 0）"


async def test_a_running_week_is_compared_with_the_same_days_of_last_week(uow_factory):
    async with uow_factory() as uow:
        r = await add_resident(uow)

        async def opened(when: datetime, answered_after_hours: int) -> Ticket:
            return await add_ticket(uow, r.id, created_at=when, respond_due_at=when.replace(
                hour=when.hour + 2), first_response_at=when.replace(
                hour=when.hour + answered_after_hours))

        await opened(at(11, 30, 9), 1)  # this week (W49), in time
        await opened(at(12, 1, 9), 1)
        await opened(at(11, 24, 9), 3)  # last week's same days: late
        await opened(at(11, 27, 9), 1)  # last week after the same days: in time
        await uow.commit()
    now = at(12, 2, 12)
    period = parse("weekly", "2026-W49", now, TIMES)
    content = await weekly.gather(uow_factory, period, previous(period, TIMES), as_of=now)
    assert content.until == now
    assert content.this_week.response_rate == 1.0 and content.last_week.response_rate == 0.0
    lines = [x.text for x in render.lines_of(content, "zh", TZ)]
    assert "截至 12-02，共 3 天" in lines[0]
    assert "  响应率 100.0%（上周同期 0.0%）" in lines


def test_asked_before_monday_9_the_weekly_is_last_weeks():
    monday_8 = at(11, 23, 8)  # the scheduled W47 digest is due at 09:00
    assert parse("weekly", None, monday_8, TIMES).label == "2026-W47"
    assert parse("monthly", None, at(12, 1, 8), TIMES).label == "2026-11"
    assert parse("daily", None, monday_8, TIMES).label == "2026-11-22"  # the latest due
