"""Which unit holds a new ticket, and which staff group a unit works in."""

from __future__ import annotations

from domain.units.kinds import Route, UnitKind, building_key
from storage.models import Unit


async def home_unit(uow, building: str | None) -> Unit | None:
    """The unit a new ticket from ``building`` goes to.

    The community the building is mapped to; else the dispatch desk (the oldest, if there
    are several); else, with no desk (a single community, today's default), the oldest
    community. None only when there is no unit at all.
    """
    key = building_key(building)
    if key is not None:
        mapped = await uow.units.route(Route.BUILDING.value, key)
        if mapped is not None and mapped.active:
            return mapped
    units = [u for u in await uow.units.list_all() if u.active]
    for kind in (UnitKind.DESK, UnitKind.COMMUNITY):
        for unit in units:
            if unit.kind == kind:
                return unit
    return None


def chat_of(unit: Unit | None, configured: int | None) -> int | None:
    """The unit's staff group.

    A unit without a group of its own (or no unit) uses the configured staff group
    (``FRONTDOOR_STAFF_CHAT_ID``).
    """
    if unit is not None and unit.chat_id is not None:
        return unit.chat_id
    return configured
