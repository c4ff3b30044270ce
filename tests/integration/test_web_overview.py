"""The web overview page on a hand-checked street, on real SQLite and PostgreSQL: today's
figures, the three rates against last month and last year, the ranking, what waits for a
decision, and what a unit's staff may see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.rates import period, report
from domain.web.overview import overview
from domain.web.viewer import Viewer
from handlers.web.pages.overview import page, table
from storage.models import OrderEscalation
from storage.models.units import Unit, WorkOrder
from tests.integration.factories import add_notice, add_resident, add_ticket

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
H = timedelta(hours=1)


def at(month: int, day: int, hour: int = 1, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def answered(created: datetime, late: bool = False) -> dict:
    due = created + 2 * H
    return {"respond_due_at": due, "first_response_at": due + (H if late else -H)}


def viewer(unit_ids=None) -> Viewer:
    return Viewer(1, "看板", "supervisor", unit_ids is None, unit_ids)


@pytest.fixture
async def street(uow_factory):
    async with uow_factory() as uow:
        units = {code: Unit(code=code, name=name, kind=kind) for code, name, kind in (
            ("c1", "一社区", "community"), ("c2", "二社区", "community"),
            ("d1", "城管科", "department"))}
        uow.session.add_all(units.values())
        await uow.session.flush()
        c1, c2, d1 = (units[k].id for k in ("c1", "c2", "d1"))
        who = (await add_resident(uow)).id
        t = {
            # today (Beijing), emergency, its response time passed unanswered: overdue
            "A": await add_ticket(uow, who, unit_id=c1, created_at=at(12, 7, 1),
                                  urgency="emergency", respond_due_at=at(12, 7, 1) + H / 2),
            # 23:00 on the 6th in Beijing: not today; answered in time, still open
            "B": await add_ticket(uow, who, unit_id=c1, created_at=at(12, 6, 15),
                                  status="claimed", resolve_due_at=at(12, 10),
                                  **answered(at(12, 6, 15))),
            # dispatched to D1, which sent the order back
            "C": await add_ticket(uow, who, unit_id=c1, created_at=at(12, 2),
                                  status="claimed", **answered(at(12, 2))),
            "D": await add_ticket(uow, who, unit_id=c2, created_at=at(12, 7, 0)),
            # last month: one in time, solved, satisfied; one late, not solved, unhappy
            "E": await add_ticket(uow, who, unit_id=c1, created_at=at(11, 10), status="closed",
                                  kpi_answers=1, kpi_confirmed=1, kpi_satisfied=1,
                                  **answered(at(11, 10))),
            "F": await add_ticket(uow, who, unit_id=c2, created_at=at(11, 12), status="closed",
                                  kpi_answers=1, kpi_dissatisfied=1,
                                  **answered(at(11, 12), late=True)),
            # December 2025
            "G": await add_ticket(uow, who, unit_id=c1, created_at=at(12, 5, year=2025),
                                  status="closed", kpi_answers=1, kpi_confirmed=1,
                                  kpi_satisfied=1, **answered(at(12, 5, year=2025))),
        }
        uow.session.add(WorkOrder(ticket_id=t["C"].id, unit_id=d1, status="returned",
                                  dispatched_at=at(12, 2, 2), respond_due_at=at(12, 2, 4),
                                  returned_reason="不归我们管，找13812345678"))
        await add_notice(uow, status="draft", text_zh="明晚停水检修", audience={"all": True})
        await add_notice(uow, status="draft", text_zh="")  # not complete: not waiting
        await uow.commit()
    return {k: v.code for k, v in t.items()}, {"c1": c1, "c2": c2, "d1": d1}


def figure(body: str, href: str) -> str:
    """The number shown in the link to ``href``."""
    start = body.index(f'href="{href}"')
    return body[body.index("<b>", start) + 3:body.index("</b>", start)]


async def test_a_street_viewer_sees_every_figure(uow_factory, street):
    codes, _ = street
    shown = await page(uow_factory, viewer(), "zh", {}, NOW, TZ)
    body = shown.body
    assert shown.nav == "overview" and shown.title == "总览"
    assert figure(body, "/web/tickets?period=2026-12-07") == "2"  # A and D
    assert figure(body, "/web/tickets?state=open") == "4"
    assert figure(body, "/web/tickets?state=overdue") == "1"
    assert figure(body, "/web/tickets?state=open&amp;urgency=emergency") == "1"
    rates = body[body.index('<table class="compare">'):body.index("</table>")]
    assert "本月 2026-12（截至现在）" in rates and "去年同月 2025-12" in rates
    # tickets 4 | 2 | 1; response 2 of 3 due | 1 of 2 | 1 of 1; the rest as counted
    assert '<td class="n">4</td><td class="n">2</td><td class="n">1</td>' in rates
    assert ">66.7%</td><td class=\"n\">50.0%</td><td class=\"n\">100.0%</td>" in rates
    assert "<td>解决率</td><td class=\"n\">—</td><td class=\"n\">50.0%</td>" in rates


async def test_the_street_rates_are_the_rates_report_total(uow_factory, street):
    got = await overview(uow_factory, viewer(), now=NOW, tz=TZ)
    start, end = period("2026-11", TZ, NOW.date())
    total = (await report(uow_factory, start, end, now=NOW)).lines[0]
    assert got.rates[0].last == total


async def test_the_ranking_and_what_waits(uow_factory, street):
    codes, _ = street
    body = (await page(uow_factory, viewer(), "zh", {}, NOW, TZ)).body
    ranking = body[body.index('<table class="ranking">'):]
    ranking = ranking[:ranking.index("</table>")]
    rows = ranking.split("<tr>")[2:]
    # C1: 2 of 3 answered in time; D1: its order missed; C2: nothing to rank it by
    assert [r.split("</td>")[2].removeprefix("<td>") for r in rows] == ["一社区", "城管科",
                                                                        "二社区"]
    assert rows[0].startswith('<td class="n">1</td><td class="n">1</td>')  # 1st, last 1st
    assert rows[1].startswith('<td class="n">2</td><td class="n">—</td>')
    assert "66.7</td>" in rows[0] and "0.0</td>" in rows[1]
    assert "退单待调度决定：1 件" in body
    assert f'<a href="/web/tickets/{codes["C"]}">{codes["C"]}</a>' in body
    assert "13812345678" not in body and "不归我们管" in body  # masked as in the groups
    assert "待审批的通知草稿：1 条" in body and "明晚停水检修" in body


async def test_a_units_staff_see_their_units_figures_only(uow_factory, street):
    codes, units = street
    body = (await page(uow_factory, viewer(frozenset({units["c1"]})), "zh", {}, NOW,
                       TZ)).body
    assert figure(body, "/web/tickets?period=2026-12-07") == "1"  # A, not C2's D
    assert figure(body, "/web/tickets?state=open") == "3"
    rates = body[body.index('<table class="compare">'):body.index("</table>")]
    assert "一社区" in rates and "全街道" not in rates
    assert '<td class="n">3</td><td class="n">1</td><td class="n">1</td>' in rates
    assert 'class="ranking"' not in body and "二社区" not in body
    assert codes["C"] in body  # its own ticket's order was sent back
    assert "明晚停水检修" not in body  # drafts are the street's


async def test_a_department_sees_the_tickets_it_got_an_order_of(uow_factory, street):
    codes, units = street
    body = (await page(uow_factory, viewer(frozenset({units["d1"]})), "en", {}, NOW,
                       TZ)).body
    assert figure(body, "/web/tickets?state=open") == "1"  # C, through its order
    assert figure(body, "/web/tickets?period=2026-12-07") == "0"
    assert "城管科" in body and "0.0%" in body  # its order missed its response time


async def test_a_unit_without_the_order_sees_nothing_waiting(uow_factory, street):
    codes, units = street
    body = (await page(uow_factory, viewer(frozenset({units["c2"]})), "zh", {}, NOW,
                       TZ)).body
    assert codes["C"] not in body and "不归我们管" not in body
    assert "没有等待决定的事项。" in body
    assert figure(body, "/web/tickets?state=open") == "1"  # D


async def test_orders_sent_back_are_counted_up_to_a_limit(uow_factory, street, monkeypatch):
    codes, units = street
    async with uow_factory() as uow:
        for code, hour in (("B", 16), ("D", 17)):
            ticket = await uow.tickets.get_by_code(codes[code])
            uow.session.add(WorkOrder(ticket_id=ticket.id, unit_id=units["d1"],
                                      status="returned", dispatched_at=at(12, 6, hour)))
        await uow.commit()
    async with uow_factory() as uow:
        total, shown = await uow.web_overview.sent_back(None, 1, most=5)
        assert total == 3 and [s.code for s in shown] == [codes["C"]]  # the oldest
        assert (await uow.web_overview.sent_back(None, 1, most=1))[0] == 2  # over 1
    monkeypatch.setattr("domain.web.overview.MOST", 2)
    monkeypatch.setattr("handlers.web.pages.overview.MOST", 2)
    monkeypatch.setattr("domain.web.overview.SHOWN", 1)
    body = (await page(uow_factory, viewer(), "zh", {}, NOW, TZ)).body
    assert "退单待调度决定：2+ 件" in body and "另有 1+ 项未列出。" in body


def test_unit_names_are_text_and_figures_are_numbers():
    html = table("t", ["h"], [["5社区", "12", "88.9%", "—", "B-1"]])
    assert ('<td>5社区</td><td class="n">12</td><td class="n">88.9%</td>'
            '<td class="n">—</td><td>B-1</td>') in html


async def test_escalated_overdue_orders_wait_on_the_overview(uow_factory, street):
    codes, units = street
    async with uow_factory() as uow:
        ticket = await uow.tickets.get_by_code(codes["D"])
        order = WorkOrder(ticket_id=ticket.id, unit_id=units["d1"], status="open",
                          dispatched_at=at(12, 7, 0), respond_due_at=at(12, 7, 1))
        uow.session.add(order)
        await uow.session.flush()
        uow.session.add(OrderEscalation(order_id=order.id, ticket_id=ticket.id, kind="respond",
                                        deadline=at(12, 7, 1), escalated_at=at(12, 7, 1) + H / 60,
                                        summoned_at=at(12, 7, 1) + H / 2))
        await uow.commit()
    o = await overview(uow_factory, viewer(), now=NOW, tz=TZ)
    assert [(w.ticket_code, w.unit_name, w.summoned) for w in o.escalations] == [
        (codes["D"], "城管科", True)]
    body = (await page(uow_factory, viewer(), "zh", {}, NOW, TZ)).body
    assert "督办中（超时派件）1 件" in body and "已吹哨" in body and codes["D"] in body
    mine = await overview(uow_factory, viewer(frozenset({units["d1"]})), now=NOW, tz=TZ)
    assert len(mine.escalations) == 1
    other = await overview(uow_factory, viewer(frozenset({units["c1"]})), now=NOW, tz=TZ)
    assert other.escalations == []
