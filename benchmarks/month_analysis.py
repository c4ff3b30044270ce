"""The monthly analysis over generated tickets on PostgreSQL (``-m benchmarks.month_analysis``).

Fills a throwaway database the way ``benchmarks.rates`` does (``INSERT ... SELECT
generate_series``: tickets spread evenly over 2026, one survey each, the ``tickets.kpi_*``
summaries filled by ``ticket_kpi.refresh``), then times ``domain.analysis.monthly`` for
2026-12 — its 13-month window reads every ticket — and prints the median of ``--runs``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from zoneinfo import ZoneInfo

from benchmarks.rates import END, SERVER, fill
from domain.analysis import monthly
from storage.db import make_engine
from storage.migrate import upgrade_async
from storage.uow import SqlUnitOfWork
from tests.conftest import fresh_postgres_database

MONTH, TZ = "2026-12", ZoneInfo("Asia/Shanghai")


async def main(tickets: int, runs: int) -> None:
    """Fills a fresh database, times the analysis, drops the database."""
    async with fresh_postgres_database(SERVER) as url:
        await upgrade_async(url)
        engine = make_engine(url)
        try:
            factory = await fill(engine, tickets)
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                result = await monthly(lambda: SqlUnitOfWork(factory), MONTH, TZ, 0.8,
                                       now=END)
                times.append(time.perf_counter() - started)
            print(f"analysis of {MONTH}: {result.total.tickets:,} requests, "
                  f"{len(result.top)} top categories, {len(result.rates.lines)} rate lines, "
                  f"{len(result.hot_spots)} hot spots, {len(result.excluded):,} excluded, "
                  f"{sum(map(sum, result.volume.values())):,} tickets in the 12-month series")
            print(f"median of {runs} runs: {statistics.median(times):.3f} s "
                  f"(runs: {', '.join(f'{t:.3f}' for t in times)})")
        finally:
            await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    asyncio.run(main(options.tickets, options.runs))
