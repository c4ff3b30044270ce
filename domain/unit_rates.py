"""The three rates per unit and the ranking of units (考核排名), with last month beside.

How a unit is counted (docs/ranking.md):

- a unit **holding** tickets (a community, the dispatch desk) counts the tickets opened in
  the period that it holds, as ``domain.rates`` counts tickets: response by the ticket's
  deadline, resolution and satisfaction from its residents' callbacks;
- a unit that **got orders** (a department, an outside service) counts the orders
  dispatched to it in the period (cancelled ones not): response by the order's own
  deadline, whose clock starts at dispatch; resolution and satisfaction are the ticket's,
  so a parallel ticket with orders to two units counts once for each of them, and an order
  sent back and re-dispatched counts for both units;
- excluded tickets count for nobody and are listed under every unit that held them.

The score that ranks units is ``SCORE_WEIGHTS`` applied to the rates a unit has (weights
renormalised over the rates that exist); a unit with no rate at all is listed last,
unranked. Ties share a rank.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from domain.ports import UowFactory
from domain.privacy import for_staff
from domain.rates import SUMMED, Line, line_of
from domain.staff.roster import member
from storage.repositories.unit_rates import UnitExcluded, UnitInfo

SCORE_WEIGHTS = {"response_rate": 0.2, "resolution_rate": 0.4, "satisfaction_rate": 0.4}
RANKED_FROM = 2  # one unit alone is no ranking: reports and digests show it from two


@dataclass(frozen=True)
class UnitLine:
    """One unit's rates, score and rank (None: nothing to rank it by)."""

    unit: UnitInfo
    line: Line
    score: float | None
    rank: int | None
    last_rank: int | None = None
    last_score: float | None = None


@dataclass(frozen=True)
class Ranking:
    """Units by rank for ``[start, end)``, with the previous period's ranks beside."""

    start: datetime
    end: datetime
    weight: float
    lines: list[UnitLine]
    excluded: list[UnitExcluded]


def score_of(line: Line) -> float | None:
    """The weighted mean of the rates the line has, or None when it has none."""
    present = {k: getattr(line, k) for k in SCORE_WEIGHTS if getattr(line, k) is not None}
    if not present:
        return None
    total = sum(SCORE_WEIGHTS[k] for k in present)
    return sum(SCORE_WEIGHTS[k] * v for k, v in present.items()) / total


def rank(lines: list[tuple[UnitInfo, Line]]) -> list[UnitLine]:
    """Ranks by score, best first; equal scores share a rank; unscored last, by name."""
    scored = [(u, line, score_of(line)) for u, line in lines]
    ordered = sorted(scored, key=lambda x: (x[2] is None, -(x[2] or 0.0), x[0].code))
    ranked, previous, place = [], None, 0
    for index, (unit, line, score) in enumerate(ordered, start=1):
        if score is not None and (previous is None or round(score, 9) != round(previous, 9)):
            place = index
        previous = score if score is not None else previous
        ranked.append(UnitLine(unit, line, score, place if score is not None else None))
    return ranked


def unit_lines(counts, units: list[UnitInfo], weight: float) -> list[tuple[UnitInfo, Line]]:
    """Sums a unit's home and order counts and applies the formulas of ``domain.rates``."""
    sums: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SUMMED, 0))
    for c in counts:
        for name in SUMMED:
            sums[c.unit_id][name] += getattr(c, name)
    by_id = {u.id: u for u in units}
    return [(by_id[uid], line_of("unit", by_id[uid].name, sums[uid], weight))
            for uid in sums if uid in by_id]


async def _ranked(uow, start: datetime, end: datetime, now: datetime,
                  weight: float) -> list[UnitLine]:
    units = await uow.unit_rates.units()
    counts = await uow.unit_rates.counts(start, end, now)
    return rank(unit_lines(counts, units, weight))


async def ranking(uow_factory: UowFactory, start: datetime, end: datetime,
                  last: tuple[datetime, datetime] | None, *, now: datetime,
                  weight: float = 0.8, asked_by: int | None = None,
                  excluded: bool = True) -> Ranking:
    """The units ranked for ``[start, end)``, each with its rank in ``last`` beside.

    ``asked_by``: the Telegram id of who asked in a chat (active staff only); None for the
    command line. ``excluded=False`` leaves the excluded tickets unlisted (the web overview
    shows the ranking without them).
    """
    async with uow_factory() as uow:
        if asked_by is not None:
            await member(uow, asked_by)
        lines = await _ranked(uow, start, end, now, weight)
        before = {x.unit.id: x for x in await _ranked(uow, *last, now, weight)} if last else {}
        listed = [replace(e, reason=for_staff(e.reason))
                  for e in await uow.unit_rates.excluded(start, end)] if excluded else []
    lines = [replace(x, last_rank=before[x.unit.id].rank, last_score=before[x.unit.id].score)
             if x.unit.id in before else x for x in lines]
    return Ranking(start, end, weight, lines, listed)


def shown(lines: list[UnitLine] | tuple[UnitLine, ...]) -> tuple[UnitLine, ...]:
    """The lines a report or digest shows: all of them from ``RANKED_FROM`` units, else none."""
    return tuple(lines) if len(lines) >= RANKED_FROM else ()


def previous_period(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The period of the same kind just before: the month before a month, else as long."""
    if start.day == 1 and end.day == 1 and (end - start).days in range(28, 32):
        first = (start.replace(day=1) - (end - start) / 2).replace(
            day=1, hour=0, minute=0, second=0, microsecond=0)
        return first, start
    return start - (end - start), start
