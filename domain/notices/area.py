"""A resident's own area for notices: the building (and unit) they set themselves.

It stands beside the places of their tickets (``domain.notices.audience``): a notice for a
building reaches a subscriber who lives there or reported there. Setting it is optional;
clearing it leaves only the tickets.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.notices.subscriptions import Person, _resident
from domain.ports import UowFactory

MAX_PART = 16  # characters of a building or unit name


@dataclass(frozen=True)
class Area:
    """A building and, optionally, a unit; both None when not set."""

    building: str | None = None
    unit: str | None = None


async def area_of(uow_factory: UowFactory, person: Person) -> Area:
    """The area the resident set (or that their last ticket left), or an empty one."""
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(person.telegram_user_id)
        if resident is None or resident.erased_at is not None:
            return Area()
        return Area(resident.building or None, resident.unit or None)


async def set_area(uow_factory: UowFactory, person: Person, area: Area) -> Area:
    """Stores the resident's area (an empty ``Area`` clears it); returns what is stored."""
    building = (area.building or "").strip()[:MAX_PART] or None
    unit = (area.unit or "").strip()[:MAX_PART] or None if building else None
    async with uow_factory() as uow:
        resident = await _resident(uow, person)
        resident.building, resident.unit = building, unit
        if building is None:
            resident.room = None
        await uow.commit()
    return Area(building, unit)
