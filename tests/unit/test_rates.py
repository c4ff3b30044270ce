"""The three rates on a small hand-checked data set (formulas in domain/rates.py)."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from domain.rates import BadPeriod, period, rollup
from storage.repositories.rates import RateCounts

# category, building, worker, tickets, due_response, in_time, answered_tickets, solved,
# satisfied, basic, dissatisfied, no_answer, uncertain
DATA = [
    RateCounts("城乡建设", "5号楼", 1, 4, 4, 3, 3, 2, 2, 1, 1, 1, 0),
    RateCounts("城乡建设", "6号楼", 2, 2, 2, 2, 1, 1, 0, 1, 0, 0, 1),
    RateCounts("环境保护", "5号楼", 1, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0),
]


def _line(lines, dimension, key):
    [line] = [x for x in lines if x.dimension == dimension and x.key == key]
    return line


def test_total_rates_by_hand():
    total = _line(rollup(DATA, 0.8), "total", "")
    assert total.tickets == 7
    assert total.response_rate == pytest.approx(5 / 6)  # 3+2 in time of 4+2 due
    assert total.resolution_rate == pytest.approx(3 / 4)  # 2+1 solved of 3+1 answered
    assert total.satisfaction_rate == pytest.approx((2 + 0.8 * 2) / 5)
    assert (total.no_answer, total.uncertain) == (3, 1)  # their own figures


def test_by_category_building_and_worker():
    lines = rollup(DATA, 0.5, {1: "王", 2: "李"})
    env = _line(lines, "category", "环境保护")
    assert env.response_rate is None and env.satisfaction_rate is None  # nothing to divide
    assert env.no_answer == 2  # unanswered never counts as satisfied
    assert _line(lines, "building", "5号楼").tickets == 5
    wang = _line(lines, "worker", "王")
    assert wang.satisfaction_rate == pytest.approx((2 + 0.5 * 1) / 4)
    assert _line(lines, "worker", "李").resolution_rate == 1.0


def test_periods():
    tz = ZoneInfo("Asia/Shanghai")
    start, end = period("2026-11", tz, date(2026, 1, 1))
    assert (start.date(), end.date()) == (date(2026, 11, 1), date(2026, 12, 1))
    start, end = period("2026-W47", tz, date(2026, 1, 1))
    assert (start.date(), end.date()) == (date(2026, 11, 16), date(2026, 11, 23))
    assert period(None, tz, date(2026, 12, 9))[0].date() == date(2026, 12, 1)
    with pytest.raises(BadPeriod):
        period("November", tz, date(2026, 1, 1))


def test_buildings_sort_by_number_not_as_text():
    from domain.rates import natural_key

    names = ["10", "2", "1", "11", "东区3", "东区12", "-"]
    assert sorted(names, key=natural_key) == ["1", "2", "10", "11", "-", "东区3", "东区12"]
