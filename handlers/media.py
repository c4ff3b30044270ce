"""What the bot cannot act on gets an answer, never silence.

Content it cannot read (stickers, voice, video, documents), an edited message, a command
it does not know, a staff command typed in a private chat, a button it no longer knows.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import language_of
from handlers.intake.prompts import ask
from handlers.intake.turn import Turn
from handlers.texts import text


async def unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says what the bot can take; in a report, asks its current question again."""
    turn = await Turn.begin(update, context)
    if turn.draft is not None and turn.draft.step:
        await ask(turn, turn.draft.step, "hint_media_in_report")
        return
    await update.effective_message.reply_text(text(turn.lang, "hint_media"))


async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message in a private chat: edits are not read; a correction is a new message.

    The first answer stands (the edit changes nothing stored). Edits in the staff group are
    left alone: workers fix typos all day.
    """
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        return
    await context.bot.send_message(chat.id, text(language_of(update, context), "edit_not_read"))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not know: says so, with the list of what it knows."""
    lang = language_of(update, context)
    await update.effective_message.reply_text(
        f"{text(lang, 'unknown_command')}\n\n{text(lang, 'help')}")


async def staff_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A staff command typed in a private chat: it works in the staff group only."""
    await update.effective_message.reply_text(
        text(language_of(update, context), "staff_command_in_private"))


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press no handler claims (forged or from an old version): answered, nothing done."""
    await update.callback_query.answer(text(language_of(update, context), "stale_button"))
