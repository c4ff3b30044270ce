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

    In a unit without a group of its own (it works in the configured staff group: today's
    single community) the global role decides, as before units, for its members and for
    members of no unit at all (added with /staff_add).
    """
    rows = await uow.units.memberships(member.id)
    mine = [UnitRole(r.role) for r in rows if r.unit_id == unit.id]
    if unit.chat_id is None and (mine or not rows):
        return UnitRole.WORKER if member.role == "worker" else UnitRole.SUPERVISOR
    return mine[0] if mine else None


async def require(uow, member: StaffMember, unit: Unit, at_least: UnitRole) -> None:
    """Raises NotInUnit unless the member is street leader or has ``at_least`` in ``unit``."""
    if member.street_leader:
        return
    role = await role_in(uow, member, unit)
    if role is None or _RANK[role] < _RANK[at_least]:
        raise NotInUnit(f"not {at_least.value} of unit {unit.id}")
