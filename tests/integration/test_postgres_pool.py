"""PostgreSQL connections in the pool: tested after idling, used as they are otherwise."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection
from sqlalchemy.engine import make_url

from storage import db
from tests.conftest import fresh_postgres_database, postgres_server_url

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pg_url():
    async with fresh_postgres_database(postgres_server_url()) as url:
        yield url


async def _select_one(engine) -> int:
    async with engine.connect() as conn:
        return (await conn.execute(text("SELECT 1"))).scalar()


async def _kill_other_sessions(url: str) -> int:
    """Ends every other server session on the database, as a server restart would."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(dsn)
    try:
        return await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    finally:
        await admin.close()


async def test_a_connection_that_died_while_idle_is_replaced(pg_url, monkeypatch):
    engine = db.make_engine(pg_url)
    try:
        assert await _select_one(engine) == 1
        assert await _kill_other_sessions(pg_url) == 1  # the pooled connection
        monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.0)  # it has idled long enough
        assert await _select_one(engine) == 1  # pinged, found dead, replaced
    finally:
        await engine.dispose()


async def test_a_connection_back_moments_ago_is_not_pinged(pg_url, monkeypatch):
    pings = []
    real_ping = AsyncAdapt_asyncpg_connection.ping

    def counting_ping(self):
        pings.append(1)
        return real_ping(self)

    monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "ping", counting_ping)
    engine = db.make_engine(pg_url)
    try:
        for _ in range(5):
            assert await _select_one(engine) == 1
        assert pings == []  # reused within PING_AFTER_IDLE_S: no extra round trips
        monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.0)
        assert await _select_one(engine) == 1
        assert pings == [1]
    finally:
        await engine.dispose()
