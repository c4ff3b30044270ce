"""What a resident does on a ticket, told to staff in the ticket's topic; the card redrawn.

A line goes into the ticket's forum topic after its card (``outbox.into_ticket_topic``:
the topic the card opened, found when the line is sent), and the card is redrawn from the
ticket's state when its edit is sent (edits waiting for one card are one).
"""

from __future__ import annotations

from telegram.ext import ContextTypes

from domain import outbox
from handlers.common import services
from handlers.staff.common import lang_of
from handlers.texts import text


async def tell(context: ContextTypes.DEFAULT_TYPE, ticket_id: int, key: str,
               **values: object) -> None:
    """Writes ``key`` into the ticket's topic and redraws its card."""
    chat_id = services(context).settings.staff_chat_id
    if chat_id is None:
        return
    await context.bot.send_message(chat_id, text(lang_of(context), key, **values))
    outbox.into_ticket_topic(ticket_id)
    outbox.collect(outbox.card_edit(chat_id, ticket_id))


async def show_photo(context: ContextTypes.DEFAULT_TYPE, ticket_id: int, file_id: str,
                     key: str, *, redraw: bool = True, **values: object) -> None:
    """Posts the resident's photo (captioned ``key``) into the ticket's topic.

    ``redraw``: the card is redrawn too (not for a new ticket's photos: its card is drawn
    when it is sent, with them).
    """
    chat_id = services(context).settings.staff_chat_id
    if chat_id is None:
        return
    await context.bot.send_photo(chat_id, file_id, caption=text(lang_of(context), key, **values))
    outbox.into_ticket_topic(ticket_id)
    if redraw:
        outbox.collect(outbox.card_edit(chat_id, ticket_id))


async def tell_assignee(context: ContextTypes.DEFAULT_TYPE, telegram_id: int, ticket_id: int,
                        thread_id: int | None, key: str, **values: object) -> None:
    """Tells the worker holding the ticket in private; refused there, in the topic instead."""
    chat_id = services(context).settings.staff_chat_id
    body = text(lang_of(context), key, **values)
    await context.bot.send_message(telegram_id, body)
    if chat_id is not None:
        outbox.tag_last(hook={"fallback": {"chat": chat_id, "thread": thread_id,
                                           "key": f"assignee:{ticket_id}:{key}"}})
