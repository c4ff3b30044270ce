"""The three rates over generated tickets on PostgreSQL: ``python -m benchmarks.rates``.

Creates a throwaway database on the server of ``FRONTDOOR_TEST_POSTGRES_URL`` (default
``postgresql+asyncpg://postgres@127.0.0.1:5432/test``), migrates it, bulk-inserts tickets and
surveys with ``INSERT ... SELECT generate_series``, fills each ticket's survey summary with
the same code the unit of work runs on commit (``ticket_kpi.refresh``), then times
``domain.rates.report`` for a year (grouped by category, building and worker) and prints
the median of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from domain.rates import report
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_async
from storage.repositories import ticket_kpi
from storage.uow import SqlUnitOfWork
from tests.conftest import fresh_postgres_database

SERVER = os.environ.get("FRONTDOOR_TEST_POSTGRES_URL",
                        "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)

FILL = [
    "INSERT INTO residents (id, language, reachable, notice_onboarded, created_at) "
    "SELECT g, 'zh', true, false, now() FROM generate_series(1, 10000) g",
    "INSERT INTO staff_members (id, telegram_user_id, display_name, role, active, created_at) "
    "SELECT g, 100000 + g, 'w' || g, 'worker', true, now() FROM generate_series(1, 30) g",
    "INSERT INTO tickets (id, code, resident_id, category, category_level1, description, "
    "building, urgency, status, assignee_id, excluded_from_kpi, respond_due_at, "
    "first_response_at, reopened_count, created_at, version) "
    "SELECT g, 'B-' || g, 1 + g % 10000, 'c' || g % 15, 'c' || g % 15, '', "
    "(g % 60) || '号楼', 'normal', 'closed', 1 + g % 30, g % 100 = 0, "
    "t + interval '2 hours', t + (g % 180) * interval '1 minute', 0, t, 1 "
    "FROM (SELECT g, timestamptz '2026-01-01' + (g % 525600) * interval '1 minute' AS t "
    "FROM generate_series(1, $1) g) s",
    "INSERT INTO surveys (ticket_id, resident_id, round, status, due_at, solved, "
    "satisfaction, is_latest, awaiting_comment, created_at) "
    "SELECT g, 1 + g % 10000, 1, CASE WHEN g % 10 < 8 THEN 'answered' ELSE 'expired' END, "
    "now(), CASE WHEN g % 10 < 8 THEN (CASE WHEN g % 7 = 0 THEN 'no' ELSE 'yes' END) END, "
    "CASE g % 10 WHEN 0 THEN 'basic' WHEN 1 THEN 'dissatisfied' WHEN 8 THEN NULL "
    "WHEN 9 THEN NULL ELSE 'satisfied' END, g % 10 < 8, false, now() "
    "FROM generate_series(1, $1) g",
]


async def fill(engine: AsyncEngine, tickets: int) -> async_sessionmaker:
    """Generates the tickets and surveys, fills their summaries, vacuums; returns a factory."""
    started = time.perf_counter()
    async with engine.begin() as conn:
        raw = await conn.get_raw_connection()
        for sql in FILL:
            args = (tickets,) if "$1" in sql else ()
            await raw.driver_connection.execute(sql, *args)
    factory = make_session_factory(engine)
    async with factory() as session:  # the summary the unit of work keeps
        await ticket_kpi.refresh(session)
        await session.commit()
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql("VACUUM ANALYZE")
    print(f"generated {tickets:,} tickets + surveys (and their tickets.kpi_* "
          f"summaries) in {time.perf_counter() - started:.1f} s")
    return factory


async def main(tickets: int, runs: int) -> None:
    """Fills a fresh database, times the report, drops the database."""
    async with fresh_postgres_database(SERVER) as url:
        await upgrade_async(url)
        engine = make_engine(url)
        try:
            factory = await fill(engine, tickets)
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                result = await report(lambda: SqlUnitOfWork(factory), START, END, now=END)
                times.append(time.perf_counter() - started)
            total = next(line for line in result.lines if line.dimension == "total")
            print(f"rates for a year by category, building and worker: {len(result.lines)} "
                  f"lines, {len(result.excluded):,} excluded listed, total {total}")
            print(f"median of {runs} runs: {statistics.median(times):.3f} s "
                  f"(runs: {', '.join(f'{t:.3f}' for t in times)})")
        finally:
            await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    asyncio.run(main(options.tickets, options.runs))
