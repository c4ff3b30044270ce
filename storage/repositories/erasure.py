"""Removing a resident's personal data, table by table, keeping what the rates count.

Bulk Core statements: the audit trail's append-only guard (an ORM hook) is not fired by
them, and is meant not to be here — erasing the words a resident wrote is the one change
the law requires of an audit event's payload. The events themselves stay.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Attachment,
    ConversationState,
    HandoffSession,
    Resident,
    Subscription,
    Survey,
    Ticket,
    TicketEvent,
)
from storage.repositories.inbox import Inbox
from storage.repositories.outbox import Outbox

TEXT_EVENTS = ("resident_note", "resident_message", "survey_comment", "staff_replied")
ERASED: dict[str, Any] = {"erased": True}


class Erasure:
    """The statements of one erasure, run in the caller's transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def own_tickets(self, resident_id: int) -> list[Ticket]:
        """Tickets the resident opened (not those they joined)."""
        stmt = select(Ticket).where(Ticket.resident_id == resident_id).order_by(Ticket.id)
        return list(await self.session.scalars(stmt))

    async def surveys_of(self, resident_id: int) -> list[Survey]:
        """The resident's callback surveys, oldest first."""
        stmt = select(Survey).where(Survey.resident_id == resident_id).order_by(Survey.id)
        return list(await self.session.scalars(stmt))

    async def relayed_message_ids(self, resident_id: int) -> list[int]:
        """Staff-group message ids of the resident's words the bot relayed (recorded ones)."""
        stmt = select(TicketEvent.payload).where(
            TicketEvent.actor_kind == "resident", TicketEvent.actor_id == resident_id,
            TicketEvent.kind == "resident_message")
        ids = []
        for payload in await self.session.scalars(stmt):
            if payload and isinstance(payload.get("staff_message_id"), int):
                ids.append(payload["staff_message_id"])
        return ids

    async def scrub(self, resident_id: int, ticket_ids: list[int], chat_id: int,
                    user_id: int, now: datetime) -> None:
        """Removes everything personal of this resident; counts and states stay."""
        s = self.session
        await s.execute(update(Ticket).where(Ticket.resident_id == resident_id).values(
            description="", clarification=None, place_text=None, visit_window=None,
            contact_phone=None, contact_phone_normalized=None, unit=None, room=None,
            latitude=None, longitude=None, resolution_note=None,
            idempotency_key="erased:" + Ticket.code).execution_options(
                synchronize_session=False))
        mine = or_(TicketEvent.ticket_id.in_(ticket_ids) if ticket_ids else False,
                   (TicketEvent.actor_kind == "resident")
                   & (TicketEvent.actor_id == resident_id))
        await s.execute(update(TicketEvent).where(mine, TicketEvent.kind.in_(TEXT_EVENTS))
                        .values(payload=ERASED).execution_options(synchronize_session=False))
        draft_keys = [f"intake:{chat_id}:{user_id}"]
        await s.execute(delete(Attachment).where(or_(
            Attachment.resident_id == resident_id, Attachment.draft_key.in_(draft_keys),
            Attachment.ticket_id.in_(ticket_ids) if ticket_ids else False)))
        await s.execute(update(Survey).where(Survey.resident_id == resident_id)
                        .values(comment=None, awaiting_comment=False)
                        .execution_options(synchronize_session=False))
        await s.execute(delete(ConversationState).where(or_(
            ConversationState.chat_id == chat_id, ConversationState.user_id == user_id)))
        await s.execute(update(HandoffSession).where(HandoffSession.resident_id == resident_id)
                        .values(reason=None).execution_options(synchronize_session=False))
        await s.execute(update(HandoffSession).where(HandoffSession.resident_id == resident_id,
                                                     HandoffSession.ended_at.is_(None))
                        .values(ended_at=now).execution_options(synchronize_session=False))
        await s.execute(delete(Subscription).where(Subscription.resident_id == resident_id))
        await Inbox(s).erase_person(user_id, chat_id)
        await Outbox(s).erase_person(user_id, chat_id)
        await s.execute(update(Resident).where(Resident.id == resident_id).values(
            telegram_user_id=None, first_name=None, phone=None, phone_normalized=None,
            building=None, unit=None, room=None, area_note=None, reachable=False,
            erased_at=now).execution_options(synchronize_session=False))
