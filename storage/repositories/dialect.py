"""INSERT ... ON CONFLICT for the backend in use (SQLite and PostgreSQL both have it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base


def insert_for(session: AsyncSession, model: type[Base] | Table) -> Any:
    """The dialect-specific ``insert(model)`` (or of a table) that offers ``on_conflict_*``."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(model)
    if name == "sqlite":
        return sqlite.insert(model)
    raise NotImplementedError(f"no ON CONFLICT support for dialect {name!r}")


async def insert_ignore(
    session: AsyncSession,
    model: type[Base],
    rows: Sequence[Mapping[str, Any]],
    conflict_columns: Sequence[str],
    returning: str | None = None,
) -> list[Any]:
    """Inserts rows, skipping those that clash on ``conflict_columns``.

    Returns:
        The ``returning`` column of each row actually inserted (empty list without it).
    """
    if not rows:
        return []
    stmt = insert_for(session, model).values(list(rows))
    stmt = stmt.on_conflict_do_nothing(index_elements=list(conflict_columns))
    if returning is None:
        await session.execute(stmt)
        return []
    result = await session.execute(stmt.returning(getattr(model, returning)))
    return list(result.scalars())


async def upsert(
    session: AsyncSession,
    model: type[Base],
    values: Mapping[str, Any],
    conflict_columns: Sequence[str],
    update: Mapping[str, Any] | None = None,
) -> Any:
    """Inserts a row, or on a clash updates ``update`` (default: every non-key value).

    Returns:
        The stored row as an ORM object; a copy already in the session is refreshed.
    """
    stmt = insert_for(session, model).values(dict(values))
    if update is None:
        update = {k: v for k, v in values.items() if k not in conflict_columns}
    stmt = stmt.on_conflict_do_update(index_elements=list(conflict_columns), set_=dict(update))
    stmt = stmt.returning(model)
    return await session.scalar(stmt, execution_options={"populate_existing": True})


async def upsert_many(
    session: AsyncSession,
    model: type[Base],
    rows: Sequence[Mapping[str, Any]],
    conflict_columns: Sequence[str],
    update_columns: Sequence[str],
) -> None:
    """One ``INSERT ... ON CONFLICT DO UPDATE`` for all ``rows`` (no RETURNING).

    A clashing row gets ``update_columns`` from the row offered. Copies of these rows
    already in the session are expired, so the next read sees the stored values.
    """
    if not rows:
        return
    stmt = insert_for(session, model).values(list(rows))
    stmt = stmt.on_conflict_do_update(
        index_elements=list(conflict_columns),
        set_={name: stmt.excluded[name] for name in update_columns})
    await session.execute(stmt)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, model):
            session.expire(obj)
