"""The buildings grid: each building's requests in a month, in a few colour buckets.

Buildings come from residents' addresses, the routes of buildings to communities and the
month's tickets, one spelling each (``domain.units.kinds.building_key``: 5, 5号楼 and 5栋
are building 5); in natural order (2 before 10). The buckets split 1 … the busiest
building's count in ``BUCKETS`` (the busiest is always in the last); bucket 0 is a building
with no request.
A unit's staff count only their units' tickets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from domain import rates
from domain.analysis.months import label, parse
from domain.ports import UowFactory
from domain.units.kinds import building_key
from domain.web.viewer import Viewer

BUCKETS = 4


@dataclass(frozen=True)
class Cell:
    """One building: its key (for the link), its requests and its colour bucket (0-4)."""

    building: str
    requests: int
    bucket: int


@dataclass(frozen=True)
class Grid:
    """The month's cells and the buckets' ranges ``(low, high)``, bucket 1 first."""

    month: str
    cells: list[Cell]
    ranges: list[tuple[int, int]]


def ranges_of(busiest: int, buckets: int = BUCKETS) -> list[tuple[int, int]]:
    """The requests each bucket holds: bucket ``i`` up to ``i/4`` of the busiest building.

    ``busiest`` 10: (1, 2), (3, 5), (6, 7), (8, 10). A range with ``low > high`` is empty
    (with few requests); none at all when nothing was requested.
    """
    return [(busiest * i // buckets + 1, busiest * (i + 1) // buckets)
            for i in range(buckets)] if busiest else []


def bucket_of(requests: int, ranges: list[tuple[int, int]]) -> int:
    """The bucket (1 …) whose range holds ``requests``; 0 for none."""
    return next((i for i, (low, high) in enumerate(ranges, 1) if low <= requests <= high), 0)


def merged(names: set[str], counts: dict[str, int]) -> dict[str, int]:
    """Requests per building key; a building not written as a number keeps its spelling."""
    found: dict[str, int] = defaultdict(int)
    for name in names | set(counts):
        found[building_key(name) or name.strip()] += counts.get(name, 0)
    return {k: v for k, v in found.items() if k}


async def grid(uow_factory: UowFactory, viewer: Viewer, month: str | None, *, now: datetime,
               tz: ZoneInfo) -> Grid:
    """The grid of ``month`` (``YYYY-MM``; None: this month); ``BadMonth`` if malformed."""
    local = now.astimezone(tz)
    month = label(*parse(month)) if month else label(local.year, local.month)
    start, end = rates.period(month, tz, local.date())
    async with uow_factory() as uow:
        names = await uow.web_buildings.known()
        counts = await uow.web_buildings.requests(start, end, viewer.unit_ids)
    per_building = merged(names, counts)
    ranges = ranges_of(max(per_building.values(), default=0))
    cells = [Cell(b, n, bucket_of(n, ranges))
             for b, n in sorted(per_building.items(), key=lambda kv: rates.natural_key(kv[0]))]
    return Grid(month, cells, ranges)
