"""The weekly review (周调度): stuck, reopened and unhappy tickets, rates, workers' load.

What is stuck, what came back, what residents are unhappy about, the week's three rates
against the week before, and each worker's open, resolved and overdue tickets.

The unhappy tickets are the ones the rates count against the week: opened in the week, not
excluded, and by their residents' latest answers not confirmed solved (not solved, partly,
it came back) or dissatisfied. So "unhappy: not solved 2" and a resolution rate of
``(answered − 2) / answered`` always go together.

The rates come from ``domain.rates.report`` (the one source of the formulas), as they stand
at ``as_of``. Stuck, overdue and open counts are taken at ``as_of``; the rest over the
reviewed week.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain import rates
from domain.digests.items import Item, Section, item_of, section
from domain.digests.periods import Period
from domain.ports import UowFactory
from domain.unit_rates import UnitLine, ranking

STUCK_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class UnhappyItem:
    """A ticket with an unhappy answer in the week: which answers (not solved, ...)."""

    item: Item
    answers: tuple[str, ...]  # "not_solved" (not confirmed solved), "dissatisfied"


@dataclass(frozen=True)
class WorkerLine:
    """One worker's open (now), resolved (in the week) and overdue (now) tickets."""

    name: str
    open: int
    closed: int
    overdue: int


@dataclass(frozen=True)
class Weekly:
    """The weekly digest's content."""

    period: Period
    as_of: datetime
    stuck: Section  # open longer than 7 days
    reopened: Section
    unhappy: list[UnhappyItem]
    this_week: rates.Line
    last_week: rates.Line  # the same days of last week when this one is still running
    workers: list[WorkerLine]
    until: datetime | None = None  # the week is still running: counted up to here
    ranking: tuple[UnitLine, ...] = ()  # units by the three rates, the week before beside


def _unhappy(tickets, names: dict[int, str]) -> list[UnhappyItem]:
    """One entry per ticket, with what its latest answers say against the rates."""
    return [UnhappyItem(item_of(t, names), tuple(
        name for name, yes in (("not_solved", t.kpi_confirmed < t.kpi_answers),
                               ("dissatisfied", t.kpi_dissatisfied > 0)) if yes))
        for t in tickets]


async def _total(uow_factory: UowFactory, period: Period, weight: float,
                 as_of: datetime) -> rates.Line:
    report = await rates.report(uow_factory, period.start, period.end, now=as_of,
                                weight=weight)
    return next(line for line in report.lines if line.dimension == "total")


async def gather(uow_factory: UowFactory, period: Period, previous: Period, *,
                 as_of: datetime, weight: float = 0.8, limit: int = 50) -> Weekly:
    """The weekly digest of ``period`` (``previous`` is the week to compare with).

    A week still running at ``as_of`` is partial and compared with the same stretch of
    ``previous`` (from its Monday, as many days and hours).
    """
    until = as_of if period.start < as_of < period.end else None
    if until is not None:
        previous = replace(previous, end=previous.start + (until - period.start))
    async with uow_factory() as uow:
        q, names = uow.digest_queries, await uow.rates.worker_names()
        stuck = section("stuck", await q.open_before(as_of - STUCK_AFTER, limit=limit), names)
        reopened = section("reopened", await q.reopened(period.start, period.end, limit=limit),
                           names)
        unhappy = _unhappy(await q.unhappy(period.start, period.end), names)
        counts = await q.per_worker(period.start, period.end, as_of)
    workers = sorted((WorkerLine(names.get(c.assignee_id, str(c.assignee_id)), c.open, c.closed,
                                 c.overdue) for c in counts), key=lambda w: (-w.overdue, w.name))
    ranked = await ranking(uow_factory, period.start, period.end,
                           (previous.start, previous.end), now=as_of, weight=weight)
    return Weekly(period, as_of, stuck, reopened, unhappy,
                  await _total(uow_factory, period, weight, as_of),
                  await _total(uow_factory, previous, weight, as_of), workers, until,
                  tuple(ranked.lines))
