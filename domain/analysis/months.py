"""Calendar months in the office's time zone: ``2026-10`` and the twelve before it."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.errors import DomainError

_MONTH = re.compile(r"(\d{4})-(\d{2})")


class BadMonth(DomainError):
    """A month that is not written YYYY-MM (e.g. 2026-10)."""

    code = "bad_month"


def parse(value: str) -> tuple[int, int]:
    """``"2026-10"`` as ``(2026, 10)``; ``BadMonth`` for anything else."""
    match = _MONTH.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1971:
        raise BadMonth(f"not a month (YYYY-MM, e.g. 2026-10): {value!r}")
    return int(match[1]), int(match[2])


def shift(year: int, month: int, by: int) -> tuple[int, int]:
    """The month ``by`` months after (or before, if negative) ``year-month``."""
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def label(year: int, month: int) -> str:
    """``2026-10``."""
    return f"{year:04d}-{month:02d}"


def window(value: str, tz: ZoneInfo, back: int = 12) -> tuple[list[str], list[datetime]]:
    """The labels of ``back`` months before ``value`` and ``value`` itself, and their bounds.

    ``bounds[i]`` is the first instant of month ``i`` in ``tz``; the last bound is the end
    (exclusive) of ``value``: ``len(bounds) == len(labels) + 1``.
    """
    year, month = parse(value)
    months = [shift(year, month, i) for i in range(-back, 2)]
    bounds = [datetime(y, m, 1, tzinfo=tz) for y, m in months]
    return [label(y, m) for y, m in months[:-1]], bounds
