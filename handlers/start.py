"""``/start`` and ``/help``: a greeting and what the bot can do."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import language_of
from handlers.texts import text


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greets the resident in their language."""
    lang = language_of(update, context)
    name = update.effective_user.first_name if update.effective_user else ""
    await update.effective_message.reply_text(text(lang, "start", name=name))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lists what the bot can do."""
    lang = language_of(update, context)
    await update.effective_message.reply_text(text(lang, "help"))
