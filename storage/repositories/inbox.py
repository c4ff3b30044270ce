"""The inbox's rows: store received updates, pick each conversation's next, mark outcomes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import aliased

from storage.models import InboxUpdate
from storage.repositories.base import Repository
from storage.repositories.dialect import insert_for

PENDING, DONE, PARKED = "pending", "done", "parked"


class Inbox(Repository[InboxUpdate]):
    """Received updates, de-duplicated by update id while their rows are kept."""

    model = InboxUpdate

    async def store(self, rows: Sequence[Mapping[str, Any]]) -> list[int]:
        """Inserts rows not stored yet (by ``update_id``); returns the update ids added.

        One cached statement run for many parameter sets (SQLAlchemy's "insertmanyvalues"),
        not a multi-row VALUES compiled anew for every batch.
        """
        if not rows:
            return []
        stmt = insert_for(self.session, InboxUpdate).on_conflict_do_nothing(
            index_elements=["update_id"]).returning(InboxUpdate.update_id)
        result = await self.session.execute(stmt, [dict(r) for r in rows])
        return list(result.scalars())

    async def heads(self, now: datetime, *, skip: Iterable[str] = (),
                    limit: int = 64) -> list[InboxUpdate]:
        """The first pending update of each conversation, if it is due, oldest first.

        A conversation whose first pending update waits for a retry is not passed over: its
        later updates wait too. Conversations in ``skip`` (being handled) are left out.
        """
        earlier = aliased(InboxUpdate)
        first = ~select(earlier.id).where(
            earlier.status == PENDING, earlier.conversation == InboxUpdate.conversation,
            earlier.update_id < InboxUpdate.update_id).exists()
        stmt = select(InboxUpdate).where(InboxUpdate.status == PENDING,
                                         InboxUpdate.due_at <= now, first)
        skip = list(skip)
        if skip:
            stmt = stmt.where(InboxUpdate.conversation.not_in(skip))
        stmt = stmt.order_by(InboxUpdate.update_id).limit(limit)
        return list(await self.session.scalars(stmt))

    async def first_pending(self, conversation: str, now: datetime) -> InboxUpdate | None:
        """The conversation's first pending update if it is due (an indexed look-up)."""
        stmt = select(InboxUpdate).where(InboxUpdate.status == PENDING,
                                         InboxUpdate.conversation == conversation)
        row = await self.session.scalar(stmt.order_by(InboxUpdate.update_id).limit(1))
        return row if row is not None and row.due_at <= now else None

    async def take_turn(self, row_id: int) -> bool:
        """Locks this update's row until the transaction ends; True if it is still pending.

        On PostgreSQL (``FOR UPDATE``) a second process taking the same update waits here
        for the first one's commit, then finds it handled: one conversation's updates are
        handled one at a time across processes. SQLite runs one process (and serialises its
        writers with ``BEGIN IMMEDIATE``), so the lock clause is left out there.
        """
        stmt = select(InboxUpdate.status).where(InboxUpdate.id == row_id).with_for_update()
        return (await self.session.scalar(stmt)) == PENDING

    async def done(self, row_id: int, now: datetime) -> None:
        """Marks a row handled, forgets whose it was: only the update id stays (de-duplication)."""
        await self.session.execute(
            update(InboxUpdate).where(InboxUpdate.id == row_id)
            .values(status=DONE, payload=None, handled_at=now, conversation="-", chat_id=None,
                    user_id=None)
            .execution_options(synchronize_session=False))

    async def failed(self, row_id: int, *, attempts: int, due_at: datetime, error: str,
                     park: bool, told: bool) -> None:
        """Records a failed try: due again at ``due_at``, or parked.

        Only while the row is pending: another process may have handled it meanwhile.
        """
        await self.session.execute(
            update(InboxUpdate).where(InboxUpdate.id == row_id, InboxUpdate.status == PENDING)
            .values(status=PARKED if park else PENDING, attempts=attempts, due_at=due_at,
                    error=error[:64], told=told)
            .execution_options(synchronize_session=False))

    async def listing(self, status: str | None = None, limit: int = 100) -> list[InboxUpdate]:
        """Rows, newest first, optionally of one status."""
        stmt = select(InboxUpdate).order_by(InboxUpdate.id.desc()).limit(limit)
        if status:
            stmt = stmt.where(InboxUpdate.status == status)
        return list(await self.session.scalars(stmt))

    async def counts(self) -> dict[str, int]:
        """How many rows of each status."""
        stmt = select(InboxUpdate.status, func.count()).group_by(InboxUpdate.status)
        return {status: n for status, n in (await self.session.execute(stmt)).all()}

    async def requeue(self, row_id: int, now: datetime) -> bool:
        """Puts a parked row back in line; False if there is no parked row of that id."""
        result = await self.session.execute(
            update(InboxUpdate).where(InboxUpdate.id == row_id, InboxUpdate.status == PARKED)
            .values(status=PENDING, attempts=0, due_at=now, told=False)
            .execution_options(synchronize_session=False))
        return bool(result.rowcount)

    async def prune(self, *, done_before: datetime, parked_before: datetime) -> int:
        """Deletes handled rows received before ``done_before`` and parked ones before the other."""
        stmt = delete(InboxUpdate).where(
            (and_(InboxUpdate.status == DONE, InboxUpdate.received_at < done_before))
            | (and_(InboxUpdate.status == PARKED, InboxUpdate.received_at < parked_before)))
        result = await self.session.execute(stmt.execution_options(synchronize_session=False))
        return result.rowcount or 0

    async def erase_person(self, user_id: int, chat_id: int | None = None) -> int:
        """Deletes every stored update from this user or their private chat; returns how many."""
        cond = InboxUpdate.user_id == user_id
        if chat_id is not None:
            cond = cond | (InboxUpdate.chat_id == chat_id)
        result = await self.session.execute(
            delete(InboxUpdate).where(cond, InboxUpdate.status != PENDING)
            .execution_options(synchronize_session=False))
        return result.rowcount or 0
