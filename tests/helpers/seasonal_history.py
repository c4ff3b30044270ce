"""Ticket histories with known seasonality, for 每月一题 (deterministic, no randomness).

``SEASONS`` gives each kind of request its tickets per calendar month (January first):
heating peaks in November–December, catkins (园林绿化) in April–May, drainage (基础设施)
in July–August, and property service (物业服务) is large but flat — it tops the count in
most months without ever surging. Heating in November falls 30% in building 3, 25% in
building 7 and 4.5% in each of ten others, so the smallest set of buildings with ≥ 40% of
it is {3, 7}; everything else is spread evenly over twelve buildings.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from storage.models import Ticket
from tests.integration.factories import add_resident

TZ = ZoneInfo("Asia/Shanghai")
HEATING = "城乡建设/城市建设和市政管理/冬季采暖"
PROPERTY = "城乡建设/住房保障与房地产/物业服务"
GREENERY = "城乡建设/城市建设和市政管理/园林绿化"
DRAINAGE = "城乡建设/城市建设和市政管理/基础设施"
SEASONS = {
    HEATING: (30, 20, 10, 1, 1, 1, 1, 1, 1, 8, 40, 36),
    PROPERTY: (24,) * 12,
    GREENERY: (3, 3, 6, 25, 22, 5, 3, 3, 3, 3, 3, 3),
    DRAINAGE: (3, 3, 3, 3, 4, 8, 28, 25, 5, 3, 3, 3),
}
BUILDINGS = tuple(str(b) for b in range(1, 13))
HEATING_NOVEMBER = {"3": 0.30, "7": 0.25, **{b: 0.045 for b in BUILDINGS if b not in ("3", "7")}}


def split(n: int, weights: dict[str, float]) -> dict[str, int]:
    """``n`` tickets over buildings by weight (largest remainder, ties by order)."""
    exact = {b: n * w / sum(weights.values()) for b, w in weights.items()}
    counts = {b: int(v) for b, v in exact.items()}
    rest = sorted(exact, key=lambda b: -(exact[b] - counts[b]))
    for b in rest[:n - sum(counts.values())]:
        counts[b] += 1
    return counts


def month_tickets(year: int, month: int) -> list[tuple[str, str, datetime]]:
    """(category, building, opened at) of every ticket of one month."""
    rows = []
    for category, per_month in SEASONS.items():
        n = per_month[month - 1]
        weights = (HEATING_NOVEMBER if (category, month) == (HEATING, 11)
                   else dict.fromkeys(BUILDINGS, 1.0))
        i = 0
        for building, k in split(n, weights).items():
            for _ in range(k):
                day = 1 + i % 28
                rows.append((category, building, datetime(year, month, day, 10, tzinfo=TZ)))
                i += 1
    return rows


async def seed_history(uow, start: tuple[int, int] = (2024, 11), months: int = 24) -> int:
    """Adds ``months`` months of tickets from ``start`` (not committed); returns how many."""
    resident = await add_resident(uow)
    year, month = start
    added = 0
    for _ in range(months):
        rows = [Ticket(code=f"S-{year}{month:02d}-{i:04d}", resident_id=resident.id,
                       status="closed", category=c, category_level1=c.split("/")[0],
                       building=b, created_at=at)
                for i, (c, b, at) in enumerate(month_tickets(year, month))]
        await uow.tickets.add_all(rows)
        added += len(rows)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return added
