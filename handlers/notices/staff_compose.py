"""/notice in the staff chat: drafting a notice step by step (stored, not in memory).

Buttons move the draft along (``handlers/notices/staff_buttons.py``); the typed steps
(the Chinese and English text, buildings or units, a ticket category, a send time) are
read here from the member's next message. A staff message while nobody is composing goes
on to the staff chat's usual handler.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from domain.errors import DomainError
from domain.notices import approval
from domain.notices.approval import BadAudience, NoticeGone
from handlers.common import services
from handlers.intake.card import category_name
from handlers.notices import staff_keyboards as kb
from handlers.notices.staff_parse import parse_category, parse_when
from handlers.staff import messages as staff_messages
from handlers.staff.common import lang_of, now_of, refusal
from handlers.texts import text

logger = logging.getLogger(__name__)
MAX_TEXT = 3500  # leaves room for the buttons' label lines in one Telegram message


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/notice: a new draft, with "write" and the templates."""
    try:
        notice_id = await approval.begin(services(context).uow_factory, update.effective_user.id,
                                         now=now_of(context))
    except DomainError as error:
        return await update.effective_message.reply_text(refusal(context, update, error,
                                                                 "/notice"))
    await update.effective_message.reply_text(text(lang_of(context), "nx_start", id=notice_id),
                                              reply_markup=kb.start(lang_of(context), notice_id))


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel in the staff chat: stops typing a notice step (the draft stays)."""
    message = update.effective_message
    gone = await approval.forget(services(context).uow_factory, message.chat_id,
                                 update.effective_user.id)
    await message.reply_text(text(lang_of(context), "nx_cancelled_step" if gone else "nx_nothing"))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The member's next message is a notice step; else the staff chat handles it."""
    svc, message, user = services(context), update.effective_message, update.effective_user
    step = await approval.waiting(svc.uow_factory, message.chat_id, user.id)
    if step is None:
        return await staff_messages.on_text(update, context)
    kind, notice_id = step
    body = (message.text or "").strip()[:MAX_TEXT]
    try:
        await _STEPS[kind](update, context, notice_id, body)
    except NoticeGone as error:
        await approval.forget(svc.uow_factory, message.chat_id, user.id)
        await message.reply_text(refusal(context, update, error, f"notice step {kind}"))
    except DomainError as error:  # the step stays: the member may type it again
        await message.reply_text(refusal(context, update, error, f"notice step {kind}"))


async def _zh(update: Update, context, notice_id: int, body: str) -> None:
    """Stores the Chinese text and asks for an English one."""
    if not body:
        raise BadAudience("empty text")
    await approval.edit(services(context).uow_factory, update.effective_user.id, notice_id,
                        text_zh=body)
    await _expect(update, context, "en", notice_id)
    await update.effective_message.reply_text(text(lang_of(context), "nx_ask_en"),
                                              reply_markup=kb.skip_english(lang_of(context),
                                                                           notice_id))


async def _en(update: Update, context, notice_id: int, body: str) -> None:
    """Stores the English text and asks for the topic."""
    await approval.edit(services(context).uow_factory, update.effective_user.id, notice_id,
                        text_en=body or None)
    await _done_typing(update, context)
    await update.effective_message.reply_text(text(lang_of(context), "nx_ask_topic"),
                                              reply_markup=kb.topics(lang_of(context), notice_id))


async def _place(update: Update, context, notice_id: int, body: str) -> None:
    """Buildings and units ("3,5,7", "3-2"), then emergency or not."""
    await _set_audience(update, context, notice_id, approval.place_audience(body))


async def _category(update: Update, context, notice_id: int, body: str) -> None:
    """A ticket category and months ("冬季采暖 6"), then emergency or not."""
    parsed = parse_category(body)
    if parsed is None:
        raise BadAudience(body)
    await _set_audience(update, context, notice_id, approval.category_audience(*parsed))


async def _when(update: Update, context, notice_id: int, body: str) -> None:
    """A supervisor's send time: the notice is approved for then."""
    svc, lang = services(context), lang_of(context)
    at = parse_when(body, now_of(context))
    if at is None:
        return await update.effective_message.reply_text(text(lang, "nx_bad_time"))
    draft = await approval.approve(svc.uow_factory, update.effective_user.id, notice_id,
                                   now=now_of(context), send_at=at)
    await _done_typing(update, context)
    logger.info("notices: notice %s scheduled for %s (update %s)", notice_id, at.isoformat(),
                update.update_id)
    when = at.astimezone(svc.settings.tz).strftime("%Y-%m-%d %H:%M")
    await update.effective_message.reply_text(
        text(lang, "nx_scheduled", id=notice_id, at=when),
        reply_markup=kb.control(lang, notice_id, draft.status))


async def _set_audience(update: Update, context, notice_id: int,
                        audience: dict[str, Any]) -> None:
    await approval.edit(services(context).uow_factory, update.effective_user.id, notice_id,
                        audience=audience)
    await _done_typing(update, context)
    await update.effective_message.reply_text(
        text(lang_of(context), "nx_ask_emergency"),
        reply_markup=kb.emergency(lang_of(context), notice_id))


async def _expect(update: Update, context, step: str, notice_id: int) -> None:
    await approval.expect(services(context).uow_factory, update.effective_chat.id,
                          update.effective_user.id, step, notice_id, now=now_of(context))


async def _done_typing(update: Update, context) -> None:
    await approval.forget(services(context).uow_factory, update.effective_chat.id,
                          update.effective_user.id)


def describe(lang: str, audience: dict[str, Any] | None) -> str:
    """The audience in words, for the preview."""
    spec = audience or {}
    if spec.get("kind") == "place":
        places = [*spec.get("buildings", []), *("-".join(u) for u in spec.get("units", []))]
        return text(lang, "nx_aud_place", places=", ".join(places))
    if spec.get("kind") == "category":
        return text(lang, "nx_aud_category", category=category_name(spec["category"], lang),
                    months=spec["months"])
    return text(lang, "nx_aud_all")


expect_step = _expect
_STEPS = {"zh": _zh, "en": _en, "place": _place, "category": _category, "when": _when}
