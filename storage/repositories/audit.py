"""The append-only audit trail of tickets, and the files residents attach."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from storage.models import Attachment, TicketEvent, utcnow
from storage.repositories.base import Repository, flush


class TicketEvents(Repository[TicketEvent]):
    """Appends and reads audit events. There is deliberately no update or delete."""

    model = TicketEvent

    async def append(
        self,
        ticket_id: int,
        kind: str,
        actor_kind: str,
        actor_id: int | None = None,
        payload: dict[str, Any] | None = None,
        update_id: int | None = None,
        at: datetime | None = None,
    ) -> TicketEvent:
        """Records one event and returns it (with its id)."""
        event = TicketEvent(
            ticket_id=ticket_id, kind=kind, actor_kind=actor_kind, actor_id=actor_id,
            payload=payload, update_id=update_id, at=at or utcnow(),
        )
        self.session.add(event)
        await flush(self.session)
        return event

    async def list_for_ticket(self, ticket_id: int, kind: str | None = None) -> list[TicketEvent]:
        """The ticket's events in the order they happened."""
        stmt = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
        if kind is not None:
            stmt = stmt.where(TicketEvent.kind == kind)
        stmt = stmt.order_by(TicketEvent.at, TicketEvent.id)
        return list(await self.session.scalars(stmt))

    async def latest(self, ticket_id: int, kind: str | None = None) -> TicketEvent | None:
        """The ticket's most recent event (of ``kind``), or None."""
        stmt = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
        if kind is not None:
            stmt = stmt.where(TicketEvent.kind == kind)
        stmt = stmt.order_by(TicketEvent.at.desc(), TicketEvent.id.desc()).limit(1)
        return await self.session.scalar(stmt)


class Attachments(Repository[Attachment]):
    """Photos and files, first on a draft, then on its ticket."""

    model = Attachment

    async def list_for_ticket(self, ticket_id: int) -> list[Attachment]:
        """The ticket's attachments, oldest first."""
        stmt = select(Attachment).where(Attachment.ticket_id == ticket_id)
        return list(await self.session.scalars(stmt.order_by(Attachment.id)))

    async def list_for_draft(self, draft_key: str) -> list[Attachment]:
        """Attachments of a draft not yet moved to a ticket, oldest first."""
        stmt = select(Attachment).where(
            Attachment.draft_key == draft_key, Attachment.ticket_id.is_(None)
        )
        return list(await self.session.scalars(stmt.order_by(Attachment.id)))

    async def attach_draft(self, draft_key: str, ticket_id: int) -> int:
        """Moves a draft's attachments to the ticket; returns how many moved."""
        stmt = (
            update(Attachment)
            .where(Attachment.draft_key == draft_key, Attachment.ticket_id.is_(None))
            .values(ticket_id=ticket_id)
            .execution_options(synchronize_session="fetch")
        )
        return (await self.session.execute(stmt)).rowcount or 0

    async def drop_draft(self, draft_key: str) -> int:
        """Deletes a dropped draft's attachments; returns how many were deleted."""
        stmt = (
            delete(Attachment)
            .where(Attachment.draft_key == draft_key, Attachment.ticket_id.is_(None))
            .execution_options(synchronize_session="fetch")
        )
        return (await self.session.execute(stmt)).rowcount or 0
