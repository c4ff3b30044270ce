from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from storage.db import make_engine
from storage.migrate import (
    current_revision_async,
    downgrade,
    downgrade_async,
    head_revision,
    upgrade,
    upgrade_async,
)
from storage.models import Base


async def _diff(url: str) -> list:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            def compare(sync_conn):
                ctx = MigrationContext.configure(sync_conn, opts={"compare_type": True})
                return compare_metadata(ctx, Base.metadata)

            return await conn.run_sync(compare)
    finally:
        await engine.dispose()


async def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


async def test_migrations_match_models(db_url):
    await upgrade_async(db_url)
    assert await current_revision_async(db_url) == head_revision()
    assert await _diff(db_url) == []


async def test_upgrade_is_idempotent(db_url):
    await upgrade_async(db_url)
    await upgrade_async(db_url)
    assert await current_revision_async(db_url) == head_revision()


async def test_downgrade_to_base_and_up_again(db_url):
    await upgrade_async(db_url)
    await downgrade_async(db_url, "base")
    assert await current_revision_async(db_url) is None
    assert await _tables(db_url) <= {"alembic_version"}
    await upgrade_async(db_url)
    assert await _diff(db_url) == []


async def test_sync_wrappers_work_inside_a_running_loop(db_url):
    upgrade(db_url)  # called from a coroutine: runs in a worker thread
    assert await current_revision_async(db_url) == head_revision()
    downgrade(db_url)
    assert await current_revision_async(db_url) is None


def test_sync_upgrade_without_a_loop(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'nested' / 'dir' / 'db.sqlite3'}"
    upgrade(url)
    assert (tmp_path / "nested" / "dir" / "db.sqlite3").exists()


async def test_two_concurrent_upgrades_do_not_collide(db_url):
    await asyncio.gather(upgrade_async(db_url), upgrade_async(db_url))
    assert await current_revision_async(db_url) == head_revision()
    assert await _diff(db_url) == []
