"""Intake buttons (``intake:<verb>[:<arg>]``), checked before anything happens.

Callback data is user input: every press is checked against the stored draft (its step
and the tag of the prompt it was shown on, ``intake:<verb>[:<arg>]:<tag>``); a forged or
stale press is refused politely, with nothing changed.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from domain.intake import clarify
from domain.intake.draft import CATEGORY, CLARIFY, EDITABLE, JOIN, REVIEW, URGENCY, WHEN, next_step
from domain.intake.drafts import drop_draft
from handlers import keyboards
from handlers.errors import is_retry
from handlers.intake import finish
from handlers.intake.prompts import ask, confirm_key
from handlers.intake.turn import Turn
from handlers.intake.understand import choose_category, offer_for_edit, show_other_choices
from handlers.texts import text

logger = logging.getLogger(__name__)
# verb -> the step its button belongs to (None: valid whatever the step).
_STEP_OF = {"cat": CATEGORY, "cl": CLARIFY, "when": WHEN, "urg": URGENCY, "ok": REVIEW,
            "edit": REVIEW, "join": JOIN, "rm": REVIEW, "cancel": None, "resume": None,
            "drop": None}


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Checks the press, then runs the verb; refused presses change nothing."""
    query = update.callback_query
    turn = await Turn.begin(update, context)
    verb, _, arg = query.data.removeprefix("intake:").partition(":")
    tag = None  # drafts stored before tags have untagged buttons (checked by message id)
    if verb in keyboards.PROMPT_VERBS and (turn.draft is None or turn.draft.prompt_tag):
        arg, _, tag = arg.rpartition(":")  # "0:1f2e3d" -> "0", "1f2e3d"; "1f2e3d" -> "", …
    if verb == "report":
        await query.answer()
        return await ask(turn, next_step(turn.draft or finish.start_draft(turn)))
    if verb == "ok" and turn.draft is None:
        return await _already(turn, query, tag)
    if not _valid(turn, verb, arg, tag, query.message.message_id):
        logger.info("intake: refused button %s", verb)
        return await query.answer(text(turn.lang, "stale_button"), show_alert=True)
    await query.answer()
    await _VERBS[verb](turn, arg, query.message.message_id)


def _valid(turn: Turn, verb: str, arg: str, tag: str | None, message_id: int) -> bool:
    """True if the button belongs to the current draft, step and prompt."""
    draft = turn.draft
    if draft is None or verb not in _STEP_OF:
        return False
    step = _STEP_OF[verb]
    if step is None:
        return True
    if draft.step != step or not _on_prompt(draft, tag, message_id):
        return False
    return arg in _choices(turn, verb)


def _on_prompt(draft, tag: str | None, message_id: int) -> bool:
    """The press carries the current prompt's tag (or, for an untagged draft, its message)."""
    if draft.prompt_tag:
        return bool(tag) and tag == draft.prompt_tag
    return draft.prompt_id is not None and draft.prompt_id == message_id


def _choices(turn: Turn, verb: str) -> set[str]:
    """The arguments a button of ``verb`` may carry right now."""
    question = clarify.question_for(turn.draft.category)
    return {
        "cat": {str(i) for i in range(len(turn.draft.alternatives))} | {"other"},
        "cl": {str(i) for i in range(len(question.options))} if question else set(),
        "when": set(keyboards.WHEN_KEYS), "urg": set(keyboards.URGENCY_KEYS), "ok": {""},
        "edit": set(keyboards.EDIT_FIELDS), "join": {"yes", "no"},
        "rm": {str(i) for i in range(1 + len(turn.draft.extras))} if turn.draft.extras else set(),
    }[verb]


async def _already(turn: Turn, query, tag: str | None) -> None:
    """A second tap on confirm says which ticket the first tap opened.

    The same press tried again (its first try opened the ticket and then failed to say so)
    gets the full confirmation the first try could not send.
    """
    async with turn.uow_factory() as uow:
        key = confirm_key(turn.chat_id, tag, query.message.message_id)
        ticket = await uow.tickets.get_by_idempotency_key(key)
        opened = finish.opened_of(ticket) if ticket is not None else None
    if opened is None:
        return await query.answer(text(turn.lang, "stale_button"), show_alert=True)
    if is_retry():
        await query.answer()
        return await finish.say_opened(turn, opened)
    await query.answer(text(turn.lang, "already_submitted", code=opened.code))


async def _category(turn: Turn, arg: str, message_id: int) -> None:
    """Confirms a category, or shows the common ones ("other")."""
    if arg == "other":
        show_other_choices(turn.draft)
    elif not (arg.isdigit() and choose_category(turn.draft, int(arg))):
        return await ask(turn, CATEGORY)  # a button this question never offered
    await ask(turn, next_step(turn.draft))


async def _clarify(turn: Turn, arg: str, message_id: int) -> None:
    """Records the clarifying answer."""
    question = clarify.question_for(turn.draft.category)
    turn.draft.clarification[question.id] = question.options[int(arg)]
    await ask(turn, next_step(turn.draft))


async def _when(turn: Turn, arg: str, message_id: int) -> None:
    """Records the visit window in the resident's words."""
    turn.draft.visit_window = text(turn.lang, f"when_{arg}")
    await ask(turn, next_step(turn.draft))


async def _urgency(turn: Turn, arg: str, message_id: int) -> None:
    """Records the urgency."""
    turn.draft.urgency = arg
    await ask(turn, next_step(turn.draft))


async def _confirm(turn: Turn, arg: str, message_id: int) -> None:
    """Opens the ticket; the card's prompt tag makes a double tap harmless.

    The card's buttons go: it was answered (pressing them later would only say so).
    """
    await finish.confirm(turn, confirm_key(turn.chat_id, turn.draft.prompt_tag,
                                           turn.draft.prompt_id))
    await turn.context.bot.edit_message_reply_markup(turn.chat_id, message_id,
                                                     reply_markup=None)


async def _edit(turn: Turn, arg: str, message_id: int) -> None:
    """Asks for one field again; its answer leads straight back to the card."""
    turn.draft.editing = True
    if arg == "category":
        offer_for_edit(turn.draft)
    step = dict(zip(keyboards.EDIT_FIELDS, EDITABLE, strict=True))[arg]
    await ask(turn, step)


async def _join(turn: Turn, arg: str, message_id: int) -> None:
    """Joins the open ticket, or goes on to a separate report."""
    if arg == "yes":
        outcome = await finish.join(turn)
        if outcome is not None:
            await ask(turn, outcome[0], outcome[1])
        return
    turn.draft.join_ticket_id = None
    await ask(turn, REVIEW)


async def _drop_problem(turn: Turn, arg: str, message_id: int) -> None:
    """Drops one of several problems from the card (the first: the next takes its place)."""
    draft, index = turn.draft, int(arg)
    if index == 0:
        first = draft.extras.pop(0)
        draft.description, draft.category = first["description"], first.get("category")
        draft.category_confirmed, draft.clarification = bool(draft.category), {}
        draft.alternatives = [draft.category] if draft.category else []
        draft.problem_type, draft.type_level = first.get("problem_type"), first.get("type_level")
        draft.type_choices = [draft.problem_type] if draft.problem_type else []
        draft.join_checked = False
    else:
        draft.extras.pop(index - 1)
    await ask(turn, next_step(draft), "problem_dropped")


async def _cancel(turn: Turn, arg: str, message_id: int) -> None:
    """Drops the draft."""
    await finish.cancel(turn)


async def _resume(turn: Turn, arg: str, message_id: int) -> None:
    """Asks the current step again."""
    await ask(turn, turn.draft.step)


async def _drop(turn: Turn, arg: str, message_id: int) -> None:
    """Drops an idle draft."""
    await drop_draft(turn.uow_factory, turn.chat_id, turn.user_id)
    await turn.say("cancelled")


_VERBS = {"cat": _category, "cl": _clarify, "when": _when, "urg": _urgency, "ok": _confirm,
          "edit": _edit, "join": _join, "rm": _drop_problem, "cancel": _cancel,
          "resume": _resume, "drop": _drop}
