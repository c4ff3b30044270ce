"""Alembic environment: async engines, batch mode for SQLite, type comparison.

``storage.migrate`` passes an open connection in ``config.attributes["connection"]``.
From the ``alembic`` command line (``alembic -c storage/alembic.ini ...``) the URL comes
from ``-x url=...``, else ``FRONTDOOR_DATABASE_URL``, else ``sqlalchemy.url`` in the ini.
"""

import asyncio
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from storage.db import make_engine
from storage.models import Base, UtcDateTime

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and "connection" not in config.attributes:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _url() -> str:
    return (
        context.get_x_argument(as_dictionary=True).get("url")
        or os.environ.get("FRONTDOOR_DATABASE_URL")
        or config.get_main_option("sqlalchemy.url")
    )


def _render_item(type_, obj, _autogen_context):
    """Autogenerate writes UtcDateTime as a plain type, so revisions never import models."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(**kwargs) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
        **kwargs,
    )


def run_migrations_offline() -> None:
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = make_engine(_url(), sqlite_foreign_keys=False)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
elif "connection" in config.attributes:
    do_run_migrations(config.attributes["connection"])
else:
    asyncio.run(run_async_migrations())
