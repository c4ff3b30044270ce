"""A resident's private messages that belong with staff: hand-offs and ticket replies.

Runs before the intake router. It relays the message to the staff thread (and stops the
intake) when the resident is handed off, replies to a message about an open ticket, or
writes outside a draft soon after a worker wrote to them. Asking for a person, or two
messages in a row outside a draft the NLU does not understand, start a hand-off. The
resident asked for a person, so a call for one that also describes a problem ("找个人来
看看 水管漏了") hands off too; staff read the problem type the NLU found in it.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from domain import outbox
from domain.intake import reading
from domain.intake.drafts import draft_key, load_draft
from domain.privacy import for_staff
from domain.staff import handoff, relay
from handlers import keyboards
from handlers.common import language_of, services
from handlers.intake.card import category_name
from handlers.staff.common import lang_of, now_of
from handlers.staff.groups import group_of, group_or_default
from handlers.texts import text

logger = logging.getLogger(__name__)
_CODE = re.compile(r"[A-Z]{2}-\d{8}-\d{4,}")
_NOT_UNDERSTOOD = "nlu_fallback"


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Relays or hands off (and stops); otherwise lets the intake have the message."""
    svc, message, user = services(context), update.effective_message, update.effective_user
    body, settings = message.text or "", svc.settings
    if settings.staff_chat_id is None:
        return
    replied = message.reply_to_message
    code = _CODE.search(replied.text or "") if replied and replied.from_user.is_bot else None
    target = await relay.to_staff(
        svc.uow_factory, user.id, reply_code=code.group(0) if code else None,
        draft_key=draft_key(message.chat_id, user.id), now=now_of(context),
        window=timedelta(hours=settings.relay_window_hours))
    if target is not None:
        await _to_thread(context, target, body, update)
        raise ApplicationHandlerStop
    result = await svc.nlu.parse(body)
    intent = result.intent
    if intent == "ask_human" and reading.no_phone(body) and await load_draft(
            svc.uow_factory, message.chat_id, user.id) is not None:
        return  # "没电话，微信联系我": an answer to the phone question, not a call for a person
    missed = intent == _NOT_UNDERSTOOD and await load_draft(
        svc.uow_factory, message.chat_id, user.id) is None  # a draft's steps judge themselves
    misses, said = await handoff.count_miss(svc.uow_factory, user.id, missed,
                                            now=now_of(context), said=body)
    if intent == "ask_human" or misses >= handoff.MISSES_TO_HANDOFF:
        reason = "ask_human" if intent == "ask_human" else "not_understood"
        await start_handoff(update, context, reason, said=said if missed else [body],
                            category=result.category)
        raise ApplicationHandlerStop


async def _to_thread(context, target: relay.ToStaff, body: str, update: Update) -> None:
    """Posts the resident's words in the ticket's (or hand-off's) thread and audits them."""
    svc = services(context)
    copy = await context.bot.send_message(
        group_or_default(context, target.group),
        text(lang_of(context), "relay_to_staff", text=for_staff(body[:3000])),
        message_thread_id=target.thread_id,
        reply_to_message_id=None if target.thread_id else target.card_message_id)
    outbox.tag_last(about_user=update.effective_user.id)  # its copy is erased with their data
    if target.ticket_id is not None:  # and into the topic of every live work order
        for group, thread in await relay.order_topics(svc.uow_factory, target.ticket_id):
            await context.bot.send_message(
                group_or_default(context, group),
                text(lang_of(context), "relay_to_staff", text=for_staff(body[:3000])),
                message_thread_id=thread)
            outbox.tag_last(about_user=update.effective_user.id)
    if target.thread_id is None and target.ticket_id is not None \
            and target.card_message_id is None:  # the card (and its topic) not posted yet
        outbox.into_ticket_topic(target.ticket_id)
    if target.ticket_id is not None:
        await relay.record_from_resident(svc.uow_factory, update.effective_user.id,
                                         target.ticket_id, body, now=now_of(context),
                                         update_id=update.update_id,
                                         staff_message_id=copy.message_id or None)
    if await relay.first_to_staff(svc.uow_factory, update.effective_user.id, target,
                                  now=now_of(context)):
        await update.effective_message.reply_text(
            text(language_of(update, context), "relayed_to_staff"))
    logger.info("staff: resident message relayed (ticket %s)", target.code)


async def start_handoff(update: Update, context: ContextTypes.DEFAULT_TYPE, reason: str,
                        said: list[str] | None = None, category: str | None = None) -> None:
    """Stores the hand-off, opens its thread if it has none, tells both sides.

    ``said``: what the resident wrote that led here, shown to staff in the thread;
    ``category``: the problem type the NLU read in it ("找人 楼道灯坏了"), shown too.
    """
    svc, user = services(context), update.effective_user
    lang = language_of(update, context)
    started = await handoff.start(svc.uow_factory, user.id, first_name=user.first_name, lang=lang,
                                  reason=reason, now=now_of(context))
    await update.effective_message.reply_text(text(lang, "handoff_started"))
    if not started.new:
        return
    chat_id = await group_of(context, started.ticket_id) if started.ticket_id \
        else svc.settings.staff_chat_id
    thread = started.thread_id
    if thread is None and started.ticket_id is None:
        try:
            topic = await context.bot.create_forum_topic(
                chat_id, text(lang_of(context), "handoff_topic", id=started.id))
            thread = topic.message_thread_id
            await handoff.set_thread(svc.uow_factory, started.id, thread)
        except TelegramError:
            logger.info("staff: no forum topic for hand-off %s", started.id)
    notice = text(lang_of(context), "handoff_staff_notice",
                  reason=text(lang_of(context), f"handoff_reason_{reason}"))
    words = [w for w in (said or []) if w.strip()]
    if words:
        notice += "\n" + text(lang_of(context), "handoff_staff_said", text="\n".join(
            f"“{for_staff(w[:500])}”" for w in words))
    if category:
        notice += "\n" + text(lang_of(context), "handoff_staff_category",
                               category=category_name(category, lang_of(context)))
    await context.bot.send_message(
        chat_id, notice, message_thread_id=thread,
        reply_markup=keyboards.staff_end_handoff(lang_of(context), started.id))
    outbox.tag_last(about_user=user.id)  # it carries the resident's words
    logger.info("staff: hand-off %s started (%s)", started.id, reason)
