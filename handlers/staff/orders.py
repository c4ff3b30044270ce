"""Work orders (派件) in the staff groups.

Dispatching, the order's card in its unit's group, its buttons
(``ord:<verb>:<order>[:<unit>]``, checked on the server), the dispatcher's decision on an
order sent back, and the ticket's card showing the chain.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

from telegram import Update
from telegram.ext import Application, ContextTypes

from domain import outbox
from domain.errors import DomainError
from domain.outbox import Claimed
from domain.staff import pending
from domain.staff.actions import card_view
from domain.staff.roster import find
from domain.units import orders
from domain.units.orders import Decision, OrderView, Step
from handlers import keyboards
from handlers.callback_ids import is_id
from handlers.common import services, survey_timing
from handlers.staff import card
from handlers.staff.card import staff_problem
from handlers.staff.common import fmt_time, lang_of, now_of, refusal
from handlers.staff.contact import send_contact
from handlers.staff.groups import group_or_default
from handlers.texts import text

logger = logging.getLogger(__name__)


def render(context, order: OrderView, ticket) -> str:
    """The order's card: what the unit needs, the phone never (masked on the ticket card)."""
    lang = lang_of(context)
    body = text(lang, "order_card", code=order.ticket_code, home=order.home_name or "—",
                category=staff_problem(ticket, lang), place=ticket.place,
                description=(ticket.description or "—")[:500],
                state=text(lang, f"order_state_{order.status.value}"),
                respond=fmt_time(context, order.respond_due_at),
                resolve=fmt_time(context, order.resolve_due_at), assignee=order.assignee or "—")
    if order.result:
        body += text(lang, "order_card_result", result=order.result[:500])
    if order.returned_reason:
        body += text(lang, "order_card_reason", reason=order.returned_reason[:300])
    return body


async def deliver(app: Application, row: Claimed) -> int | None:
    """The outbox's sender of an order card: opens its topic in the unit's group, posts it."""
    svc, order_id = app.bot_data["services"], int(row.params["order"])
    order = await orders.order_view(svc.uow_factory, order_id)
    if order.card_message_id is not None:
        return order.card_message_id  # posted already (a try whose outcome was lost)
    context = SimpleNamespace(application=app)
    thread = order.thread_id
    if thread is None:
        thread = await card._topic(app.bot, row.chat_id, text(
            lang_of(context), "order_topic_name", code=order.ticket_code))
        await orders.set_card(svc.uow_factory, order_id, thread_id=thread, message_id=None)
    ticket = await card_view(svc.uow_factory, order.ticket_id)
    sent = await app.bot.send_message(
        row.chat_id, render(context, order, ticket), message_thread_id=thread,
        reply_markup=keyboards.order_card(lang_of(context), order.id, order.status.value),
        rate_limit_args=card.OUTBOX_RETRIES)
    await orders.set_card(svc.uow_factory, order_id, thread_id=None, message_id=sent.message_id)
    logger.info("orders: card of order %s posted", order_id)
    return sent.message_id


async def _redraw(context, order: OrderView) -> None:
    """The order's card as the order is now, and the ticket's card with its chain."""
    svc = services(context)
    ticket = await card_view(svc.uow_factory, order.ticket_id)
    if order.card_message_id is not None:
        await context.bot.edit_message_text(
            render(context, order, ticket), group_or_default(context, order.unit_group),
            order.card_message_id,
            reply_markup=keyboards.order_card(lang_of(context), order.id, order.status.value))
    await card.refresh(context, ticket)


async def _home_says(context, order: OrderView, key: str, markup=None, **values) -> None:
    """A line in the ticket's topic, in its unit's group."""
    await context.bot.send_message(group_or_default(context, order.home_group),
                                   text(lang_of(context), key, **values),
                                   message_thread_id=order.home_thread_id, reply_markup=markup)


async def _queued(context, step: Step) -> None:
    for order in step.orders:
        if order.status is orders.OrderStatus.OPEN and order.card_message_id is None:
            chat = group_or_default(context, order.unit_group)
            if chat is not None:
                outbox.collect(outbox.order_card(chat, order.id))
                await _home_says(context, order, "order_dispatched", unit=order.unit_name,
                                 code=order.ticket_code)


async def dispatch_to(update: Update, context, ticket_id: int, unit_id: int) -> None:
    """派件 to one unit; its card goes to that unit's group."""
    step = await orders.dispatch(services(context).uow_factory, update.effective_user.id,
                                 ticket_id, [unit_id], now=now_of(context),
                                 update_id=update.update_id)
    await _queued(context, step)
    await card.refresh(context, await card_view(services(context).uow_factory, ticket_id))


async def _take(update: Update, context, order_id: int) -> None:
    step = await orders.take(services(context).uow_factory, update.effective_user.id, order_id,
                             now=now_of(context), update_id=update.update_id)
    await _redraw(context, step.orders[0])
    await send_contact(context, update.effective_user, step.contact)  # privately


async def _ask(update: Update, context, order_id: int, kind: str) -> None:
    """Done, send back: checked now, then the member's next message is the text."""
    svc, user = services(context), update.effective_user
    order = await orders.check(svc.uow_factory, user.id, order_id)
    await pending.expect(svc.uow_factory, update.effective_chat.id, user.id, kind, order_id,
                         now=now_of(context))
    staff = await find(svc.uow_factory, user.id)
    key = "order_ask_done" if kind == "order_done" else "order_ask_back"
    await context.bot.send_message(update.effective_chat.id,
                                   text(lang_of(context), key, name=staff.name,
                                        code=order.ticket_code),
                                   message_thread_id=order.thread_id)


async def complete(update: Update, context, kind: str, order_id: int, body: str) -> None:
    """The result of a finished order, or the reason an order is sent back."""
    svc, user = services(context), update.effective_user
    if kind == "order_done":
        step = await orders.finish(svc.uow_factory, user.id, order_id, body, now=now_of(context),
                                   update_id=update.update_id, timing=survey_timing(svc.settings))
        order = step.orders[0]
        await _home_says(context, order, "order_done_notice", unit=order.unit_name,
                         code=order.ticket_code, result=(order.result or "")[:500])
    else:
        step = await orders.send_back(svc.uow_factory, user.id, order_id, body,
                                      now=now_of(context), update_id=update.update_id)
        order = step.orders[0]
        await _home_says(context, order, "order_returned_notice",
                         keyboards.order_decision(lang_of(context), order.id),
                         unit=order.unit_name, code=order.ticket_code,
                         reason=(order.returned_reason or "")[:500])
    logger.info("orders: order %s %s", order_id, order.status.value)
    await _redraw(context, order)


async def _decide(update: Update, context, order_id: int, decision: Decision,
                  to_unit: int | None = None) -> None:
    svc = services(context)
    step = await orders.decide(svc.uow_factory, update.effective_user.id, order_id, decision,
                               now=now_of(context), to_unit=to_unit, update_id=update.update_id,
                               timing=survey_timing(svc.settings))
    await _redraw(context, step.orders[0])
    await _queued(context, step)
    await update.callback_query.edit_message_reply_markup(None)


async def _redispatch_menu(update: Update, context, order_id: int) -> None:
    svc = services(context)
    order = await orders.order_view(svc.uow_factory, order_id)
    units = [u for u in await orders.targets(svc.uow_factory, order.ticket_id)
             if u[0] != order.unit_id]
    await context.bot.send_message(
        update.effective_chat.id,
        text(lang_of(context), "order_redispatch_choose", code=order.ticket_code),
        message_thread_id=order.home_thread_id,
        reply_markup=keyboards.order_units(lang_of(context), order_id, units))


_VERBS = {
    "take": _take,
    "done": lambda u, c, o: _ask(u, c, o, "order_done"),
    "back": lambda u, c, o: _ask(u, c, o, "order_back"),
    "keep": lambda u, c, o: _decide(u, c, o, Decision.KEEP),
    "close": lambda u, c, o: _decide(u, c, o, Decision.CLOSE),
    "redispatch": _redispatch_menu,
    "to": lambda u, c, o, unit: _decide(u, c, o, Decision.REDISPATCH, unit),
}
_ARGS = {"to": 2}


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Parses ``ord:<verb>:<order>[:<unit>]``; anything malformed or refused changes nothing."""
    query = update.callback_query
    parts = (query.data or "").split(":")
    verb, args = (parts[1], parts[2:]) if len(parts) >= 3 else ("", [])
    handler = _VERBS.get(verb)
    if handler is None or len(args) != _ARGS.get(verb, 1) or not all(is_id(a) for a in args):
        logger.warning("orders: malformed button data in update %s", update.update_id)
        return await query.answer(text(lang_of(context), "staff_stale"), show_alert=True)
    try:
        await handler(update, context, *map(int, args))
    except DomainError as error:
        return await query.answer(refusal(context, update, error, f"order {verb}"),
                                  show_alert=True)
    await query.answer()
