"""The web overview: today's tickets, the rates, the ranking, what waits in Telegram.

A viewer who sees the whole street gets the street's rates (``domain.rates``' total line),
the ranking of units (``domain.unit_rates.ranking``, this month with last month beside, as
``/kpi`` shows it, when there are two units or more) and every order sent back and notice
draft. A unit's staff get their units' rates (``domain.unit_rates``: the tickets a unit
holds and the orders it got), no ranking of other units, and the orders sent back of their
units' tickets; notice drafts are approved street-wide, so they are not theirs to see.
Open and overdue are the daily digest's rules (``storage.repositories.digest_queries``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from domain import rates, unit_rates
from domain.analysis.months import label, shift
from domain.notices.approval import Draft, ready_drafts
from domain.ports import UowFactory
from domain.privacy import for_staff
from domain.units.escalation import Waiting, waiting
from domain.web.viewer import Viewer
from storage.repositories.web_overview import SentBack, TodayCounts

SHOWN = 10  # orders sent back and drafts listed; the rest are counted
MOST = 100  # orders sent back are counted up to this; more are "over 100"


@dataclass(frozen=True)
class RateRow:
    """Whose rates (the street: name ""; else a unit) this month, last month, a year ago."""

    name: str
    this: rates.Line
    last: rates.Line
    year_ago: rates.Line


@dataclass(frozen=True)
class Overview:
    """Everything the overview page shows."""

    day: date
    months: tuple[str, str, str]  # this month, last month, the same month last year
    today: TodayCounts
    rates: list[RateRow]
    ranking: unit_rates.Ranking | None
    sent_back_total: int
    sent_back: list[SentBack]
    drafts: list[Draft]
    escalations: list[Waiting]  # overdue orders escalated and not answered (吹哨)


def months_of(now: datetime, tz: ZoneInfo) -> tuple[str, str, str]:
    """This month, last month and the same month last year, as ``YYYY-MM``."""
    local = now.astimezone(tz)
    return (label(local.year, local.month), label(*shift(local.year, local.month, -1)),
            label(local.year - 1, local.month))


async def _street_rates(uow, spans, now: datetime, weight: float) -> list[RateRow]:
    counts = await uow.web_overview.rate_totals(spans, now)
    lines = [rates.line_of("total", "", {n: getattr(c, n) for n in rates.SUMMED}, weight)
             for c in counts]
    return [RateRow("", *lines)]


async def _unit_rates(uow, viewer: Viewer, spans, now: datetime,
                      weight: float) -> list[RateRow]:
    units = [u for u in await uow.unit_rates.units() if u.id in viewer.unit_ids]
    per_period = []
    for start, end in spans:
        counts = await uow.unit_rates.counts(start, end, now, viewer.unit_ids)
        per_period.append(dict(unit_rates.unit_lines(counts, units, weight)))
    empty = {n: 0 for n in rates.SUMMED}
    return [RateRow(u.name, *(p.get(u) or rates.line_of("unit", u.name, empty, weight)
                              for p in per_period)) for u in units]


async def _ranking(uow_factory: UowFactory, month: tuple[datetime, datetime], now: datetime,
                   weight: float) -> unit_rates.Ranking | None:
    """This month's ranking with last month beside, when there are two units or more."""
    async with uow_factory() as uow:
        if len(await uow.unit_rates.units()) < 2:
            return None
    return await unit_rates.ranking(uow_factory, *month, unit_rates.previous_period(*month),
                                    now=now, weight=weight, excluded=False)


async def overview(uow_factory: UowFactory, viewer: Viewer, *, now: datetime, tz: ZoneInfo,
                   weight: float = 0.8) -> Overview:
    """The overview as ``viewer`` may see it at ``now`` (days and months in ``tz``).

    The ranking is read on a connection of its own while the rest is read (not inside
    ``storage.uow.one_transaction``, whose units of work share one session).
    """
    day = now.astimezone(tz).date()
    months = months_of(now, tz)
    spans = [rates.period(m, tz, day) for m in months]
    scope = viewer.unit_ids
    async with asyncio.TaskGroup() as group:
        ranked = group.create_task(_ranking(uow_factory, spans[0], now, weight)) \
            if viewer.sees_all else None
        async with uow_factory() as uow:
            today = await uow.web_overview.today(datetime.combine(day, time(), tz), now, scope)
            rows = (await _street_rates(uow, spans, now, weight) if viewer.sees_all
                    else await _unit_rates(uow, viewer, spans, now, weight))
            total, sent_back = await uow.web_overview.sent_back(scope, SHOWN, MOST)
            drafts = await ready_drafts(uow) if viewer.sees_all else []
    sent_back = [replace(s, reason=for_staff(s.reason)) for s in sent_back]  # as in the groups
    escalated = [w for w in await waiting(uow_factory) if viewer.may_see_unit(w.unit_id)]
    return Overview(day, months, today, rows, ranked.result() if ranked else None, total,
                    sent_back, drafts, escalated)
