"""The daily sign-off (日签批): what changed since yesterday's digest and what is due.

New and resolved since the previous digest time, the day's emergencies, what falls due
later today, what is overdue (with who holds it), and what was reopened. Overdue and
due-today are taken at ``as_of``; the flows over ``[period.start, as_of)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from domain.digests.items import Section, section
from domain.digests.periods import Period
from domain.ports import UowFactory

SECTIONS = ("emergencies", "overdue", "due_today", "reopened", "new", "closed")


@dataclass(frozen=True)
class Daily:
    """The daily digest's content: sections in the order they are shown."""

    period: Period
    as_of: datetime
    sections: list[Section]


async def gather(uow_factory: UowFactory, period: Period, *, as_of: datetime,
                 limit: int = 50) -> Daily:
    """The daily digest of ``period`` as of ``as_of`` (each list at most ``limit`` long)."""
    start, tz = period.start, period.due_at.tzinfo
    midnight = datetime.combine(as_of.astimezone(tz).date() + timedelta(days=1), time(), tz)
    async with uow_factory() as uow:
        q, names = uow.digest_queries, await uow.rates.worker_names()
        pages = {
            "emergencies": await q.created(start, as_of, emergency=True, limit=limit),
            "overdue": await q.overdue(as_of, limit=limit),
            "due_today": await q.due_between(as_of, midnight, limit=limit),
            "reopened": await q.reopened(start, as_of, limit=limit),
            "new": await q.created(start, as_of, limit=limit),
            "closed": await q.finished(start, as_of, limit=limit),
        }
        return Daily(period, as_of, [section(k, pages[k], names) for k in SECTIONS])
