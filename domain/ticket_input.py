"""A resident about to add a note or a photo to an open ticket (stored, survives restarts)."""

from __future__ import annotations

from datetime import datetime

from domain import awaited
from domain.ports import UowFactory

NAME = "ticket_input"


async def expect_input(uow_factory: UowFactory, chat_id: int, user_id: int, kind: str,
                       ticket_id: int, *, now: datetime) -> None:
    """Remembers that the next note (or photo) is for ``ticket_id``."""
    await awaited.expect(uow_factory, NAME, chat_id, user_id, kind, {"ticket_id": ticket_id},
                         now=now)


async def take_input(uow_factory: UowFactory, chat_id: int, user_id: int,
                     kind: str) -> int | None:
    """The ticket id the resident is adding a ``kind`` to, forgotten once taken; else None."""
    taken = await awaited.take(uow_factory, NAME, chat_id, user_id, state=kind)
    return None if taken is None else int(taken.data["ticket_id"])


async def clear_input(uow_factory: UowFactory, chat_id: int, user_id: int) -> None:
    """Forgets a pending note or photo."""
    await awaited.forget(uow_factory, NAME, chat_id, user_id)
