"""The monthly analysis page on real SQLite and PostgreSQL: the same computation and parts as
``frontdoor report month``, both charts as inline SVG whose Chinese words are text, the
months around it, and only for a viewer who sees the whole street."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.analysis import monthly
from domain.web.viewer import Viewer
from handlers.month_report import summary
from handlers.web.pages.analysis import page
from tests.integration.factories import add_resident, add_ticket

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
TRAFFIC = "交通运输/道路交通/交通秩序"


@pytest.fixture
async def tickets(uow_factory):
    async with uow_factory() as uow:
        who = (await add_resident(uow)).id
        for day in (3, 9):
            await add_ticket(uow, who, created_at=datetime(2026, 11, day, tzinfo=UTC))
        await add_ticket(uow, who, category=TRAFFIC, category_level1="交通运输",
                         created_at=datetime(2026, 11, 20, tzinfo=UTC))
        await add_ticket(uow, who, created_at=datetime(2026, 10, 20, tzinfo=UTC))
        await uow.commit()


def leader() -> Viewer:
    return Viewer(1, "街道", "admin", True, None)


async def test_the_month_as_the_report_computes_it_with_charts_as_text(uow_factory, tickets):
    shown = await page(uow_factory, leader(), "zh", {"month": "2026-11"}, NOW, TZ)
    body = shown.body
    assert shown.title == "月分析 2026-11" and shown.nav == "analysis"
    analysis = await monthly(uow_factory, "2026-11", TZ, now=NOW)
    assert analysis.total.tickets == 3 and analysis.total.previous == 1
    assert all(part in body for part in summary(analysis, "zh", NOW))
    assert body.count('<figure class="chart"><svg') == 2
    assert 'width="576pt"' not in body and 'viewBox="0 0 576 720"' in body
    for words in ("月度诉求量（按类别）", "三率趋势（近12个月）", "城乡建设", "交通运输", "满意率"):
        assert f">{words}</text>" in body
    assert 'href="/web/analysis?month=2026-10"' in body
    assert 'href="/web/analysis?month=2026-12"' in body


async def test_english_labels(uow_factory, tickets):
    body = (await page(uow_factory, leader(), "en", {"month": "2026-11"}, NOW, TZ)).body
    assert ">Satisfaction</text>" in body and ">Requests per month by category</text>" in body


async def test_without_a_cjk_font_the_tables_stay(uow_factory, tickets, monkeypatch):
    from domain.analysis.charts import NoCjkFont

    def no_font(*_):
        raise NoCjkFont("none")

    monkeypatch.setattr("handlers.web.pages.analysis.monthly_svgs", no_font)
    body = (await page(uow_factory, leader(), "zh", {"month": "2026-11"}, NOW, TZ)).body
    assert "服务器没有安装中文字体" in body and "<svg" not in body
    assert "交通运输" in body  # in the tables


async def test_a_units_staff_do_not_get_the_streets_analysis(uow_factory, tickets):
    unit = Viewer(2, "社区", "worker", False, frozenset({1}))
    shown = await page(uow_factory, unit, "zh", {"month": "2026-11"}, NOW, TZ)
    assert "只对能查看全街道的人员开放" in shown.body
    assert "城乡建设" not in shown.body and "<svg" not in shown.body


async def test_a_bad_month_is_said_and_this_month_shown(uow_factory, tickets):
    shown = await page(uow_factory, leader(), "zh", {"month": "11/2026"}, NOW, TZ)
    assert "月份格式应为 YYYY-MM" in shown.body and shown.title == "月分析 2026-12"
