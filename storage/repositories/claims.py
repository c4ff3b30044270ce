"""Leases on due rows, so that of several worker processes exactly one takes each row.

A row is *free* when ``claimed_until`` is NULL or has passed. ``claim_due`` picks free,
due rows and stamps them with the worker's token and a lease end in one transaction:

- PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` locks the chosen rows, so a
  concurrent claimer takes other rows instead of waiting for these;
- SQLite: every transaction begins ``IMMEDIATE`` (see ``storage.db``), so claimers run
  one after another;
- both: the UPDATE checks again that each row is still free, and RETURNING tells which
  rows this claimer really got.

The claim becomes visible to others when the caller commits. If the worker dies, the
lease runs out and the row can be claimed again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base

C = TypeVar("C", bound=Base)


def is_free(model: type[Any], now: datetime) -> ColumnElement[bool]:
    """SQL condition: nobody holds a live lease on the row."""
    return or_(model.claimed_until.is_(None), model.claimed_until <= now)


async def claim_due(
    session: AsyncSession,
    model: type[C],
    *,
    now: datetime,
    limit: int,
    worker_token: str,
    lease: timedelta,
    due_column: str = "due_at",
    null_is_due: bool = False,
    where: Sequence[ColumnElement[bool]] = (),
    values: Mapping[str, Any] | None = None,
) -> list[C]:
    """Claims up to ``limit`` free rows whose ``due_column`` is at or before ``now``.

    Args:
        session: The caller's session; the claim is part of its transaction.
        model: A model with the ``Claimable`` columns and an integer ``id``.
        now: The current time (aware).
        limit: The most rows to claim.
        worker_token: Identifies the claimer; stored in ``claim_token``.
        lease: How long the claim holds; afterwards the row is free again.
        due_column: The column holding the due time.
        null_is_due: Whether a NULL due time counts as due now.
        where: Further conditions (e.g. on status), built by the repository.
        values: Further column values to set on the claimed rows (e.g. a status).

    Returns:
        The claimed rows, oldest due first, as loaded objects.
    """
    if limit <= 0:
        return []
    due = getattr(model, due_column)
    due_cond = or_(due.is_(None), due <= now) if null_is_due else due <= now
    conditions = [due_cond, is_free(model, now), *where]
    by_due = due.asc().nulls_first() if null_is_due else due.asc()
    pick = select(model.id).where(*conditions).order_by(by_due, model.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    ids = list((await session.execute(pick)).scalars())
    if not ids:
        return []
    stamp = {"claim_token": worker_token, "claimed_until": now + lease, **(values or {})}
    stmt = (
        update(model)
        .where(model.id.in_(ids), is_free(model, now))
        .values(**stamp)
        .returning(model)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    rows = list((await session.execute(stmt)).scalars())
    position = {row_id: n for n, row_id in enumerate(ids)}
    rows.sort(key=lambda row: position[row.id])
    return rows


async def release(
    session: AsyncSession,
    model: type[Base],
    ids: Sequence[int],
    worker_token: str,
    values: Mapping[str, Any] | None = None,
) -> int:
    """Ends this worker's leases on ``ids`` (optionally setting more columns).

    Returns:
        How many rows this worker still held and released.
    """
    if not ids:
        return 0
    m: Any = model
    stmt = (
        update(model)
        .where(m.id.in_(list(ids)), m.claim_token == worker_token)
        .values(claim_token=None, claimed_until=None, **(values or {}))
        .execution_options(synchronize_session="fetch")
    )
    result = await session.execute(stmt)
    return result.rowcount or 0


async def claim_one(
    session: AsyncSession,
    model: type[C],
    row_id: int,
    *,
    now: datetime,
    worker_token: str,
    lease: timedelta,
    where: Sequence[ColumnElement[bool]] = (),
    values: Mapping[str, Any] | None = None,
) -> C | None:
    """Takes the lease on one row if it is free (and matches ``where``); else None."""
    m: Any = model
    stamp = {"claim_token": worker_token, "claimed_until": now + lease, **(values or {})}
    stmt = (
        update(model)
        .where(m.id == row_id, is_free(model, now), *where)
        .values(**stamp)
        .returning(model)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return (await session.execute(stmt)).scalars().first()
