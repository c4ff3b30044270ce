"""The inactivity tick: reminds each resident with an idle draft once (the draft is kept)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from domain.intake.drafts import load_draft
from domain.intake.idle import claim_idle_drafts
from handlers import keyboards
from handlers.common import services
from handlers.texts import text

logger = logging.getLogger(__name__)
JOB_NAME = "intake-idle-reminders"


async def remind_idle(context: ContextTypes.DEFAULT_TYPE) -> int:
    """Sends one reminder per idle draft found in the database; returns how many."""
    svc = services(context)
    idle = timedelta(minutes=svc.settings.intake_idle_minutes)
    sent = 0
    now = datetime.now(svc.settings.tz)
    for item in await claim_idle_drafts(svc.uow_factory, now=now, idle=idle):
        draft = await load_draft(svc.uow_factory, item.chat_id, item.user_id)
        description = (draft.description if draft else "")[:40] or "…"
        try:
            await context.bot.send_message(
                item.chat_id, text(item.lang, "remind", description=description),
                reply_markup=keyboards.resume(item.lang))
            sent += 1
        except Forbidden:
            logger.info("intake: resident blocked the bot; reminder skipped")
        except TelegramError:
            logger.warning("intake: reminder not sent", exc_info=True)
    return sent
