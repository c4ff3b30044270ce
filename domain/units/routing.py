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


async def own_group(uow, unit_id: int | None) -> int | None:
    """The staff group of the unit holding a ticket, or None: the configured staff group."""
    if unit_id is None:
        return None
    unit = await uow.units.get(unit_id)
    return unit.chat_id if unit is not None else None


async def units_in_group(uow, chat_id: int, configured: int | None) -> list[int | None]:
    """The units working in a staff group (None stands for tickets held by no unit).

    The configured staff group is also the group of every unit without one of its own.
    """
    units = await uow.units.list_all()
    found: list[int | None] = [u.id for u in units if u.chat_id == chat_id]
    if chat_id == configured:
        found += [u.id for u in units if u.chat_id is None] + [None]
    return found


async def ticket_group(uow_factory, ticket_id: int) -> int | None:
    """``own_group`` of a ticket, in its own unit of work."""
    async with uow_factory() as uow:
        ticket = await uow.tickets.get(ticket_id)
        return await own_group(uow, ticket.unit_id if ticket is not None else None)


async def unit_groups(uow_factory) -> list[int]:
    """Every unit's own staff group (the configured one is added by the caller)."""
    async with uow_factory() as uow:
        return [u.chat_id for u in await uow.units.list_all() if u.chat_id is not None]
