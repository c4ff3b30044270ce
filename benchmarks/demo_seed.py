"""Seeding the demo data set into a fresh SQLite file: ``python -m benchmarks.demo_seed``.

Migrates a throwaway database (a temporary SQLite file unless ``--database-url`` names an
empty one), then times ``domain.demo.seed`` for ``--tickets`` tickets (default 100,000) with
descriptions from ``../shared/data/routing/train.tsv`` when it is there, and prints the wall
time and the rows written.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import date
from pathlib import Path

from bot.commands.demo import HISTORY, summary_lines
from domain.demo.generate import Plan
from domain.demo.seed import seed
from domain.demo.texts import read_history
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_async
from storage.uow import SqlUnitOfWork

UNTIL = date(2026, 11, 1)


async def main(tickets: int, url: str | None) -> None:
    """Migrates, seeds, prints the figures."""
    with tempfile.TemporaryDirectory() as folder:
        url = url or f"sqlite+aiosqlite:///{Path(folder) / 'demo.sqlite3'}"
        await upgrade_async(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        plan = Plan(until=UNTIL, seed=1, tickets=tickets, history=tuple(read_history(HISTORY)))
        try:
            started = time.perf_counter()
            summary = await seed(lambda: SqlUnitOfWork(factory), plan,
                                 progress=lambda done, total: print(
                                     f"  {done:,} / {total:,} at "
                                     f"{time.perf_counter() - started:.1f} s", flush=True))
            seconds = time.perf_counter() - started
        finally:
            await engine.dispose()
    print("\n".join(summary_lines(summary, seconds)))
    print(f"wall time: {seconds:.1f} s for {tickets:,} tickets")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    options = parser.parse_args()
    asyncio.run(main(options.tickets, options.database_url))
