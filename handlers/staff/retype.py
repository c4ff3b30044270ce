"""The card's 🏷 button: staff choose a ticket's problem type in plain words.

``staff:type:<ticket>`` posts the short list (the types the ticket's description reads
most like, by the example guesser, and its current type); ``staff:tp:<ticket>:<page>``
pages through every type; ``staff:ts:<ticket>:<index>`` sets the type at that index of
``nlu/problem_types.yml``. Every press is checked on the server (domain/staff/retype.py).
"""

from __future__ import annotations

from telegram import Update

from domain.staff import retype
from handlers import keyboards
from handlers.common import services
from handlers.staff import card
from handlers.staff.common import lang_of, now_of
from handlers.texts import text
from nlu.problem_guess import default_guesser
from nlu.problem_types import load_problem_types

SHORT_LIST = 6


def _name(type_id: str | None, lang: str) -> str:
    types = load_problem_types()
    try:
        return types.get(type_id).name(lang) if type_id else text(lang, "staff_type_none")
    except KeyError:
        return type_id or text(lang, "staff_type_none")


def short_list(description: str, current: str | None) -> list[int]:
    """Indexes of the types to offer first: the closest to the description, not the current."""
    ids = load_problem_types().ids()
    ranked = [t for t, _ in default_guesser().rank(description, SHORT_LIST)]
    picks = [t for t in ranked if t != current][:SHORT_LIST]
    if len(picks) < SHORT_LIST:  # a description the guesser cannot read: the first types
        picks += [t for t in ids if t not in picks and t != current][:SHORT_LIST - len(picks)]
    return [ids.index(t) for t in picks]


async def open_menu(update: Update, context, ticket_id: int) -> None:
    """Posts the short list of types for the ticket in its topic."""
    lang = lang_of(context)
    ticket = await retype.for_retype(services(context).uow_factory, update.effective_user.id,
                                     ticket_id)
    words, markup = _short(lang, ticket_id, ticket)
    await context.bot.send_message(update.effective_chat.id, words, reply_markup=markup,
                                   message_thread_id=ticket.thread_id)


async def back_to_short(update: Update, context, ticket_id: int) -> None:
    """From a page of every type back to the short list, in the same message."""
    ticket = await retype.for_retype(services(context).uow_factory, update.effective_user.id,
                                     ticket_id)
    words, markup = _short(lang_of(context), ticket_id, ticket)
    await update.callback_query.edit_message_text(words, reply_markup=markup)


def _short(lang: str, ticket_id: int, ticket: retype.Typed):
    types = load_problem_types().types
    choices = [(i, types[i].name(lang))
               for i in short_list(ticket.description, ticket.problem_type)]
    words = text(lang, "staff_type_choose", code=ticket.code,
                 current=_name(ticket.problem_type, lang))
    return words, keyboards.staff_types(lang, ticket_id, choices, page=None, pages=_pages())


def _pages() -> int:
    per = keyboards.TYPES_PER_PAGE
    return (len(load_problem_types().types) + per - 1) // per


async def page(update: Update, context, ticket_id: int, number: int) -> None:
    """Shows one page of every type in the menu message."""
    lang = lang_of(context)
    ticket = await retype.for_retype(services(context).uow_factory, update.effective_user.id,
                                     ticket_id)
    types, per = load_problem_types().types, keyboards.TYPES_PER_PAGE
    number = min(number, _pages() - 1)
    choices = [(i, types[i].name(lang))
               for i in range(number * per, min(len(types), (number + 1) * per))]
    await update.callback_query.edit_message_text(
        text(lang, "staff_type_choose", code=ticket.code, current=_name(ticket.problem_type, lang)),
        reply_markup=keyboards.staff_types(lang, ticket_id, choices, page=number, pages=_pages()))


async def choose(update: Update, context, ticket_id: int, index: int) -> None:
    """Sets the type, refreshes the card, says so in the ticket's topic, drops the menu."""
    lang, types = lang_of(context), load_problem_types().types
    if index >= len(types):
        raise retype.UnknownType(str(index))
    chosen = types[index]
    svc = services(context)
    done = await retype.change_type(
        svc.uow_factory, update.effective_user.id, ticket_id,
        retype.NewType(chosen.id, chosen.leaf, chosen.level), now=now_of(context),
        update_id=update.update_id)
    await card.refresh(context, done.view)
    key = "staff_type_changed_level" if done.level_changed else "staff_type_changed"
    await context.bot.send_message(
        update.effective_chat.id,
        text(lang, key, name=done.staff.name, code=done.view.code, old=_name(done.old, lang),
             new=chosen.name(lang), level=text(lang, f"staff_urgency_{done.level}")),
        message_thread_id=done.view.thread_id)
    await update.callback_query.delete_message()
