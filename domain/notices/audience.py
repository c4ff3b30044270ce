"""The area rule: whom a notice reaches.

A resident's area is what they told us: the building/unit of their tickets, or the
address they set (kept on the resident). A notice for buildings or units reaches the
subscribers of its topic who live or reported there; with no place it is city-wide and
reaches every subscriber of the topic. A ticket category narrows it to residents who
reported that kind of problem (in the last ``months`` months). Residents who blocked the
bot or erased their data are never recipients.

An **emergency** reaches every resident of its area whatever their subscriptions, as a
cell-broadcast alert does: a resident who turned the topic (or every topic) off still gets
an evacuation notice for their building, and never an ordinary one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from domain.errors import DomainError
from domain.notices.topics import default_on, is_topic

DAYS_PER_MONTH = 30.44


class UnknownTopic(DomainError):
    """The notice names a topic that does not exist."""


async def recipients(
    uow,
    topic: str,
    buildings: Sequence[str] | None = None,
    units: Sequence[tuple[str, str]] | None = None,
    ticket_category: str | None = None,
    months: int | None = None,
    *,
    now: datetime | None = None,
    emergency: bool = False,
) -> list[int]:
    """Ids of the residents the notice targets, in id order (inside an open unit of work).

    Raises:
        UnknownTopic: when ``topic`` is not a notice topic.
    """
    if not is_topic(topic):
        raise UnknownTopic(topic)
    since = None
    if ticket_category and months:
        since = (now or datetime.now(UTC)) - timedelta(days=DAYS_PER_MONTH * months)
    return await uow.audience.resident_ids(
        topic, default_on=default_on(topic), buildings=_clean(buildings),
        units=[(str(b), str(u)) for b, u in units or ()], category=ticket_category or None,
        since=since, everyone=emergency)


async def opted_out(uow, topic: str, ids: Sequence[int], **where) -> int:
    """How many of an emergency's recipients ``ids`` an ordinary notice would not reach.

    ``where`` is the same area as for ``recipients`` (buildings, units, category, ...).
    """
    subscribed = set(await recipients(uow, topic, **where))
    return sum(1 for rid in ids if rid not in subscribed)


def _clean(buildings: Sequence[str] | None) -> list[str]:
    """Building names as stored (strings, no blanks)."""
    return [str(b).strip() for b in buildings or () if str(b).strip()]
