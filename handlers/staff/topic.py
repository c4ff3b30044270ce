"""What a resident does on a ticket, told to staff in the ticket's topic; the card redrawn.

A line goes into the ticket's forum topic after its card (``outbox.into_ticket_topic``:
the topic the card opened, found when the line is sent), and the card is redrawn from the
ticket's state when its edit is sent (edits waiting for one card are one).
"""

from __future__ import annotations

from telegram import InputMediaPhoto
from telegram.ext import ContextTypes

from domain import outbox
from handlers.staff.common import lang_of
from handlers.staff.groups import group_of
from handlers.texts import text


async def tell(context: ContextTypes.DEFAULT_TYPE, ticket_id: int, key: str,
               **values: object) -> None:
    """Writes ``key`` into the ticket's topic and redraws its card."""
    chat_id = await group_of(context, ticket_id)
    if chat_id is None:
        return
    await context.bot.send_message(chat_id, text(lang_of(context), key, **values))
    _in_topic(chat_id, ticket_id)


async def show_photo(context: ContextTypes.DEFAULT_TYPE, ticket_id: int, file_id: str,
                     key: str, *, redraw: bool = True, **values: object) -> None:
    """Posts the resident's photo (captioned ``key``) into the ticket's topic.

    ``redraw``: the card is redrawn too (not for a new ticket's photos: its card is drawn
    when it is sent, with them).
    """
    chat_id = await group_of(context, ticket_id)
    if chat_id is None:
        return
    await context.bot.send_photo(chat_id, file_id, caption=text(lang_of(context), key, **values))
    _in_topic(chat_id, ticket_id, redraw=redraw)


def _in_topic(chat_id: int, ticket_id: int, *, redraw: bool = True) -> None:
    """The message just collected goes into the ticket's topic; the card is redrawn."""
    outbox.into_ticket_topic(ticket_id)
    if redraw:
        outbox.collect(outbox.card_edit(chat_id, ticket_id))


async def deliver_album(app, row) -> int | None:
    """The outbox's deliverer of an album: its photos as one group in the ticket's topic."""
    photos, caption = row.params.get("photos", []), row.params.get("caption") or None
    thread = await outbox.topic_of(app.bot_data["services"].uow_factory,
                                   int(row.params["ticket"]))
    if len(photos) == 1:
        sent = await app.bot.send_photo(row.chat_id, photos[0], caption=caption,
                                        message_thread_id=thread)
        return sent.message_id
    media = [InputMediaPhoto(p, caption=caption if i == 0 else None)
             for i, p in enumerate(photos)]
    sent = await app.bot.send_media_group(row.chat_id, media, message_thread_id=thread)
    return sent[0].message_id if sent else None


async def album_photo(context: ContextTypes.DEFAULT_TYPE, ticket_id: int, group: str,
                      file_id: str, key: str, **values: object) -> None:
    """One photo of an album the resident sent: the album goes into the topic as one."""
    chat_id = await group_of(context, ticket_id)
    if chat_id is None:
        return
    outbox.album_photo(chat_id, ticket_id, group, file_id, text(lang_of(context), key, **values))
    outbox.collect(outbox.card_edit(chat_id, ticket_id))


async def tell_assignee(context: ContextTypes.DEFAULT_TYPE, telegram_id: int, ticket_id: int,
                        thread_id: int | None, key: str, **values: object) -> None:
    """Tells the worker holding the ticket in private; refused there, in the topic instead."""
    chat_id = await group_of(context, ticket_id)
    body = text(lang_of(context), key, **values)
    await context.bot.send_message(telegram_id, body)
    if chat_id is not None:
        outbox.tag_last(hook={"fallback": {"chat": chat_id, "thread": thread_id,
                                           "key": f"assignee:{ticket_id}:{key}"}})
