"""CPU per transaction of the intake's hot path, by database driver, side by side.

``python -m benchmarks.db_ops`` runs the transactions one update of the intake makes —
recording the update id with the snapshot of its conversation states, saving the draft,
and the one-read look-ups (survey comment, relay to staff, a draft read) — one at a time,
``--calls`` times each, ``--rounds`` rounds, on three engines: SQLite called inline from
the event loop (``storage/sqlite_inline.py``, the default), SQLite through aiosqlite's
worker threads, and PostgreSQL (a throwaway database on ``FRONTDOOR_TEST_POSTGRES_URL``).
Prints the median over rounds of CPU milliseconds per call (this process's CPU time, so
PostgreSQL's server work is not in it) and the ratio thread / inline.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from domain.inbox import Received, store
from domain.intake.draft import Draft
from domain.intake.drafts import load_draft, save_draft
from domain.staff import relay
from domain.surveys.answers import comment
from domain.updates import read_states
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_async
from storage.repositories.conversations import use_snapshot
from storage.uow import SqlUnitOfWork
from tests.conftest import fresh_postgres_database

SERVER = os.environ.get("FRONTDOOR_TEST_POSTGRES_URL",
                        "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ENGINES = ("sqlite inline", "sqlite thread", "postgres")


def operations(uow_factory) -> dict[str, Callable[[], Awaitable[object]]]:
    """The transactions to time, each a fresh call."""
    next_update = iter(range(1_000_000, 10_000_000))
    draft = Draft(description="暖气不热", building="5")

    async def fresh_read() -> object:
        use_snapshot(None)  # not served from an update's snapshot
        return await load_draft(uow_factory, 5, 5)

    return {
        "store update in inbox": lambda: store(uow_factory, [Received(
            next(next_update), "c:5", 5, 5, "message", {"message": {"text": "x"}})], NOW),
        "read states snapshot": lambda: read_states(uow_factory, 5, 5),
        "save draft": lambda: save_draft(uow_factory, 5, 5, draft, now=NOW),
        "read draft": fresh_read,
        "survey comment check": lambda: comment(uow_factory, telegram_user_id=5, text="x",
                                                update_id=1, now=NOW),
        "relay check": lambda: relay.to_staff(uow_factory, 5, reply_code=None,
                                              draft_key="intake:5:5", now=NOW,
                                              window=timedelta(hours=24)),
    }


async def measure(url: str, driver: str, calls: int, rounds: int) -> dict[str, float]:
    """Median CPU ms per call of each operation on one engine."""
    await upgrade_async(url)
    engine = make_engine(url, sqlite_driver=driver)
    factory = make_session_factory(engine)
    ops = operations(lambda: SqlUnitOfWork(factory))
    per_round: dict[str, list[float]] = {name: [] for name in ops}
    try:
        for op in ops.values():
            for _ in range(20):  # warm the pool and the statement caches
                await op()
        for _ in range(rounds):
            for name, op in ops.items():
                started = time.process_time()
                for _ in range(calls):
                    await op()
                per_round[name].append((time.process_time() - started) / calls * 1000)
    finally:
        await engine.dispose()
    return {name: statistics.median(values) for name, values in per_round.items()}


async def run(args: argparse.Namespace) -> None:
    """Measures every engine and prints one table."""
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="fd-dbops-") as folder:
        for name, driver in (("sqlite inline", "inline"), ("sqlite thread", "thread")):
            url = f"sqlite+aiosqlite:///{folder}/{driver}.sqlite3"
            results[name] = await measure(url, driver, args.calls, args.rounds)
            print(f"[{name}] done", flush=True)
    async with fresh_postgres_database(args.postgres_url) as url:
        results["postgres"] = await measure(url, "inline", args.calls, args.rounds)
        print("[postgres] done", flush=True)
    names = list(next(iter(results.values())))
    print(f"\nCPU ms per call, median of {args.rounds} rounds of {args.calls} calls")
    print(f"{'':26}" + "".join(f"{e:>15}" for e in ENGINES) + f"{'thread/inline':>15}")
    for op in names:
        cells = "".join(f"{results[e][op]:15.2f}" for e in ENGINES)
        ratio = results["sqlite thread"][op] / results["sqlite inline"][op]
        print(f"{op:26}{cells}{ratio:15.2f}")


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.db_ops", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres-url", default=SERVER)
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
