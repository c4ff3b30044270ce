"""Open311: API keys by hash and name, and the tickets a GeoReport query asks for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from storage.models import ApiKey, Ticket
from storage.repositories.base import Repository


class ApiKeys(Repository[ApiKey]):
    """The clients' keys (hashes only)."""

    model = ApiKey

    async def by_hash(self, key_hash: str) -> ApiKey | None:
        """The key with this hash, revoked or not, or None."""
        return await self.session.scalar(select(ApiKey).where(ApiKey.key_hash == key_hash))

    async def by_name(self, name: str) -> ApiKey | None:
        """The key named ``name``, or None."""
        return await self.session.scalar(select(ApiKey).where(ApiKey.name == name))

    async def every(self) -> list[ApiKey]:
        """Every key, oldest first."""
        return list(await self.session.scalars(select(ApiKey).order_by(ApiKey.id)))


class RequestQueries:
    """Tickets as GeoReport ``GET requests`` filters them."""

    def __init__(self, session) -> None:
        self.session = session

    async def by_codes(self, codes: Sequence[str]) -> list[Ticket]:
        """The tickets with these codes, newest first."""
        stmt = select(Ticket).where(Ticket.code.in_(list(codes)))
        return list(await self.session.scalars(
            stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc())))

    async def matching(self, start: datetime, end: datetime, *, types: Sequence[str] = (),
                       statuses: Sequence[str] = (), limit: int = 1000) -> list[Ticket]:
        """Tickets opened in [start, end] of these types and states, newest first."""
        stmt = select(Ticket).where(Ticket.created_at >= start, Ticket.created_at <= end)
        if types:
            stmt = stmt.where(Ticket.problem_type.in_(list(types)))
        if statuses:
            stmt = stmt.where(Ticket.status.in_(list(statuses)))
        stmt = stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit)
        return list(await self.session.scalars(stmt))

    async def by_link_code(self, link_code: str) -> Ticket | None:
        """The ticket an Open311 client's resident may link to, or None."""
        return await self.session.scalar(select(Ticket).where(Ticket.link_code == link_code))
