"""A resident's button press or comment: verified, recorded once, audited; may reopen.

The only way an answer gets in is ``answer`` with the Telegram user who pressed the button
in their own private chat; there is no staff-side service that writes an answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.deadlines import LEAD, schedule
from domain.errors import DomainError
from domain.ports import UowFactory
from domain.sla import sla_for
from domain.surveys import (
    ANSWERABLE,
    ANSWERED,
    ANSWERS,
    COMMENT,
    RECURRED,
    SATISFIED,
    SOLVED,
    first_question,
    reopens,
)
from domain.tickets import Action, TicketStatus, next_status
from storage.errors import ConcurrentUpdate
from storage.models import Survey, Ticket

FINAL = ("answered", "expired", "cancelled", "uncertain")


class NotYourSurvey(DomainError):
    """The presser is not this survey's resident, or not in their private chat."""

    code = "survey_refused"


class NotAnswerable(DomainError):
    """Already answered, expired, or a question out of turn."""

    code = "survey_closed"


@dataclass(frozen=True)
class Answered:
    """What the handler shows next and whom to tell."""

    survey_id: int
    round: int
    lang: str
    next_question: str | None  # SATISFIED, COMMENT, or None when done
    reopened: bool
    code: str
    thread_id: int | None
    card_ticket_id: int
    question: str
    value: str


def next_question(survey: Survey) -> str | None:
    """The question the resident has not answered yet."""
    first = first_question(survey.round)
    done = survey.solved if first == SOLVED else survey.recurred
    if done is None:
        return first
    if survey.satisfaction is None:
        return SATISFIED
    return COMMENT if survey.awaiting_comment else None


async def _owned(uow, survey_id: int, telegram_user_id: int, chat_id: int) -> Survey:
    survey = await uow.surveys.get(survey_id)
    resident = await uow.residents.get(survey.resident_id) if survey else None
    if resident is None or resident.telegram_user_id != telegram_user_id \
            or chat_id != telegram_user_id:
        raise NotYourSurvey(str(survey_id))
    return survey


def _store(survey: Survey, question: str, value: str) -> None:
    if question == SOLVED:
        survey.solved = value
    elif question == RECURRED:
        survey.recurred = value == "yes"
    elif question == SATISFIED:
        survey.satisfaction = value
        survey.awaiting_comment = True
    else:
        survey.awaiting_comment = False


async def _mark_latest(uow, survey: Survey) -> None:
    for other in await uow.surveys.list_for_ticket(survey.ticket_id):
        if other.resident_id == survey.resident_id:
            other.is_latest = other.id == survey.id


async def answer(uow_factory: UowFactory, *, survey_id: int, telegram_user_id: int,
                 chat_id: int, question: str, key: str, update_id: int, now: datetime,
                 lead: timedelta = LEAD) -> Answered:
    """Records one answer from the survey's own resident; raises when it is not theirs."""
    async with uow_factory() as uow:
        survey = await _owned(uow, survey_id, telegram_user_id, chat_id)
        value = ANSWERS.get(question, {}).get(key)
        ticket = await uow.tickets.get(survey.ticket_id)
        if value is not None and await _recorded_by(uow, ticket.id, survey.id, question,
                                                    update_id):
            return await _answered(uow, survey, ticket, question, value, reopened=False)
        opening = question == first_question(survey.round)
        state_ok = survey.status in ANSWERABLE if opening else survey.status == ANSWERED
        if value is None or next_question(survey) != question or not state_ok:
            raise NotAnswerable(f"{survey_id}:{question}")
        _store(survey, question, value)
        if opening:  # the round counts as answered from its first question on
            survey.status, survey.answered_at, survey.answer_update_id = ANSWERED, now, update_id
            survey.reminder_due_at = None
            await _mark_latest(uow, survey)
        await uow.events.append(ticket.id, "survey_answer", "resident", survey.resident_id,
                                payload={"survey": survey.id, "round": survey.round,
                                         "question": question, "answer": value},
                                update_id=update_id, at=now)
        reopened = reopens(question, value) and await reopen(uow, ticket, now=now, lead=lead,
                                                             survey=survey)
        if not reopened:
            await maybe_close(uow, ticket, now=now)
        result = await _answered(uow, survey, ticket, question, value, reopened)
        await _commit(uow)
        return result


async def _recorded_by(uow, ticket_id: int, survey_id: int, question: str,
                       update_id: int) -> bool:
    """True when this very press (update) already recorded this answer: a retry."""
    return any(e.update_id == update_id and (e.payload or {}).get("survey") == survey_id
               and (e.payload or {}).get("question") == question
               for e in await uow.events.list_for_ticket(ticket_id, "survey_answer"))


async def _answered(uow, survey: Survey, ticket: Ticket, question: str, value: str,
                    reopened: bool) -> Answered:
    resident = await uow.residents.get(survey.resident_id)
    return Answered(survey.id, survey.round, resident.language, next_question(survey),
                    reopened, ticket.code, ticket.staff_thread_id, ticket.id, question, value)


async def _commit(uow) -> None:
    try:
        await uow.commit()
    except ConcurrentUpdate as error:  # the ticket moved meanwhile: the press is retried
        raise NotAnswerable(str(error)) from error


async def reopen(uow, ticket: Ticket, *, now: datetime, lead: timedelta, survey: Survey) -> bool:
    """Reopens a resolved/closed ticket on the resident's word; False if already open."""
    if TicketStatus(ticket.status) not in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        return False
    ticket.status = next_status(ticket.status, Action.REOPEN).value
    ticket.resolved_at = ticket.closed_at = None
    ticket.reopened_count += 1
    ticket.resolve_due_at = now + sla_for(ticket.category, ticket.urgency).resolve
    await schedule(uow, ticket, now=now, lead=lead, respond=False)
    await uow.events.append(ticket.id, "reopened", "resident", survey.resident_id,
                            payload={"survey": survey.id, "round": survey.round}, at=now)
    return True


async def maybe_close(uow, ticket: Ticket, *, now: datetime) -> bool:
    """Closes a resolved ticket once every survey of its current cycle is final."""
    if TicketStatus(ticket.status) is not TicketStatus.RESOLVED:
        return False
    rows = await uow.surveys.list_for_ticket(ticket.id)
    top = max((s.round for s in rows), default=0)
    current = [s for s in rows if s.round >= top - 1 + top % 2]
    if not current or any(s.status not in FINAL for s in current):
        return False
    ticket.status = next_status(ticket.status, Action.CLOSE).value
    ticket.closed_at = now
    await uow.events.append(ticket.id, "closed", "system", at=now)
    return True


@dataclass(frozen=True)
class Comment:
    """A resident's free-text comment, to show in the ticket's topic."""

    code: str
    thread_id: int | None
    lang: str
    text: str
    typed_answer: bool = False  # typed while the survey waited for a button press
    ticket_id: int | None = None


async def comment(uow_factory: UowFactory, *, telegram_user_id: int, text: str,
                  update_id: int, now: datetime,
                  reads_as_report: Callable[[str], Awaitable[bool]] | None = None,
                  ) -> Comment | None:
    """Stores the text as the comment of the resident's survey awaiting one; else None.

    Text typed while a survey still waits for a button answer is kept as its comment too
    (``typed_answer``), unless ``reads_as_report(text)`` says it is a new report (which then
    starts one). That question is asked only when such a survey exists.
    """
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(telegram_user_id)
        survey = await uow.surveys.awaiting_comment(resident.id) if resident else None
        typed = False
        if survey is None and resident is not None:  # typed, not pressed?
            survey = await uow.surveys.open_for_answer(resident.id, ANSWERABLE, now)
            if survey is not None and reads_as_report is not None \
                    and await reads_as_report(text):
                survey = None
            typed = survey is not None
        if survey is None:
            return None
        if typed:  # kept as the comment too, after any earlier one
            text = f"{survey.comment}\n{text}" if survey.comment else text
        survey.comment, survey.awaiting_comment = text[:2000], False
        ticket = await uow.tickets.get(survey.ticket_id)
        await uow.events.append(ticket.id, "survey_comment", "resident", resident.id,
                                payload={"survey": survey.id, "text": text[:2000]},
                                update_id=update_id, at=now)
        await uow.commit()
        return Comment(ticket.code, ticket.staff_thread_id, resident.language, text, typed,
                       ticket.id)
