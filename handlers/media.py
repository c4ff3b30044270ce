"""Content the bot cannot read (stickers, voice, video, documents): a friendly hint."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import language_of
from handlers.texts import text


async def unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says what the bot can take."""
    await update.effective_message.reply_text(text(language_of(update, context), "hint_media"))


async def ignore_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message gets no second answer (the first one stands)."""


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press no handler claims (forged or from an old version): answered, nothing done."""
    await update.callback_query.answer(text(language_of(update, context), "stale_button"),
                                       show_alert=True)
