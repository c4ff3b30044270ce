"""Schema migrations with Alembic, usable from the CLI, from sync code and from async code.

``upgrade(url)`` works with or without a running event loop (with one, it runs the
migration in a worker thread with its own loop). The migration scripts live in
``storage/migrations`` and ship with the package.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.engine import URL

from storage.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_LOCK_ID = 0x46D0_0A1E  # advisory lock: one migrator at a time on PostgreSQL
T = TypeVar("T")
# Alembic keeps the running migration's context in module globals, so two migrations in
# one process must not overlap (not even two coroutines on one loop); across processes
# PostgreSQL's advisory lock and SQLite's file lock keep them apart.
_IN_PROCESS = threading.Lock()


def alembic_config(url: str | URL | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations (and ``url`` if given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        rendered = url if isinstance(url, str) else url.render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest revision id among the packaged migrations."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def upgrade_async(url: str | URL, revision: str = "head") -> None:
    """Upgrades the database at ``url`` to ``revision`` (default: the newest)."""
    await _run(url, lambda config: command.upgrade(config, revision))


async def downgrade_async(url: str | URL, revision: str = "base") -> None:
    """Downgrades the database at ``url`` to ``revision`` (default: empty)."""
    await _run(url, lambda config: command.downgrade(config, revision))


async def current_revision_async(url: str | URL) -> str | None:
    """The revision the database at ``url`` is at, or None if it has none."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    finally:
        await engine.dispose()


def upgrade(url: str | URL, revision: str = "head") -> None:
    """Synchronous ``upgrade_async``; safe to call while an event loop is running."""
    _run_blocking(upgrade_async(url, revision))


def downgrade(url: str | URL, revision: str = "base") -> None:
    """Synchronous ``downgrade_async``; safe to call while an event loop is running."""
    _run_blocking(downgrade_async(url, revision))


async def _run(url: str | URL, action: Any) -> None:
    """Runs an Alembic command on one connection, in one transaction.

    SQLite foreign keys are off meanwhile, as batch mode's table copies need. One at a time
    in this process; waiting for the lock does not block the event loop.
    """
    while not _IN_PROCESS.acquire(blocking=False):
        await asyncio.sleep(0.01)
    try:
        engine = make_engine(url, sqlite_foreign_keys=False)
        try:
            async with engine.begin() as conn:
                await conn.run_sync(_in_transaction, url, action)
        finally:
            await engine.dispose()
    finally:
        _IN_PROCESS.release()


def _in_transaction(conn: Connection, url: str | URL, action: Any) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_ID})")
    config = alembic_config(url)
    config.attributes["connection"] = conn
    action(config)


def _run_blocking(coro: Coroutine[Any, Any, T]) -> T:
    """Runs ``coro`` to completion: here if no loop is running, else in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
