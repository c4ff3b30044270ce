"""Idle drafts: the resident is reminded once; the draft is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.intake.draft import Draft
from domain.intake.drafts import NAME
from domain.ports import UowFactory


@dataclass(frozen=True)
class Idle:
    """A draft whose owner is due a reminder."""

    chat_id: int
    user_id: int
    lang: str


async def claim_idle_drafts(uow_factory: UowFactory, *, now: datetime,
                            idle: timedelta) -> list[Idle]:
    """Marks drafts untouched for ``idle`` as reminded and returns them (each once)."""
    claimed = []
    async with uow_factory() as uow:
        for row in await uow.conversations.list_idle(now - idle, names=[NAME]):
            if row.chat_id is not None and await uow.conversations.mark_reminded(row.key, now):
                lang = Draft.from_dict(row.data).lang
                claimed.append(Idle(row.chat_id, row.user_id, lang))
        await uow.commit()
    return claimed
