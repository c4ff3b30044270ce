"""Deadlines per category and level (data in ``domain/data/sla.tsv``): respond by, resolve by."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

SLA_FILE = Path(__file__).parent / "data" / "sla.tsv"
DEFAULT_KEY = "*"
LEVELS = ("normal", "urgent", "emergency")  # lowest first


@dataclass(frozen=True)
class Sla:
    """How long staff have to answer and to solve a ticket of one category and level."""

    respond: timedelta
    resolve: timedelta

    def deadlines(self, opened_at: datetime) -> tuple[datetime, datetime]:
        """The respond-by and resolve-by times of a ticket opened at ``opened_at``."""
        return opened_at + self.respond, opened_at + self.resolve


Table = dict[tuple[str, str], Sla]


@lru_cache(maxsize=4)
def load_table(path: Path = SLA_FILE) -> Table:
    """Reads the SLA table: (category prefix, level) -> Sla."""
    rows = (line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#")
    table: Table = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        if row["level"] not in LEVELS:
            raise ValueError(f"{path}: unknown level {row['level']!r}")
        table[(row["category"], row["level"])] = Sla(
            respond=timedelta(hours=float(row["respond_hours"])),
            resolve=timedelta(hours=float(row["resolve_hours"])),
        )
    missing = [lv for lv in LEVELS if (DEFAULT_KEY, lv) not in table]
    if missing:
        raise ValueError(f"{path}: the default rows '{DEFAULT_KEY}' lack {missing}")
    return table


def _row(category: str | None, level: str, table: Table) -> Sla:
    """The row of the longest matching prefix that has ``level``."""
    parts = (category or "").split("/")
    for size in range(len(parts), 0, -1):
        found = table.get(("/".join(parts[:size]), level))
        if found is not None:
            return found
    return table[(DEFAULT_KEY, level)]


def sla_for(category: str | None, level: str = "normal", *, emergency: bool = False,
            table: Table | None = None) -> Sla:
    """The SLA of a category path at a level (``emergency=True`` is the emergency level).

    A level's deadlines are never later than a lower level's for the same category.
    """
    table = table or load_table()
    level = "emergency" if emergency else (level if level in LEVELS else "normal")
    rows = [_row(category, lv, table) for lv in LEVELS[: LEVELS.index(level) + 1]]
    return Sla(respond=min(r.respond for r in rows), resolve=min(r.resolve for r in rows))
