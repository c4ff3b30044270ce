"""What someone's next message in a chat is for: one stored state per chat and user.

A staff member about to type a resolution note, a resident about to add a photo to a
ticket, a staff member at a step of a notice draft: each is a conversation state keyed
``<name>:<chat id>:<user id>`` (so it survives a restart), set before the question is
asked and taken when the answer comes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.ports import UowFactory


@dataclass(frozen=True)
class Awaited:
    """The step awaited and its data (e.g. which ticket or notice)."""

    state: str
    data: dict[str, Any]


def key(name: str, chat_id: int, user_id: int) -> str:
    """The conversation key of ``name`` for this chat and user."""
    return f"{name}:{chat_id}:{user_id}"


async def expect(uow_factory: UowFactory, name: str, chat_id: int, user_id: int, state: str,
                 data: dict[str, Any], *, now: datetime) -> None:
    """Remembers that this user's next message in the chat is ``state`` (with ``data``)."""
    async with uow_factory() as uow:
        await uow.conversations.put(key(name, chat_id, user_id), name=name, state=state,
                                    data=data, chat_id=chat_id, user_id=user_id, now=now)
        await uow.commit()


async def peek(uow_factory: UowFactory, name: str, chat_id: int,
               user_id: int) -> Awaited | None:
    """What is awaited, left in place; None if nothing is."""
    async with uow_factory() as uow:
        row = await uow.conversations.get(key(name, chat_id, user_id))
        return None if row is None else Awaited(str(row.state), dict(row.data or {}))


async def take(uow_factory: UowFactory, name: str, chat_id: int, user_id: int, *,
               state: str | None = None) -> Awaited | None:
    """What is awaited, forgotten once taken (only if it is ``state``, when given)."""
    async with uow_factory() as uow:
        row = await uow.conversations.get(key(name, chat_id, user_id))
        if row is None or (state is not None and row.state != state):
            return None
        awaited = Awaited(str(row.state), dict(row.data or {}))
        await uow.conversations.delete(row.key)
        await uow.commit()
        return awaited


async def forget(uow_factory: UowFactory, name: str, chat_id: int, user_id: int) -> bool:
    """Forgets what was awaited; True if there was something."""
    async with uow_factory() as uow:
        gone = await uow.conversations.delete(key(name, chat_id, user_id))
        await uow.commit()
        return gone
