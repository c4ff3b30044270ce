"""Engines and session factories for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from storage.sqlite_inline import InlineConnection

DEFAULT_URL = "sqlite+aiosqlite:///./var/frontdoor.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 30_000
PING_AFTER_IDLE_S = 2.0  # a PostgreSQL connection idle this long is tested before use
SQLITE_DRIVERS = ("inline", "thread")  # storage/sqlite_inline.py; aiosqlite's worker threads


def make_engine(
    url: str | URL, *, sqlite_foreign_keys: bool = True, sqlite_driver: str = "inline",
    **kwargs: Any,
) -> AsyncEngine:
    """Creates an async engine; on SQLite sets the pragmas and makes the file's folder.

    SQLite connections run in WAL mode with ``foreign_keys=ON`` (unless
    ``sqlite_foreign_keys`` is False, as migrations need) and a busy timeout, and every
    transaction starts with ``BEGIN IMMEDIATE``: writers queue up at the start of a
    transaction instead of failing half-way when a read has to become a write. A PostgreSQL
    connection that idled in the pool is tested before use (``_ping_after_idling``). By default
    SQLite is called from the event loop's thread (``storage/sqlite_inline.py``); with
    ``sqlite_driver="thread"``, from aiosqlite's worker threads.

    Args:
        url: An ``sqlite+aiosqlite://`` or ``postgresql+asyncpg://`` URL.
        sqlite_foreign_keys: Whether SQLite enforces foreign keys on these connections.
        sqlite_driver: ``inline`` (default) or ``thread``.
        **kwargs: Passed on to ``create_async_engine``.
    """
    url = make_url(url)
    if url.get_backend_name() != "sqlite":
        engine = create_async_engine(url, **kwargs)
        if not kwargs.get("pool_pre_ping"):
            _ping_after_idling(engine)
        return engine
    if sqlite_driver not in SQLITE_DRIVERS:
        raise ValueError(f"sqlite_driver must be one of {SQLITE_DRIVERS}, not {sqlite_driver!r}")
    ensure_sqlite_folder(url)
    inline = sqlite_driver == "inline"
    if inline:
        kwargs.setdefault("async_creator", _inline_connect(url))
    engine = create_async_engine(url, **kwargs)
    _install_sqlite_hooks(engine, foreign_keys=sqlite_foreign_keys, inline=inline)
    return engine


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker:
    """A session factory whose objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


def ensure_sqlite_folder(url: str | URL) -> None:
    """Creates the folder that will hold a SQLite database file, if it is a file."""
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _ping_after_idling(engine: AsyncEngine) -> None:
    """Tests a pooled PostgreSQL connection before use when it idled ``PING_AFTER_IDLE_S``.

    A server restart or a proxy's idle timeout leaves dead connections in the pool; a dead
    one found here is replaced at once (SQLAlchemy retries the checkout). Unlike
    ``pool_pre_ping``, which pings on every checkout (three round trips with asyncpg:
    BEGIN, ``;``, ROLLBACK), a connection handed back moments ago is used as it is, so
    under load a transaction of two statements costs four round trips instead of seven.
    """

    @event.listens_for(engine.sync_engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return  # new, or back in the pool only moments ago
        try:
            dbapi_connection.ping()
        except Exception as error:  # noqa: BLE001 - any failure means a dead connection
            raise DisconnectionError(f"pooled connection failed its ping: {error}") from error


def _inline_connect(url: URL) -> Callable[[], Awaitable[InlineConnection]]:
    """Opens ``InlineConnection``s with the arguments the aiosqlite dialect would use."""
    args, params = SQLiteDialect_aiosqlite().create_connect_args(url)

    async def connect() -> InlineConnection:
        return InlineConnection(*args, busy_timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, **params)

    return connect


def _install_sqlite_hooks(engine: AsyncEngine, *, foreign_keys: bool, inline: bool) -> None:
    """Pragmas on connect; our own BEGIN IMMEDIATE instead of the driver's deferred one."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Stop the driver from emitting BEGIN/COMMIT itself (see the "begin" hook).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not inline:  # an inline connection waits in asyncio, never inside SQLite
                cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
