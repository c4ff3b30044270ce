"""Leases (a role one process holds) and versions (of things every process reloads)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from storage.models import Lease, Version
from storage.repositories.base import Repository
from storage.repositories.dialect import insert_for


class Runtime(Repository[Lease]):
    """What the running processes share besides the data."""

    model = Lease

    async def hold(self, name: str, holder: str, now: datetime, until: datetime) -> bool:
        """Takes or renews the lease ``name`` until ``until``; False while another holds it.

        One statement: the row is inserted, or updated when it is ``holder``'s or lapsed.
        """
        stmt = insert_for(self.session, Lease).values(name=name, holder=holder, until=until)
        stmt = stmt.on_conflict_do_update(
            index_elements=[Lease.name], set_={"holder": holder, "until": until},
            where=(Lease.holder == holder) | (Lease.until < now)).returning(Lease.holder)
        return (await self.session.scalar(stmt)) == holder

    async def release(self, name: str, holder: str) -> None:
        """Gives the lease up (if ``holder`` has it)."""
        await self.session.execute(delete(Lease).where(Lease.name == name,
                                                       Lease.holder == holder))

    async def holder(self, name: str, now: datetime) -> str | None:
        """Who holds the lease now, if anyone."""
        return await self.session.scalar(select(Lease.holder).where(Lease.name == name,
                                                                    Lease.until >= now))

    async def version(self, name: str) -> int:
        """The version of ``name`` (0 when never changed)."""
        value = await self.session.scalar(select(Version.version).where(Version.name == name))
        return int(value or 0)

    async def bump(self, name: str, now: datetime) -> int:
        """Raises the version of ``name`` by one; returns the new version."""
        stmt = insert_for(self.session, Version).values(name=name, version=1, changed_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[Version.name],
            set_={"version": Version.version + 1, "changed_at": now}).returning(Version.version)
        return int(await self.session.scalar(stmt))
