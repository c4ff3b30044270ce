"""/mydata: what is stored about the resident, a copy as a JSON file, and erasure.

Buttons ``md:<verb>``; every verb acts on the presser's own data only (the Telegram user
who pressed), so forged data can do nothing to anyone else.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from datetime import datetime

from telegram import InputFile, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from domain.mydata import Erased, MyData, collect, erase
from domain.staff.actions import card_view
from handlers import keyboards
from handlers.common import language_of, services
from handlers.intake.card import category_name
from handlers.staff import card
from handlers.texts import text

logger = logging.getLogger(__name__)
LINE = 60  # characters of a description shown per ticket


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lists the stored data in plain words, with Export and Erase buttons."""
    lang = language_of(update, context)
    data = await collect(services(context).uow_factory, update.effective_user.id)
    if data is None:
        await update.effective_message.reply_text(text(lang, "mydata_none"))
        return
    await update.effective_message.reply_text(render(lang, data),
                                              reply_markup=keyboards.mydata(lang))


def render(lang: str, data: MyData) -> str:
    """The stored data as a resident reads it."""
    none = text(lang, "mydata_empty")
    address = " ".join(p for p in (data.building, data.unit, data.room) if p) or none
    topics = [text(lang, f"topic_{t}") for t, on in data.subscriptions.items() if on]
    tickets = [text(lang, "mydata_ticket", code=t.code, state=text(lang, f"state_{t.status}"),
                    category=category_name(t.category, lang),
                    words=(t.description or "")[:LINE]) for t in data.tickets]
    return text(lang, "mydata_view", name=data.name or none, language=data.language,
                phone=data.phone or none, address=address,
                topics="、".join(topics) if topics else none, count=len(data.tickets),
                tickets="\n".join(tickets) or none, answers=len(data.survey_answers))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``md:export|erase|erase_yes|keep`` for the presser's own data."""
    query, lang = update.callback_query, language_of(update, context)
    handler = _VERBS.get(query.data.removeprefix("md:"))
    if handler is None:
        return await query.answer(text(lang, "stale_button"), show_alert=True)
    await handler(update, context, lang)


async def _export(update: Update, context, lang: str) -> None:
    """Sends a JSON file of everything stored about the presser."""
    query = update.callback_query
    data = await collect(services(context).uow_factory, update.effective_user.id)
    if data is None:
        return await query.answer(text(lang, "mydata_none"), show_alert=True)
    await query.answer()
    body = json.dumps(asdict(data), ensure_ascii=False, indent=2).encode()
    await context.bot.send_document(update.effective_chat.id,
                                    InputFile(body, filename="mydata.json"),
                                    caption=text(lang, "mydata_export_caption"))


async def _ask(update: Update, context, lang: str) -> None:
    """Says what erasure does, and asks once more."""
    await update.callback_query.answer()
    await context.bot.send_message(update.effective_chat.id, text(lang, "mydata_erase_confirm"),
                                   reply_markup=keyboards.mydata_confirm(lang))


async def _erase(update: Update, context, lang: str) -> None:
    """Erases, then edits the staff copies it can, and says what could not be removed."""
    query, svc = update.callback_query, services(context)
    await query.answer()
    done = await erase(svc.uow_factory, update.effective_user.id, update.effective_chat.id,
                       datetime.now(svc.settings.tz))
    if done is None:
        return await query.edit_message_text(text(lang, "mydata_none"))
    logger.info("mydata: a resident's data erased (%d tickets)", done.tickets)
    removed = await _clean_staff_copies(context, done)
    await query.edit_message_text(text(lang, "mydata_erased", tickets=done.tickets,
                                       withdrawn=len(done.withdrawn), removed=removed,
                                       kept=len(done.relayed) - removed))


async def _keep(update: Update, context, lang: str) -> None:
    await update.callback_query.answer()
    await update.callback_query.edit_message_text(text(lang, "mydata_kept"))


async def _clean_staff_copies(context, done: Erased) -> int:
    """Edits the cards, tells the topics of withdrawn tickets, deletes relayed copies."""
    svc = services(context)
    for ticket_id in done.cards:
        await card.refresh(context, await card_view(svc.uow_factory, ticket_id))
    for ticket_id, code in done.withdrawn:
        view = await card_view(svc.uow_factory, ticket_id)
        try:
            await context.bot.send_message(svc.settings.staff_chat_id,
                                           text("zh", "staff_resident_erased", code=code),
                                           message_thread_id=view.thread_id)
        except TelegramError:
            logger.warning("mydata: topic of %s not told", code)
    removed = 0
    for message_id in done.relayed:
        try:
            removed += bool(await context.bot.delete_message(svc.settings.staff_chat_id,
                                                             message_id))
        except TelegramError:  # too old (48 h in groups) or gone already
            logger.info("mydata: a relayed copy could not be deleted")
    return removed


_VERBS = {"export": _export, "erase": _ask, "erase_yes": _erase, "keep": _keep}
