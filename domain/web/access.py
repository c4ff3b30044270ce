"""What a staff member may see in the web view, read from the database at every request.

- A street leader, an admin, and anyone in the dispatch desk see the whole street.
- Someone in one or more units (communities, departments) sees those units' tickets: the
  tickets a unit holds and the tickets with a work order at it.
- Staff of a community without units (no memberships at all) see everything: they are the
  one staff group, as in the bot.
"""

from __future__ import annotations

from domain.web.viewer import Viewer
from storage.models import StaffMember

EVERYTHING = ("admin",)


async def viewer_for(uow, staff: StaffMember) -> Viewer:
    """The viewer a staff member is today (roles and memberships as they are now)."""
    memberships = await uow.units.memberships(staff.id)
    unit_ids: frozenset[int] | None = frozenset(m.unit_id for m in memberships)
    if staff.street_leader or staff.role in EVERYTHING or not unit_ids:
        unit_ids = None
    else:
        kinds = {u.id: u.kind for u in await uow.units.list_all()}
        if any(kinds.get(unit_id) == "desk" for unit_id in unit_ids):
            unit_ids = None
    return Viewer(staff_id=staff.id, display_name=staff.display_name, role=staff.role,
                  street_leader=staff.street_leader, unit_ids=unit_ids)
