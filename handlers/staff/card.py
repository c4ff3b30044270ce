"""The ticket card in the staff chat: posted in its own forum topic, edited as it moves."""

from __future__ import annotations

import logging
from types import SimpleNamespace

from telegram import Bot
from telegram.error import BadRequest
from telegram.ext import Application, ContextTypes

from domain import outbox
from domain.outbox import Claimed
from domain.staff.actions import card_view
from domain.staff.queries import set_card
from domain.staff.views import TicketView
from handlers import keyboards
from handlers.intake.card import category_name, type_name
from handlers.staff.common import fmt_time, lang_of
from handlers.staff.groups import group_or_default
from handlers.texts import text

logger = logging.getLogger(__name__)
# The card outbox retries by itself: a 429 must not hold its job (negative = fail fast,
# the convention of the bot's rate limiter, bot/rate_limit.py).
OUTBOX_RETRIES = -1
_ICONS = {"new": "🆕", "claimed": "🛠", "resolved": "✅", "closed": "☑️", "reopened": "🔄",
          "withdrawn": "↩️"}


def staff_problem(view: TicketView, lang: str) -> str:
    """``暖气不热（城乡建设 · 冬季采暖）``: the type the resident confirmed and its category."""
    named = type_name(view.problem_type, lang)
    category = category_name(view.category, lang)
    return text(lang, "staff_type_of", type=named, category=category) if named else category


def render(context: ContextTypes.DEFAULT_TYPE, view: TicketView) -> str:
    """The card's text: no full phone number, only the masked one."""
    lang = lang_of(context)
    body = text(
        lang, "staff_card", icon=_ICONS.get(view.status, "•"), code=view.code,
        category=staff_problem(view, lang), state=text(lang, f"staff_state_{view.status}"),
        urgency=text(lang, f"staff_urgency_{view.urgency}"), place=view.place,
        phone=view.masked_phone if view.masked_phone != "—" else text(lang, "staff_no_phone"),
        window=view.visit_window or "—",
        description=(view.description or "—")[:500], respond=fmt_time(context, view.respond_due_at),
        resolve=fmt_time(context, view.resolve_due_at), assignee=view.assignee or "—",
        department=view.department or "—")
    if view.photos or view.notes or view.followers:
        body += text(lang, "staff_card_more", photos=view.photos, notes=view.notes,
                     followers=view.followers)
    if view.orders:
        body += text(lang, "staff_card_orders") + "".join(
            text(lang, "staff_card_order_line", unit=unit,
                 state=text(lang, f"order_state_{status}"),
                 who=text(lang, "staff_card_order_who", name=who) if who else "",
                 reason=text(lang, "staff_card_order_reason", reason=reason[:200])
                 if reason else "")
            for unit, status, who, reason in view.orders)
    if view.resolution_note:
        body += text(lang, "staff_card_note", note=view.resolution_note[:500])
    if view.excluded_reason:
        body += text(lang, "staff_card_excluded", reason=view.excluded_reason[:300])
    return body


def markup(context: ContextTypes.DEFAULT_TYPE, view: TicketView):
    """The card's buttons for the ticket's current state."""
    return keyboards.staff_card(lang_of(context), view.id, [a.value for a in view.actions])


def queue(context: ContextTypes.DEFAULT_TYPE, ticket_id: int, *, emergency: bool,
          group: int | None = None) -> None:
    """Writes the new ticket's card to the outbox, for its unit's ``group``."""
    chat_id = group_or_default(context, group)
    if chat_id is not None:
        outbox.collect(outbox.card(chat_id, ticket_id, emergency=emergency))


async def deliver(app: Application, row: Claimed) -> int | None:
    """The outbox's sender for a card; returns its message id.

    Opens the ticket's topic if it has none and posts the card there (a group without
    topics gets a plain message).

    The topic is remembered as soon as it exists, so a second try reuses it.
    """
    svc, ticket_id = app.bot_data["services"], int(row.params["ticket"])
    view = await card_view(svc.uow_factory, ticket_id)
    if view.card_message_id is not None:
        return view.card_message_id  # posted already (a try whose outcome was lost)
    lang = svc.settings.default_language
    thread = view.thread_id
    if thread is None:
        thread = await _topic(app.bot, row.chat_id, text(
            lang, "staff_topic_name", code=view.code,
            category=category_name(view.category, lang).split(" · ")[-1]))
        if thread is not None:
            await set_card(svc.uow_factory, ticket_id, thread_id=thread, message_id=None)
    context = SimpleNamespace(application=app)  # what render and markup read
    sent = await app.bot.send_message(row.chat_id, render(context, view),
                                      message_thread_id=thread, reply_markup=markup(context, view),
                                      rate_limit_args=OUTBOX_RETRIES)
    logger.info("staff: card for %s posted", view.code)
    return sent.message_id


async def deliver_edit(app: Application, row: Claimed) -> int | None:
    """The outbox's sender for a card edit: the card as the ticket is now."""
    svc, ticket_id = app.bot_data["services"], int(row.params["ticket"])
    view = await card_view(svc.uow_factory, ticket_id)
    if view.card_message_id is None:
        return None  # not posted (yet): when it is, it shows the ticket as it is then
    context = SimpleNamespace(application=app)
    await app.bot.edit_message_text(render(context, view), row.chat_id, view.card_message_id,
                                    reply_markup=markup(context, view),
                                    rate_limit_args=OUTBOX_RETRIES)
    return view.card_message_id


async def _topic(bot: Bot, chat_id: int, name: str) -> int | None:
    """A new forum topic's thread id, or None when the group is not a forum."""
    try:
        topic = await bot.create_forum_topic(chat_id, name[:128],
                                             rate_limit_args=OUTBOX_RETRIES)
    except BadRequest:
        return None
    return topic.message_thread_id


async def refresh(context: ContextTypes.DEFAULT_TYPE, view: TicketView) -> None:
    """Edits the card in place to show the ticket's new state.

    Through the outbox when an update or a job is being handled: edits waiting for one
    ticket are sent as one.
    """
    chat_id = group_or_default(context, view.group)
    if chat_id is None:
        return
    if outbox.collect(outbox.card_edit(chat_id, view.id)):
        return
    if view.card_message_id is None:
        return
    try:
        await context.bot.edit_message_text(render(context, view), chat_id, view.card_message_id,
                                            reply_markup=markup(context, view))
    except BadRequest as error:
        if "not modified" not in str(error):
            logger.warning("staff: card of %s not edited", view.code, exc_info=True)
