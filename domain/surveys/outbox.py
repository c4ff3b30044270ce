"""The survey tick's rows: due to send, stuck in sending, due a reminder, due to expire.

Delivery is **at most once**, through the bot's outbox (``domain/outbox.py``). The tick
sets a due row ``sending`` and writes its message to the outbox in one transaction; the
outbox's sender reports back (``on_sent``, ``on_refused``, ``on_uncertain``). A message whose
send a crash or a timeout hid is never sent again: the survey becomes ``uncertain``, is
audited and shown to staff, and still accepts the resident's answer if it did arrive. Rows
left ``sending`` with a lease by the tick of an earlier release are settled the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.ports import UowFactory
from domain.surveys import (
    CANCELLED,
    EXPIRED,
    SCHEDULED,
    SENDING,
    SENT,
    UNCERTAIN,
    Timing,
)
from domain.surveys.answers import maybe_close, next_question
from domain.tickets import TicketStatus

LEASE = timedelta(minutes=10)  # longer than any send, retries included


@dataclass(frozen=True)
class DueSurvey:
    """One survey message to send: to whom, which question, with what to say."""

    id: int
    ticket_id: int
    code: str
    round: int
    question: str
    telegram_user_id: int
    lang: str
    note: str
    thread_id: int | None


async def _due(uow, survey) -> DueSurvey | None:
    ticket = await uow.tickets.get(survey.ticket_id)
    resident = await uow.residents.get(survey.resident_id)
    if resident is None or resident.telegram_user_id is None or resident.erased_at:
        return None
    return DueSurvey(survey.id, ticket.id, ticket.code, survey.round, next_question(survey) or "",
                     resident.telegram_user_id, resident.language,
                     ticket.resolution_note or "", ticket.staff_thread_id)


async def _beyond_telegram(uow, survey) -> bool:
    """A resident with no Telegram (an Open311 request nobody linked): no answer, counted."""
    resident = await uow.residents.get(survey.resident_id)
    return resident is not None and resident.telegram_user_id is None \
        and resident.erased_at is None


def _current(ticket, survey, rounds: list[int]) -> bool:
    """Still worth asking: the ticket is resolved/closed and no later cycle started."""
    done = TicketStatus(ticket.status) in (TicketStatus.RESOLVED, TicketStatus.CLOSED)
    top = max(rounds)
    return done and survey.round >= top - 1 + top % 2


async def collect_due(uow_factory: UowFactory, *, now: datetime, token: str,
                      limit: int = 50) -> list[DueSurvey]:
    """Claims due rows and marks them ``sending`` (committed before any send)."""
    async with uow_factory() as uow:
        claimed = await uow.surveys.claim_due(now=now, limit=limit, worker_token=token,
                                              lease=LEASE, statuses=[SCHEDULED],
                                              values={"status": SENDING})
        due, moot, unasked = [], [], []
        for survey in claimed:
            ticket = await uow.tickets.get(survey.ticket_id)
            rounds = [s.round for s in await uow.surveys.list_for_ticket(ticket.id)]
            item = await _due(uow, survey) if _current(ticket, survey, rounds) else None
            if item is None and _current(ticket, survey, rounds) \
                    and await _beyond_telegram(uow, survey):
                unasked.append(survey.id)
            else:
                (due.append(item) if item else moot.append(survey.id))
        await uow.surveys.release(moot, token, {"status": CANCELLED})
        await uow.surveys.release(unasked, token, {"status": EXPIRED, "expires_at": now})
        await uow.commit()
        return due


async def queued(uow_factory: UowFactory, dues: list[DueSurvey]) -> None:
    """Their messages are in the outbox: the tick's lease is let go (the outbox reports)."""
    async with uow_factory() as uow:
        for due in dues:
            survey = await uow.surveys.get(due.id)
            survey.claim_token = survey.claimed_until = None
        await uow.commit()


async def on_sent(uow, survey_id: int, *, message_id: int | None, now: datetime,
                  timing: Timing) -> None:
    """Records the delivery, with when to remind and when the survey expires."""
    survey = await uow.surveys.get(survey_id)
    if survey is not None and survey.status in (SENDING, UNCERTAIN):
        survey.status, survey.sent_at, survey.telegram_message_id = SENT, now, message_id
        survey.reminder_due_at = now + timing.remind_after
        survey.expires_at = now + timing.expire_after
        survey.claim_token = survey.claimed_until = None
        await uow.events.append(survey.ticket_id, "survey_sent", "system", at=now,
                                payload={"survey": survey.id, "round": survey.round})


async def on_refused(uow, survey_id: int, *, now: datetime) -> None:
    """The resident blocked the bot: the survey counts as no answer at once."""
    survey = await uow.surveys.get(survey_id)
    if survey is None or survey.status not in (SENDING, UNCERTAIN):
        return
    survey.status, survey.claim_token, survey.claimed_until = EXPIRED, None, None
    survey.expires_at = now
    await uow.events.append(survey.ticket_id, "survey_expired", "system", at=now,
                            payload={"survey": survey.id, "undeliverable": True})
    await maybe_close(uow, await uow.tickets.get(survey.ticket_id), now=now)


async def on_uncertain(uow, survey_id: int, *, now: datetime, timing: Timing) -> None:
    """A crash or a timeout hid whether it arrived: never resent, audited, still answerable."""
    survey = await uow.surveys.get(survey_id)
    if survey is None or survey.status != SENDING:
        return
    survey.status, survey.expires_at = UNCERTAIN, now + timing.expire_after
    survey.claim_token = survey.claimed_until = None
    await uow.events.append(survey.ticket_id, "survey_uncertain", "system", at=now,
                            payload={"survey": survey.id, "round": survey.round})


async def settle_stuck(uow_factory: UowFactory, *, now: datetime, token: str,
                       timing: Timing, limit: int = 50) -> list[DueSurvey]:
    """Rows left ``sending`` past their lease become ``uncertain`` (never resent)."""
    async with uow_factory() as uow:
        stuck = await uow.surveys.claim_due(
            now=now, limit=limit, worker_token=token, lease=LEASE, statuses=[SENDING],
            due_column="claimed_until",
            values={"status": UNCERTAIN, "expires_at": now + timing.expire_after})
        found = [d for d in [await _due(uow, s) for s in stuck] if d]
        for survey in stuck:
            await uow.events.append(survey.ticket_id, "survey_uncertain", "system", at=now,
                                    payload={"survey": survey.id, "round": survey.round})
        await uow.surveys.release([s.id for s in stuck], token)
        await uow.commit()
        return found


async def collect_reminders(uow_factory: UowFactory, *, now: datetime, token: str,
                            limit: int = 50) -> list[DueSurvey]:
    """Claims sent, unanswered surveys due their one reminder; it is marked before sending."""
    async with uow_factory() as uow:
        rows = await uow.surveys.claim_due(
            now=now, limit=limit, worker_token=token, lease=LEASE, statuses=[SENT],
            due_column="reminder_due_at", values={"reminder_due_at": None, "reminded_at": now})
        due = [d for d in [await _due(uow, s) for s in rows] if d]
        await uow.surveys.release([s.id for s in rows], token)
        await uow.commit()
        return due


async def expire_due(uow_factory: UowFactory, *, now: datetime, token: str,
                     limit: int = 200) -> int:
    """Unanswered surveys past ``expires_at`` become ``expired``: no answer, never satisfied."""
    async with uow_factory() as uow:
        rows = await uow.surveys.claim_due(
            now=now, limit=limit, worker_token=token, lease=LEASE,
            statuses=[SENT, UNCERTAIN], due_column="expires_at",
            values={"status": EXPIRED, "reminder_due_at": None})
        for survey in rows:
            await uow.events.append(survey.ticket_id, "survey_expired", "system", at=now,
                                    payload={"survey": survey.id, "round": survey.round})
        await uow.surveys.release([s.id for s in rows], token)
        for ticket_id in {s.ticket_id for s in rows}:
            await maybe_close(uow, await uow.tickets.get(ticket_id), now=now)
        await uow.commit()
        return len(rows)
