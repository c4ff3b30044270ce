"""Callback surveys and SLA reminders: durable due work, claimed by one worker at a time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from storage.models import Reminder, Survey, utcnow
from storage.repositories import claims, ticket_kpi
from storage.repositories.base import Repository
from storage.repositories.dialect import upsert, upsert_many

_REMINDER_KEY = ("ticket_id", "kind")
_RESCHEDULED = ("due_at", "sent_at", "claim_token", "claimed_until")  # set again on a clash


def _scheduled(ticket_id: int, kind: str, due_at: datetime, created: datetime) -> dict:
    """A reminder row due at ``due_at``, unsent and unclaimed."""
    return {"ticket_id": ticket_id, "kind": kind, "due_at": due_at, "sent_at": None,
            "claim_token": None, "claimed_until": None, "created_at": created}


class Surveys(Repository[Survey]):
    """Survey rounds per ticket and resident."""

    model = Survey

    async def get_for(self, ticket_id: int, resident_id: int, round_: int) -> Survey | None:
        """The survey of one round for one resident of one ticket, or None."""
        stmt = select(Survey).where(
            Survey.ticket_id == ticket_id, Survey.resident_id == resident_id,
            Survey.round == round_,
        )
        return await self.session.scalar(stmt)

    async def list_for_ticket(self, ticket_id: int) -> list[Survey]:
        """All survey rows of a ticket, by round and resident."""
        stmt = select(Survey).where(Survey.ticket_id == ticket_id)
        return list(await self.session.scalars(stmt.order_by(Survey.round, Survey.resident_id)))

    async def awaiting_comment(self, resident_id: int) -> Survey | None:
        """The resident's survey whose next text message is its comment, if any."""
        stmt = select(Survey).where(Survey.resident_id == resident_id,
                                    Survey.awaiting_comment.is_(True))
        return await self.session.scalar(stmt.order_by(Survey.answered_at.desc()).limit(1))

    async def open_for_answer(self, resident_id: int, statuses: Sequence[str],
                              now: datetime) -> Survey | None:
        """The resident's newest survey still waiting for a button answer (not expired)."""
        stmt = select(Survey).where(Survey.resident_id == resident_id,
                                    Survey.status.in_(list(statuses)),
                                    (Survey.expires_at.is_(None)) | (Survey.expires_at > now))
        return await self.session.scalar(stmt.order_by(Survey.sent_at.desc()).limit(1))

    async def claim_due(
        self,
        *,
        now: datetime,
        limit: int,
        worker_token: str,
        lease: timedelta,
        statuses: Sequence[str],
        due_column: str = "due_at",
        values: Mapping[str, Any] | None = None,
    ) -> list[Survey]:
        """Claims free surveys in ``statuses`` whose ``due_column`` has come.

        ``due_column`` is ``due_at`` (to send), ``reminder_due_at`` or ``expires_at``.
        See ``storage.repositories.claims.claim_due``.
        """
        claimed = await claims.claim_due(
            self.session, Survey, now=now, limit=limit, worker_token=worker_token,
            lease=lease, due_column=due_column, where=[Survey.status.in_(list(statuses))],
            values=values,
        )
        ticket_kpi.touch(self.session, {s.ticket_id for s in claimed})  # a bulk UPDATE
        return claimed

    async def release(
        self, ids: Sequence[int], worker_token: str, values: Mapping[str, Any] | None = None
    ) -> int:
        """Ends this worker's leases on the surveys, optionally setting more columns."""
        if values:
            tickets = await self.session.scalars(
                select(Survey.ticket_id).where(Survey.id.in_(list(ids))))
            ticket_kpi.touch(self.session, set(tickets))
        return await claims.release(self.session, Survey, ids, worker_token, values)


class Reminders(Repository[Reminder]):
    """SLA reminders, one per ticket and kind."""

    model = Reminder

    async def get_for(self, ticket_id: int, kind: str) -> Reminder | None:
        """The ticket's reminder of this kind, or None."""
        stmt = select(Reminder).where(Reminder.ticket_id == ticket_id, Reminder.kind == kind)
        return await self.session.scalar(stmt)

    async def list_for_ticket(self, ticket_id: int) -> list[Reminder]:
        """The ticket's reminders, by due time."""
        stmt = select(Reminder).where(Reminder.ticket_id == ticket_id)
        return list(await self.session.scalars(stmt.order_by(Reminder.due_at, Reminder.id)))

    async def schedule(self, ticket_id: int, kind: str, due_at: datetime) -> Reminder:
        """Sets the reminder's due time, making it unsent and unclaimed (creates it if new)."""
        values = _scheduled(ticket_id, kind, due_at, utcnow())
        update = {k: values[k] for k in _RESCHEDULED}
        return await upsert(self.session, Reminder, values, _REMINDER_KEY, update)

    async def schedule_all(self, ticket_id: int, due: Sequence[tuple[str, datetime]]) -> None:
        """``schedule`` for several kinds of one ticket, in one statement."""
        created = utcnow()
        rows = [_scheduled(ticket_id, kind, due_at, created) for kind, due_at in due]
        await upsert_many(self.session, Reminder, rows, _REMINDER_KEY, _RESCHEDULED)

    async def claim_due(
        self,
        *,
        now: datetime,
        limit: int,
        worker_token: str,
        lease: timedelta,
        values: Mapping[str, Any] | None = None,
    ) -> list[Reminder]:
        """Claims free, unsent reminders that are due. See ``claims.claim_due``."""
        return await claims.claim_due(
            self.session, Reminder, now=now, limit=limit, worker_token=worker_token,
            lease=lease, where=[Reminder.sent_at.is_(None)], values=values,
        )

    async def release(
        self, ids: Sequence[int], worker_token: str, values: Mapping[str, Any] | None = None
    ) -> int:
        """Ends this worker's leases, optionally setting more columns (e.g. ``sent_at``)."""
        return await claims.release(self.session, Reminder, ids, worker_token, values)
