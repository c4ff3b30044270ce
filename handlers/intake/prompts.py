"""Asking for a step: the question, its buttons, and the stored step (one message)."""

from __future__ import annotations

import hashlib
import secrets

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
    Draft,
)
from domain.intake.drafts import last_address
from domain.intake.opening import find_joinable
from handlers import keyboards
from handlers.intake import card
from handlers.intake.turn import Turn
from handlers.texts import text


async def ask(turn: Turn, step: str, prefix: str | None = None, **values: object) -> str:
    """Sends the question of ``step`` (after an optional prefix text) and stores the step."""
    draft = turn.draft
    if step == REVIEW and not draft.join_checked:
        step = await _join_or_review(turn)
    body, markup = await _PROMPTS[step](turn, draft)
    if prefix:
        body = f"{text(turn.lang, prefix, **values)}\n{body}"
    if advice := _new_advice(draft):  # an urgent problem: what to do now, said once
        body = f"{card.advice(turn.lang, advice, emergency=False)}\n\n{body}"
    draft.step = step
    if step == REVIEW:
        draft.editing = False
    draft.prompt_tag, draft.prompt_id = new_prompt_tag(), None
    await turn.save()  # the step and its buttons' tag are durable before the question is seen
    await turn.context.bot.send_message(turn.chat_id, body,
                                        reply_markup=keyboards.tag_prompt(markup, draft.prompt_tag))
    if step == REVIEW:  # found again to take its buttons away once confirmed (typed "yes")
        outbox.tag_last(key=review_key(turn.chat_id, draft.prompt_tag))
    return step


def _new_advice(draft: Draft) -> list[str]:
    """Urgency rules that fired since the last question (remembered as advised)."""
    fired = [*draft.assessment().rules,
             *(r for i in range(len(draft.extras)) for r in draft.extra_assessment(i).rules)]
    new = [r for r in dict.fromkeys(fired) if r not in draft.advised]
    draft.advised.extend(new)
    return new


def review_key(chat_id: int, tag: str) -> str:
    """The outbox key of the read-back card shown with ``tag``.

    Hashed: a sent row to a resident keeps no trace of whose chat it was (``outbox._forget``).
    """
    return "review:" + hashlib.sha256(f"{chat_id}:{tag}".encode()).hexdigest()[:24]


def new_prompt_tag() -> str:
    """A short random tag for one prompt's buttons (6 hex digits; data stays under 64 bytes)."""
    return secrets.token_hex(3)


def confirm_key(chat_id: int, tag: str | None, message_id: int | None = None) -> str:
    """The idempotency key of confirming the card shown with ``tag``.

    A tap on the card and a typed "yes" to it give the same key, so one card opens one
    ticket. Drafts stored before tags (no ``tag``) keep the card's message id.
    """
    return f"intake:{chat_id}:t{tag}" if tag else f"intake:{chat_id}:{message_id}"


async def _join_or_review(turn: Turn) -> str:
    """JOIN when an open ticket of the same kind exists in the building, else REVIEW."""
    draft = turn.draft
    draft.join_checked = True
    days = turn.settings.joint_report_days
    found = await find_joinable(turn.uow_factory, draft, now=turn.now, days=days) if days else None
    if found is None:
        return REVIEW
    draft.join_ticket_id, draft.join_code = found
    return JOIN


async def _what(turn: Turn, draft: Draft):
    return text(turn.lang, "ask_what"), None


async def _category(turn: Turn, draft: Draft):
    names = card.choice_names(draft, turn.lang)
    proposed = draft.problem_type == draft.type_choices[0] if draft.type_choices else (
        draft.category and draft.alternatives and draft.alternatives[0] == draft.category)
    if proposed:
        body = text(turn.lang, "ask_category", category=names[0])
        return body, keyboards.categories(turn.lang, names, with_yes=True)
    return text(turn.lang, "ask_category_other"), keyboards.categories(turn.lang, names, False)


async def _clarify(turn: Turn, draft: Draft):
    question = clarify.question_for(draft.category)
    return (text(turn.lang, f"clarify_{question.id}"),
            keyboards.clarify(turn.lang, question.id, question.options))


async def _where(turn: Turn, draft: Draft):
    last = await last_address(turn.uow_factory, turn.user_id)
    shown = card.address(Draft(**last)) if last else None
    return text(turn.lang, "ask_where"), keyboards.where(turn.lang, shown)


async def _phone(turn: Turn, draft: Draft):
    return text(turn.lang, "ask_phone"), keyboards.phone(turn.lang)


async def _when(turn: Turn, draft: Draft):
    return text(turn.lang, "ask_when"), keyboards.when(turn.lang)


async def _urgency(turn: Turn, draft: Draft):
    return text(turn.lang, "ask_urgency"), keyboards.urgency(turn.lang)


async def _join(turn: Turn, draft: Draft):
    return text(turn.lang, "join_offer", code=draft.join_code), keyboards.join(turn.lang)


async def _review(turn: Turn, draft: Draft):
    return card.card(draft, turn.lang), keyboards.card(turn.lang, 1 + len(draft.extras))


_PROMPTS = {WHAT: _what, CATEGORY: _category, CLARIFY: _clarify, WHERE: _where,
            PHONE: _phone, WHEN: _when, URGENCY: _urgency, JOIN: _join, REVIEW: _review}
