from __future__ import annotations

import asyncio
import sqlite3
import time

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import make_engine
from storage.sqlite_inline import InlineConnection


def _url(tmp_path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"


@pytest.mark.parametrize(("driver", "busy_timeout"), [("inline", 0), ("thread", 30_000)])
async def test_sqlite_pragmas_and_folder(tmp_path, driver, busy_timeout):
    url = f"sqlite+aiosqlite:///{tmp_path / 'a' / 'b' / 'x.sqlite3'}"
    engine = make_engine(url, sqlite_driver=driver)
    try:
        assert (tmp_path / "a" / "b").is_dir()
        async with engine.connect() as conn:
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
            # inline: SQLite never waits itself; the driver retries in asyncio instead
            assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() == busy_timeout
            raw = (await conn.get_raw_connection()).driver_connection
            assert isinstance(raw, InlineConnection) == (driver == "inline")
    finally:
        await engine.dispose()


async def test_sqlite_foreign_keys_can_be_turned_off_for_migrations(tmp_path):
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}",
                         sqlite_foreign_keys=False)
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 0
    finally:
        await engine.dispose()


def test_an_unknown_sqlite_driver_is_refused(tmp_path):
    with pytest.raises(ValueError, match="sqlite_driver"):
        make_engine(_url(tmp_path), sqlite_driver="threads")


class _Ticker:
    """Counts event loop turns while it runs."""

    def __init__(self) -> None:
        self.turns = 0
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(0)
            self.turns += 1

    def stop(self) -> None:
        self._task.cancel()


async def _transaction(engine, n: int) -> None:
    async with engine.begin() as conn:
        for i in range(n):
            await conn.execute(text("INSERT INTO t (x) VALUES (:x)"), {"x": i})
        await conn.execute(text("SELECT count(*) FROM t"))


@pytest.mark.parametrize(("driver", "yields"), [("inline", False), ("thread", True)])
async def test_an_inline_transaction_runs_in_one_go(tmp_path, driver, yields):
    """Inline, a transaction that awaits nothing else gives no other task a turn (so it
    holds SQLite's lock only for its own work); through aiosqlite's threads every
    statement is a trip through the event loop."""
    engine = make_engine(_url(tmp_path), sqlite_driver=driver)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (x INTEGER)"))
        ticker = _Ticker()
        await asyncio.sleep(0)
        async with AsyncSession(engine) as session:  # as the unit of work uses it
            before = ticker.turns
            for i in range(5):
                await session.execute(text("INSERT INTO t (x) VALUES (:x)"), {"x": i})
            await session.execute(text("SELECT count(*) FROM t"))
            await session.commit()
            during = ticker.turns - before
        ticker.stop()
        assert (during > 0) == yields
    finally:
        await engine.dispose()


async def test_inline_waits_for_another_connections_lock_without_blocking(tmp_path):
    """A write lock held by another engine across an await is waited for in asyncio: the
    loop keeps running (so the holder can finish), then the write goes through."""
    holder, waiter = make_engine(_url(tmp_path)), make_engine(_url(tmp_path))
    release, holding = asyncio.Event(), asyncio.Event()
    try:
        async with holder.begin() as conn:
            await conn.execute(text("CREATE TABLE t (x INTEGER)"))

        async def hold() -> None:
            async with holder.begin() as conn:  # BEGIN IMMEDIATE: the write lock
                await conn.execute(text("INSERT INTO t (x) VALUES (1)"))
                holding.set()
                await release.wait()

        holding_task = asyncio.create_task(hold())
        await holding.wait()
        ticker = _Ticker()
        writing = asyncio.create_task(_transaction(waiter, 1))
        await asyncio.sleep(0.1)
        assert not writing.done()  # still waiting for the lock...
        assert ticker.turns > 10  # ...while the loop runs on
        release.set()
        await asyncio.wait_for(asyncio.gather(holding_task, writing), 5)
        ticker.stop()
        async with waiter.connect() as conn:
            assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 2
    finally:
        await holder.dispose()
        await waiter.dispose()


async def test_inline_gives_up_when_the_lock_outlasts_the_busy_timeout(tmp_path):
    path = str(tmp_path / "x.sqlite3")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("BEGIN IMMEDIATE")
    conn = InlineConnection(path, busy_timeout=0.2, isolation_level=None)
    try:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await conn.execute("BEGIN IMMEDIATE")
        assert time.monotonic() - started >= 0.2
        other.rollback()
        await conn.execute("BEGIN IMMEDIATE")  # free again: it goes through at once
        await conn.rollback()
    finally:
        await conn.close()
        other.close()
