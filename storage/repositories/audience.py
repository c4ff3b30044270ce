"""Who a notice reaches: subscribers of a topic, by place and by ticket history.

Plain filters; the rules (which topics are on by default, what counts as a resident's
area) are the caller's and arrive as arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Resident, Subscription, Ticket


class AudienceQueries:
    """Resident ids matching a notice's audience."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def resident_ids(
        self,
        topic: str,
        *,
        default_on: bool,
        buildings: Sequence[str] | None = None,
        units: Sequence[tuple[str, str]] | None = None,
        category: str | None = None,
        since: datetime | None = None,
        everyone: bool = False,
    ) -> list[int]:
        """Reachable, not erased residents subscribed to ``topic``, in id order.

        Args:
            topic: the notice topic.
            default_on: whether a resident without a row for the topic counts as subscribed.
            buildings: residents whose address, or a ticket of theirs, is in these buildings.
            units: the same for (building, unit) pairs; with ``buildings``, either matches.
            category: residents with a ticket of this category (a taxonomy path or prefix).
            since: with ``category``, only tickets created at or after this time.
            everyone: subscriptions do not count (an emergency reaches the whole area).
        """
        row = select(Subscription.enabled).where(
            Subscription.resident_id == Resident.id, Subscription.topic == topic
        ).scalar_subquery()
        subscribed = or_(row.is_(True), row.is_(None) if default_on else false())
        stmt = select(Resident.id).where(Resident.erased_at.is_(None), Resident.reachable.is_(True))
        if not everyone:
            stmt = stmt.where(subscribed)
        place = _place(buildings, units)
        if place is not None:
            stmt = stmt.where(place)
        if category:
            stmt = stmt.where(_history(category, since))
        return list(await self.session.scalars(stmt.order_by(Resident.id)))


def _place(buildings: Sequence[str] | None, units: Sequence[tuple[str, str]] | None):
    """The resident's own address, or any ticket of theirs, is in one of the places."""
    if not buildings and not units:
        return None
    own, ticketed = [], []
    if buildings:
        own.append(Resident.building.in_(list(buildings)))
        ticketed.append(Ticket.building.in_(list(buildings)))
    for building, unit in units or ():
        own.append(and_(Resident.building == building, Resident.unit == unit))
        ticketed.append(and_(Ticket.building == building, Ticket.unit == unit))
    by_ticket = exists().where(Ticket.resident_id == Resident.id, or_(*ticketed))
    return or_(*own, by_ticket)


def _history(category: str, since: datetime | None):
    """The resident opened a ticket of ``category`` (or below it), since ``since``."""
    below = Ticket.category.startswith(f"{category}/", autoescape=True)
    match = or_(Ticket.category == category, below)
    where = [Ticket.resident_id == Resident.id, match]
    if since is not None:
        where.append(Ticket.created_at >= since)
    return exists().where(*where)
