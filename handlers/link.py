"""/link CODE: a resident follows in Telegram a request made for them through Open311."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from telegram import Update
from telegram.ext import ContextTypes

from domain.open311.link import LinkUnknown, link_request
from handlers.common import language_of, services
from handlers.texts import text

logger = logging.getLogger(__name__)


async def link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Links the request whose code follows /link to this resident, and says which ticket."""
    lang, user = language_of(update, context), update.effective_user
    if len(context.args or []) != 1:
        await update.effective_message.reply_text(text(lang, "link_usage"))
        return
    try:
        code = await link_request(services(context).uow_factory, telegram_user_id=user.id,
                                  first_name=user.first_name, lang=lang,
                                  link_code=context.args[0], now=datetime.now(UTC))
    except LinkUnknown:
        logger.info("link: unknown or used code")
        await update.effective_message.reply_text(text(lang, "link_unknown"))
        return
    logger.info("link: ticket %s linked to a resident", code)
    await update.effective_message.reply_text(text(lang, "link_done", code=code))
