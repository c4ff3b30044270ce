"""Reads the conversation states an update's handlers will look up, once, before they run."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from domain.updates import read_states
from handlers.common import services


async def read_first(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One transaction for the draft, the awaited inputs and the NLU misses of this chat."""
    chat, user = update.effective_chat, update.effective_user
    await read_states(services(context).uow_factory, chat.id if chat else None,
                      user.id if user else None)
