"""``/web`` in a private chat: a staff member's one-time login link to the web view."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from telegram import LinkPreviewOptions, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from domain.web.auth import LINK_MINUTES, NotStaff, issue_link
from handlers.common import language_of, services
from handlers.texts import text

logger = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def web(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers a staff member with a login link good once for ``LINK_MINUTES``."""
    lang, message = language_of(update, context), update.effective_message
    if update.effective_chat.type != ChatType.PRIVATE:
        await message.reply_text(text(lang, "web_cmd_group"))
        return
    found = services(context)
    base = found.extras.get("web_url")
    if not base:
        await message.reply_text(text(lang, "web_cmd_off"))
        return
    try:
        issued = await issue_link(found.uow_factory, update.effective_user.id, datetime.now(UTC))
    except NotStaff:
        logger.info("web: a link refused to someone who is not active staff")
        await message.reply_text(text(lang, "web_cmd_not_staff"))
        return
    logger.info("web: a login link issued")
    await message.reply_text(text(lang, "web_cmd_link", minutes=LINK_MINUTES,
                                  url=f"{base}/login/{issued.token}"),
                             link_preview_options=NO_PREVIEW)
