"""Creating survey rows when a worker resolves a ticket (inside the resolve transaction)."""

from __future__ import annotations

from datetime import datetime

from domain.surveys import SCHEDULED, Timing
from storage.models import Survey, Ticket


async def residents_of(uow, ticket: Ticket) -> list[int]:
    """The reporter first, then every resident who joined the ticket."""
    followers = await uow.followers.resident_ids(ticket.id)
    return [ticket.resident_id, *[r for r in followers if r != ticket.resident_id]]


async def schedule_cycle(uow, ticket: Ticket, *, now: datetime, timing: Timing) -> int:
    """Adds the next pair of rounds for the reporter and each follower; returns the odd round.

    The result survey is due now, the recurrence check ``timing.round2_after`` later.
    """
    rounds = [s.round for s in await uow.surveys.list_for_ticket(ticket.id)]
    first = max(rounds, default=0) + 1
    first += 1 - first % 2  # always start a cycle on an odd round
    rows = []
    for resident_id in await residents_of(uow, ticket):
        rows.append(Survey(ticket_id=ticket.id, resident_id=resident_id, round=first,
                           status=SCHEDULED, due_at=now, created_at=now))
        rows.append(Survey(ticket_id=ticket.id, resident_id=resident_id, round=first + 1,
                           status=SCHEDULED, due_at=now + timing.round2_after, created_at=now))
    await uow.surveys.add_all(rows)
    return first
