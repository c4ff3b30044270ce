"""Trained routing models and the tickets they learn from."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from storage.models import NluModel, Ticket
from storage.repositories.base import Repository

CHUNK = 500  # ids per IN (…) list: well under SQLite's variable limit


class NluModels(Repository[NluModel]):
    """The models, newest first, and the confirmed tickets."""

    model = NluModel

    async def serving(self) -> NluModel | None:
        """The newest accepted model, or None (the shipped data alone serves)."""
        stmt = (select(NluModel).where(NluModel.accepted.is_(True))
                .order_by(NluModel.id.desc()).limit(1))
        return await self.session.scalar(stmt)

    async def confirmed(self, statuses: Sequence[str],
                        by: Sequence[str]) -> list[tuple[int, str, str, str]]:
        """``(id, description, problem type, category)``, oldest resolution first.

        Tickets in ``statuses``, resolved, whose type was set by one of ``by``.
        """
        stmt = (select(Ticket.id, Ticket.description, Ticket.problem_type, Ticket.category)
                .where(Ticket.status.in_(statuses), Ticket.problem_type.is_not(None),
                       Ticket.problem_type_by.in_(by), Ticket.resolved_at.is_not(None))
                .order_by(Ticket.resolved_at, Ticket.id))
        return [tuple(row) for row in await self.session.execute(stmt)]

    async def descriptions(self, ids: Sequence[int]) -> dict[int, str]:
        """The current descriptions of these tickets (erased ones are empty)."""
        found: dict[int, str] = {}
        for start in range(0, len(ids), CHUNK):
            stmt = select(Ticket.id, Ticket.description).where(
                Ticket.id.in_(ids[start:start + CHUNK]))
            found.update({i: d or "" for i, d in await self.session.execute(stmt)})
        return found
