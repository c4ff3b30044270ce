"""SQLite called from the event loop's own thread, for SQLAlchemy's ``aiosqlite`` dialect.

aiosqlite gives every connection a worker thread and sends each call there and back: a
one-statement transaction made nine such trips, each through the event loop (reading a
draft: 1.88 ms of CPU against 0.69 ms inline, ``python -m benchmarks.db_ops``). Worse,
under load every trip waits for its turn in a busy loop, so a transaction held SQLite's
write lock across many of them while the others slept in SQLite's busy handler (1 to
100 ms a try): at 200 residents the median ``BEGIN IMMEDIATE`` waited 9 ms and the p99
1.5 s (docs/benchmarks.md).

This connection has the methods SQLAlchemy's adapter calls on an aiosqlite connection, but
each runs SQLite at once and returns without suspending, so a transaction that awaits
nothing else runs start to end in one go. A lock held by another connection (another
process, or a transaction here that awaits I/O halfway) is never waited for inside SQLite,
which would stop the event loop and with it the lock's holder: the busy timeout is 0, and a
busy statement is retried after an ``asyncio.sleep`` until ``busy_timeout`` has passed.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")
BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
FIRST_RETRY_S = 0.001
LONGEST_RETRY_S = 0.02


async def _patiently(call: Callable[[], T], busy_timeout: float) -> T:
    """``call()``; while SQLite says busy or locked, sleeps (without blocking) and retries.

    Gives up, raising SQLite's error, ``busy_timeout`` seconds after the first refusal.
    """
    deadline, pause = None, FIRST_RETRY_S
    while True:
        try:
            return call()
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorcode", None) not in BUSY_CODES:
                raise
            now = time.monotonic()
            deadline = deadline or now + busy_timeout
            if now >= deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, LONGEST_RETRY_S)


class InlineCursor:
    """An aiosqlite-shaped cursor over a ``sqlite3.Cursor``."""

    def __init__(self, cursor: sqlite3.Cursor, busy_timeout: float) -> None:
        self._cursor, self._busy_timeout = cursor, busy_timeout

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        """Runs one statement."""
        await _patiently(lambda: self._cursor.execute(sql, parameters), self._busy_timeout)
        return self

    async def executemany(self, sql: str, seq_of_parameters: Iterable[Any]) -> InlineCursor:
        """Runs one statement for each set of parameters."""
        rows = list(seq_of_parameters)
        await _patiently(lambda: self._cursor.executemany(sql, rows), self._busy_timeout)
        return self

    async def fetchone(self) -> Any:
        """The next row, or None."""
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        """Up to ``size`` rows."""
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        """The remaining rows."""
        return self._cursor.fetchall()

    async def close(self) -> None:
        """Closes the cursor."""
        self._cursor.close()

    @property
    def description(self) -> Any:
        """The columns of the last query."""
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        """Rows changed by the last statement."""
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        """The row id of the last inserted row."""
        return self._cursor.lastrowid


class _RunNow:
    """Stands in for aiosqlite's request queue (SQLAlchemy sets the isolation level there).

    The function runs at once and its future is resolved.
    """

    def put_nowait(self, item: tuple[asyncio.Future, Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:  # noqa: BLE001 - handed to whoever awaits the future
            future.set_exception(error)


class InlineConnection:
    """An aiosqlite-shaped connection that calls SQLite in the caller's thread.

    Args:
        database: The file (or URI) ``sqlite3.connect`` opens.
        busy_timeout: Seconds a statement keeps retrying while another connection holds
            the lock it needs.
        **connect_args: Passed on to ``sqlite3.connect``.
    """

    def __init__(self, database: str, busy_timeout: float, **connect_args: Any) -> None:
        connect_args["check_same_thread"] = False  # a pool may close it from elsewhere
        self._conn = sqlite3.connect(database, **connect_args)
        self._conn.execute("PRAGMA busy_timeout = 0")  # never wait inside SQLite
        self._busy_timeout = busy_timeout
        self._tx = _RunNow()

    @property
    def isolation_level(self) -> str | None:
        """The ``sqlite3`` isolation level (None: we send BEGIN ourselves)."""
        return self._conn.isolation_level

    async def cursor(self) -> InlineCursor:
        """A new cursor."""
        return InlineCursor(self._conn.cursor(), self._busy_timeout)

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        """Runs one statement on a new cursor."""
        return await (await self.cursor()).execute(sql, parameters)

    async def commit(self) -> None:
        """Commits (retried while busy)."""
        await _patiently(self._conn.commit, self._busy_timeout)

    async def rollback(self) -> None:
        """Rolls back."""
        self._conn.rollback()

    async def close(self) -> None:
        """Closes the connection."""
        self._conn.close()

    def stop(self) -> None:
        """Closes the connection (SQLAlchemy's hard terminate)."""
        self._conn.close()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        """Registers a SQL function."""
        self._conn.create_function(*args, **kwargs)
