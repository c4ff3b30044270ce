"""The three rates per unit and the ranking (issue 22), on a hand-checked data set on real
SQLite and PostgreSQL: parallel orders, a send-back re-dispatched, a cancelled order, an
excluded ticket, a pending response and last month beside."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.unit_rates import previous_period, ranking, score_of
from storage.models.units import Unit, WorkOrder
from tests.integration.factories import add_resident, add_ticket

NOV, DEC = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 5, tzinfo=UTC)
H = timedelta(hours=1)


def at(day: int, hour: int = 8, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def kpi(answers=0, confirmed=0, satisfied=0, dissatisfied=0) -> dict:
    return {"kpi_answers": answers, "kpi_confirmed": confirmed, "kpi_satisfied": satisfied,
            "kpi_dissatisfied": dissatisfied}


def answered(due: datetime, late: bool) -> dict:
    return {"respond_due_at": due, "first_response_at": due + (H if late else -H)}


async def street(uow) -> dict[str, Unit]:
    units = {}
    for code, kind in (("c1", "community"), ("c2", "community"), ("d1", "department"),
                       ("d2", "department"), ("d3", "service")):
        units[code] = Unit(code=code, name=code.upper(), kind=kind)
        uow.session.add(units[code])
    await uow.session.flush()
    return units


def order(ticket, unit, day: int, status="done", month: int = 11, **fields) -> WorkOrder:
    return WorkOrder(ticket_id=ticket.id, unit_id=unit.id, status=status,
                     dispatched_at=at(day, month=month), **fields)


@pytest.fixture
async def data(uow_factory):
    async with uow_factory() as uow:
        u = await street(uow)
        who = (await add_resident(uow)).id
        t1 = await add_ticket(uow, who, unit_id=u["c1"].id, created_at=at(3),
                              **answered(at(3, 12), late=False), **kpi(1, 1, satisfied=1))
        t2 = await add_ticket(uow, who, unit_id=u["c1"].id, created_at=at(4),
                              **answered(at(4, 12), late=True), **kpi(1, 0, dissatisfied=1))
        t6 = await add_ticket(uow, who, unit_id=u["c1"].id, created_at=at(6),
                              **answered(at(6, 12), late=False), **kpi(1, 1, satisfied=1))
        t3 = await add_ticket(uow, who, unit_id=u["c2"].id, created_at=at(30),
                              respond_due_at=at(10, month=12))  # pending at NOW
        t4 = await add_ticket(uow, who, unit_id=u["c2"].id, created_at=at(7),
                              excluded_from_kpi=True, exclusion_reason="重复反映",
                              **answered(at(7, 12), late=False))
        t5 = await add_ticket(uow, who, unit_id=u["c1"].id, created_at=at(20, month=10),
                              **answered(at(20, 12, month=10), late=False),
                              **kpi(1, 1, satisfied=1))
        uow.session.add_all([
            order(t1, u["d1"], 3, **answered(at(3, 12), late=False)),
            order(t1, u["d2"], 3, **answered(at(3, 12), late=True)),  # parallel, late
            order(t2, u["d1"], 4, status="returned", respond_due_at=at(4, 12),
                  returned_reason="不归我们管"),  # sent back unanswered: a miss
            order(t2, u["d2"], 5, **answered(at(5, 12), late=False)),  # re-dispatched
            order(t6, u["d2"], 6, **answered(at(6, 12), late=True)),
            order(t6, u["d1"], 6, status="cancelled", respond_due_at=at(6, 12)),
            order(t4, u["d1"], 7, **answered(at(7, 12), late=False)),  # excluded ticket
            order(t5, u["d1"], 20, month=10, **answered(at(20, 12, month=10), late=False)),
        ])
        await uow.commit()
    return t1, t2, t3, t4, t5, t6


def by_code(result) -> dict:
    return {x.unit.code: x for x in result.lines}


async def test_rates_per_unit_as_hand_checked(uow_factory, data):
    found = by_code(await ranking(uow_factory, NOV, DEC, previous_period(NOV, DEC), now=NOW))
    c1, c2, d1, d2 = (found[k] for k in ("c1", "c2", "d1", "d2"))
    # C1 holds T1, T2, T6: two answered in time of three; two of three confirmed solved
    assert (c1.line.tickets, c1.line.response_rate, c1.line.resolution_rate,
            c1.line.satisfaction_rate) == (3, pytest.approx(2 / 3), pytest.approx(2 / 3),
                                           pytest.approx(2 / 3))
    # D1: T1 in time, T2 sent back unanswered (a miss); cancelled and excluded not counted
    assert (d1.line.tickets, d1.line.response_rate, d1.line.resolution_rate,
            d1.line.satisfaction_rate) == (2, 0.5, 0.5, 0.5)
    # D2: T1 late (parallel with D1), T2 re-dispatched in time, T6 late
    assert (d2.line.tickets, d2.line.response_rate) == (3, pytest.approx(1 / 3))
    assert d2.line.resolution_rate == pytest.approx(2 / 3)  # T1 and T6 solved, T2 not
    assert d2.line.satisfaction_rate == pytest.approx(2 / 3)
    # C2 holds T3 (pending, nothing answered) and T4 (excluded): nothing to rank it by
    assert (c2.line.tickets, c2.line.pending_response, c2.score, c2.rank) == (1, 1, None, None)
    assert "d3" not in found  # no ticket, no order: not in the ranking


async def test_ranking_order_scores_and_last_month(uow_factory, data):
    result = await ranking(uow_factory, NOV, DEC, previous_period(NOV, DEC), now=NOW)
    assert [(x.unit.code, x.rank) for x in result.lines] == [
        ("c1", 1), ("d2", 2), ("d1", 3), ("c2", None)]  # unranked last
    found = by_code(result)
    assert found["c1"].score == pytest.approx(2 / 3)
    assert found["d2"].score == pytest.approx(0.2 / 3 + 0.4 * 2 / 3 + 0.4 * 2 / 3)
    assert found["d1"].score == pytest.approx(0.5)
    # October: C1 held T5, D1 had its order; both all rates 100%: they share rank 1
    assert (found["c1"].last_rank, found["d1"].last_rank) == (1, 1)
    assert found["c1"].last_score == pytest.approx(1.0)
    assert found["d2"].last_rank is None  # no order in October


async def test_excluded_tickets_are_listed_under_every_unit_that_held_them(uow_factory, data):
    _, _, _, t4, _, _ = data
    result = await ranking(uow_factory, NOV, DEC, None, now=NOW)
    names = {x.unit.id: x.unit.code for x in result.lines}
    async with uow_factory() as uow:
        units = {u.id: u.code for u in await uow.unit_rates.units()}
    listed = sorted((units[e.unit_id], e.code, e.reason) for e in result.excluded)
    assert listed == [("c2", t4.code, "重复反映"), ("d1", t4.code, "重复反映")]
    assert names  # the ranking itself is there


def test_score_renormalises_over_the_rates_a_unit_has():
    from domain.rates import Line
    only_response = Line("unit", "x", 1, 0.5, None, None, 0, 0, 0)
    assert score_of(only_response) == pytest.approx(0.5)
    assert score_of(Line("unit", "x", 1, None, None, None, 0, 0, 0)) is None


def test_the_period_before_a_month_is_the_month_before():
    assert previous_period(NOV, DEC) == (datetime(2026, 10, 1, tzinfo=UTC), NOV)
    week = (datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC))
    assert previous_period(*week) == (datetime(2026, 11, 9, tzinfo=UTC), week[0])


async def test_the_ranking_can_leave_the_excluded_unlisted(uow_factory, data):
    full = await ranking(uow_factory, NOV, DEC, previous_period(NOV, DEC), now=NOW)
    bare = await ranking(uow_factory, NOV, DEC, previous_period(NOV, DEC), now=NOW,
                         excluded=False)
    assert full.excluded and bare.excluded == []
    assert bare.lines == full.lines


async def test_counts_of_some_units_only(uow_factory, data):
    async with uow_factory() as uow:
        units = {u.code: u.id for u in await uow.unit_rates.units()}
        every = await uow.unit_rates.counts(NOV, DEC, NOW)
        some = await uow.unit_rates.counts(NOV, DEC, NOW, {units["c1"], units["d2"]})
    assert some == [c for c in every if c.unit_id in (units["c1"], units["d2"])]
    assert {c.unit_id for c in some} == {units["c1"], units["d2"]}
