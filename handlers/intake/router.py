"""The intake router: reads the stored step of the chat and hands the message to it.

Our own router rather than PTB's ConversationHandler, so the step is committed to the
database at every turn (PTB persistence flushes only every ``update_interval``).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from domain.errors import DomainError
from domain.intake import problems, reading, yesno
from domain.intake.draft import (
    CATEGORY,
    JOIN,
    MAX_TEXT,
    REVIEW,
    URGENCY,
    WHAT,
    WHEN,
    WHERE,
    cut,
    next_step,
)
from domain.intake.drafts import add_draft_photo
from domain.intake.emergency import emergency_of
from domain.intake.phone import normalize_phone
from domain.mytickets import add_note, is_question_for_staff, just_reported, open_ones
from domain.notices.subscriptions import wants_stop
from domain.ticket_input import expect_input
from handlers import keyboards, status
from handlers.common import services
from handlers.intake import card as resident_card
from handlers.intake import finish
from handlers.intake.prompts import ask
from handlers.intake.steps import STEPS, answers_step
from handlers.intake.turn import Turn
from handlers.intake.understand import Said, apply_entities, propose_category, take_problems
from handlers.notices import subscriptions as notice_settings
from handlers.staff import topic
from handlers.texts import text

logger = logging.getLogger(__name__)
_STARTERS = frozenset({"report_problem", "correct_detail"})
_REPLIES = {"check_status": "hint_status", "thanks_goodbye": "thanks_reply"}


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text in a private chat: the step's function, or the start of a report."""
    turn = await Turn.begin(update, context)
    message = update.effective_message
    body, was_cut = cut(message.text or "")
    said = Said(body, await services(context).nlu.parse(body))
    prefix = "too_long" if was_cut else None
    draft = turn.draft
    found = emergency_of(body, said.intent, context=draft.words() if draft else "",
                         at_start=draft is None or draft.step == WHAT)
    if found is not None:
        draft = draft or finish.start_draft(turn)
        apply_entities(draft, said, now=turn.now)  # the ticket carries every detail given
        return await finish.emergency(turn, body, said.result.category, message.message_id,
                                      found)
    if said.intent == "cancel" and draft is not None and not (
            draft.step in (JOIN, CATEGORY, URGENCY) and yesno.answer(body) == "no"):
        return await finish.cancel(turn)
    if draft is None:
        return await _outside(turn, said, prefix)
    await _step(turn, said, prefix)


async def _outside(turn: Turn, said: Said, prefix: str | None) -> None:
    """No draft yet: a report starts one; other intents get a short, useful answer."""
    if said.intent == "unsubscribe_notices" or wants_stop(said.text):
        return await notice_settings.unsubscribe(turn.update, turn.context)
    if said.intent == "subscribe_notices":
        return await notice_settings.show(turn.update, turn.context)
    raw = said.result.extras.get("raw_intent", said.intent)
    # A problem inside a question, a call for a person or a thank-you starts a report too;
    # a status question about a problem already reported is answered as one.
    starts = said.intent in _STARTERS or (said.result.category is not None
                                          and raw != "check_status")
    if not starts and not any(e.type in ("address", "phone") for e in said.result.entities):
        if await _to_open_ticket(turn, said):
            return
        key = _REPLIES.get(said.intent, "hint_idle")
        await turn.say(key, keyboards.report(turn.lang) if key == "hint_idle" else None)
        return
    draft = finish.start_draft(turn)
    await take_problems(draft, said, services(turn.context).nlu)
    apply_entities(draft, said, now=turn.now)
    if draft.extras:
        prefix = prefix or "several_problems"
    await ask(turn, next_step(draft), prefix, limit=1000, n=1 + len(draft.extras))


async def _to_open_ticket(turn: Turn, said: Said) -> bool:
    """A question from a resident with one open ticket goes to its workers as a note.

    With several open, the resident is told how to write to one (/status, its 补充 button).
    """
    if not is_question_for_staff(said.text, said.intent):
        return False
    uow_factory = services(turn.context).uow_factory
    found = await open_ones(uow_factory, turn.user_id)
    if len(found) > 1:
        await turn.say("question_several_open", n=len(found))
        return True
    if not found:
        return False
    ticket = found[0]
    note = said.text[:1000]
    try:
        code = await add_note(uow_factory, turn.user_id, ticket.id, note, now=turn.now)
    except DomainError:
        return False
    await topic.tell(turn.context, ticket.id, "staff_topic_note", code=code, text=note)
    await turn.say("relayed_to_ticket", code=code)
    return True


async def _step(turn: Turn, said: Said, prefix: str | None) -> None:
    """Applies what the message says (corrections first), then the current step's function."""
    draft = turn.draft
    before = draft.to_dict()
    if draft.step != WHAT:  # an address typed at the clarifying question is kept too
        apply_entities(draft, said, now=turn.now, at_when=draft.step == WHEN)
        if not said.filled and await _corrects_problem(turn, said):
            return await ask(turn, next_step(draft), prefix or "corrected_problem",
                             limit=1000, problem=draft.description.rsplit("；", 1)[-1])
        if said.filled and draft.step != REVIEW and not answers_step(draft.step, said, turn):
            # "对的 五号院3号楼" is the place and the answer; "不对 是6号楼" corrects the place
            rest = Said(reading.without_entities(said.text, said.result.entities), said.result,
                        said.filled)
            if (not rest.text or not answers_step(draft.step, rest, turn)
                    or reading.is_correction(said.text) or yesno.answer(rest.text) == "no"):
                return await ask(turn, next_step(draft), prefix or "noted_change", limit=1000,
                                 changes=changes(turn, said))
            said, prefix = rest, prefix or "noted_change"
    outcome = await STEPS[draft.step](turn, said)
    if outcome is None:
        return
    step, hint = outcome if isinstance(outcome, tuple) else (outcome, None)
    if hint is None and step == draft.step and draft.to_dict() == before:
        hint = "not_understood"
    if hint is None and said.filled and draft.step == REVIEW:
        hint = "noted_change"
    await ask(turn, step, prefix or hint, limit=1000, changes=changes(turn, said))


async def _corrects_problem(turn: Turn, said: Said) -> bool:
    """"不是灯 是电梯坏了": the problem itself is corrected; its category is asked again.

    The first words stay in the description, the correction is added to it: nothing said
    is lost, and staff read both.
    """
    fix = reading.corrected_problem(said.text) if reading.is_correction(said.text) else None
    if fix is None:
        return False
    result = await services(turn.context).nlu.parse(fix)
    if not result.category or not (problems.names_a_problem(fix)
                                   or result.intent == "report_problem"):
        return False
    draft = turn.draft
    draft.description = f"{draft.description}；{said.text}"[:MAX_TEXT]
    draft.clarification, draft.editing = {}, False
    propose_category(draft, result, services(turn.context).nlu)
    return True


def changes(turn: Turn, said: Said) -> str:
    """What a message changed, for "好的，已记下：地点 8号楼3单元"."""
    draft, lang = turn.draft, turn.lang
    shown = {"address": lambda: resident_card.place(draft, lang),
             "floor": lambda: resident_card.place(draft, lang),
             "phone": lambda: draft.phone or "", "when": lambda: draft.visit_window or ""}
    parts = [text(lang, f"changed_{name}", value=shown[name]())
             for name in ("address", "phone", "when") if name in said.filled
             or (name == "address" and "floor" in said.filled)]
    return text(lang, "list_sep").join(parts)


async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared location is the place of the problem."""
    turn = await Turn.begin(update, context)
    location = update.effective_message.location
    draft = turn.draft or finish.start_draft(turn)
    if draft.step == WHERE:
        draft.building = draft.unit = draft.room = draft.place_text = None
    draft.latitude, draft.longitude = location.latitude, location.longitude
    await ask(turn, next_step(draft))


async def on_contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared contact (the resident's own) is the phone to call back."""
    turn = await Turn.begin(update, context)
    contact = update.effective_message.contact
    if contact.user_id not in (None, turn.user_id):
        await turn.say("hint_media")
        return
    draft = turn.draft or finish.start_draft(turn)
    draft.phone = contact.phone_number
    draft.phone_normalized = normalize_phone(contact.phone_number) or contact.phone_number
    await ask(turn, next_step(draft))


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo joins the draft (a new draft asks what it shows)."""
    turn = await Turn.begin(update, context)
    message = update.effective_message
    if turn.draft is None and not message.caption:
        recent = await just_reported(turn.uow_factory, turn.user_id, turn.now)
        if len(recent) == 1:  # a photo right after the report: it goes with the ticket
            await expect_input(turn.uow_factory, turn.chat_id, turn.user_id, "photo",
                               recent[0].id, now=turn.now)
            return await status.pending_photo(update, context)
        if recent:  # after a report of several problems: which one?
            return await status.hold_photo(update, context, recent)
    new = turn.draft is None
    draft = turn.draft or finish.start_draft(turn)
    await add_draft_photo(turn.uow_factory, turn.chat_id, turn.user_id, draft,
                          message.photo[-1].file_id, now=turn.now)
    if new or message.caption:
        if message.caption:
            said = Said(cut(message.caption)[0], await services(context).nlu.parse(message.caption))
            return await _step(turn, said, None)
        await ask(turn, WHAT)
        return
    await ask(turn, draft.step, "photo_added", n=len(draft.photos))  # and the step again


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel: drops the draft, at any step."""
    await finish.cancel(await Turn.begin(update, context))


async def on_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report: starts (or resumes) a report."""
    turn = await Turn.begin(update, context)
    await ask(turn, next_step(turn.draft or finish.start_draft(turn)))
