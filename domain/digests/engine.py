"""Exactly one digest per kind, period and chat: a row reserved in ``digests`` plus a lease.

The tick reserves the row of the latest due period (``INSERT ... ON CONFLICT DO NOTHING``
on the unique kind/period/chat), takes a lease on it (``claims``) and commits *before*
sending; after the send it records ``sent``, ``sent_at`` and the message id. A second
process finds the row leased or sent and does nothing; a restart finds it sent. A process
that dies between the send and the record leaves a lease that runs out, and the next tick
sends again: at least once in that crash, never lost (as the SLA reminders). A failed send
keeps the lease until it runs out, so a refusing chat is retried every ``LEASE``.

A period missed while the bot was down is sent when it comes back, marked late; only the
latest period of each kind is ever due, never a backlog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.digests.periods import Period
from domain.ports import UowFactory

PENDING, SENT = "pending", "sent"
LEASE = timedelta(minutes=5)  # longer than building and sending one digest
LATE_AFTER = timedelta(minutes=15)  # sent later than this after its time: marked late


@dataclass(frozen=True)
class Taken:
    """A digest row this process holds the lease on and should send now."""

    id: int
    period: Period
    chat_id: int
    late: bool


async def take(uow_factory: UowFactory, period: Period, chat_id: int, *, now: datetime,
               token: str) -> Taken | None:
    """Reserves the period's row if new and leases it; None if sent or held by another."""
    async with uow_factory() as uow:
        row = await uow.digests.get_for(period.kind, period.label, chat_id)
        if row is not None and row.status == SENT:
            return None
        if row is None:
            late = now - period.due_at > LATE_AFTER
            await uow.digests.reserve(period.kind, period.label, chat_id, PENDING, late=late)
            row = await uow.digests.get_for(period.kind, period.label, chat_id)
        held = await uow.digests.claim(row.id, now=now, worker_token=token, lease=LEASE,
                                       statuses=[PENDING])
        await uow.commit()
        return Taken(held.id, period, chat_id, bool(held.late)) if held else None


async def mark_sent(uow_factory: UowFactory, taken: Taken, *, message_id: int,
                    now: datetime) -> None:
    """Records the digest as sent (when, which message) and ends the lease."""
    async with uow_factory() as uow:
        row = await uow.digests.get(taken.id)
        row.status, row.sent_at, row.message_id = SENT, now, message_id
        row.claim_token = row.claimed_until = None
        await uow.commit()
