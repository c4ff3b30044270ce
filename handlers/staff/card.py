"""The ticket card in the staff chat: posted in its own forum topic, edited as it moves."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from domain.staff.actions import card_view
from domain.staff.queries import set_card
from domain.staff.views import TicketView
from handlers import keyboards
from handlers.common import services
from handlers.intake.card import category_name
from handlers.staff.common import fmt_time, lang_of
from handlers.texts import text

logger = logging.getLogger(__name__)
# The card outbox retries by itself: a 429 must not hold its job (negative = fail fast,
# the convention of the bot's rate limiter, bot/rate_limit.py).
OUTBOX_RETRIES = -1
_ICONS = {"new": "🆕", "claimed": "🛠", "resolved": "✅", "closed": "☑️", "reopened": "🔄",
          "withdrawn": "↩️"}


def render(context: ContextTypes.DEFAULT_TYPE, view: TicketView) -> str:
    """The card's text: no full phone number, only the masked one."""
    lang = lang_of(context)
    body = text(
        lang, "staff_card", icon=_ICONS.get(view.status, "•"), code=view.code,
        category=category_name(view.category, lang), state=text(lang, f"staff_state_{view.status}"),
        urgency=text(lang, f"staff_urgency_{view.urgency}"), place=view.place,
        phone=view.masked_phone, window=view.visit_window or "—",
        description=(view.description or "—")[:500], respond=fmt_time(context, view.respond_due_at),
        resolve=fmt_time(context, view.resolve_due_at), assignee=view.assignee or "—",
        department=view.department or "—")
    if view.resolution_note:
        body += text(lang, "staff_card_note", note=view.resolution_note[:500])
    if view.excluded_reason:
        body += text(lang, "staff_card_excluded", reason=view.excluded_reason[:300])
    return body


def markup(context: ContextTypes.DEFAULT_TYPE, view: TicketView):
    """The card's buttons for the ticket's current state."""
    return keyboards.staff_card(lang_of(context), view.id, [a.value for a in view.actions])


async def announce(context: ContextTypes.DEFAULT_TYPE, ticket_id: int) -> bool:
    """Opens a forum topic for a new ticket and posts its card there; True when posted.

    A group without topics gets a plain message. The topic is remembered as soon as it
    exists, so a retry after a failed send reuses it. Failures are logged; the ticket exists
    and the card outbox (``handlers/staff/outbox.py``) tries again later.
    """
    svc = services(context)
    chat_id = svc.settings.staff_chat_id
    if chat_id is None:
        return False
    view = await card_view(svc.uow_factory, ticket_id)
    try:
        thread = view.thread_id
        if thread is None:
            thread = await _topic(context.bot, chat_id, text(
                lang_of(context), "staff_topic_name", code=view.code,
                category=category_name(view.category, lang_of(context)).split(" · ")[-1]))
            if thread is not None:
                await set_card(svc.uow_factory, ticket_id, thread_id=thread, message_id=None)
        sent = await context.bot.send_message(chat_id, render(context, view),
                                              message_thread_id=thread,
                                              reply_markup=markup(context, view),
                                              rate_limit_args=OUTBOX_RETRIES)
    except RetryAfter as error:  # the group's limit: expected under load, tried again later
        logger.info("staff: card for %s waits (%s)", view.code, error.message)
        return False
    except TelegramError:
        logger.warning("staff: card for %s not posted", view.code, exc_info=True)
        return False
    await set_card(svc.uow_factory, ticket_id, thread_id=thread, message_id=sent.message_id)
    logger.info("staff: card for %s posted", view.code)
    return True


async def _topic(bot: Bot, chat_id: int, name: str) -> int | None:
    """A new forum topic's thread id, or None when the group is not a forum."""
    try:
        topic = await bot.create_forum_topic(chat_id, name[:128],
                                             rate_limit_args=OUTBOX_RETRIES)
    except BadRequest:
        return None
    return topic.message_thread_id


async def refresh(context: ContextTypes.DEFAULT_TYPE, view: TicketView) -> None:
    """Edits the card in place to show the ticket's new state."""
    chat_id = services(context).settings.staff_chat_id
    if chat_id is None or view.card_message_id is None:
        return
    try:
        await context.bot.edit_message_text(render(context, view), chat_id, view.card_message_id,
                                            reply_markup=markup(context, view))
    except BadRequest as error:
        if "not modified" not in str(error):
            logger.warning("staff: card of %s not edited", view.code, exc_info=True)
