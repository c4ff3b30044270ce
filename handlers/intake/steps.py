"""One step, one function: reads the resident's text at a step and returns the next step.

A step function returns the next step, ``(step, prefix_key)`` to ask again with a hint,
or ``None`` when the conversation ended (ticket opened or joined). Yes and no are the
plain words of ``domain.intake.yesno`` at every step, never a classifier's guess.
"""

from __future__ import annotations

from domain import outbox
from domain.intake import clarify, reading, yesno
from domain.intake.draft import (
    CATEGORY,
    CLARIFY,
    JOIN,
    PHONE,
    REVIEW,
    URGENCY,
    WHAT,
    WHEN,
    WHERE,
    next_step,
)
from domain.intake.phone import normalize_phone
from handlers.common import services
from handlers.intake import finish
from handlers.intake.card import choice_names
from handlers.intake.prompts import confirm_key, review_key
from handlers.intake.turn import Turn
from handlers.intake.understand import (
    Said,
    choose_category,
    propose_category,
    show_other_choices,
    take_problems,
    type_within_category,
)
from handlers.texts import text

_NOT_URGENT = ("不急", "不着急", "不用急", "不太急", "不紧急", "not urgent", "no rush")
_URGENT = ("急", "紧急", "尽快", "马上", "赶紧", "快点", "urgent", "asap", "quickly")
_ANYTIME = ("随时", "都行", "都可以", "随便", "什么时候都", "any time", "anytime")


async def on_what(turn: Turn, said: Said):
    """Keeps the description (one draft per problem) and proposes a category.

    A description edited from the card proposes its category again from the new words
    (from what follows "不是…，是" when it corrects itself): the category question, then
    back to the card.
    """
    draft = turn.draft
    if not draft.category_confirmed:
        await take_problems(draft, said, services(turn.context).nlu)
    elif not draft.editing:  # a category chosen before the words (a notice's 报事 button)
        draft.description = said.text
        type_within_category(draft, said.text)
    else:
        before, engine = draft.category, services(turn.context).nlu
        draft.description = said.text
        fix = reading.corrected_problem(said.text)  # "不是暖气，是门禁坏了": the right one
        propose_category(draft, await engine.parse(fix) if fix else said.result, engine)
        if draft.category != before:
            draft.clarification = {}
    return next_step(draft)


async def on_category(turn: Turn, said: Said):
    """Yes confirms the proposal; no shows other choices; a name picks one."""
    draft = turn.draft
    names = [n.lower() for n in _names(turn)]
    said_lower = said.text.lower()
    picked = next((i for i, n in enumerate(names) if said_lower in n or n in said_lower), None)
    answer = yesno.answer(said.text)
    if answer == "yes" and _proposed(draft):
        choose_category(draft, 0)
    elif answer == "no":
        show_other_choices(draft)
        return CATEGORY
    elif picked is not None and len(said.text) >= 2:
        choose_category(draft, picked)
    elif said.intent == "report_problem" and said.result.category:
        propose_category(draft, said.result, None)
        return CATEGORY
    else:
        return CATEGORY, "not_understood"
    return next_step(draft)


async def on_clarify(turn: Turn, said: Said):
    """Matches an answer's words, or keeps the resident's own words as the answer."""
    draft = turn.draft
    question = clarify.question_for(draft.category)
    option = _clarify_option(turn, said)
    draft.clarification[question.id] = option or said.text[:100]
    return next_step(draft)


def _clarify_option(turn: Turn, said: Said) -> str | None:
    """The clarifying question's option the message names, if any."""
    question = clarify.question_for(turn.draft.category)
    for option in question.options if question else ():
        label = text(turn.lang, f"clarify_{question.id}_{option}")
        if label in said.text or said.text in label:
            return option
    return None


async def on_where(turn: Turn, said: Said):
    """An address fills building/unit/room; other words name a public place."""
    draft = turn.draft
    if "address" not in said.filled:
        draft.building = draft.unit = draft.room = None
        draft.place_text = said.text[:200]
    return next_step(draft)


async def on_phone(turn: Turn, said: Said):
    """A valid phone number, or "no phone" (answered in the chat); else asked again."""
    draft = turn.draft
    if "phone" in said.filled:
        return next_step(draft)
    if reading.no_phone(said.text):
        draft.no_phone, draft.phone, draft.phone_normalized = True, None, None
        return next_step(draft)
    normalized = normalize_phone(said.text)
    if normalized is None:
        return PHONE, "phone_invalid"
    draft.phone, draft.phone_normalized, draft.no_phone = said.text.strip(), normalized, False
    return next_step(draft)


async def on_when(turn: Turn, said: Said):
    """The resident's words, whole ("明儿上午十点以后"); yes or "any time" means any time."""
    draft = turn.draft
    lowered = said.text.lower()
    if yesno.answer(said.text) == "yes" or any(w in lowered for w in _ANYTIME):
        draft.visit_window = text(turn.lang, "when_anytime")
    else:
        draft.visit_window = said.text.strip()[:100]
    return next_step(draft)


async def on_urgency(turn: Turn, said: Said):
    """Urgent or not, from words (yes = urgent); unclear text is asked again.

    A single word never makes an emergency: emergencies come from what the problem is.
    """
    lowered, answer = said.text.lower(), yesno.answer(said.text)
    if any(w in lowered for w in _NOT_URGENT) or answer == "no":
        turn.draft.urgency = "normal"
    elif any(w in lowered for w in _URGENT) or answer == "yes":
        turn.draft.urgency = "urgent"
    else:
        return URGENCY, "not_understood"
    return next_step(turn.draft)


async def on_join(turn: Turn, said: Said):
    """Yes joins the open ticket; no goes on to a separate report."""
    answer = yesno.answer(said.text)
    if answer == "yes":
        return await finish.join(turn)
    if answer == "no":
        turn.draft.join_ticket_id = None
        return REVIEW
    return JOIN, "join_not_understood"


async def on_review(turn: Turn, said: Said):
    """Only the button or a plain yes-word opens the ticket; anything else asks again."""
    answer = yesno.answer(said.text)
    if answer == "yes" and not said.filled:
        tag = turn.draft.prompt_tag
        await finish.confirm(turn, confirm_key(turn.chat_id, tag, turn.draft.prompt_id))
        card = await outbox.sent_id(turn.uow_factory, review_key(turn.chat_id, tag)) \
            if tag else None
        if card:  # the card's buttons go, as after a press of its own button
            await turn.context.bot.edit_message_reply_markup(turn.chat_id, card,
                                                             reply_markup=None)
        return None
    if said.filled:
        return next_step(turn.draft)
    return REVIEW, "review_which" if answer == "no" else "review_not_understood"


def answers_step(step: str, said: Said, turn: Turn | None = None) -> bool:
    """True if the message holds an answer to ``step``'s own question."""
    if step == WHERE:
        return bool(said.filled & {"address", "floor"})
    if step == PHONE:
        return "phone" in said.filled or reading.no_phone(said.text) \
            or normalize_phone(said.text) is not None
    if step == WHEN:
        return any(e.type == "datetime" for e in said.result.entities) \
            or yesno.answer(said.text) == "yes"
    if step == CLARIFY and turn is not None:  # "漏水，在3号楼": an option, and the place kept
        return _clarify_option(turn, said) is not None
    if step == URGENCY:
        lowered = said.text.lower()
        return any(w in lowered for w in _URGENT) or yesno.answer(said.text) is not None
    return yesno.answer(said.text) is not None


def _names(turn: Turn) -> list[str]:
    return [name.split(" · ")[-1] for name in choice_names(turn.draft, turn.lang)]


def _proposed(draft) -> bool:
    """True when the question proposes one type or category (a yes picks it)."""
    if draft.type_choices:
        return draft.problem_type == draft.type_choices[0]
    return bool(draft.category)


STEPS = {WHAT: on_what, CATEGORY: on_category, CLARIFY: on_clarify, WHERE: on_where,
         PHONE: on_phone, WHEN: on_when, URGENCY: on_urgency, JOIN: on_join, REVIEW: on_review}
