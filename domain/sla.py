"""Deadlines per category (data in ``domain/data/sla.tsv``): respond by, resolve by."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

SLA_FILE = Path(__file__).parent / "data" / "sla.tsv"
DEFAULT_KEY = "*"
EMERGENCY_KEY = "!emergency"


@dataclass(frozen=True)
class Sla:
    """How long staff have to answer and to solve a ticket of one category."""

    respond: timedelta
    resolve: timedelta

    def deadlines(self, opened_at: datetime) -> tuple[datetime, datetime]:
        """The respond-by and resolve-by times of a ticket opened at ``opened_at``."""
        return opened_at + self.respond, opened_at + self.resolve


@lru_cache(maxsize=4)
def load_table(path: Path = SLA_FILE) -> dict[str, Sla]:
    """Reads the SLA table: category prefix -> Sla."""
    rows = (line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#")
    table: dict[str, Sla] = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        table[row["category"]] = Sla(
            respond=timedelta(hours=float(row["respond_hours"])),
            resolve=timedelta(hours=float(row["resolve_hours"])),
        )
    if DEFAULT_KEY not in table:
        raise ValueError(f"{path}: the default row '{DEFAULT_KEY}' is missing")
    return table


def sla_for(category: str | None, *, emergency: bool = False, table: dict | None = None) -> Sla:
    """The SLA of a category path: the longest matching prefix, else the default."""
    table = table or load_table()
    if emergency and EMERGENCY_KEY in table:
        return table[EMERGENCY_KEY]
    parts = (category or "").split("/")
    for size in range(len(parts), 0, -1):
        prefix = "/".join(parts[:size])
        if prefix in table:
            return table[prefix]
    return table[DEFAULT_KEY]
