"""Filling a database with the demo street and its community, in one transaction.

The street's units (``data/street.yml``) are found by their codes, or added; seeding again
with ``--force`` reuses them.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import aclosing
from dataclasses import dataclass, field

from domain.demo.generate import Demo, Plan, Start
from domain.demo.rows import Batch
from domain.demo.street import StreetFile, load_street
from domain.errors import DomainError
from domain.ports import UowFactory
from storage.models import Unit
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
    units: int = 0
    members: int = 0
    orders: int = 0
    parallel: int = 0  # tickets with orders at two units at once
    sent_back: int = 0  # orders sent back (退单), re-dispatched or not
    overdue: int = 0  # orders past a deadline
    escalations: int = 0  # their escalations (domain/demo/escalations.py)
    summoned: int = 0  # of which the unit's head was summoned (吹哨)
    second: int = 0  # of which went to the second level
    order_statuses: Counter = field(default_factory=Counter)
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
        self.orders += len(batch.orders)
        self.order_statuses.update(o["status"] for o in batch.orders)
        self.sent_back += sum(o["returned_reason"] is not None for o in batch.orders)
        self.overdue += len({o["order_id"] for o in batch.overdue})
        self.escalations += len(batch.escalations)
        self.summoned += sum(e["summoned_at"] is not None for e in batch.escalations)
        self.second += sum(e["second_at"] is not None for e in batch.escalations)
        at = Counter((o["ticket_id"], o["dispatched_at"]) for o in batch.orders)
        self.parallel += len({ticket for (ticket, _), n in at.items() if n > 1})
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


async def _street_units(uow, street: StreetFile) -> dict[str, int]:
    """The street's units by code: found, or added."""
    ids = {}
    for spec in street.units:
        unit = await uow.units.by_code(spec.code) or await uow.units.add(
            Unit(code=spec.code, name=spec.name, kind=spec.kind.value, chat_id=spec.chat_id))
        ids[spec.code] = unit.id
    return ids


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
        units = await _street_units(uow, load_street())
        demo = Demo(plan, Start(ids["residents"], ids["staff_members"], ids["tickets"],
                                ids["surveys"], await rows.ticket_counters(),
                                ids["work_orders"], units))
        summary = Summary(units=len(units))
        residents, staff, members = demo.residents(), demo.staff(), demo.members()
        await rows.add("residents", residents)
        await rows.add("staff_members", staff)
        await rows.add("unit_members", members)
        for route, key, unit_id in demo.street.routes():
            await uow.units.set_route(route.value, key, unit_id)
        summary.residents, summary.staff, summary.members = len(residents), len(staff), \
            len(members)
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
