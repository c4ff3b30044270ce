"""The buildings of the community and their requests per period, for the buildings grid.

No rule lives here: ``domain.web.buildings`` merges the spellings and colours the cells.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Resident, Ticket
from storage.models.units import UnitRoute
from storage.repositories.web_scope import belongs


class WebBuildingQueries:
    """Read-only queries for the buildings page."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def known(self) -> set[str]:
        """Buildings residents gave and buildings routed to a community, as written."""
        residents = select(Resident.building).where(Resident.building.is_not(None)).distinct()
        routed = select(UnitRoute.key).where(UnitRoute.what == "building")
        return {b for stmt in (residents, routed) for b in await self.session.scalars(stmt)}

    async def requests(self, start: datetime, end: datetime,
                       unit_ids: Collection[int] | None) -> dict[str, int]:
        """Tickets opened in ``[start, end)`` per building as written (the viewer's only)."""
        t = Ticket
        stmt = (select(t.building, func.count())
                .where(t.created_at >= start, t.created_at < end, t.building.is_not(None),
                       belongs(unit_ids))
                .group_by(t.building))
        return {b: int(n) for b, n in await self.session.execute(stmt)}
