"""The broadcast engine: a notice is sent as durable delivery rows, one per resident.

Delivery is **at most once**, through the bot's outbox (``domain/outbox.py``, kind
``notice``), as for surveys. The tick claims a small batch of deliveries, sets them
``sending`` and writes their messages to the outbox in one transaction; the outbox's
sender reports back (``on_sent``, ``on_refused``, ``on_uncertain``). A message whose send a
crash or a timeout hid makes its delivery ``uncertain`` — counted and shown, never resent.
The outbox keeps at most 30 messages in flight, so a crash hides at most that many.

A 429 says nothing was sent: the outbox sends the message later. ``Forbidden`` marks the
resident unreachable (their later deliveries are skipped as ``blocked``); another refusal
is final (``failed``). Rows an older release left ``sending`` with a lease become
``uncertain`` when it runs out (``settle_stuck``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from domain.errors import DomainError
from domain.notices.language import language_for, text_for
from domain.notices.quiet import hold_until
from domain.ports import UowFactory

# Notice statuses
DRAFT, APPROVED, SCHEDULED, RUNNING = "draft", "approved", "scheduled", "running"
PAUSED, CANCELLED, DONE = "paused", "cancelled", "done"
# Delivery statuses
PENDING, SENDING, SENT = "pending", "sending", "sent"
FAILED, BLOCKED, UNCERTAIN = "failed", "blocked", "uncertain"
FINAL = (SENT, FAILED, BLOCKED, UNCERTAIN)

LEASE = timedelta(minutes=5)  # longer than any batch, limiter waits included
MAX_ATTEMPTS = 5
BACKOFF = timedelta(seconds=30)  # doubled after each failed attempt
MAX_BACKOFF = timedelta(minutes=30)


class NotApproved(DomainError):
    """Only an approved (or scheduled, or running) notice can be sent."""

    code = "notice_not_approved"


@dataclass(frozen=True)
class DueDelivery:
    """One notice to send to one resident, with the text in their language."""

    id: int
    notice_id: int
    resident_id: int
    telegram_user_id: int
    lang: str
    text: str
    topic: str
    emergency: bool
    attempts: int


async def start(uow_factory: UowFactory, notice_id: int, resident_ids: list[int],
                now: datetime) -> int:
    """Creates the notice's deliveries (one per resident) and sets it running.

    Returns:
        How many deliveries were created (running it again adds only the missing ones).
    """
    async with uow_factory() as uow:
        notice = await uow.notices.get(notice_id)
        if notice is None or notice.status not in (APPROVED, SCHEDULED, RUNNING):
            raise NotApproved(notice_id)
        created = await uow.deliveries.add_many(notice_id, resident_ids, PENDING)
        notice.status, notice.started_at = RUNNING, notice.started_at or now
        await uow.commit()
        return created


async def active(uow_factory: UowFactory) -> bool:
    """Whether any notice is running (else the tick has nothing to do)."""
    async with uow_factory() as uow:
        return bool(await uow.notices.list_by_status([RUNNING]))


async def collect(uow_factory: UowFactory, *, now: datetime, token: str, limit: int,
                  lease: timedelta = LEASE, quiet: tuple[time, time] | None = None,
                  tz: tzinfo | None = None) -> list[DueDelivery]:
    """Claims due pending deliveries of running notices, emergencies first, as ``sending``.

    The claim is committed before any send. Residents who cannot be reached are skipped.
    Inside the ``quiet`` window (local time in ``tz``) only emergencies (and notices a
    supervisor sent anyway) are claimed; the pending deliveries of other notices wait,
    visibly, until the window ends (``hold_until``).
    """
    async with uow_factory() as uow:
        claimed = []
        for notice in await uow.notices.list_by_status([RUNNING], due_by=now):
            if len(claimed) >= limit:
                break
            wake = hold_until(now, tz, quiet, emergency=notice.emergency,
                              released=notice.quiet_released_at is not None)
            if wake > now:
                await uow.deliveries.hold_pending(notice.id, wake)
                continue
            rows = await uow.deliveries.claim_due(
                now=now, limit=limit - len(claimed), worker_token=token, lease=lease,
                statuses=[PENDING], notice_id=notice.id, values={"status": SENDING})
            claimed += [(notice, row) for row in rows]
        residents = {r.id: r for r in await uow.residents.list_by_ids(
            [row.resident_id for _, row in claimed])}
        due, blocked, gone = [], [], []
        for notice, row in claimed:
            resident = residents.get(row.resident_id)
            if resident is None or resident.erased_at or resident.telegram_user_id is None:
                gone.append(row.id)
            elif not resident.reachable:
                blocked.append(row.id)
            else:
                lang = language_for(notice, resident.language)
                body = text_for(notice, lang)
                due.append(DueDelivery(row.id, notice.id, resident.id,
                                       resident.telegram_user_id, lang, body, notice.topic,
                                       notice.emergency, row.attempts))
        await uow.deliveries.release(blocked, token, {"status": BLOCKED,
                                                      "last_error": "unreachable"})
        await uow.deliveries.release(gone, token, {"status": FAILED, "last_error": "no chat"})
        await uow.commit()
        return due


async def queued(uow_factory: UowFactory, dues: list[DueDelivery]) -> None:
    """Their messages are in the outbox: the claim's lease is let go (the outbox reports)."""
    async with uow_factory() as uow:
        await uow.deliveries.set_many([{"id": d.id, "claim_token": None, "claimed_until": None}
                                       for d in dues])
        await uow.commit()


async def on_sent(uow, delivery_id: int, *, message_id: int | None, now: datetime) -> None:
    """The outbox sent the delivery's message."""
    row = await uow.deliveries.get(delivery_id)
    if row is not None and row.status in (SENDING, UNCERTAIN):
        row.status, row.sent_at, row.telegram_message_id = SENT, now, message_id
        row.attempts += 1


async def on_refused(uow, delivery_id: int, *, error: str) -> None:
    """Telegram refused it: blocked (the resident is unreachable from now on) or failed."""
    row = await uow.deliveries.get(delivery_id)
    if row is None or row.status != SENDING:
        return
    row.attempts += 1
    row.last_error = error[:500]
    if error.lower().startswith("forbidden"):
        row.status = BLOCKED
        await uow.residents.set_reachable(row.resident_id, False)
    else:
        row.status = FAILED


async def on_uncertain(uow, delivery_id: int) -> None:
    """A crash or a timeout hid whether it arrived: ``uncertain``, never resent."""
    row = await uow.deliveries.get(delivery_id)
    if row is not None and row.status == SENDING:
        row.status, row.last_error = UNCERTAIN, "outcome unknown"


async def mark_sent(uow_factory: UowFactory, due: DueDelivery, *, message_id: int,
                    now: datetime) -> None:
    """Records that the message went out."""
    async with uow_factory() as uow:
        row = await uow.deliveries.get(due.id)
        if row.status in (SENDING, UNCERTAIN):
            row.status, row.sent_at, row.telegram_message_id = SENT, now, message_id
            row.attempts, row.claim_token, row.claimed_until = row.attempts + 1, None, None
        await uow.commit()


async def mark_sent_many(uow_factory: UowFactory, sent: list[tuple[DueDelivery, int]], *,
                         now: datetime) -> None:
    """Records a batch of sent messages (delivery, Telegram message id) in one statement."""
    async with uow_factory() as uow:
        await uow.deliveries.set_many([
            {"id": due.id, "status": SENT, "sent_at": now, "telegram_message_id": message_id,
             "attempts": due.attempts + 1, "claim_token": None, "claimed_until": None}
            for due, message_id in sent])
        await uow.commit()


async def mark_blocked(uow_factory: UowFactory, due: DueDelivery, *, error: str) -> None:
    """The resident blocked the bot: unreachable from now on, this delivery ``blocked``."""
    async with uow_factory() as uow:
        row = await uow.deliveries.get(due.id)
        row.status, row.last_error = BLOCKED, error[:500]
        row.claim_token = row.claimed_until = None
        await uow.residents.set_reachable(due.resident_id, False)
        await uow.commit()


async def mark_failed_or_retry(uow_factory: UowFactory, due: DueDelivery, *, error: str,
                               now: datetime, permanent: bool = False) -> str:
    """A send that certainly failed: retried later with backoff, or ``failed`` at the end.

    Returns:
        The delivery's new status (``pending`` or ``failed``).
    """
    async with uow_factory() as uow:
        row = await uow.deliveries.get(due.id)
        row.attempts += 1
        row.last_error, row.claim_token, row.claimed_until = error[:500], None, None
        if permanent or row.attempts >= MAX_ATTEMPTS:
            row.status = FAILED
        else:
            row.status = PENDING
            row.next_attempt_at = now + min(BACKOFF * 2 ** (row.attempts - 1), MAX_BACKOFF)
        await uow.commit()
        return row.status


async def mark_uncertain(uow_factory: UowFactory, due: DueDelivery, *, error: str) -> None:
    """The send may have arrived (e.g. it timed out): ``uncertain``, never resent."""
    async with uow_factory() as uow:
        row = await uow.deliveries.get(due.id)
        row.status, row.last_error = UNCERTAIN, error[:500]
        row.claim_token = row.claimed_until = None
        await uow.commit()


async def put_back(uow_factory: UowFactory, dues: list[DueDelivery], *, token: str) -> int:
    """Deliveries claimed but certainly not sent (Telegram said 429) wait for a later tick."""
    async with uow_factory() as uow:
        count = await uow.deliveries.release([d.id for d in dues], token, {"status": PENDING})
        await uow.commit()
        return count


async def settle_stuck(uow_factory: UowFactory, *, now: datetime, token: str,
                       limit: int = 1000) -> int:
    """Deliveries left ``sending`` past their lease become ``uncertain`` (never resent)."""
    async with uow_factory() as uow:
        stuck = await uow.deliveries.claim_due(
            now=now, limit=limit, worker_token=token, lease=LEASE, statuses=[SENDING],
            due_column="claimed_until", values={"status": UNCERTAIN})
        await uow.deliveries.release([row.id for row in stuck], token)
        await uow.commit()
        return len(stuck)


async def finish(uow_factory: UowFactory, *, now: datetime) -> list[int]:
    """Running notices with nothing pending or sending are ``done``; returns their ids."""
    async with uow_factory() as uow:
        done = []
        for notice in await uow.notices.list_by_status([RUNNING]):
            counts = await uow.deliveries.counts_by_status(notice.id)
            if not counts.get(PENDING) and not counts.get(SENDING):
                notice.status, notice.finished_at = DONE, now
                done.append(notice.id)
        await uow.commit()
        return done


async def counts(uow_factory: UowFactory, notice_id: int) -> dict[str, int]:
    """How many of the notice's deliveries are in each status."""
    async with uow_factory() as uow:
        return await uow.deliveries.counts_by_status(notice_id)


# Delivery status of a row still pending when its notice was cancelled: never sent.
CANCELLED_DELIVERY = CANCELLED
