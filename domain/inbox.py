"""The inbox's rules: what a conversation is, how long a failed update waits, what is kept.

Every update is stored before it is acknowledged (``bot/inbox``); these functions decide
its order, its retries and how long its row lives. Plain values only: no Telegram, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from domain.ports import UowFactory

MAX_ATTEMPTS = 10
"""Tries before a failing update is parked (with the backoff: about 5 minutes of retrying)."""
TELL_AFTER = 2
"""After this many failed tries the sender is told, once, that the message is kept."""
KEEP_HANDLED = timedelta(days=2)
"""A handled update's id is kept this long to drop a second delivery; its payload not at all.
Shorter than a week: Telegram may restart update ids after a week without updates."""
KEEP_PARKED = timedelta(days=30)
"""A parked update (payload included) is kept this long for ``frontdoor inbox retry``."""


@dataclass(frozen=True)
class Received:
    """An update as stored: its id, whose conversation it belongs to, and its payload."""

    update_id: int
    conversation: str
    chat_id: int | None
    user_id: int | None
    kind: str
    payload: dict[str, Any]


def conversation_of(chat_id: int | None, chat_type: str | None, thread_id: int | None,
                    user_id: int | None) -> str:
    """The queue an update waits in: a private chat, or one forum topic of a group.

    Updates without a chat (none the bot asks for today) queue by user, or all together.
    """
    if chat_id is None:
        return f"u:{user_id}" if user_id is not None else "-"
    if chat_type in ("group", "supergroup") and thread_id:
        return f"c:{chat_id}:t:{thread_id}"
    return f"c:{chat_id}"


def backoff(attempts: int) -> timedelta:
    """How long an update waits after its ``attempts``-th failed try: 1, 2, 4 … 60 s."""
    return timedelta(seconds=min(60, 2 ** max(0, attempts - 1)))


async def store(uow_factory: UowFactory, received: list[Received],
                now: datetime) -> dict[str, Pending | None]:
    """Stores updates not stored yet, and commits.

    Returns each conversation that got one, with its first pending update (read in the same
    transaction; None when it is not due).
    """
    rows = [{"update_id": r.update_id, "conversation": r.conversation, "chat_id": r.chat_id,
             "user_id": r.user_id, "kind": r.kind, "payload": r.payload, "status": "pending",
             "attempts": 0, "due_at": now, "told": False, "received_at": now}
            for r in received]
    async with uow_factory() as uow:
        added = set(await uow.inbox.store(rows))
        conversations = {r.conversation for r in received if r.update_id in added}
        heads = {c: _pending(await uow.inbox.first_pending(c, now)) for c in conversations}
        await uow.commit()
    return heads


@dataclass(frozen=True)
class Pending:
    """A stored update waiting to be handled, and what its earlier tries left."""

    id: int
    update_id: int
    conversation: str
    chat_id: int | None
    kind: str
    payload: dict[str, Any]
    attempts: int
    told: bool


async def heads(uow_factory: UowFactory, now: datetime, skip: list[str],
                limit: int) -> list[Pending]:
    """The next update of each conversation not in ``skip``, when due."""
    async with uow_factory() as uow:
        return [_pending(r) for r in await uow.inbox.heads(now, skip=skip, limit=limit)]


def _pending(row) -> Pending | None:
    if row is None:
        return None
    return Pending(row.id, row.update_id, row.conversation, row.chat_id, row.kind,
                   row.payload or {}, row.attempts, row.told)


async def take(uow_factory: UowFactory, conversation: str, now: datetime) -> Pending | None:
    """The conversation's next update, if one is pending and due."""
    async with uow_factory() as uow:
        return _pending(await uow.inbox.first_pending(conversation, now))


async def take_turn(uow_factory: UowFactory, row_id: int) -> bool:
    """Holds this update for the caller's transaction; False if it was handled meanwhile.

    Called first inside the transaction that handles the update: another process that
    took the same update waits until this one commits, then finds it handled and moves on
    to the conversation's next.
    """
    async with uow_factory() as uow:
        mine = await uow.inbox.take_turn(row_id)
        await uow.commit()
        return mine


async def handled(uow_factory: UowFactory, row_id: int, now: datetime,
                  conversation: str | None = None) -> Pending | None:
    """The handled mark, committed after the handlers' own work.

    With ``conversation``, the same transaction reads that conversation's next update
    (None when there is none or it is not due).
    """
    async with uow_factory() as uow:
        await uow.inbox.done(row_id, now)
        following = None
        if conversation is not None:
            following = _pending(await uow.inbox.first_pending(conversation, now))
        await uow.commit()
        return following


async def failed(uow_factory: UowFactory, row_id: int, *, attempts: int, error: str,
                 park: bool, told: bool, now: datetime) -> None:
    """Records a failed try: due again after ``backoff(attempts)``, or parked."""
    async with uow_factory() as uow:
        await uow.inbox.failed(row_id, attempts=attempts, due_at=now + backoff(attempts),
                               error=error, park=park, told=told)
        await uow.commit()


async def retry(uow_factory: UowFactory, row_id: int, now: datetime) -> bool:
    """Puts a parked update back at the front of its conversation; False if none."""
    async with uow_factory() as uow:
        ok = await uow.inbox.requeue(row_id, now)
        await uow.commit()
        return ok


async def prune(uow_factory: UowFactory, now: datetime) -> int:
    """Deletes rows kept past ``KEEP_HANDLED`` / ``KEEP_PARKED``; returns how many."""
    async with uow_factory() as uow:
        gone = await uow.inbox.prune(done_before=now - KEEP_HANDLED,
                                     parked_before=now - KEEP_PARKED)
        await uow.commit()
        return gone


@dataclass(frozen=True)
class Listed:
    """A stored update as the operator sees it: no payload (it holds personal data)."""

    id: int
    update_id: int
    kind: str
    status: str
    attempts: int
    error: str | None
    received_at: datetime


async def listing(uow_factory: UowFactory, status: str | None = None,
                  limit: int = 100) -> tuple[list[Listed], dict[str, int]]:
    """The newest rows (of one status) and the count of rows per status."""
    async with uow_factory() as uow:
        rows = await uow.inbox.listing(status, limit)
        counts = await uow.inbox.counts()
        return [Listed(r.id, r.update_id, r.kind, r.status, r.attempts, r.error,
                       r.received_at) for r in rows], counts
