"""The card's buttons: ``staff:<verb>:<id>[:<arg>]``, every press checked on the server."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from domain.errors import DomainError
from domain.staff import actions, handoff, pending, queries
from domain.staff.actions import Done
from domain.staff.roster import find
from domain.tickets import Action
from domain.units import orders
from handlers import keyboards
from handlers.callback_ids import is_id
from handlers.common import services
from handlers.staff import card, retype
from handlers.staff import orders as staff_orders
from handlers.staff.common import lang_of, now_of, refusal
from handlers.staff.contact import send_contact
from handlers.texts import text
from nlu.problem_types import load_problem_types

logger = logging.getLogger(__name__)
_ASKS = {"resolve": (Action.RESOLVE, "staff_ask_resolve"),
         "exclude": (Action.EXCLUDE, "staff_ask_exclude"),
         "reply": (Action.REPLY, "staff_ask_reply")}


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Parses the data, runs the verb; anything malformed or refused changes nothing."""
    query = update.callback_query
    parts = (query.data or "").split(":")
    verb, args = (parts[1], parts[2:]) if len(parts) >= 3 else ("", [])
    handler = _VERBS.get(verb)
    if handler is None or not all(is_id(a) for a in args) or len(args) > 2:
        logger.warning("staff: malformed button data in update %s", update.update_id)
        return await query.answer(text(lang_of(context), "staff_stale"), show_alert=True)
    try:
        await handler(update, context, *map(int, args))
    except DomainError as error:
        return await query.answer(refusal(context, update, error, verb), show_alert=True)
    await query.answer()


async def _claim(update: Update, context, ticket_id: int) -> None:
    svc = services(context)
    done = await actions.claim(svc.uow_factory, update.effective_user.id, ticket_id,
                               now=now_of(context), update_id=update.update_id)
    await _show(context, done)
    await send_contact(context, update.effective_user, done.contact)


async def _ask(update: Update, context, ticket_id: int, kind: str) -> None:
    """Resolve, exclude, reply: checked now, then the member's next message is the text."""
    svc, user = services(context), update.effective_user
    action, prompt = _ASKS[kind]
    view = await actions.check(svc.uow_factory, user.id, ticket_id, action)
    await pending.expect(svc.uow_factory, update.effective_chat.id, user.id, kind, ticket_id,
                         now=now_of(context))
    staff = await find(svc.uow_factory, user.id)
    await context.bot.send_message(update.effective_chat.id,
                                   text(lang_of(context), prompt, name=staff.name, code=view.code),
                                   message_thread_id=view.thread_id)


async def _resolve(update, context, ticket_id: int) -> None:
    await _ask(update, context, ticket_id, "resolve")


async def _exclude(update, context, ticket_id: int) -> None:
    await _ask(update, context, ticket_id, "exclude")


async def _reply(update, context, ticket_id: int) -> None:
    await _ask(update, context, ticket_id, "reply")


async def _reopen(update: Update, context, ticket_id: int) -> None:
    done = await actions.reopen(services(context).uow_factory, update.effective_user.id,
                                ticket_id, now=now_of(context), update_id=update.update_id)
    await _show(context, done)


async def _transfer(update: Update, context, ticket_id: int) -> None:
    svc = services(context)
    view = await actions.check(svc.uow_factory, update.effective_user.id, ticket_id,
                               Action.TRANSFER)
    workers = [(s.id, s.name) for s in await actions.workers(svc.uow_factory)]
    await context.bot.send_message(
        update.effective_chat.id, text(lang_of(context), "staff_transfer_choose", code=view.code),
        message_thread_id=view.thread_id,
        reply_markup=keyboards.staff_transfer(lang_of(context), ticket_id, workers,
                                              svc.settings.departments,
                                              await orders.targets(svc.uow_factory, ticket_id),
                                              suggested_department(view.problem_type,
                                                                   svc.settings.departments)))


def suggested_department(type_id: str | None, departments: list[str]) -> str | None:
    """The configured department a ticket's problem type goes to (problem_types.yml)."""
    types = load_problem_types()
    return types.staff_department(type_id, departments) if type_id in types.ids() else None


async def _to_worker(update: Update, context, ticket_id: int, staff_id: int) -> None:
    done = await actions.transfer_to_worker(
        services(context).uow_factory, update.effective_user.id, ticket_id, staff_id,
        now=now_of(context), update_id=update.update_id)
    await _show(context, done)
    await _tell_worker(context, done)
    await update.callback_query.delete_message()


async def _to_department(update: Update, context, ticket_id: int, index: int) -> None:
    departments = services(context).settings.departments
    if index >= len(departments):
        raise actions.UnknownTarget(str(index))
    done = await actions.transfer_to_department(
        services(context).uow_factory, update.effective_user.id, ticket_id, departments[index],
        now=now_of(context), update_id=update.update_id)
    await _show(context, done)
    await update.callback_query.delete_message()


async def _dispatch(update: Update, context, ticket_id: int, unit_id: int) -> None:
    """派件: the ticket to one more unit (the menu stays for a parallel order)."""
    await staff_orders.dispatch_to(update, context, ticket_id, unit_id)


async def _card(update: Update, context, ticket_id: int) -> None:
    """A ticket found by /search: its card, with its buttons, where the button was pressed."""
    view = await queries.by_id(services(context).uow_factory, update.effective_user.id,
                               ticket_id)
    message = update.callback_query.message
    await context.bot.send_message(update.effective_chat.id, card.render(context, view),
                                   reply_markup=card.markup(context, view),
                                   message_thread_id=message.message_thread_id
                                   if message and message.is_topic_message else None)


async def _end(update: Update, context, handoff_id: int) -> None:
    ended = await handoff.end(services(context).uow_factory, update.effective_user.id,
                              handoff_id=handoff_id, now=now_of(context))
    await tell_ended(context, update, ended)


async def tell_ended(context, update: Update, ended: handoff.Ended) -> None:
    """Tells the resident and the thread that the hand-off is over."""
    staff = await find(services(context).uow_factory, update.effective_user.id)
    try:
        await context.bot.send_message(ended.resident_telegram_id,
                                       text(ended.lang, "handoff_ended"))
    except Forbidden:
        logger.info("staff: resident blocked the bot; hand-off end not delivered")
    await context.bot.send_message(update.effective_chat.id,
                                   text(lang_of(context), "handoff_ended_staff", name=staff.name),
                                   message_thread_id=ended.thread_id)


async def _show(context, done: Done) -> None:
    await card.refresh(context, done.view)


async def _tell_worker(context, done: Done) -> None:
    if done.notify_telegram_id is None:
        return
    try:
        await context.bot.send_message(done.notify_telegram_id, text(
            lang_of(context), "staff_transferred_to_you", code=done.view.code))
        await send_contact(context, None, done.contact, to=done.notify_telegram_id)
    except TelegramError:
        logger.info("staff: transferee not reachable in private for %s", done.view.code)


_VERBS = {"claim": _claim, "resolve": _resolve, "exclude": _exclude, "reply": _reply,
          "reopen": _reopen, "transfer": _transfer, "tw": _to_worker, "td": _to_department,
          "end": _end, "show": _card, "type": retype.open_menu, "tl": retype.back_to_short,
          "tp": retype.page, "ts": retype.choose, "od": _dispatch}
