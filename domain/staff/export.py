"""A list of tickets for a spreadsheet: opened in a period, filtered, phones masked.

The same rows feed ``frontdoor report tickets --format csv`` and the staff group's
``/export``. Times stay aware datetimes here; whoever writes them shows them in local time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.ports import UowFactory
from domain.privacy import for_staff
from domain.staff.roster import member
from domain.staff.search import building_spellings
from domain.staff.views import mask_phone, place_of

COLUMNS = ("code", "created", "status", "urgency", "category", "building", "place", "phone",
           "description", "assignee", "department", "respond_due", "resolve_due", "resolved",
           "excluded")
"""The export's columns, in order (their headings are in the text catalogues)."""


@dataclass(frozen=True)
class ExportRow:
    """One ticket as a supervisor's spreadsheet shows it: no full phone number."""

    code: str
    created: datetime
    status: str
    urgency: str
    category: str
    building: str
    place: str
    phone: str
    description: str
    assignee: str
    department: str
    respond_due: datetime | None
    resolve_due: datetime | None
    resolved: datetime | None
    excluded: str


async def rows(uow_factory: UowFactory, start: datetime, end: datetime, *,
               statuses: Sequence[str] = (), category: str | None = None,
               building: str | None = None) -> list[ExportRow]:
    """Tickets opened in [start, end), oldest first, with the filters given."""
    async with uow_factory() as uow:
        return await _rows(uow, start, end, statuses, category, building)


async def rows_for_staff(uow_factory: UowFactory, telegram_user_id: int, start: datetime,
                         end: datetime) -> list[ExportRow]:
    """The same, asked from the staff group: staff only (raises NotStaff otherwise)."""
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)
        return await _rows(uow, start, end, (), None, None)


async def _rows(uow, start, end, statuses, category, building) -> list[ExportRow]:
    found = await uow.tickets.listing(
        start, end, statuses=statuses, category=category,
        buildings=building_spellings(building) if building else ())
    names: dict[int, str] = {}
    out = []
    for t in found:
        if t.assignee_id and t.assignee_id not in names:
            staff = await uow.staff.get(t.assignee_id)
            names[t.assignee_id] = staff.display_name if staff else ""
        out.append(ExportRow(
            code=t.code, created=t.created_at, status=t.status, urgency=t.urgency,
            category=t.category, building=t.building or "", place=for_staff(place_of(t)) or "",
            phone=mask_phone(t.contact_phone_normalized or t.contact_phone),
            description=for_staff(t.description) or "",
            assignee=names.get(t.assignee_id, "") if t.assignee_id else "",
            department=t.department or "", respond_due=t.respond_due_at,
            resolve_due=t.resolve_due_at, resolved=t.resolved_at,
            excluded=(for_staff(t.exclusion_reason) or "") if t.excluded_from_kpi else ""))
    return out
