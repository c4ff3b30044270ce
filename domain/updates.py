"""What the handlers of one update will look up, read once before they run."""

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


async def read_states(uow_factory: UowFactory, chat_id: int | None,
                      user_id: int | None) -> None:
    """Reads ``watched_keys`` in one transaction for the rest of this update's handling.

    The handlers' look-ups of those keys are then served from it
    (``ConversationStates.snapshot``) instead of one transaction each. Without a chat and
    a user there is nothing to read. (De-duplication happens earlier, in the inbox.)
    """
    seen = None
    if chat_id is not None and user_id is not None:
        async with uow_factory() as uow:
            seen = await uow.conversations.snapshot(watched_keys(chat_id, user_id))
            await uow.commit()  # ends the read without expiring what it read
    use_snapshot(seen)
