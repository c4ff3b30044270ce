"""Residents, staff members and notice subscriptions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select, update

from storage.models import Resident, StaffMember, Subscription, utcnow
from storage.repositories.base import Repository
from storage.repositories.dialect import upsert


class Residents(Repository[Resident]):
    """Residents, found by id or Telegram user id."""

    model = Resident

    async def get_by_telegram_id(self, telegram_user_id: int) -> Resident | None:
        """The resident with this Telegram user id, or None."""
        stmt = select(Resident).where(Resident.telegram_user_id == telegram_user_id)
        return await self.session.scalar(stmt)

    async def list_by_ids(self, ids: Sequence[int]) -> list[Resident]:
        """The residents with these ids, in id order."""
        if not ids:
            return []
        stmt = select(Resident).where(Resident.id.in_(list(ids))).order_by(Resident.id)
        return list(await self.session.scalars(stmt))

    async def ids_in(
        self,
        buildings: Sequence[str] | None = None,
        units: Sequence[tuple[str, str]] | None = None,
        reachable_only: bool = True,
    ) -> list[int]:
        """Ids of residents, not erased, whose last known address is in the given places.

        With neither ``buildings`` nor ``units`` every resident matches.
        """
        stmt = select(Resident.id).where(Resident.erased_at.is_(None)).order_by(Resident.id)
        if reachable_only:
            stmt = stmt.where(Resident.reachable.is_(True))
        places = []
        if buildings:
            places.append(Resident.building.in_(list(buildings)))
        for building, unit in units or ():
            places.append((Resident.building == building) & (Resident.unit == unit))
        if places:
            stmt = stmt.where(or_(*places))
        return list(await self.session.scalars(stmt))

    async def set_reachable(self, resident_id: int, reachable: bool) -> None:
        """Records whether the bot can reach the resident (False once it is blocked)."""
        stmt = update(Resident).where(Resident.id == resident_id).values(reachable=reachable)
        await self.session.execute(stmt.execution_options(synchronize_session="fetch"))


class StaffMembers(Repository[StaffMember]):
    """Workers, supervisors and admins."""

    model = StaffMember

    async def get_by_telegram_id(self, telegram_user_id: int) -> StaffMember | None:
        """The staff member with this Telegram user id, or None."""
        stmt = select(StaffMember).where(StaffMember.telegram_user_id == telegram_user_id)
        return await self.session.scalar(stmt)

    async def list_active(self, roles: Sequence[str] | None = None) -> list[StaffMember]:
        """Active staff, optionally only with the given roles, by name."""
        stmt = select(StaffMember).where(StaffMember.active.is_(True))
        if roles:
            stmt = stmt.where(StaffMember.role.in_(list(roles)))
        return list(await self.session.scalars(stmt.order_by(StaffMember.display_name)))


class Subscriptions(Repository[Subscription]):
    """Which notice topics each resident wants; ``get`` takes ``(resident_id, topic)``."""

    model = Subscription

    async def set(self, resident_id: int, topic: str, enabled: bool) -> Subscription:
        """Turns a topic on or off for a resident (creating the row if needed)."""
        values = {"resident_id": resident_id, "topic": topic, "enabled": enabled,
                  "updated_at": utcnow()}
        return await upsert(self.session, Subscription, values, ["resident_id", "topic"])

    async def for_resident(self, resident_id: int) -> dict[str, bool]:
        """Each topic the resident has a row for, with whether it is on."""
        stmt = select(Subscription.topic, Subscription.enabled).where(
            Subscription.resident_id == resident_id
        )
        return {topic: enabled for topic, enabled in await self.session.execute(stmt)}

    async def resident_ids(self, topic: str, enabled: bool = True) -> list[int]:
        """Ids of residents whose subscription to ``topic`` is ``enabled``."""
        stmt = (
            select(Subscription.resident_id)
            .where(Subscription.topic == topic, Subscription.enabled.is_(enabled))
            .order_by(Subscription.resident_id)
        )
        return list(await self.session.scalars(stmt))
