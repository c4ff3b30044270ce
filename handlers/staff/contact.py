"""The full contact of a ticket goes only to one person, in a private message."""

from __future__ import annotations

import logging

from telegram import User
from telegram.error import BadRequest, Forbidden
from telegram.ext import ContextTypes

from domain import outbox
from domain.staff.views import Contact
from handlers.common import services
from handlers.staff.common import lang_of
from handlers.texts import text

logger = logging.getLogger(__name__)


async def send_contact(context: ContextTypes.DEFAULT_TYPE, user: User | None,
                       contact: Contact | None, *, to: int | None = None) -> bool:
    """Sends the contact privately; if the member never opened a private chat, asks them to."""
    if contact is None:
        return False
    chat_id = to or user.id
    lang = lang_of(context)
    body = text(lang, "staff_contact", code=contact.code,
                phone=contact.phone or text(lang, "staff_no_phone"),
                place=contact.place, window=contact.visit_window or "—")
    staff_chat = services(context).settings.staff_chat_id
    try:
        await context.bot.send_message(chat_id, body)
        # Through the outbox: to staff, so at least once; refused (the member never opened
        # a private chat), the group is asked instead — without the contact itself.
        if outbox.tag_last(kind="staff") and user is not None and staff_chat is not None:
            outbox.tag_last(hook={"fallback": {"chat": staff_chat, "text": text(
                lang, "staff_dm_failed", name=user.first_name)}})
        return True
    except (Forbidden, BadRequest):
        logger.info("staff: contact for %s not delivered in private", contact.code)
    if user is not None and staff_chat is not None:
        await context.bot.send_message(staff_chat, text(lang, "staff_dm_failed",
                                                        name=user.first_name))
    return False
