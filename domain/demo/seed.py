"""Filling a database with the demo community, in one transaction."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import aclosing
from dataclasses import dataclass, field

from domain.demo.generate import Demo, Plan, Start
from domain.demo.rows import Batch
from domain.errors import DomainError
from domain.ports import UowFactory
from storage.repositories.demo import DemoRows

Progress = Callable[[int, int], None]


class AlreadySeeded(DomainError):
    """The database already has tickets and seeding was not forced."""

    code = "demo_already_seeded"


@dataclass
class Summary:
    """What was written."""

    residents: int = 0
    staff: int = 0
    tickets: int = 0
    events: int = 0
    surveys: int = 0
    followers: int = 0
    reminders: int = 0
    excluded: int = 0
    reopened: int = 0
    statuses: Counter = field(default_factory=Counter)
    survey_statuses: Counter = field(default_factory=Counter)
    first_code: str | None = None
    last_code: str | None = None

    def count(self, batch: Batch) -> None:
        """Adds a batch's rows to the figures."""
        self.tickets += len(batch.tickets)
        self.events += len(batch.events)
        self.surveys += len(batch.surveys)
        self.followers += len(batch.followers)
        self.reminders += len(batch.reminders)
        for ticket in batch.tickets:
            self.statuses[ticket["status"]] += 1
            self.excluded += ticket["excluded_from_kpi"]
            self.reopened += ticket["reopened_count"] > 0
        self.survey_statuses.update(s["status"] for s in batch.surveys)
        if batch.tickets:
            self.first_code = self.first_code or batch.tickets[0]["code"]
            self.last_code = batch.tickets[-1]["code"]


async def _ahead(batches: Iterator[Batch]) -> AsyncIterator[Batch]:
    """The batches, each next one generated in a thread while the caller writes this one."""
    upcoming = asyncio.create_task(asyncio.to_thread(next, batches, None))
    try:
        while (batch := await upcoming) is not None:
            upcoming = asyncio.create_task(asyncio.to_thread(next, batches, None))
            yield batch
    finally:
        await asyncio.wait([upcoming])  # a thread cannot be cancelled; let it finish


async def seed(uow_factory: UowFactory, plan: Plan, *, force: bool = False,
               progress: Progress | None = None, batch_size: int = 2000) -> Summary:
    """Writes the demo; refuses a database with tickets unless ``force``.

    ``progress(done, total)`` is called each time another tenth of the tickets is written.
    """
    async with uow_factory() as uow:
        rows = DemoRows.of(uow)
        existing = await rows.count_tickets()
        if existing and not force:
            raise AlreadySeeded(f"the database already has {existing:,} tickets")
        ids = await rows.next_ids()
        demo = Demo(plan, Start(ids["residents"], ids["staff_members"], ids["tickets"],
                                ids["surveys"], await rows.ticket_counters()))
        summary = Summary()
        residents, staff = demo.residents(), demo.staff()
        await rows.add("residents", residents)
        await rows.add("staff_members", staff)
        summary.residents, summary.staff = len(residents), len(staff)
        reported = 0
        size = min(batch_size, max(1, -(-plan.tickets // 10)))  # a batch per tenth at least
        async with aclosing(_ahead(demo.batches(size))) as batches:
            async for batch in batches:
                for table, table_rows in batch.tables():
                    await rows.add(table, table_rows)
                summary.count(batch)
                tenth = summary.tickets * 10 // max(plan.tickets, 1)
                if progress is not None and tenth > reported:
                    reported = tenth
                    progress(summary.tickets, plan.tickets)
        await rows.save_counters(demo.counters)
        await rows.finish()
        await uow.commit()
        return summary
