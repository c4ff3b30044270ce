"""The broadcast tick: sends due notice deliveries through the bot, at the rate limit.

Batches are claimed in the database first (``domain.notices.broadcast``) and sent
concurrently: the bot's rate limiter (``bot/rate_limit.py``), not a sleep, sets the pace.
The tick keeps sending batches while deliveries are due, so a broadcast runs without gaps
between JobQueue runs.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, Message
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut
from telegram.ext import ContextTypes

from domain.notices import broadcast
from domain.notices.broadcast import DueDelivery
from handlers import keyboards
from handlers.common import services

logger = logging.getLogger(__name__)
JOB_NAME = "notice-broadcast"
TOKEN = f"broadcast-{uuid.uuid4().hex[:12]}"  # this process's lease token
MAX_TICK_SECONDS = 60.0  # then the next JobQueue run carries on
LANES = 2  # batches in flight at once
Send = Callable[[Bot, DueDelivery], Awaitable[Message]]
_running: set[str] = set()  # the tick running in this process, if any


async def run_tick(context: ContextTypes.DEFAULT_TYPE) -> int:
    """The JobQueue callback: ``tick`` at the current time, unless one is still running."""
    if _running:
        return 0
    _running.add(JOB_NAME)
    try:
        svc = services(context)
        return await tick(context.bot, svc, now=datetime.now(svc.settings.tz))
    finally:
        _running.discard(JOB_NAME)


async def send_notice(bot: Bot, due: DueDelivery, *, paid: bool = False) -> Message:
    """The notice in the resident's language, with "report it" and "stop these" buttons.

    ``rate_limit_args=-1``: no retry inside the limiter (the database retries), and a
    paused limiter answers ``RetryAfter`` at once. ``paid``: as a paid broadcast
    (``FRONTDOOR_TELEGRAM_PAID_BROADCAST``), against its own, higher limit.
    """
    return await bot.send_message(due.telegram_user_id, due.text,
                                  reply_markup=keyboards.broadcast(due.lang, due.notice_id,
                                                                   due.topic),
                                  allow_paid_broadcast=paid or None, rate_limit_args=-1)


async def tick(bot: Bot, svc: Any, *, now: datetime, token: str = TOKEN,
               send: Send = send_notice, batch: int | None = None) -> int:
    """Settles interrupted sends, sends due deliveries until none is left, finishes notices.

    ``LANES`` loops run at once, each claiming a small batch (a tenth of a second of the
    limit unless ``batch`` says otherwise), sending it concurrently and recording it as
    soon as it is sent: the limiter always has messages waiting, and at most
    ``LANES × batch`` deliveries (a fifth of a second of the limit) are ``sending`` when
    the process dies.

    Returns:
        How many messages were sent.
    """
    factory, settings = svc.uow_factory, svc.settings
    if not await broadcast.active(factory):
        return 0
    loop = asyncio.get_running_loop()
    started = loop.time()

    def clock() -> datetime:
        return now + timedelta(seconds=loop.time() - started)

    rate = settings.telegram_overall_per_second
    if settings.telegram_paid_broadcast:
        rate = settings.telegram_paid_per_second
        if send is send_notice:
            send = functools.partial(send_notice, paid=True)
    size = batch or max(1, rate // 10)
    lease = timedelta(seconds=settings.broadcast_lease_seconds)
    await broadcast.settle_stuck(factory, now=now, token=token)
    stop = asyncio.Event()

    async def lane() -> int:
        sent = 0
        while not stop.is_set() and loop.time() - started < MAX_TICK_SECONDS:
            dues = await broadcast.collect(factory, now=clock(), token=token, limit=size,
                                           lease=lease, quiet=settings.quiet_window,
                                           tz=settings.tz)
            if not dues:
                break
            outcomes = await asyncio.gather(*(_deliver(bot, factory, due, send, clock, token)
                                              for due in dues), return_exceptions=True)
            done = [(due, o) for due, o in zip(dues, outcomes, strict=True) if isinstance(o, int)]
            await broadcast.mark_sent_many(factory, done, now=clock())
            sent += len(done)
            for outcome in outcomes:  # a bug, not Telegram: its row stays sending
                if isinstance(outcome, BaseException):
                    stop.set()
                    raise outcome
            if "later" in outcomes:  # rate limited: the rows put back wait for a later tick
                stop.set()
        return sent

    total = sum(await asyncio.gather(*(lane() for _ in range(LANES))))
    await broadcast.finish(factory, now=clock())
    return total


async def _deliver(bot: Bot, factory: Any, due: DueDelivery, send: Send, clock,
                   token: str) -> int | str:
    """Sends one delivery: its message id, or the outcome recorded (blocked, later, ...)."""
    try:
        message = await send(bot, due)
    except Forbidden as error:
        await broadcast.mark_blocked(factory, due, error=str(error))
        return "blocked"
    except RetryAfter:  # certainly not sent
        await broadcast.put_back(factory, [due], token=token)
        return "later"
    except TimedOut as error:  # it may have arrived: never resent
        logger.warning("broadcast: delivery %s timed out; uncertain", due.id)
        await broadcast.mark_uncertain(factory, due, error=str(error))
        return "uncertain"
    except (BadRequest, TelegramError) as error:
        permanent = isinstance(error, BadRequest)
        logger.info("broadcast: delivery %s failed (%s)", due.id, error)
        return await broadcast.mark_failed_or_retry(factory, due, error=str(error),
                                                    now=clock(), permanent=permanent)
    return message.message_id  # recorded with the rest of the batch
