"""The buildings page on a hand-checked community, on real SQLite and PostgreSQL: one cell
per building however it is written, the month's requests in colour buckets, links to the
building's tickets, and a unit's staff counting only their units' tickets."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.web.buildings import bucket_of, ranges_of
from domain.web.viewer import Viewer
from handlers.web.pages.buildings import page
from storage.models.units import Unit, UnitRoute, WorkOrder
from tests.integration.factories import add_resident, add_ticket

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def viewer(unit_ids=None) -> Viewer:
    return Viewer(1, "看板", "supervisor", unit_ids is None, unit_ids)


@pytest.fixture
async def community(uow_factory):
    async with uow_factory() as uow:
        units = {code: Unit(code=code, name=code, kind=kind) for code, kind in (
            ("c1", "community"), ("c2", "community"), ("d1", "department"))}
        uow.session.add_all(units.values())
        await uow.session.flush()
        ids = {k: u.id for k, u in units.items()}
        uow.session.add(UnitRoute(what="building", key="12", unit_id=ids["c1"]))
        who = (await add_resident(uow, building="1")).id
        await add_resident(uow, building="10")
        dec = datetime(2026, 12, 3, tzinfo=UTC)
        for building, unit in (("2", "c1"), ("2", "c1"), ("2栋", "c1"), ("2号楼", "c2"),
                               ("东门", "c1")):
            await add_ticket(uow, who, building=building, unit_id=ids[unit], created_at=dec)
        ordered = await add_ticket(uow, who, building="10", unit_id=ids["c2"], created_at=dec)
        uow.session.add(WorkOrder(ticket_id=ordered.id, unit_id=ids["d1"], status="open",
                                  dispatched_at=dec))
        await add_ticket(uow, who, building="1", unit_id=ids["c1"],
                         created_at=datetime(2026, 11, 3, tzinfo=UTC))
        await uow.commit()
    return ids


def cells(body: str) -> list[tuple[str, str, str]]:
    """(class, building, requests) of each cell of the grid."""
    grid = body[body.index('<ul class="buildings">'):]
    grid = grid[:grid.index("</ul>")]
    found = []
    for item in grid.split("<li ")[1:]:
        cls = item[item.index('"') + 1:item.index('"', 7)]
        found.append((cls, item[item.index("<span>") + 6:item.index("</span>")],
                      item[item.index("<b>") + 3:item.index("</b>")]))
    return found


async def test_every_building_once_coloured_by_its_requests(uow_factory, community):
    shown = await page(uow_factory, viewer(), "zh", {}, NOW, TZ)
    assert shown.nav == "buildings" and shown.title == "楼栋诉求分布 2026-12"
    # residents' 1 and 10, the route's 12, the tickets' 2 (2, 2栋, 2号楼) and 东门
    assert cells(shown.body) == [("b0", "1", "0"), ("b4", "2", "4"), ("b1", "10", "1"),
                                 ("b0", "12", "0"), ("b1", "东门", "1")]
    assert 'href="/web/tickets?building=2&amp;period=2026-12"' in shown.body
    assert '<li class="b4">4–4 件</li>' in shown.body  # the busiest 4 in four steps of 1
    assert '<li class="b1">1–1 件</li>' in shown.body
    assert 'href="/web/buildings?period=2026-11"' in shown.body


async def test_another_month(uow_factory, community):
    shown = await page(uow_factory, viewer(), "en", {"period": "2026-11"}, NOW, TZ)
    assert ("b4", "1", "1") in cells(shown.body)
    assert 'href="/web/tickets?building=1&amp;period=2026-11"' in shown.body


async def test_a_bad_month_is_said_and_this_month_shown(uow_factory, community):
    shown = await page(uow_factory, viewer(), "zh", {"period": "2026-13"}, NOW, TZ)
    assert "月份格式应为 YYYY-MM" in shown.body and shown.title.endswith("2026-12")


async def test_a_units_staff_count_their_units_tickets_only(uow_factory, community):
    mine = cells((await page(uow_factory, viewer(frozenset({community["c1"]})), "zh", {},
                             NOW, TZ)).body)
    assert ("b4", "2", "3") in mine and ("b0", "10", "0") in mine  # not C2's
    ordered = cells((await page(uow_factory, viewer(frozenset({community["d1"]})), "zh", {},
                                NOW, TZ)).body)
    assert [c for c in ordered if c[2] != "0"] == [("b4", "10", "1")]  # through its order


def test_buckets():
    assert ranges_of(10) == [(1, 2), (3, 5), (6, 7), (8, 10)]
    assert ranges_of(0) == []
    assert [bucket_of(n, ranges_of(10)) for n in (0, 1, 3, 6, 10)] == [0, 1, 2, 3, 4]
    assert [bucket_of(n, ranges_of(3)) for n in (1, 2, 3)] == [2, 3, 4]  # busiest last


async def test_the_legend_leaves_out_empty_buckets(uow_factory, community):
    body = (await page(uow_factory, viewer(frozenset({community["d1"]})), "en", {}, NOW,
                       TZ)).body
    legend = body[body.index('<ul class="legend">'):]
    assert legend[:legend.index("</ul>")].count("<li") == 2  # none, and 1–1
