"""The monthly analysis on a hand-checked data set (tests/helpers/month_data.py)."""

from datetime import datetime

import pytest

from domain import rates
from domain.analysis import BadMonth, CategoryCount, monthly
from domain.analysis.chart_data import ChartLabels, trend, volume
from tests.helpers.month_data import HEATING, TZ, seed_month

LABELS = ChartLabels("量", "三率", "其他", "件", "响应率", "解决率", "满意率")
NOW = datetime(2026, 11, 1, 9, tzinfo=TZ)  # the analysis is made the next morning
MONTHS = ["2025-11", "2025-12", *(f"2026-{m:02d}" for m in range(1, 11))]


@pytest.fixture
async def analysis(uow_factory):
    async with uow_factory() as uow:
        await seed_month(uow)
        await uow.commit()
    return await monthly(uow_factory, "2026-10", TZ, 0.8, now=NOW)


async def test_counts_by_category_against_last_month_and_last_year(analysis):
    assert analysis.month == "2026-10"
    assert (analysis.start, analysis.end) == (datetime(2026, 10, 1, tzinfo=TZ),
                                              datetime(2026, 11, 1, tzinfo=TZ))
    assert analysis.top == [CategoryCount("城乡建设", 4, 1, 1), CategoryCount("交通运输", 2, 1, 0),
                            CategoryCount("环境保护", 1, 0, 0)]
    assert [(c.change, c.change_last_year) for c in analysis.top] == [(3, 3), (1, 2), (1, 1)]
    assert analysis.total == CategoryCount("", 7, 2, 1)


async def test_hot_spots_are_one_category_again_and_again_in_one_building(analysis):
    assert [(h.building, h.category, h.tickets) for h in analysis.hot_spots] == [
        ("3", HEATING, 4)]


async def test_rates_are_domain_rates_report_for_the_month(analysis, uow_factory):
    expected = await rates.report(uow_factory, analysis.start, analysis.end, now=NOW,
                                  weight=0.8)
    assert analysis.rates.lines == expected.lines
    assert {line.dimension for line in analysis.rates.lines} == {
        "total", "category", "building", "worker"}
    total = analysis.total_rates
    assert (total.tickets, total.response_rate, total.resolution_rate,
            total.satisfaction_rate) == (6, 1 / 3, 1 / 2, 1 / 2)
    assert (total.no_answer, total.uncertain) == (1, 0)
    assert [(e.category, e.reason, e.excluded_by) for e in analysis.excluded] == [
        ("城乡建设", "不属于社区管辖", "王")]


async def test_twelve_month_series(analysis):
    assert analysis.months == MONTHS
    assert analysis.volume == {"城乡建设": [0] * 10 + [1, 4], "交通运输": [0] * 10 + [1, 2],
                               "环境保护": [0] * 11 + [1]}
    assert len(analysis.trend) == 12
    assert analysis.trend[-1] == analysis.total_rates
    september = analysis.trend[-2]
    assert (september.tickets, september.response_rate, september.resolution_rate,
            september.satisfaction_rate) == (2, 1.0, 1.0, 1.0)
    assert analysis.trend[0].tickets == 0 and analysis.trend[0].response_rate is None


async def test_the_charts_data_comes_from_the_analysis(analysis):
    bars = volume(analysis, LABELS)
    assert bars.months == MONTHS and bars.series == analysis.volume
    lines = trend(analysis, LABELS)
    assert list(lines.series) == ["响应率", "解决率", "满意率"]
    assert lines.series["解决率"][-2:] == [100.0, 50.0]
    assert lines.series["响应率"][0] is None


async def test_a_bad_month_is_refused(uow_factory):
    for bad in ("2026-13", "October", "2026-1", ""):
        with pytest.raises(BadMonth):
            await monthly(uow_factory, bad, TZ, now=NOW)


async def _two_communities(uow_factory) -> None:
    """Building 3's tickets held by 一社区, building 5's by 二社区."""
    from storage.models.units import Unit

    async with uow_factory() as uow:
        t = await seed_month(uow)
        one, two = (Unit(code="c1", name="一社区", kind="community"),
                    Unit(code="c2", name="二社区", kind="community"))
        uow.session.add_all([one, two])
        await uow.session.flush()
        for ticket in t.values():
            ticket.unit_id = (one if ticket.building == "3" else two).id
        await uow.commit()


async def test_the_units_are_ranked_as_kpi_ranks_them_with_last_month_beside(uow_factory):
    from domain.unit_rates import ranking, shown

    await _two_communities(uow_factory)
    got = await monthly(uow_factory, "2026-10", TZ, 0.8, now=NOW)
    same = await ranking(uow_factory, got.start, got.end,
                         (datetime(2026, 9, 1, tzinfo=TZ), got.start), now=NOW, weight=0.8)
    assert list(got.ranking) == same.lines and shown(got.ranking) == got.ranking
    assert [(x.unit.name, x.line.tickets, x.rank, x.last_rank) for x in got.ranking] == [
        ("一社区", 3, 1, 1), ("二社区", 3, None, None)]  # 二社区: no rate yet


async def test_one_unit_or_none_is_no_ranking(analysis):
    from domain.unit_rates import shown

    assert shown(analysis.ranking) == ()
