"""SLA reminders: due rows in the database, picked up by a tick that is told the time.

Per ticket there is at most one reminder of each kind (unique ``(ticket, kind)``):
``respond_soon`` / ``resolve_soon`` go to the assignee before a deadline,
``respond_overdue`` / ``resolve_overdue`` to supervisors once it has passed. The tick
claims due rows with a lease (so two processes never take the same row), the caller
sends, then ``mark_sent`` stamps ``sent_at``: a restart neither loses nor repeats one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.ports import UowFactory
from domain.staff.roster import supervisors
from domain.tickets import is_open
from storage.models import Ticket

RESPOND_SOON, RESPOND_OVERDUE = "respond_soon", "respond_overdue"
RESOLVE_SOON, RESOLVE_OVERDUE = "resolve_soon", "resolve_overdue"
LEASE = timedelta(minutes=5)
LEAD = timedelta(hours=1)  # how long before a deadline the assignee is reminded


@dataclass(frozen=True)
class DueReminder:
    """One reminder to send now: to whom, about what."""

    id: int
    ticket_id: int
    kind: str
    code: str
    deadline: datetime
    thread_id: int | None
    assignee_telegram_id: int | None
    supervisor_telegram_ids: tuple[int, ...]

    @property
    def overdue(self) -> bool:
        """True for the notice after a deadline (to supervisors)."""
        return self.kind.endswith("_overdue")


def _soon(opened: datetime, deadline: datetime, lead: timedelta) -> datetime:
    """``lead`` before the deadline, but not before half of the window has gone."""
    return max(deadline - lead, opened + (deadline - opened) / 2)


async def schedule(uow, ticket: Ticket, *, now: datetime, lead: timedelta = LEAD,
                   respond: bool = True) -> None:
    """(Re)schedules the ticket's reminders from its deadlines, in the caller's transaction."""
    pairs = [(RESOLVE_SOON, RESOLVE_OVERDUE, ticket.resolve_due_at)]
    if respond:
        pairs.append((RESPOND_SOON, RESPOND_OVERDUE, ticket.respond_due_at))
    due = [(kind, at) for soon, overdue, deadline in pairs if deadline is not None
           for kind, at in ((soon, _soon(now, deadline, lead)), (overdue, deadline))]
    await uow.reminders.schedule_all(ticket.id, due)  # one statement for all of them


def _still_due(ticket: Ticket, kind: str) -> bool:
    """Whether the reminder still means something (answered or solved tickets need none)."""
    if not is_open(ticket.status):
        return False
    return not (kind.startswith("respond") and ticket.first_response_at is not None)


async def collect_due(uow_factory: UowFactory, *, now: datetime, token: str,
                      limit: int = 50) -> list[DueReminder]:
    """Claims due reminders; those no longer needed are closed at once and not returned."""
    async with uow_factory() as uow:
        claimed = await uow.reminders.claim_due(now=now, limit=limit, worker_token=token,
                                                lease=LEASE)
        bosses = tuple(s.telegram_user_id for s in await supervisors(uow))
        due, moot = [], []
        for row in claimed:
            ticket = await uow.tickets.get(row.ticket_id)
            if ticket is None or not _still_due(ticket, row.kind):
                moot.append(row.id)
                continue
            assignee = await uow.staff.get(ticket.assignee_id) if ticket.assignee_id else None
            deadline = ticket.respond_due_at if row.kind.startswith("respond") \
                else ticket.resolve_due_at
            due.append(DueReminder(
                row.id, ticket.id, row.kind, ticket.code, deadline, ticket.staff_thread_id,
                assignee.telegram_user_id if assignee and assignee.active else None, bosses))
        await uow.reminders.release(moot, token, {"sent_at": now})
        await uow.commit()
        return due


async def mark_sent(uow_factory: UowFactory, reminder: DueReminder, *, now: datetime,
                    token: str) -> None:
    """Records that a reminder went out (and audits it)."""
    async with uow_factory() as uow:
        if await uow.reminders.release([reminder.id], token, {"sent_at": now}):
            await uow.events.append(reminder.ticket_id, "reminder_sent", "system", at=now,
                                    payload={"kind": reminder.kind})
        await uow.commit()
