"""Calendar drafts, 每月一题 and the effect report on real SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from domain.notices.calendar import Entry, create_drafts, load_calendar
from domain.notices.effect import NoEffect, effect
from domain.notices.proposal import draft_proposal, propose
from handlers.notices.calendar_texts import notice_texts
from handlers.notices.calendar_wiring import run_tick, tick
from storage.models import Notice
from tests.helpers.seasonal_history import DRAINAGE, GREENERY, HEATING, TZ, seed_history
from tests.integration.factories import add_notice, add_resident, add_ticket

CALENDAR = load_calendar()
NOV1 = datetime(2026, 11, 1, tzinfo=TZ)  # October complete


@pytest.fixture
async def history(uow_factory):
    async with uow_factory() as uow:
        await seed_history(uow)  # 2024-11 … 2026-10
        await uow.commit()
    return uow_factory


async def _notices(uow_factory) -> list[SimpleNamespace]:
    """Every notice as plain values (rows expire when the unit of work ends)."""
    columns = ("id", "status", "source", "source_key", "topic", "category", "audience",
               "text_zh", "text_en")
    async with uow_factory() as uow:
        rows = await uow.session.scalars(select(Notice).order_by(Notice.id))
        return [SimpleNamespace(**{c: getattr(n, c) for c in columns}) for n in rows]


async def test_the_proposal_names_heating_and_buildings_3_and_7(history):
    found = await propose(history, "2026-11", TZ, now=NOV1)
    assert found.score.category == HEATING and found.reference == "2025-11"
    assert found.buildings == ("3", "7")
    assert (found.located, found.share) == (80, pytest.approx(44 / 80))
    assert (found.score.same_month, found.score.mean) == (40, 12.5)
    assert found.score.index == pytest.approx(3.2)


async def test_other_months_propose_their_own_season(history):
    assert (await propose(history, "2026-05", TZ, now=NOV1)).score.category == GREENERY
    assert (await propose(history, "2026-08", TZ, now=NOV1)).score.category == DRAINAGE
    assert await propose(history, "2026-09", TZ, now=NOV1) is None  # nothing rises in September


async def test_a_ticket_counts_in_its_local_month(uow_factory):
    async with uow_factory() as uow:
        r = await add_resident(uow)
        for _ in range(5):  # 2025-10-31 17:00 UTC is already November in Beijing
            await add_ticket(uow, r.id, created_at=datetime(2025, 10, 31, 17, tzinfo=UTC))
        await uow.commit()
    found = await propose(uow_factory, "2026-11", TZ, now=NOV1)
    assert found.score.same_month == 5 and found.buildings == ("3",)
    assert await propose(uow_factory, "2026-10", TZ, now=NOV1) is None


async def test_the_proposal_draft_targets_the_buildings_once_per_month(history):
    found = await propose(history, "2026-11", TZ, now=NOV1)
    zh, en = notice_texts(found)
    now = datetime(2026, 10, 20, 7, tzinfo=TZ)
    first = await draft_proposal(history, found, topic="heating", text_zh=zh, text_en=en,
                                 now=now)
    assert first is not None
    assert await draft_proposal(history, found, topic="heating", text_zh=zh, text_en=en,
                                now=now) is None
    [row] = await _notices(history)
    assert (row.id, row.status, row.source, row.source_key, row.topic, row.category) == (
        first, "draft", "proposal", "proposal:2026-11", "heating", HEATING)
    assert row.audience == {"kind": "place", "buildings": ["3", "7"], "units": []}
    assert row.text_zh == zh and "3、7号楼" in zh


async def test_calendar_drafts_appear_on_their_date_not_the_day_before(uow_factory):
    the_day_before = datetime(2026, 10, 17, 23, 59, tzinfo=TZ)
    assert await create_drafts(uow_factory, CALENDAR, the_day_before) == []
    assert [n.source_key for n in await _notices(uow_factory)] == []
    on_the_day = datetime(2026, 10, 18, 0, 1, tzinfo=TZ)
    created = await create_drafts(uow_factory, CALENDAR, on_the_day)
    [row] = await _notices(uow_factory)
    assert created == [row.id]
    assert (row.source_key, row.source, row.status, row.topic, row.audience) == (
        "calendar:heating_check:2026", "calendar", "draft", "heating", {"kind": "all"})
    assert row.category == HEATING and row.text_en.startswith("[Before the heating season]")
    assert await create_drafts(uow_factory, CALENDAR, on_the_day + timedelta(days=3)) == []


async def test_the_daily_tick_with_a_controlled_clock(history):
    ticked = await tick(history, CALENDAR, datetime(2026, 10, 17, 7, tzinfo=TZ),
                        proposal_day=20, tz=TZ)
    assert (ticked.calendar, ticked.proposal) == ([], None)
    ticked = await tick(history, CALENDAR, datetime(2026, 10, 19, 7, tzinfo=TZ),
                        proposal_day=20, tz=TZ)
    assert len(ticked.calendar) == 1 and ticked.proposal is None  # heating check; day 19
    ticked = await tick(history, CALENDAR, datetime(2026, 10, 20, 7, tzinfo=TZ),
                        proposal_day=20, tz=TZ)
    assert ticked.calendar == [] and ticked.proposal is not None
    again = await tick(history, CALENDAR, datetime(2026, 10, 21, 7, tzinfo=TZ),
                       proposal_day=20, tz=TZ)
    assert (again.calendar, again.proposal) == ([], None)
    rows = {n.source_key: n for n in await _notices(history)}
    assert set(rows) == {"calendar:heating_check:2026", "proposal:2026-11"}
    assert rows["proposal:2026-11"].topic == "heating"  # from the calendar's heating entry
    assert {n.status for n in rows.values()} == {"draft"}


async def test_the_effect_compares_targeted_buildings_with_last_year_and_the_others(uow_factory):
    start = datetime(2026, 11, 1, 2, tzinfo=UTC)
    year = timedelta(days=365)
    async with uow_factory() as uow:
        r = await add_resident(uow)
        notice = await add_notice(uow, category=HEATING, started_at=start,
                                  audience={"kind": "place", "buildings": ["3"], "units": []})
        notice_id = notice.id

        async def tickets(n, building, at, category=HEATING):
            for _ in range(n):
                await add_ticket(uow, r.id, building=building, created_at=at, category=category)

        await tickets(2, "3", start + timedelta(days=5))
        await tickets(6, "3", start - year + timedelta(days=5))
        await tickets(4, "5", start + timedelta(days=29))
        await tickets(4, "5", start - year + timedelta(days=1))
        await tickets(1, "9", start - timedelta(days=100), category=DRAINAGE)  # a building
        await tickets(3, "3", start + timedelta(days=31))  # after the 30 days
        await tickets(3, "5", start - timedelta(days=2))  # before the notice
        await uow.commit()
    report = await effect(uow_factory, notice_id, now=start + timedelta(days=40))
    assert report.complete and report.category == HEATING
    assert (report.targeted.buildings, report.targeted.tickets,
            report.targeted.year_before) == (1, 2, 6)
    assert (report.others.buildings, report.others.tickets, report.others.year_before) == (
        2, 4, 4)
    assert (report.targeted.change, report.others.change) == (-4.0, 0.0)
    assert report.difference == -4.0
    early = await effect(uow_factory, notice_id, now=start + timedelta(days=10))
    assert not early.complete


async def test_no_effect_report_without_a_category_or_a_start(uow_factory):
    async with uow_factory() as uow:
        no_category = await add_notice(uow, started_at=datetime(2026, 11, 1, tzinfo=UTC))
        draft = await add_notice(uow, category=HEATING, status="draft")
        ids = (no_category.id, draft.id, 999_999)
        await uow.commit()
    now = datetime(2026, 12, 31, tzinfo=UTC)
    for notice_id in ids:
        with pytest.raises(NoEffect):
            await effect(uow_factory, notice_id, now=now)


async def test_two_runs_at_once_make_one_draft(uow_factory):
    import asyncio

    now = datetime(2026, 10, 20, 7, tzinfo=TZ)
    runs = await asyncio.gather(*(create_drafts(uow_factory, CALENDAR, now) for _ in range(3)))
    assert sum(len(r) for r in runs) == 1
    async with uow_factory() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Notice)) == 1


async def test_the_job_callback_uses_the_wall_clock_in_the_office_zone(uow_factory):
    always = Entry("always", "works", "01-01", "12-31", 0, {"kind": "all"}, None, "全年", None)
    settings = SimpleNamespace(tz=TZ, notice_proposal_day=28, default_language="zh",
                               staff_chat_id=None)  # no staff chat: drafts are not posted
    svc = SimpleNamespace(uow_factory=uow_factory, settings=settings)
    context = SimpleNamespace(application=SimpleNamespace(bot_data={"services": svc}),
                              job=SimpleNamespace(data=[always]), bot=None)
    await run_tick(context)
    year = datetime.now(TZ).year
    assert [n.source_key for n in await _notices(uow_factory)] == [f"calendar:always:{year}"]
