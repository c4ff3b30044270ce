"""Stored conversation state and hand-off sessions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, select, update

from storage.models import ConversationState, HandoffSession, utcnow
from storage.repositories.base import Repository
from storage.repositories.dialect import insert_for, insert_ignore


class ConversationStates(Repository[ConversationState]):
    """Conversation state by key; ``get`` takes the key."""

    model = ConversationState

    async def put(
        self,
        key: str,
        *,
        name: str,
        state: Any,
        data: dict[str, Any] | None = None,
        chat_id: int | None = None,
        user_id: int | None = None,
        now: datetime | None = None,
    ) -> ConversationState:
        """Stores the state (creating or replacing it).

        ``reminded_at`` is cleared unless the reminder went out at or after ``now``: a turn
        that began before the reminder and saves again after it is not new activity.
        """
        values = {"key": key, "name": name, "state": state, "data": data, "chat_id": chat_id,
                  "user_id": user_id, "updated_at": now or utcnow(), "reminded_at": None}
        stmt = insert_for(self.session, ConversationState).values(values)
        kept = case(
            (ConversationState.reminded_at >= stmt.excluded.updated_at,
             ConversationState.reminded_at),
            else_=None,
        )
        changed = {k: v for k, v in values.items() if k not in ("key", "reminded_at")}
        stmt = stmt.on_conflict_do_update(index_elements=["key"],
                                          set_={**changed, "reminded_at": kept})
        stmt = stmt.returning(ConversationState)
        return await self.session.scalar(stmt, execution_options={"populate_existing": True})

    async def claim(self, key: str, *, name: str, now: datetime) -> bool:
        """Stores a marker state under ``key`` if none exists; True if this call stored it.

        One statement (INSERT … ON CONFLICT DO NOTHING): of two processes, one wins.
        """
        row = {"key": key, "name": name, "state": "done", "updated_at": now}
        return bool(await insert_ignore(self.session, ConversationState, [row], ["key"], "key"))

    async def delete(self, key: str) -> bool:
        """Forgets the state; True if there was one."""
        stmt = delete(ConversationState).where(ConversationState.key == key)
        stmt = stmt.execution_options(synchronize_session="fetch")
        return bool((await self.session.execute(stmt)).rowcount)

    async def list_for(self, name: str) -> list[ConversationState]:
        """Every stored state of one conversation, by key."""
        stmt = select(ConversationState).where(ConversationState.name == name)
        return list(await self.session.scalars(stmt.order_by(ConversationState.key)))

    async def list_idle(
        self, before: datetime, names: Sequence[str] | None = None
    ) -> list[ConversationState]:
        """States untouched since ``before`` whose owner was not reminded yet."""
        stmt = select(ConversationState).where(
            ConversationState.updated_at < before, ConversationState.reminded_at.is_(None)
        )
        if names:
            stmt = stmt.where(ConversationState.name.in_(list(names)))
        return list(await self.session.scalars(stmt.order_by(ConversationState.updated_at)))

    async def mark_reminded(self, key: str, at: datetime) -> bool:
        """Records that the owner was reminded, if not already; True if this call did it."""
        stmt = (
            update(ConversationState)
            .where(ConversationState.key == key, ConversationState.reminded_at.is_(None))
            .values(reminded_at=at)
            .execution_options(synchronize_session="fetch")
        )
        return bool((await self.session.execute(stmt)).rowcount)


class HandoffSessions(Repository[HandoffSession]):
    """Hand-offs of a resident's chat to staff."""

    model = HandoffSession

    async def active_for_resident(self, resident_id: int) -> HandoffSession | None:
        """The resident's open hand-off, or None."""
        stmt = select(HandoffSession).where(
            HandoffSession.resident_id == resident_id, HandoffSession.ended_at.is_(None)
        )
        return await self.session.scalar(stmt.order_by(HandoffSession.id.desc()).limit(1))

    async def active_for_ticket(self, ticket_id: int) -> HandoffSession | None:
        """The ticket's open hand-off, or None."""
        stmt = select(HandoffSession).where(
            HandoffSession.ticket_id == ticket_id, HandoffSession.ended_at.is_(None)
        )
        return await self.session.scalar(stmt.order_by(HandoffSession.id.desc()).limit(1))

    async def active_for_thread(self, thread_id: int) -> HandoffSession | None:
        """The open hand-off relayed through this staff forum topic, or None."""
        stmt = select(HandoffSession).where(
            HandoffSession.staff_thread_id == thread_id, HandoffSession.ended_at.is_(None)
        )
        return await self.session.scalar(stmt.order_by(HandoffSession.id.desc()).limit(1))

    async def list_active(self) -> list[HandoffSession]:
        """Every open hand-off, oldest first."""
        stmt = select(HandoffSession).where(HandoffSession.ended_at.is_(None))
        return list(await self.session.scalars(stmt.order_by(HandoffSession.started_at)))
