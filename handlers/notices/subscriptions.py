"""The residents' notice settings: /notices, /unsubscribe, "stop", and the notice buttons.

Buttons (``nt:<verb>[:<arg>]``) are user input: the topic must exist, a toggle must come
from a settings message, and "report it" only works for a notice the presser received.
A refused press is answered and changes nothing.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from domain.intake.draft import next_step
from domain.notices import subscriptions as subs
from domain.notices.report import NotDelivered, category_for_report
from domain.notices.topics import is_topic
from handlers import keyboards
from handlers.callback_ids import is_id
from handlers.common import language_of, services
from handlers.intake.prompts import ask
from handlers.intake.turn import Turn
from handlers.texts import text

logger = logging.getLogger(__name__)


def _person(update: Update, lang: str) -> subs.Person:
    user = update.effective_user
    return subs.Person(user.id, user.first_name, lang)


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/notices: every topic with an on/off button."""
    lang = language_of(update, context)
    states = await subs.topics_of(services(context).uow_factory, _person(update, lang))
    await context.bot.send_message(update.effective_chat.id, text(lang, "notices_title"),
                                   reply_markup=keyboards.notice_topics(lang, states))


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unsubscribe, "stop", "不要再发了": every topic off, confirmed with a way back."""
    lang = language_of(update, context)
    was_on = await subs.stop_all(services(context).uow_factory, _person(update, lang))
    logger.info("notices: user %s stopped all (%s were on)", update.effective_user.id, was_on)
    await context.bot.send_message(update.effective_chat.id, text(lang, "notices_stopped"),
                                   reply_markup=keyboards.notice_settings(lang))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs an ``nt:`` button; refuses forged or stale data politely."""
    query = update.callback_query
    verb, _, arg = query.data.removeprefix("nt:").partition(":")
    lang = language_of(update, context)
    handler = _VERBS.get(verb)
    if handler is None or not await handler(update, context, arg, lang):
        logger.info("notices: refused button %s from user %s", verb, update.effective_user.id)
        await query.answer(text(lang, "stale_button"), show_alert=True)


async def _toggle(update: Update, context, topic: str, lang: str) -> bool:
    """Flips a topic and edits the settings message in place."""
    query = update.callback_query
    if not is_topic(topic) or not _is_settings(query.message):
        return False
    states = await subs.toggle(services(context).uow_factory, _person(update, lang), topic)
    key = "notices_toggled_on" if dict(states)[topic] else "notices_toggled_off"
    await query.answer(text(lang, key, name=text(lang, f"topic_{topic}")))
    await query.edit_message_reply_markup(keyboards.notice_topics(lang, states))
    return True


async def _stop(update: Update, context, topic: str, lang: str) -> bool:
    """"Stop these" under a notice: the topic off, answered on the button."""
    if not is_topic(topic):
        return False
    await subs.turn_off(services(context).uow_factory, _person(update, lang), topic)
    await update.callback_query.answer(
        text(lang, "notices_stopped_topic", name=text(lang, f"topic_{topic}")), show_alert=True)
    return True


async def _open(update: Update, context, arg: str, lang: str) -> bool:
    """The settings button after "stop": shows the topics."""
    if arg:
        return False
    await update.callback_query.answer()
    await show(update, context)
    return True


async def _report(update: Update, context, arg: str, lang: str) -> bool:
    """"Still a problem?": intake with the notice's category already chosen."""
    if not is_id(arg):
        return False
    try:
        category = await category_for_report(services(context).uow_factory,
                                             update.effective_user.id, int(arg))
    except NotDelivered:
        return False
    await update.callback_query.answer()
    turn = await Turn.begin(update, context)
    draft = turn.draft or turn.new_draft()
    if category:
        draft.category, draft.category_confirmed = category, True
        draft.alternatives, draft.clarification = [category], {}
    await ask(turn, next_step(draft))
    return True


def _is_settings(message) -> bool:
    """True if the pressed message is a settings message (it carries ``nt:sub`` buttons)."""
    markup = getattr(message, "reply_markup", None)
    rows = markup.inline_keyboard if markup else ()
    return any((b.callback_data or "").startswith("nt:sub:") for row in rows for b in row)


_VERBS = {"sub": _toggle, "stop": _stop, "open": _open, "report": _report}
