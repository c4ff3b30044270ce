"""/status and /mytickets: the resident's tickets, and notes, photos, withdrawals on them."""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from domain import awaited
from domain.errors import DomainError
from domain.intake import yesno
from domain.mytickets import add_note, add_photo, check_access, list_tickets, withdraw
from domain.ticket_input import NAME as TICKET_INPUT
from domain.ticket_input import clear_input, expect_input, take_input
from handlers import dates, keyboards
from handlers.callback_ids import is_id
from handlers.common import language_of, services
from handlers.intake.card import problem_name
from handlers.staff import topic
from handlers.staff.common import fmt_time
from handlers.texts import text

logger = logging.getLogger(__name__)
WITHDRAW = "withdraw"  # the awaited input after "Withdraw ticket …?"
HELD = "held_photos"  # photos sent after a report of several problems, until one is chosen
MAX_HELD = 10


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lists the tickets: state, what happens next and by when; buttons for open ones."""
    svc, lang = services(context), language_of(update, context)
    views = await list_tickets(svc.uow_factory, update.effective_user.id)
    if not views:
        await update.effective_message.reply_text(text(lang, "status_none"))
        return
    lines = [text(lang, "status_header")]
    for v in views:
        nxt = ""
        if v.next_due_at:
            due = dates.when(v.next_due_at, svc.settings.tz, datetime.now(svc.settings.tz))
            nxt = text(lang, f"next_{v.waiting_for}", due=due)
        lines.append(text(lang, "status_line", code=v.code, state=text(lang, f"state_{v.status}"),
                          category=problem_name(v.category, v.problem_type, lang), next=nxt))
    markup = keyboards.tickets(lang, [(v.id, v.code, v.owned) for v in views if v.is_open][:5])
    await update.effective_message.reply_text("\n\n".join(lines), reply_markup=markup)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``tk:<verb>:<ticket id>``: checked against the database before anything happens."""
    query, svc, lang = update.callback_query, services(context), language_of(update, context)
    verb, _, arg = query.data.removeprefix("tk:").partition(":")
    user_id, chat_id, now = update.effective_user.id, update.effective_chat.id, _now(context)
    if verb not in _VERBS or not is_id(arg):
        return await query.answer(text(lang, "stale_button"), show_alert=True)
    try:
        code = await check_access(svc.uow_factory, user_id, int(arg),
                                  owner_only=verb in ("wd", "wdok"))
    except DomainError as error:
        logger.info("status: refused %s (%s)", verb, error.code)
        return await query.answer(text(lang, error.code), show_alert=True)
    await query.answer()
    await _VERBS[verb](update, context, int(arg), code, lang, chat_id, user_id, now)


async def _note(update, context, ticket_id, code, lang, chat_id, user_id, now) -> None:
    await expect_input(services(context).uow_factory, chat_id, user_id, "note", ticket_id, now=now)
    await context.bot.send_message(chat_id, text(lang, "ask_note", code=code))


async def _photo(update, context, ticket_id, code, lang, chat_id, user_id, now) -> None:
    await expect_input(services(context).uow_factory, chat_id, user_id, "photo", ticket_id, now=now)
    await context.bot.send_message(chat_id, text(lang, "ask_ticket_photo", code=code))


async def _ask_withdraw(update, context, ticket_id, code, lang, chat_id, user_id, now) -> None:
    # A typed yes or no answers it as well as the buttons (see pending_note).
    await expect_input(services(context).uow_factory, chat_id, user_id, WITHDRAW, ticket_id,
                       now=now)
    await context.bot.send_message(chat_id, text(lang, "withdraw_confirm", code=code),
                                   reply_markup=keyboards.withdraw(lang, ticket_id))


async def _withdraw(update, context, ticket_id, code, lang, chat_id, user_id, now) -> None:
    await clear_input(services(context).uow_factory, chat_id, user_id)
    await _withdraw_and_tell(update, context, ticket_id, lang, chat_id, user_id, now)


async def _withdraw_and_tell(update, context, ticket_id, lang, chat_id, user_id, now) -> None:
    """Withdraws the ticket; says so to the resident, its topic and its assignee."""
    try:
        done = await withdraw(services(context).uow_factory, user_id, ticket_id, now=now)
    except DomainError as error:
        await context.bot.send_message(chat_id, text(lang, error.code))
        return
    logger.info("status: ticket %s withdrawn", done.code)
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(text(lang, "withdrawn", code=done.code))
    else:
        await context.bot.send_message(chat_id, text(lang, "withdrawn", code=done.code))
    when = fmt_time(context, now)
    await topic.tell(context, done.ticket_id, "staff_topic_withdrawn", code=done.code, at=when)
    if done.assignee_telegram_id is not None:
        await topic.tell_assignee(context, done.assignee_telegram_id, done.ticket_id,
                                  done.thread_id, "staff_assignee_withdrawn", code=done.code,
                                  at=when)


async def _keep(update, context, ticket_id, code, lang, chat_id, user_id, now) -> None:
    await clear_input(services(context).uow_factory, chat_id, user_id)
    await update.callback_query.edit_message_text(text(lang, "withdraw_kept"))


async def _typed_withdraw(update: Update, context) -> bool:
    """A typed yes/no to "Withdraw ticket …?": True if it was one (and was acted on).

    Any other text forgets the question and goes on to be read as usual.
    """
    svc, chat_id, user_id = services(context), update.effective_chat.id, update.effective_user.id
    asked = await awaited.peek(svc.uow_factory, TICKET_INPUT, chat_id, user_id)
    if asked is None or asked.state != WITHDRAW:
        return False
    await clear_input(svc.uow_factory, chat_id, user_id)
    said = yesno.answer(update.effective_message.text or "")
    lang = language_of(update, context)
    if said == "yes":
        await _withdraw_and_tell(update, context, int(asked.data["ticket_id"]), lang, chat_id,
                                 user_id, _now(context))
    elif said == "no":
        await context.bot.send_message(chat_id, text(lang, "withdraw_kept"))
    return said is not None


async def hold_photo(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     recent: list) -> None:
    """A photo right after a report of several problems: kept, and the resident asked which.

    The photos wait (stored, so a restart keeps them) until a ticket's button is pressed;
    an album's other photos join them without asking again.
    """
    svc, lang, message = services(context), language_of(update, context), update.effective_message
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    held = await awaited.peek(svc.uow_factory, HELD, chat_id, user_id)
    files = [*(held.data.get("files", []) if held else []), message.photo[-1].file_id]
    album = message.media_group_id
    await awaited.expect(svc.uow_factory, HELD, chat_id, user_id, "which",
                         {"files": files[-MAX_HELD:], "tickets": [v.id for v in recent],
                          "album": album}, now=_now(context))
    if held is not None and album and held.data.get("album") == album:
        return
    items = [(v.id, v.code, problem_name(v.category, v.problem_type, lang)) for v in recent]
    await message.reply_text(text(lang, "photo_which_ticket", count=len(recent)),
                             reply_markup=keyboards.photo_for(items))


async def _held(update, context, ticket_id, code, lang, chat_id, user_id, now) -> None:
    """The held photos go to the ticket pressed (one of those offered; a second press: none)."""
    uow_factory = services(context).uow_factory
    held = await awaited.peek(uow_factory, HELD, chat_id, user_id)
    if held is None or ticket_id not in held.data.get("tickets", []):
        return
    held = await awaited.take(uow_factory, HELD, chat_id, user_id)
    if held is None:  # a double tap: the first took them
        return
    files = list(held.data.get("files", []))
    try:
        for file_id in files:
            await add_photo(uow_factory, user_id, ticket_id, file_id, now=now)
    except DomainError as error:
        await context.bot.send_message(chat_id, text(lang, error.code))
        return
    for file_id in files:
        await topic.show_photo(context, ticket_id, file_id, "staff_topic_photo", code=code)
    done = (text(lang, "ticket_photo_added", code=code) if len(files) == 1
            else text(lang, "ticket_photos_added", code=code, n=len(files)))
    await update.callback_query.edit_message_text(done)


_VERBS = {"note": _note, "photo": _photo, "wd": _ask_withdraw, "wdok": _withdraw, "keep": _keep,
          "held": _held}


async def pending_note(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text after "add a note": goes to that ticket, and nothing else handles it.

    A yes or no typed after "Withdraw ticket …?" answers that question.
    """
    if await _typed_withdraw(update, context):
        raise ApplicationHandlerStop
    await _pending(update, context, "note", update.effective_message.text or "")


async def pending_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo after "add a photo": goes to that ticket, and nothing else handles it.

    Several photos sent at once (an album) arrive one by one with the same media group: the
    first takes the waiting "add a photo", and it waits again for the album's others, which
    join the same ticket without another answer.
    """
    await _pending(update, context, "photo", update.effective_message.photo[-1].file_id)


async def _pending(update: Update, context, kind: str, value: str) -> None:
    svc, lang = services(context), language_of(update, context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    album = update.effective_message.media_group_id if kind == "photo" else None
    ticket_id = await take_input(svc.uow_factory, chat_id, user_id, kind)
    first = ticket_id is not None
    if ticket_id is None and album:
        ticket_id = await take_input(svc.uow_factory, chat_id, user_id, f"album:{album}")
    if ticket_id is None:
        return
    if album:  # the album's other photos follow: they go to the same ticket
        await expect_input(svc.uow_factory, chat_id, user_id, f"album:{album}", ticket_id,
                           now=_now(context))
    add = add_note if kind == "note" else add_photo
    try:
        code = await add(svc.uow_factory, user_id, ticket_id, value[:1000], now=_now(context))
    except DomainError as error:
        await update.effective_message.reply_text(text(lang, error.code))
        raise ApplicationHandlerStop from None
    if kind == "note":
        await topic.tell(context, ticket_id, "staff_topic_note", code=code, text=value[:1000])
    elif album:  # several at once: one album in the topic
        await topic.album_photo(context, ticket_id, album, value, "staff_topic_photo", code=code)
    else:
        await topic.show_photo(context, ticket_id, value, "staff_topic_photo", code=code)
    if first:  # told once, also for an album
        key = "note_added" if kind == "note" else "ticket_photo_added"
        await update.effective_message.reply_text(text(lang, key, code=code))
    raise ApplicationHandlerStop


async def forget_pending(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel also forgets a pending note or photo (the intake handler answers)."""
    await clear_input(services(context).uow_factory, update.effective_chat.id,
                      update.effective_user.id)


def _now(context) -> datetime:
    return datetime.now(services(context).settings.tz)
