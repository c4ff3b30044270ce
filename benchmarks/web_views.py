"""The web view's pages over 1,000,000 tickets on PostgreSQL: ``python -m benchmarks.web_views``.

Fills a throwaway database as ``benchmarks.unit_ranking`` does (``benchmarks.rates.fill``:
1,000,000 tickets over 2026 with surveys and summaries; 20 units and 350,000 work orders),
then makes the last two weeks' tickets open (a third new, the rest claimed, each due three
days after opening, one in five unanswered), one ticket in 200 an emergency, three notice
drafts, and a worker in a community and one in a department. It times each entry of
``REGISTRY`` — a page function called as the server calls it, so its time is the server's
time — after one warm-up call, and prints the median of ``--runs`` runs. ``--keep`` keeps
the filled database until Enter is pressed; ``--database URL`` times such a database again
without filling anything.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from benchmarks.rates import SERVER, fill
from benchmarks.unit_ranking import add_units
from domain.web.viewer import Viewer
from handlers.web.pages import overview, tickets
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_async
from storage.uow import SqlUnitOfWork
from tests.conftest import fresh_postgres_database

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 31, 15, 0, tzinfo=UTC)  # 23:00 on New Year's Eve in Beijing
COMMUNITY, DEPARTMENT = 101, 109  # units of benchmarks.unit_ranking
LEADER = Viewer(1, "w1", "admin", True, None)
COMMUNITY_WORKER = Viewer(2, "w2", "worker", False, frozenset({COMMUNITY}))
DEPARTMENT_WORKER = Viewer(3, "w3", "worker", False, frozenset({DEPARTMENT}))

LIVE = [
    "UPDATE tickets SET status = CASE WHEN id % 3 = 0 THEN 'new' ELSE 'claimed' END, "
    "resolve_due_at = created_at + interval '3 days', "
    "first_response_at = CASE WHEN id % 5 = 0 THEN NULL ELSE first_response_at END "
    "WHERE created_at >= timestamptz '2026-12-17 16:00+00'",
    "UPDATE tickets SET urgency = 'emergency' WHERE id % 200 = 0",
    f"INSERT INTO unit_members (staff_id, unit_id, role) VALUES (2, {COMMUNITY}, 'worker'), "
    f"(3, {DEPARTMENT}, 'worker')",
    "INSERT INTO notices (topic, title, text_zh, audience, emergency, status, source, "
    "created_at) SELECT 'heating', '', '供暖检修通知 ' || g, '{\"all\": true}', false, "
    "'draft', 'staff', now() FROM generate_series(1, 3) g",
]

Timed = Callable[[Callable[[], SqlUnitOfWork]], Awaitable[object]]
REGISTRY: list[tuple[str, Timed]] = [
    ("overview, street leader",
     lambda uow: overview.page(uow, LEADER, "zh", {}, NOW, TZ)),
    (f"overview, a community's worker (unit {COMMUNITY})",
     lambda uow: overview.page(uow, COMMUNITY_WORKER, "zh", {}, NOW, TZ)),
    (f"overview, a department's worker (unit {DEPARTMENT})",
     lambda uow: overview.page(uow, DEPARTMENT_WORKER, "zh", {}, NOW, TZ)),
    ("tickets list, unit u1 and November, street leader",
     lambda uow: tickets.page(uow, LEADER, "zh", {"unit": "u1", "period": "2026-11"}, NOW, TZ)),
    (f"tickets list, November, a department's worker (unit {DEPARTMENT})",
     lambda uow: tickets.page(uow, DEPARTMENT_WORKER, "zh", {"period": "2026-11"}, NOW, TZ)),
    ("tickets list, every ticket (count capped), street leader",
     lambda uow: tickets.page(uow, LEADER, "zh", {}, NOW, TZ)),
    ("tickets list, open and overdue, street leader",
     lambda uow: tickets.page(uow, LEADER, "zh", {"state": "overdue"}, NOW, TZ)),
]
"""What is timed: a name and an async callable taking the unit-of-work factory."""


async def make_live(engine) -> None:
    """Open tickets, emergencies, drafts and two unit workers on top of the ranking's data."""
    async with engine.begin() as conn:
        for sql in LIVE:
            await conn.exec_driver_sql(sql)
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql("VACUUM ANALYZE")


async def time_all(url: str, runs: int) -> None:
    """Times every registry entry ``runs`` times (after one warm-up run) and prints medians."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    uow_factory = lambda: SqlUnitOfWork(factory)  # noqa: E731
    try:
        for name, call in REGISTRY:
            await call(uow_factory)  # warm-up: caches, connections
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                await call(uow_factory)
                times.append(time.perf_counter() - started)
            print(f"{name}: median of {runs} runs {statistics.median(times) * 1000:.0f} ms "
                  f"(runs: {', '.join(f'{t * 1000:.0f}' for t in times)})")
    finally:
        await engine.dispose()


async def main(tickets: int, runs: int, keep: bool) -> None:
    """Fills a fresh database, times the registry, drops the database (``keep``: on Enter)."""
    async with fresh_postgres_database(SERVER) as url:
        await upgrade_async(url)
        engine = make_engine(url)
        try:
            await fill(engine, tickets)
            print(f"20 units, {await add_units(engine):,} work orders")
            await make_live(engine)
        finally:
            await engine.dispose()
        await time_all(url, runs)
        if keep:
            print(f"kept until Enter is pressed: {url}", flush=True)
            await asyncio.to_thread(sys.stdin.readline)  # then (or at end of input) dropped


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", help="time this filled database; fill nothing")
    parser.add_argument("--keep", action="store_true",
                        help="keep the database until Enter is pressed (to time it again)")
    options = parser.parse_args()
    if options.database:
        asyncio.run(time_all(options.database, options.runs))
    else:
        asyncio.run(main(options.tickets, options.runs, options.keep))
