"""Migration 0010u on a database made by the code before units (revision 0009), on SQLite
and PostgreSQL: every ticket held by the one community, every department label an order of
a department unit, staff in the community; nothing lost, and down and up again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from storage.db import make_engine, make_session_factory
from storage.migrate import downgrade_async, upgrade_async
from storage.models import Ticket, Unit, UnitMember, UtcDateTime, WorkOrder
from storage.uow import SqlUnitOfWork

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
TS = UtcDateTime()
_staff = sa.table("staff_members", sa.column("id"), sa.column("telegram_user_id"),
                  sa.column("display_name"), sa.column("role"), sa.column("active"),
                  sa.column("created_at", TS))
_residents = sa.table("residents", sa.column("id"), sa.column("telegram_user_id"),
                      sa.column("language"), sa.column("reachable"),
                      sa.column("notice_onboarded"), sa.column("created_at", TS))
_tickets = sa.table(
    "tickets", sa.column("id"), sa.column("code"), sa.column("resident_id"),
    sa.column("category"), sa.column("category_level1"), sa.column("description"),
    sa.column("urgency"), sa.column("status"), sa.column("department"),
    sa.column("assignee_id"), sa.column("excluded_from_kpi"), sa.column("reopened_count"),
    sa.column("resolution_note"), sa.column("resolved_at", TS), sa.column("closed_at", TS),
    sa.column("version"), sa.column("created_at", TS))
_events = sa.table("ticket_events", sa.column("ticket_id"), sa.column("at", TS),
                   sa.column("actor_kind"), sa.column("actor_id"), sa.column("kind"),
                   sa.column("payload", sa.JSON()))

# code: (status, department, transfers [(hours after T0, by staff id, department)])
TICKETS = {
    "A": ("new", None, []),
    "B": ("claimed", "供热公司", [(1, 2, "物业公司"), (3, 3, "供热公司")]),
    "C": ("resolved", "物业公司", [(2, 2, "物业公司")]),
    "D": ("withdrawn", "城管执法", [(1, 3, "城管执法")]),
    "E": ("closed", "供热公司", []),  # labelled without a recorded transfer
}


async def _made_by_the_code_before_units(url: str) -> None:
    await upgrade_async(url, "0009")
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(_staff.insert(), [
                {"id": i, "telegram_user_id": 900 + i, "display_name": f"s{i}", "role": role,
                 "active": True, "created_at": T0}
                for i, role in ((1, "worker"), (2, "supervisor"), (3, "admin"))])
            await conn.execute(_residents.insert().values(
                id=1, telegram_user_id=5000, language="zh", reachable=True,
                notice_onboarded=False, created_at=T0))
            for n, (code, (status, department, moves)) in enumerate(TICKETS.items(), 1):
                done = status in ("resolved", "closed")
                await conn.execute(_tickets.insert().values(
                    id=n, code=code, resident_id=1, category="城乡建设/x/冬季采暖",
                    category_level1="城乡建设", description="暖气不热", urgency="normal",
                    status=status, department=department, assignee_id=1 if n > 1 else None,
                    excluded_from_kpi=False, reopened_count=0, version=1, created_at=T0,
                    resolution_note="换了阀门" if done else None,
                    resolved_at=T0 + timedelta(hours=5) if done else None))
                for hours, by, to in moves:
                    await conn.execute(_events.insert().values(
                        ticket_id=n, at=T0 + timedelta(hours=hours), actor_kind="staff",
                        actor_id=by, kind="transferred", payload={"to_department": to}))
    finally:
        await engine.dispose()


async def _read(url: str):
    engine = make_engine(url)
    try:
        async with SqlUnitOfWork(make_session_factory(engine)) as uow:
            s = uow.session
            units = {u.id: u for u in await s.scalars(sa.select(Unit))}
            tickets = {t.code: t for t in await s.scalars(sa.select(Ticket))}
            orders = {(o.ticket_id, units[o.unit_id].name): o
                      for o in await s.scalars(sa.select(WorkOrder))}
            members = {(m.staff_id, units[m.unit_id].code): m.role
                       for m in await s.scalars(sa.select(UnitMember))}
            events = await s.scalar(sa.select(sa.func.count()).select_from(_events))
            s.expunge_all()  # plain values from here on
            return units, tickets, orders, members, events
    finally:
        await engine.dispose()


async def test_existing_tickets_and_departments_become_units_and_orders(db_url):
    await _made_by_the_code_before_units(db_url)
    await upgrade_async(db_url)
    units, tickets, orders, members, events = await _read(db_url)
    by_code = {u.code: u for u in units.values()}
    home = by_code["community"]
    assert (home.kind, home.name, home.chat_id) == ("community", "社区", None)
    departments = sorted((u.name, u.kind, u.chat_id) for u in units.values() if u is not home)
    assert departments == [("供热公司", "department", None), ("城管执法", "department", None),
                           ("物业公司", "department", None)]
    assert sorted(tickets) == list(TICKETS) and events == 4
    assert {t.unit_id for t in tickets.values()} == {home.id}
    assert {c: t.department for c, t in tickets.items()} == {
        c: d for c, (_, d, _) in TICKETS.items()}  # the labels are kept
    assert members == {(1, "community"): "worker", (2, "community"): "supervisor",
                       (3, "community"): "supervisor"}
    assert sorted((t, name) for t, name in orders) == [
        (2, "供热公司"), (3, "物业公司"), (4, "城管执法"), (5, "供热公司")]
    b = orders[(2, "供热公司")]
    assert (b.status, b.dispatched_at, b.dispatched_by) == ("open", T0 + timedelta(hours=3), 3)
    c = orders[(3, "物业公司")]
    assert (c.status, c.done_at, c.result) == ("done", T0 + timedelta(hours=5), "换了阀门")
    assert c.dispatched_by == 2
    assert orders[(4, "城管执法")].status == "cancelled"
    e = orders[(5, "供热公司")]
    assert (e.status, e.dispatched_at, e.dispatched_by) == ("done", T0, None)


async def test_down_and_up_again_keeps_the_tickets_and_makes_the_same_units(db_url):
    await _made_by_the_code_before_units(db_url)
    await upgrade_async(db_url)
    await downgrade_async(db_url, "0009")
    engine = make_engine(db_url)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(sa.select(_tickets.c.code, _tickets.c.department)
                                       .order_by(_tickets.c.code))).all()
    finally:
        await engine.dispose()
    assert [tuple(r) for r in rows] == [(c, d) for c, (_, d, _) in TICKETS.items()]
    await upgrade_async(db_url)
    units, tickets, orders, _, _ = await _read(db_url)
    assert len(units) == 4 and len(tickets) == 5 and len(orders) == 4
