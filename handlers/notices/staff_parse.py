"""Reading what a staff member typed: a send time, a ticket category with months."""

from __future__ import annotations

import re
from datetime import datetime

from nlu.categories import SEP, load_taxonomy
from nlu.entities.datetimes import find_datetimes
from nlu.entities.normalize import normalize

DEFAULT_MONTHS = 12
_MONTHS = re.compile(r"\s*(\d{1,2})\s*(?:个月|月|months?|m)?\s*$", re.IGNORECASE)


def parse_when(value: str, now: datetime) -> datetime | None:
    """``明天 09:00`` or ``2026-11-24 09:00`` as a time in ``now``'s zone; None if unclear.

    Only a day with a clock time counts: "明天" alone does not say when to send.
    """
    for span in find_datetimes(normalize(value.strip()), now):
        if span.normalized.get("grain") in ("minute", "hour"):
            return datetime.fromisoformat(span.normalized["start"])
    return None


def parse_category(value: str) -> tuple[str, int] | None:
    """``冬季采暖 6`` / ``城乡建设/城市建设和市政管理 3`` as (taxonomy path, months).

    The category is a path, or the last part of exactly one path; months default to 12.
    """
    value = value.strip()
    months = DEFAULT_MONTHS
    found = _MONTHS.search(value)
    if found and found.start() > 0:
        months, value = int(found.group(1)), value[:found.start()].strip()
    taxonomy = load_taxonomy()
    try:
        return taxonomy.resolve(value), months
    except KeyError:
        pass
    matches = [n for n in taxonomy.nodes if n.rsplit(SEP, 1)[-1] == value]
    return (matches[0], months) if len(matches) == 1 else None
