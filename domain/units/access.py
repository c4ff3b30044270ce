"""Who may act for a unit: its members by their role there, and the street leader."""

from __future__ import annotations

from domain.errors import DomainError
from domain.units.kinds import UnitRole
from storage.models import StaffMember, Unit

_RANK = {UnitRole.WORKER: 1, UnitRole.SUPERVISOR: 2}


class NotInUnit(DomainError):
    """The staff member does not work in the unit (or not with a role that may do this)."""

    code = "unit_not_member"


async def role_in(uow, member: StaffMember, unit: Unit) -> UnitRole | None:
    """The member's role in ``unit``, or None.

    A member with no unit at all (added with /staff_add) works, by their global role, in
    the units that have no group of their own: today's single community.
    """
    rows = await uow.units.memberships(member.id)
    for row in rows:
        if row.unit_id == unit.id:
            return UnitRole(row.role)
    if not rows and unit.chat_id is None:
        return UnitRole.WORKER if member.role == "worker" else UnitRole.SUPERVISOR
    return None


async def require(uow, member: StaffMember, unit: Unit, at_least: UnitRole) -> None:
    """Raises NotInUnit unless the member is street leader or has ``at_least`` in ``unit``."""
    if member.street_leader:
        return
    role = await role_in(uow, member, unit)
    if role is None or _RANK[role] < _RANK[at_least]:
        raise NotInUnit(f"not {at_least.value} of unit {unit.id}")
