"""Staff text in the group: a pending note/reason/reply, or a reply in a ticket's topic."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import Forbidden
from telegram.ext import ContextTypes

from domain.errors import DomainError
from domain.staff import actions, pending, relay
from domain.staff.relay import NotATicketThread
from domain.staff.roster import NotStaff
from handlers.common import services, survey_timing
from handlers.staff import card, orders
from handlers.staff.common import now_of, refusal
from handlers.texts import text

logger = logging.getLogger(__name__)
INTERNAL = "//"  # a message starting with this stays in the group


def thread_of(message: Message) -> int | None:
    """The forum topic the message is in, if any."""
    return message.message_thread_id if message.is_topic_message else None


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Routes one staff message: pending input first, then the relay to the resident."""
    svc, message = services(context), update.effective_message
    body = (message.text or "").strip()
    waiting = await pending.take(svc.uow_factory, message.chat_id, update.effective_user.id)
    try:
        if waiting is not None and waiting.kind in ("resolve", "exclude"):
            return await _complete(update, context, waiting, body)
        if waiting is not None and waiting.kind in ("order_done", "order_back"):
            return await orders.complete(update, context, waiting.kind, waiting.ticket_id, body)
        if body.startswith(INTERNAL):
            return None
        await _relay(update, context, body, waiting.ticket_id if waiting else None)
    except NotATicketThread:
        return None
    except NotStaff as error:
        refusal(context, update, error, "message")
    except DomainError as error:
        await message.reply_text(refusal(context, update, error, "message"))


async def _complete(update: Update, context, waiting: pending.Pending, body: str) -> None:
    """The note of a resolve or the reason of an exclusion."""
    svc, user = services(context), update.effective_user
    if waiting.kind == "resolve":  # resolving schedules the callback surveys
        done = await actions.resolve(svc.uow_factory, user.id, waiting.ticket_id, body,
                                     now=now_of(context), update_id=update.update_id,
                                     timing=survey_timing(svc.settings))
    else:
        done = await actions.exclude(svc.uow_factory, user.id, waiting.ticket_id, body,
                                     now=now_of(context), update_id=update.update_id)
    logger.info("staff: ticket %s %sd", done.view.code, waiting.kind)
    await card.refresh(context, done.view)
    if done.resident is not None:  # an exclusion: the resident learns where it is handled
        chat, lang = done.resident
        await context.bot.send_message(chat, text(lang, "excluded_to_resident",
                                                  code=done.view.code,
                                                  reason=body[:relay.RELAY_CAP]))


async def _relay(update: Update, context, body: str, ticket_id: int | None) -> None:
    """Sends the message to the ticket's resident, signed with the worker's name."""
    svc, message = services(context), update.effective_message
    reply_to = message.reply_to_message.message_id if message.reply_to_message else None
    out = await relay.from_staff(svc.uow_factory, update.effective_user.id,
                                 thread_id=thread_of(message), reply_to_id=reply_to, text=body,
                                 now=now_of(context), update_id=update.update_id,
                                 ticket_id=ticket_id, group=message.chat_id,
                                 configured=svc.settings.staff_chat_id)
    key = "relay_to_resident" if out.code else "relay_to_resident_plain"
    if out.unit:  # from a work order's topic: signed with the worker's unit
        key = "relay_to_resident_unit"
    try:
        await context.bot.send_message(out.resident_telegram_id, text(
            out.lang, key, name=out.staff_name, text=body[:relay.RELAY_CAP], code=out.code,
            unit=out.unit))
    except Forbidden:
        logger.info("staff: resident of %s blocked the bot; reply not delivered", out.code)
        return
    logger.info("staff: reply relayed for %s (first=%s)", out.code, out.first)
