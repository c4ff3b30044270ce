"""Storing, reading and dropping drafts (one per chat and user), committed every step."""

from __future__ import annotations

from datetime import datetime

from domain.intake.draft import Draft
from domain.ports import UowFactory
from storage.models import Attachment

NAME = "intake"


def draft_key(chat_id: int, user_id: int) -> str:
    """The conversation key of a resident's draft."""
    return f"{NAME}:{chat_id}:{user_id}"


async def load_draft(uow_factory: UowFactory, chat_id: int, user_id: int) -> Draft | None:
    """The stored draft, or None."""
    async with uow_factory() as uow:
        row = await uow.conversations.get(draft_key(chat_id, user_id))
        return Draft.from_dict(row.data) if row is not None else None


async def save_draft(
    uow_factory: UowFactory, chat_id: int, user_id: int, draft: Draft, *, now: datetime
) -> None:
    """Stores the draft and its step, durably."""
    async with uow_factory() as uow:
        await uow.conversations.put(
            draft_key(chat_id, user_id), name=NAME, state=draft.step, data=draft.to_dict(),
            chat_id=chat_id, user_id=user_id, now=now,
        )
        await uow.commit()


async def drop_draft(uow_factory: UowFactory, chat_id: int, user_id: int) -> bool:
    """Forgets the draft and its photos; True if there was one."""
    key = draft_key(chat_id, user_id)
    async with uow_factory() as uow:
        had = await uow.conversations.delete(key)
        await uow.attachments.drop_draft(key)
        await uow.commit()
    return had


async def add_draft_photo(
    uow_factory: UowFactory, chat_id: int, user_id: int, draft: Draft, file_id: str,
    *, now: datetime,
) -> None:
    """Keeps a photo on the draft (moved to the ticket when it opens)."""
    key = draft_key(chat_id, user_id)
    draft.photos.append(file_id)
    async with uow_factory() as uow:
        await uow.attachments.add(Attachment(draft_key=key, telegram_file_id=file_id,
                                             kind="photo"))
        await uow.conversations.put(key, name=NAME, state=draft.step, data=draft.to_dict(),
                                    chat_id=chat_id, user_id=user_id, now=now)
        await uow.commit()


async def last_address(uow_factory: UowFactory, user_id: int) -> dict[str, str] | None:
    """The address of the resident's previous ticket, or None."""
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(user_id)
        if resident is None or not resident.building:
            return None
        parts = {"building": resident.building, "unit": resident.unit, "room": resident.room}
        return {k: v for k, v in parts.items() if v}
