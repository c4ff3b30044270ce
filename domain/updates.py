"""Exactly-once handling of incoming updates, and what the update's handlers will look up."""

from __future__ import annotations

from domain import awaited, ticket_input
from domain.intake.drafts import draft_key
from domain.notices import approval
from domain.ports import UowFactory
from domain.staff import handoff, pending
from storage.repositories.conversations import use_snapshot


def watched_keys(chat_id: int, user_id: int) -> list[str]:
    """The conversation states the handlers of one update from this chat and user may read.

    The intake draft, what this user's next message is for (a note or photo for a ticket,
    a staff member's pending note, a notice being composed) and the NLU miss count.
    """
    names = (ticket_input.NAME, pending.NAME, approval.NAME)
    return [draft_key(chat_id, user_id), handoff.misses_key(user_id),
            *(awaited.key(name, chat_id, user_id) for name in names)]


async def claim_update(uow_factory: UowFactory, update_id: int,
                       chat_id: int | None = None, user_id: int | None = None) -> bool:
    """Records ``update_id``; True the first time, False when it was already handled.

    With a chat and user, the same transaction reads ``watched_keys`` once, and the rest of
    this update's handling is served those reads (``ConversationStates.snapshot``) instead
    of one transaction per look-up.
    """
    async with uow_factory() as uow:
        first_time = await uow.processed_updates.mark(update_id)
        seen = None
        if first_time and chat_id is not None and user_id is not None:
            seen = await uow.conversations.snapshot(watched_keys(chat_id, user_id))
        await uow.commit()
    use_snapshot(seen)
    return first_time
