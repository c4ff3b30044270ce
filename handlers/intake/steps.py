"""One step, one function: reads the resident's text at a step and returns the next step.

A step function returns the next step, ``(step, prefix_key)`` to ask again with a hint,
or ``None`` when the conversation ended (ticket opened or joined).
"""

from __future__ import annotations

from domain import outbox
from domain.intake import clarify
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
from handlers.intake.card import category_name
from handlers.intake.prompts import confirm_key, review_key
from handlers.intake.turn import Turn
from handlers.intake.understand import Said, choose_category, propose_category, show_other_choices
from handlers.texts import text

_URGENT = ("急", "urgent", "尽快", "马上", "asap")
_NOT_URGENT = ("不急", "不着急", "not urgent", "no rush", "不太急")


async def on_what(turn: Turn, said: Said):
    """Keeps the description and proposes a category."""
    draft = turn.draft
    draft.description = said.text
    if not draft.category_confirmed:
        propose_category(draft, said.result, services(turn.context).nlu)
    return next_step(draft)


async def on_category(turn: Turn, said: Said):
    """Yes confirms the proposal; no shows other choices; a name picks one."""
    draft = turn.draft
    names = [n.lower() for n in _names(turn)]
    said_lower = said.text.lower()
    picked = next((i for i, n in enumerate(names) if said_lower in n or n in said_lower), None)
    if said.intent == "affirm" and draft.category:
        choose_category(draft, 0)
    elif said.intent == "deny":
        show_other_choices(draft)
        return CATEGORY
    elif picked is not None and len(said.text) >= 2:
        choose_category(draft, picked)
    elif said.filled:  # a correction of another field: ask the category again
        return CATEGORY
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
    for option in question.options:
        label = text(turn.lang, f"clarify_{question.id}_{option}")
        if label in said.text or said.text in label:
            draft.clarification[question.id] = option
            return next_step(draft)
    draft.clarification[question.id] = said.text[:100]
    return next_step(draft)


async def on_where(turn: Turn, said: Said):
    """An address fills building/unit/room; other words name a public place."""
    draft = turn.draft
    if "address" not in said.filled:
        draft.building = draft.unit = draft.room = None
        draft.place_text = said.text[:200]
    return next_step(draft)


async def on_phone(turn: Turn, said: Said):
    """A valid phone number moves on; anything else is asked again with a hint."""
    draft = turn.draft
    if "phone" not in said.filled:
        normalized = normalize_phone(said.text)
        if normalized is None:
            return PHONE, "phone_invalid"
        draft.phone, draft.phone_normalized = said.text.strip(), normalized
    return next_step(draft)


async def on_when(turn: Turn, said: Said):
    """Any words name a visit window ("yes" means any time)."""
    draft = turn.draft
    if "when" not in said.filled:
        key = "when_anytime" if said.intent == "affirm" else None
        draft.visit_window = text(turn.lang, key) if key else said.text[:100]
    return next_step(draft)


async def on_urgency(turn: Turn, said: Said):
    """Urgent or not, from words; unclear text is asked again."""
    lowered = said.text.lower()
    if any(w in lowered for w in _NOT_URGENT) or said.intent == "deny":
        turn.draft.urgency = "normal"
    elif any(w in lowered for w in _URGENT) or said.intent == "affirm":
        turn.draft.urgency = "urgent"
    else:
        return URGENCY, "not_understood"
    return next_step(turn.draft)


async def on_join(turn: Turn, said: Said):
    """Yes joins the open ticket; no goes on to a separate report."""
    if said.intent == "affirm":
        return await finish.join(turn)
    if said.intent == "deny":
        turn.draft.join_ticket_id = None
        return REVIEW
    return JOIN, "not_understood"


async def on_review(turn: Turn, said: Said):
    """Yes opens the ticket; a correction shows the card again."""
    if said.intent == "affirm" and not said.filled:
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
    return REVIEW, "not_understood"


def _names(turn: Turn) -> list[str]:
    return [category_name(p, turn.lang).split(" · ")[-1] for p in turn.draft.alternatives]


STEPS = {WHAT: on_what, CATEGORY: on_category, CLARIFY: on_clarify, WHERE: on_where,
         PHONE: on_phone, WHEN: on_when, URGENCY: on_urgency, JOIN: on_join, REVIEW: on_review}
