"""Stored conversation state and hand-off sessions."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, select, update
from sqlalchemy.orm.util import identity_key

from storage.models import ConversationState, HandoffSession, utcnow
from storage.repositories.base import Repository
from storage.repositories.dialect import insert_for, insert_ignore


class Seen:
    """Some conversation states read at once at the start of an update (``snapshot``).

    While the update is handled (in the task that read them), ``get`` of one of these keys
    answers from here instead of the database: the handlers of one update look up the same
    few keys (the draft, what the next message is for, the NLU miss count) in several
    transactions. A key written or deleted since is read from the database again. Only
    reads are served, and only in the task that took the snapshot.
    """

    def __init__(self, rows: dict[str, ConversationState | None]) -> None:
        self._rows = rows
        self._task = asyncio.current_task()

    def covers(self, key: str) -> bool:
        """Whether ``get(key)`` may be answered from here."""
        return key in self._rows and asyncio.current_task() is self._task

    def row(self, key: str) -> ConversationState | None:
        """The row as read (detached; read it, do not change it), or None."""
        return self._rows[key]

    def forget(self, key: str) -> None:
        """``key`` changed: the database answers for it from now on."""
        self._rows.pop(key, None)


SEEN: contextvars.ContextVar[Seen | None] = contextvars.ContextVar("frontdoor_seen",
                                                                 default=None)


def use_snapshot(seen: Seen | None) -> None:
    """Serves reads of ``seen``'s keys from it for the rest of this task (None: stop)."""
    SEEN.set(seen)


def _forget(key: str) -> None:
    seen = SEEN.get()
    if seen is not None:
        seen.forget(key)


class ConversationStates(Repository[ConversationState]):
    """Conversation state by key; ``get`` takes the key."""

    model = ConversationState

    async def get(self, key: str) -> ConversationState | None:
        """The state stored under ``key``, or None (from the update's snapshot if it has it)."""
        seen = SEEN.get()
        if seen is not None and seen.covers(key):
            return seen.row(key)
        return await super().get(key)

    async def snapshot(self, keys: Iterable[str]) -> Seen:
        """Reads these keys in one query; see ``Seen``."""
        wanted = list(dict.fromkeys(keys))
        stmt = select(ConversationState).where(ConversationState.key.in_(wanted))
        found = {row.key: row for row in await self.session.scalars(stmt)}
        return Seen({key: found.get(key) for key in wanted})

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
    ) -> None:
        """Stores the state (creating or replacing it).

        ``reminded_at`` is cleared unless the reminder went out at or after ``now``: a turn
        that began before the reminder and saves again after it is not new activity.
        One Core statement without RETURNING (this runs on every turn of every resident); a
        copy of the row already in this session is dropped, so the next ``get`` reads it anew.
        """
        table = ConversationState.__table__
        values = {"key": key, "name": name, "state": state, "data": data, "chat_id": chat_id,
                  "user_id": user_id, "updated_at": now or utcnow(), "reminded_at": None}
        stmt = insert_for(self.session, table).values(values)
        kept = case((table.c.reminded_at >= stmt.excluded.updated_at, table.c.reminded_at),
                    else_=None)
        changed = {k: stmt.excluded[k] for k in values if k not in ("key", "reminded_at")}
        stmt = stmt.on_conflict_do_update(index_elements=["key"],
                                          set_={**changed, "reminded_at": kept})
        stale = self.session.sync_session.identity_map.get(identity_key(ConversationState, key))
        if stale is not None:
            self.session.expunge(stale)
        _forget(key)
        await self.session.execute(stmt)

    async def claim(self, key: str, *, name: str, now: datetime) -> bool:
        """Stores a marker state under ``key`` if none exists; True if this call stored it.

        One statement (INSERT … ON CONFLICT DO NOTHING): of two processes, one wins.
        """
        row = {"key": key, "name": name, "state": "done", "updated_at": now}
        _forget(key)
        return bool(await insert_ignore(self.session, ConversationState, [row], ["key"], "key"))

    async def delete(self, key: str) -> bool:
        """Forgets the state; True if there was one."""
        _forget(key)
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
        _forget(key)
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
