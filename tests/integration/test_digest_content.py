"""The daily and weekly digests' content on a hand-checked data set (both databases)."""

from datetime import datetime

from domain import rates
from domain.digests import daily, monthly, weekly
from domain.digests.periods import Times, parse, previous
from handlers.digests.render import lines_of
from handlers.kpi import pct
from tests.helpers.digest_data import TZ, at, seed_digest_data
from tests.helpers.month_data import HEATING, seed_month
from tests.helpers.seasonal_history import seed_history

TIMES = Times(TZ)


def ids(section, t) -> set[str]:
    by_id = {v: k for k, v in t.items() if k != "worker"}
    return {by_id[i.ticket_id] for i in section.items}


async def test_the_daily_digest(uow_factory):
    t = await seed_digest_data(uow_factory)
    period = parse("daily", "2026-11-23", at(11, 23, 9), TIMES)
    got = await daily.gather(uow_factory, period, as_of=period.due_at)
    sections = {s.key: s for s in got.sections}
    assert [s.key for s in got.sections] == list(daily.SECTIONS)
    assert {k: ids(s, t) for k, s in sections.items()} == {
        "emergencies": {"A"}, "overdue": {"A", "C"}, "due_today": {"B"}, "reopened": {"E"},
        "new": {"A"}, "closed": {"D"}}
    assert {s.key: s.total for s in got.sections}["overdue"] == 2
    holders = {i.ticket_id: i.holder for i in sections["overdue"].items}
    assert holders == {t["A"]: None, t["C"]: "王"}
    b = sections["due_today"].items[0]
    assert (b.holder, b.deadline, b.building) == ("王", at(11, 23, 17), "3")


async def test_the_daily_digest_later_in_the_day_and_with_a_limit(uow_factory):
    t = await seed_digest_data(uow_factory)
    period = parse("daily", "2026-11-23", at(11, 23, 9), TIMES)
    got = await daily.gather(uow_factory, period, as_of=at(11, 23, 18), limit=1)
    sections = {s.key: s for s in got.sections}
    assert ids(sections["new"], t) <= {"A", "G"} and sections["new"].total == 2  # G at 09:00
    assert sections["overdue"].total == 3 and len(sections["overdue"].items) == 1  # B at 17:00
    assert sections["due_today"].total == 0


async def test_the_weekly_digest(uow_factory):
    t = await seed_digest_data(uow_factory)
    period = parse("weekly", "2026-W47", at(11, 23, 9), TIMES)
    got = await weekly.gather(uow_factory, period, previous(period, TIMES),
                              as_of=period.due_at)
    assert ids(got.stuck, t) == {"H"}
    assert ids(got.reopened, t) == {"E"}
    # the tickets the week's rates count against it, oldest first (H was opened in W46)
    assert [(u.item.ticket_id, u.answers) for u in got.unhappy] == [
        (t["E"], ("dissatisfied",)), (t["D"], ("not_solved",))]
    assert [(w.name, w.open, w.closed, w.overdue) for w in got.workers] == [("王", 4, 1, 1)]
    # The rates are domain.rates' own: A missed its response deadline, C met it (1 of 2);
    # the week before only H (in time).
    assert got.this_week.response_rate == 0.5 and got.last_week.response_rate == 1.0
    same = await rates.report(uow_factory, period.start, period.end, now=period.due_at)
    assert got.this_week == same.lines[0]


async def test_the_monthly_digest_says_what_the_analysis_found(uow_factory):
    async with uow_factory() as uow:
        await seed_month(uow)
        await uow.commit()
    period = parse("monthly", "2026-10", datetime(2026, 11, 1, 9, tzinfo=TZ), TIMES)
    got = await monthly.gather(uow_factory, period, as_of=period.due_at)
    assert got.analysis.month == "2026-10"
    assert (got.topic.building, got.topic.category, got.topic.tickets) == ("3", HEATING, 4)
    lines = [x.text for x in lines_of(got, "zh", TZ)]
    assert lines[0].startswith("📈 月度分析 2026-10")
    assert lines[1] == "诉求 7 件（上月 2，去年同月 1）"
    total = got.analysis.total_rates
    assert lines[2] == (f"三率：响应率 {pct(total.response_rate)}｜解决率 "
                        f"{pct(total.resolution_rate)}｜满意率 {pct(total.satisfaction_rate)}｜"
                        f"未作答 {total.no_answer}｜剔除 1")
    assert lines[3] == "📌 每月一题建议：3号楼 冬季采暖（本月 4 件）"
    assert lines[4] == "1. 城乡建设 4（环比 +3，同比 +3）"
    assert "🔥 热点 3号楼 冬季采暖 4 件" in lines
    assert any(x.startswith("剔除 ") and "不属于社区管辖" in x for x in lines)


async def test_the_monthly_digest_proposes_next_months_topic_from_history(uow_factory):
    async with uow_factory() as uow:
        await seed_history(uow)  # 2024-11 … 2026-10, heating peaks in November
        await uow.commit()
    period = parse("monthly", "2026-10", datetime(2026, 11, 1, 9, tzinfo=TZ), TIMES)
    got = await monthly.gather(uow_factory, period, as_of=period.due_at)
    assert got.proposal.month == "2026-11" and got.proposal.buildings == ("3", "7")
    [line] = [x.text for x in lines_of(got, "zh", TZ) if x.text.startswith("📌")]
    assert line.startswith("📌 每月一题 2026-11：") and "冬季采暖" in line
    assert "3、7" in line  # the buildings, with the evidence under the heading


async def test_the_weekly_and_monthly_digests_rank_the_units(uow_factory):
    from sqlalchemy import update

    from domain.unit_rates import previous_period, ranking
    from storage.models import Ticket
    from storage.models.units import Unit
    t = await seed_digest_data(uow_factory)
    async with uow_factory() as uow:  # A (late) in one community, C (in time) in another
        one, two = Unit(code="c1", name="一社区", kind="community"), \
            Unit(code="c2", name="二社区", kind="community")
        uow.session.add_all([one, two])
        await uow.session.flush()
        await uow.session.execute(update(Ticket).values(unit_id=one.id))
        await uow.session.execute(update(Ticket).where(Ticket.id == t["C"]).values(
            unit_id=two.id))
        await uow.commit()
    period = parse("weekly", "2026-W47", at(11, 23, 9), TIMES)
    before = previous(period, TIMES)
    got = await weekly.gather(uow_factory, period, before, as_of=period.due_at)
    same = await ranking(uow_factory, period.start, period.end, (before.start, before.end),
                         now=period.due_at)
    assert list(got.ranking) == same.lines and len(got.ranking) == 2
    assert got.ranking[0].unit.name == "二社区" and got.ranking[0].line.response_rate == 1.0
    lines = [x.text for x in lines_of(got, "zh", TZ)]
    header = lines.index("🏆 单位排名（上期名次在括号里）：")
    assert lines[header + 1].startswith("1. 二社区（上期无）")
    assert lines[header + 2].startswith("2. 一社区（上期第1）")  # H, in W46, was in time

    month = parse("monthly", "2026-11", at(12, 1, 9), TIMES)
    got = await monthly.gather(uow_factory, month, as_of=month.due_at)
    assert [x.unit.name for x in got.ranking] == [x.unit.name for x in (await ranking(
        uow_factory, month.start, month.end, previous_period(month.start, month.end),
        now=month.due_at)).lines]
    assert "🏆 单位排名（上期名次在括号里）：" in [x.text for x in lines_of(got, "zh", TZ)]


async def test_one_unit_is_no_ranking_in_the_digest(uow_factory):
    await seed_digest_data(uow_factory)
    period = parse("weekly", "2026-W47", at(11, 23, 9), TIMES)
    got = await weekly.gather(uow_factory, period, previous(period, TIMES),
                              as_of=period.due_at)
    assert len(got.ranking) <= 1
    assert not any(x.text.startswith("🏆") for x in lines_of(got, "zh", TZ))
