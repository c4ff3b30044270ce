"""The buttons of an escalation: 🔔 吹哨 on the street's card, 收到 · 报到 on the summons.

``esc:summon:<escalation>`` and ``esc:ack:<escalation>``, checked on the server
(``domain.units.summons``): only a street supervisor or leader summons, only the unit's
head reports in; a second tap changes nothing and sends nothing.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from domain import outbox
from domain.errors import DomainError
from domain.staff.roster import find
from domain.units import summons
from domain.units.escalation import Escalation
from handlers import keyboards
from handlers.callback_ids import parse_id
from handlers.common import services
from handlers.intake.card import duration
from handlers.staff.common import lang_of, now_of, refusal
from handlers.staff.escalation import card_copies, card_text, desk_chat, heads_chats
from handlers.texts import text

logger = logging.getLogger(__name__)


async def _summon(update: Update, context, escalation_id: int) -> str | None:
    """Records the summons, sends it to the unit, shows it on the street's card."""
    svc, now, lang = services(context), now_of(context), lang_of(context)
    esc = await summons.summon(svc.uow_factory, update.effective_user.id, escalation_id,
                               now=now, update_id=update.update_id)
    if esc is None:
        return text(lang, "esc_summoned_already")
    body = text(lang, "esc_summons", name=esc.summoned_by, unit=esc.unit_name,
                code=esc.ticket_code, what=text(lang, f"staff_what_{esc.kind}"),
                late=duration(esc.late, lang))
    group, heads = heads_chats(svc.settings, esc)
    if group is not None:
        await context.bot.send_message(group, body, message_thread_id=esc.order_thread_id,
                                       reply_markup=keyboards.summons(lang, esc.id))
    for head in heads:  # privately: at least once, as reminders are
        await context.bot.send_message(head, body, reply_markup=keyboards.summons(lang, esc.id))
        outbox.tag_last(kind="reminder", key=f"escs:{esc.id}:{head}")
    await _redraw_cards(update, context, esc)
    logger.info("escalation: order %s summoned in update %s", esc.order_id, update.update_id)
    return None


async def _redraw_cards(update: Update, context, esc: Escalation) -> None:
    """Every copy of the street's card now says who blew the whistle (no button any more)."""
    svc, tapped = services(context), update.callback_query.message
    card = card_text(svc.settings, esc, now_of(context))
    for chat, key in card_copies(svc.settings, esc):
        message_id = await outbox.sent_id(svc.uow_factory, key)
        if tapped is not None and chat == tapped.chat_id:
            message_id = tapped.message_id
        if message_id is not None:
            await context.bot.edit_message_text(card, chat, message_id)


async def _ack(update: Update, context, escalation_id: int) -> str | None:
    """The unit's head reports in: the street is told, the summons loses its button."""
    svc, lang = services(context), lang_of(context)
    esc = await summons.answer(svc.uow_factory, update.effective_user.id, escalation_id,
                               now=now_of(context), update_id=update.update_id)
    if esc is not None:
        head = (await find(svc.uow_factory, update.effective_user.id)).name
        desk = desk_chat(svc.settings, esc)
        if desk is not None:
            await context.bot.send_message(desk, text(lang, "esc_acked", unit=esc.unit_name,
                                                      name=head, code=esc.ticket_code))
        if update.callback_query.message is not None:
            await update.callback_query.edit_message_reply_markup(None)
    return text(lang, "esc_ack_done")


_VERBS = {"summon": _summon, "ack": _ack}


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Parses ``esc:<verb>:<escalation>``; anything malformed or refused changes nothing."""
    query = update.callback_query
    parts = (query.data or "").split(":")
    handler = _VERBS.get(parts[1]) if len(parts) == 3 else None
    escalation_id = parse_id(parts[2]) if handler else None
    if escalation_id is None:
        logger.warning("escalation: malformed button data in update %s", update.update_id)
        return await query.answer(text(lang_of(context), "staff_stale"), show_alert=True)
    try:
        said = await handler(update, context, escalation_id)
    except DomainError as error:
        return await query.answer(refusal(context, update, error, f"escalation {parts[1]}"),
                                  show_alert=True)
    await query.answer(said)
