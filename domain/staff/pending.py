"""A staff member about to type a resolution note, an exclusion reason or a reply (stored)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain import awaited
from domain.ports import UowFactory

NAME = "staff_input"
KINDS = ("resolve", "exclude", "reply", "order_done", "order_back")  # order_*: an order id


@dataclass(frozen=True)
class Pending:
    """What the staff member's next message in the staff chat is for."""

    kind: str
    ticket_id: int


async def expect(uow_factory: UowFactory, chat_id: int, user_id: int, kind: str,
                 ticket_id: int, *, now: datetime) -> None:
    """Remembers that this member's next message is a ``kind`` for ``ticket_id``."""
    await awaited.expect(uow_factory, NAME, chat_id, user_id, kind, {"ticket_id": ticket_id},
                         now=now)


async def take(uow_factory: UowFactory, chat_id: int, user_id: int) -> Pending | None:
    """The pending input, forgotten once taken; None if there is none."""
    taken = await awaited.take(uow_factory, NAME, chat_id, user_id)
    return None if taken is None else Pending(taken.state, int(taken.data["ticket_id"]))
