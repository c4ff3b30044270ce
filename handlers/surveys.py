"""The callback surveys in Telegram: the tick that sends them, the buttons, the comment.

Callback data is ``sv:<survey id>:<question>:<answer>``; every press is checked on the
server by ``domain.surveys.answers.answer`` (the survey's own resident, in their own
private chat). Staff have no button or command that writes an answer.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from telegram import Bot, Message, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from domain.errors import DomainError
from domain.outbox import staged, tag_last
from domain.privacy import for_staff
from domain.staff.actions import card_view
from domain.surveys import COMMENT, SATISFIED, outbox
from domain.surveys.answers import Answered, answer, comment
from domain.surveys.outbox import DueSurvey
from domain.units.routing import ticket_group
from handlers import keyboards
from handlers.callback_ids import is_id
from handlers.common import services, survey_timing
from handlers.staff import card
from handlers.texts import text

logger = logging.getLogger(__name__)
JOB_NAME = "survey-callbacks"
TOKEN = f"survey-{uuid.uuid4().hex[:12]}"  # this process's lease token
Send = Callable[[Bot, DueSurvey], Awaitable[Message]]


async def run_tick(context: ContextTypes.DEFAULT_TYPE) -> int:
    """The JobQueue callback: ``tick`` at the current time."""
    svc = services(context)
    return await tick(context.bot, svc, now=datetime.now(svc.settings.tz))


async def send_survey(bot: Bot, due: DueSurvey) -> Message:
    """The first message of a round: the result notice (or the recurrence question)."""
    key = "survey_notice" if due.round % 2 else "survey_recurrence"
    return await bot.send_message(due.telegram_user_id,
                                  text(due.lang, key, code=due.code, note=due.note[:1500]),
                                  reply_markup=keyboards.survey(due.lang, due.id, due.question))


async def tick(bot: Bot, svc: Any, *, now: datetime, token: str = TOKEN,
               send: Send = send_survey) -> int:
    """Writes due surveys and reminders to the outbox; returns how many surveys.

    Their rows' new state and the messages are one transaction. Also settles sends an older
    release left hanging, and expires.
    """
    async with staged(svc.transaction, svc.uow_factory, kind="survey",
                      written=svc.outbox_written):
        return await _tick(bot, svc, now=now, token=token, send=send)


async def _tick(bot: Bot, svc: Any, *, now: datetime, token: str, send: Send) -> int:
    factory, timing = svc.uow_factory, survey_timing(svc.settings)
    for due in await outbox.settle_stuck(factory, now=now, token=token, timing=timing):
        await _to_staff(bot, svc, due.ticket_id, due.thread_id, text(svc.settings.default_language,
                        "staff_survey_uncertain", code=due.code, round=due.round))
    dues = await outbox.collect_due(factory, now=now, token=token)
    for due in dues:
        await send(bot, due)
        tag_last(hook={"survey": due.id, "code": due.code, "round": due.round,
                       "thread": due.thread_id})
    await outbox.queued(factory, dues)
    for due in await outbox.collect_reminders(factory, now=now, token=token):
        await _remind(bot, due)
    await outbox.expire_due(factory, now=now, token=token)
    return len(dues)


async def _remind(bot: Bot, due: DueSurvey) -> None:
    if not due.question:
        return
    await bot.send_message(due.telegram_user_id, text(due.lang, "survey_reminder", code=due.code),
                           reply_markup=keyboards.survey(due.lang, due.id, due.question))
    tag_last(kind="survey_reminder")


async def _to_staff(bot: Bot, svc: Any, ticket_id: int | None, thread_id: int | None,
                    body: str) -> None:
    """Into the ticket's topic, in its unit's staff group."""
    own = await ticket_group(svc.uow_factory, ticket_id) if ticket_id is not None else None
    chat_id = own if own is not None else svc.settings.staff_chat_id
    if chat_id is None:
        return
    try:
        await bot.send_message(chat_id, body, message_thread_id=thread_id)
    except TelegramError:
        logger.warning("surveys: staff notice not posted", exc_info=True)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Records the presser's answer if the survey is theirs; otherwise changes nothing."""
    query, svc = update.callback_query, services(context)
    parts = (query.data or "").split(":")
    lang = svc.settings.default_language
    if len(parts) != 4 or not is_id(parts[1]):
        return await query.answer(text(lang, "survey_closed"), show_alert=True)
    try:
        done = await answer(svc.uow_factory, survey_id=int(parts[1]),
                            telegram_user_id=update.effective_user.id,
                            chat_id=update.effective_chat.id, question=parts[2], key=parts[3],
                            update_id=update.update_id, now=datetime.now(svc.settings.tz))
    except DomainError as error:
        logger.warning("surveys: refused press by user %s in update %s (%s)",
                       update.effective_user.id, update.update_id, error.code)
        return await query.answer(text(lang, error.code), show_alert=True)
    await query.answer()
    await _show_next(update, context, done)
    if done.reopened:
        await _reopened(update, context, done)


async def _show_next(update: Update, context, done: Answered) -> None:
    """Edits the survey message to show the answer and the next question."""
    query, lang = update.callback_query, done.lang
    said = text(lang, "survey_you_said",
                answer=text(lang, f"survey_answer_{done.question}_{done.value}"))
    body = f"{query.message.text}\n\n{said}"
    if done.next_question == SATISFIED:
        await query.edit_message_text(f"{body}\n\n{text(lang, 'survey_q_f')}",
                                      reply_markup=keyboards.survey(lang, done.survey_id,
                                                                    SATISFIED))
        return
    await query.edit_message_text(body)
    if done.next_question == COMMENT:
        await context.bot.send_message(update.effective_chat.id, text(lang, "survey_q_c"),
                                       reply_markup=keyboards.survey(lang, done.survey_id,
                                                                     COMMENT))
    elif done.question == COMMENT:
        await context.bot.send_message(update.effective_chat.id, text(lang, "survey_thanks"))


async def _reopened(update: Update, context, done: Answered) -> None:
    """Tells the resident, edits the card and writes in the ticket's topic."""
    svc = services(context)
    staff_lang = svc.settings.default_language
    await context.bot.send_message(update.effective_chat.id,
                                   text(done.lang, "survey_reopened", code=done.code))
    await card.refresh(context, await card_view(svc.uow_factory, done.card_ticket_id))
    said = text(staff_lang, f"survey_answer_{done.question}_{done.value}")
    await _to_staff(context.bot, svc, done.card_ticket_id, done.thread_id, text(
        staff_lang, "staff_survey_reopened", code=done.code, round=done.round, answer=said))


async def on_comment(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A resident's text right after a survey is its comment (then nothing else runs)."""
    svc, message = services(context), update.effective_message
    body = (message.text or "").strip()

    async def reads_as_report(words: str) -> bool:  # asked only while a survey waits
        said = await svc.nlu.parse(words[:500])
        return said.intent in ("report_problem", "correct_detail") and said.category is not None

    got = await comment(svc.uow_factory, telegram_user_id=update.effective_user.id,
                        text=body, update_id=update.update_id,
                        now=datetime.now(svc.settings.tz), reads_as_report=reads_as_report)
    if got is None:
        return
    await message.reply_text(text(got.lang, "survey_typed_reply" if got.typed_answer
                                  else "survey_comment_thanks"))
    await _to_staff(context.bot, svc, got.ticket_id, got.thread_id, text(
        svc.settings.default_language, "staff_survey_comment", code=got.code,
        text=for_staff(got.text[:2000])))
    raise ApplicationHandlerStop
