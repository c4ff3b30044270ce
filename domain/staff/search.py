"""/search in the staff group: tickets by code, phone tail, building or words.

A ticket code, a phone's last four digits, a building, or words of the description. Staff
only; what it returns shows no full phone number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.ports import UowFactory
from domain.staff.queries import held_in
from domain.staff.roster import member
from domain.staff.views import TicketView, view_of

LIMIT = 8
"""At most this many tickets in one answer (one button each), the newest first."""
MAX_QUERY = 100
_CODE = re.compile(r"^[A-Za-z]{1,6}-\d{6,8}-\d{1,6}$|^[A-Za-z]{1,6}-\d{1,8}$")
_PHONE_TAIL = re.compile(r"^(?:尾号|电话|手机|phone)?\s*(\d{4})$", re.IGNORECASE)
_BUILDING = re.compile(r"^(\d{1,3}|[0-9A-Za-z]{1,4}(?=号楼|楼|栋|座))(?:号楼|楼|栋|座)?$")
_SPACES = re.compile(r"[\s,，、]+")


@dataclass(frozen=True)
class Query:
    """What was asked: exactly one of a code, a phone tail, a building or words."""

    code: str | None = None
    phone_tail: str | None = None
    building: str | None = None
    words: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing to look for."""
        return not (self.code or self.phone_tail or self.building or self.words)


def parse(value: str) -> Query:
    """What a /search asks for, read once.

    ``JS-20261123-0042`` a code; ``5678`` / ``尾号5678`` a phone's last four digits;
    ``5`` / ``5号楼`` a building; anything else: words, each in the description.
    """
    value = value.strip()[:MAX_QUERY]
    if _CODE.match(value):
        return Query(code=value.upper())
    found = _PHONE_TAIL.match(value)
    if found:
        return Query(phone_tail=found.group(1))
    found = _BUILDING.match(value)
    if found:
        return Query(building=found.group(1))
    return Query(words=tuple(w for w in _SPACES.split(value) if w))


def building_spellings(building: str) -> list[str]:
    """How one building may be stored: ``5``, ``5号楼``, ``5栋``, ``5楼``, ``5座``."""
    return [building, *(building + suffix for suffix in ("号楼", "栋", "楼", "座"))]


async def search(uow_factory: UowFactory, telegram_user_id: int, query: Query,
                 limit: int = LIMIT, *, group: int | None = None,
                 configured: int | None = None) -> list[TicketView]:
    """The matching tickets as staff see them (staff only: raises NotStaff otherwise).

    Only those the asker's staff group works on (``queries.held_in``).
    """
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)
        if query.empty:
            return []
        rows = await uow.tickets.search(
            code=query.code, phone_tail=query.phone_tail,
            buildings=building_spellings(query.building) if query.building else (),
            words=query.words, limit=limit, held=await held_in(uow, group, configured))
        return [await view_of(uow, t) for t in rows]
