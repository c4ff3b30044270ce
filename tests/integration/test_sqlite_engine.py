from __future__ import annotations

from sqlalchemy import text

from storage.db import make_engine


async def test_sqlite_pragmas_and_folder(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'a' / 'b' / 'x.sqlite3'}"
    engine = make_engine(url)
    try:
        assert (tmp_path / "a" / "b").is_dir()
        async with engine.connect() as conn:
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
            assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() >= 5000
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
