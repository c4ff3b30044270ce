"""Sent digests and named counters (ticket codes)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from storage.models import Counter, Digest, utcnow
from storage.repositories import claims
from storage.repositories.base import Repository
from storage.repositories.dialect import insert_for, insert_ignore


class Digests(Repository[Digest]):
    """One row per digest kind, period and chat."""

    model = Digest

    async def get_for(self, kind: str, period: str, chat_id: int) -> Digest | None:
        """The digest row of this kind, period and chat, or None."""
        stmt = select(Digest).where(
            Digest.kind == kind, Digest.period == period, Digest.chat_id == chat_id
        )
        return await self.session.scalar(stmt)

    async def reserve(
        self, kind: str, period: str, chat_id: int, status: str, late: bool = False
    ) -> bool:
        """Creates the row unless it exists; True if this call created it."""
        row = {"kind": kind, "period": period, "chat_id": chat_id, "status": status,
               "late": late, "created_at": utcnow()}
        added = await insert_ignore(
            self.session, Digest, [row], ["kind", "period", "chat_id"], "id"
        )
        return bool(added)

    async def claim(
        self, digest_id: int, *, now: datetime, worker_token: str, lease: timedelta,
        statuses: list[str],
    ) -> Digest | None:
        """Takes a lease on one digest row in ``statuses``; None if someone else holds it."""
        return await claims.claim_one(
            self.session, Digest, digest_id, now=now, worker_token=worker_token, lease=lease,
            where=[Digest.status.in_(statuses)],
        )

    async def list_for(self, kind: str, chat_id: int, limit: int = 20) -> list[Digest]:
        """Recent digests of a kind for a chat, newest period first."""
        stmt = select(Digest).where(Digest.kind == kind, Digest.chat_id == chat_id)
        stmt = stmt.order_by(Digest.period.desc()).limit(limit)
        return list(await self.session.scalars(stmt))


class Counters(Repository[Counter]):
    """Named sequences, incremented atomically on SQLite and PostgreSQL."""

    model = Counter

    async def next_value(self, name: str) -> int:
        """Increments the counter (starting at 1) and returns the new value.

        One ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``: on PostgreSQL the row
        stays locked until the caller's transaction ends, so values are never handed
        out twice; on SQLite transactions are serialised anyway.
        """
        return int((await self.session.execute(self._increment(name))).scalar_one())

    async def draw(self, name: str) -> int:
        """``next_value``, but on PostgreSQL committed at once on a connection of its own.

        The row is then locked only while the server runs the statement, not until the
        caller's transaction ends: confirmations arriving together no longer queue behind
        each other's round trips. The value is used even if the caller rolls back (a gap,
        as with a sequence). On SQLite, where transactions are serialised anyway, it is
        ``next_value``.
        """
        engine = self.session.bind
        if engine is None or engine.dialect.name != "postgresql":
            return await self.next_value(name)
        async with engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            return int((await conn.execute(self._increment(name))).scalar_one())

    async def next_ticket_code(self, day: date, prefix: str = "JS") -> str:
        """A new ticket code for ``day``, e.g. ``JS-20261123-0042`` (more digits past 9999)."""
        return _ticket_code(prefix, day, await self.next_value(_ticket_counter(day)))

    async def draw_ticket_code(self, day: date, prefix: str = "JS") -> str:
        """``next_ticket_code`` drawn with ``draw``: unique, increasing, gaps possible."""
        return _ticket_code(prefix, day, await self.draw(_ticket_counter(day)))

    def _increment(self, name: str) -> Any:
        stmt = insert_for(self.session, Counter).values(name=name, value=1)
        return stmt.on_conflict_do_update(
            index_elements=[Counter.name], set_={"value": Counter.value + 1}
        ).returning(Counter.value)


def _ticket_counter(day: date) -> str:
    return f"ticket:{day:%Y%m%d}"


def _ticket_code(prefix: str, day: date, number: int) -> str:
    return f"{prefix}-{day:%Y%m%d}-{number:04d}"
