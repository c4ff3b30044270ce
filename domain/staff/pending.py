"""A staff member about to type a resolution note, an exclusion reason or a reply (stored)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.ports import UowFactory

NAME = "staff_input"
KINDS = ("resolve", "exclude", "reply")


@dataclass(frozen=True)
class Pending:
    """What the staff member's next message in the staff chat is for."""

    kind: str
    ticket_id: int


def _key(chat_id: int, user_id: int) -> str:
    return f"{NAME}:{chat_id}:{user_id}"


async def expect(uow_factory: UowFactory, chat_id: int, user_id: int, kind: str,
                 ticket_id: int, *, now: datetime) -> None:
    """Remembers that this member's next message is a ``kind`` for ``ticket_id``."""
    async with uow_factory() as uow:
        await uow.conversations.put(_key(chat_id, user_id), name=NAME, state=kind,
                                    data={"ticket_id": ticket_id}, chat_id=chat_id,
                                    user_id=user_id, now=now)
        await uow.commit()


async def take(uow_factory: UowFactory, chat_id: int, user_id: int) -> Pending | None:
    """The pending input, forgotten once taken; None if there is none."""
    async with uow_factory() as uow:
        row = await uow.conversations.get(_key(chat_id, user_id))
        if row is None:
            return None
        await uow.conversations.delete(row.key)
        await uow.commit()
        return Pending(str(row.state), int((row.data or {})["ticket_id"]))
