"""Staff members and their roles: who may do what in the staff chat."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from domain.errors import DomainError
from domain.ports import UowFactory
from domain.tickets import Action
from domain.units.access import NotInUnit, role_in
from storage.models import StaffMember


class Role(StrEnum):
    """A staff member's role; each includes the powers of the ones before it."""

    WORKER = "worker"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


RANK = {Role.WORKER: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}
# The lowest role that may take an action on any ticket; the assignee may always resolve
# and transfer their own ticket.
_NEEDS = {Action.CLAIM: Role.WORKER, Action.REPLY: Role.WORKER,
          Action.RESOLVE: Role.SUPERVISOR, Action.TRANSFER: Role.SUPERVISOR,
          Action.EXCLUDE: Role.SUPERVISOR, Action.REOPEN: Role.SUPERVISOR}
_ASSIGNEE_MAY = frozenset({Action.RESOLVE, Action.TRANSFER})


class NotStaff(DomainError):
    """The user is not an active staff member."""

    code = "staff_not_staff"


class NotAllowed(DomainError):
    """The staff member's role does not allow this."""

    code = "staff_not_allowed"


class UnknownRole(DomainError):
    """The role is not worker, supervisor or admin."""

    code = "staff_bad_role"


@dataclass(frozen=True)
class Staff:
    """A staff member as the handlers see it."""

    id: int
    telegram_user_id: int
    name: str
    role: Role

    def at_least(self, role: Role) -> bool:
        """True if this member's role is ``role`` or higher."""
        return RANK[self.role] >= RANK[role]


def as_staff(member: StaffMember) -> Staff:
    """The plain view of a stored member."""
    return Staff(member.id, member.telegram_user_id, member.display_name, Role(member.role))


def may(staff: Staff, action: Action, assignee_id: int | None) -> bool:
    """Whether ``staff`` may take ``action`` on a ticket held by ``assignee_id``."""
    if action in _ASSIGNEE_MAY and assignee_id == staff.id:
        return True
    return staff.at_least(_NEEDS.get(action, Role.ADMIN))


async def as_in_unit(uow, staff: Staff, unit_id: int | None) -> Staff:
    """The member with their role in the unit holding a ticket (docs/units.md).

    An admin or the street leader acts in every unit (the leader as a supervisor); anyone
    else only in a unit they work in, with their role there. Raises NotInUnit otherwise.
    """
    if unit_id is None or staff.role is Role.ADMIN:
        return staff
    row, unit = await uow.staff.get(staff.id), await uow.units.get(unit_id)
    if row.street_leader:
        return replace(staff, role=Role.SUPERVISOR)
    role = await role_in(uow, row, unit)
    if role is None:
        raise NotInUnit(f"not in unit {unit_id}")
    return replace(staff, role=Role(role.value))


async def active_row(uow, telegram_user_id: int) -> StaffMember:
    """The stored active staff member with this Telegram id; raises NotStaff otherwise."""
    row = await uow.staff.get_by_telegram_id(telegram_user_id)
    if row is None or not row.active:
        raise NotStaff("user is not active staff")
    return row


async def member(uow, telegram_user_id: int) -> Staff:
    """The active staff member with this Telegram id; raises NotStaff otherwise."""
    return as_staff(await active_row(uow, telegram_user_id))


async def find(uow_factory: UowFactory, telegram_user_id: int) -> Staff:
    """``member`` in its own unit of work."""
    async with uow_factory() as uow:
        return await member(uow, telegram_user_id)


async def seed_admin(uow_factory: UowFactory, telegram_user_id: int | None, now: datetime) -> bool:
    """Makes the configured first admin an active admin; True if anything changed."""
    if telegram_user_id is None:
        return False
    async with uow_factory() as uow:
        row = await uow.staff.get_by_telegram_id(telegram_user_id)
        if row is not None and row.active and row.role == Role.ADMIN:
            return False
        if row is None:
            await uow.staff.add(StaffMember(telegram_user_id=telegram_user_id, display_name="admin",
                                            role=Role.ADMIN.value, created_at=now))
        else:
            row.role, row.active = Role.ADMIN.value, True
        await uow.commit()
        return True


async def add_member(uow_factory: UowFactory, admin_telegram_id: int, telegram_user_id: int,
                     role: str, name: str) -> Staff:
    """An admin adds (or re-activates, or changes the role of) a staff member."""
    if role not in Role.__members__.values():
        raise UnknownRole(role)
    async with uow_factory() as uow:
        if not (await member(uow, admin_telegram_id)).at_least(Role.ADMIN):
            raise NotAllowed("only admins manage staff")
        row = await uow.staff.get_by_telegram_id(telegram_user_id)
        if row is None:
            row = await uow.staff.add(StaffMember(
                telegram_user_id=telegram_user_id, display_name=name[:128], role=role))
        else:
            row.role, row.active, row.display_name = role, True, name[:128]
        await uow.commit()
        return as_staff(row)


async def remove_member(uow_factory: UowFactory, admin_telegram_id: int,
                        telegram_user_id: int) -> bool:
    """An admin deactivates a member (kept for the audit trail); False if not active."""
    async with uow_factory() as uow:
        if not (await member(uow, admin_telegram_id)).at_least(Role.ADMIN):
            raise NotAllowed("only admins manage staff")
        row = await uow.staff.get_by_telegram_id(telegram_user_id)
        if row is None or not row.active:
            return False
        row.active = False
        await uow.commit()
        return True


async def list_members(uow_factory: UowFactory, telegram_user_id: int) -> list[Staff]:
    """Every active member, for any staff member who asks."""
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)
        return [as_staff(m) for m in await uow.staff.list_active()]


async def supervisors(uow) -> list[Staff]:
    """Active supervisors and admins (they receive overdue notices and full contacts)."""
    rows = await uow.staff.list_active([Role.SUPERVISOR.value, Role.ADMIN.value])
    return [as_staff(m) for m in rows]
