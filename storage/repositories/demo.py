"""Bulk writing for the demo data set: one ``executemany`` INSERT per chunk of rows.

Rows arrive with their ids (so tickets, surveys and events can refer to each other before
anything is written); on PostgreSQL the id sequences are moved past them afterwards. Like
every repository it never commits; the service does.

Speed: a Core ``insert(table)`` with lists of dicts spends most of a large insert in
SQLAlchemy's per-value processing (100,000 tickets with their 1.2 million events took over a
minute on SQLite). Here each value is converted once, as the column types would store it
(``UtcDateTime``: naive UTC text on SQLite, aware on PostgreSQL; ``JSON``: text, None as
``null``), and the rows go to the driver's ``executemany`` through ``exec_driver_sql``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Counter,
    OrderEscalation,
    Reminder,
    Resident,
    StaffMember,
    Survey,
    Ticket,
    TicketEvent,
    TicketFollower,
    UnitMember,
    UtcDateTime,
    WorkOrder,
)
from storage.repositories import ticket_kpi
from storage.repositories.dialect import insert_for

TABLES: dict[str, Table] = {model.__tablename__: model.__table__ for model in (
    Resident, StaffMember, UnitMember, Ticket, WorkOrder, OrderEscalation, TicketFollower,
    TicketEvent, Survey, Reminder)}
WITH_IDS = ("residents", "staff_members", "tickets", "surveys", "work_orders")
CHUNK = 5000
TICKET_COUNTERS = "ticket:%"


class DemoRows:
    """Counts, next ids and chunked inserts on the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @classmethod
    def of(cls, uow: Any) -> DemoRows:
        """The demo writer on a unit of work's session."""
        return cls(uow.session)

    async def count_tickets(self) -> int:
        """How many tickets the database holds."""
        return int(await self.session.scalar(select(func.count()).select_from(Ticket)) or 0)

    async def next_ids(self) -> dict[str, int]:
        """Per table with explicit ids, the first id not taken yet."""
        found = {}
        for name in WITH_IDS:
            table = TABLES[name]
            found[name] = int(await self.session.scalar(select(func.max(table.c.id))) or 0) + 1
        return found

    async def ticket_counters(self) -> dict[str, int]:
        """The daily ticket-code counters (``ticket:YYYYMMDD`` -> last number)."""
        rows = await self.session.execute(
            select(Counter.name, Counter.value).where(Counter.name.like(TICKET_COUNTERS)))
        return {name: int(value) for name, value in rows}

    async def add(self, name: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Inserts the rows (all with the same keys) into ``name``, one of ``TABLES``."""
        if not rows:
            return
        known, keys = TABLES[name].c, list(rows[0])
        unknown = set(keys) - set(known.keys())
        if unknown:
            raise ValueError(f"{name}: unknown columns {sorted(unknown)}")
        conn = await self.session.connection()
        sqlite = conn.dialect.name == "sqlite"
        marks = ", ".join("?" if sqlite else f"${i}" for i in range(1, len(keys) + 1))
        sql = f"INSERT INTO {name} ({', '.join(keys)}) VALUES ({marks})"
        converters = [(i, _converter(known[key].type, sqlite)) for i, key in enumerate(keys)]
        converters = [(i, convert) for i, convert in converters if convert is not None]
        values = itemgetter(*keys) if len(keys) > 1 else (lambda row: (row[keys[0]],))
        for offset in range(0, len(rows), CHUNK):
            chunk = []
            for row in rows[offset:offset + CHUNK]:
                line = list(values(row))
                for i, convert in converters:
                    line[i] = convert(line[i])
                chunk.append(tuple(line))
            await conn.exec_driver_sql(sql, chunk)

    async def save_counters(self, counters: Mapping[str, int]) -> None:
        """Stores the daily counters so live tickets continue after the demo's numbers."""
        if not counters:
            return
        stmt = insert_for(self.session, Counter)
        stmt = stmt.on_conflict_do_update(index_elements=[Counter.name],
                                          set_={"value": stmt.excluded.value})
        await self.session.execute(stmt, [{"name": k, "value": v} for k, v in counters.items()])

    async def finish(self) -> None:
        """Moves PostgreSQL's id sequences past the ids written, then fills ``tickets.kpi_*``.

        ``ANALYZE`` first: without statistics SQLite answers ``refresh``'s per-ticket
        ``status = 'expired'`` count from the status index, scanning every expired survey
        for every ticket (minutes at 100,000 tickets instead of a second).
        """
        if self.session.get_bind().dialect.name == "postgresql":
            for name in WITH_IDS:
                await self.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"))
        for name in ("tickets", "surveys", "work_orders"):
            await self.session.execute(text(f"ANALYZE {name}"))
        await ticket_kpi.refresh(self.session)


def _json(value: Any) -> str:
    """As ``JSON`` stores it: text, and None as JSON ``null`` (what the ORM writes)."""
    return json.dumps(value)


def _utc_text(value: datetime | None) -> str | None:
    """As ``UtcDateTime`` stores it on SQLite: naive UTC text with microseconds."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        if value.tzinfo is None:
            raise ValueError(f"naive datetime refused: {value!r}")
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]  # without the "+00:00"


def _aware(value: datetime | None) -> datetime | None:
    """As ``UtcDateTime`` passes it to PostgreSQL: an aware timestamp."""
    if value is not None and value.tzinfo is None:
        raise ValueError(f"naive datetime refused: {value!r}")
    return value


def _converter(kind: Any, sqlite: bool) -> Callable[[Any], Any] | None:
    """How a value of a column of this type is written without the type's own processing."""
    if isinstance(kind, UtcDateTime):
        return _utc_text if sqlite else _aware
    if isinstance(kind, JSON):
        return _json
    return None
