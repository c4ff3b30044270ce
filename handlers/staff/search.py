"""/search in the staff group: tickets by code, phone tail, building or words, as buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from domain.errors import DomainError
from domain.staff import search as finder
from handlers import keyboards
from handlers.common import services
from handlers.staff.common import lang_of, refusal
from handlers.texts import text


async def search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers with up to ``finder.LIMIT`` matching tickets, one button each (staff only)."""
    message, lang = update.effective_message, lang_of(context)
    asked = " ".join(context.args or []).strip()[:finder.MAX_QUERY]
    try:
        svc = services(context)
        found = await finder.search(svc.uow_factory, update.effective_user.id,
                                    finder.parse(asked), group=update.effective_chat.id,
                                    configured=svc.settings.staff_chat_id)
    except DomainError as error:
        return await message.reply_text(refusal(context, update, error, "/search"))
    if not asked:
        return await message.reply_text(text(lang, "search_usage"))
    if not found:
        return await message.reply_text(text(lang, "search_none", query=asked))
    labels = [(v.id, text(lang, "search_button", code=v.code, place=v.place,
                          state=text(lang, f"staff_state_{v.status}"))) for v in found]
    await message.reply_text(
        text(lang, "search_header", query=asked, count=len(found), limit=finder.LIMIT),
        reply_markup=keyboards.staff_found(lang, labels))
