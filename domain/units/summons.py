"""吹哨: a street supervisor summons an overdue order's unit head; the head reports (报到).

Who may summon: an admin, the street leader, or a supervisor of the dispatch desk. Who may
answer: a supervisor of the order's unit (its head). Each is recorded once (a second tap
changes nothing and sends nothing) and audited on the ticket.
"""

from __future__ import annotations

from datetime import datetime

from domain.errors import DomainError
from domain.ports import UowFactory
from domain.staff.roster import active_row
from domain.units.access import role_in
from domain.units.escalation import Escalation, describe, still_overdue
from domain.units.kinds import UnitRole
from storage.models import StaffMember


class NotStreet(DomainError):
    """Only a street supervisor or the street leader may summon a unit's head."""

    code = "escalation_not_street"


class NotHead(DomainError):
    """Only a supervisor of the order's unit answers its summons."""

    code = "escalation_not_head"


class NoSummons(DomainError):
    """No such escalation, its order moved on (no summons), or not summoned yet (no 报到)."""

    code = "escalation_stale"


async def _street(uow, member: StaffMember) -> bool:
    if member.role == "admin" or member.street_leader:
        return True
    for desk in await uow.escalations.desks():
        if await role_in(uow, member, desk) is UnitRole.SUPERVISOR:
            return True
    return False


async def summon(uow_factory: UowFactory, telegram_user_id: int, escalation_id: int, *,
                 now: datetime, update_id: int | None = None) -> Escalation | None:
    """Records the summons; the escalation to announce, or None when blown already."""
    async with uow_factory() as uow:
        member = await active_row(uow, telegram_user_id)
        if not await _street(uow, member):
            raise NotStreet(f"staff {member.id} is not a street supervisor")
        row = await uow.escalations.get(escalation_id)
        if row is None or not still_overdue(await uow.orders.get(row.order_id), row.kind):
            raise NoSummons(f"escalation {escalation_id} is gone or its order moved on")
        if not await uow.escalations.summon(row.id, member.id, now):
            return None
        await uow.events.append(row.ticket_id, "order_summoned", "staff", member.id, at=now,
                                update_id=update_id,
                                payload={"order": row.order_id, "kind": row.kind})
        done = await describe(uow, row, now)
        await uow.commit()
        return done


async def answer(uow_factory: UowFactory, telegram_user_id: int, escalation_id: int, *,
                 now: datetime, update_id: int | None = None) -> Escalation | None:
    """The unit's head reports (报到); the escalation, or None when answered already."""
    async with uow_factory() as uow:
        member = await active_row(uow, telegram_user_id)
        row = await uow.escalations.get(escalation_id)
        if row is None or row.summoned_at is None:
            raise NoSummons(f"escalation {escalation_id} has no summons")
        unit = await uow.units.get((await uow.orders.get(row.order_id)).unit_id)
        if await role_in(uow, member, unit) is not UnitRole.SUPERVISOR:
            raise NotHead(f"staff {member.id} is not a supervisor of unit {unit.id}")
        if not await uow.escalations.answer(row.id, member.id, now):
            return None
        await uow.events.append(row.ticket_id, "order_summons_answered", "staff", member.id,
                                at=now, update_id=update_id,
                                payload={"order": row.order_id, "kind": row.kind})
        done = await describe(uow, row, now)
        await uow.commit()
        return done
