"""A resident about to add a note or a photo to an open ticket (stored, survives restarts)."""

from __future__ import annotations

from datetime import datetime

from domain.ports import UowFactory

NAME = "ticket_input"


def _key(chat_id: int, user_id: int) -> str:
    return f"{NAME}:{chat_id}:{user_id}"


async def expect_input(uow_factory: UowFactory, chat_id: int, user_id: int, kind: str,
                       ticket_id: int, *, now: datetime) -> None:
    """Remembers that the next note (or photo) is for ``ticket_id``."""
    async with uow_factory() as uow:
        await uow.conversations.put(_key(chat_id, user_id), name=NAME, state=kind,
                                    data={"ticket_id": ticket_id}, chat_id=chat_id,
                                    user_id=user_id, now=now)
        await uow.commit()


async def take_input(uow_factory: UowFactory, chat_id: int, user_id: int,
                     kind: str) -> int | None:
    """The ticket id the resident is adding a ``kind`` to, forgotten once taken; else None."""
    async with uow_factory() as uow:
        row = await uow.conversations.get(_key(chat_id, user_id))
        if row is None or row.state != kind:
            return None
        ticket_id = int((row.data or {})["ticket_id"])
        await uow.conversations.delete(row.key)
        await uow.commit()
        return ticket_id


async def clear_input(uow_factory: UowFactory, chat_id: int, user_id: int) -> None:
    """Forgets a pending note or photo."""
    async with uow_factory() as uow:
        await uow.conversations.delete(_key(chat_id, user_id))
        await uow.commit()
