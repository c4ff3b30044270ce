"""Drops an update that was already handled (Telegram may deliver one twice)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from domain.updates import claim_update
from handlers.common import services

logger = logging.getLogger(__name__)


async def drop_duplicates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Records the update id; stops all further handling if it was seen before.

    For an update with a chat and a user, the same transaction reads the conversation
    states its handlers will look up (``domain.updates.watched_keys``).
    """
    chat, user = update.effective_chat, update.effective_user
    first_time = await claim_update(services(context).uow_factory, update.update_id,
                                    chat.id if chat else None, user.id if user else None)
    if not first_time:
        logger.info("update %s already handled; dropped", update.update_id)
        raise ApplicationHandlerStop
