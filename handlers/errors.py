"""The one error handler: log with the traceback, tell staff briefly, never leak it."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from handlers.common import language_of, services
from handlers.texts import text

logger = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs the exception and answers the resident with a friendly line."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    settings = services(context).settings
    chat = update.effective_chat
    try:
        if chat.type == chat.PRIVATE:
            lang = language_of(update, context)
            await context.bot.send_message(chat.id, text(lang, "error_generic"))
        if settings.staff_chat_id is not None:
            name = type(context.error).__name__
            await context.bot.send_message(
                settings.staff_chat_id, text("zh", "staff_error_notice", error=name)
            )
    except TelegramError:
        logger.warning("could not report error for update %s", update_id, exc_info=True)
