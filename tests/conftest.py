"""Database fixtures shared by every test layer.

``db_url`` runs a test on SQLite (a fresh file) and on PostgreSQL (a fresh database per
test, when ``FRONTDOOR_TEST_POSTGRES_URL`` points at a server; required when ``CI`` is
set). ``migrated_db_url``, ``engine``, ``session_factory`` and ``uow_factory`` build on it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import uuid
from collections.abc import AsyncIterator, Callable

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_async
from storage.uow import SqlUnitOfWork

POSTGRES_ENV = "FRONTDOOR_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def postgres_server_url() -> str:
    """The PostgreSQL URL for tests; skips (or fails in CI) when it is not configured."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_ENV} must be set in CI")
    pytest.skip(f"{POSTGRES_ENV} is not set")


@contextlib.asynccontextmanager
async def fresh_postgres_database(server_url: str) -> AsyncIterator[str]:
    """Creates a uniquely named database on the server, yields its URL, drops it."""
    url = make_url(server_url)
    name = f"fd_test_{uuid.uuid4().hex[:12]}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(admin_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield url.set(database=name).render_as_string(hide_password=False)
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(params=BACKENDS)
async def db_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:
    """An empty database: a SQLite file in ``tmp_path``, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'frontdoor.sqlite3'}"
        return
    async with fresh_postgres_database(postgres_server_url()) as url:
        yield url


@pytest.fixture
async def migrated_db_url(db_url: str) -> str:
    """``db_url`` upgraded to the newest migration."""
    await upgrade_async(db_url)
    return db_url


@pytest.fixture
async def engine(migrated_db_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the migrated database, disposed after the test."""
    engine = make_engine(migrated_db_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker:
    """Sessions on the migrated database."""
    return make_session_factory(engine)


@pytest.fixture
def uow_factory(session_factory: async_sessionmaker) -> Callable[[], SqlUnitOfWork]:
    """Makes a fresh unit of work on the migrated database per call."""
    return functools.partial(SqlUnitOfWork, session_factory)
