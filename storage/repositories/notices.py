"""Notices and their deliveries: a broadcast is rows in the database, not a loop."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

from storage.models import Delivery, Notice, utcnow
from storage.repositories import claims
from storage.repositories.base import Repository
from storage.repositories.dialect import insert_ignore

_CHUNK = 500


class Notices(Repository[Notice]):
    """Notices by id, status and source."""

    model = Notice

    async def get_by_source_key(self, source_key: str) -> Notice | None:
        """The notice made from this source (e.g. a calendar entry and year), or None."""
        return await self.session.scalar(select(Notice).where(Notice.source_key == source_key))

    async def list_by_status(
        self, statuses: Sequence[str], due_by: datetime | None = None
    ) -> list[Notice]:
        """Notices in ``statuses`` (with ``due_by``: whose send time has come), oldest first.

        Emergencies come first.
        """
        stmt = select(Notice).where(Notice.status.in_(list(statuses)))
        if due_by is not None:
            stmt = stmt.where((Notice.send_at.is_(None)) | (Notice.send_at <= due_by))
        stmt = stmt.order_by(Notice.emergency.desc(), Notice.send_at, Notice.id)
        return list(await self.session.scalars(stmt))

    async def latest(self, limit: int = 20) -> list[Notice]:
        """The newest notices first."""
        stmt = select(Notice).order_by(Notice.id.desc()).limit(limit)
        return list(await self.session.scalars(stmt))


class Deliveries(Repository[Delivery]):
    """One row per notice and resident, with its state."""

    model = Delivery

    async def add_many(
        self,
        notice_id: int,
        resident_ids: Sequence[int],
        status: str,
        next_attempt_at: datetime | None = None,
    ) -> int:
        """Creates deliveries for residents who have none for this notice yet.

        Returns:
            How many rows were created (existing pairs are left alone).
        """
        created = 0
        now = utcnow()
        ids = list(dict.fromkeys(resident_ids))
        for start in range(0, len(ids), _CHUNK):
            rows = [
                {"notice_id": notice_id, "resident_id": rid, "status": status, "attempts": 0,
                 "next_attempt_at": next_attempt_at, "created_at": now}
                for rid in ids[start:start + _CHUNK]
            ]
            added = await insert_ignore(
                self.session, Delivery, rows, ["notice_id", "resident_id"], "id"
            )
            created += len(added)
        return created

    async def get_for(self, notice_id: int, resident_id: int) -> Delivery | None:
        """The delivery of a notice to a resident, or None."""
        stmt = select(Delivery).where(
            Delivery.notice_id == notice_id, Delivery.resident_id == resident_id
        )
        return await self.session.scalar(stmt)

    async def counts_by_status(self, notice_id: int) -> dict[str, int]:
        """How many deliveries of the notice are in each status."""
        stmt = (
            select(Delivery.status, func.count())
            .where(Delivery.notice_id == notice_id)
            .group_by(Delivery.status)
        )
        return {status: count for status, count in await self.session.execute(stmt)}

    async def list_by_status(self, notice_id: int, statuses: Sequence[str]) -> list[Delivery]:
        """The notice's deliveries in ``statuses``, by id."""
        stmt = select(Delivery).where(
            Delivery.notice_id == notice_id, Delivery.status.in_(list(statuses))
        )
        return list(await self.session.scalars(stmt.order_by(Delivery.id)))

    async def hold_pending(self, notice_id: int, until: datetime) -> int:
        """The notice's pending deliveries wait until ``until`` (the end of quiet hours).

        A delivery never tried is held until exactly ``until``, earlier or later than a
        hold it had (the window may have changed); one waiting for a retry keeps a later
        time of its own.

        Returns:
            How many rows were moved (0 once they all wait until then).
        """
        fresh = (Delivery.attempts == 0) & (Delivery.next_attempt_at != until)
        stmt = (
            update(Delivery)
            .where(Delivery.notice_id == notice_id, Delivery.status == "pending",
                   Delivery.next_attempt_at.is_(None) | (Delivery.next_attempt_at < until)
                   | fresh)
            .values(next_attempt_at=until)
            .execution_options(synchronize_session=False)
        )
        return (await self.session.execute(stmt)).rowcount

    async def release_held(self, notice_id: int, now: datetime) -> int:
        """The notice's deliveries held for quiet hours (never tried) are due at once.

        Returns:
            How many rows were released.
        """
        stmt = (
            update(Delivery)
            .where(Delivery.notice_id == notice_id, Delivery.status == "pending",
                   Delivery.attempts == 0, Delivery.next_attempt_at > now)
            .values(next_attempt_at=None)
            .execution_options(synchronize_session=False)
        )
        return (await self.session.execute(stmt)).rowcount

    async def claim_due(
        self,
        *,
        now: datetime,
        limit: int,
        worker_token: str,
        lease: timedelta,
        statuses: Sequence[str],
        notice_id: int | None = None,
        values: Mapping[str, Any] | None = None,
        due_column: str = "next_attempt_at",
    ) -> list[Delivery]:
        """Claims free deliveries in ``statuses`` whose next attempt is due (NULL: now).

        With ``due_column="claimed_until"``: rows whose lease has run out (stuck rows).
        """
        where = [Delivery.status.in_(list(statuses))]
        if notice_id is not None:
            where.append(Delivery.notice_id == notice_id)
        return await claims.claim_due(
            self.session, Delivery, now=now, limit=limit, worker_token=worker_token,
            lease=lease, due_column=due_column, null_is_due=due_column == "next_attempt_at",
            where=where,
            values=values,
        )

    async def set_many(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Updates many deliveries by id in one statement (each dict has ``id``)."""
        if rows:
            await self.session.execute(update(Delivery), [dict(row) for row in rows])

    async def release(
        self, ids: Sequence[int], worker_token: str, values: Mapping[str, Any] | None = None
    ) -> int:
        """Ends this worker's leases, optionally setting more columns (e.g. a status)."""
        return await claims.release(self.session, Delivery, ids, worker_token, values)

    async def cancel_pending(self, notice_id: int, status: str) -> int:
        """The notice's pending deliveries get ``status`` (cancelled); returns how many."""
        stmt = (
            update(Delivery)
            .where(Delivery.notice_id == notice_id, Delivery.status == "pending")
            .values(status=status, next_attempt_at=None)
            .execution_options(synchronize_session=False)
        )
        return (await self.session.execute(stmt)).rowcount

    async def waiting(self, notice_id: int, now: datetime) -> tuple[int, datetime | None]:
        """Pending deliveries held until later (quiet hours, backoff): count and earliest."""
        stmt = select(func.count(), func.min(Delivery.next_attempt_at)).where(
            Delivery.notice_id == notice_id, Delivery.status == "pending",
            Delivery.next_attempt_at > now)
        count, earliest = (await self.session.execute(stmt)).one()
        return int(count or 0), earliest

    async def errors(self, notice_id: int, statuses: Sequence[str]) -> list[tuple[str, str, int]]:
        """(status, last error, count) of the notice's deliveries in ``statuses``, most first."""
        stmt = (
            select(Delivery.status, Delivery.last_error, func.count())
            .where(Delivery.notice_id == notice_id, Delivery.status.in_(list(statuses)))
            .group_by(Delivery.status, Delivery.last_error)
            .order_by(func.count().desc(), Delivery.status, Delivery.last_error)
        )
        return [(s, e or "", n) for s, e, n in await self.session.execute(stmt)]
