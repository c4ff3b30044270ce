"""The ranking of units (考核排名) on PostgreSQL: ``python -m benchmarks.unit_ranking``.

Fills a throwaway database as ``benchmarks.rates`` does (1,000,000 tickets over 2026 with
surveys and their ``tickets.kpi_*`` summaries), adds 20 units (8 communities holding the
tickets, 12 departments and services) and work orders (about 30% of tickets get one, 5% a
second, parallel one; 2% of orders sent back), then times ``domain.unit_rates.ranking``:
the whole year (every ticket and order) and one month with the month before beside, and
prints the median of ``--runs`` runs of each.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import UTC, datetime

from benchmarks.rates import SERVER, fill
from domain.unit_rates import previous_period, ranking
from storage.db import make_engine
from storage.migrate import upgrade_async
from storage.uow import SqlUnitOfWork
from tests.conftest import fresh_postgres_database

YEAR = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
NOVEMBER = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))

UNITS = [
    "INSERT INTO units (id, code, name, kind, active, created_at) "
    "SELECT 100 + g, 'u' || g, CASE WHEN g <= 8 THEN g || '社区' ELSE '部门' || g END, "
    "CASE WHEN g <= 8 THEN 'community' WHEN g % 2 = 0 THEN 'department' ELSE 'service' END, "
    "true, now() FROM generate_series(1, 20) g",
    "UPDATE tickets SET unit_id = 101 + id % 8",
    "INSERT INTO work_orders (ticket_id, unit_id, status, dispatched_at, respond_due_at, "
    "first_response_at, done_at, version) "
    "SELECT id, 109 + id % 12, CASE WHEN id % 50 = 0 THEN 'returned' ELSE 'done' END, "
    "created_at + interval '10 minutes', created_at + interval '130 minutes', "
    "created_at + (id % 200) * interval '1 minute', created_at + interval '1 day', 1 "
    "FROM tickets WHERE id % 10 < 3",
    "INSERT INTO work_orders (ticket_id, unit_id, status, dispatched_at, respond_due_at, "
    "first_response_at, done_at, version) "
    "SELECT id, 109 + (id + 5) % 12, 'done', created_at + interval '10 minutes', "
    "created_at + interval '130 minutes', created_at + (id % 150) * interval '1 minute', "
    "created_at + interval '1 day', 1 FROM tickets WHERE id % 20 = 1",
]


async def add_units(engine) -> int:
    """The 20 units and the orders; returns how many orders."""
    async with engine.begin() as conn:
        for sql in UNITS:
            await conn.exec_driver_sql(sql)
        orders = (await conn.exec_driver_sql("SELECT count(*) FROM work_orders")).scalar()
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql("VACUUM ANALYZE")
    return int(orders)


async def timed(factory, period, last, runs: int, excluded: bool = True):
    """The median and every run's time of the ranking, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = await ranking(lambda: SqlUnitOfWork(factory), *period, last, now=YEAR[1],
                               excluded=excluded)
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, result


async def main(tickets: int, runs: int) -> None:
    """Fills a fresh database, times the ranking, drops the database."""
    async with fresh_postgres_database(SERVER) as url:
        await upgrade_async(url)
        engine = make_engine(url)
        try:
            factory = await fill(engine, tickets)
            orders = await add_units(engine)
            print(f"20 units, {orders:,} work orders")
            for label, period, last, excluded in (
                    ("the whole year (every ticket and order), no period beside", YEAR, None,
                     True),
                    ("the whole year, ranks only (no listing of excluded tickets, as the web "
                     "overview asks)", YEAR, None, False),
                    ("November with October beside", NOVEMBER, previous_period(*NOVEMBER),
                     True)):
                median, times, result = await timed(factory, period, last, runs, excluded)
                top = (f"first {result.lines[0].unit.name} score {result.lines[0].score:.4f}"
                       if result.lines else "no unit (no ticket in the period)")
                print(f"ranking, {label}: {len(result.lines)} units ranked, "
                      f"{len(result.excluded):,} excluded listed; {top}")
                print(f"  median of {runs} runs: {median:.3f} s "
                      f"(runs: {', '.join(f'{t:.3f}' for t in times)})")
        finally:
            await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    asyncio.run(main(options.tickets, options.runs))
