"""The kinds of request in the demo community and how they rise and fall with the seasons.

Data in ``data/categories.tsv``: heating in winter (Nov–Mar), flooding and leaking roofs in
the rainy season (Jul–Aug), catkins in spring, power cuts and mosquitoes in the summer heat.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

CATEGORIES_FILE = Path(__file__).parent / "data" / "categories.tsv"


@dataclass(frozen=True)
class Kind:
    """One kind of request: its taxonomy path and how it behaves."""

    category: str
    weight: float
    months: tuple[float, ...]  # factor per month, January first
    department: str | None  # where it may be transferred
    emergency: float  # share of emergencies
    keywords: str  # a regular expression that finds such titles in a ticket history
    work_hours: float  # typical time from claim to resolved

    def share(self, month: int) -> float:
        """The kind's weight in a month (1 = January)."""
        return self.weight * self.months[month - 1]


@lru_cache(maxsize=2)
def load_kinds(path: Path = CATEGORIES_FILE) -> tuple[Kind, ...]:
    """Reads the kinds of request, in file order."""
    lines = (line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#")
    kinds = []
    for row in csv.DictReader(lines, delimiter="\t"):
        months = tuple(float(v) for v in row["months"].split())
        if len(months) != 12:
            raise ValueError(f"{path}: {row['category']} needs 12 monthly factors")
        kinds.append(Kind(row["category"], float(row["weight"]), months,
                          row["department"] or None, float(row["emergency"]),
                          row["keywords"], float(row["work_hours"])))
    return tuple(kinds)


def month_volume(month: int, kinds: tuple[Kind, ...]) -> float:
    """How busy a month is: the sum of every kind's share."""
    return sum(kind.share(month) for kind in kinds)


def cumulative_by_month(kinds: tuple[Kind, ...]) -> dict[int, list[float]]:
    """Per month, the cumulative shares of the kinds (for ``random.choices``)."""
    return {month: list(accumulate(kind.share(month) for kind in kinds))
            for month in range(1, 13)}
